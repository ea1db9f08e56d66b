#!/usr/bin/env python3
"""Scores LeakScan's image reading for Benchmarks/images.sh and prints Markdown.

    score.py emblems THRESHOLD POSITIVES.jsonl NEGATIVES.jsonl
    score.py ocr TRUTH.jsonl OCR.jsonl

emblems: POSITIVES are `image-quality emblems` lines for <emblem>__<transformation> files; a
hit is the right emblem scoring highest and at least THRESHOLD. NEGATIVES are lines for real
non-emblem pictures; a false match is any emblem at or above THRESHOLD. Prints the robustness
table, recall, precision, a threshold sweep and seconds per picture.

ocr: character error rate (Levenshtein distance over the reference length, runs of white space
made one space) per font and size, and pictures per second.
"""
import collections
import json
import statistics
import sys


def load(path):
    return [json.loads(line) for line in open(path)]


def emblems(threshold, positives_path, negatives_path):
    positives = load(positives_path)
    negatives = load(negatives_path)
    unread = [n for n in negatives if "error" in n]
    negatives = [n for n in negatives if "error" not in n]
    table = collections.defaultdict(dict)
    transformations = []
    hits = []
    for record in positives:
        name = record["path"].rsplit("/", 1)[-1]
        emblem, transformation = name.rsplit(".", 1)[0].split("__")
        if transformation not in transformations:
            transformations.append(transformation)
        scores = record["scores"]
        own = scores[emblem + ".png"]
        best = max(scores, key=scores.get)
        hit = best == emblem + ".png" and own >= threshold
        hits.append(hit)
        table[emblem][transformation] = ("%.2f" % own) + ("" if hit else " ✗")
    print("| emblem | " + " | ".join(transformations) + " |")
    print("|---|" + "---|" * len(transformations))
    for emblem in sorted(table):
        print("| %s | %s |" % (emblem, " | ".join(table[emblem].get(t, "") for t in transformations)))
    print()

    def rates(t):
        tp = sum(1 for r in positives if max(r["scores"], key=r["scores"].get) == r["path"].rsplit("/", 1)[-1].split("__")[0] + ".png"
                 and max(r["scores"].values()) >= t)
        fp = sum(1 for n in negatives if max(n["scores"].values()) >= t)
        return tp, fp

    tp, fp = rates(threshold)
    print("At threshold %.2f: %d of %d transformed emblems found (recall %.3f); %d false matches on %d real pictures "
          "(precision %.3f); %d more pictures Leptonica could not read (reported, not counted)."
          % (threshold, tp, len(positives), tp / len(positives), fp, len(negatives), tp / max(1, tp + fp), len(unread)))
    print()
    print("| threshold | recall | false matches | precision |")
    print("|---|---|---|---|")
    for t in (0.75, 0.8, 0.85, 0.87, 0.89, 0.9, 0.92, 0.95):
        tp, fp = rates(t)
        print("| %.2f | %.3f | %d | %.3f |" % (t, tp / len(positives), fp, tp / max(1, tp + fp)))
    print()
    top = sorted(negatives, key=lambda n: -max(n["scores"].values()))[:5]
    print("Highest-scoring real pictures: " + ", ".join("%s %.2f" % (n["path"].rsplit("/", 1)[-1], max(n["scores"].values())) for n in top))
    seconds = [r["seconds"] for r in positives + negatives]
    print("Seconds per picture (all %d references searched): median %.3f, mean %.3f, max %.2f"
          % (len(positives[0]["scores"]), statistics.median(seconds), statistics.mean(seconds), max(seconds)))


def distance(a, b):
    previous = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        current = [i]
        for j, y in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (x != y)))
        previous = current
    return previous[-1]


def ocr(truth_path, ocr_path):
    truth = {t["image"]: t for t in load(truth_path)}
    groups = collections.defaultdict(lambda: [0, 0, 0.0, 0])
    for record in load(ocr_path):
        reference = truth[record["path"].rsplit("/", 1)[-1]]
        expected = " ".join(reference["text"].split())
        got = " ".join(record.get("text", "").split())
        group = groups[(reference["font"], reference["size"])]
        group[0] += distance(expected, got)
        group[1] += len(expected)
        group[2] += record.get("seconds", 0)
        group[3] += 1
    print("| font | size (px) | pictures | characters | CER | pictures/s |")
    print("|---|---|---|---|---|---|")
    for (font, size), (errors, length, seconds, count) in sorted(groups.items()):
        print("| %s | %d | %d | %d | %.4f | %.2f |" % (font, size, count, length, errors / length, count / seconds))


if __name__ == "__main__":
    if len(sys.argv) == 5 and sys.argv[1] == "emblems":
        emblems(float(sys.argv[2]), sys.argv[3], sys.argv[4])
    elif len(sys.argv) == 4 and sys.argv[1] == "ocr":
        ocr(sys.argv[2], sys.argv[3])
    else:
        sys.exit(__doc__)
