import Foundation
import Testing

/// Chat exports in the shapes their tools write them: Telegram Desktop's export of a whole
/// account (chats one level below the export object, each with its own messages), and exports
/// written on one line, as `json.dump` without indentation and many re-saving tools write them.
@Suite struct ChatExportTests {
    /// A Telegram account export as Telegram Desktop writes `result.json`, 1-space indented.
    /// Personal details, a profile picture and the contact list are the export's own and hold
    /// no posts; three chats (one left) hold five messages, a service message among them.
    static let account = #"""
        {
         "about": "Here is the data you requested. Remember: Telegram is ad free, it doesn't sell your data.",
         "personal_information": {
          "user_id": 5123456789,
          "first_name": "Sam",
          "last_name": "Smith",
          "phone_number": "+44 7700 900123",
          "username": "@samsmith",
          "bio": "his NI is not here: AB 11 22 33 C"
         },
         "profile_pictures": [
          {
           "date": "2022-11-02T10:11:12",
           "date_unixtime": "1667383872",
           "photo": "profile_pictures/photo_1@02-11-2022_10-11-12.jpg"
          }
         ],
         "contacts": {
          "about": "If you allow access, contacts are continuously synced from your devices.",
          "list": [
           {
            "user_id": 222,
            "first_name": "Jo",
            "last_name": "Bloggs",
            "phone_number": "+44 7700 900456",
            "date": "2022-10-01T09:00:00",
            "date_unixtime": "1664614800"
           }
          ]
         },
         "chats": {
          "about": "This page lists all chats from this export.",
          "list": [
           {
            "name": "Jo Bloggs",
            "type": "personal_chat",
            "id": 222,
            "messages": [
             {
              "id": 10,
              "type": "message",
              "date": "2023-01-13T09:02:00",
              "date_unixtime": "1673600520",
              "from": "Jo Bloggs",
              "from_id": "user222",
              "text": "his NI is AB 12 34 56 C",
              "text_entities": [{"type": "plain", "text": "his NI is AB 12 34 56 C"}]
             },
             {
              "id": 11,
              "type": "message",
              "date": "2023-01-13T09:03:00",
              "date_unixtime": "1673600580",
              "from": "Sam Smith",
              "from_id": "user5123456789",
              "text": "ok",
              "text_entities": [{"type": "plain", "text": "ok"}]
             }
            ]
           },
           {
            "name": "Shift 3",
            "type": "private_group",
            "id": 4321,
            "messages": [
             {
              "id": 1,
              "type": "service",
              "date": "2023-01-12T21:15:00",
              "date_unixtime": "1673558100",
              "actor": "Jo Bloggs",
              "actor_id": "user222",
              "action": "create_group",
              "title": "Shift 3",
              "members": ["Jo Bloggs", "Sam Smith"],
              "text": "",
              "text_entities": []
             },
             {
              "id": 2,
              "type": "message",
              "date": "2023-01-13T09:05:00",
              "date_unixtime": "1673600700",
              "from": "Sam Smith",
              "from_id": "user5123456789",
              "text": ["card ", {"type": "bold", "text": "4111 1111 1111 1111"}, " for the fuel"],
              "text_entities": [{"type": "plain", "text": "card "}, {"type": "bold", "text": "4111 1111 1111 1111"}]
             }
            ]
           }
          ]
         },
         "left_chats": {
          "about": "This page lists all supergroups and channels from this export that you've left.",
          "list": [
           {
            "name": "Old Team",
            "type": "private_supergroup",
            "id": 99,
            "messages": [
             {
              "id": 5,
              "type": "message",
              "date": "2022-12-01T18:00:00",
              "date_unixtime": "1669917600",
              "from": "Ann Other",
              "from_id": "user333",
              "text": "my NI is JT 65 43 21 B",
              "text_entities": [{"type": "plain", "text": "my NI is JT 65 43 21 B"}]
             }
            ]
           }
          ]
         }
        }

        """#

    /// A Messenger thread as Facebook writes `message_1.json`, on one line.
    static let messengerOneLine = #"""
        {"participants": [{"name": "Jo Bloggs"}, {"name": "Sam Smith"}], "messages": [{"sender_name": "Jo Bloggs", "timestamp_ms": 1673596920000, "content": "his NI is AB 12 34 56 C", "is_geoblocked_for_viewer": false}, {"sender_name": "Sam Smith", "timestamp_ms": 1673596980000, "content": "ok", "is_geoblocked_for_viewer": false}], "title": "Jo Bloggs", "is_still_participant": true, "thread_path": "inbox/jobloggs_abc123"}

        """#

    func incidents(_ run: Run) throws -> [[String: Any]] { try AttachmentScanTests.incidents(run.stdout) }

    /// Rule, author and platform of each incident, sorted.
    func summary(_ found: [[String: Any]]) -> [String] {
        found.map { "\($0["rule"] ?? "") \($0["author"] ?? "") \($0["platform"] ?? "")" }.sorted()
    }

    /// The same JSON value written on one line.
    static func oneLine(_ text: String) throws -> Data {
        try JSONSerialization.data(withJSONObject: try JSONSerialization.jsonObject(with: Data(text.utf8)))
    }

    /// `text` written as `name` twice, indented as given and on one line: the layouts and their paths.
    static func bothLayouts(of text: String, named name: String) throws -> [(layout: String, path: String)] {
        let work = try temporaryDirectory()
        return try ["indented", "one-line"].map { layout in
            try FileManager.default.createDirectory(atPath: work + "/" + layout, withIntermediateDirectories: true)
            let path = work + "/\(layout)/" + name
            try (layout == "indented" ? Data(text.utf8) : oneLine(text)).write(to: URL(fileURLWithPath: path))
            return (layout, path)
        }
    }

    @Test func aTelegramAccountExportIsReadChatByChat() throws {
        let expected = [
            "payment-card sam smith telegram", "uk-nino ann other telegram", "uk-nino jo bloggs telegram",
        ]
        for (layout, path) in try Self.bothLayouts(of: Self.account, named: "result.json") {
            let run = try leakscan(["scan", path])
            #expect(run.status == 1, "\(layout): \(run.stderr)")
            let found = try incidents(run)
            // The messages' identifiers, not the account's own details or its contacts.
            #expect(summary(found) == expected, "\(layout)")
            #expect(run.stderr.contains("result.json: json-array, 5 records"), "\(layout): \(run.stderr)")
            let card = try #require(found.first { $0["rule"] as? String == "payment-card" })
            #expect(card["timestamp"] as? String == "2023-01-13T09:05:00Z")
            #expect((card["excerpt"] as? String)?.contains("card 4111 **** **** **11 for the fuel") == true)
        }
    }

    /// Telegram numbers messages per chat: two chats' message 10 holding the same number are two
    /// incidents, told apart by their chats' ids (`message_id` `222/10` and `99/10`). A
    /// re-export that moves every message (a new chat listed first) reports nothing new.
    @Test func twoChatsNumberTheirMessagesAlike() throws {
        let work = try temporaryDirectory()
        let path = work + "/result.json"
        let account = Self.account.replacingOccurrences(of: "\"id\": 5,", with: "\"id\": 10,")
            .replacingOccurrences(of: "my NI is JT 65 43 21 B", with: "his NI is AB 12 34 56 C")
        try account.write(toFile: path, atomically: true, encoding: .utf8)
        let state = ["--state", work + "/state.sqlite"]
        let found = try incidents(try leakscan(["scan"] + state + [path])).filter { $0["rule"] as? String == "uk-nino" }
        #expect(found.compactMap { $0["message_id"] as? String }.sorted() == ["222/10", "99/10"])
        #expect(Set(found.compactMap { $0["fingerprint"] as? String }).count == 2)

        let newChat = """
               {
                "name": "Canteen",
                "type": "private_group",
                "id": 777,
                "messages": [
                 {"id": 10, "type": "message", "date_unixtime": "1673700000", "from": "Al", "from_id": "user444", "text": "chips?"}
                ]
               },

            """
        let anchor = "   {\n    \"name\": \"Jo Bloggs\","
        #expect(account.contains(anchor))
        try account.replacingOccurrences(of: anchor, with: newChat + anchor).write(toFile: path, atomically: false, encoding: .utf8)
        let reexported = try leakscan(["scan"] + state + [path])
        #expect(try incidents(reexported).isEmpty, "\(reexported.stdout)")
        #expect(reexported.stderr.contains("result.json: json-array, 6 records"), "\(reexported.stderr)")
    }

    /// A hostile export whose `about` string and export-object `id` are each 2 MB long: the
    /// arrays are still found past them and the one message is read. (What they cost is kept
    /// to 64 bytes each; a 100 MB such file peaks at 61 MB, measured outside the tests.)
    @Test func anExportWithLongStringsAndIdsIsStillRead() throws {
        let work = try temporaryDirectory()
        let message = #"{"id": 1, "type": "message", "date_unixtime": "1673600520", "from_id": "user1", "text": "NI AB 12 34 56 C"}"#
        let text =
            "{\n \"about\": \"" + String(repeating: "x", count: 2 << 20) + "\",\n \"id\": " + String(repeating: "9", count: 2 << 20)
            + ",\n \"messages\": [\n  " + message + "\n ]\n}\n"
        try text.write(toFile: work + "/result.json", atomically: true, encoding: .utf8)
        let run = try leakscan(["scan", work + "/result.json"])
        #expect(run.status == 1, "\(run.stderr)")
        #expect(try incidents(run).compactMap { $0["rule"] as? String } == ["uk-nino"])
        #expect(run.stderr.contains("result.json: json-array, 1 records"), "\(run.stderr)")
    }

    /// A Messenger thread on one line is the thread, not one JSON Lines record without text;
    /// a one-line file holding a single ordinary post is still that post.
    @Test func aOneLineThreadIsReadAsItsMessages() throws {
        let work = try temporaryDirectory()
        try Self.messengerOneLine.write(toFile: work + "/message_1.json", atomically: true, encoding: .utf8)
        let thread = try leakscan(["scan", work + "/message_1.json"])
        #expect(summary(try incidents(thread)) == ["uk-nino jo bloggs facebook"], "\(thread.stderr)")
        #expect(thread.stderr.contains("message_1.json: json-array, 2 records"), "\(thread.stderr)")
        #expect(!thread.stderr.contains("without text"), "\(thread.stderr)")

        let post =
            #"{"author": "jb", "body": "his NI is AB 12 34 56 C", "created_utc": 1673596920, "all_awardings": [{"name": "Silver"}], "subreddit": "police"}"#
        try (post + "\n").write(toFile: work + "/comment.json", atomically: true, encoding: .utf8)
        let single = try leakscan(["scan", work + "/comment.json"])
        #expect(summary(try incidents(single)) == ["uk-nino jb reddit"], "\(single.stderr)")
        #expect(single.stderr.contains("comment.json: json-lines, 1 records"), "\(single.stderr)")
    }

    /// A TikTok export as `user_data_tiktok.json` lays it out (sections named as TikTok names
    /// them, after RLEAPP's parser of real exports): comments, a post's caption, direct
    /// messages and what was written in LIVE streams are read, with their dates and a
    /// message's sender; the watch history's links,
    /// the profile and the settings are not posts. Before, the file was reported as holding no
    /// record and nothing in it was scanned.
    static let tikTok = #"""
        {
          "Activity": {"Video Browsing History": {"VideoList": [{"Date": "2023-01-01 09:00:00", "Link": "https://www.tiktokv.com/share/video/1/"}]},
                       "Like List": {"ItemFavoriteList": [{"date": "2023-01-01 09:01:00", "link": "https://www.tiktokv.com/share/video/2/"}]}},
          "Comment": {"Comments": {"CommentsList": [{"date": "2023-01-02 10:00:00", "comment": "his NI is AB 12 34 56 C lol", "photo": "N/A", "url": ""}]}},
          "Direct Message": {"Direct Messages": {"ChatHistory": {
            "Chat History with sam_smith:": [{"Date": "2023-01-03 11:00:00", "From": "jo_bloggs", "Content": "card 4111 1111 1111 1111 for the fuel"}],
            "Chat History with ann.other:": [{"Date": "2023-01-04 12:00:00", "From": "ann.other", "Content": "see you at nine"}]}}},
          "Tiktok Live": {"Watch Live History": {"WatchLiveMap": {"7301": {"WatchTime": "2023-01-06 20:00:00", "Link": "",
            "Comments": [{"CommentTime": "2023-01-06 20:01:00", "CommentContent": "sort code 20-00-00 account 41926817 send it"}],
            "Questions": [{"QuestionTime": "2023-01-06 20:02:00", "QuestionContent": "is this the nightshift?"}]}}}},
          "Profile": {"Profile Information": {"ProfileMap": {"userName": "jo_bloggs", "bioDescription": "Met response driver, PC 4521, views my own", "telephoneNumber": "07700 900123"}}},
          "Video": {"Videos": {"VideoList": [{"Date": "2023-01-05 13:00:00", "Link": "https://www.tiktokv.com/share/video/3/", "Likes": "4", "Title": "marked OFFICIAL-SENSITIVE lol", "Sound": "", "Location": ""}]}}
        }
        """#

    @Test func aTikTokExportIsReadSectionBySection() throws {
        for (layout, path) in try Self.bothLayouts(of: Self.tikTok, named: "user_data_tiktok.json") {
            let run = try leakscan(["scan", path])
            #expect(run.status == 1, "\(layout): \(run.stderr)")
            let found = try incidents(run)
            #expect(
                summary(found) == [
                    "collar-number jo_bloggs tiktok", "marking-official-sensitive <null> tiktok", "payment-card jo_bloggs tiktok",
                    "uk-nino <null> tiktok", "uk-sort-code-account <null> tiktok",
                ], "\(layout): \(summary(found))")
            // A comment, a caption, two messages, a LIVE comment and question, and the profile's
            // bio (its user's own telephone number is no post); the watch history and likes are
            // not posts.
            #expect(run.stderr.contains("user_data_tiktok.json: json-array, 7 records"), "\(layout): \(run.stderr)")
            let live = try #require(found.first { $0["rule"] as? String == "uk-sort-code-account" })
            #expect(live["timestamp"] as? String == "2023-01-06T20:01:00Z")
            let card = try #require(found.first { $0["rule"] as? String == "payment-card" })
            #expect(card["timestamp"] as? String == "2023-01-03T11:00:00Z")
            #expect(card["channel"] as? String == "video-sharing")
        }
    }

    /// A TikTok export cut short (a download stopped mid-file) is reported as truncated, the
    /// record it cuts as corrupt at its offset, and what came before it is still scanned.
    @Test func aTikTokExportCutShortIsReportedAndItsStartScanned() throws {
        let work = try temporaryDirectory()
        let path = work + "/user_data_tiktok.json"
        let cut = try #require(Self.tikTok.range(of: "sort code")).lowerBound
        try String(Self.tikTok[..<cut]).write(toFile: path, atomically: true, encoding: .utf8)
        let run = try leakscan(["scan", path])
        #expect(run.status == 2, "\(run.stderr)")
        // The error names the file, once (it read `cannot read: : JSON ends…`, then the path twice).
        #expect(run.stderr.contains("\(path): cannot read: JSON ends inside an element (truncated file)"), "\(run.stderr)")
        #expect(run.stderr.contains("corrupt record skipped: not valid JSON"), "\(run.stderr)")
        #expect(summary(try incidents(run)) == ["payment-card jo_bloggs tiktok", "uk-nino <null> tiktok"])

        // Cut inside the profile, a record that is one object: the same, the records before it scanned.
        let inProfile = try #require(Self.tikTok.range(of: "views my own")).lowerBound
        try String(Self.tikTok[..<inProfile]).write(toFile: path, atomically: true, encoding: .utf8)
        let profileCut = try leakscan(["scan", path])
        #expect(profileCut.status == 2, "\(profileCut.stderr)")
        #expect(profileCut.stderr.contains("JSON ends inside an element (truncated file)"), "\(profileCut.stderr)")
        #expect(
            summary(try incidents(profileCut)) == [
                "payment-card jo_bloggs tiktok", "uk-nino <null> tiktok", "uk-sort-code-account <null> tiktok",
            ])
    }

    /// A chat in an account export grows in the middle of the file, not at its end: the changed
    /// export is read whole again and, with `--state`, reports only the new message's incident;
    /// unchanged, it is not read at all.
    @Test func aChangedAccountExportReportsOnlyItsNewIncidents() throws {
        let work = try temporaryDirectory()
        let path = work + "/result.json"
        try Self.account.write(toFile: path, atomically: true, encoding: .utf8)
        let state = ["--state", work + "/state.sqlite"]
        #expect(try incidents(try leakscan(["scan"] + state + [path])).count == 3)

        let added = #"""
                 {
                  "id": 12,
                  "type": "message",
                  "date": "2023-01-14T10:00:00",
                  "date_unixtime": "1673690400",
                  "from": "Jo Bloggs",
                  "from_id": "user222",
                  "text": "and card 5555 5555 5555 4444",
                  "text_entities": [{"type": "plain", "text": "and card 5555 5555 5555 4444"}]
                 },

            """#
        let anchor = "     {\n      \"id\": 11,"
        #expect(Self.account.contains(anchor))
        try Self.account.replacingOccurrences(of: anchor, with: added + anchor)
            .write(toFile: path, atomically: false, encoding: .utf8)
        let changed = try leakscan(["scan"] + state + [path])
        #expect(summary(try incidents(changed)) == ["payment-card jo bloggs telegram"], "\(changed.stderr)")

        let again = try leakscan(["scan"] + state + [path])
        #expect(try incidents(again).isEmpty)
        #expect(again.status == 0, "\(again.stderr)")
    }
}
