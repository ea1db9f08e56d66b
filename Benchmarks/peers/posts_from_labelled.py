#!/usr/bin/env python3
"""A social-media posts archive (JSON Lines) made of real tweets: the OLID training and
validation splits and the Davidson set from ../shared/corpora, read in place and cycled until
the file reaches SIZE bytes (each copy gets its own id, author and time). The text is real,
swearing, insults, mentions and all; nothing is filtered. The OLID test split is not used (it
is the held-out measure of the derogatory rules).

Shapes: `flat` (the default; the shape `leakscan synth` writes: id, author, platform, time,
text) and `reddit` (each post a comment as Pushshift's 2019 dumps write one: the text in
`body`, 35 members, some nested: awards, flair, `gildings`). The text is the same either way;
the shape is what a reader of real exports parses around it. `lines` writes the bare texts, one
per line, as labelled sets keep them (OLID's `train_text.txt`): plain text, no JSON.
Usage: posts_from_labelled.py SIZE_BYTES OUT [flat|reddit|lines]"""
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


def flat(index, text):
    day, second = divmod(index * 37, 86400)
    return {
        "id": f"post-{index}", "author": f"@user{index % 5000}", "platform": ["twitter", "facebook"][index % 2],
        "created_at": f"2019-{1 + day // 28 % 12:02d}-{1 + day % 28:02d}T{second // 3600:02d}:{second // 60 % 60:02d}:{second % 60:02d}Z",
        "text": text}


def reddit(index, text):
    """A comment with the members (and their order) of Pushshift's RC_2019 dumps."""
    subreddit = ["unitedkingdom", "police", "AskUK", "news"][index % 4]
    created = 1546300800 + index * 37
    return {
        "all_awardings": [] if index % 50 else [{"coin_price": 100, "count": 1, "id": "gid_1", "name": "Silver"}],
        "associated_award": None, "author": f"user{index % 5000}", "author_created_utc": 1300000000 + index % 5000 * 1000,
        "author_flair_background_color": None, "author_flair_css_class": None,
        "author_flair_richtext": [] if index % 7 else [{"e": "text", "t": "Greater London"}],
        "author_flair_template_id": None, "author_flair_text": None, "author_flair_text_color": None,
        "author_flair_type": "text", "author_fullname": f"t2_{index % 5000:x}", "author_patreon_flair": False,
        "awarders": [], "body": text, "collapsed_because_crowd_control": None, "created_utc": created,
        "gildings": {} if index % 50 else {"gid_1": 1}, "id": f"e{index:x}", "is_submitter": index % 9 == 0,
        "link_id": f"t3_a{index // 40:x}", "locked": False, "no_follow": index % 3 != 0, "parent_id": f"t1_e{max(index - 1, 0):x}",
        "permalink": f"/r/{subreddit}/comments/a{index // 40:x}/thread/e{index:x}/", "retrieved_on": created + 3600,
        "score": index % 23 - 3, "send_replies": True, "stickied": False, "subreddit": subreddit,
        "subreddit_id": ["t5_2qhqb", "t5_2qh5y", "t5_2xa1k", "t5_2qh3l"][index % 4], "top_awarded_type": None,
        "total_awards_received": 0 if index % 50 else 1, "treatment_tags": []}


def main():
    size, out = int(sys.argv[1]), sys.argv[2]
    name = sys.argv[3] if len(sys.argv) > 3 else "flat"
    shape = {"flat": flat, "reddit": reddit, "lines": None}[name]
    texts = list(tweets())
    written = index = 0
    with open(out, "w", encoding="utf-8") as handle:
        while written < size:
            text = texts[index % len(texts)]
            line = (json.dumps(shape(index, text), ensure_ascii=False) if shape else " ".join(text.split())) + "\n"
            handle.write(line)
            written += len(line.encode())
            index += 1
    print(f"{index} posts from {len(texts)} real tweets, {written} bytes", file=sys.stderr)


if __name__ == "__main__":
    main()
