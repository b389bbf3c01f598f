#!/usr/bin/python3
"""End-to-end tests of the staff's way out of the kiosk (kiosk/staff.c,
kiosk/main.c): the hidden corner, the PIN pad, the lock, the staff screen,
and the keys and window close that must not end the kiosk.

    tests/e2e/staff.py test      every check; prints PASS/FAIL lines (and a
                                 few INFO lines) and "STAFF: N passed,
                                 M failed"; exit 1 on failure

It drives the real kiosk (build/heard-kiosk, kiosk mode: no --windowed)
under Xvfb with the helpers of tests/e2e/kiosk.py (imported, not copied):
Display, Kiosk, the trace polling, the press rules and the sqlite3 checks.
The PIN is 246813 (PINs have at least 6 digits); its hash comes from
`heard-kiosk --hash-pin` and goes in a config file as `[kiosk] staff_pin`.
What the kiosk stored is read from the database's counts (schema v3:
count_response, count_answer for this month), with the sqlite3 CLI.  The pad and the staff screen are traced
as screen "admin".  Four groups run in parallel, each with its own Xvfb and
kiosk (1280x800); HEARD_STAFF_GROUPS=arabic,clock runs only those groups:

  main    (one kiosk, in order)
            a-short-hold-opens-nothing  press and hold the top-left corner
                                 (5, 5) for 1.5 s on Welcome: no "admin"
                                 line, still Welcome, 2 s after the release
            b-hold-opens-pad     a 3.3 s hold: the PIN pad (keys 0-9, Delete,
                                 OK, Cancel, "Staff: enter the PIN.", nothing
                                 entered) about 3 s after the press, not
                                 before; Cancel: Welcome again
            c-keys-ignored       Escape, alt+F4, ctrl+c, ctrl+q, ctrl+w on
                                 Welcome and on question 1: the kiosk keeps
                                 running on the same screen and still works
                                 (a tap on Welcome, the digit 3 on question 1)
            d-answers-kept       answers to questions 1 and 2, the pad opened
                                 from question 3, the PIN (one dot per digit,
                                 never the digit), the staff screen, Resume:
                                 question 3 again, question 2's answer still
                                 chosen; finish and send: the counts of this
                                 month and service grew by one response and
                                 by one for each answer, nothing else
            e-exit               the pad from Welcome, the PIN: the staff
                                 screen shows the database, this month's count
                                 (1), nothing waiting, no save error; Exit:
                                 the kiosk ends with status 0
            f-log-and-trace      stderr holds the root warning when run as
                                 root (and nothing else), never the PIN nor an
                                 answer; the trace never shows a digit typed
                                 on the pad; the pad and the staff screen
                                 pass kiosk.py's layout_problems()
  lock      g-five-wrong-lock    5 digits and OK: "A staff PIN has at least
                                 six digits." and no try counted; then 5
                                 wrong PINs: "That PIN is not right." after
                                 each of the first 4; after the 5th "Too many
                                 wrong PINs..." and every key disabled in the
                                 trace (Cancel not); the right PIN then does
                                 nothing; Cancel; the pad opened again is
                                 still locked
            j-lock-after-restart the lock file beside the database (mode
                                 0600, only "heard-staff-lock 1", the count
                                 and when the lock ends, within 5 minutes);
                                 the kiosk killed (a power cut) and started
                                 again: the pad is still locked and the
                                 right PIN does nothing
            k-pin-rules          --hash-pin refuses 2468 and 24681 and
                                 letters (exit 2, one line, nothing on
                                 stdout); a config whose staff_pin is a
                                 malformed hash stops the kiosk (exit 2,
                                 "file:line: key 'staff_pin': ...")
            l-hash-pin-terminal  --hash-pin on a terminal (a pty): a prompt, the
                                 PIN typed is not echoed, one hash printed;
                                 from a pipe: no prompt, the hash only
  arabic    m-staff-ltr-arabic   Welcome in Arabic (mirrored), the corner held:
                                 the pad and the staff screen are English and
                                 left to right (keys 1 2 3, 4 5 6, 7 8 9,
                                 Delete 0 OK in increasing x, the message at
                                 the left, Resume left of Exit); Resume: the
                                 client's Welcome is Arabic and mirrored again
  clock     n-clock-wrong        the kiosk started under faketime at
                                 2020-01-01 with a database holding a later
                                 month: the staff screen shows the date and
                                 time (2020) and the warning that answers
                                 wait, unsaved; a session then is kept, not
                                 saved (the client reads "kept"; no count
                                 changes: never filed under a period that may
                                 be closed), and in the recovery file; the
                                 kiosk started again with the right clock
                                 saves it into this month
            o-clock-ahead        the clock at 2099: a session kept (recovery
                                 file), --backup refused (no copy); the
                                 kiosk with the right clock saves it into
                                 this month, no .bad file left
            p-clock-closed-month a session in March (next year, faketime),
                                 the kiosk started in April (meta
                                 newest_period), then restarted with the
                                 clock back in March (a saved clock
                                 restored at boot) and in February: the
                                 sessions are kept, March unchanged; the
                                 staff screen warns, naming April; with
                                 the clock in April they go into April
            q-copy-closes-month  --backup on 1 February remembers February
                                 in the live file: a kiosk restored to 31
                                 January 23:40 then keeps its session
                                 waiting (January, held by the copy,
                                 never changes); saved into February later
            r-idle-new-month     a kiosk idle across the month's end
                                 remembers the new month by itself
  idle    h-pad-idle-closes      the pad with two digits entered, then
                                 nothing: back on Welcome 60 s after the last
                                 key (kiosk clock), not sooner
  close   i-window-close         WM_DELETE_WINDOW (as a window manager's close
                                 sends it, through libX11 with ctypes) is
                                 ignored in kiosk mode; the same to a
                                 --windowed kiosk ends it with status 0

Python standard library only.
"""
import ctypes
import ctypes.util
import glob
import os
import re
import signal
import stat
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import kiosk as K  # noqa: E402  (the e2e driver: Display, Kiosk, helpers)
from kiosk import Fail, must, widget, summary, label  # noqa: E402

W, H = 1280, 800
PIN = "246813"
WRONG = "135790"
SHORT = "24681"                    # one digit short of a PIN
DOT = "\u2022"                     # staff.c: one dot per digit entered
CORNER = (5, 5)                    # inside the 12 mm top-left corner
HOLD_MS = 3000                     # staff.h STAFF_HOLD_MS
IDLE_MS = 60000                    # staff.h STAFF_IDLE_MS
TRIES = 5                          # staff.h STAFF_TRIES
KEYS = [str(d) for d in range(10)] + ["Delete", "OK"]
IGNORED_KEYS = ["Escape", "alt+F4", "ctrl+c", "ctrl+q", "ctrl+w"]
ROOT_WARNING = "heard-kiosk: warning: running as root"
MSG_ENTER = "Staff: enter the PIN."
MSG_WRONG = "That PIN is not right."
MSG_LOCKED = "Too many wrong PINs"
MSG_SHORT = "A staff PIN has at least six digits. Shorter? Ask for a new PIN."
LOCK_S = 300                       # staff.h STAFF_LOCK_MS
ANSWERS = [4, 3, 2, 5, 0, 1, -1, 5]  # questions 1..8 (7 has Does not apply)
SERVICE = 0

INFO_LOCK = threading.Lock()


def info(msg):
    with INFO_LOCK:
        print("INFO " + msg, flush=True)


def is_pad(line):
    return line["screen"] == "admin" and widget(line, "staff.key.OK") is not None


def is_menu(line):
    return line["screen"] == "admin" and widget(line, "staff.exit") is not None


def dots(line):
    """What staff.entered shows, checked to be dots only: their number."""
    got = label(line, "staff.entered")
    must(got is not None, "the pad has no staff.entered: %s" % summary(line))
    must(got == " " or set(got) == {DOT}, "staff.entered shows %r, expected only dots" % got)
    return 0 if got == " " else len(got)


def hash_pin(pin):
    p = subprocess.run([K.KIOSK, "--hash-pin"], input=pin + "\n", stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, text=True, timeout=30)
    must(p.returncode == 0 and p.stdout.startswith("$argon2id$"),
         "heard-kiosk --hash-pin exited %d: %r %r" % (p.returncode, p.stdout, p.stderr))
    return p.stdout.strip()


def write_config(tmp, pin_hash):
    path = os.path.join(tmp, "staff.ini")
    with open(path, "w") as f:
        f.write("; heard e2e: a staff PIN (%d digits)\n[kiosk]\nstaff_pin = %s\n"
                % (len(PIN), pin_hash))
    return path


def counts(db):
    """What the kiosk stored this month (schema v3 keeps counts only):
    ({service: responses}, {(service, question, value): n})."""
    if not os.path.exists(db):
        return {}, {}
    period = time.strftime("%Y-%m")
    resp = {r["service"]: r["n"] for r in
            K.sql(db, "SELECT service, n FROM count_response WHERE period = '%s'" % period)}
    ans = {(r["service"], r["question"], r["value"]): r["n"] for r in
           K.sql(db, "SELECT service, question, value, n FROM count_answer WHERE period = '%s'"
                 % period)}
    return resp, ans


def check_one_more(db, before, service, answers, what):
    """Since before (a counts() result): one more response for service, one
    more of each of its answers (0 skipped, -1 does not apply), nothing else."""
    resp, ans = counts(db)
    want_resp = dict(before[0])
    want_resp[service] = want_resp.get(service, 0) + 1
    must(resp == want_resp, "%s: responses this month %s, expected %s" % (what, resp, want_resp))
    want = dict(before[1])
    for q, v in zip(K.QIDS, answers):
        want[(service, q, v)] = want.get((service, q, v), 0) + 1
    must(ans == want, "%s: answer counts differ from the expected: got %s, expected %s"
         % (what, sorted(set(ans.items()) - set(want.items())),
            sorted(set(want.items()) - set(ans.items()))))


# ---- the kiosk -----------------------------------------------------------------

class SKiosk(K.Kiosk):
    """kiosk.Kiosk for the staff screens.  The PIN pad and the staff screen
    are both traced as "admin", so kiosk.py's new_screen() sees no change
    from one to the other, yet the kiosk restarts its 250 ms settle time
    there: count that change as a new screen too."""

    def poll(self):
        n = len(self.lines)
        super().poll()
        for i in range(max(n, 1), len(self.lines)):
            a, b = self.lines[i - 1], self.lines[i]
            if a["screen"] == b["screen"] == "admin" and is_pad(a) != is_pad(b):
                self.screen_at = time.monotonic()

    def hold(self, secs, watch=False):
        """Press and hold the top-left corner for secs.  Returns (mark, when
        the press was sent, when the first "admin" line was read or None);
        with watch, the trace is read during the hold."""
        self.ready()
        mark = len(self.lines)
        self.disp.xdotool("mousemove", CORNER[0], CORNER[1], "mousedown", 1)
        down = self.input_at = time.monotonic()
        seen = None
        end = down + secs
        while time.monotonic() < end:
            time.sleep(min(0.02, max(0.0, end - time.monotonic())))
            if watch:
                self.poll()
                if seen is None and any(l["screen"] == "admin" for l in self.lines[mark:]):
                    seen = time.monotonic()
        self.disp.xdotool("mouseup", 1)
        self.input_at = time.monotonic()
        return mark, down, seen

    def tap(self, wid, until, what, timeout=5):
        """Click control wid and wait for the first trace line after it that
        until() accepts (the pad is traced on every redraw, the press's own
        included, so "any line" is not enough)."""
        return self.click(wid, until=until, within=timeout, what="%s after tapping %s" % (what, wid))

    def open_pad(self):
        """The 3.3 s hold; returns the pad's first trace line, checked."""
        mark, _, _ = self.hold(3.3)
        line = self.wait(mark, is_pad, 3, "the PIN pad after a 3.3 s hold in the corner")
        expect_pad(line)
        return line

    def enter(self, digits):
        """Tap the digits; after each, staff.entered shows one more dot."""
        line = self.last
        n = dots(line)
        for d in digits:
            n += 1
            line = self.tap("staff.key." + d, lambda l, n=n: is_pad(l) and dots(l) == n,
                            "%d dot(s)" % n)
        return line

    def home(self):
        """kiosk.Kiosk.home(), from the pad or the staff screen too (after
        a failed check)."""
        line = self.last
        if line["screen"] == "admin":
            wid = "staff.cancel" if is_pad(line) else "staff.resume"
            if widget(line, wid):
                self.tap(wid, lambda l: l["screen"] != "admin", "a client screen")
        return super().home()

    def log_text(self):
        with open(self.log, errors="replace") as f:
            return f.read()


def expect_pad(line, message=MSG_ENTER, state="normal"):
    must(is_pad(line), "expected the PIN pad, got %s" % summary(line))
    must(line["lang"] == "en", "the pad is traced in %r, expected en" % line["lang"])
    for k in KEYS:
        w = widget(line, "staff.key." + k)
        must(w and w["role"] == "button" and w["label"] == k,
             "the pad's key %s: %r" % (k, w))
        must(w["state"] in ((state,) if state == "disabled" else ("normal", "focused")),
             "the pad's key %s is %s, expected %s" % (k, w["state"], state))
    c = widget(line, "staff.cancel")
    must(c and c["role"] == "button" and c["state"] in ("normal", "focused"),
         "the pad's Cancel: %r" % c)
    msg = label(line, "staff.message")
    must(msg is not None and msg.startswith(message),
         "the pad's message reads %r, expected %r" % (msg, message))


def expect_same(lines, screen, index, what):
    for l in lines:
        must((l["screen"], l["index"]) == (screen, index),
             "%s: the kiosk left %s %s for %s" % (what, screen, index or "", summary(l)))


# ---- checks: main ----------------------------------------------------------------

def check_short_hold(k, ctx):
    line = k.home()
    K.expect_welcome(line)
    mark, down, _ = k.hold(1.5)
    time.sleep(max(0.0, down + HOLD_MS / 1000.0 + 2.0 - time.monotonic()))
    k.poll()
    must(k.proc.poll() is None, "the kiosk exited (status %s) after a 1.5 s hold" % k.proc.returncode)
    admin = [l for l in k.lines[mark:] if l["screen"] == "admin"]
    if admin:
        raise Fail("a 1.5 s hold in the corner opened the pad (%s)" % summary(admin[0]))
    expect_same(k.lines[mark:], "welcome", None, "a 1.5 s hold in the corner")
    must(k.last["screen"] == "welcome", "after a 1.5 s hold: %s" % summary(k.last))


def check_hold_opens_pad(k, ctx):
    K.expect_welcome(k.home())
    mark, down, seen = k.hold(3.3, watch=True)
    line = k.wait(mark, lambda l: l["screen"] == "admin", 3, "the admin screen after a 3.3 s hold")
    expect_pad(line)
    must(dots(line) == 0, "the pad opened with %d dots" % dots(line))
    must(seen is not None, "the pad was not traced during the 3.3 s hold")
    after = seen - down
    info("hold: the pad was traced %.2f s after the press was sent" % after)
    must(after >= HOLD_MS / 1000.0 - 0.2, "the pad opened %.2f s into the hold, before 3 s" % after)
    must(after <= HOLD_MS / 1000.0 + 0.3, "the pad opened %.2f s into the hold, expected 3 s" % after)
    line = k.tap("staff.cancel", lambda l: l["screen"] != "admin", "a client screen")
    K.expect_welcome(line)


def keys_do_nothing(k, where):
    line = k.last
    screen, index = line["screen"], line["index"]
    mark = len(k.lines)
    for key in IGNORED_KEYS:
        k.disp.xdotool("key", key)
        k.input_at = time.monotonic()
        time.sleep(0.3)
        must(k.proc.poll() is None, "%s on %s ended the kiosk (status %s)"
             % (key, where, k.proc.returncode))
    time.sleep(0.5)
    k.poll()
    must(k.proc.poll() is None, "the kiosk ended after the keys on %s (status %s)"
         % (where, k.proc.returncode))
    expect_same(k.lines[mark:], screen, index, "%s on %s" % (", ".join(IGNORED_KEYS), where))
    return len(k.lines) - mark


def check_keys_ignored(k, ctx):
    K.expect_welcome(k.home())
    n = keys_do_nothing(k, "Welcome")
    must(not n or K.focused(k.last) is None, "the keys on Welcome showed focus")
    K.expect_screen(k.click("start"), "service")  # still answers a tap
    K.expect_question(k.click("service.%d" % SERVICE), 1)
    keys_do_nothing(k, "question 1")
    K.expect_question(k.key("3"), 2)  # keys do reach the kiosk: a digit answers
    K.expect_welcome(K.start_again(k))
    must(counts(ctx.db) == ctx.before, "Start again after the keys stored something")


def check_answers_kept(k, ctx):
    K.expect_welcome(k.home())
    before = counts(ctx.db)
    K.expect_screen(k.click("start"), "service")
    K.expect_question(k.click("service.%d" % SERVICE), 1)
    K.expect_question(k.answer(ANSWERS[0]), 2)
    K.expect_question(k.answer(ANSWERS[1]), 3)
    k.open_pad()
    line = k.enter(PIN)
    must(dots(line) == len(PIN), "%d dots after %d digits" % (dots(line), len(PIN)))
    line = k.tap("staff.key.OK", is_menu, "the staff screen")
    must(not is_pad(line), "the staff screen still shows the pad: %s" % summary(line))
    line = k.tap("staff.resume", lambda l: l["screen"] != "admin", "a client screen")
    K.expect_question(line, 3)
    must(not K.selected(line), "question 3 shows %s chosen; it was not answered" % K.selected(line))
    line = k.click("back")
    K.expect_question(line, 2)
    must(K.selected(line) == ["answer.%d" % ANSWERS[1]],
         "question 2 after Resume shows %s chosen, expected answer.%d"
         % (K.selected(line), ANSWERS[1]))
    K.expect_question(k.click("next"), 3)  # answered: Next keeps it
    line = K.answer_all_mouse(k, ANSWERS, 3)
    K.expect_screen(line, "review")
    K.check_review(k, K.DEFAULT_SERVICES[SERVICE], ANSWERS)
    K.expect_screen(k.click("send"), "thanks")
    check_one_more(ctx.db, before, K.DEFAULT_SERVICES[SERVICE], ANSWERS,
                   "the session with the staff pad in it")
    ctx.sent += 1
    K.expect_welcome(k.click("done"))


def check_exit(k, ctx):
    K.expect_welcome(k.home())
    k.open_pad()
    k.enter(PIN)
    line = k.tap("staff.key.OK", is_menu, "the staff screen")
    period = time.strftime("%Y-%m")
    for wid, want in (("staff.db", "Database: %s" % ctx.db),
                      ("staff.stored", "Responses stored in %s: %d" % (period, ctx.sent)),
                      ("staff.queued", "Waiting to be saved: 0"),
                      ("staff.error", "Last save error: none")):
        must(label(line, wid) == want, "the staff screen's %s reads %r, expected %r"
             % (wid, label(line, wid), want))
    for wid in ("staff.resume", "staff.exit"):
        w = widget(line, wid)
        must(w and w["role"] == "button", "the staff screen has no %s button" % wid)
    clock = label(line, "staff.clock") or ""
    must(clock.startswith("Kiosk date and time: ") and time.strftime("%Y") in clock,
         "the staff screen's clock reads %r" % clock)
    must(widget(line, "staff.clock_warning") is None, "a right clock is warned about: %r"
         % label(line, "staff.clock_warning"))
    k.ready(wid="staff.exit")
    k.click("staff.exit", expect=False)
    try:
        rc = k.proc.wait(5)
    except subprocess.TimeoutExpired:
        raise Fail("Exit on the staff screen: the kiosk still runs 5 s later (on %s)"
                   % summary(k.last))
    must(rc == 0, "Exit on the staff screen: exit status %s, expected 0; log: %s"
         % (rc, k.log_tail()))
    ic = K.sql_value(ctx.db, "PRAGMA integrity_check")
    must(ic == "ok", "integrity_check after Exit: %s" % ic)
    stored = sum(counts(ctx.db)[0].values())
    must(stored == ctx.sent, "responses in the database after Exit: %d, expected %d"
         % (stored, ctx.sent))


def forbidden_in_log():
    """Strings the kiosk's stderr must never hold: the PIN, the answers
    (words and question ids and texts)."""
    out = [PIN]
    for v in range(1, 6):
        out.append(K.UI["answer.%d" % v])
    out += [K.UI["review.skipped"], K.UI["review.not_apply"]]
    for q in K.QIDS:
        out += [q, K.C["q"][q]]
    return out


def check_log_and_trace(k, ctx):
    log = k.log_text()
    lines = [l for l in log.splitlines() if l.strip()]
    if os.geteuid() == 0:
        must(any(l.startswith(ROOT_WARNING) for l in lines),
             "run as root, the kiosk did not warn on stderr (log: %r)" % log[:400])
    else:
        must(not any("as root" in l for l in lines), "not root, yet: %r" % log[:400])
    other = [l for l in lines if not l.startswith(ROOT_WARNING)]
    must(not other, "the kiosk wrote to stderr: %s" % " | ".join(other)[:400])
    for s in forbidden_in_log():
        must(s not in log, "stderr holds %r: %r" % (s, log[:400]))
    admin = [l for l in k.lines if l["screen"] == "admin"]
    must(any(is_pad(l) for l in admin) and any(is_menu(l) for l in admin),
         "the trace has no pad or no staff screen (earlier checks failed?)")
    problems = []
    for l in admin:
        if is_pad(l):
            dots(l)
        for w in l["widgets"]:
            must(PIN not in w["label"], "the trace shows the PIN in %s: %r" % (w["id"], w["label"]))
        for p in K.layout_problems(l):
            if p not in problems:
                problems.append(p)
    must(not problems, "%d layout problem(s) on the staff screens: %s"
         % (len(problems), "; ".join(problems[:6])))


# ---- checks: lock, idle, close ------------------------------------------------

def right_pin_does_nothing(k):
    """On a locked pad: the PIN and OK change nothing."""
    mark = len(k.lines)
    for key in list(PIN) + ["OK"]:
        k.ready(wid="staff.key." + key)
        k.click("staff.key." + key, expect=False)
        k.fired["staff.key." + key] = time.monotonic()
    time.sleep(0.8)
    k.poll()
    for l in k.lines[mark:]:
        expect_pad(l, MSG_LOCKED, "disabled")
        must(dots(l) == 0, "a disabled key entered a digit: %d dots" % dots(l))
    must(not is_menu(k.last), "the right PIN opened the staff screen on a locked pad")


def check_lock(k, ctx):
    K.expect_welcome(k.home())
    k.open_pad()
    # too short for a PIN: said so, and not a try
    k.enter(SHORT)
    line = k.tap("staff.key.OK", lambda l: is_pad(l) and label(l, "staff.message") == MSG_SHORT,
                 "the short-PIN note")
    expect_pad(line, MSG_SHORT)
    for n in range(len(SHORT) - 1, -1, -1):  # the digits stay: Delete them
        k.tap("staff.key.Delete", lambda l, n=n: is_pad(l) and dots(l) == n, "%d dot(s)" % n)
    for i in range(1, TRIES + 1):
        k.enter(WRONG)
        if i < TRIES:
            line = k.tap("staff.key.OK", lambda l: is_pad(l) and dots(l) == 0, "an empty pad")
            expect_pad(line, MSG_WRONG)
        else:
            line = k.tap("staff.key.OK", lambda l: is_pad(l) and
                         label(l, "staff.message").startswith(MSG_LOCKED), "the lock")
    info("lock: %r" % label(line, "staff.message"))
    must(label(line, "staff.message").endswith(" min."), "the lock message reads %r"
         % label(line, "staff.message"))
    expect_pad(line, MSG_LOCKED, "disabled")
    must(dots(line) == 0, "the locked pad shows %d dots" % dots(line))
    right_pin_does_nothing(k)
    line = k.tap("staff.cancel", lambda l: l["screen"] != "admin", "a client screen")
    K.expect_welcome(line)
    # closing the pad does not lift the lock
    mark, _, _ = k.hold(3.3)
    line = k.wait(mark, is_pad, 3, "the PIN pad again")
    expect_pad(line, MSG_LOCKED, "disabled")
    line = k.tap("staff.cancel", lambda l: l["screen"] != "admin", "a client screen")
    K.expect_welcome(line)
    K.expect_screen(k.click("start"), "service")  # the client side still works
    K.expect_welcome(K.start_again(k))
    log = k.log_text()
    for s in (PIN, WRONG):
        must(s not in log, "stderr holds %r: %r" % (s, log[:400]))


def check_lock_after_restart(k, ctx):
    lock = ctx.db + ".staff-lock"
    must(os.path.exists(lock), "no lock file %s after the lock" % lock)
    st = os.lstat(lock)
    must(stat.S_ISREG(st.st_mode) and stat.S_IMODE(st.st_mode) == 0o600,
         "%s: mode %o, expected a regular file with mode 600" % (lock, st.st_mode))
    with open(lock) as f:
        text = f.read()
    m = re.fullmatch(r"heard-staff-lock 1\nwrong 0\nuntil (\d+)\n", text)
    must(m, "%s holds %r, expected only the lock's end" % (lock, text[:200]))
    left = int(m.group(1)) - time.time()
    must(0 < left <= LOCK_S, "%s: the lock ends in %.0f s, expected within %d s" % (lock, left, LOCK_S))
    must(not [f for f in os.listdir(ctx.tmp) if f.endswith(".staff-lock.tmp")],
         "a temporary lock file was left in %s" % ctx.tmp)
    # a power cut: no chance to save anything more
    k.proc.kill()
    k.proc.wait()
    k.start()
    K.expect_welcome(k.last)
    mark, _, _ = k.hold(3.3)
    line = k.wait(mark, is_pad, 3, "the PIN pad after the restart")
    info("after the restart: %r" % label(line, "staff.message"))
    expect_pad(line, MSG_LOCKED, "disabled")
    right_pin_does_nothing(k)
    K.expect_welcome(k.tap("staff.cancel", lambda l: l["screen"] != "admin", "a client screen"))


def check_pin_rules(k, ctx):
    for pin in ("2468", SHORT, "abcdef", "24681a"):
        p = subprocess.run([K.KIOSK, "--hash-pin"], input=pin + "\n", stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, text=True, timeout=30)
        err = p.stderr.strip().splitlines()
        must(p.returncode == 2 and not p.stdout and len(err) == 1 and
             "6 to 12 digits" in err[0] and pin not in err[0],
             "--hash-pin with %r: exit %d, stdout %r, stderr %r"
             % (pin, p.returncode, p.stdout, p.stderr))
    bad = os.path.join(ctx.tmp, "badpin.ini")
    with open(bad, "w") as f:  # salt and hash cut short: staff could never get out
        f.write("; a malformed PIN hash\n[kiosk]\nstaff_pin = $argon2id$v=19$m=65536,t=2,p=1$c2FsdA$aGFzaA\n")
    p = subprocess.run([K.KIOSK, "--config", bad, "--db", os.path.join(ctx.tmp, "badpin.db")],
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, timeout=30,
                       env=k.disp.env(HEARD_TEST="1"), stdin=subprocess.DEVNULL)
    want = "%s:3: key 'staff_pin': not a PIN hash made by heard-kiosk --hash-pin" % bad
    must(p.returncode == 2 and want in p.stderr,
         "a malformed staff_pin: exit %d, stderr %r; expected 2 and %r"
         % (p.returncode, p.stderr[:300], want))
    must("c2FsdA" not in p.stderr, "the message repeats the staff_pin value: %r" % p.stderr)


def check_idle(k, ctx):
    K.expect_welcome(k.home())
    k.open_pad()
    line = k.enter("13")
    t_last = line["t_ms"]  # the kiosk's clock: the second digit's redraw
    line = k.wait(len(k.lines), lambda l: l["screen"] != "admin", IDLE_MS / 1000.0 + 8,
                  "the pad closing by itself")
    K.expect_welcome(line)
    waited = line["t_ms"] - t_last
    info("idle: the pad closed %.1f s after the last key" % (waited / 1000.0))
    must(waited >= IDLE_MS - 100, "the pad closed %.1f s after the last key, before 60 s"
         % (waited / 1000.0))
    must(waited <= IDLE_MS + 3000, "the pad closed %.1f s after the last key, expected 60 s"
         % (waited / 1000.0))
    # opened again, it starts empty
    k.open_pad()
    must(dots(k.last) == 0, "the pad opened again with %d dots" % dots(k.last))
    K.expect_welcome(k.tap("staff.cancel", lambda l: l["screen"] != "admin", "a client screen"))


class XClientMessageEvent(ctypes.Structure):
    _fields_ = [("type", ctypes.c_int), ("serial", ctypes.c_ulong), ("send_event", ctypes.c_int),
                ("display", ctypes.c_void_p), ("window", ctypes.c_ulong),
                ("message_type", ctypes.c_ulong), ("format", ctypes.c_int),
                ("l", ctypes.c_long * 5)]


class XEvent(ctypes.Union):
    _fields_ = [("xclient", XClientMessageEvent), ("pad", ctypes.c_long * 24)]


def wm_close(disp):
    """Send every window named "heard" WM_DELETE_WINDOW, as a window
    manager's close button (or Alt+F4 under one) does.  Returns how many."""
    p = K.run(["xdotool", "search", "--name", "^heard$"], env=disp.env(), check=False)
    wins = [int(w) for w in p.stdout.split()]
    if not wins:
        return 0
    x = ctypes.CDLL(ctypes.util.find_library("X11") or "libX11.so.6")
    x.XOpenDisplay.restype = ctypes.c_void_p
    x.XOpenDisplay.argtypes = [ctypes.c_char_p]
    x.XInternAtom.restype = ctypes.c_ulong
    x.XInternAtom.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int]
    x.XSendEvent.argtypes = [ctypes.c_void_p, ctypes.c_ulong, ctypes.c_int, ctypes.c_long,
                             ctypes.POINTER(XEvent)]
    x.XFlush.argtypes = [ctypes.c_void_p]
    x.XCloseDisplay.argtypes = [ctypes.c_void_p]
    dpy = x.XOpenDisplay(disp.name.encode())
    must(dpy, "cannot open X display %s with libX11" % disp.name)
    try:
        protocols = x.XInternAtom(dpy, b"WM_PROTOCOLS", 0)
        delete = x.XInternAtom(dpy, b"WM_DELETE_WINDOW", 0)
        for w in wins:
            ev = XEvent()
            ev.xclient.type = 33  # ClientMessage
            ev.xclient.window = w
            ev.xclient.message_type = protocols
            ev.xclient.format = 32
            ev.xclient.l[0] = delete
            ev.xclient.l[1] = 0  # CurrentTime
            x.XSendEvent(dpy, w, 0, 0, ctypes.byref(ev))
        x.XFlush(dpy)
    finally:
        x.XCloseDisplay(dpy)
    return len(wins)


def check_window_close(k, ctx):
    K.expect_welcome(k.home())
    mark = len(k.lines)
    must(wm_close(k.disp) > 0, "no window named heard on %s" % k.disp.name)
    time.sleep(1.0)
    k.poll()
    must(k.proc.poll() is None, "kiosk mode: a window close ended the kiosk (status %s)"
         % k.proc.returncode)
    expect_same(k.lines[mark:], "welcome", None, "a window close")
    K.expect_screen(k.click("start"), "service")  # still answers a tap
    K.expect_welcome(K.start_again(k))
    # the same close to a --windowed kiosk (development) ends it, status 0
    log = open(os.path.join(ctx.tmp, "windowed.log"), "w")
    p = K.started(subprocess.Popen(
        [K.KIOSK, "--windowed", "800x480", "--db", os.path.join(ctx.tmp, "windowed.db")],
        env=ctx.disp2.env(), stdout=log, stderr=log, stdin=subprocess.DEVNULL, cwd=K.ROOT))
    log.close()
    try:
        end = time.monotonic() + 10
        while not wm_close(ctx.disp2):
            must(p.poll() is None and time.monotonic() < end,
                 "the --windowed kiosk showed no window (status %s)" % p.poll())
            time.sleep(0.2)
        try:
            rc = p.wait(5)
        except subprocess.TimeoutExpired:
            raise Fail("--windowed: the kiosk still runs 5 s after a window close")
        must(rc == 0, "--windowed: exit status %s after a window close, expected 0" % rc)
    finally:
        if p.poll() is None:
            p.kill()
            p.wait()


# ---- checks: set-up, right to left, the clock -----------------------------------------

def check_hash_pin_terminal(k, ctx):
    import pty
    import select
    pid, fd = pty.fork()
    if pid == 0:  # the child: heard-kiosk --hash-pin on the pty
        try:
            os.execv(K.KIOSK, [K.KIOSK, "--hash-pin"])
        finally:
            os._exit(127)
    out = b""

    def read(secs, until=None):
        nonlocal out
        end = time.monotonic() + secs
        while time.monotonic() < end and not (until and until in out):
            r, _, _ = select.select([fd], [], [], 0.1)
            if r:
                try:
                    data = os.read(fd, 4096)
                except OSError:
                    return
                if not data:
                    return
                out += data
    try:
        read(5, b"Enter: ")
        prompt = out.decode(errors="replace")
        must("PIN" in prompt and "not shown" in prompt,
             "--hash-pin on a terminal printed no prompt: %r" % prompt)
        os.write(fd, (PIN + "\n").encode())
        read(30, b"$argon2id$")
        read(1)
    finally:
        # never wait for ever on a kiosk still reading the pty (a PIN lost
        # to a flush left it so, and the whole suite hung)
        end = time.monotonic() + 30
        done, status = os.waitpid(pid, os.WNOHANG)
        while not done and time.monotonic() < end:
            time.sleep(0.1)
            done, status = os.waitpid(pid, os.WNOHANG)
        if not done:
            os.kill(pid, signal.SIGKILL)
            _, status = os.waitpid(pid, 0)
            out += b" [still reading after 30 s: killed]"
        os.close(fd)
    text = out.decode(errors="replace")
    must(PIN not in text, "--hash-pin on a terminal echoed the PIN: %r" % text)
    must(os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0,
         "--hash-pin on a terminal exited with status %d: %r" % (status, text))
    must(text.count("$argon2id$") == 1, "--hash-pin on a terminal printed %r" % text)
    p = subprocess.run([K.KIOSK, "--hash-pin"], input=PIN + "\n", stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, text=True, timeout=30)
    must(p.returncode == 0 and p.stdout.startswith("$argon2id$") and p.stderr == "",
         "--hash-pin from a pipe: exit %d, stdout %r, stderr %r (no prompt expected)"
         % (p.returncode, p.stdout, p.stderr))


def increasing_x(line, ids, what):
    xs = [widget(line, i)["x"] for i in ids]
    must(all(a < b for a, b in zip(xs, xs[1:])), "%s: %s at x %s, expected left to right"
         % (what, " ".join(ids), xs))


def check_staff_ltr_arabic(k, ctx):
    K.expect_welcome(k.home())
    line = K.choose_language(k, "ar")
    en, es = widget(line, "lang.en"), widget(line, "lang.es")
    must(en and es and en["x"] > es["x"], "Welcome in Arabic is not mirrored (lang.en at x %s, "
         "lang.es at x %s)" % (en and en["x"], es and es["x"]))
    line = k.open_pad()
    k.disp.screenshot(os.path.join(K.E2E_OUT, "staff-pad-ar.png"))
    for row in (["1", "2", "3"], ["4", "5", "6"], ["7", "8", "9"], ["Delete", "0", "OK"]):
        increasing_x(line, ["staff.key." + d for d in row], "the pad opened from Arabic")
    msg = widget(line, "staff.message")
    must(msg["x"] < W // 4, "the pad's message starts at x %d, expected at the left" % msg["x"])
    must(widget(line, "staff.cancel")["x"] > W // 2, "the pad's Cancel is not at the right")
    k.enter(PIN)
    line = k.tap("staff.key.OK", is_menu, "the staff screen")
    k.disp.screenshot(os.path.join(K.E2E_OUT, "staff-menu-ar.png"))
    must(line["lang"] == "en", "the staff screen is traced in %r" % line["lang"])
    increasing_x(line, ["staff.resume", "staff.exit"], "the staff screen opened from Arabic")
    for wid in ("staff.title", "staff.clock", "staff.db"):
        w = widget(line, wid)
        must(w and w["x"] < W // 4, "the staff screen's %s is not at the left: %r" % (wid, w))
    line = k.tap("staff.resume", lambda l: l["screen"] != "admin", "a client screen")
    K.expect_welcome(line, "ar")
    line = k.key("Tab", until=lambda l: l["screen"] == "welcome",
                 what="Welcome after Resume")  # a fresh line, laid out after the staff screens
    en, es = widget(line, "lang.en"), widget(line, "lang.es")
    must(en["x"] > es["x"], "after the staff screen Welcome in Arabic is no longer mirrored")


FAKE_NOW = "2020-01-01 12:00:00"


class FakeClockDisplay(K.Display):
    """An Xvfb whose kiosk (started with HEARD_TEST in its environment)
    runs under libfaketime from self.fake (FAKE_NOW unless changed) on;
    SDL's ticks (the monotonic clock) stay real."""
    fake = FAKE_NOW

    def env(self, **extra):
        e = super().env(**extra)
        if "HEARD_TEST" in extra:
            e.update(LD_PRELOAD=FAKETIME_LIB, FAKETIME="@" + self.fake,
                     FAKETIME_DONT_FAKE_MONOTONIC="1", FAKETIME_NO_CACHE="1")
        return e


FAKETIME_LIB = "/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1"


def clock_db(ctx):
    """A database holding last month (heard-simulate): the newest period."""
    K.run([os.path.join(K.BUILD, "heard-simulate"), "--db", ctx.db, "--responses", "20",
           "--services", "2", "--months", "1", "--seed", "5"])
    return K.sql_value(ctx.db, "SELECT max(period) FROM count_response")


def staff_screen(k, shot):
    """From Welcome, the staff screen (the PIN), its screenshot as `shot`
    in the e2e output; its trace line."""
    K.expect_welcome(k.home())
    k.open_pad()
    k.enter(PIN)
    line = k.tap("staff.key.OK", is_menu, "the staff screen")
    k.disp.screenshot(os.path.join(K.E2E_OUT, shot))
    return line


def check_clock_wrong(k, ctx):
    before = period_counts(ctx.db)
    line = staff_screen(k, "staff-clock-wrong.png")
    clock = label(line, "staff.clock") or ""
    must(clock.startswith("Kiosk date and time: ") and "2020" in clock and "January" in clock,
         "the staff screen's clock reads %r, expected the kiosk's date (1 January 2020)" % clock)
    warn = label(line, "staff.clock_warning") or ""
    must("clock is wrong" in warn and "earlier than this program was made" in warn and
         "wait, unsaved" in warn, "the staff screen's clock warning reads %r, expected one "
         "saying it is before the build and answers wait" % warn)
    must(K.layout_problems(line) == [], "the staff screen with the warning: %s"
         % K.layout_problems(line))
    line = k.tap("staff.resume", lambda l: l["screen"] != "admin", "a client screen")
    K.expect_screen(k.click("start"), "service")
    K.expect_question(k.click("service.%d" % SERVICE), 1)
    line = K.answer_all_mouse(k, ANSWERS)
    K.expect_screen(line, "review")
    line = k.click("send")
    K.expect_screen(line, "thanks")
    # never filed under the newest stored period: it may be closed, and a copy
    # taken before and after would give this one client's answers
    must(label(line, "thanks.message") == K.UI["thanks.kept"],
         "with the clock in 2020 the client read %r, expected %r (kept, saved later)"
         % (label(line, "thanks.message"), K.UI["thanks.kept"]))
    now = period_counts(ctx.db)
    must(now == before, "with the clock in 2020 the counts changed: %s, were %s" % (now, before))
    K.expect_welcome(k.click("done"))
    must(k.stop() == 0, "the kiosk did not stop cleanly")
    rec = ctx.db + ".recovery"
    must(os.path.exists(rec), "the waiting response is not in %s" % rec)
    # started again with the clock still wrong: the response still waits
    # (it carries the build's period, after this clock; never set aside)
    status, err = scripted(ctx.db, "idle 500\nquit\n", fake=FAKE_NOW)
    must(status == 0, "the kiosk restarted with the clock still in 2020: status %s, %s"
         % (status, err[-300:]))
    must(os.path.exists(rec) and not glob.glob(rec + ".bad*"),
         "restarted with the clock still in 2020, the waiting response was set aside: %s"
         % err[-300:])
    must(period_counts(ctx.db) == before, "restarted with the clock in 2020, the counts changed")
    # the clock right again (no faketime): the waiting response is saved,
    # into the month the clock now says
    env = dict(os.environ, HEARD_TEST="1", SDL_VIDEODRIVER="offscreen", SDL_AUDIODRIVER="dummy")
    env.pop("LD_PRELOAD", None)
    p = subprocess.run([K.KIOSK, "--db", ctx.db, "--windowed", "800x480", "--script", "-"],
                       input="idle 500\nquit\n", text=True, capture_output=True, env=env,
                       timeout=30)
    must(p.returncode == 0, "the kiosk with the right clock: status %s, %s"
         % (p.returncode, p.stderr[-300:]))
    after = period_counts(ctx.db)
    grew = {key: n - before.get(key, 0) for key, n in after.items() if n != before.get(key, 0)}
    want = {(time.strftime("%Y-%m"), K.DEFAULT_SERVICES[SERVICE]): 1}
    must(grew == want, "with the clock right again the counts grew by %s, expected %s"
         % (grew, want))
    must(not any(p.startswith("2020") for p, _ in after), "a 2020 period was stored")
    must(not os.path.exists(rec), "%s is still there after saving" % rec)


def faked(fake):
    """The environment of a kiosk whose clock is at fake (libfaketime)."""
    env = dict(os.environ, HEARD_TEST="1", SDL_VIDEODRIVER="offscreen", SDL_AUDIODRIVER="dummy")
    env.update(LD_PRELOAD=FAKETIME_LIB, FAKETIME="@" + fake, FAKETIME_NO_CACHE="1",
               FAKETIME_DONT_FAKE_MONOTONIC="1")
    return env


def check_copy_closes_month(k, ctx):
    """A copy closes every month before its own: sessions in January (next
    year, faketime), --backup on 1 February; then a kiosk whose clock was
    restored to 31 January 23:40 (a Pi with no clock battery) must not add
    its session to January, which the copy already holds (a second copy
    would differ from the first by that one client); it waits, and is
    saved into February with the clock right."""
    y = time.localtime().tm_year + 1
    jan, feb = "%d-01" % y, "%d-02" % y
    db = os.path.join(ctx.tmp, "copyclose.db")
    svc = K.DEFAULT_SERVICES[0]
    session = ("tap start\ntap service.0\n" + "tap answer.4\n" * len(K.QIDS) +
               "tap send\nidle 500\nquit\n")
    status, err = scripted(db, session, jan + "-20 10:00:00")
    must(status == 0 and period_counts(db) == {(jan, svc): 1},
         "a session in %s: status %s, counts %s, %s" % (jan, status, period_counts(db), err[-300:]))
    copy = os.path.join(ctx.tmp, "copyclose-copy.db")
    p = subprocess.run([K.KIOSK, "--db", db, "--backup", copy], capture_output=True, text=True,
                       env=faked(feb + "-01 13:00:00"), timeout=30)
    must(p.returncode == 0 and os.path.exists(copy), "--backup on %s-01: status %s, %r"
         % (feb, p.returncode, p.stderr[-300:]))
    seen = K.sql_value(db, "SELECT value FROM meta WHERE key = 'newest_period'")
    must(seen == feb, "after a copy on %s-01 the database's newest_period is %r, expected %s "
         "(the copy took %s as closed)" % (feb, seen, feb, jan))
    status, err = scripted(db, session, jan + "-31 23:40:00")
    must(status == 0, "the kiosk back on %s-31: status %s, %s" % (jan, status, err[-300:]))
    must(period_counts(db) == {(jan, svc): 1}, "with the clock restored to %s-31, after a copy "
         "on %s-01, the counts are %s: %s, which the copy holds, changed"
         % (jan, feb, period_counts(db), jan))
    status, err = scripted(db, "idle 500\nquit\n", feb + "-02 10:00:00")
    must(status == 0 and period_counts(db) == {(jan, svc): 1, (feb, svc): 1},
         "with the clock right again the counts are %s (status %s, %s)"
         % (period_counts(db), status, err[-300:]))


def check_idle_new_month(k, ctx):
    """A kiosk left on Welcome across midnight at the month's end
    remembers the new month by itself (the loop's timer), not at the
    first client's touch (which that write would date)."""
    y = time.localtime().tm_year + 1
    jan, feb = "%d-01" % y, "%d-02" % y
    db = os.path.join(ctx.tmp, "idlemonth.db")
    status, err = scripted(db, "idle 500\nquit\n", jan + "-20 10:00:00")
    must(status == 0, "the kiosk in %s: status %s, %s" % (jan, status, err[-300:]))
    env = faked(jan + "-31 23:59:57")
    proc = subprocess.Popen([K.KIOSK, "--db", db, "--windowed", "800x480"], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        time.sleep(6)  # no input at all: midnight passes about 3 s in
    finally:
        proc.terminate()
        err = proc.communicate(timeout=10)[1]
    seen = K.sql_value(db, "SELECT value FROM meta WHERE key = 'newest_period'")
    must(proc.returncode == 0 and seen == feb, "a kiosk idle across midnight into %s: "
         "newest_period %r, status %s, %s" % (feb, seen, proc.returncode, err[-300:]))


def scripted(db, script, fake=None):
    """A --script kiosk (offscreen) on db, its clock at fake (libfaketime)
    or right; (status, stderr)."""
    env = dict(os.environ, HEARD_TEST="1", SDL_VIDEODRIVER="offscreen", SDL_AUDIODRIVER="dummy")
    env.pop("LD_PRELOAD", None)
    if fake:
        env.update(LD_PRELOAD=FAKETIME_LIB, FAKETIME="@" + fake, FAKETIME_NO_CACHE="1",
                   FAKETIME_DONT_FAKE_MONOTONIC="1")
    p = subprocess.run([K.KIOSK, "--db", db, "--windowed", "800x480", "--script", "-"],
                       input=script, text=True, capture_output=True, env=env, timeout=60)
    return p.returncode, p.stderr


def check_clock_ahead(k, ctx):
    """A clock far ahead (2099): a session is kept, not saved, and survives
    a restart with the clock right (saved into this month, no .bad file);
    --backup with that clock makes no copy (it would copy the month still
    open)."""
    db = os.path.join(ctx.tmp, "ahead.db")
    session = ("tap start\ntap service.0\n" + "tap answer.4\n" * len(K.QIDS) +
               "tap send\nidle 500\nquit\n")
    status, err = scripted(db, session, "2099-06-01 10:00:00")
    must(status == 0, "the kiosk at 2099: status %s, %s" % (status, err[-300:]))
    must(not period_counts(db), "at 2099 a response was saved: %s" % period_counts(db))
    must(os.path.exists(db + ".recovery"), "at 2099 the kept response is not in the recovery file")
    copy = os.path.join(ctx.tmp, "ahead-copy.db")
    env = dict(os.environ, LD_PRELOAD=FAKETIME_LIB, FAKETIME="@2099-06-01 10:00:00")
    p = subprocess.run([K.KIOSK, "--db", db, "--backup", copy], capture_output=True, text=True,
                       env=env, timeout=30)
    must(p.returncode == 1 and "no copy made" in p.stderr and db in p.stderr
         and not os.path.exists(copy),
         "--backup at 2099: status %s, %r, copy made: %s" % (p.returncode, p.stderr[-200:],
                                                              os.path.exists(copy)))
    status, err = scripted(db, "idle 500\nquit\n")
    must(status == 0, "the kiosk with the clock right: status %s, %s" % (status, err[-300:]))
    want = {(time.strftime("%Y-%m"), K.DEFAULT_SERVICES[0]): 1}
    must(period_counts(db) == want, "with the clock right again the counts are %s, expected %s"
         % (period_counts(db), want))
    left = [f for f in os.listdir(ctx.tmp) if f.startswith("ahead.db.recovery")]
    must(not left, "recovery files left: %s (a .bad file: the kept response was lost)" % left)


def check_clock_closed_month(k, ctx):
    """A saved clock restored at boot inside a month already over: a
    session stored in March (faketime, next year: after the build), the
    kiosk started in April (nothing stored), then started with the clock
    back in March.  The database remembers April (meta newest_period), so
    the session then is kept, not filed under the closed March; a clock
    in February (before the newest stored) the same; the staff screen
    warns, naming April; with the clock in April again the kept sessions
    are saved into April."""
    y = time.localtime().tm_year + 1
    march, april, feb = "%d-03" % y, "%d-04" % y, "%d-02" % y
    db = os.path.join(ctx.tmp, "closed.db")
    rec = db + ".recovery"
    session = ("tap start\ntap service.0\n" + "tap answer.4\n" * len(K.QIDS) +
               "tap send\nidle 500\nquit\n")
    svc = K.DEFAULT_SERVICES[0]
    status, err = scripted(db, session, march + "-15 10:00:00")
    must(status == 0, "the kiosk in %s: status %s, %s" % (march, status, err[-300:]))
    must(period_counts(db) == {(march, svc): 1}, "in %s the counts are %s" % (march, period_counts(db)))
    status, err = scripted(db, "idle 500\nquit\n", april + "-02 10:00:00")
    must(status == 0, "the kiosk in %s: status %s, %s" % (april, status, err[-300:]))
    seen = K.sql_value(db, "SELECT value FROM meta WHERE key = 'newest_period'")
    must(seen == april, "after a start in %s, meta newest_period is %r" % (april, seen))
    K.check_tables(db)
    for when, what in ((march + "-28 10:00:00", "back in the closed %s" % march),
                       (feb + "-20 10:00:00", "in %s, before the newest stored" % feb)):
        status, err = scripted(db, session, when)
        must(status == 0, "the kiosk %s: status %s, %s" % (what, status, err[-300:]))
        must(period_counts(db) == {(march, svc): 1}, "with the clock %s the counts changed: %s "
             "(a closed month changed: a report read before and after tells this client apart)"
             % (what, period_counts(db)))
        must(os.path.exists(rec) and not glob.glob(rec + ".bad*"),
             "with the clock %s the session is not waiting in %s: %s" % (what, rec, err[-300:]))
    # the staff screen, the clock back in March
    k.disp.fake = march + "-28 10:00:00"
    k2 = SKiosk(k.disp, ctx.tmp, "closed", db, k.config)
    try:
        line = staff_screen(k2, "staff-clock-closed-month.png")
        warn = label(line, "staff.clock_warning") or ""
        must("clock is wrong" in warn and ("earlier than %s" % april) in warn and
             "wait, unsaved" in warn, "with the clock back in %s the staff screen's warning reads "
             "%r, expected one naming %s, saying answers wait" % (march, warn, april))
        must(K.layout_problems(line) == [], "the staff screen with the warning: %s"
             % K.layout_problems(line))
    finally:
        must(k2.stop() == 0, "the kiosk in %s did not stop cleanly" % march)
        k.disp.fake = FAKE_NOW
    must(period_counts(db) == {(march, svc): 1}, "the staff screen in %s changed the counts" % march)
    # the clock right again: both waiting sessions go into April
    status, err = scripted(db, "idle 500\nquit\n", april + "-03 10:00:00")
    must(status == 0, "the kiosk in %s again: status %s, %s" % (april, status, err[-300:]))
    want = {(march, svc): 1, (april, svc): 2}
    must(period_counts(db) == want, "with the clock in %s again the counts are %s, expected %s"
         % (april, period_counts(db), want))
    must(not os.path.exists(rec), "%s is still there after saving" % rec)
    left = [f for f in os.listdir(ctx.tmp) if f.startswith("closed.db.recovery")]
    must(not left, "recovery files left: %s (a .bad file: a kept response was lost)" % left)


def period_counts(db):
    """{(period, service): responses}, every period."""
    return {(r["period"], r["service"]): r["n"]
            for r in K.sql(db, "SELECT period, service, n FROM count_response")}


# ---- running ---------------------------------------------------------------------

class Ctx:
    def __init__(self, tmp, name):
        self.tmp, self.name = tmp, name
        self.db = os.path.join(tmp, name + ".db")
        self.before = ({}, {})  # counts() of a new database
        self.sent = 0
        self.disp2 = None


MAIN = [("a-short-hold-opens-nothing", check_short_hold),
        ("b-hold-opens-pad", check_hold_opens_pad),
        ("c-keys-ignored", check_keys_ignored),
        ("d-answers-kept", check_answers_kept),
        ("e-exit", check_exit),
        ("f-log-and-trace", check_log_and_trace)]
GROUPS = [  # the slowest first
    ("idle", [("h-pad-idle-closes", check_idle)]),
    ("main", MAIN),
    ("lock", [("g-five-wrong-lock", check_lock), ("j-lock-after-restart", check_lock_after_restart),
              ("k-pin-rules", check_pin_rules), ("l-hash-pin-terminal", check_hash_pin_terminal)]),
    ("arabic", [("m-staff-ltr-arabic", check_staff_ltr_arabic)]),
    ("clock", [("n-clock-wrong", check_clock_wrong), ("o-clock-ahead", check_clock_ahead),
               ("p-clock-closed-month", check_clock_closed_month),
               ("q-copy-closes-month", check_copy_closes_month),
               ("r-idle-new-month", check_idle_new_month)]),
    ("close", [("i-window-close", check_window_close)]),
]
ENDS_KIOSK = {check_exit, check_log_and_trace, check_clock_wrong, check_clock_ahead,
              check_clock_closed_month, check_copy_closes_month, check_idle_new_month}  # no restart before these


def group(results, tmp, name, checks, config):
    with K.Group(results, [cname for cname, _ in checks]) as g:
        g.disp = disp = (FakeClockDisplay if name == "clock" else K.Display)(W, H, tmp)
        ctx = Ctx(tmp, name)
        if name == "clock":
            ctx.newest = clock_db(ctx)
        g.k = k = SKiosk(disp, tmp, name, ctx.db, config)
        disp2 = None
        try:
            if name == "close":
                ctx.disp2 = disp2 = K.Display(800, 480, tmp)
            for cname, fn in checks:
                if k.proc.poll() is not None and fn not in ENDS_KIOSK:
                    results.add(cname + "-restart", False, "kiosk had exited (status %s): %s; "
                                "restarted" % (k.proc.returncode, k.log_tail()))
                    k.start()
                results.check(cname, fn, k, ctx)
            if k.proc.poll() is not None and checks[-1][1] not in ENDS_KIOSK:
                results.add(name + "-kiosk-alive", False, "the kiosk exited (status %s): %s"
                            % (k.proc.returncode, k.log_tail()))
        finally:
            if disp2:
                disp2.close()


def cmd_test():
    K.preflight()
    t0 = time.monotonic()
    tmp = tempfile.mkdtemp(prefix="heard-staff-")
    config = write_config(tmp, hash_pin(PIN))
    results = K.Results()
    wanted = os.environ.get("HEARD_STAFF_GROUPS")  # e.g. "arabic,clock"; default all
    threads = [threading.Thread(target=group, args=(results, tmp, name, checks, config), daemon=True)
               for name, checks in GROUPS if not wanted or name in wanted.split(",")]
    K.in_parallel(threads)
    return K.finish(results, tmp, t0, "STAFF")


def main(argv):
    return K.test_main(argv, "staff.py", cmd_test, "STAFF")


if __name__ == "__main__":
    sys.exit(main(sys.argv))
