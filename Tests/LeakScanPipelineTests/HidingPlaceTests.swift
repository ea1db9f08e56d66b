import Foundation
import LeakScanDetection
import LeakScanPipeline
import LeakScanRules
import Testing

/// One end-to-end test per place a leak hides: each plants an identifier, scans the input
/// through the whole pipeline, and checks the incident's rule and location.
@Suite struct HidingPlaceTests {
    static let nino = "AB 12 34 56 C"

    func temporaryDirectory() throws -> String {
        let path = NSTemporaryDirectory() + "leakscan-hide-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    func write(_ bytes: [UInt8], to path: String) throws {
        try FileManager.default.createDirectory(
            atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try Data(bytes).write(to: URL(fileURLWithPath: path))
    }

    /// Scans `paths` and returns each incident as a JSON object.
    func incidents(_ paths: [String], detector: Detector = detector) -> [[String: Any]] {
        incidentsAndSummary(paths, jobs: 2, detector: detector).incidents
    }

    /// Scans `paths`: each incident as a JSON object, and the summary.
    func incidentsAndSummary(_ paths: [String], jobs: Int = 1, detector: Detector = detector) -> (
        incidents: [[String: Any]], summary: ScanSummary
    ) {
        let (collector, summary) = scan(paths, jobs: jobs, detector: detector)
        let incidents = String(decoding: collector.output, as: UTF8.self).split(separator: "\n").compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
        return (incidents, summary)
    }

    func expectIncident(_ found: [[String: Any]], rule: String, location: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let match = found.contains { $0["rule"] as? String == rule && $0["location"] as? String == location }
        #expect(
            match, "no \(rule) at \(location) in \(found.map { "\($0["rule"] ?? "")@\($0["location"] ?? "")" })",
            sourceLocation: sourceLocation)
    }

    static func message(headers: String, body: String) -> [UInt8] {
        Array("From a@b Mon Jan  1 00:00:00 2001\nFrom: x@met.example\nMessage-ID: <m@x>\n\(headers)\n\n\(body)\n".utf8)
    }

    @Test func base64Body() throws {
        let encoded = Data("Payroll: NI \(Self.nino) thanks".utf8).base64EncodedString(options: .lineLength64Characters)
        let path = try temporaryDirectory() + "/a.mbox"
        try write(
            Self.message(headers: "Subject: hi\nContent-Type: text/plain\nContent-Transfer-Encoding: base64", body: encoded), to: path)
        expectIncident(incidents([path]), rule: "uk-nino", location: "body")
    }

    @Test func quotedPrintableSoftBreakInsideTheNumber() throws {
        let path = try temporaryDirectory() + "/a.mbox"
        try write(
            Self.message(
                headers: "Subject: hotel\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: quoted-printable",
                body: "use card 4111 1111 11=\n11 1111 please"), to: path)
        expectIncident(incidents([path]), rule: "payment-card", location: "body")
    }

    @Test func encodedWordSubject() throws {
        let word = "=?UTF-8?B?" + Data("NI \(Self.nino)".utf8).base64EncodedString() + "?="
        let path = try temporaryDirectory() + "/a.mbox"
        try write(Self.message(headers: "Subject: \(word)", body: "see subject"), to: path)
        expectIncident(incidents([path]), rule: "uk-nino", location: "subject")
    }

    @Test func htmlSplitByTagsAndEntities() throws {
        let html = "<p><i>OFFICIAL-SEN</i>SITIVE</p><p>NI &#65;B 12 34 56 C</p>"
        let path = try temporaryDirectory() + "/a.mbox"
        try write(Self.message(headers: "Subject: x\nContent-Type: text/html; charset=us-ascii", body: html), to: path)
        let found = incidents([path])
        expectIncident(found, rule: "marking-official-sensitive", location: "body")
        expectIncident(found, rule: "uk-nino", location: "body")
    }

    @Test func windows1252Body() throws {
        // "Café — NI AB 12 34 56 C" with cp1252's é (0xE9) and em dash (0x97); \u{93}…\u{94} quotes
        // (around two words: one quoted word is a mention, not a use).
        var body: [UInt8] = Array("Caf".utf8) + [0xE9, 0x20, 0x97, 0x20, 0x93]
        body += Array("f*cking hell".utf8) + [0x94, 0x20] + Array("NI \(Self.nino)".utf8)
        let path = try temporaryDirectory() + "/a.mbox"
        try write(Self.message(headers: "Subject: x\nContent-Type: text/plain; charset=windows-1252", body: "") + body + [0x0A], to: path)
        let found = incidents([path])
        expectIncident(found, rule: "uk-nino", location: "body")
        expectIncident(found, rule: "profanity", location: "body")
        #expect(found.contains { ($0["excerpt"] as? String)?.contains("Café — “") == true })
    }

    @Test func forwardedMessage() throws {
        let inner = "From: y@z\nSubject: fwd\n\ncard 4111 1111 1111 1111\n"
        let body = "--b\nContent-Type: text/plain\n\nsee below\n--b\nContent-Type: message/rfc822\n\n\(inner)--b--"
        let path = try temporaryDirectory() + "/a.mbox"
        try write(Self.message(headers: "Subject: x\nContent-Type: multipart/mixed; boundary=b", body: body), to: path)
        expectIncident(incidents([path]), rule: "payment-card", location: "2/body")
    }

    @Test func attachmentNamedAfterTheLogo() throws {
        let image = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]).base64EncodedString()
        let body =
            "--b\nContent-Type: text/plain\n\nhi\n--b\nContent-Type: image/png\nContent-Disposition: attachment; filename*=UTF-8''MPS%5Flogo.png\nContent-Transfer-Encoding: base64\n\n\(image)\n--b--"
        let path = try temporaryDirectory() + "/a.mbox"
        try write(Self.message(headers: "Subject: x\nContent-Type: multipart/mixed; boundary=b", body: body), to: path)
        let found = incidents([path])
        expectIncident(found, rule: "logo-file-name", location: "MPS_logo.png")
        let attachment = try #require(found.first { $0["rule"] as? String == "logo-file-name" }?["attachment"] as? [String: Any])
        #expect(attachment["size"] as? Int == 8)
        #expect(attachment["type"] as? String == "image/png")
        #expect((attachment["sha256"] as? String)?.count == 64)
    }

    @Test func gzippedMbox() throws {
        let directory = try temporaryDirectory()
        try write(Self.message(headers: "Subject: x", body: "NI \(Self.nino)"), to: directory + "/a.mbox")
        let gzip = Process()
        gzip.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        gzip.arguments = ["gzip", directory + "/a.mbox"]
        try gzip.run()
        gzip.waitUntilExit()
        let found = incidents([directory + "/a.mbox.gz"])
        expectIncident(found, rule: "uk-nino", location: "body")
        #expect(found.first?["source"] as? String == directory + "/a.mbox.gz")
    }

    @Test func maildirSkipsTmp() throws {
        let maildir = try temporaryDirectory() + "/Mail"
        let message = Array("From: x@y\nSubject: s\n\nNI \(Self.nino)\n".utf8)
        try write(message, to: maildir + "/cur/1234.host:2,S")
        try write(Array("From: x@y\nSubject: s\n\ncard 4111 1111 1111 1111\n".utf8), to: maildir + "/new/1235.host")
        try write(Array("From: x@y\nSubject: s\n\nPassword: hunter2hunter2\n".utf8), to: maildir + "/tmp/1236.host")
        let found = incidents([maildir])
        expectIncident(found, rule: "uk-nino", location: "body")
        expectIncident(found, rule: "payment-card", location: "body")
        #expect(!found.contains { $0["rule"] as? String == "credential-password" })
    }

    @Test func twitterArchive() throws {
        let path = try temporaryDirectory() + "/tweets.js"
        let js =
            "window.YTD.tweets.part0 = [ {\n \"tweet\" : {\n \"id_str\" : \"42\",\n \"full_text\" : \"NI \(Self.nino) lol\",\n \"created_at\" : \"Wed Oct 10 20:19:24 +0000 2018\",\n }\n}, ]"
        try write(Array(js.utf8), to: path)
        expectPostIncident(in: path, ["platform": "twitter", "message_id": "42", "timestamp": "2018-10-10T20:19:24Z"])
    }

    /// Scans the post file at `path`: its first incident is the planted identifier in the
    /// post's text, with `fields` as given.
    func expectPostIncident(in path: String, _ fields: [String: String], sourceLocation: SourceLocation = #_sourceLocation) {
        let found = incidents([path])
        expectIncident(found, rule: "uk-nino", location: "text", sourceLocation: sourceLocation)
        expectFields(found.first, fields, sourceLocation: sourceLocation)
    }

    /// The record has each of `fields` as given (string values).
    func expectFields(_ record: [String: Any]?, _ fields: [String: String], sourceLocation: SourceLocation = #_sourceLocation) {
        for (name, value) in fields { #expect(record?[name] as? String == value, "\(name)", sourceLocation: sourceLocation) }
    }

    @Test func ndjsonExport() throws {
        let path = try temporaryDirectory() + "/posts.ndjson"
        try write(
            Array(
                "{\"id\":\"1\",\"text\":\"nothing\"}\n{\"id\":\"2\",\"author\":\"Bob\",\"text\":\"NI \(Self.nino)\",\"created_at\":\"2009-11-03T14:05:00Z\"}\n"
                    .utf8), to: path)
        let found = incidents([path])
        expectIncident(found, rule: "uk-nino", location: "text")
        #expect(found.first?["author"] as? String == "bob")
        #expect(found.first?["message_id"] as? String == "2")
    }

    @Test func csvExport() throws {
        let path = try temporaryDirectory() + "/posts.csv"
        try write(Array("id,author,text\n1,alice,\"multi\nline, quoted \"\"NI \(Self.nino)\"\"\"\n2,bob,hello\n".utf8), to: path)
        let found = incidents([path])
        expectIncident(found, rule: "uk-nino", location: "text")
        #expect(found.first?["author"] as? String == "alice")
    }

    /// Reddit dumps (Pushshift, the API) as they are written: a comment's text in `body`, a
    /// submission's in `selftext` with its `title` beside it (a link post's `selftext` is
    /// empty), times in `created_utc` as a number or a string, and no platform field.
    @Test func redditDump() throws {
        let path = try temporaryDirectory() + "/RC_2019-01.jsonl"
        let lines = [
            #"{"id":"c1","author":"Alice","subreddit":"unitedkingdom","created_utc":1546300800,"body":"my NI is \#(Self.nino)"}"#,
            #"{"id":"s1","author":"bob","subreddit":"police","created_utc":"1546300801","title":"card 4111 1111 1111 1111","selftext":"NI \#(Self.nino) here"}"#,
            #"{"id":"s2","author":"carol","subreddit":"police","created_utc":1546300802,"title":"NI \#(Self.nino)","selftext":""}"#,
        ]
        try write(Array(lines.joined(separator: "\n").utf8), to: path)
        let found = incidents([path])
        func incident(_ id: String, _ rule: String) -> [String: Any]? {
            found.first { $0["message_id"] as? String == id && $0["rule"] as? String == rule }
        }
        #expect(incident("c1", "uk-nino")?["location"] as? String == "text")
        #expect(incident("c1", "uk-nino")?["timestamp"] as? String == "2019-01-01T00:00:00Z")
        #expect(incident("s1", "uk-nino")?["location"] as? String == "text")
        #expect(incident("s1", "uk-nino")?["timestamp"] as? String == "2019-01-01T00:00:01Z")
        #expect(incident("s1", "payment-card")?["location"] as? String == "title")
        #expect(incident("s2", "uk-nino")?["location"] as? String == "text")
        #expect(found.count >= 4)
        for record in found {
            #expect(record["platform"] as? String == "reddit")
            #expect(record["channel"] as? String == "blog-message-board")
        }
    }

    /// X/Twitter API v2 as exported line by line: the author only as `author_id`, times with
    /// milliseconds, metrics and entities nested.
    @Test func twitterAPIv2Export() throws {
        let path = try temporaryDirectory() + "/tweets-v2.jsonl"
        let line =
            #"{"id": "1212092628029698048", "text": "NI \#(Self.nino) again", "author_id": "2244994945", "created_at": "2019-12-31T19:26:16.000Z", "public_metrics": {"retweet_count": 7, "like_count": 38}, "entities": {"mentions": [{"start": 0, "end": 8, "username": "x"}]}}"#
        try write(Array(line.utf8), to: path)
        expectPostIncident(in: path, ["author": "2244994945", "message_id": "1212092628029698048", "timestamp": "2019-12-31T19:26:16Z"])
    }

    /// A long tweet from the streaming API (v1.1): `text` is cut short at 140 characters and
    /// the whole text is in `extended_tweet.full_text`; an identifier past the cut is found there.
    @Test func streamingAPILongTweet() throws {
        let path = try temporaryDirectory() + "/stream.jsonl"
        let whole = String(repeating: "a long story about the shift tonight ", count: 4) + "and my NI is \(Self.nino)"
        let line =
            #"{"created_at": "Wed Oct 10 20:19:24 +0000 2018", "id": 1050118621198921728, "id_str": "1050118621198921728", "truncated": true, "text": "\#(whole.prefix(139))…", "user": {"id": 12, "screen_name": "PC_Smith"}, "extended_tweet": {"full_text": "\#(whole)", "display_text_range": [0, \#(whole.count)]}}"#
        try write(Array(line.utf8), to: path)
        expectPostIncident(in: path, ["author": "PC_Smith", "message_id": "1050118621198921728", "timestamp": "2018-10-10T20:19:24Z"])
    }

    /// A retweet (v1.1, streaming or REST): its own `text` and `full_text` are `RT @name: `
    /// and the retweeted tweet cut short; the whole of it, which the retweet publishes again,
    /// is in `retweeted_status`.
    @Test func retweetOfALongTweet() throws {
        let path = try temporaryDirectory() + "/retweets.jsonl"
        let whole = String(repeating: "a long story about the shift tonight ", count: 4) + "and my NI is \(Self.nino)"
        let cut = "RT @PC_Jones: " + whole.prefix(120) + "…"
        let lines = [
            #"{"id_str": "1", "truncated": false, "text": "\#(cut)", "user": {"screen_name": "a"}, "retweeted_status": {"id_str": "0", "truncated": true, "text": "\#(whole.prefix(139))…", "extended_tweet": {"full_text": "\#(whole)"}}}"#,
            #"{"id_str": "2", "full_text": "\#(cut)", "user": {"screen_name": "b"}, "retweeted_status": {"id_str": "0", "full_text": "\#(whole)"}}"#,
        ]
        try write(Array(lines.joined(separator: "\n").utf8), to: path)
        let found = incidents([path]).filter { $0["rule"] as? String == "uk-nino" }
        #expect(found.compactMap { $0["message_id"] as? String } == ["1", "2"])
    }

    /// Mastodon's archive (`outbox.json`): ActivityPub activities, the note's text as HTML in
    /// `object.content`, a boost (`Announce`) holding only the boosted post's address. The
    /// boost has no text, and the summary says so rather than passing it as scanned.
    @Test func mastodonArchive() throws {
        let path = try temporaryDirectory() + "/outbox.json"
        let json = #"""
            {"@context": "https://www.w3.org/ns/activitystreams", "id": "outbox.json", "type": "OrderedCollection", "totalItems": 2,
             "orderedItems": [
              {"id": "https://m.example/users/pc/statuses/1/activity", "type": "Create", "actor": "https://m.example/users/pc",
               "published": "2023-05-01T10:00:00Z", "object": {"id": "https://m.example/users/pc/statuses/1", "type": "Note",
               "content": "<p>my NI is \#(Self.nino) <a href=\"https://x\" class=\"mention\">@<span>bob</span></a></p>", "attachment": [], "tag": []}},
              {"id": "https://m.example/users/pc/statuses/2/activity", "type": "Announce", "actor": "https://m.example/users/pc",
               "published": "2023-05-02T10:00:00Z", "object": "https://other.example/statuses/9"}
             ]}
            """#
        try write(Array(json.utf8), to: path)
        let (found, summary) = incidentsAndSummary([path])
        expectIncident(found, rule: "uk-nino", location: "text")
        expectFields(
            found.first,
            ["platform": "mastodon", "channel": "sms-twitter", "timestamp": "2023-05-01T10:00:00Z", "author": "https://m.example/users/pc"])
        #expect((found.first?["excerpt"] as? String)?.contains("<") == false, "HTML left in the text")
        #expect(summary.messages == 2)
        #expect(summary.postsWithoutText == 1)
    }

    /// Microsoft Graph's JSON, as its API sends a page (one line, the messages in `value`):
    /// Outlook messages are mail (their HTML or text body, their subject, sender, send time and
    /// Message-ID, and the mail rules, not the posts' scorer), Teams messages are a chat's or a
    /// channel's. A message's file attachments, when the export asked for them, are read as a
    /// mail's are. Before, a page was one JSON Lines record with no text field LeakScan knew.
    /// The same mail as an `.eml` gives the same fingerprints: one leak, whichever export.
    @Test func microsoftGraphMessagesAndTeamsMessages() throws {
        let directory = try temporaryDirectory()
        let mailBody = "<html><body><p>the NINO is \(Self.nino)</p><p>you are a useless idiot</p></body></html>"
        let messages = #"""
            {"@odata.context":"https://graph.microsoft.com/v1.0/$metadata#users('jo')/messages","value":[\#
            {"id":"AAMkAGI2TG93AAA=","createdDateTime":"2024-03-01T09:00:00Z","sentDateTime":"2024-03-01T09:00:01Z",\#
            "internetMessageId":"<PR3P190MB0891@example.police.uk>","subject":"OFFICIAL-SENSITIVE: custody record","bodyPreview":"the NINO",\#
            "body":{"contentType":"html","content":"\#(mailBody)"},\#
            "from":{"emailAddress":{"name":"Jo Bloggs","address":"Jo.Bloggs@example.police.uk"}},"toRecipients":[],\#
            "attachments":[{"@odata.type":"#microsoft.graph.fileAttachment","name":"rota.txt","contentType":"text/plain",\#
            "contentBytes":"\#(Data("night shift rota, card 4111 1111 1111 1111\n".utf8).base64EncodedString())"}]},\#
            {"id":"AAMkAGI2TG94AAA=","sentDateTime":"2024-03-02T10:00:00Z","internetMessageId":"<second@example.police.uk>",\#
            "subject":"numbers","bodyPreview":"if a","body":{"contentType":"text","content":"if a <b and c> then call 07700 900123"},\#
            "from":{"emailAddress":{"address":"x@example.org"}}}],"@odata.nextLink":"https://graph.microsoft.com/v1.0/me/messages?$skip=10"}
            """#
        let chats = #"""
            {"@odata.context":"https://graph.microsoft.com/v1.0/$metadata#chats('19%3A2da4')/messages","@odata.count":2,"value":[\#
            {"id":"1616990032035","messageType":"message","createdDateTime":"2021-03-29T03:53:52.035Z","chatId":"19:2da4@thread.v2",\#
            "from":{"application":null,"user":{"id":"8ea0e38b","displayName":"Robin Kline"}},\#
            "body":{"contentType":"html","content":"<div>the suspect's NI is \#(Self.nino)</div>"},"attachments":[]},\#
            {"id":"1616990032036","messageType":"message","createdDateTime":"2021-03-29T03:54:00Z",\#
            "channelIdentity":{"teamId":"fbe2bf47","channelId":"19:4a95f7d8@thread.tacv2"},\#
            "from":{"user":{"id":"8ea0e38b","displayName":"Robin Kline"}},"body":{"contentType":"text","content":"card 4111 1111 1111 1111"}}]}
            """#
        let eml = """
            From: Jo Bloggs <Jo.Bloggs@example.police.uk>
            Subject: OFFICIAL-SENSITIVE: custody record
            Message-ID: <PR3P190MB0891@example.police.uk>
            Date: Fri, 01 Mar 2024 09:00:01 +0000
            Content-Type: text/html; charset=utf-8

            \(mailBody)

            """
        try write(Array(messages.utf8), to: directory + "/messages.json")
        try write(Array(chats.utf8), to: directory + "/chat.json")
        try write(Array(eml.utf8), to: directory + "/same.eml")
        let (found, summary) = incidentsAndSummary([directory + "/messages.json", directory + "/chat.json"])
        #expect(summary.messages == 4)
        #expect(summary.postsWithoutText == 0)
        func named(_ rule: String, in source: String) -> [String: Any]? {
            found.first { $0["rule"] as? String == rule && ($0["source"] as? String)?.hasSuffix(source) == true }
        }
        let mail = [
            "platform": "email", "channel": "email", "author": "jo.bloggs@example.police.uk", "org": "example.police.uk",
            "message_id": "PR3P190MB0891@example.police.uk", "timestamp": "2024-03-01T09:00:01Z",
        ]
        expectFields(named("uk-nino", in: "messages.json"), mail.merging(["location": "text"]) { $1 })
        expectFields(named("marking-official-sensitive", in: "messages.json"), mail.merging(["location": "subject"]) { $1 })
        expectFields(named("insult", in: "messages.json"), mail)
        expectFields(named("payment-card", in: "messages.json"), mail.merging(["location": "attachments/rota.txt"]) { $1 })
        #expect((named("payment-card", in: "messages.json")?["attachment"] as? [String: Any])?["name"] as? String == "rota.txt")
        #expect(
            !found.contains {
                ($0["rule"] as? String)?.hasPrefix("derogatory-") == true && ($0["source"] as? String)?.hasSuffix("messages.json") == true
            })
        // A text body is text: its `<` is a character, not a tag.
        let mobile = try #require(named("uk-mobile-number", in: "messages.json"))
        #expect((mobile["excerpt"] as? String)?.hasPrefix("if a <b and c> then call") == true, "\(mobile)")
        expectFields(
            named("uk-nino", in: "chat.json"),
            [
                "platform": "teams-chat", "channel": "sms-twitter", "author": "robin kline",
                "timestamp": "2021-03-29T03:53:52Z", "message_id": "1616990032035",
            ])
        expectFields(named("payment-card", in: "chat.json"), ["platform": "teams", "channel": "blog-message-board"])

        let fromEML = incidents([directory + "/same.eml"])
        #expect(!fromEML.isEmpty)
        let graphPrints = Set(
            found.filter {
                ($0["source"] as? String)?.hasSuffix("messages.json") == true
                    && $0["message_id"] as? String == "PR3P190MB0891@example.police.uk" && $0["attachment"] is NSNull
            }.compactMap { $0["fingerprint"] as? String })
        #expect(Set(fromEML.compactMap { $0["fingerprint"] as? String }) == graphPrints)
    }

    /// X and Reddit write `&`, `<` and `>` in a post's text as `&amp;`, `&lt;` and `&gt;`, and
    /// tweet datasets carry other characters as numeric references: the text is scanned, and
    /// quoted in excerpts, as it was written. An organisation named with `&` is found, and a
    /// reference without its `;` is left as written (the text may not have been escaped).
    @Test func escapedPostTextIsScannedAsWritten() throws {
        let directory = try temporaryDirectory()
        let organisations = "organisations:\n  - name: Avon and Somerset Police\n    aliases: [Avon & Somerset, A&S Police]\n"
        try write(Array(organisations.utf8), to: directory + "/organisations.yaml")
        let rules = try RuleSet.load(
            directory: root.appendingPathComponent("Patterns"), organisationsFile: URL(fileURLWithPath: directory + "/organisations.yaml"))
        let withOrganisation = Detector(ruleSet: rules, fingerprinter: Fingerprinter(key: [7]))
        let path = directory + "/RC_2019-01.jsonl"
        let body = #"I&#8217;ve used the Avon &amp; Somerset crest on our page &lt;3 &#x1F602; &notice"#
        try write(Array(#"{"id":"c9","author":"pc","subreddit":"bristol","created_utc":1546300800,"body":"\#(body)"}"#.utf8), to: path)
        let found = incidents([path], detector: withOrganisation)
        expectIncident(found, rule: "logo-post-mention", location: "text")
        let excerpt = try #require(found.first { $0["rule"] as? String == "logo-post-mention" }?["excerpt"] as? String)
        #expect(excerpt.contains("I\u{2019}ve used the Avon & Somerset crest on our page <3 \u{1F602} &notice"), "\(excerpt)")
    }

    /// Slack's export: a folder per channel, a JSON array of messages per day; the time in
    /// `ts` (Unix seconds with microseconds, as a string), the author's handle in
    /// `user_profile` (a bot's message has only `user`), Slack's own escapes in `text`.
    @Test func slackExport() throws {
        let directory = try temporaryDirectory() + "/export"
        let day = #"""
            [
                {"client_msg_id": "7c1f3a2e-1111-4a4a-9e9e-0d1c2b3a4f5e", "type": "message", "text": "my NI is \#(Self.nino) &amp; don&#39;t share",
                 "user": "U024BE7LH", "ts": "1546300800.000200", "team": "T024BE7LD",
                 "user_profile": {"real_name": "PC Smith", "display_name": "pcsmith", "name": "pc.smith"},
                 "blocks": [{"type": "rich_text", "block_id": "Xx1", "elements": []}]},
                {"type": "message", "subtype": "bot_message", "text": "card 4111 1111 1111 1111", "bot_id": "B1", "user": "U0BOT", "ts": "1546300860.000300"}
            ]
            """#
        try write(Array(day.utf8), to: directory + "/general/2019-01-01.json")
        try write(Array(#"[{"id": "C024BE91L", "name": "general"}]"#.utf8), to: directory + "/channels.json")
        let found = incidents([directory])
        expectPostIncident(
            in: directory,
            [
                "platform": "slack", "channel": "blog-message-board", "author": "pc.smith", "timestamp": "2019-01-01T00:00:00Z",
                "message_id": "7c1f3a2e-1111-4a4a-9e9e-0d1c2b3a4f5e",
            ])
        #expect((found.first?["excerpt"] as? String)?.hasSuffix("& don't share") == true)
        let bot = try #require(found.first { $0["rule"] as? String == "payment-card" })
        #expect(bot["author"] as? String == "u0bot")
        #expect(bot["timestamp"] as? String == "2019-01-01T00:01:00Z")
    }

    /// A Slack export's own lists beside its channels (users, conversations, integration logs,
    /// as Slack writes them) hold no posts: none is counted as a post without text, and a
    /// channel's topic and purpose, which its members write, are scanned.
    @Test func slackExportListings() throws {
        let directory = try temporaryDirectory() + "/Met Slack export Jan 1 2019 - Jan 2 2019"
        let users = #"""
            [
                {
                    "id": "U024BE7LH", "team_id": "T024BE7LD", "name": "pc.smith", "deleted": false, "color": "9f69e7",
                    "real_name": "PC Smith", "tz": "Europe/London", "tz_label": "Greenwich Mean Time", "tz_offset": 0,
                    "profile": {"title": "PC 1234", "phone": "07700 900456", "real_name": "PC Smith", "display_name": "pcsmith",
                                "email": "pc.smith@met.example", "status_text": "", "team": "T024BE7LD"},
                    "is_admin": false, "is_owner": false, "is_bot": false, "updated": 1546300000, "is_email_confirmed": true
                }
            ]
            """#
        let channels = #"""
            [
                {
                    "id": "C024BE91L", "name": "general", "created": 1546300000, "creator": "U024BE7LH", "is_archived": false,
                    "is_general": true, "members": ["U024BE7LH"],
                    "topic": {"value": "Night turn handover", "creator": "U024BE7LH", "last_set": 1546300000},
                    "purpose": {"value": "Op Nightjar: suspect NI \#(Self.nino)", "creator": "U024BE7LH", "last_set": 1546300000}
                }
            ]
            """#
        let dms = #"[{"id": "D024BFF1M", "created": 1546300000, "members": ["U024BE7LH", "U024BE7LJ"]}]"#
        let logs = #"""
            [{"user_id": "U024BE7LH", "user_name": "pc.smith", "date": "1546300000", "change_type": "added",
              "service_id": "1", "service_type": "Google Drive", "scope": "read"}]
            """#
        let day = #"[{"type": "message", "text": "card 4111 1111 1111 1111", "user": "U024BE7LH", "ts": "1546300860.000300"}]"#
        for (name, text) in [
            ("users.json", users), ("channels.json", channels), ("dms.json", dms), ("integration_logs.json", logs),
            ("general/2019-01-01.json", day),
        ] {
            try write(Array(text.utf8), to: directory + "/" + name)
        }
        let (found, summary) = incidentsAndSummary([directory])
        #expect(summary.postsWithoutText == 0)
        #expect(
            found.map { "\($0["rule"] ?? "") \($0["location"] ?? "") \($0["platform"] ?? "")" }.sorted() == [
                "payment-card text slack", "police-operation purpose slack", "uk-nino purpose slack",
            ])
    }

    /// Discord's data package (a folder per channel: `messages.json`, or `messages.csv` in older
    /// packages, with `ID`, `Timestamp` and `Contents`, beside a `channel.json` and an index of
    /// channels), and DiscordChatExporter's export of a server's channel. Before, every message
    /// had no text to scan (`Contents` is no field name the others use).
    @Test func discordExport() throws {
        let directory = try temporaryDirectory() + "/package/messages"
        let files = [
            "c111/messages.json":
                #"[{"ID": 1063402313423134720, "Timestamp": "2023-01-13 08:02:00", "Contents": "his NI is \#(Self.nino)", "Attachments": ""}]"#,
            "c111/channel.json": #"{"id": "1063400000000000000", "type": 1, "recipients": ["1063400000000000001", "1063400000000000002"]}"#,
            "c222/messages.csv":
                "ID,Timestamp,Contents,Attachments\n1063402313423134721,2023-01-13 08:03:00.512000+00:00,card 4111 1111 1111 1111,",
            "c222/channel.json":
                #"{"id": "1063400000000000003", "type": 0, "name": "general", "guild": {"id": "1", "name": "Night Turn"}}"#,
            "index.json": #"{"1063400000000000000": "Direct Message with jo#0001", "1063400000000000003": "general in Night Turn"}"#,
        ]
        for (name, text) in files { try write(Array((text + "\n").utf8), to: directory + "/" + name) }
        let exporter = #"""
            {
              "guild": {"id": "1", "name": "Night Turn", "iconUrl": "https://cdn.discordapp.com/embed/avatars/0.png"},
              "channel": {"id": "1063400000000000003", "type": "GuildTextChat", "categoryId": "2", "category": "Text", "name": "general", "topic": null},
              "dateRange": {"after": null, "before": null},
              "exportedAt": "2023-01-14T10:00:00.000+00:00",
              "messages": [
                {"id": "1063402313423134722", "type": "Default", "timestamp": "2023-01-13T08:04:00.123+00:00", "timestampEdited": null,
                 "callEndedTimestamp": null, "isPinned": false, "content": "my NI is JT 65 43 21 B",
                 "author": {"id": "1063400000000000002", "name": "jo", "discriminator": "0001", "nickname": "Jo", "isBot": false},
                 "attachments": [], "embeds": [], "stickers": [], "reactions": [], "mentions": []}
              ],
              "messageCount": 1
            }
            """#
        try write(Array(exporter.utf8), to: directory + "/../Night Turn - general [1063400000000000003].json")
        let (found, summary) = incidentsAndSummary([directory + "/.."])
        #expect(summary.postsWithoutText == 0)
        #expect(summary.corruptMessages == 0)
        #expect(
            found.map {
                "\($0["rule"] ?? "") \($0["author"] as? String ?? "-") \($0["timestamp"] ?? "") \($0["platform"] ?? "") \($0["channel"] ?? "")"
            }
            .sorted() == [
                "payment-card - 2023-01-13T08:03:00Z discord blog-message-board",
                "uk-nino - 2023-01-13T08:02:00Z discord blog-message-board",
                "uk-nino jo 2023-01-13T08:04:00Z discord blog-message-board",
            ])
    }

    /// LinkedIn's data export: CSV files whose column names are capitalised as LinkedIn writes
    /// them (`ShareCommentary`, `Date`; `Message`; `FROM`, `DATE`, `CONTENT`), which the
    /// default field names match in any case. Before, every post had no text to scan.
    @Test func linkedInExport() throws {
        let directory = try temporaryDirectory() + "/Basic_LinkedInDataExport_05-01-2023"
        try write(
            Array(
                """
                Date,ShareLink,ShareCommentary,SharedUrl,MediaUrl,Visibility
                2023-05-01 10:00:00,https://www.linkedin.com/feed/update/urn:li:share:1,"Proud of the team, NI \(Self.nino)",,,MEMBER_NETWORK

                """.utf8), to: directory + "/Shares.csv")
        try write(
            Array(
                "Date,Link,Message\n2023-05-02 11:00:00,https://www.linkedin.com/feed/update/urn:li:activity:2,\"card 4111 1111 1111 1111\"\n"
                    .utf8),
            to: directory + "/Comments.csv")
        try write(
            Array(
                """
                CONVERSATION ID,CONVERSATION TITLE,FROM,SENDER PROFILE URL,TO,RECIPIENT PROFILE URLS,DATE,SUBJECT,CONTENT,FOLDER
                2-abc==,,Jo Bloggs,https://www.linkedin.com/in/jo,Sam,https://www.linkedin.com/in/sam,2023-05-03 09:30:00 UTC,,"NHS number 943 476 5919",INBOX

                """.utf8), to: directory + "/messages.csv")
        let (found, summary) = incidentsAndSummary([directory])
        func incident(_ rule: String) -> [String: Any]? { found.first { $0["rule"] as? String == rule } }
        #expect(incident("uk-nino")?["platform"] as? String == "linkedin")
        #expect(incident("uk-nino")?["message_id"] as? String == "https://www.linkedin.com/feed/update/urn:li:share:1")
        #expect(incident("uk-nino")?["timestamp"] as? String == "2023-05-01T10:00:00Z")
        #expect(incident("payment-card")?["timestamp"] as? String == "2023-05-02T11:00:00Z")
        #expect(incident("nhs-number")?["author"] as? String == "jo bloggs")
        #expect(incident("nhs-number")?["timestamp"] as? String == "2023-05-03T09:30:00Z")
        #expect(summary.postsWithoutText == 0)
    }

    /// A WhatsApp group chat, exported from Android: an identifier on a message's second line,
    /// a statement from another member; each incident names its author and time, platform
    /// `whatsapp` in the survey's messaging row.
    @Test func whatsAppChatExport() throws {
        let path = try temporaryDirectory() + "/WhatsApp Chat with Shift 3.txt"
        let chat = """
            12/01/2023, 21:15 - Messages and calls are end-to-end encrypted. No one outside of this chat, not even WhatsApp, can read or listen to them.
            13/01/2023, 08:02 - Jo Bloggs: morning all
            his NI is \(Self.nino) if anyone wants it
            13/01/2023, 08:04 - Sam: go back to your own country mate

            """
        try write(Array(chat.utf8), to: path)
        let found = incidents([path])
        expectPostIncident(
            in: path, ["platform": "whatsapp", "channel": "sms-twitter", "author": "jo bloggs", "timestamp": "2023-01-13T08:02:00Z"])
        let statement = try #require(found.first { $0["rule"] as? String == "discriminatory-statement" })
        #expect(statement["author"] as? String == "sam")
        #expect(statement["timestamp"] as? String == "2023-01-13T08:04:00Z")
    }

    /// A Messenger thread from Facebook's export (`messages/inbox/NAME/message_1.json`): its
    /// messages are the records (they were missed: the reader took `participants`, the first
    /// array, and reported the rest unscanned), with their senders and times, platform
    /// `facebook`, and Facebook's byte-per-code-point text repaired.
    @Test func messengerThread() throws {
        let path = try temporaryDirectory() + "/messages/inbox/shift3_abc/message_1.json"
        let thread = #"""
            {"participants": [{"name": "Jo Bloggs"}, {"name": "Ole L\u00c3\u00b8ye"}],
             "messages": [{"sender_name": "Ole L\u00c3\u00b8ye", "timestamp_ms": 1673596920000, "content": "Bl\u00c3\u00a5b\u00c3\u00a6r NI \#(Self.nino)"},
                          {"sender_name": "Jo Bloggs", "timestamp_ms": 1673596800000, "content": "morning", "reactions": [{"reaction": "\u00f0\u009f\u0098\u0082", "actor": "Ole"}]}],
             "title": "Shift 3", "is_still_participant": true, "thread_path": "inbox/shift3_abc", "magic_words": []}
            """#
        try write(Array(thread.utf8), to: path)
        let (found, summary) = incidentsAndSummary([path])
        expectIncident(found, rule: "uk-nino", location: "text")
        expectFields(found.first, ["author": "ole løye", "timestamp": "2023-01-13T08:02:00Z", "platform": "facebook"])
        #expect((found.first?["excerpt"] as? String)?.hasPrefix("Blåbær") == true)
        #expect(summary.messages == 2)
        #expect(summary.postsWithoutText == 0)
        #expect(summary.inputs.first?.uncoveredBytes == 0)
    }

    /// A chat exported by Telegram Desktop (`result.json`): the chat's messages, a message with
    /// a link or formatting written as a list of pieces (it had no text to scan), the sender in
    /// `from`, the time from `date_unixtime` (UTC; `date` is the exporter's local time).
    @Test func telegramExport() throws {
        let path = try temporaryDirectory() + "/ChatExport_2023-01-14/result.json"
        let chat = #"""
            {
             "name": "Shift 3", "type": "private_group", "id": 4321,
             "messages": [
              {"id": 1, "type": "service", "date": "2023-01-12T21:15:00", "date_unixtime": "1673558100", "actor": "Jo Bloggs",
               "actor_id": "user111", "action": "create_group", "title": "Shift 3", "members": ["Jo Bloggs", "Sam Smith"], "text": "", "text_entities": []},
              {"id": 2, "type": "message", "date": "2023-01-13T09:03:00", "date_unixtime": "1673596980", "from": "Sam Smith", "from_id": "user222",
               "text": ["card ", {"type": "bold", "text": "4111 1111 1111 1111"}, " see ", {"type": "link", "text": "https://x.example"}],
               "text_entities": [{"type": "plain", "text": "card "}, {"type": "bold", "text": "4111 1111 1111 1111"}]}
             ]
            }
            """#
        try write(Array(chat.utf8), to: path)
        let (found, summary) = incidentsAndSummary([path])
        let card = try #require(found.first { $0["rule"] as? String == "payment-card" })
        expectFields(
            card,
            [
                "author": "sam smith", "timestamp": "2023-01-13T08:03:00Z", "platform": "telegram", "channel": "sms-twitter",
                "message_id": "4321/2",
            ])
        #expect(summary.messages == 2)
        #expect(summary.postsWithoutText == 0)
    }

    /// Instagram's export: a comment's text and time under `string_map_data`, a post's caption
    /// in `title` with its `creation_timestamp`; text written byte per code point, as Facebook's.
    @Test func instagramExport() throws {
        let directory = try temporaryDirectory() + "/instagram-jo-2023-01-14"
        let comments = #"""
            [
              {"media_list_data": [{"uri": ""}],
               "string_map_data": {"Comment": {"value": "Bl\u00c3\u00a5b\u00c3\u00a6r NI \#(Self.nino) \u00f0\u009f\u0098\u0082"},
                                   "Media Owner": {"value": "metpoliceuk"}, "Time": {"timestamp": 1673596920}}}
            ]
            """#
        try write(Array(comments.utf8), to: directory + "/comments/post_comments_1.json")
        let posts = #"""
            [
              {"media": [{"uri": "media/posts/202301/1.jpg", "creation_timestamp": 1673596980, "title": "card 4111 1111 1111 1111"}],
               "title": "card 4111 1111 1111 1111", "creation_timestamp": 1673596980}
            ]
            """#
        try write(Array(posts.utf8), to: directory + "/content/posts_1.json")
        let (found, summary) = incidentsAndSummary([directory])
        let comment = try #require(found.first { $0["rule"] as? String == "uk-nino" })
        #expect(comment["timestamp"] as? String == "2023-01-13T08:02:00Z")
        #expect(comment["platform"] as? String == "instagram")
        #expect((comment["excerpt"] as? String)?.hasPrefix("Blåbær") == true)
        let post = try #require(found.first { $0["rule"] as? String == "payment-card" })
        #expect(post["timestamp"] as? String == "2023-01-13T08:03:00Z")
        #expect(post["platform"] as? String == "instagram")
        #expect(summary.postsWithoutText == 0)
    }

    @Test func facebookExportMojibakeIsRepaired() throws {
        let path = try temporaryDirectory() + "/your_posts_1.json"
        let json = "[{\"timestamp\": 1257253500, \"data\": [{\"post\": \"Ole L\\u00c3\\u00b8ye: f*cking NI \(Self.nino)\"}]}]"
        try write(Array(json.utf8), to: path)
        let found = incidents([path])
        expectIncident(found, rule: "uk-nino", location: "text")
        #expect(found.contains { ($0["excerpt"] as? String)?.contains("Løye") == true })
        #expect(found.first?["platform"] as? String == "facebook")
    }

    /// Post times as exports write them, and times no post was written at: seconds and
    /// milliseconds are read; `1e300`, a 20-digit number and `inf` leave the time unknown
    /// (writing `1e300`'s incident once crashed the scan), and every post is still scanned.
    @Test func postTimesBeyondAnyCalendarAreUnknownNotFatal() throws {
        let path = try temporaryDirectory() + "/posts.jsonl"
        let times = [#""1257253500""#, "1257253500000", #""1e300""#, "99999999999999999999", #""inf""#, "-1e308"]
        let lines = times.enumerated().map { #"{"id": "\#($0.offset)", "created_at": \#($0.element), "text": "NI \#(Self.nino)"}"# }
        try write(Array(lines.joined(separator: "\n").utf8), to: path)
        let found = incidents([path])
        #expect(found.count == times.count)
        let byID = Dictionary(found.map { ($0["message_id"] as? String ?? "", $0["timestamp"]) }, uniquingKeysWith: { a, _ in a })
        #expect(byID["0"] as? String == "2009-11-03T13:05:00Z")
        #expect(byID["1"] as? String == "2009-11-03T13:05:00Z")
        for id in ["2", "3", "4", "5"] { #expect(byID[id] is NSNull, "post \(id)") }
    }
}

/// Hostile structure: limits stop the walk with one warning, and what fits is still scanned.
@Suite struct MIMELimitTests {
    @Test func deepNestingHitsThePartLimitOnceAndIsStillScanned() throws {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("shared/corpora/email/flanker/tests/fixtures/messages/enclosed-endless.eml").path
        let (collector, summary) = scan([path], jobs: 1)
        #expect(summary.messages == 1)
        #expect(summary.corruptMessages == 0)
        #expect(collector.reported.count == 1)
        #expect(collector.reported.first?.kind == .truncated)
        #expect(collector.reported.first?.reason.contains("MIME") == true)
    }

    @Test func nestingDeeperThanTheLimitIsScannedAsText() throws {
        var body = "NI AB 12 34 56 C\n"
        for level in (0..<30).reversed() {
            body = "--b\(level)\nContent-Type: multipart/mixed; boundary=b\(level + 1)\n\n" + body + "\n--b\(level)--\n"
        }
        let path = NSTemporaryDirectory() + "leakscan-deep-\(UUID().uuidString).eml"
        try ("From: x@y\nSubject: deep\nContent-Type: multipart/mixed; boundary=b0\n\n" + body).write(
            toFile: path, atomically: true, encoding: .utf8)
        let (collector, summary) = scan([path], jobs: 1)
        #expect(summary.byRule["uk-nino"] == 1)
        #expect(collector.reported.map(\.kind) == [.truncated])
    }
}
