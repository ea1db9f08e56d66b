#!/usr/bin/env python3
"""Runs one LeakScan scan across a Spark cluster: the same incidents and statistics as one
`leakscan scan --stats` of the same inputs, byte for byte.

    spark-submit [--master URL] scripts/spark/leakscan_spark.py [--leakscan PATH]
        [--hadoop-fs COMMAND] [--fingerprint-key-file FILE] [--unit-size 256M]
        [scan options...] --output DIR INPUTS...

1. The driver plans work units (`leakscan plan`): small files grouped whole, large plain mbox
   and JSON Lines files cut into byte ranges aligned to message boundaries. The plan is kept
   as DIR/_plan.jsonl, and each task is given its own unit.
2. Each unit is one Spark task. It runs `leakscan scan --plan UNIT --unit K` on an executor
   into a local temporary directory, copies that to a temporary name under DIR/_units and
   renames it to DIR/_units/K. A task that dies is retried by Spark; a unit already renamed
   into place is kept, so a retried task never duplicates a unit.
3. The driver merges the units in order (`leakscan merge`) into DIR/incidents.jsonl and
   DIR/stats.json.

Paths: INPUTS and DIR are local paths that every executor sees at the same place (NFS, local
disk in local mode), or URIs of any Hadoop-compatible filesystem the cluster reads (hdfs://,
s3a://, abfs://, gs://, file://). leakscan reads URIs, and this script writes them, through
the cluster's own Hadoop client: `scripts/hadoop/leakscan-hadoop-fs`, started by the command
given as --hadoop-fs (default: $LEAKSCAN_HADOOP_FS, else that script beside this one; it needs
a JDK and finds Spark's jars and $HADOOP_CONF_DIR itself). `--leakscan` is the binary's path on
the executors (installed on the nodes, with its resource bundle beside it); the default is
`leakscan` on PATH. The fingerprint key file must be readable on every executor too: every
unit must hash with the same key.

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
import tempfile
import uuid

OWN_OPTIONS = {"--leakscan": "leakscan", "--fingerprint-key-file": "fingerprint_key_file", "--unit-size": "unit_size",
               "--hadoop-fs": "hadoop_fs"}
DEFAULT_HADOOP_FS = os.path.join(os.path.dirname(os.path.abspath(__file__)), os.pardir, "hadoop", "leakscan-hadoop-fs")
UNIT_FILES = ("incidents.jsonl", "stats.json")


def is_uri(path):
    """`scheme://...`, as leakscan decides (LeakScanHadoop's RemotePath.isURI)."""
    scheme, separator, _ = path.partition("://")
    return bool(separator) and scheme[:1].isalpha() and all(c.isalnum() or c in "+-." for c in scheme)


def parse(argv):
    """The script's options, the scan options to pass on, and the inputs: everything after
    `--output DIR` is an input, everything before it that is not the script's own is passed
    to `leakscan scan` as it is."""
    args = argparse.Namespace(leakscan="leakscan", fingerprint_key_file=None, unit_size="256M", output=None, inputs=[],
                              hadoop_fs=os.environ.get("LEAKSCAN_HADOOP_FS") or os.path.normpath(DEFAULT_HADOOP_FS))
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
        sys.exit("usage: leakscan_spark.py [--leakscan PATH] [--hadoop-fs COMMAND] [--fingerprint-key-file FILE] "
                 "[--unit-size 256M] [scan options...] --output DIR INPUTS...")
    return args, scan_options


class HadoopFiles:
    """A client of scripts/hadoop/HadoopFileServer.java (the protocol is described there)."""

    def __init__(self, command):
        self.command = command
        self.process = subprocess.Popen(["/bin/sh", "-c", command], stdin=subprocess.PIPE, stdout=subprocess.PIPE)

    def close(self):
        self.process.stdin.close()
        self.process.wait()

    def request(self, *fields):
        self.process.stdin.write("\t".join(fields).encode() + b"\n")
        self.process.stdin.flush()
        line = self.process.stdout.readline()
        if not line:
            raise RuntimeError(f"the Hadoop filesystem server ({self.command}) ended; its messages are above")
        reply = line.decode().rstrip("\n").split("\t")
        if reply[0] == "error":
            raise OSError(f"{fields[0]} {fields[1]}: {' '.join(reply[1:])}")
        return reply

    def exists(self, uri):
        return self.request("stat", uri)[0] != "missing"

    def listdir(self, uri):
        count = int(self.request("list", uri)[1])
        return [self.process.stdout.readline().decode().rstrip("\n").split("\t", 2)[2] for _ in range(count)]

    def makedirs(self, uri):
        self.request("mkdirs", uri)

    def remove(self, uri):
        self.request("delete", uri)

    def rename(self, source, target):
        """Renames unless `target` exists (then False); never moves into an existing directory."""
        return self.request("rename", source, target)[0] == "ok"

    def upload(self, path, uri):
        """Copies local file `path` to `uri`, streamed: unit results can be gigabytes."""
        size = os.path.getsize(path)
        self.process.stdin.write(f"put\t{uri}\t{size}\n".encode())
        with open(path, "rb") as handle:
            shutil.copyfileobj(handle, self.process.stdin, 8 << 20)
        self.process.stdin.flush()
        line = self.process.stdout.readline().decode().rstrip("\n").split("\t")
        if line[0] != "ok":
            raise OSError(f"put {uri}: {' '.join(line[1:]) or 'the Hadoop filesystem server ended'}")

    def download(self, uri, path):
        """Copies `uri` to local file `path`, in chunks."""
        offset = 0
        with open(path, "wb") as handle:
            while True:
                count = int(self.request("read", uri, str(offset), str(8 << 20))[1])
                handle.write(self.process.stdout.read(count))
                offset += count
                if count < 8 << 20:
                    return


class LocalFiles:
    """The same operations as HadoopFiles, on a path every executor sees."""

    def close(self):
        pass

    exists = staticmethod(os.path.exists)
    listdir = staticmethod(os.listdir)

    def makedirs(self, path):
        os.makedirs(path, exist_ok=True)

    def remove(self, path):
        shutil.rmtree(path, ignore_errors=True) if os.path.isdir(path) else os.remove(path)

    def rename(self, source, target):
        if os.path.exists(target):
            return False
        try:
            os.rename(source, target)
        except OSError:
            if os.path.exists(target):
                return False  # another attempt got there first
            raise
        return True

    def upload(self, path, target):
        shutil.copyfile(path, target)

    def download(self, source, path):
        shutil.copyfile(source, path)


def files_for(output, hadoop_fs):
    return HadoopFiles(hadoop_fs) if is_uri(output) else LocalFiles()


def join(directory, *names):
    return "/".join([directory.rstrip("/"), *names])


def publish(files, directory, target):
    """Copies a local directory's unit files to a temporary name beside `target`, then renames
    it to `target`; False when `target` was already there (an earlier attempt's, kept)."""
    if files.exists(target):
        return False
    temporary = f"{target}.tmp-{uuid.uuid4().hex}"
    files.makedirs(temporary)
    for name in UNIT_FILES:
        files.upload(os.path.join(directory, name), join(temporary, name))
    if not files.rename(temporary, target):
        files.remove(temporary)
        return False
    return True


def upload_atomically(files, local, path):
    """Copies local file `local` to a temporary name beside `path`, then renames it to `path`."""
    temporary = f"{path}.tmp-{uuid.uuid4().hex}"
    files.upload(local, temporary)
    if files.exists(path):
        files.remove(path)
    if not files.rename(temporary, path):
        raise RuntimeError(f"cannot rename {temporary} to {path}")


def run_unit(unit, plan_line, leakscan, hadoop_fs, output, scan_options):
    """One task: scan unit `unit` locally, then publish its results under `output`."""
    files = files_for(output, hadoop_fs)
    try:
        final = join(output, "_units", f"{unit:06d}")
        if files.exists(final):
            return unit  # an earlier attempt finished this unit
        with tempfile.TemporaryDirectory(prefix="leakscan-unit-") as local:
            plan = os.path.join(local, "plan.jsonl")
            with open(plan, "w") as handle:
                handle.write(plan_line + "\n")
            command = [leakscan, "scan", "--quiet", "--plan", plan, "--unit", str(unit),
                       "--output", os.path.join(local, "incidents.jsonl"), "--stats", os.path.join(local, "stats.json")]
            environment = dict(os.environ, LEAKSCAN_HADOOP_FS=hadoop_fs)
            process = subprocess.Popen(command + scan_options, stderr=subprocess.PIPE, text=True, env=environment)
            if os.environ.get("LEAKSCAN_SPARK_KILL_ONCE") == str(unit):
                marker = join(output, "_units", f"killed-{unit}")
                if not files.exists(marker):
                    files.upload(os.devnull, marker)
                    process.kill()
                    os.kill(os.getpid(), signal.SIGKILL)  # the Python worker dies; Spark retries the task
            _, errors = process.communicate()
            if process.returncode not in (0, 1):
                raise RuntimeError(f"leakscan scan of unit {unit} failed with status {process.returncode}: {errors[-2000:]}")
            publish(files, local, final)
        return unit
    finally:
        files.close()


def option_value(options, name):
    for index, option in enumerate(options):
        if option == name and index + 1 < len(options):
            return options[index + 1]
        if option.startswith(name + "="):
            return option.split("=", 1)[1]
    return None


def merge(args, scan_options, files, output, units):
    """Merges the units in order into output/incidents.jsonl and stats.json, on the driver."""
    with tempfile.TemporaryDirectory(prefix="leakscan-merge-") as local:
        if isinstance(files, LocalFiles):
            directories = [join(output, "_units", f"{unit:06d}") for unit in units]
        else:
            directories = []
            for unit in units:
                directory = os.path.join(local, f"{unit:06d}")
                os.makedirs(directory)
                for name in UNIT_FILES:
                    files.download(join(output, "_units", f"{unit:06d}", name), os.path.join(directory, name))
                directories.append(directory)
        command = [args.leakscan, "merge", "--output", os.path.join(local, "incidents.jsonl"),
                   "--stats", os.path.join(local, "stats.json")]
        orgs = option_value(scan_options, "--orgs")
        if orgs:
            command += ["--orgs", orgs]
        subprocess.run(command + directories, check=True)
        for name in UNIT_FILES:
            upload_atomically(files, os.path.join(local, name), join(output, name))


def main(argv):
    from pyspark.sql import SparkSession

    args, scan_options = parse(argv)
    if args.fingerprint_key_file:
        scan_options = ["--fingerprint-key-file", args.fingerprint_key_file] + scan_options
    output = args.output if is_uri(args.output) else os.path.abspath(args.output)
    inputs = [path if is_uri(path) else os.path.abspath(path) for path in args.inputs]
    files = files_for(output, args.hadoop_fs)
    files.makedirs(join(output, "_units"))
    planned = subprocess.run([args.leakscan, "plan", "--unit-size", args.unit_size] + inputs, capture_output=True, text=True,
                             check=True, env=dict(os.environ, LEAKSCAN_HADOOP_FS=args.hadoop_fs))
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl") as plan_file:
        plan_file.write(planned.stdout)
        plan_file.flush()
        upload_atomically(files, plan_file.name, join(output, "_plan.jsonl"))
    plan = [(json.loads(line)["unit"], line) for line in planned.stdout.splitlines() if line.strip()]
    units = [unit for unit, _ in plan]
    print(f"leakscan_spark: {len(units)} units", file=sys.stderr)

    spark = SparkSession.builder.appName("leakscan").getOrCreate()
    leakscan, hadoop_fs, options = args.leakscan, args.hadoop_fs, scan_options
    done = spark.sparkContext.parallelize(plan, max(1, len(plan))).map(
        lambda item: run_unit(item[0], item[1], leakscan, hadoop_fs, output, options)).collect()
    spark.stop()
    if sorted(done) != units:
        sys.exit(f"leakscan_spark: units missing: {sorted(set(units) - set(done))}")

    # What failed or killed attempts left behind.
    for name in files.listdir(join(output, "_units")):
        if ".tmp-" in name:
            files.remove(join(output, "_units", name))
    merge(args, scan_options, files, output, units)
    files.close()
    print(f"leakscan_spark: wrote {join(output, 'incidents.jsonl')} and stats.json", file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1:])
