#!/usr/bin/env bash
# Peak RSS and throughput of `leakscan scan` on synthetic 200 MB and 1 GB archives, plain and
# gzip-compressed, to show that memory stays bounded and does not grow with archive size.
# Usage: Benchmarks/scan-memory.sh [sizes...]   (default: 200M 1G). Writes a Markdown table
# to stdout; data goes to $BENCH_DIR (default /tmp/leakscan-bench) and is left there.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/setup
BIN="$(scripts/build-release)"
WORK="${BENCH_DIR:-/tmp/leakscan-bench}"
SIZES=("$@")
[ $# -eq 0 ] && SIZES=(200M 1G)
JOBS="${JOBS:-2}"
mkdir -p "$WORK"
KEY="$WORK/fingerprint.key"
[ -f "$KEY" ] || head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n' >"$KEY"

echo "| archive | input bytes | messages | seconds | MiB/s | peak RSS (MiB) | incidents |"
echo "|---|---:|---:|---:|---:|---:|---:|"
for size in "${SIZES[@]}"; do
    dir="$WORK/$size"
    if [ ! -f "$dir/mail.mbox" ]; then
        "$BIN" synth --output "$dir" --size "$size" --seed 7 >&2
    fi
    if [ ! -f "$dir/mail.mbox.gz" ]; then
        gzip -1 -k -f "$dir/mail.mbox"
    fi
    for input in mail.mbox mail.mbox.gz; do
        path="$dir/$input"
        /usr/bin/time -f "%M %e" -o "$WORK/time.txt" \
            "$BIN" scan --jobs "$JOBS" --orgs "$dir/organisations.yaml" --fingerprint-key-file "$KEY" "$path" \
            >"$WORK/incidents.jsonl" 2>"$WORK/summary.txt" || [ $? -eq 1 ]
        # GNU time puts "Command exited with non-zero status 1" first when incidents were found.
        read -r rss_kib seconds < <(tail -n 1 "$WORK/time.txt")
        messages=$(grep -o 'scanned [0-9]*' "$WORK/summary.txt" | grep -o '[0-9]*')
        bytes=$(stat -c %s "$path")
        decoded=$(stat -c %s "$dir/mail.mbox")
        incidents=$(wc -l <"$WORK/incidents.jsonl")
        rate=$(awk -v b="$decoded" -v s="$seconds" 'BEGIN { printf "%.1f", b / 1048576 / s }')
        echo "| $size $input | $bytes | $messages | $seconds | $rate | $((rss_kib / 1024)) | $incidents |"
    done
done
