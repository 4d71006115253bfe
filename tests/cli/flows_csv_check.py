"""flows_csv_check.py FLOWS.csv RUN.json: the flows CSV loads as a
researcher loads it, and its counts agree with the run's JSON result.

Exits 1 naming the first disagreement."""
import csv
import json
import sys

COLUMNS = ["flow", "start_s", "host", "role", "protocol", "local_address", "local_port", "remote_address",
           "remote_port", "socket", "port_probes", "outcome", "errno", "established_s", "closed_s",
           "time_wait_end_s", "nat_outside_address", "nat_outside_port", "segments_out", "bytes_out",
           "segments_in", "bytes_in"]


def fail(why):
    print(why)
    sys.exit(1)


def main(flows_path, json_path):
    with open(flows_path, newline="") as f:
        rows = list(csv.reader(f))
    if rows[0] != COLUMNS:
        fail(f"header {rows[0]}, expected {COLUMNS}")
    records = [dict(zip(COLUMNS, r)) for r in rows[1:]]
    for i, r in enumerate(rows[1:], start=2):
        if len(r) != len(COLUMNS):
            fail(f"line {i}: {len(r)} fields, expected {len(COLUMNS)}")
    for r in records:
        float(r["start_s"])
        for t in ("established_s", "closed_s", "time_wait_end_s"):
            if r[t]:
                float(r[t])
    result = json.load(open(json_path))
    connect_steps = [s for s in result["steps"] if s["op"] == "connect" and s.get("protocol") == "tcp"]
    want_ok = sum(s["ok"] for s in connect_steps)
    want_errors = sum(sum(s["errors"].values()) for s in connect_steps)
    connects = [r for r in records if r["role"] == "connect" and r["protocol"] == "tcp"]
    got_ok = sum(1 for r in connects if r["established_s"])
    got_errors = sum(1 for r in connects if r["errno"])
    if got_ok != want_ok:
        fail(f"{got_ok} connect rows established, the steps' ok say {want_ok}")
    if got_errors != want_errors:
        fail(f"{got_errors} connect rows with an errno, the steps' errors say {want_errors}")
    if len(connects) != sum(s["calls"] for s in connect_steps):
        fail(f"{len(connects)} connect rows, the steps made {sum(s['calls'] for s in connect_steps)} calls")
    ids = [int(r["flow"]) for r in records]
    if sorted(ids) != list(range(1, len(ids) + 1)):
        fail("flow ids are not 1..N")
    try:
        import pandas
    except ImportError:
        print(f"ok: {len(records)} rows, {got_ok} established, {got_errors} failed (pandas not installed)")
        return
    frame = pandas.read_csv(flows_path)
    if len(frame) != len(records) or list(frame.columns) != COLUMNS:
        fail("pandas reads another table")
    if int(frame[(frame.role == "connect") & frame.established_s.notna()].shape[0]) != want_ok:
        fail("pandas counts other established rows")
    print(f"ok: {len(records)} rows, {got_ok} established, {got_errors} failed (csv and pandas)")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
