#!/usr/bin/env python3
"""Oracle for LeakScan's CSV reader: the rows of each file named on the command line as
Python's csv module reads them (default dialect, newline='' as its documentation asks), one
JSON line per file holding its list of rows. Blank lines, which csv gives as empty rows, are
left out: they hold no record. Bytes that are not UTF-8 become U+FFFD, as LeakScan decodes."""

import csv
import json
import sys

csv.field_size_limit(1 << 30)  # the default, 128 KiB a field, is a limit of Python's, not of CSV

for path in sys.argv[1:]:
    with open(path, encoding="utf-8", errors="replace", newline="") as handle:
        rows = [row for row in csv.reader(handle) if row]
    print(json.dumps(rows))
