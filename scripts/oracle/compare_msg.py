#!/usr/bin/env python3
"""Compares LeakScan's reading of Outlook .msg files with extract-msg's (a test-time oracle).

Usage: compare_msg.py MSG_DIR OURS_DIR
For every MSG_DIR/NAME.msg, OURS_DIR/NAME.eml holds the RFC 5322 message LeakScan made of it.
Subject, sender and body must agree: the subjects equal; extract-msg's sender (a name or an
address) appears in our From header, or both have none; the plain bodies equal once NULs and
runs of white space are normalised. Prints one line per file and exits 1 on any difference.
"""
import email
import email.policy
import pathlib
import re
import sys
import warnings

import extract_msg


def normal(text):
    return re.sub(r"\s+", " ", (text or "").replace("\x00", "")).strip()


def main():
    msg_dir, ours_dir = map(pathlib.Path, sys.argv[1:3])
    failures = 0
    for path in sorted(msg_dir.glob("*.msg")):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            theirs = extract_msg.openMsg(str(path))
            subject, sender, body = normal(theirs.subject), normal(getattr(theirs, "sender", None)), normal(theirs.body)
        ours = email.message_from_bytes((ours_dir / (path.stem + ".eml")).read_bytes(), policy=email.policy.default)
        our_subject = normal(str(ours["subject"] or ""))
        our_from = normal(str(ours["from"] or ""))
        plain = ours.get_body(preferencelist=("plain",))
        our_body = normal(plain.get_content() if plain else "")
        problems = []
        if our_subject != subject:
            problems.append(f"subject {our_subject!r} != {subject!r}")
        if (sender and sender not in our_from) or (not sender and our_from):
            problems.append(f"sender {our_from!r} does not hold {sender!r}")
        if our_body != body:
            problems.append(f"body {our_body[:60]!r}… != {body[:60]!r}…")
        failures += bool(problems)
        print(f"{path.name}: " + ("; ".join(problems) if problems else f"ok (subject {subject!r}, sender {sender!r}, body {len(body)} chars)"))
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
