#!/usr/bin/env bash
# LeakScan beside its peers on the same bytes: a seeded synthetic mbox (`leakscan synth`), the
# shipped rules exported with `leakscan patterns list --format regex`, and
#   LeakScan --jobs 1 / --jobs 2 (whole pipeline: mbox split, MIME decode, prefilter, PCRE2),
#   pcre2grep -c -U -f (PCRE2 over raw lines), rg -j1 -c -P -f (PCRE2), rg -j1 -c -f (Rust
#   regex; look-around dropped by peers/rust_regex_rules.py), Hyperscan (peers/hyperscan_scan.py,
#   one database in prefilter mode, block scan per message; scan time only).
# Usage: Benchmarks/peers.sh [size] [set]   size: default 1G; set: `shipped` (default, the 28
# shipped rules) or `gitleaks` (the shipped rules plus every gitleaks rule LeakScan translates;
# this set also runs LeakScan with a 10-rule set, for the rule-count scaling ratio).
# Needs ripgrep and pcre2-utils (apt) and hyperscan (pip); installs them when missing. Prints a
# Markdown table of MiB/s and ratios.
set -euo pipefail
cd "$(dirname "$0")/.."
SIZE="${1:-1G}"
SET="${2:-shipped}"
WORK="${BENCH_DIR:-/tmp/leakscan-bench}/peers-$SIZE"
mkdir -p "$WORK"
RULES_DIR="$WORK/rules-$SET"
rm -rf "$RULES_DIR" && mkdir -p "$RULES_DIR"

scripts/setup
command -v rg >/dev/null || apt-get install -y -qq ripgrep >/dev/null
command -v pcre2grep >/dev/null || apt-get install -y -qq pcre2-utils >/dev/null
python3 -c "import hyperscan" 2>/dev/null || pip install -q hyperscan
swift build -c release --product leakscan >&2
BIN="$(swift build -c release --show-bin-path)/leakscan"

[ -f "$WORK/mail.mbox" ] || "$BIN" synth --output "$WORK" --size "$SIZE" --seed 7 >&2
MBOX="$WORK/mail.mbox"
MIB=$(awk -v b="$(stat -c %s "$MBOX")" 'BEGIN { printf "%.1f", b / 1048576 }')
cp Patterns/*.yaml "$RULES_DIR/"
if [ "$SET" = gitleaks ]; then
    "$BIN" patterns import ../shared/corpora/patterns/gitleaks/config/gitleaks.toml -o "$RULES_DIR/gitleaks.yaml" >&2
    mkdir -p "$WORK/rules-10"
    python3 Benchmarks/peers/first_rules.py 10 <Patterns/confidential.yaml >"$WORK/rules-10/confidential.yaml"
fi
"$BIN" patterns list --format regex --patterns "$RULES_DIR" >"$WORK/rules.txt"
# pcre2grep caps a pattern at 8192 bytes: long rules go in one line per top-level branch.
python3 Benchmarks/peers/split_alternation.py 4000 <"$WORK/rules.txt" >"$WORK/rules-split.txt"
# ripgrep -P joins all patterns into one regex (so no duplicate group names), and PCRE2 finds
# the whole set "too large": it runs in two halves and the times are added.
sed 's/(?<value>/(?:/g; s/(?J)//g' "$WORK/rules-split.txt" >"$WORK/rules-rg-pcre2.txt"
split -n l/2 -d "$WORK/rules-rg-pcre2.txt" "$WORK/rules-rg-pcre2-part"
python3 Benchmarks/peers/rust_regex_rules.py <"$WORK/rules.txt" >"$WORK/rules-rust.txt"
RULES=$(wc -l <"$WORK/rules.txt")
head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n' >"$WORK/key"

seconds() { /usr/bin/time -f "%e" -o "$WORK/t" "$@" >"$WORK/out" 2>"$WORK/err" || true; tail -n 1 "$WORK/t"; }
# Single-core runs are pinned to one CPU: LeakScan --jobs 1 has a reader thread beside its
# worker, and unpinned it would borrow the second core that the single-threaded peers leave idle
# (taskset -c 0).

declare -A RESULT
RESULT[leakscan-j1]=$(seconds taskset -c 0 "$BIN" scan --jobs 1 --quiet --patterns "$RULES_DIR" --fingerprint-key-file "$WORK/key" "$MBOX")
RESULT[leakscan-j2]=$(seconds "$BIN" scan --jobs 2 --quiet --patterns "$RULES_DIR" --fingerprint-key-file "$WORK/key" "$MBOX")
TOOLS="leakscan-j1 leakscan-j2"
if [ "$SET" = gitleaks ]; then
    RESULT[leakscan-j1-10-rules]=$(seconds taskset -c 0 "$BIN" scan --jobs 1 --quiet --patterns "$WORK/rules-10" --fingerprint-key-file "$WORK/key" "$MBOX")
    TOOLS="$TOOLS leakscan-j1-10-rules"
fi
RESULT[pcre2grep]=$(seconds taskset -c 0 pcre2grep -c -U -f "$WORK/rules-split.txt" "$MBOX")
first=$(seconds taskset -c 0 rg -j1 -c -P -f "$WORK/rules-rg-pcre2-part00" "$MBOX")
second=$(seconds taskset -c 0 rg -j1 -c -P -f "$WORK/rules-rg-pcre2-part01" "$MBOX")
RESULT[rg-j1-P]=$(awk -v a="$first" -v b="$second" 'BEGIN { print a + b }')
RESULT[rg-j1]=$(seconds taskset -c 0 rg -j1 -c -f "$WORK/rules-rust.txt" "$MBOX")
taskset -c 0 python3 Benchmarks/peers/hyperscan_scan.py "$WORK/rules.txt" "$MBOX" >"$WORK/hyperscan.txt"
RESULT[hyperscan]=$(grep -o '[0-9.]* s scan' "$WORK/hyperscan.txt" | cut -d' ' -f1)

echo "Corpus: $MIB MiB synthetic mbox (seed 7), rule set '$SET', $RULES rules. $(cat "$WORK/hyperscan.txt")"
echo
echo "| tool | seconds | MiB/s | LeakScan --jobs 1 speed ÷ tool speed |"
echo "|---|---:|---:|---:|"
base=${RESULT[leakscan-j1]}
for tool in $TOOLS pcre2grep rg-j1-P rg-j1 hyperscan; do
    s=${RESULT[$tool]}
    awk -v t="$tool" -v s="$s" -v m="$MIB" -v b="$base" 'BEGIN { printf "| %s | %.2f | %.1f | %.2f× |\n", t, s, m / s, s / b }'
done
