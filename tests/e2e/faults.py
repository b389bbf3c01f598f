#!/usr/bin/python3
"""End-to-end tests of the kiosk when its database cannot take answers
(kiosk/pending.h, kiosk/main.c submit, retry_pending, open_store): each
fault is injected for real under the running kiosk, never simulated.

    tests/e2e/faults.py test [NAME...]   every check (or those whose name
                                         starts with a NAME); prints PASS/FAIL
                                         lines and "FAULTS: N passed, M failed";
                                         exit 1 on failure

Must run as root (mount, chattr).  It drives the real kiosk
(build/heard-kiosk) under Xvfb with the helpers of tests/e2e/kiosk.py
(imported, not copied): Display, Kiosk, the press rules, the sqlite3 CLI
checks.  The kiosks run with a staff PIN (246813, hashed by
`heard-kiosk --hash-pin`); the staff screen is opened as staff do, by
holding the top-left corner for 3 s and typing the PIN on the pad.

Each fault, in its own group (own Xvfb, kiosk and database; the groups run
in parallel, about 20 s in all):
  a-disk-full       the database on a 512 KiB tmpfs, filled with dd
  b-read-only       `chattr +i` on the database and its -wal (a folder on
                    the project's disk: immutable files refuse writes even
                    through descriptors already open; checked first)
  c-locked          a second process (the sqlite3 CLI) holds BEGIN EXCLUSIVE
  d-folder-deleted  the database's folder removed (rm -rf) while open, made again:
                    the sandbox keeps the kiosk out of the new one until a restart
and Every database folder is 0700 (the kiosk refuses one others can open).
For each: a whole session and Send; Thanks reads thanks.kept (and no
trace line ever shows thanks.sent or review.save_failed); nothing is in
the database; the staff screen shows "Waiting to be saved: 1" and the
error; the fault removed (the folder made again) with the staff screen
open, it shows "Waiting to be saved: 0" within 13 s (the retry is every
10 s) and the sqlite3 CLI finds the response counted exactly once (schema
v3: count_response, count_answer) with the answers sent; no recovery file
is left (d-folder-deleted: the response is lost with the folder, said in the
log, and the kiosk exits 3); the log said once that saving failed (naming the error) and once
"saving works again; 1 waiting responses saved", with no time or date.

  e-file-deleted    `rm` of the database and its -wal while open: the next
                    Send starts a new database at the same path and stores
                    the response there at once (thanks.sent), saying so in
                    the log
  f-recovery-locked  c-locked's fault; SIGTERM while the response waits:
                    exit 0, <db>.recovery (mode 0600) holds exactly that
                    response, the database none; the lock released and the
                    kiosk started again: stored exactly once, the recovery
                    file gone; a third start stores nothing more
  g-recovery-read-only  the same with b-read-only's fault
  h-recovery-disk-full  the same with a-disk-full's fault, where the
                    recovery file cannot be written either (it lives beside
                    the database): the log says the responses are lost,
                    and no partial recovery file is left, and the kiosk
                    exits 3 (not 0)
  i-damaged-moved-aside  a heard database of 300 simulated responses
                    (heard-simulate), closed cleanly, with a page in the middle
                    overwritten: the kiosk moves it to X.damaged-1 byte for
                    byte, a log line names both paths, and the new database at
                    X is empty, passes quick_check and takes a session
                    (thanks.sent, stored once)
  i-damaged-with-wal  damaged again after a crash, its -wal holding a
                    committed change: it goes to X.damaged-2 with its -wal,
                    neither changed (not folded in, not deleted), and
                    X.damaged-1 is untouched; a stray X.damaged-2-wal is
                    there, so it goes to X.damaged-3 (never over a file)
  j-refused-unchanged  a plain text file, another program's SQLite
                    database and a newer heard database (each private,
                    0600, in a 0700 folder) given as --db: exit 2, the
                    message names the file, and the file is left as it was
                    (bytes, time, mode), nothing created beside it
  k-logs-once       three sessions while the database is locked, then the
                    lock released: exactly one log line says saving failed,
                    one "saving works again; 3 waiting responses saved", no
                    line per response, none with a time or date
  l-full-at-start   a heard database of 30 responses on a tmpfs filled with
                    dd before the kiosk starts: exit 2, the message names the
                    file and the full disk, nothing is moved aside as damaged
                    and the file is unchanged; with room again all 30 are there
  z-logs-name-no-answer  after everything: no line of any kiosk log holds
                    an answer word, a question text or a service name (of
                    any language)

Python standard library only.
"""
import hashlib
import os
import re
import select
import shutil
import sqlite3
import stat
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import kiosk as K  # noqa: E402  (the e2e driver: Display, Kiosk, helpers)
from kiosk import Fail, must, widget, summary  # noqa: E402

UI = K.UI
W, H = 1280, 800
PIN = "246813"
RETRY_S = 13          # the kiosk retries every 10 s; a locked retry waits 2 s more
KEPT = UI["thanks.kept"]
SENT = UI["thanks.sent"]
SAVE_FAILED = UI["review.save_failed"]
SIMULATE = os.path.join(K.BUILD, "heard-simulate")

CLEANUPS = []         # undo every mount, chattr and lock, whatever happens
CLEANUPS_LOCK = threading.Lock()


def on_cleanup(fn):
    with CLEANUPS_LOCK:
        CLEANUPS.append(fn)


def run_cleanups():
    with CLEANUPS_LOCK:
        fns = list(reversed(CLEANUPS))
        CLEANUPS.clear()
    for fn in fns:
        try:
            fn()
        except Exception as e:  # keep undoing the rest
            print("cleanup: %s" % e, flush=True)


def sh(*cmd, check=True):
    p = subprocess.run([str(c) for c in cmd], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       text=True, timeout=30)
    if check and p.returncode != 0:
        raise Fail("%s exited %d: %s" % (" ".join(map(str, cmd)), p.returncode, p.stderr.strip()))
    return p


def sha(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def count(db):
    """Responses counted in db (schema v3: count_response); 0 if none."""
    if not os.path.exists(db):
        return 0
    # read as it lies on disk when no one holds it open (no -shm, or one
    # that a full disk left empty): the kiosk keeps none between saves,
    # and on a full disk sqlite3 could not make one to read with
    shm = db + "-shm"
    whole = os.path.exists(shm) and os.path.getsize(shm) >= 32768
    uri = db if whole else "file:%s?immutable=1" % db
    n = K.sql_value(uri, "SELECT coalesce(sum(n), 0) FROM count_response")
    return int(n) if n.isdigit() else 0


def answer_counts(db):
    """{(service, question, value): n} of db's count_answer, n > 0."""
    out = {}
    for line in K.sql_value(db, "SELECT service, question, value, n FROM count_answer "
                                "WHERE n > 0").splitlines():
        svc, q, v, n = line.split("|")
        out[(svc, q, int(v))] = int(n)
    return out


def log_text(k):
    with open(k.log, errors="replace") as f:
        return f.read()


# ---- the staff screen -------------------------------------------------------

def staff_config(tmp):
    p = subprocess.run([K.KIOSK, "--hash-pin"], input=PIN + "\n", stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, text=True, timeout=30)
    must(p.returncode == 0 and p.stdout.startswith("$argon2"),
         "heard-kiosk --hash-pin: exit %d: %s" % (p.returncode, p.stderr.strip()))
    path = os.path.join(tmp, "staff.ini")
    with open(path, "w") as f:
        f.write("; heard e2e faults: a staff PIN\n[kiosk]\nstaff_pin = %s\n" % p.stdout.strip())
    return path


def staff_labels(line):
    return {wid: (widget(line, wid) or {}).get("label")
            for wid in ("staff.db", "staff.stored", "staff.queued", "staff.error")}


def open_staff(k):
    """Hold the top-left corner 3 s, type the PIN on the pad, OK: the
    staff screen's trace line."""
    line = k.home()
    mark = len(k.lines)
    k.disp.xdotool("mousemove", 2, 2, "mousedown", 1)
    try:
        k.wait(mark, lambda l: l["screen"] == "admin", 8, "the PIN pad after holding the corner 3 s")
    finally:
        k.disp.xdotool("mouseup", 1)
    for d in PIN:
        k.click("staff.key." + d)
    line = k.click("staff.key.OK", until=lambda l: l["screen"] == "admin" and widget(l, "staff.queued"),
                   within=6, what="the staff screen after the PIN")
    k.screen_at = time.monotonic()  # pad -> staff screen: a new screen for the press rules
    return line


def close_staff(k):
    # the press redraws the staff screen first
    k.click("staff.resume", until=lambda l: l["screen"] == "welcome", within=5 * K.REACT_SLOW,
            what="welcome screen")


def queued_line(n):
    return "Waiting to be saved: %d" % n


# ---- a session --------------------------------------------------------------

def send_session(k, service, answers):
    """A whole session by mouse, then Send; the trace line that follows
    (after the save: a locked database holds the kiosk up to 2 s)."""
    K.expect_welcome(k.home())
    K.expect_screen(k.click("start"), "service")
    K.expect_question(k.click("service.%d" % service), 1)
    K.expect_screen(K.answer_all_mouse(k, answers), "review")
    return k.click("send", timeout=10)


def expect_kept(k, line, mark):
    K.expect_screen(line, "thanks")
    msg = (widget(line, "thanks.message") or {}).get("label")
    must(msg == KEPT, "Thanks reads %r, expected thanks.kept %r" % (msg, KEPT))
    for l in k.lines[mark:]:
        for w in l["widgets"]:
            must(w["label"] not in (SENT, SAVE_FAILED),
                 "a trace line on %s shows %r while the database could not take the answers"
                 % (summary(l), w["label"]))


def stored_once(db, service, answers, what):
    """db counts exactly one response: of service, with answers, this period."""
    n = count(db)
    must(n == 1, "%s: %d responses counted in %s, expected exactly 1" % (what, n, db))
    svc = K.DEFAULT_SERVICES[service]
    period = time.strftime("%Y-%m")
    row = K.sql_value(db, "SELECT period || '|' || service FROM count_response WHERE n > 0")
    must(row == "%s|%s" % (period, svc), "%s: counted as %r, expected %s|%s" % (what, row, period, svc))
    want = {(svc, q, v): 1 for q, v in zip(K.QIDS, answers)}
    got = answer_counts(db)
    must(got == want, "%s: answer counts %s, expected %s" % (what, got, want))


# ---- the faults ---------------------------------------------------------------

class Fault:
    """A fault on the database at self.db: inject() makes saving fail,
    remove() puts it right; cleanup() undoes everything (idempotent)."""
    error = ""  # what the staff screen's last error must contain

    def cleanup(self):
        pass


class DiskFull(Fault):
    error = "full"

    def __init__(self, tmp, name):
        self.dir = tempfile.mkdtemp(prefix=name + "-", dir=tmp)
        self.db = os.path.join(self.dir, "heard.db")
        self.filler = os.path.join(self.dir, "filler")
        self.mounted = False
        on_cleanup(self.cleanup)
        sh("mount", "-t", "tmpfs", "-o", "size=512k,mode=0700", "tmpfs", self.dir)
        self.mounted = True

    def inject(self):
        sh("dd", "if=/dev/zero", "of=" + self.filler, "bs=4k", check=False)
        st = os.statvfs(self.dir)
        must(st.f_bavail == 0, "dd left %d blocks free on %s" % (st.f_bavail, self.dir))

    def remove(self):
        os.remove(self.filler)

    def cleanup(self):
        if self.mounted:
            if sh("umount", self.dir, check=False).returncode != 0:
                sh("umount", "-l", self.dir, check=False)
            self.mounted = False


def immutable_works(folder):
    """Does `chattr +i` stop writes through a descriptor already open on
    this filesystem?  (ext4 and xfs: yes; tmpfs: no.)"""
    probe = os.path.join(folder, "probe")
    fd = os.open(probe, os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        if sh("chattr", "+i", probe, check=False).returncode != 0:
            return False
        try:
            os.write(fd, b"x")
            return False
        except OSError:
            return True
    finally:
        os.close(fd)
        sh("chattr", "-i", probe, check=False)
        os.remove(probe)


class ReadOnly(Fault):
    error = "readonly database"  # the kiosk opens it afresh for each save

    def __init__(self, tmp, name):
        # not in /tmp, which may be a tmpfs, where chattr +i does not stop writes
        base = os.path.join(K.ROOT, "build", "e2e")
        os.makedirs(base, exist_ok=True)
        self.dir = tempfile.mkdtemp(prefix="faults-" + name + "-", dir=base)
        self.db = os.path.join(self.dir, "heard.db")
        self.files = []
        on_cleanup(self.cleanup)
        must(immutable_works(self.dir), "chattr +i does not stop writes on the filesystem of %s"
             % self.dir)

    def inject(self):
        # the database, and its -wal where there is one (after a save the
        # kiosk leaves none); never the -shm, which SQLite maps into memory
        # (writing an immutable mapping kills the process with SIGBUS)
        self.files = [f for f in (self.db, self.db + "-wal") if os.path.exists(f)]
        must(self.db in self.files, "%s does not exist to be made read-only" % self.db)
        sh("chattr", "+i", *self.files)

    def remove(self):
        sh("chattr", "-i", *self.files)

    def cleanup(self):
        for f in (self.db, self.db + "-wal", self.db + "-shm"):
            if os.path.exists(f):
                sh("chattr", "-i", f, check=False)
        shutil.rmtree(self.dir, ignore_errors=True)


class Locked(Fault):
    error = "locked"

    def __init__(self, tmp, name):
        self.db = os.path.join(tmp, name + ".db")
        self.proc = None
        on_cleanup(self.cleanup)

    def inject(self):
        self.proc = K.started(subprocess.Popen(["sqlite3", self.db], stdin=subprocess.PIPE,
                                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                               text=True))
        self.proc.stdin.write(".timeout 5000\nBEGIN EXCLUSIVE;\nSELECT 'locked';\n")
        self.proc.stdin.flush()
        ready, _, _ = select.select([self.proc.stdout], [], [], 8)
        got = self.proc.stdout.readline().strip() if ready else "(nothing in 8 s)"
        must(got == "locked", "sqlite3 BEGIN EXCLUSIVE on %s: %s" % (self.db, got))

    def remove(self):
        self.proc.stdin.write("COMMIT;\n.quit\n")
        self.proc.stdin.close()
        must(self.proc.wait(10) == 0, "sqlite3 holding the lock exited %s" % self.proc.returncode)
        self.proc = None

    def cleanup(self):
        if self.proc and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()


class FolderDeleted(Fault):
    def __init__(self, tmp, name):
        self.dir = os.path.join(tmp, name + "-data")
        os.makedirs(self.dir, 0o700)  # the kiosk refuses a folder others can open
        self.db = os.path.join(self.dir, "heard.db")
        self.error = self.dir

    def inject(self):
        shutil.rmtree(self.dir)

    def remove(self):
        os.makedirs(self.dir, 0o700)


# ---- checks --------------------------------------------------------------------

def check_fault(k, fault, service, answers):
    must(count(fault.db) == 0, "the new database already holds responses")
    fault.inject()
    mark = len(k.lines)
    line = send_session(k, service, answers)
    expect_kept(k, line, mark)
    must(count(fault.db) == 0, "the response is in the database though saving should have failed")
    K.expect_screen(k.click("done"), "welcome")
    line = open_staff(k)
    got = staff_labels(line)
    must(got["staff.queued"] == queued_line(1), "the staff screen reads %r, expected %r"
         % (got["staff.queued"], queued_line(1)))
    err = got["staff.error"] or ""
    must(err.startswith("Last save error: ") and fault.error in err and not err.endswith(": none"),
         "the staff screen's error reads %r, expected one naming %r" % (err, fault.error))
    # put it right with the staff screen open: the retry saves and it shows
    mark = len(k.lines)
    fault.remove()
    t0 = time.monotonic()
    k.wait(mark, lambda l: l["screen"] == "admin" and
           (widget(l, "staff.queued") or {}).get("label") == queued_line(0), RETRY_S,
           "%r on the staff screen after the fault was removed" % queued_line(0))
    waited = time.monotonic() - t0
    stored_once(fault.db, service, answers, "after the retry")
    close_staff(k)
    must(not os.path.exists(fault.db + ".recovery"), "%s.recovery exists, though nothing waits"
         % fault.db)
    logged_once(k, fault.error, 1)
    print("INFO %s: saved %.1f s after the fault was removed" % (k.name, waited), flush=True)


FAILED_LINE = "responses wait to be saved"
WORKS_LINE = "saving works again; %d waiting responses saved"


def logged_once(k, error, n):
    """The log said once that saving failed (naming the error) and once
    that it works again, with the n saved: no line per response."""
    lines = log_text(k).splitlines()
    failed = [l for l in lines if FAILED_LINE in l]
    works = [l for l in lines if "saving works again" in l]
    per_response = [l for l in lines if "waiting" in l and l not in failed + works]
    must(len(failed) == 1 and error in failed[0], "%d lines say saving failed (wanted 1, naming "
         "%r): %s" % (len(failed), error, failed or k.log_tail()))
    must(works == ["heard-kiosk: " + WORKS_LINE % n], "lines saying it works again: %s, wanted "
         "exactly %r" % (works, WORKS_LINE % n))
    must(not per_response, "lines about waiting responses besides those two: %s" % per_response)
    stamped = [l for l in lines if re.search(r"\d{1,2}:\d{2}|\d{4}-\d{2}-\d{2}", l)]
    must(not stamped, "log lines with a time or date: %s" % stamped)


def check_logs_once(k, fault, service, answers):
    """Three sessions while the database is locked: Thanks says kept each
    time; the log says once that saving failed and, the lock released,
    once that it works again with the three saved."""
    fault.inject()
    for i in range(3):
        mark = len(k.lines)
        expect_kept(k, send_session(k, service, answers), mark)
        K.expect_screen(k.click("done"), "welcome")
    mark = len(k.lines)
    line = open_staff(k)
    must(staff_labels(line)["staff.queued"] == queued_line(3), "the staff screen reads %r"
         % staff_labels(line)["staff.queued"])
    fault.remove()
    k.wait(mark, lambda l: l["screen"] == "admin" and
           (widget(l, "staff.queued") or {}).get("label") == queued_line(0), RETRY_S,
           "%r on the staff screen after the lock was released" % queued_line(0))
    close_staff(k)
    must(count(fault.db) == 3, "%d responses counted, expected 3" % count(fault.db))
    logged_once(k, fault.error, 3)


def check_folder_replaced(k, fault, service, answers):
    """rm -rf of the database's folder, made again later: the kiosk may
    write only the folder it started with (its Landlock sandbox), so the
    answers wait, the staff screen says to restart it, and at the end they
    are lost with the rest of the folder, and the log says so."""
    fault.inject()
    mark = len(k.lines)
    expect_kept(k, send_session(k, service, answers), mark)
    K.expect_screen(k.click("done"), "welcome")
    fault.remove()
    time.sleep(RETRY_S / 2)  # a retry comes and goes
    got = staff_labels(open_staff(k))
    must(got["staff.queued"] == queued_line(1), "the staff screen reads %r, expected %r"
         % (got["staff.queued"], queued_line(1)))
    err = got["staff.error"] or ""
    must(fault.dir in err and "restarted" in err, "the staff screen's error reads %r, expected "
         "one naming %s and saying to restart" % (err, fault.dir))
    close_staff(k)
    must(count(fault.db) == 0, "a response was saved into the new folder")
    rc = k.stop()
    must(rc == 3, "SIGTERM with a response lost: the kiosk exited %s, expected 3" % rc)
    must("1 unsaved responses are lost" in log_text(k),
         "the log does not say the response is lost: %s" % k.log_tail())


def check_file_deleted(k, db, service, answers):
    """rm of the open database and its -wal: a new file at the path at once."""
    K.expect_screen(send_session(k, 1 - service, [3] * len(K.QIDS)), "thanks")
    must(count(db) == 1, "the first response is not stored")
    K.expect_screen(k.click("done"), "welcome")
    old = os.stat(db).st_ino
    os.remove(db)
    for side in ("-wal", "-shm"):  # none after a save, with schema v3
        if os.path.exists(db + side):
            os.remove(db + side)
    line = send_session(k, service, answers)
    K.expect_screen(line, "thanks")
    msg = widget(line, "thanks.message")["label"]
    must(msg == SENT, "Thanks reads %r; the database file was removed, and a new one at %s "
         "should have taken the answers at once (%r)" % (msg, db, SENT))
    must(os.path.exists(db) and os.stat(db).st_ino != old, "no new database file at %s" % db)
    stored_once(db, service, answers, "in the new database")
    must(stat.S_IMODE(os.stat(db).st_mode) == 0o600, "the new database is mode %o"
         % stat.S_IMODE(os.stat(db).st_mode))
    want = "%s was removed or replaced while open; started it again" % db
    must(want in log_text(k), "the log does not say %r: %s" % (want, k.log_tail()))
    K.expect_screen(k.click("done"), "welcome")
    got = staff_labels(open_staff(k))
    must(got["staff.queued"] == queued_line(0), "the staff screen reads %r" % got["staff.queued"])
    close_staff(k)


def parse_recovery(path):
    """[(kiosk, service, period, qset, {question: value})] of a recovery file."""
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    must(lines[0] == "heard-recovery 2", "%s starts %r" % (path, lines[0]))
    must(re.fullmatch(r"token [a-p]{32}", lines[1]), "%s: line 2 is %r, not its token" % (path, lines[1]))
    must(lines[-1] == "", "%s does not end with a newline" % path)
    out = []
    for n, line in enumerate(lines[2:-1], start=3):
        f = line.split("\t")
        if f[0] == "R" and len(f) == 5:
            out.append((f[1], f[2], f[3], f[4], {}))
        elif f[0] == "A" and len(f) == 3 and out:
            must(f[1] not in out[-1][4], "%s:%d: %s twice" % (path, n, f[1]))
            out[-1][4][f[1]] = int(f[2])
        else:
            raise Fail("%s:%d: unexpected line %r" % (path, n, line))
    return out


def check_recovery(k, fault, service, answers, recoverable=True):
    must(count(fault.db) == 0, "the new database already holds responses")
    fault.inject()
    mark = len(k.lines)
    expect_kept(k, send_session(k, service, answers), mark)
    rec = fault.db + ".recovery"
    if recoverable:  # written as soon as it waits, in case the power goes
        must(os.path.exists(rec), "no %s while a response waits; log: %s" % (rec, k.log_tail()))
        must(stat.S_IMODE(os.stat(rec).st_mode) == 0o600, "%s is not mode 600 while it waits" % rec)
    rc = k.stop()
    want_rc = 0 if recoverable else 3  # lost: the exit status says so
    must(rc == want_rc, "SIGTERM: the kiosk exited %s, expected %d" % (rc, want_rc))
    log = log_text(k)
    if not recoverable:  # the recovery file's folder is full too
        must("1 unsaved responses are lost" in log and rec in log,
             "the log does not say the response is lost (and where it could not be kept): %s"
             % k.log_tail())
        for f in (rec, rec + ".tmp"):
            must(not os.path.exists(f), "%s was left behind" % f)
        fault.remove()
        return
    must(os.path.exists(rec), "no %s after SIGTERM with a response waiting; log: %s"
         % (rec, k.log_tail()))
    mode = stat.S_IMODE(os.stat(rec).st_mode)
    must(mode == 0o600, "%s is mode %o, expected 600" % (rec, mode))
    must(not os.path.exists(rec + ".tmp"), "%s.tmp was left behind" % rec)
    got = parse_recovery(rec)
    want = (K.DEFAULT_KIOSK_NAME, K.DEFAULT_SERVICES[service], time.strftime("%Y-%m"), K.C["qset"],
            dict(zip(K.QIDS, answers)))
    must(got == [want], "%s holds %s, expected exactly %s" % (rec, got, [want]))
    must("1 unsaved responses kept in %s for the next start" % rec in log,
         "the log does not say where the response was kept: %s" % k.log_tail())
    must(count(fault.db) == 0, "the database holds the response as well as %s" % rec)
    fault.remove()
    k.start()  # import_recovery saves it before the first screen
    stored_once(fault.db, service, answers, "after the restart")
    must(not os.path.exists(rec), "%s is still there after its response was saved" % rec)
    must("1 responses found in %s" % rec in log_text(k), "the log does not say the recovery "
         "file was read: %s" % k.log_tail())
    must(k.stop() == 0, "the kiosk did not exit 0")
    k.start()
    stored_once(fault.db, service, answers, "after a third start")


PAGE_GARBAGE = bytes(range(256)) * 64  # 16 KiB of bytes no b-tree page starts with


def damage(path):
    """Overwrite a page in the middle of an SQLite file (one page, from its
    first byte); returns the page number."""
    with open(path, "r+b") as f:
        head = f.read(100)
        psize = int.from_bytes(head[16:18], "big")
        psize = 65536 if psize == 1 else psize
        npages = os.path.getsize(path) // psize
        page = npages // 2
        f.seek((page - 1) * psize)
        f.write(PAGE_GARBAGE[:psize][::-1])
    return page


def quick_check(path):
    p = subprocess.run(["sqlite3", "-readonly", path, "PRAGMA quick_check"], stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT, text=True, timeout=30)
    return p.stdout.strip()


def simulated_damaged(X):
    """A heard database of 300 simulated responses at X, closed cleanly,
    with a page in the middle overwritten; a copy is kept beside it."""
    sh(SIMULATE, "--db", X, "--responses", 300, "--seed", 7)
    for s in ("-wal", "-shm", "-journal"):
        must(not os.path.exists(X + s), "heard-simulate left %s%s" % (X, s))
    page = damage(X)
    must(quick_check(X) != "ok", "overwriting page %d did not damage %s" % (page, X))


def moved_aside(k, X, n, before, what):
    aside = "%s.damaged-%d" % (X, n)
    must(os.path.exists(aside), "%s: no %s; log: %s" % (what, aside, k.log_tail()))
    for s, h in before.items():
        must(os.path.exists(aside + s), "%s: %s%s did not go with it to %s%s"
             % (what, X, s, aside, s))
        must(sha(aside + s) == h, "%s: %s%s differs from the damaged %s%s it should be "
             "(moved, not changed)" % (what, aside, s, X, s))
    lines = [l for l in log_text(k).splitlines() if (X + ":" in l or X + " " in l) and aside in l]
    must(lines, "%s: no log line names both %s and %s: %s" % (what, X, aside, k.log_tail()))
    must(count(X) == 0, "%s: the new database at %s is not empty" % (what, X))
    must(quick_check(X) == "ok", "%s: the new database fails quick_check" % what)
    return aside


def check_damaged(k, ctx):
    """The brief's case: a damaged heard database, nothing beside it."""
    X = ctx.db
    simulated_damaged(X)
    before = {"": sha(X)}
    k.start()
    aside = moved_aside(k, X, 1, before, "damaged")
    ctx.first = (aside, before[""])
    answers = [2, 2, 3, 0, 5, 1, -1, 4]
    line = send_session(k, 0, answers)
    K.expect_screen(line, "thanks")
    must(widget(line, "thanks.message")["label"] == SENT, "Thanks on the new database reads %r"
         % widget(line, "thanks.message")["label"])
    stored_once(X, 0, answers, "the new database")
    K.expect_screen(k.click("done"), "welcome")
    must(k.stop() == 0, "the kiosk did not exit 0")


def check_damaged_with_wal(k, ctx):
    """Damaged again, after a crash: its -wal holds committed changes (a
    writer killed before it could checkpoint).  It goes to the next
    number, -wal and all, none of it changed; the first one is untouched."""
    X = ctx.db
    for s in ("", "-wal", "-shm"):
        if os.path.exists(X + s):
            os.remove(X + s)
    simulated_damaged(X)
    sh(sys.executable, "-c", "import os, sqlite3, sys\n"
       "c = sqlite3.connect(sys.argv[1])\n"
       "c.execute('PRAGMA wal_autocheckpoint = 0')\n"
       "c.execute(\"INSERT INTO meta VALUES ('e2e', 'in the wal only')\")\n"
       "c.commit()\n"
       "os._exit(0)  # no close: the -wal keeps the commit\n", X)
    must(os.path.getsize(X + "-wal") > 0, "no committed frames in %s-wal" % X)
    before = {s: sha(X + s) for s in ("", "-wal")}
    stray = X + ".damaged-2-wal"  # a -wal left with no database: never replaced
    with open(stray, "wb") as f:
        f.write(b"a stray -wal, kept")
    os.chmod(stray, 0o600)
    h_stray = sha(stray)
    k.start()
    moved_aside(k, X, 3, before, "damaged with a -wal")
    aside, h = ctx.first
    must(sha(aside) == h, "%s changed when a second damaged file was moved aside" % aside)
    must(sha(stray) == h_stray, "%s was replaced by the damaged file's -wal" % stray)
    must(not os.path.exists(X + ".damaged-2"), "%s.damaged-2 used though its -wal's name was "
         "taken" % X)


def refuse(tmp, name, make, ours):
    """Start the kiosk on a file it must refuse: exit 2 naming it, the
    file as it was (a heard file, `ours`, may have been made private: it
    holds answers), nothing new beside it."""
    folder = os.path.join(tmp, "refuse-" + name)
    os.makedirs(folder, 0o700)
    path = os.path.join(folder, name)
    make(path)
    os.chmod(path, 0o600)  # private: refused for what it holds, not its mode
    st0, h0 = os.stat(path), sha(path)
    time.sleep(0.05)  # a rewrite would show in the time stamps
    env = dict(os.environ)
    env.pop("DISPLAY", None)  # it must stop before it opens a window
    p = subprocess.run([K.KIOSK, "--db", path], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       text=True, timeout=30, env=env, cwd=K.ROOT)
    with open(os.path.join(tmp, "refuse-" + name + ".log"), "w") as f:
        f.write(p.stderr)
    must(p.returncode == 2, "%s: exit %d, expected 2; stderr: %s" % (name, p.returncode, p.stderr))
    must(path in p.stderr, "%s: the message does not name the file: %s" % (name, p.stderr.strip()))
    st1 = os.stat(path)
    must(sha(path) == h0, "%s: the file's bytes changed" % name)
    must((st1.st_mtime_ns, st1.st_ino) == (st0.st_mtime_ns, st0.st_ino),
         "%s: the file was rewritten (mtime %d -> %d)" % (name, st0.st_mtime_ns, st1.st_mtime_ns))
    must(st1.st_mode == st0.st_mode or (ours and stat.S_IMODE(st1.st_mode) == 0o600),
         "%s: the kiosk changed the mode of a file it refused, from %o to %o" % (
             name, stat.S_IMODE(st0.st_mode), stat.S_IMODE(st1.st_mode)))
    extra = sorted(set(os.listdir(folder)) - {name})
    must(not extra, "%s: the kiosk left %s beside it" % (name, extra))
    return p.stderr.strip()


def check_refused(tmp):
    def text(path):
        with open(path, "w") as f:
            f.write("These are my notes.\nNot a database.\n" * 50)

    def other(path):
        c = sqlite3.connect(path)
        c.execute("CREATE TABLE contacts(name TEXT, phone TEXT)")
        c.execute("INSERT INTO contacts VALUES ('A', '1')")
        c.commit()
        c.close()

    def newer(path):
        sh(SIMULATE, "--db", path, "--responses", 20, "--seed", 3)
        c = sqlite3.connect(path)
        c.execute("UPDATE meta SET value = '99' WHERE key = 'schema_version'")
        c.commit()
        c.execute("PRAGMA journal_mode = DELETE")  # no -wal or -shm left for the check
        c.close()

    for name, make, says, ours in (("notes.txt", text, "", False),
                                   ("contacts.db", other, "another program", False),
                                   ("newer.db", newer, "newer heard", True)):
        msg = refuse(tmp, name, make, ours)
        must(says in msg, "%s: the message does not say %r: %s" % (name, says, msg))
        must(".damaged" not in msg, "%s: a file that is not a damaged heard database was "
             "treated as one: %s" % (name, msg))


def check_full_at_start(tmp):
    """A healthy database on a disk that is full when the kiosk starts:
    not moved aside as damaged, not changed; exit 2 naming the file and the
    full disk; once there is room, every response is still in it."""
    fault = DiskFull(tmp, "l-full-at-start")
    try:
        sh(SIMULATE, "--db", fault.db, "--responses", 30, "--seed", 5)
        before = count(fault.db)
        must(before == 30, "heard-simulate stored %d responses, expected 30" % before)
        files = sorted(os.listdir(fault.dir))
        fault.inject()
        h0 = sha(fault.db)
        env = dict(os.environ)
        env.pop("DISPLAY", None)  # it must stop before it opens a window
        p = subprocess.run([K.KIOSK, "--db", fault.db], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           text=True, timeout=30, env=env, cwd=K.ROOT)
        must(p.returncode == 2, "exit %d on a full disk, expected 2; stderr: %s" % (p.returncode, p.stderr))
        must(fault.db in p.stderr and "full" in p.stderr,
             "the message does not name the file and the full disk: %s" % p.stderr.strip())
        must("damaged" not in p.stderr, "a healthy database was called damaged: %s" % p.stderr.strip())
        extra = set(os.listdir(fault.dir)) - set(files) - {"filler", "heard.db-wal", "heard.db-shm"}
        must(not extra and "heard.db" in os.listdir(fault.dir),
             "the folder changed from %s to %s" % (files, sorted(os.listdir(fault.dir))))
        must(sha(fault.db) == h0, "the database's bytes changed")
        print("INFO l-full-at-start: %s" % p.stderr.strip().splitlines()[-1], flush=True)
        fault.remove()
        must(count(fault.db) == before, "%d responses after the full disk, expected %d"
             % (count(fault.db), before))
    finally:
        fault.cleanup()


def secrets():
    """Every answer word, question text and service name, in every language."""
    out = set(K.DEFAULT_SERVICES)
    for L in K.STR.values():
        ui = L["ui"]
        out.update(ui["answer.%d" % v] for v in range(1, 6))
        out.update((ui["review.skipped"], ui["review.not_apply"], ui["question.not_apply"]))
        out.update(L["q"].values())
    return out


def check_logs(tmp):
    logs = []
    for root, _, files in os.walk(tmp):
        logs += [os.path.join(root, f) for f in files
                 if f.endswith(".log") and not f.startswith("xvfb-")]
    must(logs, "no kiosk logs in %s" % tmp)
    words = secrets()
    n = 0
    for path in logs:
        with open(path, errors="replace") as f:
            for i, line in enumerate(f, start=1):
                n += 1
                for w in words:
                    must(w not in line, "%s:%d names %r: %s" % (path, i, w, line.strip()))
    print("INFO z-logs: %d lines in %d logs, none names any of %d answer words, question texts "
          "or services" % (n, len(logs), len(words)), flush=True)


# ---- running ---------------------------------------------------------------------

def kiosk_group(results, tmp, name, config, check, make_fault=None, make_db=None):
    """One check on its own Xvfb and kiosk.  make_fault(tmp, name) sets the
    fault up before the kiosk starts on its database; its cleanup runs after
    the kiosk has stopped."""
    fault = None
    try:
        with K.Group(results, [name]) as g:
            fault = make_fault(tmp, name) if make_fault else None
            db = fault.db if fault else make_db
            g.disp = K.Display(W, H, tmp)
            g.k = k = K.Kiosk(g.disp, tmp, name, db, config)
            results.check(name, check, k, fault)
    finally:
        if fault:
            fault.cleanup()


class DamagedCtx:
    def __init__(self, tmp):
        folder = os.path.join(tmp, "damaged")
        os.makedirs(folder, 0o700)
        self.db = os.path.join(folder, "heard.db")
        self.first = None


def group_damaged(results, tmp, config):
    names = ["i-damaged-moved-aside", "i-damaged-with-wal"]
    with K.Group(results, names) as g:
        ctx = DamagedCtx(tmp)
        g.disp = K.Display(W, H, tmp)
        # the kiosk is started by the checks, on the damaged file
        g.k = k = K.Kiosk.__new__(K.Kiosk)
        k.disp, k.db, k.name, k.config, k.proc = g.disp, ctx.db, names[0], config, None
        k.trace = os.path.join(tmp, names[0] + ".trace")
        k.log = os.path.join(tmp, names[0] + ".log")
        results.check(names[0], check_damaged, k, ctx)
        if names[0] in results.done and results.done[names[0]]:
            results.check(names[1], check_damaged_with_wal, k, ctx)
        else:
            results.add(names[1], False, "not run: %s failed" % names[0])


SERVICE_ANSWERS = [  # (service index, answers) per group: every group sends its own
    (0, [5, 4, 3, 2, 1, 0, -1, 5]),
    (1, [1, 2, 3, 4, 5, 5, 4, 0]),
    (0, [4, 0, 4, 0, 4, 3, -1, 2]),
    (1, [2, 5, 1, 5, 3, 3, 3, 1]),
    (0, [3, 3, 5, 5, 1, 1, -1, 0]),
    (1, [5, 5, 4, 3, 1, 2, 5, 0]),
    (0, [1, 1, 2, 2, 0, 0, -1, 4]),
    (1, [4, 3, 2, 1, 0, 2, 1, 3]),
]


def groups(tmp, config):
    """(check names, function, args) for every group."""
    def fault_check(i):
        s, a = SERVICE_ANSWERS[i]
        return lambda k, fault: check_fault(k, fault, s, a)

    def recovery_check(i, recoverable=True):
        s, a = SERVICE_ANSWERS[i]
        return lambda k, fault: check_recovery(k, fault, s, a, recoverable)

    deleted_db = os.path.join(tmp, "e-file-deleted.db")
    s5, a5 = SERVICE_ANSWERS[4]
    return [
        ("a-disk-full", kiosk_group, ("a-disk-full", config, fault_check(0), DiskFull)),
        ("b-read-only", kiosk_group, ("b-read-only", config, fault_check(1), ReadOnly)),
        ("c-locked", kiosk_group, ("c-locked", config, fault_check(2), Locked)),
        ("d-folder-deleted", kiosk_group, ("d-folder-deleted", config,
                                           lambda k, f: check_folder_replaced(k, f, *SERVICE_ANSWERS[3]),
                                           FolderDeleted)),
        ("e-file-deleted", kiosk_group, ("e-file-deleted", config,
                                         lambda k, _: check_file_deleted(k, deleted_db, s5, a5),
                                         None, deleted_db)),
        ("f-recovery-locked", kiosk_group, ("f-recovery-locked", config, recovery_check(5),
                                            Locked)),
        ("g-recovery-read-only", kiosk_group, ("g-recovery-read-only", config, recovery_check(6),
                                               ReadOnly)),
        ("h-recovery-disk-full", kiosk_group, ("h-recovery-disk-full", config,
                                               recovery_check(7, False), DiskFull)),
        ("i-damaged-moved-aside i-damaged-with-wal", group_damaged, (config,)),
        ("k-logs-once", kiosk_group, ("k-logs-once", config,
                                      lambda k, f: check_logs_once(k, f, *SERVICE_ANSWERS[2]),
                                      Locked)),
        ("j-refused-unchanged", None, None),
        ("l-full-at-start", None, None),
    ]


def preflight():
    K.preflight()
    must(os.geteuid() == 0, "run as root: the faults need mount and chattr")
    for tool in ("mount", "umount", "chattr", "dd"):
        must(shutil.which(tool), "%s is not installed" % tool)
    must(os.access(SIMULATE, os.X_OK), "%s missing: run `make all` first" % SIMULATE)


def cmd_test(only):
    preflight()
    t0 = time.monotonic()
    tmp = tempfile.mkdtemp(prefix="heard-faults-")
    os.chmod(tmp, 0o700)
    results = K.Results()
    try:
        config = staff_config(tmp)
        todo = [g for g in groups(tmp, config)
                if not only or any(n.startswith(o) for n in g[0].split() for o in only)]
        threads = [threading.Thread(target=fn, args=(results, tmp) + args, daemon=True)
                   for _, fn, args in todo if fn]
        def refused():  # on this thread, while the groups run
            if any(n == "j-refused-unchanged" for n, _, _ in todo):
                results.check("j-refused-unchanged", check_refused, tmp)
            if any(n == "l-full-at-start" for n, _, _ in todo):
                results.check("l-full-at-start", check_full_at_start, tmp)
        K.in_parallel(threads, refused)
    finally:
        run_cleanups()  # every kiosk has stopped (its group's end); guarded() ends any left
    if not only or any("z-logs-name-no-answer".startswith(o) for o in only):
        results.check("z-logs-name-no-answer", check_logs, tmp)
    return K.finish(results, tmp, t0, "FAULTS")


def main(argv):
    if len(argv) < 2 or argv[1] != "test":
        print("usage: tests/e2e/faults.py test [NAME...]", file=sys.stderr)
        return 2
    try:
        return K.guarded(lambda: cmd_test(argv[2:]), "FAULTS")
    finally:
        run_cleanups()


if __name__ == "__main__":
    sys.exit(main(sys.argv))
