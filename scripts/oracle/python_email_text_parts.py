#!/usr/bin/env python3
"""Test oracle: the decoded text parts of email messages, as Python's `email` package sees them.

Reads framed messages on stdin (a decimal byte count, a newline, then that many bytes; repeated)
and writes one JSON line per message: {"parts": [{"type": ..., "text": ...}, ...]} listing every
non-attachment text/* leaf in walk order, decoded with policy=default and get_content(), or
{"error": "..."} when the email package raises. Used only by LeakScan's test suite.
"""
import email
import email.policy
import json
import sys


# Report types whose body Python splits into header blocks; LeakScan scans them as one text.
OPAQUE = {"message/delivery-status", "message/disposition-notification", "message/external-body", "message/feedback-report"}


def leaves(part):
    """Like Message.walk(), but without descending into the OPAQUE types."""
    if part.get_content_type() in OPAQUE:
        return
    if part.is_multipart():
        for child in part.iter_parts() if hasattr(part, "iter_parts") else part.get_payload():
            yield from leaves(child)
    else:
        yield part


def text_parts(raw):
    message = email.message_from_bytes(raw, policy=email.policy.default)
    parts = []
    for part in leaves(message):
        if part.get_content_maintype() != "text" or part.get_content_disposition() == "attachment":
            continue
        try:
            text = part.get_content()
        except (LookupError, ValueError) as error:
            # Unknown charset: Python refuses; record that so the test can list it.
            text = None
            parts.append({"type": part.get_content_type(), "error": type(error).__name__})
            continue
        parts.append({"type": part.get_content_type(), "text": text})
    return parts


def main():
    stdin = sys.stdin.buffer
    out = sys.stdout
    while True:
        header = stdin.readline()
        if not header:
            break
        raw = stdin.read(int(header))
        try:
            result = {"parts": text_parts(raw)}
        except Exception as error:  # the oracle must answer for every message
            result = {"error": f"{type(error).__name__}: {error}"}
        out.write(json.dumps(result) + "\n")
    out.flush()


if __name__ == "__main__":
    main()
