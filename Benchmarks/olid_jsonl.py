#!/usr/bin/env python3
"""Writes an OLID development split as JSON Lines that `leakscan bench --labels` reads: one post
per tweet, {"id", "text", "label"} (label 1 = offensive), from ../shared/corpora/labelled/olid-train
read in place. Only the training and validation splits exist there; the OLID test split is the
held-out measure and is never used for tuning.
Usage: olid_jsonl.py train|val OUT.jsonl
Then:  leakscan bench --labels OUT.jsonl --label-column label --positive 1 --category derogatory"""
import json
import os
import sys

OLID = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "shared", "corpora", "labelled", "olid-train")


def main():
    split, out = sys.argv[1], sys.argv[2]
    if split not in ("train", "val"):
        sys.exit("split must be train or val")
    with open(os.path.join(OLID, f"{split}_labels.txt")) as handle:
        labels = handle.read().split()
    with open(os.path.join(OLID, f"{split}_text.txt"), encoding="utf-8") as handle:
        texts = handle.read().split("\n")[:len(labels)]
    with open(out, "w", encoding="utf-8") as handle:
        for index, (text, label) in enumerate(zip(texts, labels)):
            handle.write(json.dumps({"id": f"olid-{split}-{index}", "text": text.strip(), "label": int(label)}, ensure_ascii=False) + "\n")
    print(f"{len(labels)} tweets, {sum(map(int, labels))} offensive", file=sys.stderr)


if __name__ == "__main__":
    main()
