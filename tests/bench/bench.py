#!/usr/bin/python3
"""make bench: every benchmark, one table.

    tests/bench/bench.py [--quick] [--runs N]

Runs tests/bench/kiosk_bench.py (the kiosk at 1920x1080 under Xvfb) and
tests/bench/report_bench.py (heard-report and heard-simulate on 100 k to
10 M simulated responses, against the sqlite3 CLI and pandas), collects
their rows, and prints one table: figure, value (the median of several
runs), min and max, target, ratio, and whether the target is met.  The
same table goes to build/bench.txt.  Nothing here asserts: a missed
target is a row marked "MISSED", for the closing note to explain.
"""
import argparse
import json
import os
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
OUT = os.path.join(ROOT, "build", "bench.txt")


def fmt(v):
    if v is None:
        return ""
    if isinstance(v, float):
        if 0 < abs(v) < 1:  # milliseconds in seconds: keep 3 significant digits
            return "%.3g" % v
        return ("%.2f" % v).rstrip("0").rstrip(".") if abs(v) < 1000 else "%.0f" % v
    return str(v)


def table(rows):
    head = ["figure", "value", "unit", "min", "max", "target", "ratio", "met"]
    body = [[r["figure"], fmt(r["value"]), r.get("unit") or "", fmt(r.get("min")), fmt(r.get("max")),
             r.get("target") or "", fmt(r.get("ratio")),
             {True: "yes", False: "MISSED", None: ""}[r.get("ok")]] for r in rows]
    widths = [max(len(x[i]) for x in [head] + body) for i in range(len(head))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(head, widths)),
             "  ".join("-" * w for w in widths)]
    lines += ["  ".join(c.ljust(w) for c, w in zip(x, widths)) for x in body]
    return "\n".join(l.rstrip() for l in lines)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true", help="small sizes, one run: a smoke test")
    ap.add_argument("--runs", type=int, default=None)
    args = ap.parse_args()
    rows_file = os.path.join(ROOT, "build", "bench-rows.jsonl")
    if os.path.exists(rows_file):
        os.remove(rows_file)
    extra = (["--quick"] if args.quick else []) + (["--runs", str(args.runs)] if args.runs else [])
    t0 = time.monotonic()
    status = 0
    for script in ("kiosk_bench.py", "report_bench.py"):
        path = os.path.join(HERE, script)
        if not os.path.exists(path):
            print("bench: %s is missing" % script, file=sys.stderr)
            status = 1
            continue
        print("== %s" % script, flush=True)
        rc = subprocess.call(["/usr/bin/python3", path, "--out", rows_file] + extra)
        status = status or rc
    rows = []
    if os.path.exists(rows_file):
        with open(rows_file) as f:
            rows = [json.loads(l) for l in f if l.strip()]
    with open("/proc/loadavg") as f:
        load = f.read().split()[:3]
    text = "%s\n\n%d figures in %.0f s; load average at the end %s; %s\n" % (
        table(rows), len(rows), time.monotonic() - t0, " ".join(load),
        "quick run" if args.quick else "full run")
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w") as f:
        f.write(text)
    print()
    print(text)
    return status


if __name__ == "__main__":
    sys.exit(main())
