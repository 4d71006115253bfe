#!/usr/bin/env python3
"""csv_pandas.py PORTLAB SOURCE_DIR: pandas.read_csv with its defaults reads
`portlab run --csv FILE` as written (the header is the first line: the
provenance is beside it in FILE.provenance.json, not a "#" line in it), and
json.load reads the sidecar. Prints "PORTLAB_SKIP: ..." where python3-pandas
is missing."""
import json
import os
import subprocess
import sys
import tempfile

try:
    import pandas
except ImportError:
    print("PORTLAB_SKIP: python3-pandas is not installed")
    sys.exit(0)

portlab, src = sys.argv[1], sys.argv[2]
with tempfile.TemporaryDirectory() as d:
    csv = os.path.join(d, "series.csv")
    subprocess.run([portlab, "run", os.path.join(src, "scenarios", "nat-textbook.yaml"), "--csv", csv],
                   check=True, stdout=subprocess.DEVNULL)
    with open(csv) as f:
        header = f.readline().rstrip("\n").split(",")
        rows = sum(1 for _ in f)
    frame = pandas.read_csv(csv)
    side = json.load(open(csv + ".provenance.json"))
    problems = []
    if list(frame.columns) != header:
        problems.append("pandas' columns %s are not the header %s" % (list(frame.columns), header))
    if len(frame) != rows:
        problems.append("pandas read %d rows, the file has %d" % (len(frame), rows))
    if side["portlab"]["format"] != 1 or not side["portlab"]["command"]:
        problems.append("the sidecar is not the provenance: %s" % side)
    for p in problems:
        print(p)
    if problems:
        sys.exit(1)
    print("pandas.read_csv reads %d columns and %d rows; the sidecar holds the provenance" % (len(header), rows))
