#!/usr/bin/env python3
"""Hyperscan peer: compiles the exported rules into one database (prefilter mode, so PCRE
constructs Hyperscan lacks are approximated, as Suricata does) and block-scans each message
of an mbox, the text of each post of a JSON Lines file (`.jsonl`: the first text field LeakScan
reads, `text` or a Reddit comment's `body`; parsing is not timed), or each line of a text file
(`.txt`, as LeakScan reads text with no blank line). A pattern Hyperscan rejects even in prefilter mode is given again with its
look-arounds dropped (the rewrite ripgrep gets), so the database holds the whole rule set;
only patterns rejected both ways are left out, and counted. Prints messages, matching
messages, the pattern counts, and the scan time alone (splitting the file is not timed).
With `--export DIR` it also writes what it scanned for peers/hs_prefilter.c (the same
engine from Debian's libhyperscan, called from C): DIR/patterns.txt (flags, tab, pattern per
line) and DIR/records.bin (each message or post text as a 4-byte little-endian length, then
its bytes).
Benchmark-time tool only: `pip install hyperscan`."""
import struct
import json
import sys
import time

import hyperscan

from rust_regex_rules import rewrite


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


# The fields LeakScan takes a post's text from, in its order (PostFields in LeakScanMIME).
TEXT_FIELDS = ["full_text", "text", "tweet", "body", "selftext", "message", "content", "post", "title"]


def post_text(post):
    return next((post[name] for name in TEXT_FIELDS if isinstance(post.get(name), str) and post[name]), "")


def main():
    rules_path, mbox_path = sys.argv[1], sys.argv[2]
    export = sys.argv[4] if len(sys.argv) > 4 and sys.argv[3] == "--export" else None
    patterns, flags = [], []
    rewritten = dropped = 0
    for line in open(rules_path, encoding="utf-8"):
        line = line.rstrip("\n")
        for attempt, text in enumerate([line, rewrite(line)]):
            body, flag = flags_and_body(text)
            try:
                hyperscan.Database(mode=hyperscan.HS_MODE_BLOCK).compile(expressions=[body], ids=[0], flags=[flag])
            except hyperscan.error:
                continue
            patterns.append(body)
            flags.append(flag)
            rewritten += attempt
            break
        else:
            dropped += 1
    database = hyperscan.Database(mode=hyperscan.HS_MODE_BLOCK)
    kept = list(range(len(patterns)))
    database.compile(expressions=patterns, ids=kept, flags=flags)
    data = open(mbox_path, "rb").read()
    if mbox_path.endswith(".jsonl"):
        messages = [post_text(json.loads(line)).encode() for line in data.splitlines() if line.strip()]
    elif mbox_path.endswith(".txt"):
        messages = [line for line in data.splitlines() if line.strip()]
    else:
        messages = data.split(b"\nFrom ")
    matched = 0
    if export:
        with open(f"{export}/patterns.txt", "wb") as out:
            for body, flag in zip(patterns, flags):
                out.write(str(flag).encode() + b"\t" + body + b"\n")
        with open(f"{export}/records.bin", "wb") as out:
            for message in messages:
                out.write(struct.pack("<I", len(message)) + message)

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
    total = len(patterns) + dropped
    print(
        f"Hyperscan: {len(messages)} messages, {matched} matching, {len(kept)}/{total} patterns "
        f"({rewritten} with look-arounds dropped, {dropped} rejected), {seconds:.3f} s scan"
    )


if __name__ == "__main__":
    main()
