import Foundation
import Testing

/// S/MIME and PGP mail: what an opaque signature encloses is read as the message it is; an
/// encrypted message is reported as not read. Before, an S/MIME message was one binary
/// attachment, read as nothing and reported as nothing, and a PGP one was its armour's characters.
@Suite struct SignedAndEncryptedMailTests {
    static let corpora = ContainerInputTests.corpora

    /// A rule for words of the messages below that no shipped rule looks for.
    static let probeRules = """
        rules:
          - id: 'probe'
            title: 'words of the S/MIME test messages'
            category: 'confidential'
            severity: 'low'
            pattern: '(?i)\\bdetached\\s+digital\\s+signature\\b|\\binteroperability\\b|\\bCrazy Ones\\b'
            examples:
              match: ['a detached digital signature', 'interoperability', 'Here is to the Crazy Ones']
              no_match: ['nothing of the kind']

        """

    /// Real S/MIME mail from 1996 (mimekit's test mbox, from Netscape's interoperability tests):
    /// two opaque-signed messages whose enclosed text is read (one a multipart with a
    /// quoted-printable part, in BER with indefinite lengths, signed with MD2, which today's
    /// libcrypto will not verify and need not), and six encrypted ones, each reported.
    @Test func realSignedAndEncryptedMail() throws {
        let rules = try temporaryDirectory()
        try Self.probeRules.write(toFile: rules + "/probe.yaml", atomically: true, encoding: .utf8)
        let mbox = Self.corpora + "/email/mimekit/UnitTests/TestData/mbox/content-length.mbox.txt"
        let run = try leakscan(["scan", "--no-ocr", "--patterns", rules, mbox])
        let found = try AttachmentScanTests.incidents(run.stdout).map { "\($0["location"] ?? "") \($0["excerpt"] ?? "")" }.sorted()
        // Its words broken across lines by quoted-printable soft breaks are found whole.
        #expect(found.contains { $0.hasPrefix("body/1 ") && $0.contains("it does not have a") }, "\(found)")
        #expect(found.contains { $0.hasPrefix("deming.p7m/body ") && $0.contains("Deming Software's indication") }, "\(found)")
        // The quoted-printable part is decoded: no `=0D=0A` left in its text.
        #expect(!found.contains { $0.contains("=0D=0A") }, "\(found)")
        let encrypted = run.stderr.components(separatedBy: "\n").filter {
            $0.contains("S/MIME encrypted message: readable only with the recipient's key")
        }
        #expect(encrypted.count == 6, "\(run.stderr)")
        #expect(run.stderr.contains("attachment contents not read: 6 encrypted"), "\(run.stderr)")
    }

    /// Mail signed and encrypted by OpenSSL now, with a certificate made for the test: the
    /// signed message's NINO (split by a quoted-printable soft break) and card are found; the
    /// encrypted one is reported; a certificate sent on its own (`smime.p7c`) is neither an
    /// incident nor a problem; a signed PDF (`.pdf.p7m`, a real PDF from the corpora) is read
    /// as its PDF; a signed message cut short is reported as damaged.
    @Test func mailSignedAndEncryptedByOpenSSL() throws {
        let work = try temporaryDirectory()
        let pdf = Self.corpora + "/documents/pypdf/crazyones.pdf"
        let script = #"""
            set -e
            openssl req -x509 -newkey rsa:2048 -nodes -keyout key.pem -out cert.pem -days 2 \
                -subj "/CN=Jo Bloggs/emailAddress=jo@example.police.uk" 2>/dev/null
            printf 'Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\nthe NINO is AB 12 34 =\r\n56 C, the card 4111 1111 1111 1111\r\n' > inner.txt
            openssl smime -sign -nodetach -in inner.txt -signer cert.pem -inkey key.pem -from jo@example.police.uk -to desk@example.org -subject record -out signed.eml
            openssl smime -encrypt -aes256 -in inner.txt -from jo@example.police.uk -to desk@example.org -subject secret -out encrypted.eml cert.pem
            openssl crl2pkcs7 -nocrl -certfile cert.pem -outform DER -out cert.p7c
            openssl cms -sign -nodetach -binary -in "$1" -signer cert.pem -inkey key.pem -outform DER -out crazyones.pdf.p7m
            python3 - <<'PY'
            from email.message import EmailMessage
            for name, attachment, kind in (("cert.eml", "cert.p7c", "certs-only"), ("pdf.eml", "crazyones.pdf.p7m", "signed-data")):
                message = EmailMessage()
                message["From"], message["To"], message["Subject"] = "jo@example.police.uk", "desk@example.org", name
                message.set_content("see attached")
                message.add_attachment(open(attachment, "rb").read(), maintype="application", subtype="pkcs7-mime",
                                       params={"smime-type": kind}, filename=attachment)
                open(name, "wb").write(bytes(message))
            signed = open("signed.eml", "rb").read()
            head, body = signed.split(b"\n\n", 1)
            open("cut.eml", "wb").write(head + b"\n\n" + body[: len(body) // 2])
            PY
            """#
        try AttachmentScanTests.shell(["sh", "-c", script, "sh", pdf], in: work)
        let names = ["signed.eml", "encrypted.eml", "cert.eml", "pdf.eml", "cut.eml"]
        let run = try leakscan(["scan", "--no-ocr"] + names.map { work + "/" + $0 })
        #expect(run.status == 1, "\(run.stderr)")
        let found = try AttachmentScanTests.incidents(run.stdout).map {
            "\(URL(fileURLWithPath: $0["source"] as? String ?? "").lastPathComponent) \($0["location"] ?? "") \($0["rule"] ?? "")"
        }
        #expect(found.sorted() == ["signed.eml smime.p7m/body payment-card", "signed.eml smime.p7m/body uk-nino"], "\(found)")
        let problems = run.stderr.components(separatedBy: "\n").filter { $0.contains(" warning ") }
        #expect(problems.count == 2, "\(run.stderr)")
        #expect(problems.contains { $0.contains("encrypted.eml at byte 0: not read: attachment smime.p7m: S/MIME encrypted message") })
        #expect(
            problems.contains {
                $0.contains("cut.eml at byte 0: not read: attachment smime.p7m: S/MIME data that is not a readable CMS structure")
            })

        let rules = try temporaryDirectory()
        try Self.probeRules.write(toFile: rules + "/probe.yaml", atomically: true, encoding: .utf8)
        let probed = try leakscan(["scan", "--no-ocr", "--patterns", rules, work + "/pdf.eml"])
        let inPDF = try AttachmentScanTests.incidents(probed.stdout).map { "\($0["location"] ?? "")" }
        #expect(inPDF == ["crazyones.pdf.p7m"], "\(inPDF) \(probed.stderr)")
    }

    /// PGP mail made by GnuPG now. What needs no key is read: a message signed inline (its
    /// text compressed inside the signature's packets), one stored inline without signing, and
    /// a signed file attached in binary (`plain.txt.gpg`) or armoured (`plain.txt.asc`) each give
    /// the NINO they carry, at the
    /// name GnuPG recorded, also when the message is written inside a uuencoded file's lines
    /// (two overlapping cuts from the text). What does is reported: a PGP/MIME message (RFC 3156) and messages
    /// encrypted inline, to a key and to a passphrase. A real signed message (cpython's
    /// `msg_45.txt`, PGP/MIME `multipart/signed`) is read with no warning.
    @Test func pgpMailIsReadWhereNoKeyIsNeeded() throws {
        let work = try temporaryDirectory()
        let script = #"""
            set -e
            export GNUPGHOME="$PWD/gnupg"
            mkdir -m 700 gnupg
            gpg --batch --quiet --passphrase '' --quick-gen-key 'Jo Bloggs <jo@example.police.uk>' default default never 2>/dev/null
            printf 'the NINO is AB 12 34 56 C\n' > plain.txt
            gpg --batch --quiet --armor --trust-model always --recipient jo@example.police.uk --output to-key.asc --encrypt plain.txt
            gpg --batch --quiet --armor --pinentry-mode loopback --passphrase secret --output to-passphrase.asc --symmetric plain.txt
            gpg --batch --quiet --armor --pinentry-mode loopback --passphrase '' --output signed.asc --sign plain.txt
            gpg --batch --quiet --armor --output stored.asc --store plain.txt
            gpg --batch --quiet --pinentry-mode loopback --passphrase '' --output plain.txt.gpg --sign plain.txt
            gpg --batch --quiet --armor --pinentry-mode loopback --passphrase '' --output plain.txt.asc --sign plain.txt
            python3 - <<'PY'
            from email.message import EmailMessage
            from email.mime.application import MIMEApplication
            from email.mime.multipart import MIMEMultipart
            from email.mime.base import MIMEBase
            def mail(name, subject):
                message = EmailMessage()
                message["From"], message["To"], message["Subject"] = "jo@example.police.uk", "desk@example.org", subject
                return message
            for name in ("to-key", "to-passphrase", "signed", "stored"):
                message = mail(name, name)
                message.set_content("here it is:\n\n" + open(name + ".asc").read())
                open(name + ".eml", "wb").write(bytes(message))
            # A signed message written inside a uuencoded file's lines: both are cut from the text.
            nested = mail("nested", "nested")
            nested.set_content("begin 644 notes.txt\n" + open("signed.asc").read() + "`\nend\n")
            open("nested.eml", "wb").write(bytes(nested))
            attached = mail("attached", "attached")
            attached.set_content("see attached")
            attached.add_attachment(open("plain.txt.gpg", "rb").read(), maintype="application", subtype="octet-stream",
                                    filename="plain.txt.gpg")
            open("attached.eml", "wb").write(bytes(attached))
            armoured = mail("armoured", "armoured")
            armoured.set_content("see attached")
            armoured.add_attachment(open("plain.txt.asc").read(), subtype="plain", filename="plain.txt.asc")
            open("armoured.eml", "wb").write(bytes(armoured))
            pgpmime = MIMEMultipart("encrypted", protocol="application/pgp-encrypted")
            pgpmime["From"], pgpmime["To"], pgpmime["Subject"] = "jo@example.police.uk", "desk@example.org", "pgp/mime"
            control = MIMEBase("application", "pgp-encrypted")
            control.set_payload("Version: 1\n")
            data = MIMEBase("application", "octet-stream", name="encrypted.asc")
            data.set_payload(open("to-key.asc").read())
            pgpmime.attach(control)
            pgpmime.attach(data)
            open("pgpmime.eml", "wb").write(bytes(pgpmime))
            PY
            """#
        try AttachmentScanTests.shell(["sh", "-c", script], in: work)
        let signedMail = Self.corpora + "/email/cpython-test-email/data/msg_45.txt"
        let names = [
            "pgpmime.eml", "to-key.eml", "to-passphrase.eml", "signed.eml", "stored.eml", "attached.eml", "nested.eml", "armoured.eml",
        ]
        let run = try leakscan(["scan", "--no-ocr", signedMail] + names.map { work + "/" + $0 })
        #expect(run.status == 1, "\(run.stdout) \(run.stderr)")
        let found = try AttachmentScanTests.incidents(run.stdout).map {
            "\(URL(fileURLWithPath: $0["source"] as? String ?? "").lastPathComponent) \($0["location"] ?? "") \($0["rule"] ?? "")"
        }
        #expect(
            found.sorted() == [
                "armoured.eml plain.txt uk-nino", "attached.eml plain.txt.gpg uk-nino", "nested.eml plain.txt uk-nino",
                "signed.eml plain.txt uk-nino",
                "stored.eml plain.txt uk-nino",
            ],
            "\(found)")
        let warnings = run.stderr.components(separatedBy: "\n").filter { $0.contains(" warning ") }
        func warned(_ name: String, _ reason: String) -> Bool {
            warnings.contains { $0.contains(name + " at byte 0: not read: ") && $0.contains(reason) }
        }
        #expect(warned("pgpmime.eml", "attachment body: encrypted message (multipart/encrypted, application/pgp-encrypted)"), "\(warnings)")
        #expect(warned("to-key.eml", "OpenPGP encrypted message: readable only with the recipient's key"), "\(warnings)")
        #expect(warned("to-passphrase.eml", "OpenPGP encrypted message: readable only with the recipient's key"), "\(warnings)")
        #expect(warnings.count == 3, "\(warnings)")
        #expect(run.stderr.contains("attachment contents not read: 3 encrypted"), "\(run.stderr)")
    }
}
