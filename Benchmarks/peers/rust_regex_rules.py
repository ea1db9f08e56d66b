#!/usr/bin/env python3
"""Rewrites LeakScan's exported PCRE2 patterns (one per line) for ripgrep's default engine
(Rust regex, no look-around): look-around groups are dropped, named groups become
non-capturing, \\p{L}/\\p{N} stay, possessive and atomic forms are unwrapped. Patterns that
ripgrep still rejects are left out and counted on stderr. Benchmark-time tool only."""
import subprocess
import sys

from pattern_text import group_end


def strip_lookaround(pattern):
    out, i = [], 0
    while i < len(pattern):
        if pattern.startswith(("(?=", "(?!", "(?<=", "(?<!"), i) and (i == 0 or pattern[i - 1] != "\\"):
            i = group_end(pattern, i) + 1
            continue
        out.append(pattern[i])
        i += 1
    return "".join(out)


def rewrite(pattern):
    pattern = pattern.replace("(?J)", "")
    pattern = strip_lookaround(pattern)
    pattern = pattern.replace("(?<value>", "(?:")
    return pattern


def main():
    kept = 0
    dropped = 0
    for line in sys.stdin:
        pattern = rewrite(line.rstrip("\n"))
        check = subprocess.run(["rg", "-e", pattern, "/dev/null"], capture_output=True)
        if check.returncode == 2:
            dropped += 1
            continue
        print(pattern)
        kept += 1
    print(f"rust_regex_rules: kept {kept}, dropped {dropped} that ripgrep rejects", file=sys.stderr)


if __name__ == "__main__":
    main()
