#!/usr/bin/env python3
"""A social-media posts archive (JSON Lines, the shape `leakscan synth` writes) made of real
tweets: the OLID training and validation splits and the Davidson set from ../shared/corpora,
read in place and cycled until the file reaches SIZE bytes (each copy gets its own id, author
and time). The text is real, swearing, insults, mentions and all; nothing is filtered.
The OLID test split is not used (it is the held-out measure of the derogatory rules).
Usage: posts_from_labelled.py SIZE_BYTES OUT.jsonl"""
import csv
import json
import os
import sys

CORPORA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "shared", "corpora", "labelled")


def tweets():
    for split in ("train_text.txt", "val_text.txt"):
        with open(os.path.join(CORPORA, "olid-train", split), encoding="utf-8") as handle:
            yield from (line.strip() for line in handle if line.strip())
    with open(os.path.join(CORPORA, "davidson-hate-speech", "data", "labeled_data.csv"), encoding="utf-8") as handle:
        yield from (row["tweet"] for row in csv.DictReader(handle))


def main():
    size, out = int(sys.argv[1]), sys.argv[2]
    texts = list(tweets())
    written = index = 0
    with open(out, "w", encoding="utf-8") as handle:
        while written < size:
            text = texts[index % len(texts)]
            day, second = divmod(index * 37, 86400)
            line = json.dumps({
                "id": f"post-{index}", "author": f"@user{index % 5000}", "platform": ["twitter", "facebook"][index % 2],
                "created_at": f"2019-{1 + day // 28 % 12:02d}-{1 + day % 28:02d}T{second // 3600:02d}:{second // 60 % 60:02d}:{second % 60:02d}Z",
                "text": text}, ensure_ascii=False) + "\n"
            handle.write(line)
            written += len(line.encode())
            index += 1
    print(f"{index} posts from {len(texts)} real tweets, {written} bytes", file=sys.stderr)


if __name__ == "__main__":
    main()
