#!/usr/bin/python3
"""report_bench.py - heard-report's half of `make bench` (issue 6).

Start reading at main().  It builds (or reuses) simulated databases under
build/bench/, then times heard-simulate, heard-report in every format, a
floor (the sqlite3 CLI running the bare aggregate, floor_month.sql) and a
peer (peer_pandas.py), and checks that the floor and the peer really
produce heard-report's counts.  Each figure is the median of --runs runs
(default 3) with min and max, on a warm page cache (one untimed run
first).  Time is wall clock from fork to wait4(); peak memory is the
child's maximum resident set size from /usr/bin/time (GNU time, Debian
package "time"), or wait4()'s ru_maxrss without it (then ~10 MB too
high: the child counts the Python image it was forked from).

Rows are printed as a table and appended to --out as JSON lines:
  {"figure", "value", "unit", "min", "max", "target", "ratio", "ok"}
target is text or null, ratio a float or null, ok true/false/null.

Databases are reused between runs when build/bench/report/manifest.json says
they were built with the same parameters (10M responses take a long
time); a reused database's simulate time is the one measured when it
was built, and its row says so.  --rebuild makes them again.

  report_bench.py --out FILE [--runs N] [--quick] [--rebuild]
                  [--calm LOAD] [--calm-wait SECONDS]

--quick: 100k responses only, 1 run (a smoke run).
--calm LOAD: before measuring, wait (up to --calm-wait s, default 900)
until the 1-minute load average is below LOAD.

Exit status: 0 with every row written, missed targets included (they
are results); 1 when a check row fails (the floor or the peer did not
count what heard-report shows, so the comparison is void) or a program
failed.  Run it with /usr/bin/python3 (its #! line): the peer needs
Debian's python3-pandas, which another python3 on PATH may not see.
"""
import argparse
import csv
import datetime
import json
import os
import shutil
import statistics
import subprocess
import sys
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
BUILD = os.path.join(ROOT, "build")
BENCH = os.path.join(BUILD, "bench")     # the databases
WORK = os.path.join(BENCH, "report")    # manifest.json, out/, tmp/
HERE = os.path.join(ROOT, "tests", "bench")
REPORT = os.path.join(BUILD, "heard-report")
SIMULATE = os.path.join(BUILD, "heard-simulate")
PYTHON = "/usr/bin/python3"     # Debian's, where python3-pandas lives
SQLITE = shutil.which("sqlite3") or "/usr/bin/sqlite3"
TIME = "/usr/bin/time" if os.access("/usr/bin/time", os.X_OK) else None
FORMATS = ["text", "csv", "json", "html", "poster"]
MEM_LIMIT_MB = 64.0
FLOOR_FACTOR = 1.5              # heard-report <= 1.5 x floor
FORMAT_FACTOR = 1.5             # every format <= 1.5 x CSV (issue 15)
PEER_FACTOR = 10.0              # heard-report >= 10 x faster than pandas
SERVICES = 20
WIDTH = 66                      # figure column of the printed table
# databases made by an older heard-simulate are made again
SCHEMA = int(next(line.split()[2] for line in open(os.path.join(ROOT, "core", "store.h"))
                  if line.startswith("#define STORE_SCHEMA_VERSION")))
COUNT_FIELDS = ["answered", "skipped", "not_applicable", "v1", "v2", "v3", "v4", "v5"]

loads = []                      # 1-minute load average at each measurement


# ---- running and measuring ---------------------------------------------

class Failed(Exception):
    pass


def run_once(argv, stdout=None, stdin_text=None):
    """Run argv; return (wall s, peak RSS KiB, user s, sys s).  Raises
    Failed when it exits non-zero.  Peak RSS comes from /usr/bin/time
    (GNU time, Debian package "time") when it is there: wait4() from here
    would also count the Python image the child was forked from (about
    10 MB, kept in ru_maxrss across exec)."""
    loads.append(os.getloadavg()[0])
    out = open(stdout, "wb") if stdout else subprocess.DEVNULL
    err_path = os.path.join(WORK, "tmp", "stderr")
    rusage_path = os.path.join(WORK, "tmp", "rusage")
    if TIME:
        argv = [TIME, "-f", "%M %U %S", "-o", rusage_path, *argv]
    with open(err_path, "wb") as err:
        t0 = time.perf_counter()
        p = subprocess.Popen(argv, stdout=out, stderr=err,
                             stdin=subprocess.PIPE if stdin_text is not None else subprocess.DEVNULL)
        if stdin_text is not None:
            p.stdin.write(stdin_text.encode())
            p.stdin.close()
        _, status, ru = os.wait4(p.pid, 0)
        wall = time.perf_counter() - t0
    p.returncode = os.waitstatus_to_exitcode(status)
    if stdout:
        out.close()
    if p.returncode != 0:
        with open(err_path, errors="replace") as f:
            raise Failed(f"{' '.join(argv)}: exit {p.returncode}: {f.read().strip()}")
    if TIME:
        with open(rusage_path) as f:
            rss, user, sys_ = f.read().split()[-3:]
        return wall, int(rss), float(user), float(sys_)
    return wall, ru.ru_maxrss, ru.ru_utime, ru.ru_stime


def measure(argv, runs, stdout=None, stdin_text=None, warm=True):
    """Median-able samples of `runs` runs, after one untimed warm-up run."""
    if warm:
        run_once(argv, stdout, stdin_text)
    return [run_once(argv, stdout, stdin_text) for _ in range(runs)]


def med(xs):
    return statistics.median(xs)


# ---- rows ----------------------------------------------------------------

rows = []


def row(figure, values, unit, target=None, ratio=None, ok=None, digits=3):
    values = list(values)
    r = {"figure": figure, "value": round(med(values), digits), "unit": unit,
         "min": round(min(values), digits), "max": round(max(values), digits),
         "target": target, "ratio": None if ratio is None else round(ratio, 2), "ok": ok}
    rows.append(r)
    print_row(r)
    return r


def walls(samples):
    return [s[0] for s in samples]


def cpu(samples):
    return [s[2] + s[3] for s in samples]


def rss_mb(samples):
    return [s[1] / 1024 for s in samples]


def mem_row(figure, samples, target=True):
    """Peak RSS row; ok only when the worst run is within the limit."""
    v = rss_mb(samples)
    if not target:
        return row(figure, v, "MB", digits=1)
    return row(figure, v, "MB", f"<= {MEM_LIMIT_MB:.0f} MB", med(v) / MEM_LIMIT_MB,
               max(v) <= MEM_LIMIT_MB, digits=1)


def fmt(v):
    if v is None:
        return "-"
    if isinstance(v, bool):
        return "yes" if v else "NO"
    if isinstance(v, float):
        return f"{v:,.3f}" if abs(v) < 100 else f"{v:,.1f}"
    return str(v)


def print_row(r):
    print(f"{r['figure']:<{WIDTH}} {fmt(r['value']):>10} {r['unit']:<6} {fmt(r['min']):>10} "
          f"{fmt(r['max']):>10}  {r['target'] or '-':<22} {fmt(r['ratio']):>6} {fmt(r['ok']):>4}",
          flush=True)


def print_header(title):
    print(f"\n== {title}", flush=True)
    print(f"{'figure':<{WIDTH}} {'value':>10} {'unit':<6} {'min':>10} {'max':>10}  "
          f"{'target':<22} {'ratio':>6} {'ok':>4}", flush=True)


# ---- databases -------------------------------------------------------------

def load_manifest():
    try:
        with open(os.path.join(WORK, "manifest.json")) as f:
            return json.load(f)
    except (OSError, ValueError):
        return {}


def save_manifest(m):
    path = os.path.join(WORK, "manifest.json")
    with open(path + ".tmp", "w") as f:
        json.dump(m, f, indent=1, sort_keys=True)
    os.replace(path + ".tmp", path)


def remove_db(path):
    for suffix in ("", "-wal", "-shm", "-journal"):
        try:
            os.unlink(path + suffix)
        except FileNotFoundError:
            pass


def simulate(path, responses, months, seed, kiosk):
    """Run heard-simulate into a fresh file; returns its manifest entry."""
    remove_db(path)
    log = os.path.join(WORK, "tmp", "simulate.out")
    load = os.getloadavg()[0]
    wall, rss, user, sys_ = run_once([SIMULATE, "--db", path, "--responses", str(responses),
                                      "--services", str(SERVICES), "--months", str(months),
                                      "--seed", str(seed), "--kiosk", kiosk], stdout=log)
    with open(log) as f:
        said = f.read()
    # "...: wrote N responses: K services, months 2023-11 to 2026-10, seed S"
    first, last = said.rsplit("months ", 1)[1].split(",")[0].split(" to ")
    return {"wall": wall, "user": user, "sys": sys_, "maxrss_kb": rss, "load": load,
            "first_month": first, "last_month": last.strip()}


def sqlite_int(db, sql):
    out = subprocess.run([SQLITE, "-readonly", db, sql], capture_output=True, text=True, check=True)
    return int(out.stdout.strip())


class Dataset:
    """One database, or a folder of `files` kiosk databases, of simulated
    answers: `responses` in all, SERVICES services over `months` months."""

    def __init__(self, label, responses, months, files=1, seed=1):
        self.label, self.responses, self.months, self.files, self.seed = \
            label, responses, months, files, seed
        self.key = f"r{responses}-s{SERVICES}-m{months}-seed{seed}" + (f"-k{files}" if files > 1 else "")
        self.path = os.path.join(BENCH, self.key + ("" if files > 1 else ".db"))
        self.info = None

    def dbs(self):
        if self.files == 1:
            return [self.path]
        return [os.path.join(self.path, f"kiosk-{i:03d}.db") for i in range(1, self.files + 1)]

    def params(self):
        return {"responses": self.responses, "services": SERVICES, "months": self.months,
                "files": self.files, "seed": self.seed, "schema": SCHEMA}

    def usable(self, info):
        return (info and info.get("params") == self.params() and
                all(os.path.exists(p) and os.path.getsize(p) == info["bytes"][i]
                    for i, p in enumerate(self.dbs())))

    def ensure(self, manifest, rebuild):
        info = manifest.get(self.key)
        if not rebuild and self.usable(info):
            self.info = info
            return False
        print(f"building {self.label} ({self.responses:,} responses, {self.files} file(s)) "
              f"in {os.path.relpath(self.path, ROOT)} ...", flush=True)
        manifest.pop(self.key, None)
        save_manifest(manifest)
        if self.files > 1:
            shutil.rmtree(self.path, ignore_errors=True)
            os.makedirs(self.path)
        per = self.responses // self.files
        sims = []
        for i, db in enumerate(self.dbs()):
            kiosk = "bench" if self.files == 1 else f"kiosk-{i + 1:03d}"
            sims.append(simulate(db, per, self.months, self.seed + i, kiosk))
        last = sims[0]["last_month"]
        if any(s["last_month"] != last for s in sims):
            raise Failed(f"{self.label}: the month changed while building; run again")
        info = {"params": self.params(), "built": datetime.datetime.now().isoformat(timespec="seconds"),
                "bytes": [os.path.getsize(p) for p in self.dbs()],
                "simulate": {"wall": sum(s["wall"] for s in sims),
                             "user": sum(s["user"] for s in sims),
                             "sys": sum(s["sys"] for s in sims),
                             "maxrss_kb": max(s["maxrss_kb"] for s in sims),
                             "load": max(s["load"] for s in sims)},
                "first_month": sims[0]["first_month"], "last_month": last}
        db = self.dbs()[0]
        if self.files == 1:
            info["month_responses"] = sqlite_int(db, f"SELECT sum(n) FROM count_response WHERE period = '{last}'")
            info["window_responses"] = sqlite_int(
                db, f"SELECT sum(n) FROM count_response WHERE period BETWEEN '{month_add(last, -11)}' AND '{last}'")
        manifest[self.key] = info
        save_manifest(manifest)
        self.info = info
        return True

    @property
    def month(self):
        return self.info["last_month"]


def month_add(m, delta):
    y, mo = map(int, m.split("-"))
    k = y * 12 + mo - 1 + delta
    return f"{k // 12:04d}-{k % 12 + 1:02d}"


def human(n):
    for div, suffix in ((1_000_000, "M"), (1_000, "k")):
        if n >= div:
            v = n / div
            return f"{v:.3g}{suffix}" if v != int(v) else f"{int(v)}{suffix}"
    return str(n)


# ---- reading the outputs ---------------------------------------------------

def heard_csv(path, month):
    """heard-report CSV -> {(service, question): row} for shown cells of
    `month`, and how many cells were suppressed."""
    shown, hidden = {}, 0
    with open(path, newline="", encoding="utf-8-sig") as f:  # the CSV starts with a BOM
        for r in csv.DictReader(f):
            if r["period"] != month:
                continue
            if r["suppressed"] != "0":
                hidden += 1
                continue
            shown[(r["service"], r["question"])] = r
    return shown, hidden


def floor_table(path):
    """sqlite3 -csv output of floor_month.sql (several files' outputs may
    follow each other) -> {(service, question): counts}, with ALL."""
    t = {}
    with open(path, newline="", encoding="utf-8") as f:
        for service, question, value, n in csv.reader(f):
            for s in (service or "Not said", "ALL"):
                c = t.setdefault((s, question), dict.fromkeys(COUNT_FIELDS, 0))
                v, n = int(value), int(n)
                key = {-1: "not_applicable", 0: "skipped"}.get(v, f"v{v}")
                c[key] += n
                if v >= 1:
                    c["answered"] += n
    return t


def peer_table(path):
    with open(path, newline="", encoding="utf-8") as f:
        return {(r["service"], r["question"]): r for r in csv.DictReader(f)}


def compare(heard, hidden, other, fields, what):
    """Every shown heard cell must equal the other's; no cell may be
    missing from either (except hidden ones).  Returns (cells, problems)."""
    problems = []
    for key, h in heard.items():
        o = other.get(key)
        if o is None:
            problems.append(f"{what}: no {key}")
            continue
        for f in fields:
            a, b = h[f], o[f]
            same = abs(float(a) - float(b)) < 0.051 if f.endswith("_pct") else int(a) == int(b)
            if not same:
                problems.append(f"{what}: {key} {f}: heard {a}, {what} {b}")
    extra = len(set(other) - set(heard))
    if extra > hidden:
        problems.append(f"{what}: {extra - hidden} cells heard-report does not have")
    for p in problems[:10]:
        print("  MISMATCH", p, flush=True)
    return len(heard), problems


# ---- the figures -----------------------------------------------------------

def out_file(name):
    return os.path.join(WORK, "out", name)


def report_argv(ds, fmt_, out, trend=False):
    period = ["--from", month_add(ds.month, -11), "--to", ds.month] if trend else ["--month", ds.month]
    return [REPORT, *period, "--format", fmt_, "-o", out, ds.path]


def sim_rows(ds, runs, fresh, again):
    """Figure 1: heard-simulate's time and rate for one dataset: the build
    of a database made by this run, else (again) fresh runs into a scratch
    file, else the time recorded when the database was built."""
    s = ds.info["simulate"]
    walls_ = [s["wall"]] if fresh or not again else []
    tmp = os.path.join(WORK, "tmp", "simulate-again.db")
    while again and len(walls_) < runs and (not walls_ or walls_[0] < 60):
        walls_.append(simulate(tmp, ds.responses, ds.months, ds.seed, "bench")["wall"])
    remove_db(tmp)
    how = f"{len(walls_)} run" + ("s" if len(walls_) > 1 else "")
    how += ", >1 min" if len(walls_) == 1 and walls_[0] >= 60 else ""
    if not fresh and not again:
        how += f", when built {ds.info['built'][5:16].replace('T', ' ')} at load {s['load']:.1f}"
    row(f"simulate {ds.label} [{how}]", walls_, "s")
    row(f"simulate {ds.label}: rate", [ds.responses / w for w in walls_], "resp/s", digits=0)


def format_rows(ds, runs):
    """Figure 2: every format for the last month, each against CSV, and
    the 12-month trend."""
    got = {}
    for f in FORMATS:
        samples = measure(report_argv(ds, f, out_file(f"{ds.key}.{f}")), runs)
        row(f"report {f}, {ds.label}: time", walls(samples), "s")
        mem_row(f"report {f}, {ds.label}: peak RSS", samples)
        got[f] = samples
    csv_samples = got["csv"]
    # every format but CSV also reads the 12 months of its trend; each
    # file's counts are read once whatever the format, so none may cost
    # much more than CSV.  The target is the folder's: one file takes a
    # few tens of ms in any format, where a run's noise is the ratio.
    target = ds.files > 1
    for f in FORMATS:
        if f == "csv":
            continue
        t, c = med(walls(got[f])), med(walls(csv_samples))
        row(f"report {f} vs csv, {ds.label} (ratio: to csv's time)", walls(got[f]), "s",
            f"<= {FORMAT_FACTOR} x csv" if target else None, t / c,
            t / c <= FORMAT_FACTOR if target else None)
        # CPU time is steadier than wall time on a loaded machine
        t, c = med(cpu(got[f])), med(cpu(csv_samples))
        row(f"report {f} vs csv, {ds.label}, CPU user+sys (ratio: to csv's)", cpu(got[f]), "s",
            None, t / c if c > 0 else None)  # 10 ms ticks
    for f in ("text", "html"):
        samples = measure(report_argv(ds, f, out_file(f"{ds.key}.trend.{f}"), trend=True), runs)
        row(f"report 12-month trend {f}, {ds.label}: time", walls(samples), "s")
        mem_row(f"report 12-month trend {f}, {ds.label}: peak RSS", samples)
    return csv_samples


def floor_script(ds, sql="floor_month.sql", params=None):
    params = params or {"month": ds.month}
    sets = "".join(f".parameter set @{k} \"'{v}'\"\n" for k, v in params.items())
    body = open(os.path.join(HERE, sql)).read()
    return "".join(f".open --readonly {db}\n{sets}{body}\n" for db in ds.dbs())


def floor_rows(ds, runs, heard_samples):
    """Figure 3: the sqlite3 CLI running the bare aggregate, and a check
    that it counts what heard-report's CSV shows; then the stricter floor
    of reading the same counts from the table heard-report reads."""
    heard, hidden = heard_csv(out_file(f"{ds.key}.csv"), ds.month)
    for sql, what in (("floor_month.sql", "raw rows"), ("floor_counts.sql", "count table")):
        out = out_file(f"{ds.key}.{sql}.csv")
        samples = measure([SQLITE, "-csv"], runs, stdout=out, stdin_text=floor_script(ds, sql))
        row(f"floor: sqlite3 {sql} ({what}), {ds.label}", walls(samples), "s")
        cells, problems = compare(heard, hidden, floor_table(out), COUNT_FIELDS, "floor")
        row(f"check: {sql} counts == report csv, {ds.label} ({hidden} hidden)",
            [cells], "cells", "all equal", None, not problems, digits=0)
        h, fl = med(walls(heard_samples)), med(walls(samples))
        row(f"report csv vs {sql}, {ds.label}", walls(heard_samples), "s",
            f"<= {FLOOR_FACTOR} x floor", h / fl, h / fl <= FLOOR_FACTOR)
        # CPU time is steadier than wall time on a loaded machine
        h, fl = med(cpu(heard_samples)), med(cpu(samples))
        row(f"report csv vs {sql}, {ds.label}, CPU user+sys (ratio: to floor's)",
            cpu(heard_samples), "s", None, h / fl if fl > 0 else None)  # 10 ms ticks
    if ds.files > 1:
        return
    # the raw aggregate over the 12 months a month report shows (trend)
    params = {"from": month_add(ds.month, -11), "to": ds.month}
    t = measure([SQLITE, "-csv"], runs, stdout=out_file(f"{ds.key}.floor12.csv"),
                stdin_text=floor_script(ds, "floor_trend.sql", params))
    row(f"diagnostic: sqlite3 floor_trend.sql (12 months of raw rows), {ds.label}", walls(t), "s")


def peer_rows(ds, runs, heard_samples):
    """Figure 4: the pandas peer on the raw rows (what an analyst handed
    the database would write), a check of its numbers; and, as a
    diagnostic, pandas reading heard's count table instead."""
    for how, extra in (("raw rows", []), ("count table", ["--counts"])):
        out = out_file(f"{ds.key}.pandas{'-counts' if extra else ''}.csv")
        samples = measure([PYTHON, os.path.join(HERE, "peer_pandas.py"), "--db", ds.path,
                           "--month", ds.month, "-o", out, *extra], runs)
        heard, hidden = heard_csv(out_file(f"{ds.key}.csv"), ds.month)
        cells, problems = compare(heard, hidden, peer_table(out), COUNT_FIELDS + ["top_box_pct"], "pandas")
        row(f"check: pandas ({how}) numbers == report csv, {ds.label} ({hidden} hidden)",
            [cells], "cells", "all equal", None, not problems, digits=0)
        h, p = med(walls(heard_samples)), med(walls(samples))
        target = None if extra else f"heard >= {PEER_FACTOR:.0f} x faster"
        row(f"peer: pandas ({how}), {ds.label} (ratio = pandas / report csv)", walls(samples), "s",
            target, p / h, None if extra else p / h >= PEER_FACTOR)
        h, p = med(cpu(heard_samples)), med(cpu(samples))
        row(f"peer: pandas ({how}), {ds.label}, CPU user+sys (ratio: pandas / report's)",
            cpu(samples), "s", None, p / h if h > 0 else None)  # 10 ms ticks
        mem_row(f"peer: pandas ({how}), {ds.label}: peak RSS", samples, target=False)


def scale_rows(sets, runs):
    """Figure 5: the CSV month report on growing databases."""
    got = {}
    for ds in sets:
        i = ds.info
        where = (f"{ds.label}, month {human(i['month_responses'])}, "
                 f"12 mo {human(i['window_responses'])} resp")
        samples = measure(report_argv(ds, "csv", out_file(f"{ds.key}.csv")), runs)
        row(f"scale: csv, {where}: time", walls(samples), "s")
        mem_row(f"scale: csv, {where}: RSS", samples)
        got[ds.label] = samples
    return got


def growth_rows(got, a, b, why, time_target):
    """How time and memory change from dataset a to dataset b."""
    if a not in got or b not in got:
        return
    ta, tb = med(walls(got[a])), med(walls(got[b]))
    ma, mb = med(rss_mb(got[a])), med(rss_mb(got[b]))
    row(f"growth {a} -> {b} ({why}): RSS", rss_mb(got[b]), "MB", "flat (<= 1.1 x)",
        mb / ma, mb / ma <= 1.1, digits=1)
    ok = None if time_target is None else tb / ta <= time_target
    row(f"growth {a} -> {b} ({why}): time", walls(got[b]), "s",
        None if time_target is None else f"<= {time_target} x", tb / ta, ok)


def method_rows(runs):
    """What the measuring itself costs: /bin/true through the same path."""
    samples = measure(["/bin/true"], runs)
    how = "/usr/bin/time %M" if TIME else "wait4 ru_maxrss, counts the forking Python"
    row("method: /bin/true, time", walls(samples), "s")
    mem_row(f"method: /bin/true, RSS ({how})", samples, target=False)


# ---- main ------------------------------------------------------------------

def wait_calm(limit, wait):
    end = time.time() + wait
    while os.getloadavg()[0] >= limit and time.time() < end:
        print(f"load {os.getloadavg()[0]:.2f} >= {limit}: waiting", flush=True)
        time.sleep(15)


def main():
    ap = argparse.ArgumentParser(description="heard-report benchmark (make bench)")
    ap.add_argument("--out", required=True, help="append JSON lines here")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--quick", action="store_true", help="100k responses only, 1 run")
    ap.add_argument("--rebuild", action="store_true", help="simulate the databases again")
    ap.add_argument("--build-only", action="store_true", help="make the databases, measure nothing")
    ap.add_argument("--calm", type=float, help="wait for a 1-minute load below this")
    ap.add_argument("--calm-wait", type=float, default=900)
    a = ap.parse_args()
    runs = 1 if a.quick else max(1, a.runs)
    for exe in (REPORT, SIMULATE):
        if not os.access(exe, os.X_OK):
            sys.exit(f"report_bench: {exe} missing: run make all first")
    if subprocess.run([PYTHON, "-c", "import pandas"], capture_output=True).returncode:
        sys.exit(f"report_bench: {PYTHON} has no pandas: tools/install-deps python3-pandas")
    for d in ("tmp", "out"):
        os.makedirs(os.path.join(WORK, d), exist_ok=True)

    if a.quick:
        main_ds = Dataset("100k db", 100_000, 36)
        folder = Dataset("100k/200 files", 100_000, 36, files=200, seed=1001)
        scale = [main_ds]
    else:
        main_ds = Dataset("1M db", 1_000_000, 36)
        folder = Dataset("1M/200 files", 1_000_000, 36, files=200, seed=1001)
        # 240 months is heard-simulate's most: 6.67M over 240 months has as
        # many responses per month (and in the 12 read) as 1M over 36.
        scale = [Dataset("100k db", 100_000, 36), main_ds, Dataset("10M db", 10_000_000, 36),
                 Dataset("6.67M/240mo db", 6_666_667, 240)]
    manifest = load_manifest()
    fresh = {}
    for ds in [main_ds, folder] + [s for s in scale if s is not main_ds]:
        fresh[ds.key] = ds.ensure(manifest, a.rebuild)
    if a.build_only:
        return
    if a.calm:
        wait_calm(a.calm, a.calm_wait)
    start_load = os.getloadavg()
    t0 = time.time()

    print_header("0. the measuring itself")
    method_rows(runs)
    print_header("1. heard-simulate")
    for ds in ([main_ds] if a.quick else scale) + [folder]:
        sim_rows(ds, runs, fresh[ds.key], again=ds is main_ds)
    print_header(f"2. heard-report, one month ({main_ds.month}) in every format, and the 12-month trend"
                 f" (--from {month_add(main_ds.month, -11)} --to {main_ds.month})")
    heard_one = format_rows(main_ds, runs)
    heard_many = format_rows(folder, runs)
    print_header("3. floor: sqlite3 CLI, same counts (compared with: report --format csv)")
    floor_rows(main_ds, runs, heard_one)
    floor_rows(folder, runs, heard_many)
    print_header("4. peer: pandas (compared with: report --format csv)")
    peer_rows(main_ds, runs, heard_one)
    print_header("5. as the database grows (report --month LAST --format csv)")
    got = scale_rows(scale, runs)
    growth_rows(got, "1M db", "6.67M/240mo db", "same rows/month", 1.2)
    growth_rows(got, "100k db", "1M db", "10x month rows", None)
    growth_rows(got, "1M db", "10M db", "10x month rows", None)
    ls = loads or [start_load[0]]
    row(f"load avg (1 min) at each run ({time.time() - t0:.0f} s, {os.cpu_count()} CPUs)",
        ls, "load", digits=2)

    with open(a.out, "a") as f:
        for r in rows:
            f.write(json.dumps(r) + "\n")
    missed = [r["figure"] for r in rows if r["ok"] is False]
    print(f"\n{len(rows)} rows appended to {a.out}; targets missed: {len(missed)}")
    for m in missed:
        print("  missed:", m)
    # a missed target is a result; a failed check means the figures are wrong
    return 1 if any(m.startswith("check:") for m in missed) else 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except Failed as e:
        sys.exit(f"report_bench: {e}")
