import Foundation
import Testing

/// Containers named as inputs — a social export as it downloads (a zip), a tar of mail, a
/// compressed mbox — read member by member through `leakscan scan`, held to the scan of the same
/// files unpacked by Python's `zipfile` and `tarfile`.
@Suite struct ContainerInputTests {
    static let corpora = repository.appendingPathComponent("../shared/corpora").path

    /// An export folder of real files at `work/export` — real mail, Outlook messages and
    /// tweets from the corpora, a message that leaks a NINO, a Messenger thread and two WhatsApp chats (one a copy of the
    /// other under another folder), the sample emblem as a photo, a video LeakScan does not read,
    /// an empty file, a zip holding a tar.gz of a staff list, the chat again compressed with bzip2
    /// — and that folder as `export.zip` (deflated) and `export.tgz`, made by Python's `zipfile`
    /// and `tarfile`, and `export.7z`, made by bsdtar.
    static func makeExport(in work: String) throws {
        let script = #"""
            import bz2, io, json, os, shutil, sys, tarfile, zipfile
            corpora, emblem = sys.argv[1], sys.argv[2]
            shutil.copytree(corpora + "/email/cpython-test-email", "export/mail")
            shutil.copytree(corpora + "/archives/msg-ruby-msg", "export/outlook", ignore=shutil.ignore_patterns("COPYING"))
            with open(corpora + "/labelled/olid-train/train_text.txt", encoding="utf-8") as tweets:
                lines = [line.rstrip("\n") for line in tweets][:1500]
            with open("export/tweets.jsonl", "w", encoding="utf-8") as out:
                for number, text in enumerate(lines):
                    out.write(json.dumps({"id": str(number), "text": text, "user": "u%d" % (number % 40)}) + "\n")
            os.makedirs("export/messages/inbox/shift3_abc")
            thread = {"participants": [{"name": "Jo Bloggs"}, {"name": "Sam Smith"}], "messages": [
                {"sender_name": "Jo Bloggs", "timestamp_ms": 1673596920000, "content": "his NI is AB 12 34 56 C lol"},
                {"sender_name": "Sam Smith", "timestamp_ms": 1673596800000, "content": "card 4111 1111 1111 1111"}]}
            with open("export/messages/inbox/shift3_abc/message_1.json", "w") as out:
                json.dump(thread, out, indent=2)  # as Facebook writes it
            with open("export/mail/leak.eml", "w") as out:
                out.write("From: a.b@met.police.uk\nSubject: rota\nMessage-ID: <leak@t>\n\nmy NI number is AB 65 43 21 C\n")
            chat = ("12/01/2023, 21:15 - Jo Bloggs: right team\n"
                    "13/01/2023, 08:02 - Jo Bloggs: morning all see the NI JT 12 34 56 A on the custody record\n"
                    "13/01/2023, 08:03 - Sam Smith: ta\n")
            for folder in ["export/chats", "export/chats/copy"]:
                os.makedirs(folder, exist_ok=True)
                open(folder + "/WhatsApp Chat with Shift 3.txt", "w").write(chat)
            os.makedirs("export/media")
            shutil.copy(emblem, "export/media/photo.png")
            open("export/media/clip.mp4", "wb").write(b"\x00\x00\x00\x18ftypmp42" + bytes(range(256)) * 8)
            open("export/empty.txt", "w").close()
            # Containers inside: a zip holding a tar.gz, and a bzip2-compressed chat.
            inner = io.BytesIO()
            with tarfile.open(fileobj=inner, mode="w:gz") as nested:
                staff = b"name,text\nJo,my NI is AB 12 34 56 C\n"
                info = tarfile.TarInfo("hr/staff.csv")
                info.size = len(staff)
                nested.addfile(info, io.BytesIO(staff))
            os.makedirs("export/evidence")
            with zipfile.ZipFile("export/evidence/bundle.zip", "w") as bundle:
                bundle.writestr("staff.tgz", inner.getvalue())
            open("export/chats/old.txt.bz2", "wb").write(bz2.compress(chat.encode()))
            with zipfile.ZipFile("export.zip", "w", zipfile.ZIP_DEFLATED) as archive:
                for folder, _, files in sorted(os.walk("export")):
                    for name in sorted(files):
                        path = os.path.join(folder, name)
                        archive.write(path, os.path.relpath(path, "export"))
            with tarfile.open("export.tgz", "w:gz") as archive:
                archive.add("export", arcname=".")
            """#
        try AttachmentScanTests.shell(
            ["python3", "-c", script, corpora, repository.appendingPathComponent("Patterns/logos/sample-emblem.png").path], in: work)
        try AttachmentScanTests.shell(["bsdtar", "--format", "7zip", "-cf", "../export.7z", "."], in: work + "/export")
    }

    /// An incident as (member path, rule, offset, excerpt, location inside the member), so a
    /// scan of the folder and a scan of the container compare: in the folder the member is the
    /// source's path under it, in a container the start of the location (all of it for a picture,
    /// whose location is its name).
    static func keyed(_ output: String, folder: String?, members: [String]) throws -> [String] {
        try AttachmentScanTests.incidents(output).map { incident in
            let source = try #require(incident["source"] as? String)
            let location = try #require(incident["location"] as? String)
            var member: String
            var inside: String
            if let folder {
                member = String(source.dropFirst(folder.count + 1))
                inside = location == (member as NSString).lastPathComponent ? "" : location
            } else {
                member = try #require(members.filter { location == $0 || location.hasPrefix($0 + "/") }.max { $0.count < $1.count })
                inside = String(location.dropFirst(member.count)).trimmingPrefix("/").description
            }
            let rule = incident["rule"] as? String ?? ""
            let excerpt = incident["excerpt"] as? String ?? ""
            return "\(member) | \(rule) | \(incident["offset"] ?? "") | \(inside) | \(excerpt)"
        }.sorted()
    }

    /// The files under `folder`, as paths relative to it.
    static func files(under folder: String) throws -> [String] {
        let enumerator = try #require(FileManager.default.enumerator(atPath: folder))
        return enumerator.compactMap { $0 as? String }.filter { path in
            var isDirectory: ObjCBool = false
            return FileManager.default.fileExists(atPath: folder + "/" + path, isDirectory: &isDirectory) && !isDirectory.boolValue
        }
    }

    @Test func aZipAndATarFindWhatTheUnpackedFolderFinds() throws {
        let work = try temporaryDirectory()
        try Self.makeExport(in: work)
        let members = try Self.files(under: work + "/export")
        let unpacked = try leakscan(["scan", work + "/export"])
        let expected = try Self.keyed(unpacked.stdout, folder: work + "/export", members: members)
        // Every kind of member gives incidents: mail, tweets, Messenger, the chats, the photo's
        // emblem, the containers inside.
        for member in [
            "tweets.jsonl", "messages/inbox/shift3_abc/message_1.json", "chats/copy/WhatsApp Chat with Shift 3.txt", "media/photo.png",
            "evidence/bundle.zip", "chats/old.txt.bz2",
        ] {
            #expect(expected.contains { $0.hasPrefix(member + " |") }, "\(member)")
        }
        #expect(expected.contains { $0.hasPrefix("mail/leak.eml |") })
        // The Outlook messages hold no incident: their records are counted instead.
        let records = try #require(unpacked.stderr.firstMatch(of: /scanned (\d+) messages and posts/)?.1)

        for container in ["export.zip", "export.tgz", "export.7z"] {
            let run = try leakscan(["scan", work + "/" + container])
            #expect(run.status == 1, "\(container): \(run.stderr)")
            #expect(try Self.keyed(run.stdout, folder: nil, members: members) == expected, "\(container)")
            let incidents = try AttachmentScanTests.incidents(run.stdout)
            #expect(incidents.allSatisfy { $0["source"] as? String == work + "/" + container })
            // The three copies of the chat are told apart: their incidents share offsets and values.
            let chats = incidents.filter { ($0["location"] as? String ?? "").hasPrefix("chats/") }.compactMap {
                $0["fingerprint"] as? String
            }
            #expect(chats.count == 3 && Set(chats).count == 3)
            #expect(run.stderr.contains(work + "/" + container + "/media/clip.mp4: not text"), "\(run.stderr)")
            #expect(run.stderr.firstMatch(of: /scanned (\d+) messages and posts/)?.1 == records)
        }
        // The staff list sits three containers deep in the zip.
        let zipped = try AttachmentScanTests.incidents(try leakscan(["scan", work + "/export.zip"]).stdout)
        #expect(zipped.contains { $0["location"] as? String == "evidence/bundle.zip/staff.tgz/hr/staff.csv/text" })
    }

    /// An mbox compressed with xz or bzip2 is read as the mbox itself: the same incidents, byte
    /// for byte apart from the file named.
    @Test func anMboxCompressedWithXzOrBzip2IsReadAsTheMbox() throws {
        let work = try temporaryDirectory()
        _ = try leakscan(["synth", "--output", work + "/synth", "--size", "256K", "--seed", "41", "--organisations", "10"])
        let mbox = work + "/synth/mail.mbox"
        try AttachmentScanTests.shell(
            [
                "python3", "-c",
                "import bz2, lzma, sys; data = open(sys.argv[1], 'rb').read(); open('mail.mbox.xz', 'wb').write(lzma.compress(data));"
                    + " open('mail.mbox.bz2', 'wb').write(bz2.compress(data))", mbox,
            ], in: work)
        let plain = try leakscan(["scan", mbox])
        #expect(plain.status == 1)
        for compressed in ["mail.mbox.xz", "mail.mbox.bz2"] {
            let run = try leakscan(["scan", work + "/" + compressed])
            #expect(
                run.stdout == plain.stdout.replacingOccurrences(of: mbox, with: work + "/" + compressed), "\(compressed): \(run.stderr)")
        }
    }

    /// A password-protected member and a zip cut short are reported, and every member that can
    /// be read is scanned.
    @Test func aLockedMemberAndATruncatedZipLoseOnlyWhatCannotBeRead() throws {
        let work = try temporaryDirectory()
        try Self.makeExport(in: work)
        try "ni,AB 12 34 56 C\n".write(toFile: work + "/staff.csv", atomically: true, encoding: .utf8)
        try "name,text\nJo,card 4111 1111 1111 1111\n".write(toFile: work + "/open.csv", atomically: true, encoding: .utf8)
        try AttachmentScanTests.shell(["zip", "-q", "-P", "secret", "locked.zip", "staff.csv"], in: work)
        try AttachmentScanTests.shell(["zip", "-q", "locked.zip", "open.csv"], in: work)
        let locked = try leakscan(["scan", "--metrics-file", work + "/metrics.prom", work + "/locked.zip"])
        #expect(locked.status == 1)
        #expect(try AttachmentScanTests.incidents(locked.stdout).map { $0["rule"] as? String } == ["payment-card"])
        #expect(locked.stderr.contains("locked.zip/staff.csv: not read: encrypted: password-protected member"), "\(locked.stderr)")
        let encrypted = try metric("leakscan_attachments_unextracted{reason=\"encrypted\"}", in: work + "/metrics.prom")
        #expect(encrypted == 1)

        // Cut inside the Messenger thread's folder: the members before it are read.
        let whole = try Data(contentsOf: URL(fileURLWithPath: work + "/export.zip"))
        let members = try Self.files(under: work + "/export")
        try whole.prefix(whole.count * 6 / 10).write(to: URL(fileURLWithPath: work + "/cut.zip"))
        let cut = try leakscan(["scan", work + "/cut.zip"])
        #expect(cut.status == 2, "\(cut.stderr)")
        #expect(cut.stderr.contains(work + "/cut.zip"))
        let full = try Self.keyed(try leakscan(["scan", work + "/export.zip"]).stdout, folder: nil, members: members)
        let found = try Self.keyed(cut.stdout, folder: nil, members: members)
        #expect(!found.isEmpty && found.count < full.count)
        #expect(Set(found).isSubset(of: Set(full)))
    }

    /// Containers inside containers are read six deep, as attachments are; one deeper is
    /// reported, not opened.
    @Test func containersInsideContainersAreReadSixDeep() throws {
        let work = try temporaryDirectory()
        let script = #"""
            import io, zipfile
            def zipped(files):
                buffer = io.BytesIO()
                with zipfile.ZipFile(buffer, "w") as archive:
                    for name, data in files.items():
                        archive.writestr(name, data)
                return buffer.getvalue()
            for count, name in ((6, "six.zip"), (7, "seven.zip")):
                deep = zipped({"staff.csv": b"name,text\nJo,my NI is AB 12 34 56 C\n"})
                for level in range(count - 1):
                    deep = zipped({"level%d.zip" % level: deep})
                open(name, "wb").write(deep)
            """#
        try AttachmentScanTests.shell(["python3", "-c", script], in: work)
        let six = try leakscan(["scan", work + "/six.zip"])
        #expect(
            try AttachmentScanTests.incidents(six.stdout).map { $0["location"] as? String } == [
                "level4.zip/level3.zip/level2.zip/level1.zip/level0.zip/staff.csv/text"
            ])
        let seven = try leakscan(["scan", work + "/seven.zip"])
        #expect(seven.stdout.isEmpty)
        #expect(
            seven.stderr.contains(
                "level5.zip/level4.zip/level3.zip/level2.zip/level1.zip/level0.zip: not read: limit: containers nested deeper than 6"),
            "\(seven.stderr)")
    }

    /// A decompression bomb inside a container input, alone or inside a zip inside it, costs a
    /// peek at its first bytes (zeros are no format LeakScan reads), and the member beside it is
    /// scanned.
    @Test func aBombInsideAContainerIsPassedOverAndTheRestScanned() throws {
        let work = try temporaryDirectory()
        let script = #"""
            import io, zipfile
            zeros = b"\0" * (300 << 20)
            inner = io.BytesIO()
            with zipfile.ZipFile(inner, "w", zipfile.ZIP_DEFLATED) as nested:
                nested.writestr("zeros.bin", zeros)
            with zipfile.ZipFile("bomb.zip", "w", zipfile.ZIP_DEFLATED) as archive:
                archive.writestr("zeros.bin", zeros)
                archive.writestr("inner.zip", inner.getvalue())
                archive.writestr("chat.txt", "13/01/2023, 08:02 - Jo Bloggs: the NI is AB 12 34 56 C\n")
            """#
        try AttachmentScanTests.shell(["python3", "-c", script], in: work)
        let run = try leakscan(["scan", work + "/bomb.zip"])
        #expect(run.status == 1, "\(run.stderr)")
        #expect(try AttachmentScanTests.incidents(run.stdout).map { $0["location"] as? String } == ["chat.txt/text"])
        #expect(run.stderr.contains("bomb.zip/zeros.bin: not text"), "\(run.stderr)")
        #expect(run.stderr.contains("bomb.zip/inner.zip/zeros.bin: not text"), "\(run.stderr)")
    }

    /// A container that inflates like a bomb is read up to the expansion limit and reported,
    /// exit status 2: a tgz whose middle member is 300 MiB of zeros (libarchive inflates it to
    /// pass over it), and a zip holding an mbox whose second message is 300 MiB of one line.
    /// Without the limit both are read to their ends.
    @Test func aContainerThatInflatesLikeABombStopsAtTheLimit() throws {
        let work = try temporaryDirectory()
        let script = #"""
            import io, tarfile, zipfile
            def member(archive, name, data):
                info = tarfile.TarInfo(name)
                info.size = len(data)
                archive.addfile(info, io.BytesIO(data))
            with tarfile.open("bomb.tgz", "w:gz") as archive:
                member(archive, "a/chat.txt", b"13/01/2023, 08:02 - Jo Bloggs: the NI is AB 12 34 56 C\n")
                member(archive, "b/zeros.bin", b"\0" * (300 << 20))
                member(archive, "c/chat.txt", b"13/01/2023, 08:03 - Sam Smith: and JT 65 43 21 B\n")
            mbox = b"From jo@met.example Fri Jan 13 08:02:00 2023\nFrom: jo@met.example\n\nNI AB 12 34 56 C\n\n"
            mbox += b"From sam@met.example Fri Jan 13 08:03:00 2023\nFrom: sam@met.example\n\n"
            mbox += b"all work and no play makes jack a dull boy\n" * ((300 << 20) // 43)
            with zipfile.ZipFile("bomb.zip", "w", zipfile.ZIP_DEFLATED) as archive:
                archive.writestr("mail.mbox", mbox)
                archive.writestr("chat.txt", "13/01/2023, 08:03 - Sam Smith: and JT 65 43 21 B\n")
            """#
        try AttachmentScanTests.shell(["python3", "-c", script], in: work)
        let tgz = try leakscan(["scan", work + "/bomb.tgz"])
        #expect(tgz.status == 2, "\(tgz.stderr)")
        #expect(try AttachmentScanTests.incidents(tgz.stdout).map { $0["location"] as? String } == ["a/chat.txt/text"])
        #expect(tgz.stderr.contains("a decompression bomb, not read further"), "\(tgz.stderr)")
        let zip = try leakscan(["scan", work + "/bomb.zip"])
        #expect(zip.status == 2, "\(zip.stderr)")
        #expect(try AttachmentScanTests.incidents(zip.stdout).map { $0["location"] as? String } == ["mail.mbox/body"])
        #expect(zip.stderr.contains("bomb.zip/mail.mbox: "), "\(zip.stderr)")

        let unlimited = try leakscan(["scan", "--max-expansion-ratio", "0", work + "/bomb.tgz"])
        #expect(unlimited.status == 1, "\(unlimited.stderr)")
        #expect(try AttachmentScanTests.incidents(unlimited.stdout).count == 2)
    }

    /// With `--state`, an unchanged container is skipped, and a changed one is read whole again
    /// but reports only the incidents it did not hold before.
    @Test func aChangedContainerReportsOnlyItsNewIncidents() throws {
        let work = try temporaryDirectory()
        try Self.makeExport(in: work)
        let state = ["--state", work + "/state.sqlite"]
        let first = try leakscan(["scan"] + state + [work + "/export.zip"])
        #expect(first.status == 1)
        let unchanged = try leakscan(["scan"] + state + [work + "/export.zip"])
        #expect(unchanged.status == 0 && unchanged.stdout.isEmpty, "\(unchanged.stderr)")

        let chat = "14/01/2023, 09:00 - Jo Bloggs: new one for you NI JT 65 43 21 B\n"
        try chat.write(toFile: work + "/new.txt", atomically: true, encoding: .utf8)
        try AttachmentScanTests.shell(
            [
                "python3", "-c",
                "import zipfile; zipfile.ZipFile('export.zip', 'a').write('new.txt', 'chats/WhatsApp Chat with Night Turn.txt')",
            ], in: work)
        let changed = try leakscan(["scan"] + state + [work + "/export.zip"])
        #expect(changed.status == 1)
        let incidents = try AttachmentScanTests.incidents(changed.stdout)
        #expect(incidents.map { $0["location"] as? String } == ["chats/WhatsApp Chat with Night Turn.txt/text"])
        #expect(incidents.map { $0["rule"] as? String } == ["uk-nino"])
    }
}
