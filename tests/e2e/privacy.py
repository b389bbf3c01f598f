#!/usr/bin/python3
"""Privacy checks of the real kiosk (../shared/docs/design.md "Anonymity rules",
issue 12).

    tests/e2e/privacy.py [STEP ...]   (steps: month quarter folder own-files
                                      recovery welcome copied voice no-audio
                                      refused trace log; default all)

Runs BUILD/heard-kiosk (BUILD from the environment, default build) in test
mode (HEARD_TEST=1) with SDL's offscreen video and --script on a pipe, once
for each `[kiosk] period = month | quarter`, then checks:

  database   every value of every column of every table (meta too), read
             with the sqlite3 CLI: no date-time, time of day, date finer
             than the period, Unix time (s, ms, us) or julian day, as text
             or as a number; the period column holds the period of today;
             the schema has no time defaults and no AUTOINCREMENT, every
             table is WITHOUT ROWID, and there are only the count tables
             of schema v3 (meta, count_response, count_answer): no row per
             response; meta holds schema_version, database_id, kiosk and
             newest_period (the period of today, never finer); the counts
             are exactly the sessions that were sent
             (Don't send, Start again and timeouts add nothing).
  files      the database and FILE.recovery (while a response waits, the
             database locked) are mode 0600; after each save no -wal
             holds a frame and no -shm lists a frame or page (they would
             show the last save's pages);
             nothing else appears in the folder.
  folder     a missing folder is made 0700; a folder others can open (755,
             711, 750), or another user's, is refused: exit 2, one line on
             stderr naming it with the fix ("chmod 700 DIR", "chown USER
             DIR"), its mode left alone, nothing made in it; a private one
             is used; a missing parent is refused (exit 2, nothing made).
  own files  a database of mode 0644, a -wal of mode 0666 owned by another
             user, a -shm of mode 0644, a recovery file that is a symbolic
             link or another user's: exit 2, one line naming the file and
             the fix, nothing changed or made.
  recovery   a forged recovery file (another kiosk's name) is moved aside
             to the first free FILE.bad-N (an older .bad-1 kept as it
             was), in one log line naming it, and nothing of it is stored;
             a good one from last month is stored into the current period
             (a closed period never changes).
  copied     a database made by kiosk "front-desk" and started by one
             named "upstairs" takes a new database id and the log says so
             in one line; started again as "upstairs", nothing changes.
  welcome    Welcome's last-month line follows `[report] threshold`: with
             15 responses last month it shows with threshold 10 and not
             with threshold 20.
  log        nothing the kiosk writes to stderr (no --trace) holds an
             answer word, a question text (any language), a question id or
             a service name.
  voice      a language espeak-ng has no voice for (a copy of the assets,
             HEARD_ASSETS, with so.ini, Somali): one stderr line at
             start-up, before anything is said, naming the language and
             that reading aloud in it uses the English voice; reading
             aloud on (a key on Welcome: each language's line in its own
             voice), Somali chosen, back and forth, Hear it again, a
             session started: still that one line, nothing more.
  no-audio   no audio device (SDL_AUDIODRIVER=nosuchdriver): one stderr
             line at start-up, before anything is asked, saying there is
             no audio and reading aloud is off; reading aloud turned on (a
             key on Welcome), Hear it again, a session started: stderr is
             the same as at start-up, nothing more (a line then would date
             a client's action).
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
import shutil
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
DEFAULT_SERVICES = ["Counselling", "Family support"]  # core/config.c
SIMULATE = os.path.join(ROOT, os.environ.get("BUILD") or "build", "heard-simulate")
ORDERED = 10     # sessions stored one at a time, the files checked after each
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


def period_label(period, t):
    """The kiosk's label of time t: "2026-11" or "2026-Q4"."""
    tm = time.localtime(t)
    if period == "quarter":
        return "%04d-Q%d" % (tm.tm_year, (tm.tm_mon + 2) // 3)
    return time.strftime("%Y-%m", tm)


def last_month(t=None):
    tm = time.localtime(t if t is not None else time.time())
    y, m = (tm.tm_year, tm.tm_mon - 1) if tm.tm_mon > 1 else (tm.tm_year - 1, 12)
    return "%04d-%02d" % (y, m)


def mode(path):
    return stat.S_IMODE(os.stat(path).st_mode)


def sql(db, query):
    """Rows of a query, through the sqlite3 CLI (JSON mode)."""
    p = subprocess.run(["sqlite3", "-json", "-cmd", ".timeout 5000", db, query],
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, timeout=60)
    if p.returncode != 0:
        raise RuntimeError("sqlite3 %s %r: %s" % (db, query, p.stderr.strip()))
    return json.loads(p.stdout) if p.stdout.strip() else []


def stored_total(db, period=None):
    """Responses counted (schema v3: count_response), in one period or all."""
    where = " WHERE period = '%s'" % period if period else ""
    return sql(db, "SELECT coalesce(sum(n), 0) AS n FROM count_response" + where)[0]["n"]


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
        return stored_total(self.db)

    def wait_count(self, n):
        end = time.time() + TIMEOUT_S
        while time.time() < end:
            if self.p.poll() is not None:
                raise RuntimeError("%s: the kiosk exited (%d): %s" % (self.what, self.p.returncode, self.log()))
            try:
                if os.path.exists(self.db) and self.count() >= n:
                    return
            except RuntimeError as e:  # read while the kiosk was making the file
                if "no such table" not in str(e):
                    raise
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


def side_problem(db):
    """Why the -wal or -shm beside db still holds a save's traces, or None:
    a -wal with any frame, a -shm whose wal-index lists any frame or page
    (its header's mxFrame, or anything in its hash tables after byte 136).
    Absent, or made afresh by a read since, they are fine."""
    wal, shm = db + "-wal", db + "-shm"
    try:
        if os.path.exists(wal) and os.path.getsize(wal) > 0:
            return "-wal of %d bytes" % os.path.getsize(wal)
        if os.path.exists(shm):
            with open(shm, "rb") as f:
                b = f.read()
            if len(b) >= 20 and int.from_bytes(b[16:20], sys.byteorder):
                return "-shm listing %d frames" % int.from_bytes(b[16:20], sys.byteorder)
            if any(b[136:]):
                return "-shm whose hash tables list pages"
    except FileNotFoundError:  # removed while looked at: gone
        pass
    return None


def sides_after_save(db):
    """What the -wal and -shm still hold once the save that was just seen
    has finished (the kiosk checkpoints and reopens right after the
    commit): [] or [the problem]."""
    end = time.time() + 3
    while True:
        why = side_problem(db)
        if not why or time.time() > end:
            return [why] if why else []
        time.sleep(0.05)


V3_TABLES = {"meta", "count_response", "count_answer", "comment"}  # (schema v4: comments)
META_KEYS = {"schema_version", "database_id", "kiosk", "newest_period", "recovered"}


def expected_counts(sent):
    """{(service,): n} and {(service, question, value): n} of sessions sent."""
    resp, ans = {}, {}
    for s, answers in sent:
        svc = SERVICES[s] if s is not None else ""
        resp[svc] = resp.get(svc, 0) + 1
        for q, v in answers.items():
            ans[(svc, q, v)] = ans.get((svc, q, v), 0) + 1
    return resp, ans


def stored_counts(db):
    resp = {r["service"]: r["n"] for r in sql(
        db, "SELECT service, sum(n) AS n FROM count_response GROUP BY service HAVING sum(n) > 0")}
    ans = {(r["service"], r["question"], r["value"]): r["n"] for r in sql(
        db, "SELECT service, question, value, sum(n) AS n FROM count_answer "
            "GROUP BY service, question, value HAVING sum(n) > 0")}
    return resp, ans


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
    sent, sides_left, modes_running = [], [], {}
    try:
        # 1. sessions stored one at a time: the files after each save (seen
        # by the database's change time (its mtime is kept at 0); nothing else opens it meanwhile: a
        # reader's own -wal and -shm would stay while the kiosk has it open)
        end = time.time() + TIMEOUT_S
        while not os.path.exists(db) and time.time() < end and k.p.poll() is None:
            time.sleep(0.05)  # the database made, before the first session
        while len(sent) < ORDERED:
            lines, s = S.session(rng, len(SERVICES))
            was = os.stat(db).st_ctime_ns
            k.send(lines)
            if s is None:
                continue
            sent.append(s)
            end = time.time() + TIMEOUT_S
            while time.time() < end and k.p.poll() is None and (
                    not os.path.exists(db) or os.stat(db).st_ctime_ns == was):
                time.sleep(0.02)
            left = sides_after_save(db)
            if left and os.environ.get("PRIVACY_DEBUG"):
                print("DEBUG save %d: %s left" % (len(sent), left))
            sides_left += left
        k.wait_count(len(sent))
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
    check(period + "-no-wal-shm-after-save", not sides_left,
          "after %d saves, %s still there (it holds the last save's pages)" % (
              ORDERED, sorted(set(sides_left))))
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
    check(period + "-counts-only", set(tables) == V3_TABLES,
          "tables %s, expected only %s (no row per response)" % (sorted(tables), sorted(V3_TABLES)))
    if not set(tables) >= V3_TABLES:
        return

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
    want = {period_label(period, x) for x in (t0, t1)}
    periods = {r["period"] for r in sql(db, "SELECT DISTINCT period FROM count_response UNION "
                                            "SELECT DISTINCT period FROM count_answer")}
    check(period + "-period-column", periods and periods <= want,
          "periods stored %s, wanted one of %s" % (sorted(periods), sorted(want)))
    # meta: its five keys at most; newest_period (the clock's period, remembered so a
    # clock put back into a period already over is seen wrong) is the period
    # of today, in the configured kind, never finer
    keys = {r["key"] for r in sql(db, "SELECT key FROM meta")}
    check(period + "-meta-keys", keys <= META_KEYS,
          "meta holds keys %s, expected only %s" % (sorted(keys), sorted(META_KEYS)))
    # recovered: the random id of the last recovery file saved (32 letters
    # a-p, as the database id), nothing else
    rec = [r["value"] for r in sql(db, "SELECT value FROM meta WHERE key = 'recovered'")]
    check(period + "-meta-recovered", all(re.fullmatch(r"[a-p]{32}", v or "") for v in rec),
          "meta recovered holds %r, expected only a random id" % rec)
    seen = [r["value"] for r in sql(db, "SELECT value FROM meta WHERE key = 'newest_period'")]
    check(period + "-meta-newest-period", len(seen) == 1 and seen[0] in want,
          "meta newest_period is %s, wanted one of %s" % (seen, sorted(want)))

    # exactly what was sent
    want_resp, want_ans = expected_counts(sent)
    got_resp, got_ans = stored_counts(db)
    check(period + "-only-sent-answers-stored", (got_resp, got_ans) == (want_resp, want_ans),
          "per service %s stored, %s sent; answer counts differ in %s" % (
              got_resp, want_resp,
              sorted(k for k in set(got_ans) | set(want_ans) if got_ans.get(k) != want_ans.get(k))[:4]))


# ---- the folder --------------------------------------------------------------

NOBODY = 65534


def user_name():
    import pwd
    try:
        return pwd.getpwuid(os.geteuid()).pw_name
    except KeyError:
        return str(os.geteuid())


def refused_start(name, db, what, fix):
    """The kiosk on db must not start: exit 2 and one line on stderr naming
    `what` and the fix; nothing in the folder changed or made."""
    folder = os.path.dirname(db)
    before = {f: os.lstat(os.path.join(folder, f)) for f in os.listdir(folder)}
    dmode = mode(folder)
    rc, err = run([KIOSK, "--db", db, "--windowed", "800x480", "--script", "-"], test_env())
    LOG.append((name, err))
    lines = err.strip().splitlines()
    after = {f: os.lstat(os.path.join(folder, f)) for f in os.listdir(folder)}
    changed = sorted(f for f in set(before) | set(after)
                     if f not in before or f not in after or
                     (before[f].st_mode, before[f].st_uid, before[f].st_mtime_ns) !=
                     (after[f].st_mode, after[f].st_uid, after[f].st_mtime_ns))
    check(name, rc == 2 and len(lines) == 1 and what in lines[0] and fix in lines[0]
          and not changed and mode(folder) == dmode,
          "exit %s (wanted 2), %d stderr lines (wanted 1 naming %s with %r): %r; changed or "
          "made: %s" % (rc, len(lines), what, fix, err.strip()[-400:], changed))


def folder_checks(base):
    """The database's folder: made private, used when private, else refused."""
    for m in (0o755, 0o711, 0o750, 0o700):
        d = os.path.join(base, "dir-%03o" % m)
        os.mkdir(d)
        os.chmod(d, m)
        db = os.path.join(d, "heard.db")
        if m & 0o077:
            refused_start("folder-%03o-refused" % m, db, d, "chmod 700 %s" % d)
        else:
            rc, log = run_script("folder %03o" % m, db, ["quit"])
            check("folder-700-used", rc == 0 and os.path.exists(db) and "folder" not in log,
                  "exit %s; log: %r" % (rc, log))
    d = os.path.join(base, "dir-nobody")
    os.mkdir(d, 0o700)
    os.chown(d, NOBODY, NOBODY)
    refused_start("folder-other-owner-refused", os.path.join(d, "heard.db"), d,
                  "chown %s %s" % (user_name(), d))
    # a missing parent: a mistyped path makes nothing
    d = os.path.join(base, "no-such-parent", "data")
    rc, err = run([KIOSK, "--db", os.path.join(d, "heard.db"), "--windowed", "800x480",
                   "--script", "-"], test_env())
    LOG.append(("missing parent", err))
    check("folder-missing-parent-refused", rc == 2 and not os.path.exists(os.path.dirname(d)),
          "exit %s, %s made; log: %r" % (rc, os.path.dirname(d), err))


def own_file_checks(base):
    """The database, its -wal and -shm and the recovery file: this user's
    own, private, no link; else refused, nothing changed."""
    def fresh(name):
        d = os.path.join(base, "own-" + name)
        os.mkdir(d, 0o700)
        db = os.path.join(d, "heard.db")
        run_script("make " + name, db, ["quit"])
        return db

    def put(path, m, uid=None):
        with open(path, "wb") as f:
            f.write(b"x" * 100)
        os.chmod(path, m)
        if uid is not None:
            os.chown(path, uid, uid)

    db = fresh("db-0644")
    os.chmod(db, 0o644)
    refused_start("own-db-0644-refused", db, db, "chmod 600 %s" % db)
    check("own-db-0644-left-alone", mode(db) == 0o644, "%s made %03o" % (db, mode(db)))
    db = fresh("wal-0666-nobody")
    put(db + "-wal", 0o666, NOBODY)  # another user, to read every answer as it is written
    refused_start("own-wal-0666-other-user-refused", db, db + "-wal", "chown %s" % user_name())
    db = fresh("shm-0644")
    put(db + "-shm", 0o644)
    refused_start("own-shm-0644-refused", db, db + "-shm", "chmod 600 %s-shm" % db)
    db = fresh("recovery-link")
    target = os.path.join(base, "forged.recovery")
    with open(target, "w") as f:
        f.write("heard-recovery 1\nR\tprivacy-check\t\t%s\t1\n" % time.strftime("%Y-%m"))
    os.chmod(target, 0o600)
    os.symlink(target, db + ".recovery")
    refused_start("own-recovery-symlink-refused", db, db + ".recovery", "rm %s.recovery" % db)
    db = fresh("recovery-nobody")
    put(db + ".recovery", 0o600, NOBODY)
    refused_start("own-recovery-other-user-refused", db, db + ".recovery", "chown %s" % user_name())


def recovery_checks(base):
    """A forged recovery file is moved aside and nothing of it stored; a
    good one from last month is stored into the current period."""
    d = os.path.join(base, "recovery")
    os.mkdir(d, 0o700)
    db = os.path.join(d, "heard.db")
    cfg = os.path.join(base, "recovery.ini")
    with open(cfg, "w") as f:
        f.write("[kiosk]\nname = privacy-check\n[services]\n" +
                "".join("service = %s\n" % s for s in SERVICES))
    run_script("recovery: make", db, ["quit"], cfg)
    rec = db + ".recovery"
    with open(rec + ".bad-1", "w") as f:
        f.write("an older one, kept\n")
    os.chmod(rec + ".bad-1", 0o600)
    now = time.strftime("%Y-%m")
    with open(rec, "w") as f:
        f.write("heard-recovery 1\n" + "R\tsomeone else\tCounselling\t%s\t1\nA\theard.listen\t1\n" % now * 5)
    os.chmod(rec, 0o600)
    rc, log = run_script("recovery: forged", db, ["quit"], cfg)
    lines = [ln for ln in log.splitlines() if rec + ".bad-2" in ln]
    with open(rec + ".bad-1") as f:
        kept = f.read() == "an older one, kept\n"
    check("recovery-forged-moved-aside", rc == 0 and len(lines) == 1 and os.path.exists(rec + ".bad-2")
          and not os.path.exists(rec) and kept,
          "exit %s; %d log lines name %s.bad-2 (wanted 1); .bad-1 kept: %s; log: %r"
          % (rc, len(lines), rec, kept, log.strip()[-400:]))
    check("recovery-forged-not-stored", stored_total(db) == 0,
          "%d responses stored from a forged recovery file" % stored_total(db))
    # a good one, written last month and read now: counted this month
    before = last_month()
    with open(rec, "w") as f:
        f.write("heard-recovery 1\nR\tprivacy-check\tCounselling\t%s\t1\nA\theard.listen\t4\n" % before)
    os.chmod(rec, 0o600)
    rc, log = run_script("recovery: late", db, ["quit"], cfg)
    got = {r["period"]: r["n"] for r in sql(db, "SELECT period, sum(n) AS n FROM count_response GROUP BY period")}
    check("recovery-late-into-current-period", rc == 0 and got == {now: 1} and not os.path.exists(rec),
          "exit %s; stored per period %s, expected {%r: 1}; log: %r" % (rc, got, now, log.strip()[-300:]))


def copied_checks(base):
    """A database copied to a kiosk with another name takes a new id, and
    the log says so once; started again under that name, nothing changes."""
    d = os.path.join(base, "copied")
    os.mkdir(d, 0o700)
    db = os.path.join(d, "heard.db")
    cfgs = {}
    for name in ("front-desk", "upstairs"):
        cfgs[name] = os.path.join(base, "copied-%s.ini" % name)
        with open(cfgs[name], "w") as f:
            f.write("[kiosk]\nname = %s\n" % name)

    def meta():
        return {r["key"]: r["value"] for r in sql(db, "SELECT key, value FROM meta")}

    said = "database was copied from another kiosk; it now has a new id"
    rc0, log0 = run_script("copied: first", db, ["quit"], cfgs["front-desk"])
    first = meta()
    rc1, log1 = run_script("copied: renamed", db, ["quit"], cfgs["upstairs"])
    second = meta()
    rc2, log2 = run_script("copied: again", db, ["quit"], cfgs["upstairs"])
    third = meta()
    lines = [ln for ln in log1.splitlines() if said in ln]
    check("copied-new-id", (rc0, rc1, rc2) == (0, 0, 0) and said not in log0 and len(lines) == 1
          and db in lines[0] and first.get("database_id") != second.get("database_id")
          and second.get("kiosk") == "upstairs" and said not in log2 and third == second,
          "exits %s; ids %s -> %s -> %s; kiosk %s -> %s; %d lines say %r: %r"
          % ((rc0, rc1, rc2), first.get("database_id"), second.get("database_id"),
             third.get("database_id"), first.get("kiosk"), second.get("kiosk"), len(lines), said,
             (log0 + log1 + log2).strip()[-400:]))


def welcome_checks(base):
    """Welcome's last-month line follows [report] threshold: 15 responses
    last month show with 10, not with 20."""
    d = os.path.join(base, "welcome")
    os.mkdir(d, 0o700)
    db = os.path.join(d, "heard.db")
    p = subprocess.run([SIMULATE, "--db", db, "--responses", "15", "--months", "1", "--services", "1",
                        "--kiosk", "privacy-check", "--seed", "4"],
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=60)
    if p.returncode != 0:
        bad("welcome-simulate", p.stdout.strip()[-300:])
        return
    for threshold, shown in ((10, True), (20, False)):
        cfg = os.path.join(base, "welcome-%d.ini" % threshold)
        with open(cfg, "w") as f:
            f.write("[kiosk]\nname = privacy-check\n[report]\nthreshold = %d\n" % threshold)
        trace = os.path.join(d, "trace-%d.jsonl" % threshold)
        rc, err = run([KIOSK, "--config", cfg, "--db", db, "--windowed", "800x480", "--trace", trace,
                       "--script", "-"], test_env())
        LOG.append(("welcome %d" % threshold, err))
        with open(trace) as f:
            ids = {w.get("id") for ln in f if ln.strip() for w in json.loads(ln).get("widgets", [])}
        has = "welcome.last_month" in ids
        check("welcome-threshold-%d-%s" % (threshold, "shown" if shown else "hidden"),
              rc == 0 and has == shown,
              "exit %s; with 15 responses last month and threshold %d the line is %s; log %r"
              % (rc, threshold, "shown" if has else "not shown", err.strip()[-200:]))


def voice_checks(base):
    """A language without an espeak-ng voice is said once, at start-up."""
    d = os.path.join(base, "voice")
    os.mkdir(d, 0o700)
    assets = os.path.join(d, "assets")
    shutil.copytree(os.path.join(ROOT, "assets"), assets)
    with open(os.path.join(STRINGS, "en.ini"), encoding="utf-8") as f:
        text = f.read()
    text = re.sub(r"(?m)^code = en$", "code = so", text, count=1)
    text = re.sub(r"(?m)^name = English$", "name = Soomaali", text, count=1)
    text = re.sub(r"(?m)^timeout\.deleted\.one =.*\n", "", text)  # a code without plural
    # rules (core/strtab.c) has the "other" form alone
    with open(os.path.join(assets, "strings", "so.ini"), "w", encoding="utf-8") as f:
        f.write(text)
    cfg = os.path.join(d, "voice.ini")
    with open(cfg, "w") as f:
        f.write("[kiosk]\nname = privacy-check\nlanguages = en, so\n")
    env = test_env(HEARD_ASSETS=assets)
    args = [KIOSK, "--config", cfg, "--db", os.path.join(d, "heard.db"), "--windowed", "800x480",
            "--script", "-"]

    def said(err):
        return [ln for ln in err.splitlines() if "voice" in ln]

    rc, err = run(args, env)  # nothing done, nothing said aloud
    LOG.append(("voice start", err))
    lines = said(err)
    check("voice-missing-said-at-start", rc == 0 and len(lines) == 1 and "'so'" in lines[0]
          and "Soomaali" in lines[0] and "English voice" in lines[0],
          "exit %s; stderr at start-up %r" % (rc, err.strip()[-400:]))
    script = ["key next",  # a key on Welcome: reading aloud on, each language's line
              "tap lang.so", "key repeat", "tap lang.en", "tap lang.so", "key repeat",
              "tap start", "key repeat", "quit"]
    rc, err2 = run(args, env, stdin="".join(ln + "\n" for ln in script))
    LOG.append(("voice used", err2))
    check("voice-missing-said-once", rc == 0 and said(err2) == lines and "script: no " not in err2,
          "exit %s; reading aloud in Somali and in English: stderr %r (at start-up alone: %r)"
          % (rc, err2.strip()[-600:], lines))


def no_audio_checks(base):
    """No audio device: said once, at start-up, never when reading aloud is
    first wanted (the line's time would date a client's action)."""
    d = os.path.join(base, "no-audio")
    os.mkdir(d, 0o700)
    cfg = os.path.join(d, "no-audio.ini")
    with open(cfg, "w") as f:
        f.write("[kiosk]\nname = privacy-check\n")
    env = test_env(SDL_AUDIODRIVER="nosuchdriver")

    def said(err):
        return [ln for ln in err.splitlines()
                if "audio" in ln or "speech" in ln or "aloud" in ln]

    def kiosk(name, script):
        args = [KIOSK, "--config", cfg, "--db", os.path.join(d, name + ".db"),
                "--windowed", "800x480", "--script", "-"]
        return run(args, env, stdin="".join(ln + "\n" for ln in script))

    rc, err = kiosk("start", ["quit"])  # nothing done, nothing said aloud
    LOG.append(("no audio start", err))
    lines = said(err)
    check("no-audio-said-at-start", rc == 0 and len(lines) == 1 and "no audio" in lines[0]
          and "reading aloud is off" in lines[0],
          "exit %s; stderr at start-up %r" % (rc, err.strip()[-400:]))
    script = ["key next",  # a key on Welcome: reading aloud on
              "key repeat", "tap start", "key repeat", "quit"]
    rc, err2 = kiosk("used", script)
    LOG.append(("no audio used", err2))
    check("no-audio-said-once", rc == 0 and err2.splitlines() == err.splitlines()
          and "script: no " not in err2,
          "exit %s; reading aloud turned on and used: stderr %r (at start-up alone: %r)"
          % (rc, err2.strip()[-600:], err.strip()[-400:]))


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
            steps = [("month", lambda: one_period("month", base)),
                     ("quarter", lambda: one_period("quarter", base)),
                     ("folder", lambda: folder_checks(base)),
                     ("own-files", lambda: own_file_checks(base)),
                     ("recovery", lambda: recovery_checks(base)),
                     ("welcome", lambda: welcome_checks(base)),
                     ("copied", lambda: copied_checks(base)),
                     ("voice", lambda: voice_checks(base)),
                     ("no-audio", lambda: no_audio_checks(base)),
                     ("refused", lambda: refusals(base)),
                     ("trace", lambda: trace_file(base)),
                     ("log", log_checks)]
            only = set(sys.argv[1:])
            unknown = only - {name for name, _ in steps}
            if unknown:
                raise SystemExit("privacy.py: no step %s" % ", ".join(sorted(unknown)))
            for name, step in steps:
                if only and name not in only:
                    continue
                try:
                    step()
                except (RuntimeError, OSError, ValueError, KeyError) as e:
                    bad(name, "stopped: %s: %s" % (type(e).__name__, e))
        finally:
            subprocess.run(["rm", "-rf", base])
    print("PRIVACY: %d passed, %d failed" % (passed, failed))
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
