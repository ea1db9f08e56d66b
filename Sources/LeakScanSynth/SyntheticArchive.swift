import Foundation
import LeakScanCore

/// Writes a synthetic archive with known ground truth: `mail.mbox` (email in varied
/// encodings), `social.jsonl` (posts), `organisations.yaml` (names, tokens, domains,
/// handles, headcounts) and `truth.jsonl` (every planted incident). Deterministic per seed, and
/// streamed through small buffers, so gigabytes cost no memory.
public final class SyntheticArchive {
    let config: SynthConfig
    var random: SplitMix64
    let organisations: [SynthOrganisation]

    struct SynthOrganisation {
        var id: String
        var name: String
        var domain: String
        var handlePrefix: String
        var staff: Int
    }

    public init(config: SynthConfig) {
        self.config = config
        random = SplitMix64(seed: config.seed)
        var names = Set<String>()
        var organisations = [SynthOrganisation]()
        var naming = SplitMix64(seed: config.seed ^ 0x5EED)
        while organisations.count < config.organisations {
            let name = naming.pick(Self.placeStems) + naming.pick(Self.placeEndings)
            guard names.insert(name).inserted else { continue }
            let index = organisations.count + 1
            organisations.append(
                SynthOrganisation(
                    id: String(format: "org%03d", index), name: "\(name) \(naming.pick(["Constabulary", "Police"]))",
                    domain: "\(name.lowercased()).police.example", handlePrefix: name.lowercased(), staff: config.staffPerOrganisation))
        }
        self.organisations = organisations
    }

    static let placeStems = [
        "North", "South", "East", "West", "Ash", "Bram", "Cal", "Dun", "Elm", "Fern", "Glen", "Hart", "Ivy", "Kings", "Lang", "Marsh",
        "Oak", "Pen", "Rother", "Stan", "Thorn", "Wex", "York", "Wold", "Brook",
    ]
    static let placeEndings = [
        "shire", "ford", "ham", "wick", "bury", "dale", "field", "mouth", "ton", "wood", "combe", "stead", "land", "moor", "gate",
    ]
    /// Writes the archive into `directory`; returns the planted incidents.
    @discardableResult
    public func write(to directory: URL) throws -> [TruthRecord] {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let mail = try BufferedFile(directory.appendingPathComponent("mail.mbox"))
        let social = try BufferedFile(directory.appendingPathComponent("social.jsonl"))
        var truth = [TruthRecord]()

        // Organisation-level plants, decided up front so the rates are exact.
        var order = Array(organisations.indices)
        order.shuffle(using: &random)
        let leakCount = Int((Double(organisations.count) * config.socialLeakRate).rounded())
        let disciplineCount = Int((Double(organisations.count) * config.disciplineRate).rounded())
        // Arrays, not sets: a Set's iteration order differs between instances, and the archive
        // must be the same for the same seed.
        var pendingSocial = Array(order.prefix(leakCount))
        order.shuffle(using: &random)
        var pendingDiscipline = Set(order.prefix(disciplineCount))

        var messageIndex = 0
        var postIndex = 0
        while mail.written < config.targetBytes || !pendingSocial.isEmpty || !pendingDiscipline.isEmpty {
            let organisationIndex = random.below(organisations.count)
            // Disciplinary-level plants go in email, so that they do not also count as social-network
            // leaks: each planted rate stays exactly what was asked for.
            var plant: Plant?
            if pendingDiscipline.contains(organisationIndex) {
                pendingDiscipline.remove(organisationIndex)
                plant = random.pick(PlantCatalogue.disciplinary)(&random)
            } else if random.chance(config.backgroundRate) {
                plant = random.pick(PlantCatalogue.background)(&random)
            }
            messageIndex += 1
            try writeMessage(index: messageIndex, organisation: organisationIndex, plant: plant, to: mail, truth: &truth)

            if messageIndex % config.messagesPerPost == 0 || !pendingSocial.isEmpty && mail.written >= config.targetBytes {
                postIndex += 1
                let poster = pendingSocial.first.flatMap { random.chance(0.3) || mail.written >= config.targetBytes ? $0 : nil }
                let postOrganisation = poster ?? random.below(organisations.count)
                var postPlant: Plant?
                if poster != nil {
                    pendingSocial.removeFirst()
                    postPlant = random.pick(PlantCatalogue.socialLeak)(&random)
                }
                // A planted social-network leak goes on a social networking site; other posts anywhere.
                let platform = postPlant == nil ? random.pick(["facebook", "twitter", "blog", "youtube"]) : "facebook"
                try writePost(
                    index: postIndex, organisation: postOrganisation, plant: postPlant,
                    platform: platform, to: social, truth: &truth)
            }
        }
        try mail.close()
        try social.close()
        try writeOrganisations(to: directory.appendingPathComponent("organisations.yaml"))
        let truthFile = try BufferedFile(directory.appendingPathComponent("truth.jsonl"))
        for record in truth { try truthFile.write(try Self.json(record) + "\n") }
        try truthFile.close()
        return truth
    }

    func staffMember(_ organisation: Int) -> (address: String, handle: String, name: String) {
        let member = random.below(organisations[organisation].staff) + 1
        let org = organisations[organisation]
        return ("officer\(member)@\(org.domain)", "@\(org.handlePrefix)_\(member)", "Officer \(member)")
    }

    /// `content` with every line that starts with "From " written as ">From ", as mbox writers
    /// do, so a sentence that begins a line is not read as the start of the next message.
    static func quotingFromLines(_ content: [UInt8]) -> [UInt8] {
        var quoted = [UInt8]()
        quoted.reserveCapacity(content.count)
        for (index, byte) in content.enumerated() {
            if byte == UInt8(ascii: "F"), index == 0 || content[index - 1] == 0x0A, content[index...].starts(with: "From ".utf8) {
                quoted.append(UInt8(ascii: ">"))
            }
            quoted.append(byte)
        }
        return quoted
    }

    /// Filler prose of `count` words at real English word frequencies.
    func filler(words count: Int) -> String {
        EnglishText.shared.prose(words: count, using: &random)
    }

    /// Seconds from the start to the same instant `months` calendar months later, so a
    /// 12-month archive covers exactly twelve calendar months.
    lazy var spanSeconds: UInt64 = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let end = calendar.date(byAdding: .month, value: config.months, to: config.start)!
        return UInt64(end.timeIntervalSince(config.start))
    }()

    func date(_ index: Int) -> Date {
        config.start.addingTimeInterval(Double(random.next() % spanSeconds))
    }

    /// Date formats, made once: `DateFormatter` is expensive to create.
    let rfc5322 = SyntheticArchive.formatter("EEE, d MMM yyyy HH:mm:ss '+0000'")
    let asctime = SyntheticArchive.formatter("EEE MMM d HH:mm:ss yyyy")
    let iso8601 = SyntheticArchive.formatter("yyyy-MM-dd'T'HH:mm:ss'Z'")

    static func formatter(_ format: String) -> DateFormatter {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = format
        return formatter
    }

    /// Attached documents a plant (or, for unplanted mail, filler) can travel in.
    static let documentKinds = ["attachment-docx", "attachment-xlsx", "attachment-pdf", "attachment-zip"]

    /// The encodings a plant is hidden in, in rotation.
    static let encodings = ["plain", "base64", "quoted-printable", "html", "cp1252", "forwarded", "encoded-subject"]

    func writeMessage(index: Int, organisation: Int, plant: Plant?, to file: BufferedFile, truth: inout [TruthRecord]) throws {
        let sender = staffMember(organisation)
        let recipient = staffMember(organisation)
        let org = organisations[organisation]
        let messageID = "synth-\(index)@\(org.domain)"
        let when = date(index)
        var plantText = plant.map { $0.text.replacingOccurrences(of: "{ORG}", with: org.name) }
        var encoding = plant == nil ? "plain" : Self.encodings[random.below(Self.encodings.count)]
        // About one planted identifier in seven travels inside an attached document.
        if plant != nil, plant?.inSubject == false, random.chance(0.15) { encoding = random.pick(Self.documentKinds) }
        if plant?.inSubject == true { encoding = "subject" }
        if encoding == "encoded-subject" && plant?.inSubject == false { encoding = "encoded-subject" }

        var subject = filler(words: 3 + random.below(4))
        var body = filler(words: 80 + random.below(600))
        if let text = plantText, encoding == "subject" {
            subject = text
            plantText = nil
        } else if let text = plantText, encoding == "encoded-subject" {
            subject = "=?UTF-8?B?" + Data(text.utf8).base64EncodedString() + "?="
            plantText = nil
        }
        if let text = plantText {
            let lines = body.split(separator: "\n", omittingEmptySubsequences: false)
            let at = random.below(lines.count + 1)
            body = (lines[..<at] + [Substring(text)] + lines[at...]).joined(separator: "\n")
        }
        var headers =
            "From: \(sender.name) <\(sender.address)>\nTo: \(recipient.address)\nDate: \(rfc5322.string(from: when))\nMessage-ID: <\(messageID)>\nSubject: \(subject)\nMIME-Version: 1.0\n"
        var content: [UInt8]
        // Unplanted mail: one message in ten carries a photo, one in fifteen a document.
        let unplanted =
            random.chance(0.1)
            ? "attachment" : random.chance(1.0 / 15) ? random.pick(Self.documentKinds) : random.chance(0.2) ? "html" : "plain"
        let chosen = plant == nil ? unplanted : encoding
        switch chosen {
        case "attachment-docx", "attachment-xlsx", "attachment-pdf", "attachment-zip":
            headers += "Content-Type: multipart/mixed; boundary=\"doc-\(index)\"\n"
            let filled = filler(words: 40 + random.below(200)).split(separator: "\n").map(String.init)
            let lines = filled + (plantText.map { [$0] } ?? [])
            let (name, type, bytes): (String, String, [UInt8])
            switch chosen {
            case "attachment-docx":
                (name, type, bytes) = (
                    "notes\(index).docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                    SyntheticDocuments.docx(paragraphs: lines)
                )
            case "attachment-xlsx":
                (name, type, bytes) = (
                    "roster\(index).xlsx", "application/vnd.ms-excel",
                    SyntheticDocuments.xlsx(
                        rows: filled.map { $0.split(separator: " ").map(String.init) } + (plantText.map { [[$0]] } ?? []))
                )
            case "attachment-pdf":
                (name, type, bytes) = ("briefing\(index).pdf", "application/pdf", SyntheticDocuments.pdf(lines: lines))
            default:
                (name, type, bytes) = (
                    "export\(index).zip", "application/zip",
                    SyntheticDocuments.zip([(name: "export.csv", text: lines.joined(separator: "\n"))])
                )
            }
            let encoded = Data(bytes).base64EncodedString(options: [.lineLength76Characters, .endLineWithLineFeed])
            let cover = plantText == nil ? body : filler(words: 20)
            content = Array(
                "--doc-\(index)\nContent-Type: text/plain\n\n\(cover)\n--doc-\(index)\nContent-Type: \(type)\nContent-Disposition: attachment; filename=\"\(name)\"\nContent-Transfer-Encoding: base64\n\n\(encoded)\n--doc-\(index)--\n"
                    .utf8)
        case "base64":
            headers += "Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: base64\n"
            content = Array(Data(body.utf8).base64EncodedString(options: [.lineLength76Characters, .endLineWithLineFeed]).utf8)
        case "quoted-printable":
            headers += "Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: quoted-printable\n"
            content = Array(Self.quotedPrintable(body).utf8)
        case "html":
            headers += "Content-Type: text/html; charset=utf-8\n"
            content = Array(
                ("<html><body><p>"
                    + body.replacingOccurrences(of: "\n", with: "<br>\n").replacingOccurrences(
                        of: "e", with: "<span>e</span>", options: [],
                        range: body.startIndex..<body.index(body.startIndex, offsetBy: min(40, body.count))) + "</p></body></html>").utf8)
        case "cp1252":
            headers += "Content-Type: text/plain; charset=windows-1252\n"
            content = [0x93] + Array(body.utf8) + [0x94]
        case "forwarded":
            headers += "Content-Type: multipart/mixed; boundary=\"fwd-\(index)\"\n"
            let inner = "From: \(recipient.address)\nSubject: \(filler(words: 3))\nDate: \(rfc5322.string(from: when))\n\n\(body)\n"
            content = Array(
                "--fwd-\(index)\nContent-Type: text/plain\n\nsee below\n--fwd-\(index)\nContent-Type: message/rfc822\n\n\(inner)--fwd-\(index)--\n"
                    .utf8)
        case "attachment":
            headers += "Content-Type: multipart/mixed; boundary=\"att-\(index)\"\n"
            let bytes = (0..<(2000 + random.below(30_000))).map { _ in UInt8(truncatingIfNeeded: random.next()) }
            let encoded = Data(bytes).base64EncodedString(options: [.lineLength76Characters, .endLineWithLineFeed])
            content = Array(
                "--att-\(index)\nContent-Type: text/plain\n\n\(body)\n--att-\(index)\nContent-Type: image/jpeg\nContent-Disposition: attachment; filename=\"photo\(index).jpg\"\nContent-Transfer-Encoding: base64\n\n\(encoded)\n--att-\(index)--\n"
                    .utf8)
        default:
            headers += "Content-Type: text/plain; charset=utf-8\n"
            content = Array(body.utf8)
        }
        var message = Array("From \(sender.address) \(asctime.string(from: when))\n".utf8)
        message += Array(headers.utf8)
        message.append(0x0A)
        message += Self.quotingFromLines(content)
        message += [0x0A, 0x0A]
        try file.write(message)
        if let plant {
            truth.append(
                TruthRecord(
                    source: "mail.mbox", messageID: messageID, rule: plant.rule, category: plant.category, severity: plant.severity,
                    organisation: org.id, author: sender.address, channel: "email", encoding: encoding))
        }
    }

    func writePost(index: Int, organisation: Int, plant: Plant?, platform: String, to file: BufferedFile, truth: inout [TruthRecord]) throws
    {
        let org = organisations[organisation]
        let author = staffMember(organisation).handle
        let id = "post-\(index)"
        var text = filler(words: 8 + random.below(30))
        if let plant { text += " " + plant.text.replacingOccurrences(of: "{ORG}", with: org.name) }
        let when = iso8601.string(from: date(index))
        let object: [String: String] = ["id": id, "author": author, "created_at": when, "platform": platform, "text": text]
        let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
        try file.write(Array(data) + [0x0A])
        if let plant {
            truth.append(
                TruthRecord(
                    source: "social.jsonl", messageID: id, rule: plant.rule, category: plant.category, severity: plant.severity,
                    organisation: org.id, author: author.lowercased(), channel: platform, encoding: "json"))
        }
    }

    func writeOrganisations(to url: URL) throws {
        var yaml = "# Written by leakscan synth: the synthetic organisations, for --orgs (rules and statistics).\norganisations:\n"
        for org in organisations {
            yaml += "  - name: \(org.name)\n    id: \(org.id)\n    tokens: [\(org.handlePrefix)]\n"
            yaml += "    domains: [\(org.domain)]\n    handles: ['@\(org.handlePrefix)_']\n    headcount: \(org.staff)\n"
        }
        try yaml.write(to: url, atomically: true, encoding: .utf8)
    }

    /// Quoted-printable with soft breaks every 60 characters, so planted values get split.
    static func quotedPrintable(_ text: String) -> String {
        var out = ""
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var count = 0
            for character in line {
                if count == 60 {
                    out += "=\n"
                    count = 0
                }
                if character == "=" { out += "=3D" } else { out.append(character) }
                count += 1
            }
            out += "\n"
        }
        return out
    }

    static func json(_ record: TruthRecord) throws -> String {
        let object: [String: String] = [
            "source": record.source, "message_id": record.messageID, "rule": record.rule, "category": record.category.rawValue,
            "severity": record.severity.rawValue, "organisation": record.organisation, "author": record.author,
            "channel": record.channel, "encoding": record.encoding,
        ]
        let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
        return String(decoding: data, as: UTF8.self)
    }
}
