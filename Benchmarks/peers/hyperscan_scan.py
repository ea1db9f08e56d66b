#!/usr/bin/env python3
"""Hyperscan peer: compiles the exported rules into one database (prefilter mode, so PCRE
constructs Hyperscan lacks are approximated, as Suricata does) and block-scans each message
of an mbox. Prints messages, matching messages, and the scan time alone (splitting the file
is not timed). Benchmark-time tool only: `pip install hyperscan`."""
import sys
import time

import hyperscan


def flags_and_body(pattern):
    flags = hyperscan.HS_FLAG_PREFILTER | hyperscan.HS_FLAG_UTF8 | hyperscan.HS_FLAG_ALLOWEMPTY
    if pattern.startswith("(*UCP)"):
        pattern = pattern[len("(*UCP)"):]
        flags |= hyperscan.HS_FLAG_UCP
    if pattern.startswith("(?") and ")" in pattern[:8] and pattern[2] in "imsx":
        letters = pattern[2:pattern.index(")")]
        if set(letters) <= set("imsx"):
            pattern = pattern[pattern.index(")") + 1:]
            if "i" in letters:
                flags |= hyperscan.HS_FLAG_CASELESS
            if "m" in letters:
                flags |= hyperscan.HS_FLAG_MULTILINE
            if "s" in letters:
                flags |= hyperscan.HS_FLAG_DOTALL
    return pattern.replace("(?J)", "").encode(), flags


def main():
    rules_path, mbox_path = sys.argv[1], sys.argv[2]
    patterns, flags, ids = [], [], []
    for index, line in enumerate(open(rules_path, encoding="utf-8")):
        body, flag = flags_and_body(line.rstrip("\n"))
        patterns.append(body)
        flags.append(flag)
        ids.append(index)
    database = hyperscan.Database(mode=hyperscan.HS_MODE_BLOCK)
    kept = list(range(len(patterns)))
    while True:
        try:
            database.compile(expressions=[patterns[i] for i in kept], ids=kept, flags=[flags[i] for i in kept])
            break
        except hyperscan.error as error:
            # Drop the pattern Hyperscan names and retry; report how many were dropped.
            message = str(error)
            bad = next((i for i in kept if f"Expression {i}" in message or f"expression {i}" in message), None)
            if bad is None:
                bad = kept[0]
            kept.remove(bad)
    data = open(mbox_path, "rb").read()
    messages = data.split(b"\nFrom ")
    matched = 0

    def on_match(rule, start, end, flag, context):
        context[0] = True
        return True  # stop at the first match in this message

    started = time.perf_counter()
    for message in messages:
        found = [False]
        try:
            database.scan(message, match_event_handler=on_match, context=found)
        except hyperscan.ScanTerminated:
            pass  # stopped at the first match, as asked
        matched += found[0]
    seconds = time.perf_counter() - started
    print(f"{len(messages)} messages, {matched} matching, {len(kept)}/{len(patterns)} patterns, {seconds:.3f} s scan")


if __name__ == "__main__":
    main()
