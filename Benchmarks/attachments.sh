#!/usr/bin/env bash
# Attachment reading: throughput per content type and peak memory, on real documents.
# Builds an mbox whose messages each carry one attachment taken from ../shared/corpora (every
# PDF of pypdf's test files, every .docx of python-docx's), the same documents zipped, gzip'd
# CSV exports, the hiding-places fixture's containers and documents, and a few large ones (a
# 40,000-row spreadsheet, a 30 MiB zip of text, a zip bomb), repeated to ROUNDS rounds; then
# runs `leakscan bench` (per-type extraction seconds) and `leakscan scan` under /usr/bin/time
# (peak RSS). Usage: [ROUNDS=n] [JOBS=n] Benchmarks/attachments.sh   Markdown on stdout.
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS="${ROUNDS:-20}"
JOBS="${JOBS:-2}"
WORK="${BENCH_DIR:-/tmp/leakscan-bench}/attachments-$ROUNDS"
mkdir -p "$WORK"
scripts/setup
BIN="$(scripts/build-release)"

if [ ! -f "$WORK/attachments.mbox" ]; then
    python3 scripts/fixtures/attachment_hiding_places.py "$WORK/fixture" >/dev/null
    python3 - "$WORK" "$ROUNDS" <<'PY'
import email.message, email.policy, gzip, io, json, mailbox, os, pathlib, sys, zipfile
sys.path.insert(0, "scripts/fixtures")
from attachment_hiding_places import xlsx, zip_bytes
work, rounds = sys.argv[1], int(sys.argv[2])
corpora = pathlib.Path("../shared/corpora/documents")
documents = sorted(corpora.glob("pypdf/*.pdf")) + sorted(corpora.glob("python-docx/*.docx"))
attachments = [(p.name, p.read_bytes()) for p in documents]
attachments += [(p.name + ".zip", zip_bytes({p.name: p.read_bytes()})) for p in documents[::4]]
rows = "\n".join(f"{i},Staff Member {i},Lambeth,{1000 + i}" for i in range(20000)).encode()
attachments += [("export%d.csv.gz" % i, gzip.compress(rows)) for i in range(2)]
for message in mailbox.mbox(os.path.join(work, "fixture/hiding-places.mbox")):
    for part in message.walk():
        if part.get_filename():
            attachments.append((part.get_filename(), part.get_payload(decode=True)))
large = [
    ("roster.xlsx", xlsx([[[f"Officer {i}", f"PC {1000 + i}", "Lambeth", i] for i in range(40000)]])),
    ("logs.zip", zip_bytes({"app%d.log" % i: "".join(
        f"2009-03-02 10:{j // 600 % 60:02d}:{j // 10 % 60:02d} INFO request {j * 7919 % 100000} from 10.0.{j % 256}.{j * 31 % 256} served in {j * 13 % 900} ms\n"
        for j in range(65000)).encode() for i in range(10)})),
    ("bomb.zip", zip_bytes({"zeros.bin": b"\0" * (300 << 20)})),
]
box = mailbox.mbox(os.path.join(work, "attachments.mbox"))
sizes = {}
count = 0
for round_ in range(rounds):
    batch = attachments + (large if round_ == 0 else [])
    for name, data in batch:
        m = email.message.EmailMessage(policy=email.policy.SMTP)
        m["From"] = "j.smith@met.police.uk"; m["To"] = "x@example.com"; m["Subject"] = f"file {count}"
        m["Message-ID"] = f"<att-{count}@bench>"; m["Date"] = "Mon, 02 Mar 2009 10:00:00 +0000"
        m.set_content("Please see the attached file.")
        m.add_attachment(data, maintype="application", subtype="octet-stream", filename=name)
        box.add(m)
        suffix = name.rsplit(".", 1)[-1].lower()
        # The extractor labels time by content kind; name the bytes the same way.
        kind = {"gz": "gzip", "tgz": "gzip", "bz2": "bzip2", "csv": "text", "dat": "text", "txt": "text", "eml": "message"}.get(suffix, suffix)
        sizes[kind] = sizes.get(kind, 0) + len(data)
        count += 1
box.flush()
json.dump({"messages": count, "bytes_by_suffix": sizes}, open(os.path.join(work, "manifest.json"), "w"))
PY
fi
KEY="$WORK/fingerprint.key"
[ -f "$KEY" ] || head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n' >"$KEY"
"$BIN" bench --jobs 1 --json "$WORK/bench.json" "$WORK/attachments.mbox" >"$WORK/bench.md" 2>"$WORK/bench.err"
/usr/bin/time -f "%M %e" -o "$WORK/time.txt" "$BIN" scan --jobs "$JOBS" --fingerprint-key-file "$KEY" "$WORK/attachments.mbox" \
    >"$WORK/incidents.jsonl" 2>"$WORK/summary.txt" || [ $? -eq 1 ]
read -r rss_kib seconds < <(tail -n 1 "$WORK/time.txt")
python3 - "$WORK" "$rss_kib" "$seconds" "$JOBS" <<'PY'
import json, os, sys
work, rss_kib, seconds, jobs = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), sys.argv[4]
manifest = json.load(open(os.path.join(work, "manifest.json")))
bench = json.load(open(os.path.join(work, "bench.json")))["sets"][0]
mbox = os.path.getsize(os.path.join(work, "attachments.mbox"))
print(f"{manifest['messages']} messages, {mbox / 1048576:.1f} MiB mbox; bench --jobs 1: {bench['seconds_median']:.2f} s "
      f"({bench['mib_per_second']:.1f} MiB/s of mbox); scan --jobs {jobs}: {seconds:.2f} s, peak RSS {rss_kib / 1024:.0f} MiB, "
      f"{sum(1 for _ in open(os.path.join(work, 'incidents.jsonl')))} incidents")
print()
print("| content kind | attachment bytes | extraction seconds, --jobs 1 | MiB/s |")
print("|---|---:|---:|---:|")
for kind, secs in sorted(bench["extraction_seconds"].items(), key=lambda item: -item[1]):
    size = manifest["bytes_by_suffix"].get(kind, 0)
    rate = f"{size / 1048576 / secs:.1f}" if size and secs else "–"
    print(f"| {kind} | {size} | {secs:.3f} | {rate} |")
print()
print("Summary line from the scan:")
for line in open(os.path.join(work, "summary.txt")):
    if line.startswith("scanned") or "attachment contents not read" in line or "problems:" in line:
        print("    " + line.rstrip())
PY
