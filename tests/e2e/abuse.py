#!/usr/bin/python3
"""End-to-end abuse tests: a child mashing the kiosk's screen.

    tests/e2e/abuse.py test [--seed N]   every check; prints PASS/FAIL lines
                                         (and INFO lines with what was seen
                                         and the tap rates achieved) and
                                         "ABUSE: N passed, M failed"; exit 1
                                         on failure

It drives the real kiosk (build/heard-kiosk, kiosk mode: no --windowed, a
borderless window at the Xvfb size, 1280x800, default configuration)
under Xvfb with the helpers of tests/e2e/kiosk.py (imported, not copied):
Display, Kiosk, the trace polling, layout_problems() and the sqlite3
checks.  Every check has a fresh kiosk on its own Xvfb; r-random-taps runs
alongside the other three, which run one after another.

Taps are real X events: one xdotool process per chunk of 100 taps, each
tap `mousemove X Y click --delay 0 1 sleep S` (xdotool's `click` waits
100 ms after the click unless --delay says otherwise, which would cap the
rate at ~9 taps/s), with S adjusted after each chunk so the taps keep to
50 per second by the wall clock.  The rate achieved (taps / time from the
first xdotool's start to the last one's end) is printed and must be at
least 40 per second.  The seed is the time unless --seed gives one; it is
printed first, so a failing run can be repeated.

  r-random-taps   60 s of taps at uniformly random positions over the whole
                  screen (the staff corner, the top-left 12 mm, included:
                  a tap there is fine, only a 3 s hold opens the PIN pad).
                  Whatever happens, afterwards: the kiosk is still running;
                  the database holds exactly as many responses as the trace
                  shows the thank-you screen reached from the review by Send
                  (a review -> thanks transition whose thanks.message is the
                  [ui] thanks.sent string of the line's language, not
                  thanks.deleted), none when it shows no Send, and never more
                  (also sampled every ~2 s during the taps); the thank-you
                  screen never reached other than from the review by Send or
                  Don't send (nor "kept": the database is healthy); the
                  counts are whole sessions (sqlite3: for each service every
                  question's counts add up to its responses, this month,
                  kiosk.count_problems); no trace line has a
                  layout problem (kiosk.layout_problems) and none is the staff
                  pad ("admin"); stderr holds nothing but the running-as-root
                  warning; SIGTERM then exits 0 with the count unchanged
  r-mash-send     a session by normal clicks to the review, then 2 s of taps
                  at 50/s, all inside Send's rectangle (from the trace), from
                  the moment the review appears: exactly one response counted
                  (count_response +1, the answers given +1 each, nothing
                  else: kiosk.new_response), the thank-you screen reached once
  r-mash-faces    on question 1, 2 s of taps at 50/s on one face: the survey
                  advances one question at a time, never two within the
                  kiosk's repeat window (repeat_press_ms = 500 in the default
                  config; trace clock t_ms, 100 ms allowed for when a frame
                  is traced), at least twice in the 2 s, each question it leaves
                  answered with that face, the question it stops on not
                  answered
                  (All but r-drag-off also fail on any screen change that came
                  sooner than the kiosk's 250 ms settle time after the previous
                  screen's trace line, i.e. after the client could first see
                  it; HEARD_ABUSE_STRICT_SETTLE=0 makes those INFO lines.)
  r-drag-off      a press that slides off a control, through several pointer
                  moves, and is released elsewhere fires nothing: Start slid
                  off to empty space, onto "Easier to see...", onto a language
                  button, into the staff corner; a press on empty space slid
                  onto Start and released there; on question 1 a face slid
                  onto another face.  The screen, language and answers stay as
                  they were; a plain tap on Start still works afterwards.
                  (A press slid off Start and back onto it before release is
                  reported as INFO: the kiosk fires it, as most touch toolkits
                  do.)

Python standard library only.
"""
import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import kiosk as K  # noqa: E402  (the e2e driver: Display, Kiosk, helpers)
from kiosk import Fail, must, widget, summary  # noqa: E402

W, H = 1280, 800
RATE = 50.0                  # taps per second asked for
MIN_RATE = 40.0              # taps per second that must be achieved
CHUNK = 100                  # taps per xdotool process
RANDOM_S = 60.0              # r-random-taps: seconds of taps
MASH_S = 2.0                 # r-mash-send, r-mash-faces: seconds of taps ...
MASH_CHUNK = 50              # ... in two xdotool processes, so the second keeps to the rate
REPEAT_MS = 500              # core/config.c default repeat_press_ms
SETTLE_MS = 250              # kiosk/ui.c ui_init settle_ms: presses ignored on a new screen
# The kiosk counts SETTLE_MS from when a new screen is decided, not from when
# its frame is presented, so a slow frame (the review takes 60-200 ms to draw
# here) used the settle time up, and a tap made while the old screen still
# showed acted on the new one.  Fixed: kiosk/ui.c ui_shown(), called after
# render() in main.c run(), starts it when the frame is shown.  Screen
# changes sooner than SETTLE_MS after the previous screen's trace line are
# failures; HEARD_ABUSE_STRICT_SETTLE=0 makes them INFO lines.
STRICT_SETTLE = os.environ.get("HEARD_ABUSE_STRICT_SETTLE") != "0"
# A trace line's t_ms is when its frame was drawn, not when the press was
# read, and one frame can take 100 ms longer than another on a busy machine.
# Without the repeat rule a face held under taps would fire every settle
# time plus a tap (~270 ms), so 400 ms still tells the two apart.
TRACE_SLACK_MS = 100
CORNER_MM = 12.0             # kiosk/staff.h STAFF_CORNER_MM
ROOT_WARNING = "heard-kiosk: warning: running as root"
QUIET_S = 1.0                # after the taps, before reading the trace and the database

INFO_LOCK = threading.Lock()


def info(msg):
    with INFO_LOCK:
        print("INFO " + msg, flush=True)


# ---- taps ----------------------------------------------------------------------

def corner_px(w=W, h=H):
    """The staff corner's side in pixels (kiosk/staff.c staff_corner with
    ui.c ui_px_per_mm at the default config's [screen] size)."""
    px_per_mm = min(w / K.SCREEN_MM[0], h / K.SCREEN_MM[1])
    return int(CORNER_MM * px_per_mm + 0.5)


def in_corner(p):
    side = corner_px()
    return p[0] < side and p[1] < side


OVERHEAD = [0.002]   # xdotool's own time per tap beyond its sleep, as last measured
OVERHEAD_LOCK = threading.Lock()


def tap_stream(disp, points, rate=RATE, chunk=CHUNK):
    """Tap at each of `points` (x, y) in turn, `rate` taps a second, with
    one xdotool process per `chunk` taps; each chunk's sleep is set from
    the time xdotool took per tap in the chunk before (in any stream) so
    the taps keep to the schedule.  Returns (taps, seconds, the slowest
    chunk's rate): the seconds from the first xdotool's start to the last
    one's end."""
    period = 1.0 / rate
    with OVERHEAD_LOCK:
        overhead = OVERHEAD[0]
    env = disp.env()
    slowest = None
    t0 = time.monotonic()
    for i in range(0, len(points), chunk):
        part = points[i:i + chunk]
        start = time.monotonic()
        ahead = t0 + i * period - start
        if ahead > 0:            # never faster than the rate
            time.sleep(ahead)
            start = time.monotonic()
        # the sleep that ends this chunk on the schedule (catching up if behind)
        end_at = t0 + (i + len(part)) * period
        sleep_s = min(period, max(0.0, (end_at - start) / len(part) - overhead))
        args = ["xdotool"]
        for x, y in part:
            args += ["mousemove", str(x), str(y), "click", "--delay", "0", "1",
                     "sleep", "%.4f" % sleep_s]
        p = subprocess.run(args, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           text=True, timeout=len(part) * period * 4 + 10)
        if p.returncode != 0:
            raise Fail("xdotool exited %d: %s" % (p.returncode, p.stderr.strip()[:300]))
        took = time.monotonic() - start
        slowest = min(slowest or 1e9, len(part) / took)
        overhead = max(0.0, took / len(part) - sleep_s)
        with OVERHEAD_LOCK:
            OVERHEAD[0] = overhead
    return len(points), time.monotonic() - t0, slowest


def check_rate(what, taps, secs, slowest):
    rate = taps / secs if secs > 0 else 0.0
    info("%s: %d taps in %.2f s = %.1f taps/s (asked %g/s; the slowest xdotool chunk %.1f/s)"
         % (what, taps, secs, rate, RATE, slowest))
    must(rate >= MIN_RATE, "%s: only %.1f taps/s achieved (%d in %.2f s), need >= %g"
         % (what, rate, taps, secs, MIN_RATE))
    return rate


def inside(rect, rng, n, inset=3):
    """n random points inside a widget's rectangle (inset a few pixels)."""
    x0, y0 = rect["x"] + inset, rect["y"] + inset
    x1, y1 = rect["x"] + rect["w"] - 1 - inset, rect["y"] + rect["h"] - 1 - inset
    return [(rng.randint(x0, x1), rng.randint(y0, y1)) for _ in range(n)]


def free_point(line, avoid=()):
    """A point on the screen in no button's rectangle and not in the staff
    corner, well away from the edges, nearest the screen's centre."""
    rects = [w for w in K.buttons(line)] + list(avoid)
    best = None
    for y in range(40, line["height"] - 40, 10):
        for x in range(40, line["width"] - 40, 10):
            if in_corner((x, y)):
                continue
            if any(r["x"] - 8 <= x < r["x"] + r["w"] + 8 and r["y"] - 8 <= y < r["y"] + r["h"] + 8
                   for r in rects):
                continue
            d = (x - line["width"] / 2) ** 2 + (y - line["height"] / 2) ** 2
            if best is None or d < best[0]:
                best = (d, (x, y))
    must(best, "no free space on %s" % summary(line))
    return best[1]


def centre(w):
    return (w["x"] + w["w"] // 2, w["y"] + w["h"] // 2)


# ---- reading the trace ---------------------------------------------------------

def thanks_entries(lines):
    """Every arrival on the thank-you screen: [(line number (1-based),
    kind, came from)], kind "sent", "deleted", "kept" or the message itself
    when it is none of those; came from: the screen of the line before."""
    out = []
    for i, cur in enumerate(lines):
        prev = lines[i - 1] if i else None
        if cur["screen"] != "thanks" or (prev and prev["screen"] == "thanks"):
            continue
        msg = widget(cur, "thanks.message")
        label = msg["label"] if msg else None
        ui = K.lang_of(cur)["ui"]
        kind = {ui["thanks.sent"]: "sent", ui["thanks.deleted"]: "deleted",
                ui.get("thanks.kept"): "kept"}.get(label, repr(label))
        out.append((i + 1, kind, prev["screen"] if prev else None))
    return out


def sends(lines):
    """How many times the trace shows Send: review -> thanks, thanks.sent."""
    return sum(1 for _, kind, came in thanks_entries(lines) if kind == "sent" and came == "review")


def settle_gaps(lines):
    """Each screen change (a new screen or question; a review page turn or
    a language is not one) after the first: (ms since the previous screen
    change's trace line, line number, from, to), shortest first.  A trace
    line is written just after its frame is presented, so this is how long
    the client saw the previous screen before a press changed it."""
    out, last = [], None
    for i, l in enumerate(lines):
        prev = lines[i - 1] if i else None
        if prev is None or (prev["screen"], prev["index"]) == (l["screen"], l["index"]):
            continue
        if last is not None:
            out.append((l["t_ms"] - last["t_ms"], i + 1, summary(last), summary(l)))
        last = l
    return sorted(out)


def settle_report(what, lines, problems=None):
    """INFO on screen changes sooner than SETTLE_MS after the previous
    screen was shown; with STRICT_SETTLE they are problems too."""
    gaps = settle_gaps(lines)
    short = [g for g in gaps if g[0] < SETTLE_MS - 2]  # 2 ms: the trace clock's granularity
    if short:
        msg = ("%d of %d screen change(s) sooner than %d ms after the previous screen was shown "
               "(trace t_ms); shortest: %s" % (len(short), len(gaps), SETTLE_MS, "; ".join(
                   "%d ms %s -> %s (line %d)" % (g, a, b, n) for g, n, a, b in short[:4])))
        info("%s: %s" % (what, msg))
        if STRICT_SETTLE and problems is not None:
            problems.append(msg)
    elif gaps:
        info("%s: every screen change came >= %d ms after the previous screen was shown "
             "(shortest %d ms, %d changes)" % (what, SETTLE_MS, gaps[0][0], len(gaps)))
    return short


def read_trace(path):
    """Every whole JSON line of a trace file (for the sampling thread,
    which must not share the Kiosk's reader)."""
    out = []
    try:
        with open(path, "rb") as f:
            data = f.read()
    except FileNotFoundError:
        return out
    for raw in data.split(b"\n")[:-1]:  # the last piece is empty or a line being written
        out.append(json.loads(raw.decode("utf-8")))
    return out


def db_count(db):
    """Responses counted (schema v3: sum of count_response n)."""
    return K.stored_counts(db).total


def log_problems(k):
    """stderr (the kiosk's log) must hold nothing but the running-as-root
    warning, once, when run as root."""
    with open(k.log, errors="replace") as f:
        lines = [l for l in f.read().splitlines() if l.strip()]
    root = [l for l in lines if l.startswith(ROOT_WARNING)]
    out = []
    if len(root) != (1 if os.geteuid() == 0 else 0):
        out.append("the running-as-root warning %d times (euid %d)" % (len(root), os.geteuid()))
    other = [l for l in lines if not l.startswith(ROOT_WARNING)]
    if other:
        out.append("stderr holds: %s" % " | ".join(other)[:400])
    return out


def layout_issues(lines):
    seen, out = set(), []
    for n, line in enumerate(lines, start=1):
        for p in K.layout_problems(line):
            p = "[%s] %s" % (line["lang"], p)
            if p not in seen:
                seen.add(p)
                out.append("line %d: %s" % (n, p))
    return out


def health(k):
    """The kiosk still runs, its trace so far has no layout problem and no
    staff pad, and stderr is clean."""
    k.poll()
    must(k.proc.poll() is None, "the kiosk exited (status %s): %s" % (k.proc.returncode, k.log_tail()))
    bad = layout_issues(k.lines)
    must(not bad, "%d layout problem(s): %s" % (len(bad), "; ".join(bad[:6])))
    admin = [n for n, l in enumerate(k.lines, start=1) if l["screen"] == "admin"]
    must(not admin, "the staff pad opened (trace line %d) though nothing was held" % (admin[0] if admin else 0))
    bad = log_problems(k)
    must(not bad, "; ".join(bad))


def stored_ok(db):
    """Everything counted is whole sessions, this month, of known services:
    for each (period, service) every question's values add up to its
    responses (nothing stored half or twice), each value one that question
    offers; the kiosk's name in meta.  Returns the number of responses."""
    c = K.stored_counts(db)
    bad = K.count_problems(c)
    must(not bad, "%d problem(s) in the counts: %s" % (len(bad), "; ".join(bad[:5])))
    if c:
        kiosk = K.stored_kiosk(db)
        must(kiosk == K.DEFAULT_KIOSK_NAME, "meta kiosk %r, expected %r" % (kiosk, K.DEFAULT_KIOSK_NAME))
    return c.total


# ---- r-random-taps ---------------------------------------------------------------

class Sampler(threading.Thread):
    """During the taps, every ~2 s: the number of responses in the database,
    then (1 s later, time for the kiosk to draw the thank-you screen that
    follows a commit) the number of Sends in the trace; the first must never
    be more than the second."""

    def __init__(self, db, trace):
        super().__init__(daemon=True)
        self.db, self.trace = db, trace
        self.stop = threading.Event()
        self.samples, self.problems = 0, []

    def run(self):
        while not self.stop.wait(2.0):
            try:
                n = db_count(self.db)
                time.sleep(1.0)
                s = sends(read_trace(self.trace))
            except Exception as e:  # noqa: BLE001  (reported, not raised, in a thread)
                self.problems.append("sampling: %s: %s" % (type(e).__name__, e))
                continue
            self.samples += 1
            if n > s:
                self.problems.append("%d responses stored while the trace showed %d Send(s)" % (n, s))


def check_random_taps(k, ctx):
    rng = random.Random(ctx.seed)
    n = int(RANDOM_S * RATE)
    points = [(rng.randrange(W), rng.randrange(H)) for _ in range(n)]
    corner = sum(1 for p in points if in_corner(p))
    K.expect_screen(k.last, "welcome")
    sampler = Sampler(ctx.db, k.trace)
    sampler.start()
    try:
        taps, secs, slowest = tap_stream(k.disp, points)
    finally:
        sampler.stop.set()
        sampler.join(5)
    time.sleep(QUIET_S)
    k.poll()
    rate = taps / secs
    lines = k.lines
    entries = thanks_entries(lines)
    sent = sends(lines)
    screens = {}
    for a, b in zip([None] + lines, lines):
        if a is None or (a["screen"], a["index"]) != (b["screen"], b["index"]):
            screens[b["screen"]] = screens.get(b["screen"], 0) + 1
    furthest = max([l["index"] for l in lines if l["screen"] == "question"] or [0])
    langs = sorted({l["lang"] for l in lines})
    info("r-random-taps: seed %d; %d taps (%d in the %d px staff corner) in %.1f s = %.1f/s "
         "(the slowest chunk of %d: %.1f/s); "
         "%d trace lines; screens entered %s; furthest question %d; languages %s; thanks "
         "reached %s; %d Send(s) in the trace; %d response(s) stored; %d sample(s) taken"
         % (ctx.seed, taps, corner, corner_px(), secs, rate, CHUNK, slowest, len(lines),
            json.dumps(screens, sort_keys=True), furthest, langs,
            [(kind, came) for _, kind, came in entries] or "never", sent, db_count(ctx.db),
            sampler.samples))
    problems = []

    def expect(cond, msg):
        if not cond:
            problems.append(msg)

    expect(rate >= MIN_RATE, "only %.1f taps/s achieved (%d in %.2f s), need >= %g"
           % (rate, taps, secs, MIN_RATE))
    # (1) still running
    alive = k.proc.poll() is None
    expect(alive, "the kiosk exited (status %s): %s" % (k.proc.returncode, k.log_tail()))
    # (2) the database against the trace
    try:
        stored = stored_ok(ctx.db)
    except Fail as e:
        problems.append(str(e))
        stored = db_count(ctx.db)
    if sent == 0:
        expect(stored == 0, "%d response(s) stored, yet the trace never showed Send" % stored)
    else:
        expect(stored == sent, "%d response(s) stored, the trace showed Send %d time(s)"
               % (stored, sent))
    odd = [(n, kind, came) for n, kind, came in entries
           if came != "review" or kind not in ("sent", "deleted")]
    expect(not odd, "thank-you screens not reached by Send or Don't send from the review "
           "(trace line, message, screen before): %s" % odd[:5])
    problems += sampler.problems[:3]
    # (3) layout, and no staff pad from taps
    bad = layout_issues(lines)
    expect(not bad, "%d layout problem(s): %s" % (len(bad), "; ".join(bad[:6])))
    admin = [n for n, l in enumerate(lines, start=1) if l["screen"] == "admin"]
    expect(not admin, "the staff pad opened (trace line %s) from taps, with no 3 s hold"
           % (admin[:1] or ["?"])[0])
    # (4) stderr
    problems += log_problems(k)
    # the settle time, as the client sees it (INFO unless STRICT_SETTLE)
    settle_report("r-random-taps", lines, problems)
    # and a clean exit, nothing lost or added by it
    if alive:
        rc = k.stop()
        expect(rc == 0, "exit status after SIGTERM: %s" % rc)
        after = db_count(ctx.db)
        expect(after == stored, "%d response(s) after the kiosk exited, %d before" % (after, stored))
        expect(not os.path.exists(ctx.db + ".recovery"),
               "%s.recovery written on exit (answers were waiting)" % os.path.basename(ctx.db))
        problems += [p for p in log_problems(k) if p not in problems]
    must(not problems, "seed %d: %s" % (ctx.seed, " | ".join(problems)))


# ---- r-mash-send -----------------------------------------------------------------

ANSWERS = [4, 3, 0, 5, 2, 1, -1, 5]  # questions 1..8 (7 has Does not apply)


def check_mash_send(k, ctx):
    rng = random.Random(ctx.seed + 1)
    before = K.stored_counts(ctx.db)
    K.expect_screen(k.click("start"), "service")
    K.expect_question(k.click("service.1"), 1)
    line = K.answer_all_mouse(k, ANSWERS)
    K.expect_screen(line, "review")
    send = widget(line, "send")
    must(send, "the review has no Send: %s" % summary(line))
    mark = len(k.lines)
    taps, secs, slowest = tap_stream(k.disp, inside(send, rng, int(MASH_S * RATE)), chunk=MASH_CHUNK)
    time.sleep(QUIET_S)
    k.poll()
    lines = k.lines[mark:]
    entries = thanks_entries(k.lines[mark - 1:])
    stored = K.stored_counts(ctx.db)
    info("r-mash-send: %d taps in %.2f s = %.1f/s inside send (%d,%d %dx%d); then %s; "
         "%d response(s) stored" % (taps, secs, taps / secs, send["x"], send["y"], send["w"],
                                    send["h"], K.history(lines, 6), stored.total - before.total))
    must([(kind, came) for _, kind, came in entries] == [("sent", "review")],
         "the thank-you screen was reached %s (message, from), expected once, by Send from "
         "the review (%s)" % ([(kind, came) for _, kind, came in entries], K.history(lines, 6)))
    short = settle_report("r-mash-send", k.lines[mark - 2:])  # question 8, the review, ...
    must(not (STRICT_SETTLE and short), "a screen changed sooner than %d ms after the previous "
         "one was shown: %s" % (SETTLE_MS, short[:2]))
    got = K.new_response(ctx.db, before, "2 s of taps on Send")
    K.check_row(got, K.expected_row(K.DEFAULT_SERVICES[1], ANSWERS), "2 s of taps on Send")
    health(k)
    check_rate("r-mash-send", taps, secs, slowest)


# ---- r-mash-faces ----------------------------------------------------------------

FACE = 3


def check_mash_faces(k, ctx):
    rng = random.Random(ctx.seed + 2)
    K.expect_screen(k.click("start"), "service")
    line = k.click("service.0")
    K.expect_question(line, 1)
    face = widget(line, "answer.%d" % FACE)
    mark = len(k.lines)
    taps, secs, slowest = tap_stream(k.disp, inside(face, rng, int(MASH_S * RATE)), chunk=MASH_CHUNK)
    time.sleep(QUIET_S)
    k.poll()
    lines = k.lines[mark - 1:]  # from question 1's line
    changes = []  # (t_ms, from index, to screen/index)
    for a, b in zip(lines, lines[1:]):
        if (a["screen"], a["index"]) != (b["screen"], b["index"]):
            changes.append((b["t_ms"], a["index"], b["screen"], b["index"]))
    gaps = [b[0] - a[0] for a, b in zip(changes, changes[1:])]
    t_first = changes[0][0] - lines[0]["t_ms"] if changes else None
    info("r-mash-faces: %d taps in %.2f s = %.1f/s on answer.%d; question changes %s at "
         "t_ms %s: gaps %s ms (repeat window %d ms); the first %s ms after question 1 appeared"
         % (taps, secs, taps / secs, FACE,
            ["%s->%s" % (a, d if s == "question" else s) for _, a, s, d in changes],
            [c[0] for c in changes], gaps, REPEAT_MS, t_first))
    must(all(s == "question" and d == a + 1 for _, a, s, d in changes),
         "the taps on one face moved %s, expected one question forward at a time"
         % ["%s->%s %s" % (a, s, d) for _, a, s, d in changes])
    short = [g for g in gaps if g < REPEAT_MS - TRACE_SLACK_MS]
    must(not short, "two questions answered within %s ms (gaps %s ms): faster than one per "
         "%d ms" % (short, gaps, REPEAT_MS))
    span = changes[-1][0] - changes[0][0] if changes else 0
    must(len(changes) <= 1 + (span + TRACE_SLACK_MS) // REPEAT_MS,
         "%d question changes in %d ms" % (len(changes), span))
    must(len(changes) >= 2, "2 s of taps on a face answered %d question(s), expected several "
         "(one each %d ms)" % (len(changes), REPEAT_MS))
    last = k.last
    must(last["screen"] == "question" and not K.selected(last),
         "the question the taps stopped on shows %s answered: %s" % (K.selected(last), summary(last)))
    # every question left was answered with that face: Back through them
    reached = last["index"]
    for i in range(reached - 1, 0, -1):
        line = k.click("back")
        K.expect_question(line, i)
        must(K.selected(line) == ["answer.%d" % FACE], "question %d shows %s chosen, expected "
             "answer.%d" % (i, K.selected(line), FACE))
    K.expect_screen(K.start_again(k), "welcome")
    must(not K.stored_counts(ctx.db), "taps on a face stored something")
    health(k)
    short = settle_report("r-mash-faces", lines)
    must(not (STRICT_SETTLE and short), "a question changed sooner than %d ms after the previous "
         "one was shown: %s" % (SETTLE_MS, short[:2]))
    check_rate("r-mash-faces", taps, secs, slowest)


# ---- r-drag-off ------------------------------------------------------------------

def drag(k, path, steps=4, hold_s=0.05):
    """Press at path[0], move through the points of path (each leg in
    `steps` pointer moves, 30 ms apart) and release at the last."""
    args = ["mousemove", path[0][0], path[0][1], "mousedown", 1, "sleep", hold_s]
    for (x0, y0), (x1, y1) in zip(path, path[1:]):
        for s in range(1, steps + 1):
            args += ["mousemove", round(x0 + (x1 - x0) * s / steps),
                     round(y0 + (y1 - y0) * s / steps), "sleep", 0.03]
    args += ["mouseup", 1]
    k.disp.xdotool(*args)
    k.input_at = time.monotonic()


def expect_nothing(k, mark, want, what):
    """No trace line since `mark` shows a screen, question, language or
    selection other than `want`'s."""
    time.sleep(0.6)
    k.poll()
    key = lambda l: (l["screen"], l["index"], l["lang"], tuple(K.selected(l)))  # noqa: E731
    moved = [l for l in k.lines[mark:] if key(l) != key(want)]
    must(not moved, "%s: %s" % (what, K.history(k.lines[mark:], 6)))


def check_drag_off(k, ctx):
    line = k.last
    K.expect_welcome(line)
    start, access, es = widget(line, "start"), widget(line, "access"), widget(line, "lang.es")
    empty = free_point(line)
    info("r-drag-off: empty space at %s on Welcome" % (empty,))
    s = centre(start)
    edge = (start["x"] + start["w"] - 10, s[1])         # inside, near the edge: slides off soon
    side = corner_px() // 2
    cases = [
        ("a press on Start slid off to empty space", [s, edge, empty]),
        ("a press on Start slid onto 'Easier to see, hear and use'", [s, edge, centre(access)]),
        ("a press on Start slid onto Español", [s, centre(es)]),
        ("a press on Start slid into the staff corner", [s, (s[0], 200), (side, side)]),
        ("a press on empty space slid onto Start and released there", [empty, s]),
        ("a press on Start wandering off and about, released off it",
         [s, empty, centre(access), empty, (s[0], start["y"] - 30)]),
    ]
    for what, path in cases:
        k.ready("start")
        mark = len(k.lines)
        drag(k, path)
        expect_nothing(k, mark, line, what)
    # a face on question 1 slid onto another face
    line = k.click("start")
    K.expect_screen(line, "service")
    line = k.click("service.0")
    K.expect_question(line, 1)
    for a, b in ((2, 4), (5, 1)):
        k.ready("answer.%d" % a)
        mark = len(k.lines)
        fa, fb = widget(line, "answer.%d" % a), widget(line, "answer.%d" % b)
        drag(k, [centre(fa), centre(fb)])
        expect_nothing(k, mark, line, "on question 1 a press on answer.%d slid onto answer.%d" % (a, b))
    line = K.start_again(k)
    K.expect_welcome(line)
    # off and back on before the release: reported, not required either way
    k.ready("start")
    mark = len(k.lines)
    drag(k, [s, empty, s])
    time.sleep(0.6)
    k.poll()
    info("r-drag-off: a press on Start slid off to empty space and back onto Start, released "
         "there: %s" % ("fired (%s)" % K.history(k.lines[mark:]) if len(k.lines) > mark
                        else "did not fire"))
    k.home()
    K.expect_screen(k.click("start"), "service")  # and a plain tap still works
    K.expect_screen(K.start_again(k), "welcome")
    must(not K.stored_counts(ctx.db), "drags stored something")
    health(k)


# ---- running ---------------------------------------------------------------------

class Ctx:
    def __init__(self, tmp, name, seed):
        self.db = os.path.join(tmp, name + ".db")
        self.seed = seed


def one(results, tmp, name, fn, seed):
    """Check `name` on a fresh Xvfb (1280x800) and kiosk of its own."""
    with K.Group(results, [name]) as g:
        g.disp = disp = K.Display(W, H, tmp)
        ctx = Ctx(tmp, name, seed)
        g.k = k = K.Kiosk(disp, tmp, name, ctx.db)
        results.check(name, fn, k, ctx)


CHECKS = [("r-random-taps", check_random_taps)]  # alongside these, one after another:
SHORT = [("r-mash-send", check_mash_send), ("r-mash-faces", check_mash_faces),
         ("r-drag-off", check_drag_off)]


def cmd_test(seed):
    K.preflight()
    t0 = time.monotonic()
    info("seed %d (again: tests/e2e/abuse.py test --seed %d)" % (seed, seed))
    tmp = tempfile.mkdtemp(prefix="heard-abuse-")
    results = K.Results()

    def short():
        for name, fn in SHORT:
            one(results, tmp, name, fn, seed)

    threads = [threading.Thread(target=one, args=(results, tmp, name, fn, seed), daemon=True)
               for name, fn in CHECKS]
    threads.append(threading.Thread(target=short, daemon=True))
    K.in_parallel(threads)
    return K.finish(results, tmp, t0, "ABUSE")


def main(argv):
    ap = argparse.ArgumentParser(prog="tests/e2e/abuse.py",
                                 description="a child mashing the kiosk's screen")
    ap.add_argument("command", choices=["test"])
    ap.add_argument("--seed", type=int, default=None,
                    help="seed for the random taps (default: the time)")
    a = ap.parse_args(argv[1:])
    seed = a.seed if a.seed is not None else int(time.time())
    return K.guarded(lambda: cmd_test(seed), "ABUSE")


if __name__ == "__main__":
    sys.exit(main(sys.argv))
