#!/usr/bin/env python3
"""Splits patterns longer than a limit into one pattern per top-level branch of their
`(?<value>…)` group, for tools that cap a pattern's length (pcre2grep: 8192 bytes) or the
compiled size of the joined set (ripgrep -P). The branches match exactly what the whole
pattern matches. Benchmark-time tool only. Usage: split_alternation.py LIMIT < rules > rules"""
import sys


def branches(body):
    parts, depth, start, i, in_class = [], 0, 0, 0, False
    while i < len(body):
        c = body[i]
        if c == "\\":
            i += 2
            continue
        if in_class:
            in_class = c != "]"
        elif c == "[":
            in_class = True
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        elif c == "|" and depth == 0:
            parts.append(body[start:i])
            start = i + 1
        i += 1
    parts.append(body[start:])
    return parts


def group_end(pattern, open_index):
    depth, i, in_class = 0, open_index, False
    while i < len(pattern):
        c = pattern[i]
        if c == "\\":
            i += 2
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
                return i
        i += 1
    return -1


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
        for branch in branches(body):
            print(f"{prefix}(?:{branch}){suffix}")


if __name__ == "__main__":
    main()
