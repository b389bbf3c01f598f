#!/usr/bin/python3
"""peer_pandas.py - the pandas peer for `make bench` (issue 6).

What a manager's analyst would write instead of heard-report: read one
month of answers from a heard database with sqlite3 + pandas.read_sql,
then count, per service and for ALL, per question: v1..v5, skipped,
"Does not apply", answered, and top-box % ("Yes, fully" of those who
answered).  No suppression, no intervals, no trend: only the month table,
so the comparison flatters pandas.  Debian: python3-pandas (pulls in
python3-numpy, python3-pandas-lib, python3-dateutil, python3-tz).

    peer_pandas.py --db FILE --month YYYY-MM [-o OUT.csv] [--counts]

--counts: read heard's running counts (table count_answer, schema
version 2) instead of the raw rows: the fastest pandas could be.  A
schema version 3 database holds counts only, so it is always read so.

The CSV written has heard-report's column names for what it computes.
It reads the database only; SQL against heard's schema here is a
benchmark peer, not part of heard.
"""
import argparse
import sqlite3
import sys

import pandas as pd

COLUMNS = ["service", "period", "question", "answered", "skipped", "not_applicable",
           "v1", "v2", "v3", "v4", "v5", "top_box_pct"]


def month_table(db, month, counts=False):
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        # schema v3 keeps counts only: there are no rows left to read
        counts = counts or not con.execute(
            "SELECT 1 FROM sqlite_master WHERE name = 'response'").fetchone()
        if counts:
            df = pd.read_sql(
                "SELECT service, question, value, n FROM count_answer"
                " WHERE period BETWEEN ? AND ? || '-~'", con, params=(month, month))
        else:
            df = pd.read_sql(
                "SELECT r.service AS service, a.question AS question, a.value AS value"
                "  FROM response r JOIN answer a ON a.response = r.id"
                " WHERE r.period = ?", con, params=(month,))
            df["n"] = 1
    finally:
        con.close()
    df["service"] = df["service"].replace("", "Not said")
    every = pd.concat([df, df.assign(service="ALL")], ignore_index=True)
    t = pd.crosstab([every["service"], every["question"]], every["value"],
                    values=every["n"], aggfunc="sum").fillna(0).astype(int)
    t = t.reindex(columns=[-1, 0, 1, 2, 3, 4, 5], fill_value=0)
    out = pd.DataFrame({
        "v1": t[1], "v2": t[2], "v3": t[3], "v4": t[4], "v5": t[5],
        "skipped": t[0], "not_applicable": t[-1]})
    out["answered"] = out[["v1", "v2", "v3", "v4", "v5"]].sum(axis=1)
    out["top_box_pct"] = (100 * out["v5"] / out["answered"]).round(1)
    out = out.reset_index()
    out["period"] = month
    return out[COLUMNS]


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", required=True)
    ap.add_argument("--month", required=True)
    ap.add_argument("-o", dest="out", default="-")
    ap.add_argument("--counts", action="store_true", help="read heard's count table")
    a = ap.parse_args()
    table = month_table(a.db, a.month, a.counts)
    table.to_csv(sys.stdout if a.out == "-" else a.out, index=False)


if __name__ == "__main__":
    main()
