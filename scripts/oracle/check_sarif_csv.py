#!/usr/bin/env python3
"""Test-time oracle for LeakScan's SARIF and CSV outputs (never part of the scan path).

    check_sarif_csv.py SCHEMA incidents.jsonl incidents.csv incidents.sarif

Validates the SARIF file against the OASIS SARIF 2.1.0 JSON schema with `jsonschema`, checks that
it holds one result per incident with the same rule, excerpt, offset and fingerprint, and that
the CSV, read with Python's `csv` module, gives back exactly the JSON Lines records. Prints what
differs and exits 1, or prints a one-line summary and exits 0.
"""
import csv
import json
import sys

import jsonschema


def main():
    schema_path, jsonl_path, csv_path, sarif_path = sys.argv[1:5]
    records = [json.loads(line) for line in open(jsonl_path, encoding="utf-8") if line.strip()]
    problems = []

    schema = json.load(open(schema_path, encoding="utf-8"))
    sarif = json.load(open(sarif_path, encoding="utf-8"))
    validator = jsonschema.Draft7Validator(schema)
    for error in sorted(validator.iter_errors(sarif), key=lambda e: list(e.path)):
        problems.append("SARIF schema: %s at %s" % (error.message, "/".join(map(str, error.path))))
    results = sarif["runs"][0]["results"]
    rules = sarif["runs"][0]["tool"]["driver"]["rules"]
    if len(results) != len(records):
        problems.append("SARIF has %d results for %d incidents" % (len(results), len(records)))
    for record, result in zip(records, results):
        location = result["locations"][0]["physicalLocation"]
        expected = (record["rule"], record["excerpt"], record["offset"], record["fingerprint"])
        got = (result["ruleId"], result["message"]["text"], location["region"]["byteOffset"],
               result["partialFingerprints"]["leakscanFingerprint/v1"])
        if expected != got:
            problems.append("SARIF result %r != incident %r" % (got, expected))
        if rules[result["ruleIndex"]]["id"] != result["ruleId"]:
            problems.append("SARIF ruleIndex %d is not %s" % (result["ruleIndex"], result["ruleId"]))

    with open(csv_path, newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    if len(rows) != len(records):
        problems.append("CSV has %d rows for %d incidents" % (len(rows), len(records)))
    for record, row in zip(records, rows):
        rebuilt = {key: (value if value != "" else None) for key, value in row.items() if not key.startswith("attachment_")}
        rebuilt["offset"] = int(rebuilt["offset"])
        for optional in ("kind", "target"):
            if rebuilt[optional] is None:
                del rebuilt[optional]
        if rebuilt["similarity"] is None:
            del rebuilt["similarity"]
        else:
            rebuilt["similarity"] = float(rebuilt["similarity"])
        if row["attachment_type"]:
            rebuilt["attachment"] = {"name": row["attachment_name"] or None, "type": row["attachment_type"],
                                     "size": int(row["attachment_size"]), "sha256": row["attachment_sha256"]}
            if row["attachment_member"]:
                rebuilt["attachment"]["member"] = row["attachment_member"]
        else:
            rebuilt["attachment"] = None
        if rebuilt != record:
            differing = sorted(k for k in set(rebuilt) | set(record) if rebuilt.get(k) != record.get(k))
            problems.append("CSV row differs from its JSON Lines record in %s: %r" % (differing, row))
    for problem in problems[:40]:
        print(problem)
    if problems:
        sys.exit(1)
    print("%d incidents: SARIF valid and matching, CSV round-trips" % len(records))


if __name__ == "__main__":
    main()
