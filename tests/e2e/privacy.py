#!/usr/bin/python3
"""Privacy checks of the real kiosk (../shared/DESIGN.md "Anonymity rules").

    tests/e2e/privacy.py

Runs BUILD/heard-kiosk (BUILD from the environment, default build) in test
mode (HEARD_TEST=1) with SDL's offscreen video and --script on a pipe, once
for each `[kiosk] period = month | week | day`, then checks:

  database   every value of every column of every table (meta too), read
             with the sqlite3 CLI: no date-time, time of day, date finer
             than the period, Unix time (s, ms, us) or julian day, as text
             or as a number; the period column holds the period of today;
             the schema has no time defaults and no AUTOINCREMENT, every
             table is WITHOUT ROWID; it holds exactly the sessions that were
             sent (Don't send, Start again and timeouts leave nothing).
  ids        response ids are distinct 16-byte blobs, every one of their
             128 bits varies (no version, time or counter field), no two
             share a 4-byte prefix, and in the order they were stored
             (seen one session at a time) they are not monotonic.
  files      the database, its -wal and -shm and FILE.recovery (while a
             response waits, the database locked) are mode 0600; the -wal
             is empty after each save; nothing else appears in the folder.
  folder     a missing folder is made 0700; a folder others can open is
             named in a warning with the fix "chmod 700 DIR"; a private one
             gets no warning; a missing parent is refused (exit 2, nothing
             made); an existing database of mode 0644 is made 0600.
  log        nothing the kiosk writes to stderr (no --trace) holds an
             answer word, a question text (any language), a question id or
             a service name.
  test mode  --trace and --script are refused without test mode: exit 2,
             no trace file, no database, no folder; in test mode the trace
             file (it shows answers) is mode 0600, also when it was there.

Checks of behaviour the kiosk does not have yet are listed in PENDING:
printed as "PENDING name: ..." and not counted until they pass.

Last line "PRIVACY: N passed, M failed".  Python standard library only
(the sqlite3 module is used just to hold a lock on the database).
"""
import glob
import json
import os
import random
import re
import sqlite3
import stat
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import sessions as S  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(HERE))
KIOSK = os.path.join(ROOT, os.environ.get("BUILD") or "build", "heard-kiosk")
STRINGS = os.path.join(ROOT, "assets", "strings")
SERVICES = ["Counselling", "Family support", "Housing advice"]
DEFAULT_SERVICES = ["Counselling", "Family support"]  # kiosk/config.c
PERIOD_FMT = {"month": "%Y-%m", "week": "%G-W%V", "day": "%Y-%m-%d"}
ORDERED = 10     # sessions stored one at a time, their ids in stored order
BULK = 60        # then this many varied sessions in one go
TIMEOUT_S = 30

passed = failed = 0
LOG = []         # (what, stderr text) of every kiosk run
# Checks of behaviour the kiosk does not have yet: reported as PENDING and
# not counted until they pass (then take the name out of this list).
PENDING = set()


def ok(name):
    global passed
    passed += 1
    print("PASS " + name)


def bad(name, why):
    global failed
    failed += 1
    print("FAIL %s: %s" % (name, why))


def check(name, cond, why):
    if name in PENDING:
        print("PENDING %s: %s" % (name, "passes now: take it out of PENDING" if cond
                                  else "needs the kiosk change (see PENDING): " + why))
        return
    ok(name) if cond else bad(name, why)


def test_env(**extra):
    e = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    e.update(HEARD_TEST="1", SDL_VIDEODRIVER="offscreen", SDL_AUDIODRIVER="dummy")
    e.update(extra)
    return e


def prod_env():
    """No test mode anywhere: no HEARD_TEST, no display."""
    return {k: v for k, v in os.environ.items()
            if k not in ("HEARD_TEST", "DISPLAY", "WAYLAND_DISPLAY")}


def run(args, env, stdin="quit\n", timeout=30):
    """Run a kiosk to its end: (exit status, stderr); a kiosk still running
    after timeout seconds is killed (status "hung")."""
    p = subprocess.Popen(args, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL,
                         stderr=subprocess.PIPE, text=True, env=env)
    try:
        _, err = p.communicate(stdin, timeout=timeout)
        return p.returncode, err
    except subprocess.TimeoutExpired:
        p.kill()
        _, err = p.communicate()
        return "hung", err


def mode(path):
    return stat.S_IMODE(os.stat(path).st_mode)


def sql(db, query):
    """Rows of a query, through the sqlite3 CLI (JSON mode)."""
    p = subprocess.run(["sqlite3", "-json", "-cmd", ".timeout 5000", db, query],
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, timeout=60)
    if p.returncode != 0:
        raise RuntimeError("sqlite3 %s %r: %s" % (db, query, p.stderr.strip()))
    return json.loads(p.stdout) if p.stdout.strip() else []


def quote_ident(name):
    return '"%s"' % name.replace('"', '""')


# ---- what may not appear in a value ----------------------------------------

DATE_TIME = re.compile(r"\d{4}-\d{2}-\d{2}[ T_]\d{1,2}[:h]\d{2}")
TIME_OF_DAY = re.compile(r"(?<![\d])([01]?\d|2[0-3]):[0-5]\d(:[0-5]\d)?(?![\d])")
DAY_DATE = re.compile(r"(?<!\d)(\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{1,2}[-/.]\d{1,2}[-/.]\d{4}|"
                      r"(19|20)\d{2}(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01]))(?!\d)")
WEEK = re.compile(r"\d{4}-?W\d{1,2}")
EPOCH_TEXT = re.compile(r"(?<!\d)(1[0-9]{9}|[1-4][0-9]{12}|[1-4][0-9]{15}|24[0-9]{5}(\.\d+)?)(?!\d)")


def number_is_time(v):
    """A number that reads as a Unix time (s, ms, us: 2001-2100), a julian
    day (1858-2132) or a yyyymmdd date."""
    a = abs(v)
    return (1e9 <= a <= 4.2e9 or 1e12 <= a <= 4.2e12 or 1e15 <= a <= 4.2e15 or
            2400000 <= a <= 2500000 or
            (float(a).is_integer() and 19700101 <= a <= 21001231 and
             1 <= int(a) // 100 % 100 <= 12 and 1 <= int(a) % 100 <= 31))


def time_problem(period, column, typ, v):
    """Why value v (of SQL type typ) holds a time finer than period, or None."""
    if typ in ("integer", "real"):
        return "a number that reads as a time (%r)" % v if number_is_time(v) else None
    if typ != "text":
        return None   # blobs: the ids, checked on their own
    if DATE_TIME.search(v):
        return "a date and time of day (%r)" % v
    if TIME_OF_DAY.search(v):
        return "a time of day (%r)" % v
    if EPOCH_TEXT.search(v):
        return "digits that read as a Unix time or julian day (%r)" % v
    if period != "day" and DAY_DATE.search(v):
        return "a day's date with period = %s (%r)" % (period, v)
    if period == "month" and WEEK.search(v):
        return "a week with period = month (%r)" % v
    return None


# ---- a kiosk on a script pipe ------------------------------------------------

class Kiosk:
    def __init__(self, what, db, config=None, env=None):
        self.what = what
        self.db = db
        self.err = tempfile.TemporaryFile(mode="w+")
        args = [KIOSK, "--db", db, "--windowed", "800x480", "--script", "-"]
        if config:
            args[1:1] = ["--config", config]
        self.p = subprocess.Popen(args, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL,
                                  stderr=self.err, env=env or test_env(), text=True)

    def send(self, lines):
        self.p.stdin.write("".join(line + "\n" for line in lines))
        self.p.stdin.flush()

    def count(self):
        return sql(self.db, "SELECT count(*) AS n FROM response")[0]["n"]

    def wait_count(self, n):
        end = time.time() + TIMEOUT_S
        while time.time() < end:
            if self.p.poll() is not None:
                raise RuntimeError("%s: the kiosk exited (%d): %s" % (self.what, self.p.returncode, self.log()))
            if os.path.exists(self.db) and self.count() >= n:
                return
            time.sleep(0.05)
        raise RuntimeError("%s: the database did not reach %d responses in %d s" % (self.what, n, TIMEOUT_S))

    def quit(self):
        try:
            self.send(["quit"])
            self.p.stdin.close()
        except BrokenPipeError:
            pass
        try:
            rc = self.p.wait(TIMEOUT_S * 2)
        except subprocess.TimeoutExpired:
            self.p.kill()
            self.p.wait()
            rc = "killed (hung)"
        LOG.append((self.what, self.log()))
        return rc

    def log(self):
        self.err.flush()
        self.err.seek(0)
        return self.err.read()


def run_script(what, db, lines, config=None):
    """A whole script in one kiosk run: its exit status and stderr."""
    k = Kiosk(what, db, config)
    k.send(lines)
    return k.quit(), LOG[-1][1]


def wal_after_save(db):
    """The -wal's size once the save that was just seen has finished (it is
    cut to nothing right after the commit)."""
    wal, end = db + "-wal", time.time() + 3
    while True:
        n = os.path.getsize(wal) if os.path.exists(wal) else 0
        if n == 0 or time.time() > end:
            return n
        time.sleep(0.05)


# ---- one period ------------------------------------------------------------

def one_period(period, base):
    folder = os.path.join(base, period)        # made by the kiosk
    db = os.path.join(folder, "heard.db")
    cfg = os.path.join(base, period + ".ini")
    with open(cfg, "w") as f:
        f.write("[kiosk]\nname = privacy-check\nperiod = %s\n[services]\n" % period +
                "".join("service = %s\n" % s for s in SERVICES))
    rng = random.Random("privacy-" + period)
    t0 = time.time()
    k = Kiosk(period, db, cfg)
    ids, sent = [], []
    wal_sizes, modes_running = [], {}
    try:
        # 1. sessions stored one at a time: the ids in the order they arrived
        while len(ids) < ORDERED:
            lines, s = S.session(rng, len(SERVICES))
            k.send(lines)
            if s is None:
                continue
            sent.append(s)
            k.wait_count(len(sent))
            new = {r["id"] for r in sql(db, "SELECT hex(id) AS id FROM response")} - set(ids)
            if len(new) != 1:
                raise RuntimeError("%d new ids after one session" % len(new))
            ids.append(new.pop())
            wal_sizes.append(wal_after_save(db))
        for suffix in ("", "-wal", "-shm"):
            if os.path.exists(db + suffix):
                modes_running[suffix] = mode(db + suffix)
        # 2. a response that cannot be saved yet: the database locked
        if period == "month":
            lock = sqlite3.connect(db, timeout=5, isolation_level=None)
            lock.execute("BEGIN IMMEDIATE")
            lines, s = S.session(rng, len(SERVICES))
            while s is None:
                lines, s = S.session(rng, len(SERVICES))
            k.send(lines)
            sent.append(s)
            rec = db + ".recovery"
            end = time.time() + TIMEOUT_S
            while not os.path.exists(rec) and time.time() < end and k.p.poll() is None:
                time.sleep(0.05)
            if os.path.exists(rec):
                modes_running[".recovery"] = mode(rec)
            else:
                bad("month-recovery-file", "no %s while the database was locked" % rec)
            lock.execute("ROLLBACK")
            lock.close()
        # 3. many varied sessions
        lines, more = S.script(BULK, seed=len(period), nservices=len(SERVICES), speech=0.2)
        k.send(lines)
        sent += more
        k.wait_count(len(sent))
    except (RuntimeError, OSError) as e:
        bad(period + "-sessions", str(e))
    rc = k.quit()
    t1 = time.time()
    check(period + "-exit", rc == 0, "exit status %s; log: %s" % (rc, LOG[-1][1][-500:]))
    if not os.path.exists(db):
        bad(period + "-database", "no %s" % db)
        return

    # files and folder
    check(period + "-folder-made-0700", mode(folder) == 0o700, "%s is mode %03o" % (folder, mode(folder)))
    for suffix, m in sorted(modes_running.items()):
        check(period + "-mode" + (suffix or "-db") + "-running", m == 0o600,
              "%s%s was mode %03o while the kiosk ran" % (db, suffix, m))
    check(period + "-wal-emptied", not any(wal_sizes),
          "the -wal held %s bytes after saves (it keeps their order)" % wal_sizes)
    for suffix in ("", "-wal", "-shm", ".recovery"):
        if os.path.exists(db + suffix):
            check(period + "-mode" + (suffix or "-db"), mode(db + suffix) == 0o600,
                  "%s%s is mode %03o" % (db, suffix, mode(db + suffix)))
    stray = sorted(set(os.listdir(folder)) - {"heard.db", "heard.db-wal", "heard.db-shm", "heard.db.recovery"})
    check(period + "-no-other-files", not stray, "also in the folder: %s" % stray)

    # the schema
    schema = sql(db, "SELECT type, name, sql FROM sqlite_master")
    tables = [r["name"] for r in schema if r["type"] == "table" and not r["name"].startswith("sqlite_")]
    check(period + "-no-sqlite-sequence", not any(r["name"] == "sqlite_sequence" for r in schema),
          "sqlite_sequence exists (AUTOINCREMENT)")
    timey = [r["name"] for r in schema if r["sql"] and re.search(
        r"AUTOINCREMENT|CURRENT_(TIME|DATE|TIMESTAMP)|\b(datetime|date|time|julianday|unixepoch|strftime)\s*\(",
        r["sql"], re.I)]
    check(period + "-schema-no-time-defaults", not timey, "time or AUTOINCREMENT in the schema of %s" % timey)
    rowid = [r["name"] for r in schema if r["type"] == "table" and r["name"] in tables
             and "WITHOUT ROWID" not in r["sql"].upper()]
    check(period + "-tables-without-rowid", not rowid, "tables with a rowid (arrival order): %s" % rowid)

    # every value of every column of every table
    problems, nvalues = [], 0
    for t in tables:
        for c in sql(db, "PRAGMA table_info(%s)" % quote_ident(t)):
            col = quote_ident(c["name"])
            for r in sql(db, "SELECT typeof(%s) AS t, CASE typeof(%s) WHEN 'blob' THEN hex(%s) ELSE %s END AS v "
                             "FROM %s" % (col, col, col, col, quote_ident(t))):
                nvalues += 1
                why = time_problem(period, c["name"], r["t"], r["v"])
                if why:
                    problems.append("%s.%s: %s" % (t, c["name"], why))
    check(period + "-no-time-in-any-value", not problems and nvalues > 0,
          "%d problem(s) in %d values: %s" % (len(problems), nvalues, "; ".join(sorted(set(problems))[:8])))
    want = {time.strftime(PERIOD_FMT[period], time.localtime(x)) for x in (t0, t1)}
    periods = {r["period"] for r in sql(db, "SELECT DISTINCT period FROM response")}
    check(period + "-period-column", periods and periods <= want,
          "periods stored %s, wanted one of %s" % (sorted(periods), sorted(want)))

    # exactly what was sent
    rows = sql(db, "SELECT hex(r.id) AS id, r.service AS s, a.question AS q, a.value AS v "
                   "FROM response r JOIN answer a ON a.response = r.id")
    got = {}
    for r in rows:
        got.setdefault(r["id"], [r["s"], {}])[1][r["q"]] = r["v"]
    canon = lambda s, a: json.dumps([s, sorted(a.items())])  # noqa: E731
    have = sorted(canon(s, a) for s, a in got.values())
    wanted = sorted(canon(SERVICES[s] if s is not None else "", a) for s, a in sent)
    check(period + "-only-sent-answers-stored", have == wanted,
          "%d responses stored, %d sent; stored but not sent: %s" % (
              len(have), len(wanted), sorted(set(have) - set(wanted))[:2]))

    # the ids
    blobs = sql(db, "SELECT typeof(id) AS t, length(id) AS n, hex(id) AS h FROM response")
    check(period + "-ids-16-byte-blobs", blobs and all(b["t"] == "blob" and b["n"] == 16 for b in blobs),
          "ids not all 16-byte blobs: %s" % {(b["t"], b["n"]) for b in blobs})
    hexes = [b["h"] for b in blobs]
    check(period + "-ids-distinct", len(set(hexes)) == len(hexes), "repeated ids")
    if len(hexes) >= 40:   # a fixed bit among 40 random ids: p < 1e-9
        bits = [int(h, 16) for h in hexes]
        fixed = [127 - i for i in range(128) if len({(b >> (127 - i)) & 1 for b in bits}) == 1]
        check(period + "-ids-all-bits-random", not fixed,
              "bits %s are the same in all %d ids (a version, time or counter field?)" % (fixed[:16], len(bits)))
    prefixes = [h[:8] for h in hexes]
    check(period + "-ids-no-shared-prefix", len(set(prefixes)) == len(prefixes),
          "two ids share their first 4 bytes (a time prefix?)")
    if len(ids) == ORDERED:
        up = all(a < b for a, b in zip(ids, ids[1:]))
        down = all(a > b for a, b in zip(ids, ids[1:]))
        check(period + "-ids-not-monotonic", not up and not down,
              "the %d ids rise or fall in the order they were stored: %s" % (len(ids), ids))


# ---- the folder --------------------------------------------------------------

def folder_checks(base):
    """The database's folder: made private, or named in a warning."""
    warn = re.compile(r"warning: (?P<dir>\S+), the database's folder, is open to other users")
    lines = ["quit"]
    for m in (0o755, 0o711, 0o750, 0o700):
        d = os.path.join(base, "dir-%03o" % m)
        os.mkdir(d)
        os.chmod(d, m)
        rc, log = run_script("folder %03o" % m, os.path.join(d, "heard.db"), lines)
        if m & 0o077:
            check("folder-%03o-warning" % m, rc == 0 and d in log and "chmod 700 %s" % d in log,
                  "exit %s; no warning naming %s and 'chmod 700 %s' in the log: %r" % (rc, d, d, log))
            check("folder-%03o-left-alone" % m, mode(d) == m,
                  "the kiosk changed the mode of a folder it did not make to %03o" % mode(d))
        else:
            check("folder-700-no-warning", rc == 0 and not warn.search(log),
                  "exit %s; log: %r" % (rc, log))
    # a missing parent: a mistyped path makes nothing
    d = os.path.join(base, "no-such-parent", "data")
    rc, err = run([KIOSK, "--db", os.path.join(d, "heard.db"), "--windowed", "800x480",
                   "--script", "-"], test_env())
    LOG.append(("missing parent", err))
    check("folder-missing-parent-refused", rc == 2 and not os.path.exists(os.path.dirname(d)),
          "exit %s, %s made; log: %r" % (rc, os.path.dirname(d), err))
    # an existing database (ours, and an empty file) readable by others
    d = os.path.join(base, "existing")
    os.mkdir(d, 0o700)
    ours = os.path.join(d, "ours.db")
    run_script("make ours", ours, ["quit"])
    empty = os.path.join(d, "empty.db")
    open(empty, "w").close()
    for f in (ours, empty):
        os.chmod(f, 0o644)
        rc, log = run_script("chmod " + os.path.basename(f), f, ["quit"])
        check("existing-%s-made-0600" % os.path.basename(f), rc == 0 and mode(f) == 0o600,
              "exit %s, %s is mode %03o" % (rc, f, mode(f)))


# ---- test mode only ----------------------------------------------------------

def refusals(base):
    d = os.path.join(base, "refused")          # must not be made
    db = os.path.join(d, "heard.db")
    trace = os.path.join(base, "refused.trace")
    script = os.path.join(base, "refused.script")
    with open(script, "w") as f:
        f.write("tap start\nquit\n")
    off = os.path.join(base, "test-off.ini")
    with open(off, "w") as f:
        f.write("[test]\ntest_mode = no\n")
    for name, args, env in (
            ("trace", ["--trace", trace], prod_env()),
            ("trace-HEARD_TEST=0", ["--trace", trace], dict(prod_env(), HEARD_TEST="0")),
            ("trace-test_mode=no", ["--config", off, "--trace", trace], prod_env()),
            ("script", ["--script", script], prod_env()),
            ("script-stdin", ["--script", "-"], prod_env()),
            ("script-HEARD_TEST=yes", ["--script", script], dict(prod_env(), HEARD_TEST="yes"))):
        rc, err = run([KIOSK, "--db", db] + args, env, stdin="tap start\nquit\n", timeout=10)
        LOG.append(("refused " + name, err))
        made = [x for x in (trace, d, db) if os.path.exists(x)]
        check("refused-" + name, rc == 2 and not made and "test mode" in err,
              "exit %s (wanted 2), made %s, log %r" % (rc, made, err.strip()[-300:]))
        subprocess.run(["rm", "-rf", trace, d])


def trace_file(base):
    """--trace FILE (test mode): written mode 0600, as it shows answers."""
    for name, existing in (("trace-new-file-0600", False), ("trace-existing-file-made-0600", True)):
        d = os.path.join(base, name)
        os.mkdir(d, 0o700)
        trace = os.path.join(d, "trace.jsonl")
        if existing:
            open(trace, "w").close()
            os.chmod(trace, 0o644)
        rc, err = run([KIOSK, "--db", os.path.join(d, "heard.db"), "--windowed", "800x480",
                       "--trace", trace, "--script", "-"], test_env())
        LOG.append((name, err))
        m = mode(trace) if os.path.exists(trace) else None
        check(name, rc == 0 and m == 0o600, "exit %s, %s mode %s" % (rc, trace, m and "%03o" % m))


# ---- the log ---------------------------------------------------------------

def secrets():
    """Every answer word, question text, question id and service name."""
    words = set(SERVICES) | set(DEFAULT_SERVICES) | set(S.QIDS)
    for path in glob.glob(os.path.join(STRINGS, "*.ini")):
        if os.path.basename(path) == "questions.ini":
            continue
        p = S.configparser.ConfigParser(interpolation=None, delimiters=("=",),
                                        comment_prefixes=(";", "#"), strict=False)
        p.optionxform = str
        with open(path, encoding="utf-8") as f:
            p.read_file(f)
        for k, v in p["ui"].items():
            if re.fullmatch(r"answer\.\d|review\.(skipped|not_apply)|question\.(skip|not_apply)|"
                            r"service\.not_said", k):
                words.add(" ".join(v.split()))
        for v in p["questions"].values():
            words.add(" ".join(v.split()))
    return {w for w in words if w}


def log_checks():
    words = secrets()
    text = "\n".join(t for _, t in LOG)
    found = sorted({w for w in words if w in text})
    check("log-names-no-answer-question-or-service", not found,
          "the log names %s: %s" % (found[:10], [ln for ln in text.splitlines() if any(w in ln for w in found)][:5]))
    check("log-script-in-step", "script: no " not in text,
          "a scripted control was not on screen: %s" % re.findall(r".*script: no .*", text)[:3])
    check("log-checked", len(words) > 50 and len(LOG) > 5,
          "only %d strings and %d runs" % (len(words), len(LOG)))
    print("(log: %d kiosk runs, %d lines, checked for %d strings)" % (
        len(LOG), len(text.splitlines()), len(words)))


def main():
    os.chdir(ROOT)
    if not os.access(KIOSK, os.X_OK):
        bad("build", "%s missing: run make first" % KIOSK)
    else:
        base = tempfile.mkdtemp(prefix="heard-privacy-")
        try:
            os.chmod(base, 0o700)
            for period in ("month", "week", "day"):
                one_period(period, base)
            folder_checks(base)
            refusals(base)
            trace_file(base)
            log_checks()
        finally:
            subprocess.run(["rm", "-rf", base])
    print("PRIVACY: %d passed, %d failed" % (passed, failed))
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
