#!/usr/bin/env python3
"""Splits patterns longer than a limit into one pattern per top-level branch of their
`(?<value>…)` group, for tools that cap a pattern's length (pcre2grep: 8192 bytes) or the
compiled size of the joined set (ripgrep -P). The branches match exactly what the whole
pattern matches. Benchmark-time tool only. Usage: split_alternation.py LIMIT < rules > rules"""
import sys

from pattern_text import group_end, top_level_branches


def main():
    limit = int(sys.argv[1])
    for line in sys.stdin:
        pattern = line.rstrip("\n")
        start = pattern.find("(?<value>")
        if len(pattern) <= limit or start < 0:
            print(pattern)
            continue
        end = group_end(pattern, start)
        prefix, body, suffix = pattern[:start], pattern[start + len("(?<value>"):end], pattern[end + 1:]
        for branch in top_level_branches(body):
            print(f"{prefix}(?:{branch}){suffix}")


if __name__ == "__main__":
    main()
