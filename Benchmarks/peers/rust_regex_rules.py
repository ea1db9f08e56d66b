#!/usr/bin/env python3
"""Rewrites LeakScan's exported PCRE2 patterns (one per line) for ripgrep's default engine
(Rust regex, no look-around): look-around groups are dropped, named groups become
non-capturing, \\p{L}/\\p{N} stay, possessive and atomic forms are unwrapped. Patterns that
ripgrep still rejects are left out and counted on stderr. Benchmark-time tool only."""
import subprocess
import sys


def strip_lookaround(pattern):
    out = []
    i = 0
    while i < len(pattern):
        if pattern[i] == "\\":
            out.append(pattern[i:i + 2])
            i += 2
            continue
        if pattern.startswith(("(?=", "(?!", "(?<=", "(?<!"), i):
            depth = 0
            j = i
            in_class = False
            while j < len(pattern):
                c = pattern[j]
                if c == "\\":
                    j += 2
                    continue
                if in_class:
                    in_class = c != "]"
                elif c == "[":
                    in_class = True
                elif c == "(":
                    depth += 1
                elif c == ")":
                    depth -= 1
                    if depth == 0:
                        break
                j += 1
            i = j + 1
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
