#!/usr/bin/env python3
"""Runs one LeakScan scan across a Spark cluster: the same incidents and statistics as one
`leakscan scan --stats` of the same inputs, byte for byte.

    spark-submit [--master URL] scripts/spark/leakscan_spark.py [--leakscan PATH]
        [--fingerprint-key-file FILE] [--unit-size 256M] [scan options...] --output DIR INPUTS...

1. The driver plans work units (`leakscan plan`): small files grouped whole, large plain mbox
   and JSON Lines files cut into byte ranges aligned to message boundaries.
2. Each unit is one Spark task. It runs `leakscan scan --plan DIR/_plan.jsonl --unit K` on an
   executor, into a temporary directory that it renames to `DIR/_units/K` only when the scan has
   finished. A task that dies is retried by Spark. A retry writes its own temporary directory,
   and a unit already renamed into place is kept, so a retried task never duplicates a unit.
3. The driver merges the units in order (`leakscan merge`) into `DIR/incidents.jsonl` and
   `DIR/stats.json`.

Paths: the inputs and DIR must be readable and writable at the same path on the driver and on
every executor: a shared or mounted filesystem (NFS, a Hadoop-compatible filesystem mounted
with FUSE, or local disk in local mode). `--leakscan` is the binary's path on the executors
(installed on the nodes, with its resource bundle beside it); the default is `leakscan` on PATH.
The fingerprint key file must be readable on every executor too: every unit must hash with the
same key.

Scan options after the script's own are passed to every `leakscan scan` (for example `--orgs FILE`
or `--patterns DIR`); `--orgs` is also passed to the merge. For testing, the environment variable
LEAKSCAN_SPARK_KILL_ONCE=K makes the task of unit K kill its own Python worker once, half-way
through, to show that Spark's retry gives the same result.
"""
import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import uuid


OWN_OPTIONS = {"--leakscan": "leakscan", "--fingerprint-key-file": "fingerprint_key_file", "--unit-size": "unit_size"}


def parse(argv):
    """The script's options, the scan options to pass on, and the inputs: everything after
    `--output DIR` is an input, everything before it that is not the script's own is passed
    to `leakscan scan` as it is."""
    args = argparse.Namespace(leakscan="leakscan", fingerprint_key_file=None, unit_size="256M", output=None, inputs=[])
    scan_options = []
    index = 0
    while index < len(argv):
        item = argv[index]
        if item in OWN_OPTIONS and index + 1 < len(argv):
            setattr(args, OWN_OPTIONS[item], argv[index + 1])
            index += 2
        elif item == "--output" and index + 1 < len(argv):
            args.output, args.inputs = argv[index + 1], argv[index + 2:]
            break
        else:
            scan_options.append(item)
            index += 1
    if not args.output or not args.inputs:
        sys.exit("usage: leakscan_spark.py [--leakscan PATH] [--fingerprint-key-file FILE] [--unit-size 256M] "
                 "[scan options...] --output DIR INPUTS...")
    return args, scan_options


def run_unit(unit, leakscan, plan, output, scan_options):
    """One task: scan unit `unit` into a temporary directory, then rename it into place."""
    final = os.path.join(output, "_units", f"{unit:06d}")
    if os.path.isdir(final):
        return unit  # an earlier attempt finished this unit
    temporary = f"{final}.tmp-{uuid.uuid4().hex}"
    os.makedirs(temporary)
    command = [leakscan, "scan", "--quiet", "--plan", plan, "--unit", str(unit),
               "--output", os.path.join(temporary, "incidents.jsonl"), "--stats", os.path.join(temporary, "stats.json")]
    process = subprocess.Popen(command + scan_options, stderr=subprocess.PIPE, text=True)
    if os.environ.get("LEAKSCAN_SPARK_KILL_ONCE") == str(unit):
        marker = os.path.join(output, "_units", f"killed-{unit}")
        if not os.path.exists(marker):
            open(marker, "w").close()
            process.kill()
            os.kill(os.getpid(), signal.SIGKILL)  # the Python worker dies; Spark retries the task
    _, errors = process.communicate()
    if process.returncode not in (0, 1):
        shutil.rmtree(temporary, ignore_errors=True)
        raise RuntimeError(f"leakscan scan of unit {unit} failed with status {process.returncode}: {errors[-2000:]}")
    try:
        os.rename(temporary, final)
    except OSError:
        shutil.rmtree(temporary, ignore_errors=True)  # another attempt got there first
        if not os.path.isdir(final):
            raise
    return unit


def option_value(options, name):
    for index, option in enumerate(options):
        if option == name and index + 1 < len(options):
            return options[index + 1]
        if option.startswith(name + "="):
            return option.split("=", 1)[1]
    return None


def main(argv):
    from pyspark.sql import SparkSession

    args, scan_options = parse(argv)
    if args.fingerprint_key_file:
        scan_options = ["--fingerprint-key-file", args.fingerprint_key_file] + scan_options
    output = os.path.abspath(args.output)
    os.makedirs(os.path.join(output, "_units"), exist_ok=True)
    plan = os.path.join(output, "_plan.jsonl")
    planned = subprocess.run([args.leakscan, "plan", "--unit-size", args.unit_size] + [os.path.abspath(p) for p in args.inputs],
                             capture_output=True, text=True, check=True)
    with open(plan + ".tmp", "w") as handle:
        handle.write(planned.stdout)
    os.replace(plan + ".tmp", plan)
    units = [json.loads(line)["unit"] for line in planned.stdout.splitlines() if line.strip()]
    print(f"leakscan_spark: {len(units)} units", file=sys.stderr)

    spark = SparkSession.builder.appName("leakscan").getOrCreate()
    leakscan, options = args.leakscan, scan_options
    done = spark.sparkContext.parallelize(units, max(1, len(units))).map(
        lambda unit: run_unit(unit, leakscan, plan, output, options)).collect()
    spark.stop()
    if sorted(done) != units:
        sys.exit(f"leakscan_spark: units missing: {sorted(set(units) - set(done))}")

    # What failed or killed attempts left behind.
    for name in os.listdir(os.path.join(output, "_units")):
        if ".tmp-" in name:
            shutil.rmtree(os.path.join(output, "_units", name), ignore_errors=True)
    merge = [args.leakscan, "merge", "--output", os.path.join(output, "incidents.jsonl"), "--stats", os.path.join(output, "stats.json")]
    orgs = option_value(scan_options, "--orgs")
    if orgs:
        merge += ["--orgs", orgs]
    subprocess.run(merge + [os.path.join(output, "_units", f"{unit:06d}") for unit in units], check=True)
    print(f"leakscan_spark: wrote {output}/incidents.jsonl and stats.json", file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1:])
