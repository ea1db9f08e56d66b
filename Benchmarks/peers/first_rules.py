#!/usr/bin/env python3
"""Copies a LeakScan rule file from stdin to stdout keeping only its first N rules (argv[1]):
a small rule set cut from a real one, for the rule-count scaling ratio."""
import sys

limit = int(sys.argv[1])
seen = 0
for line in sys.stdin:
    if line.startswith("  - id:"):
        seen += 1
    if seen > limit:
        break
    sys.stdout.write(line)
