#!/usr/bin/python3
"""End-to-end tests of the real kiosk (build/heard-kiosk) under Xvfb.

    tests/e2e/kiosk.py test          every check; prints PASS/FAIL lines and
                                     "E2E: N passed, M failed"; exit 1 on failure
    tests/e2e/kiosk.py screenshots   build/screenshots/NN-name.png and
                                     lang-LANG-SCREEN.png (every language) at 1280x800,
                                     portrait-WxH-LANG-SCREEN.png (every language, the
                                     720x1280 and 1080x1920 panels upright),
                                     and matrix/LANG-sizeN-CONTRAST-SCREEN.png (every
                                     language, text sizes 1 and 4, three colour modes;
                                     tests/e2e/textsize.py); prints how many it wrote

How it works: each group of checks gets its own Xvfb display (no window
manager) and its own kiosk started with HEARD_TEST=1 --trace.  The kiosk
writes one JSON line to the trace whenever the screen, question, review page
or keyboard focus changes; after every action the driver waits for the line
that action should cause (a key that acts: a new screen, question or page;
Tab: a focus move) instead of sleeping, and clicks at the centre of the
rectangle the trace gives for a widget id.  Before a tap or a key that acts
(Return/space, digits, BackSpace) it waits out the kiosk's press rules: none
within 250 ms of a screen change, and the same control or the same key again
within 500 ms is a bounce (Kiosk.ready).  The first key of a session (Tab,
arrows, Return/space) only shows the focus ring, on the first control, and
does not act; digits and BackSpace act on the first press (Kiosk.key checks
this).  Stored answers are read with the sqlite3 command-line tool, as a
manager's tools would, never through the kiosk.

Languages: every string is checked against assets/strings/<lang>.ini for the
language the trace line names ("lang"); choosing a language on Welcome
should write a trace line in it (o-languages checks that; elsewhere, if no
line comes, the driver presses Tab so the kiosk writes one - choose_language).

The groups run in parallel to keep the total time low (about 2 minutes):
  main     (1280x800, default config, one kiosk for all of these, in order)
             a-mouse-session     mouse only: Back, Skip, Does not apply,
                                 review rows on every page, change from
                                 review, Send, DB row
             b-keyboard-session  keys only (the first Return shows focus on
                                 Start, the next presses it), "I'd rather not
                                 say", Send, DB row; focus starts on a
                                 screen's content
             s-no-journal-after-save  a thanked session leaves no -wal and
                                 no -shm beside the database (the kiosk
                                 closed its connection), counted once
             c-dont-send         Don't send: "deleted" message, DB unchanged
             d-start-again       mid-session Start again asks first; Yes, delete:
                                 nothing stored, fresh
             g-double-click      double click advances one question; a fast
                                 double digit counts once, also past the
                                 settle time; two different digits both count;
                                 double click on Send sends once
             j-drag-off-cancels  press-drag-off and drag-on never fire
             k-key-autorepeat    holding a digit (X auto-repeat) answers
                                 exactly one question, with that digit
             l-double-return-welcome  Return Return 80 ms apart on a fresh
                                 Welcome: still Welcome, focus on Start (the
                                 second is a repeat); Return, 700 ms, Return:
                                 the Service screen, nothing chosen there
             n-start-again-last  Start again is the last widget of every
                                 screen; a new screen's focus is its first button
             m-focus-round       by keys alone, on Welcome, service, question
                                 1 and 7, the settings opened mid-session and
                                 the review: Tab gives every button focus
                                 once, the ring always showing, and comes
                                 round again; Shift+Tab goes back one
             f-database          the counts are exactly the sent sessions'
                                 (schema v3: counts only, this month),
                                 consistent, only the v3 tables, integrity,
                                 0600, WAL
             shutdown            SIGTERM exits 0, nothing on stderr, DB intact
  idle     (1280x800, 10 s inactivity)
             i-idle-cpu-welcome, i-idle-cpu-question   <= 2 ticks in 3 s idle
             m-welcome-idle-reset  a language (Polski) tapped on Welcome,
                                 then nothing: 10 s after the last input
                                 English again (a fresh kiosk); a key there
                                 means accessibility mode's 2 minutes
                                 (access.py i-key-welcome-reset)
  timeout  (1280x800, 10 s / 5 s / 3 s timeouts)
             e-timeout           in Ukrainian: "Are you still there?", Yes,
                                 then full reset, in English again
             e-thanks-auto-return  in Spanish: Thanks returns to Welcome by
                                 itself, in English
  lang     (1280x800, default config, one kiosk, in order)
             o-languages         each language by mouse: the trace says it,
                                 Welcome's strings are its own (Start reads
                                 welcome.start), buttons named in themselves;
                                 a whole session in Polish: the DB row exactly,
                                 no language column
             p-arabic-mirrored   Arabic mirrors the layout: language buttons,
                                 Start again/Back, the faces, the review
             q-language-resets   Español, Start, Start again: Welcome in English
  layout   (800x480, 1024x600, 1280x800, 1920x1080 and, upright, 720x1280
            and 1080x1920 x every language, each with its panel's [screen]
            millimetres, PANEL_MM: 800x480 and 1024x600 a 7-inch 154 x 86 mm,
            1280x800 217 x 136, 1920x1080 476 x 268; LAYOUT_WORKERS at a
            time, one Xvfb and kiosk each)
             h-layout-WxH-LANG   every screen in LANG (the timeout screen:
                                 1280x800 English, 720x1280 English and
                                 Arabic, 1080x1920 English): no overlaps, on screen,
                                 nothing clipped, no control on the staff
                                 corner (top-left 12 mm), Start again 6 mm
                                 from every other control, strings of LANG;
                                 but 800x480: no question behind Other
                                 choices, Back and Skip shown (paged_problems);
                                 build/e2e/layout-WxH-LANG-SCREEN.png
  text sizes (800x480, 1280x800, 1920x1080, 1024x600, 720x1280, 1080x1920 x every
            language, in the same worker pool;
            tests/e2e/textsize.py)
             t-text-sizes-WxH-LANG  at each text size 1..4 (chosen on the
                                 access screen) a whole session in LANG: every
                                 trace line passes layout_problems(); question
                                 1's text and Welcome's promise are taller at
                                 size 4 than at size 1

The review pages its rows when they do not fit at a legible size; every
review check reads every page with the paging button, which reads "More
answers (1 of 2)" on a page that is not the last and "First answers (2 of 2)"
on the last (back to page 1), and checks the pages are balanced (9 rows:
6 + 3, never 4 + 4 + 1).

HEARD_E2E_GROUPS=main,lang (a comma list of main, idle, timeout, lang,
layout) runs only those groups; HEARD_E2E_LAYOUT_ONLY=1024x600,1280x800-pl
(sizes, size-languages or languages) only those layout and text-size groups.

Start reading at cmd_test().  Python standard library only.
"""
import configparser
import contextlib
import json
import os
import shutil
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time
import traceback

if __name__ == "__main__":  # textsize.py imports this file: let it share this copy's state
    sys.modules.setdefault("kiosk", sys.modules[__name__])

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BUILD = os.path.join(ROOT, os.environ.get("BUILD") or "build")  # make test passes BUILD
KIOSK = os.path.join(BUILD, "heard-kiosk")
# A sanitizer build (make test SANITIZE=1: build/asan) draws several times
# slower, and the checks run side by side on a small machine: the waits
# for what a tap or a key should bring (never a speed target: make bench)
# are that much longer there.
REACT_SLOW = 3 if os.path.basename(os.path.normpath(BUILD)) == "asan" else 1
STRINGS = os.path.join(ROOT, "assets", "strings")
E2E_OUT = os.path.join(ROOT, "build", "e2e")
SHOTS_OUT = os.path.join(ROOT, "build", "screenshots")

# From the embedded default configuration (core/config.c config_default_text).
DEFAULT_SERVICES = ["Counselling", "Family support"]
DEFAULT_HELP_LINE = "116 123 (Samaritans, free, day or night)"
DEFAULT_KIOSK_NAME = "kiosk"

# Shortest timeouts the config accepts; used where the timeout is exercised.
SHORT_CONFIG = """; heard e2e: shortest timeouts
[timeouts]
inactivity_seconds = 10
more_time_seconds = 5
"""
IDLE_S, MORE_TIME_S = 10, 5
THANKS_CONFIG = SHORT_CONFIG + "thanks_seconds = 3\n"
THANKS_S = 3

# The kiosk's press rules (kiosk/ui.c ui_begin, interact), for taps and for
# keys that act (Return/space/KP_Enter = select, digits, BackSpace): a press
# within 250 ms of a screen change is ignored, and so is the same control, or
# the same key (the same digit), again within 500 ms.  Focus moves (Tab,
# arrows) are never held back.  The driver waits these out before pressing.
SETTLE_S = 0.30   # > 250 ms after the trace line of a new screen
REPEAT_S = 0.60   # > 500 ms after the previous press of the same control/key
# Acting keys, by what the kiosk sees: Return, KP_Enter and space are one key.
KEY_KINDS = {"Return": "select", "KP_Enter": "select", "space": "select",
             "BackSpace": "back"}
KEY_KINDS.update({d: "digit " + d for d in "123456789"})
KEY_KINDS.update({"KP_" + d: "digit " + d for d in "123456789"})
LAYOUT_SIZES = [(800, 480), (1024, 600), (1280, 800), (1920, 1080), (720, 1280), (1080, 1920)]
# Each walked size as the panel that has it: 800x480 and 1024x600 a 7-inch
# (154 x 86 mm), 1280x800 a 10.1-inch (217 x 136 mm, the embedded default),
# 1920x1080 a 21.5-inch (476 x 268 mm), and the portrait ones the 7-inch and
# 21.5-inch panels upright.  The walks give the kiosk these [screen]
# millimetres (screen_config) and check them at these (layout_problems).
PANEL_MM = {(800, 480): (154.0, 86.0), (1024, 600): (154.0, 86.0), (1280, 800): (217.0, 136.0),
            (1920, 1080): (476.0, 268.0), (720, 1280): (86.0, 154.0), (1080, 1920): (268.0, 476.0)}
PORTRAIT_MM = {s: mm for s, mm in PANEL_MM.items() if s[1] > s[0]}
# At text sizes 1 and 2 every question keeps the five answers, Back and Skip
# (and Does not apply) in view, never behind "Skip, Back and more", at these sizes.
NO_PAGED_SIZES = [(1024, 600), (1280, 800), (1920, 1080), (720, 1280), (1080, 1920)]
# Layout tours (sizes x languages) run this many at a time, each on its own
# Xvfb; HEARD_E2E_LAYOUT_JOBS overrides.
LAYOUT_WORKERS = int(os.environ.get("HEARD_E2E_LAYOUT_JOBS", "5"))
SURVEY_MAX_PAGES = 12


LIVE = set()          # every Xvfb and kiosk process started, for cleanup
LIVE_LOCK = threading.Lock()


STOPPING = threading.Event()


def started(proc):
    with LIVE_LOCK:
        LIVE.add(proc)
    if STOPPING.is_set():  # a worker thread raced the shutdown
        proc.kill()
        raise Fail("stopping")
    return proc


def stop_all():
    """Last resort (Ctrl-C, a crash): end every process this script started."""
    STOPPING.set()
    with LIVE_LOCK:
        procs = list(LIVE)
    for p in procs:
        if p.poll() is None:
            p.terminate()
    for p in procs:
        try:
            p.wait(3)
        except subprocess.TimeoutExpired:
            p.kill()
            p.wait()


class Fail(Exception):
    """A check failed; the message says why."""


def must(cond, msg):
    if not cond:
        raise Fail(msg)


# ---- the question set and the string tables -------------------------------

# The languages of the embedded default configuration (core/config.c:
# languages = en, es, pl, uk, ar; default_language = en), in Welcome's order.
LANGS = ["en", "es", "pl", "uk", "ar"]
HOME_LANG = "en"


def _ini(path):
    p = configparser.ConfigParser(interpolation=None, delimiters=("=",),
                                  comment_prefixes=(";", "#"), strict=False)
    p.optionxform = str
    with open(path, encoding="utf-8") as f:
        p.read_file(f)
    return p


def _section(ini, name):
    """A section's values as the kiosk reads them: an indented line
    continues the value above, joined with one space (core/inifile.c)."""
    return {k: " ".join(v.split("\n")) for k, v in ini[name].items()}


def load_lang(code):
    t = _ini(os.path.join(STRINGS, code + ".ini"))
    lang = _section(t, "language")
    return {"code": lang["code"], "name": lang["name"], "rtl": lang.get("direction") == "rtl",
            "ui": _section(t, "ui"), "q": _section(t, "questions")}


def plural_text(code, key, n):
    """The text the language's rule picks for n (CLDR, whole numbers)."""
    n10, n100 = n % 10, n % 100
    if code in ("en", "es"):
        cat = "one" if n == 1 else "other"
    elif code == "pl":
        cat = "one" if n == 1 else "few" if 2 <= n10 <= 4 and not 12 <= n100 <= 14 else "many"
    elif code == "uk":
        cat = ("one" if n10 == 1 and n100 != 11 else
               "few" if 2 <= n10 <= 4 and not 12 <= n100 <= 14 else "many")
    else:
        cat = ("zero" if n == 0 else "one" if n == 1 else "two" if n == 2 else
               "few" if 3 <= n100 <= 10 else "many" if n100 >= 11 else "other")
    t = STR[code]["ui"]
    return t.get("%s.%s" % (key, cat), t[key]).replace("{n}", str(n))


def load_content():
    qs = _ini(os.path.join(STRINGS, "questions.ini"))
    # "enabled = all" (the embedded default): every question not optional
    qids = [s for s in qs.sections() if s != "set" and qs[s].get("optional", "no") != "yes"]
    has_na = {q: qs[q].get("not_applicable", "no") == "yes" for q in qs.sections() if q != "set"}
    langs = {code: load_lang(code) for code in LANGS}
    return {
        "qset": qs["set"]["version"], "qids": qids, "has_na": has_na, "langs": langs,
        "ui": langs[HOME_LANG]["ui"], "q": langs[HOME_LANG]["q"],
    }


C = load_content()
QIDS = C["qids"]
UI = C["ui"]          # English, the home language
STR = C["langs"]      # code -> {"code", "name", "rtl", "ui", "q"}


def lang_of(line):
    """The string table of the language a trace line says is shown."""
    code = line.get("lang")
    must(code in STR, "trace line in language %r, which is not one of %s" % (code, LANGS))
    return STR[code]


def answer_word(v, lang=HOME_LANG):
    ui = STR[lang]["ui"]
    if 1 <= v <= 5:
        return ui["answer.%d" % v]
    return ui["review.not_apply"] if v == -1 else ui["review.skipped"]


def help_text(line=DEFAULT_HELP_LINE, lang=HOME_LANG):
    return STR[lang]["ui"]["thanks.help"].replace("{help}", line)


# ---- small helpers ---------------------------------------------------------

def run(cmd, env=None, timeout=20, check=True):
    p = subprocess.run(cmd, env=env, timeout=timeout, stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, text=True)
    if check and p.returncode != 0:
        raise Fail("%s exited %d: %s" % (" ".join(cmd), p.returncode, p.stderr.strip()[:300]))
    return p


def summary(line):
    """One trace line in a few words, for failure messages."""
    if not line:
        return "(no trace line)"
    s = line.get("screen")
    if s == "question":
        s += " %s/%s %s" % (line.get("index"), line.get("of"), line.get("question"))
    foc = [w["id"] for w in line.get("widgets", []) if w.get("state") == "focused"]
    sel = [w["id"] for w in line.get("widgets", []) if w.get("state") == "selected"]
    if foc:
        s += " focus=" + foc[0]
    if sel:
        s += " selected=" + ",".join(sel)
    return s


def widget(line, wid):
    for w in line.get("widgets", []):
        if w.get("id") == wid:
            return w
    return None


def label(line, wid):
    """The label of control or text wid on this trace line, None if absent."""
    w = widget(line, wid)
    return w["label"] if w else None


def fmt(s, **kv):
    """A string table's text with each {name} filled in."""
    for k, v in kv.items():
        s = s.replace("{%s}" % k, str(v))
    return s


def state(line, wid):
    w = widget(line, wid)
    return w["state"] if w else None


def focused(line):
    for w in line.get("widgets", []):
        if w.get("state") == "focused":
            return w["id"]
    return None


def buttons(line):
    """The controls focus can reach, in focus order (a disabled one, e.g.
    Smaller text at the smallest size, is passed by)."""
    return [w for w in line.get("widgets", []) if w.get("role") == "button" and w.get("state") != "disabled"]


def selected(line):
    return [w["id"] for w in line.get("widgets", []) if w.get("state") == "selected"]


def view(line):
    """What a trace line shows, apart from keyboard focus: the screen, the
    question, and every widget's label (a review page's rows)."""
    return (line["screen"], line["index"],
            tuple((w["id"], w["label"]) for w in line["widgets"]))


def new_screen(prev, line):
    """Does `line` come from a screen change (which restarts the kiosk's
    250 ms settle time)?  A new screen or question, or a reset to a fresh
    Welcome (the focus ring goes, or the language goes back; a language
    chosen is counted too, which only waits longer); a review page turn or
    a focus move is not."""
    if prev is None:
        return True
    if (prev["screen"], prev["index"]) != (line["screen"], line["index"]):
        return True
    if (widget(prev, "again.title") is None) != (widget(line, "again.title") is None):
        return True  # "Delete your answers and start again?" shown or closed
    if prev["lang"] != line["lang"]:
        return True
    return focused(prev) is not None and focused(line) is None


def history(lines, n=4):
    """The last few trace lines in a few words, for failure messages."""
    if not lines:
        return "no new trace line"
    more = "... " if len(lines) > n else ""
    return "saw " + more + " -> ".join(summary(l) for l in lines[-n:])


TRACE_KEYS = {"t_ms": int, "screen": str, "lang": str, "width": int, "height": int,
              "clipped": int, "widgets": list}
SCREENS = {"welcome", "service", "question", "review", "thanks", "timeout", "admin", "access",
           "comment"}  # comment: [comments] ask = yes (issue 17)
STATES = {"normal", "focused", "selected", "disabled"}


def schema_problems(line):
    out = []
    for k, t in TRACE_KEYS.items():
        if not isinstance(line.get(k), t):
            out.append("key %r missing or not %s" % (k, t.__name__))
    for k in ("question", "index", "of", "spoken"):
        if k not in line:
            out.append("key %r missing" % k)
    if line.get("screen") not in SCREENS:
        out.append("unknown screen %r" % line.get("screen"))
    if line.get("lang") not in STR:
        out.append("language %r is not one of %s" % (line.get("lang"), LANGS))
    if line.get("screen") == "question":
        if line.get("question") not in QIDS or not isinstance(line.get("index"), int):
            out.append("question screen without a known question/index")
    elif line.get("question") is not None:
        out.append("question %r outside the question screen" % line.get("question"))
    nfoc = 0
    for w in line.get("widgets", []) if isinstance(line.get("widgets"), list) else []:
        for k in ("id", "role", "label", "state"):
            if not isinstance(w.get(k), str):
                out.append("widget %r: %r missing" % (w.get("id"), k))
        for k in ("x", "y", "w", "h"):
            if not isinstance(w.get(k), int):
                out.append("widget %r: %r missing" % (w.get("id"), k))
        if w.get("role") not in ("button", "text"):
            out.append("widget %r: role %r" % (w.get("id"), w.get("role")))
        if w.get("state") not in STATES:
            out.append("widget %r: state %r" % (w.get("id"), w.get("state")))
        nfoc += w.get("state") == "focused"
    if nfoc > 1:
        out.append("%d widgets focused at once" % nfoc)
    return out


# The embedded default config's screen ([screen] width_mm, height_mm).
SCREEN_MM = (217.0, 136.0)
TARGET_MM = 12.0   # smallest control, both ways (docs/design.md: targets >= 12 mm)


STAFF_CORNER_MM = 12.0   # kiosk/staff.h STAFF_CORNER_MM: the staff gesture's corner
AGAIN_GAP_MM = 6.0       # Start again: this much space from any other control
CAP_RATIO = 0.714        # kiosk/ui.c CAP_RATIO: Noto Sans cap height / em
TEXT_FLOOR_MM = 3.2      # smallest cap height any client text is set at (kiosk/screens.c
                         # FACE_FLOOR_PCT: two thirds of the standard 4.8 mm)


def rect_gap(a, b):
    """Space between two rectangles (0 when they touch or overlap)."""
    dx = max(b["x"] - (a["x"] + a["w"]), a["x"] - (b["x"] + b["w"]), 0)
    dy = max(b["y"] - (a["y"] + a["h"]), a["y"] - (b["y"] + b["h"]), 0)
    return (dx * dx + dy * dy) ** 0.5


def layout_problems(line, mm=None):
    """Overlapping rectangles, rectangles off screen, clipped text, and
    controls smaller than 12 mm x 12 mm on the configured screen (`mm`,
    (width_mm, height_mm), default the embedded config's); no client
    control on the staff corner (the top-left 12 mm square, whatever the
    language's direction); Start again at least 6 mm from any other
    control; no client text set smaller than a TEXT_FLOOR_MM cap height
    (the trace's text_px: the size each widget's text was set at)."""
    out = []
    W, H = line["width"], line["height"]
    mm = mm or PORTRAIT_MM.get((W, H), SCREEN_MM)
    px_per_mm = min(W / mm[0], H / mm[1])
    for w in line["widgets"]:
        if w["role"] == "button" and min(w["w"], w["h"]) < TARGET_MM * px_per_mm - 0.5:
            out.append("%s: %s is %.1f x %.1f mm, under %g mm" % (
                line["screen"], w["id"], w["w"] / px_per_mm, w["h"] / px_per_mm, TARGET_MM))
    where = line["screen"] + (" %s" % line["question"] if line["question"] else "")
    if line["screen"] != "admin":  # the staff screens are the staff's own
        for w in line["widgets"]:
            cap = w.get("text_px", 0) * CAP_RATIO / px_per_mm
            if w.get("text_px") and cap < TEXT_FLOOR_MM - 0.05:
                out.append("%s: %s's text is set at a %.1f mm cap height, under %g mm"
                           % (where, w["id"], cap, TEXT_FLOOR_MM))
    if line.get("clipped"):
        out.append("%s: clipped=%d (%s)" % (where, line["clipped"], ", ".join(
            w["id"] for w in line["widgets"] if w.get("clipped"))))
    if line["screen"] != "admin":  # the staff screens are the staff's own
        side = int(STAFF_CORNER_MM * px_per_mm + 0.5)  # kiosk/staff.c staff_corner
        for w in line["widgets"]:
            if w["role"] == "button" and w["x"] < side and w["y"] < side and w["w"] > 0 and w["h"] > 0:
                out.append("%s: %s (%d,%d %dx%d) is on the staff corner (%dx%d px)"
                           % (where, w["id"], w["x"], w["y"], w["w"], w["h"], side, side))
    again = [w for w in line["widgets"] if w["id"] == "start_again"]
    for a in again:
        for b in line["widgets"]:
            if b is a or b["role"] != "button" or b["w"] <= 0 or b["h"] <= 0:
                continue
            g = rect_gap(a, b) / px_per_mm
            if g < AGAIN_GAP_MM - 0.1:
                out.append("%s: start_again is %.1f mm from %s, under %g mm"
                           % (where, g, b["id"], AGAIN_GAP_MM))
    # Back, Skip (or Next) and Does not apply meet Tab and scanning in the
    # order they are read: by rows, then in the reading direction (the
    # trace lists widgets in focus order; its rects are as drawn)
    if line["screen"] == "question":
        others = [w for w in line["widgets"] if w["id"] in ("back", "skip", "next", "not_apply")
                  and w["w"] > 0]
        rtl = line.get("lang") == "ar"

        def read_before(a, b):
            if a["y"] + a["h"] <= b["y"]:
                return True
            if b["y"] + b["h"] <= a["y"]:
                return False
            return a["x"] > b["x"] if rtl else a["x"] < b["x"]
        for a, b in zip(others, others[1:]):
            if not read_before(a, b):
                out.append("%s: %s comes before %s in the focus order but is read after it"
                           % (where, a["id"], b["id"]))
    rects = []
    for w in line["widgets"]:
        if w["w"] < 0 or w["h"] < 0:
            out.append("%s: %s has a negative size %dx%d" % (where, w["id"], w["w"], w["h"]))
            continue
        if w["w"] == 0 or w["h"] == 0:
            continue
        if w["x"] < 0 or w["y"] < 0 or w["x"] + w["w"] > W or w["y"] + w["h"] > H:
            out.append("%s: %s (%d,%d %dx%d) is outside %dx%d"
                       % (where, w["id"], w["x"], w["y"], w["w"], w["h"], W, H))
        rects.append(w)
    for i, a in enumerate(rects):
        for b in rects[i + 1:]:
            if (a["x"] < b["x"] + b["w"] and b["x"] < a["x"] + a["w"] and
                    a["y"] < b["y"] + b["h"] and b["y"] < a["y"] + a["h"]):
                out.append("%s: %s (%d,%d %dx%d) overlaps %s (%d,%d %dx%d)"
                           % (where, a["id"], a["x"], a["y"], a["w"], a["h"],
                              b["id"], b["x"], b["y"], b["w"], b["h"]))
    return out


class Group:
    """A group of checks on one display and kiosk (set g.disp and g.k as
    they are made).  However the group ends both are stopped, and if setting
    up failed every check of the group not yet done fails with the reason."""

    def __init__(self, results, names):
        self.results, self.names, self.disp, self.k = results, names, None, None

    def __enter__(self):
        return self

    def __exit__(self, kind, err, tb):
        if isinstance(err, Exception):
            for name in self.names:
                if name not in self.results.done:
                    self.results.add(name, False, "setup: %s" % err)
        if self.k:
            self.k.stop()
        if self.disp:
            self.disp.close()
        return isinstance(err, Exception)  # Ctrl-C still ends the run


# ---- Xvfb ------------------------------------------------------------------

class Display:
    """One Xvfb server at a fixed size, on a free display number."""
    _lock = threading.Lock()
    _claimed = set()

    def __init__(self, w, h, logdir):
        self.w, self.h, self.proc, self.num = w, h, None, None
        for _ in range(5):
            num = self._claim()
            log = open(os.path.join(logdir, "xvfb-%d.log" % num), "w")
            proc = started(subprocess.Popen(
                ["Xvfb", ":%d" % num, "-screen", "0", "%dx%dx24" % (w, h), "-nolisten", "tcp"],
                stdout=log, stderr=log, stdin=subprocess.DEVNULL))
            log.close()
            self.proc, self.num = proc, num
            if self._ready():
                return
            self.close()
        raise Fail("could not start Xvfb at %dx%d" % (w, h))

    def _claim(self):
        with Display._lock:
            for n in range(90, 400):
                if n in Display._claimed:
                    continue
                if os.path.exists("/tmp/.X11-unix/X%d" % n) or os.path.exists("/tmp/.X%d-lock" % n):
                    continue
                Display._claimed.add(n)
                return n
        raise Fail("no free X display number")

    def _ready(self):
        end = time.monotonic() + 10
        while time.monotonic() < end:
            if self.proc.poll() is not None:
                return False
            p = subprocess.run(["xdpyinfo", "-display", self.name], stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
            if p.returncode == 0:
                return True
            time.sleep(0.1)
        return False

    @property
    def name(self):
        return ":%d" % self.num

    def env(self, **extra):
        e = dict(os.environ, DISPLAY=self.name)
        e.pop("WAYLAND_DISPLAY", None)
        # a key on Welcome turns reading aloud on: give it an audio device
        # that exists on any machine, so nothing is printed about sound cards
        e.setdefault("SDL_AUDIODRIVER", "dummy")
        e.update(extra)
        return e

    def xdotool(self, *args):
        run(["xdotool"] + [str(a) for a in args], env=self.env(), timeout=10)

    def screenshot(self, path):
        """Screenshot of the whole screen; checks it has the display's size
        and is not a blank frame."""
        os.makedirs(os.path.dirname(path), exist_ok=True)
        time.sleep(0.15)  # let the presented frame reach the X server
        run(["import", "-display", self.name, "-window", "root", path], timeout=30)
        p = run(["identify", "-format", "%w %h %k", path], timeout=30)
        w, h, colours = (int(x) for x in p.stdout.split())
        must((w, h) == (self.w, self.h),
             "%s is %dx%d, the display is %dx%d" % (path, w, h, self.w, self.h))
        must(colours > 4, "%s has only %d colours: a blank frame?" % (path, colours))
        return path

    def close(self):
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


# ---- the kiosk -------------------------------------------------------------

class Kiosk:
    """A running heard-kiosk, its trace, and the actions a client can take."""

    def __init__(self, disp, workdir, name, db, config=None):
        self.disp, self.db, self.name = disp, db, name
        self.trace = os.path.join(workdir, name + ".trace")
        self.log = os.path.join(workdir, name + ".log")
        self.config = config
        self.proc = None
        self.start()

    def start(self):
        self.lines, self._buf, self._pos = [], b"", 0
        self.last_seen = self.screen_at = time.monotonic()
        self.fired = {}     # control id -> when the driver last pressed it
        self.key_sent = {}  # key kind (KEY_KINDS) -> when it was last pressed
        self.input_at = time.monotonic()  # the last key, click or pointer move sent
        if os.path.exists(self.trace):
            os.remove(self.trace)  # never read a previous run's lines
        cmd = [KIOSK, "--db", self.db, "--trace", self.trace]
        if self.config:
            cmd += ["--config", self.config]
        with open(self.log, "a") as log:
            self.proc = started(subprocess.Popen(cmd, env=self.disp.env(HEARD_TEST="1"),
                                                 stdout=log, stderr=log,
                                                 stdin=subprocess.DEVNULL, cwd=ROOT))
        line = self.wait(0, lambda l: True, 15, "the first trace line")
        must(line["screen"] == "welcome", "kiosk started on %s, not welcome" % summary(line))
        must((line["width"], line["height"]) == (self.disp.w, self.disp.h),
             "kiosk window is %dx%d on a %dx%d display"
             % (line["width"], line["height"], self.disp.w, self.disp.h))

    def stop(self, timeout=5):
        """SIGTERM (SDL turns it into a quit event); returns the exit status."""
        if not self.proc or self.proc.poll() is not None:
            return self.proc.returncode if self.proc else None
        self.proc.send_signal(signal.SIGTERM)
        try:
            return self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
            return "killed (did not exit %ds after SIGTERM)" % timeout

    def log_tail(self, n=5):
        try:
            with open(self.log, errors="replace") as f:
                return " | ".join(f.read().strip().splitlines()[-n:])
        except OSError:
            return ""

    # -- trace

    def poll(self):
        try:
            with open(self.trace, "rb") as f:
                f.seek(self._pos)
                data = f.read()
        except FileNotFoundError:
            return
        self._pos += len(data)
        self._buf += data
        while b"\n" in self._buf:
            raw, self._buf = self._buf.split(b"\n", 1)
            try:
                line = json.loads(raw.decode("utf-8"))
            except (ValueError, UnicodeDecodeError) as e:
                raise Fail("%s: trace line %d is not JSON (%s): %r"
                           % (self.name, len(self.lines) + 1, e, raw[:200]))
            bad = schema_problems(line)
            if bad:
                raise Fail("%s: trace line %d: %s" % (self.name, len(self.lines) + 1, "; ".join(bad)))
            now = time.monotonic()
            if new_screen(self.lines[-1] if self.lines else None, line):
                self.screen_at = now
            self.lines.append(line)
            self.last_seen = now

    @property
    def last(self):
        self.poll()
        return self.lines[-1] if self.lines else None

    def wait(self, mark, pred, timeout, what):
        """The first trace line after index `mark` for which pred holds."""
        end = time.monotonic() + timeout
        i = mark
        while True:
            self.poll()
            while i < len(self.lines):
                if pred(self.lines[i]):
                    return self.lines[i]
                i += 1
            if self.proc.poll() is not None:
                raise Fail("%s: kiosk exited (status %s) while waiting for %s; log: %s"
                           % (self.name, self.proc.returncode, what, self.log_tail()))
            if time.monotonic() > end:
                raise Fail("%s: no %s within %.0f s (%s; now on %s)"
                           % (self.name, what, timeout, history(self.lines[mark:]),
                              summary(self.last)))
            time.sleep(0.02)

    def wait_screen(self, mark, screen, timeout=5, index=None):
        what = "%s screen" % screen + (" (question %d)" % index if index else "")
        return self.wait(mark, lambda l: l["screen"] == screen and
                         (index is None or l["index"] == index), timeout * REACT_SLOW, what)

    # -- actions

    def ready(self, wid=None, kind=None):
        """Wait out the kiosk's press rules before pressing control `wid` or
        a key of `kind`: the settle time after a screen change, and the
        repeat window of the same control and of the same key."""
        self.poll()
        due = max(self.screen_at + SETTLE_S,
                  self.fired.get(wid, -1e9) + REPEAT_S,
                  self.key_sent.get(kind, -1e9) + REPEAT_S)
        delay = due - time.monotonic()
        if delay > 0:
            time.sleep(delay)

    def _gap(self, wid):
        self.ready(wid=wid)

    def click(self, wid, expect=True, timeout=5, repeat=1, delay_ms=80, until=None, within=None, what=None):
        """Click (press + release) at the centre of widget `wid`; by default
        waits for the trace line the click should cause and returns it.
        With `until`, waits `within` seconds (as given) for the first trace
        line after the click that until() accepts (`what` names it) and
        returns that; with expect=False, returns None at once.

        The kiosk stamps a press when it reads it, which a busy kiosk (a
        sanitized build on a loaded machine) does late: once it has
        answered, the repeat window of `wid` counts from then, or the next
        press of the same control can land inside the window and be taken
        for a bounce (CI saw a Bigger press ignored so)."""
        line = self.reveal(wid)
        w = widget(line, wid)
        if not w or w["role"] != "button":
            raise Fail("%s: no button %r on %s" % (self.name, wid, summary(line)))
        self.ready(wid=wid)
        mark = len(self.lines)
        x, y = w["x"] + w["w"] // 2, w["y"] + w["h"] // 2
        args = ["mousemove", x, y, "click"]
        if repeat > 1:
            args += ["--repeat", repeat, "--delay", delay_ms]
        self.disp.xdotool(*(args + [1]))
        self.fired[wid] = self.input_at = time.monotonic()
        if until is None:
            if not expect:
                return None
            # the timeout screen's clock draws a trace line every second: a
            # tick can come between the click and what it does (CI saw one)
            leaving = line["screen"] == "timeout" and wid == "timeout.more"
            until = (lambda l: l["screen"] != "timeout") if leaving else (lambda l: True)
            within = timeout * REACT_SLOW
            what = "trace line after clicking %s on %s" % (wid, summary(line))
        got = self.wait(mark, until, within, what)
        self.fired[wid] = time.monotonic()
        return got

    def reveal(self, wid):
        """The current trace line, once control `wid` is on it: with large
        text on a small screen the question screen keeps Back, Skip and
        Does not apply (and the faces) behind "question.more", a page
        turn away."""
        line = self.last
        if widget(line, wid) or not widget(line, "question.more"):
            return line
        return self.click("question.more", until=lambda l: widget(l, wid) is not None, within=5,
                          what="%s after turning to the question's other page" % wid)

    def _key_target(self, line, kind):
        """The control a select key presses: the focused one.  With no focus
        shown yet a select key presses nothing (the first key of a session
        only shows focus, on the first control)."""
        if kind != "select":
            return None
        return focused(line)

    @staticmethod
    def _first_key(line, kind):
        """Is this the first key of a session, which only shows the focus
        ring (on the first control) and does not act?  Tab, arrows and
        Return/space are; digits and BackSpace act on the first press."""
        return focused(line) is None and kind in (None, "select") and bool(buttons(line))

    def key(self, name, until=None, what=None, timeout=5):
        """Press one key (xdotool key syntax) and wait for the trace line that
        should follow; returns it.  `until` is a test on a trace line (and
        `what` says what it waits for); by default, after the first key of a
        session (no focus ring yet; not a digit or BackSpace), the line that
        shows the focus ring on the first control, with nothing else changed
        (checked); after a key that acts, a line that shows something new (a
        screen, question or review page, not only a focus move); after a
        focus move, any new line.  until=False: do not wait (a key that
        should change nothing)."""
        before = self.last
        kind = KEY_KINDS.get(name)
        first = self._first_key(before, kind)
        target = self._key_target(before, kind)
        if kind:
            self.ready(target, kind)
        since = (time.monotonic() - self.screen_at) * 1000
        mark = len(self.lines)
        self.disp.xdotool("key", name)
        sent = self.input_at = time.monotonic()
        if kind:
            self.key_sent[kind] = sent  # the first key counts for the repeat window too
        if target:
            self.fired[target] = sent
        if until is False:
            return None
        check_first = first and until is None
        if until is None:
            if first:
                until = lambda l: focused(l) is not None
                what = what or "focus ring (the first key of a session only shows focus)"
            elif kind:
                v = view(before)
                until = lambda l: view(l) != v
                what = what or "new screen, question or page"
            else:
                until = lambda l: True
                what = what or "focus move"
        try:
            line = self.wait(mark, until, timeout * REACT_SLOW, what or "expected trace line")
        except Fail as e:
            raise Fail("%s [key %s on %s, pressed %.0f ms after that screen appeared]"
                       % (e, name, summary(before), since))
        # the kiosk stamps a key when it reads it, which a kiosk busy
        # speaking (synthesis runs in its loop) does late: count the repeat
        # window from when it answered (CI: a second Return 600 ms after a
        # first one read late was a repeat, and ignored)
        answered = time.monotonic()
        if kind:
            self.key_sent[kind] = answered
        if target:
            self.fired[target] = answered
        if check_first:
            first_id = buttons(before)[0]["id"]
            must(view(line) == view(before) and focused(line) == first_id,
                 "%s: the first key (%s) of a session on %s should only show focus on %s; "
                 "it showed %s" % (self.name, name, summary(before), first_id, summary(line)))
        return line

    def burst(self, names, delay_ms, quiet=0.7):
        """Press keys in one quick burst (`xdotool key --delay`), the first
        once the press rules allow; returns the trace lines that followed
        within `quiet` s after the burst (longer than the repeat window)."""
        before = self.last
        kinds = [KEY_KINDS.get(n) for n in names]
        target = self._key_target(before, kinds[0])
        self.ready(target, kinds[0])
        for kind in kinds[1:]:  # a later key the same as an earlier one is the point
            if kind and kind != kinds[0]:
                self.ready(None, kind)
        mark = len(self.lines)
        self.disp.xdotool("key", "--delay", delay_ms, *names)
        sent = self.input_at = time.monotonic()
        for kind in kinds:
            if kind:
                self.key_sent[kind] = sent
        if target:
            self.fired[target] = sent
        time.sleep(quiet)
        self.poll()
        return self.lines[mark:]

    def focus_to(self, wid):
        """Move keyboard focus to `wid` with Tab / Shift+Tab."""
        for _ in range(40):
            line = self.last
            ids = [w["id"] for w in buttons(line)]
            must(wid in ids, "%s: no button %r to focus on %s" % (self.name, wid, summary(line)))
            cur = focused(line)
            if cur == wid:
                return line
            if cur is None:
                self.key("Tab")  # first key: shows focus, does not move it (checked)
                continue
            fwd = (ids.index(wid) - ids.index(cur)) % len(ids)
            self.key("Tab" if fwd <= len(ids) - fwd else "shift+Tab")
        raise Fail("%s: could not move focus to %s (on %s)" % (self.name, wid, summary(self.last)))

    def answer(self, v):
        """Answer the current question by mouse: 1..5, 0 Skip, -1 Does not apply."""
        return self.click({0: "skip", -1: "not_apply"}.get(v, "answer.%d" % v))

    def home(self):
        """Back to Welcome, in the home language, from wherever the kiosk is
        (a Welcome in another language: Start, then Start again)."""
        for _ in range(8):
            line = self.last
            if line["screen"] == "welcome" and line["lang"] == HOME_LANG:
                return line
            if line["screen"] == "welcome":
                self.click("start")
            if line["screen"] == "timeout":
                self.click("timeout.restart")
            elif widget(line, "again.yes"):
                self.click("again.yes")
            elif widget(line, "start_again"):
                self.click("start_again")
            else:
                time.sleep(0.3)
        raise Fail("%s: cannot get back to welcome (on %s)" % (self.name, summary(self.last)))


@contextlib.contextmanager
def kiosk_on_display(tmp, size, tag, config=None):
    """A new Xvfb of `size` (w, h) and a kiosk on it, with the database,
    trace and log tmp/tag.*; both are ended on the way out."""
    disp = k = None
    try:
        disp = Display(size[0], size[1], tmp)
        if config is None and screen_config(size):  # the panel's millimetres
            config = os.path.join(tmp, tag + "-screen.ini")
            with open(config, "w") as f:
                f.write(screen_config(size))
        k = Kiosk(disp, tmp, tag, os.path.join(tmp, tag + ".db"), config)
        yield disp, k
    finally:
        if k:
            k.stop()
        if disp:
            disp.close()


def screen_config(size):
    """The [screen] section for a window of `size`: its panel's millimetres
    (PANEL_MM), or "" (the embedded default) for another size."""
    mm = PANEL_MM.get(tuple(size))
    return "[screen]\nwidth_mm = %g\nheight_mm = %g\n" % mm if mm else ""


def paged_problems(line):
    """A question shown with its Back, Skip (and Does not apply) behind
    "Skip, Back and more" (the Q_PAGED layout), or without Skip (Next, once
    answered; or without Back after the first question): a problem at text
    sizes 1 and 2."""
    if line["screen"] != "question":
        return []
    ids = {w["id"] for w in line["widgets"] if w["role"] == "button"}
    if "again.no" in ids:  # the Start again dialog, shown instead of the question
        return []
    out = []
    if "question.more" in ids:
        out.append("question %s: Back and Skip are behind Skip, Back and more" % line["question"])
    missing = [w for w in ["answer.%d" % v for v in range(1, 6)] if w not in ids]
    if not ids & {"skip", "next"}:  # an answered question's Skip reads Next
        missing.append("skip")
    if line.get("index") and line["index"] > 1 and "back" not in ids:
        missing.append("back")
    if line["question"] == "control.no" and "not_apply" not in ids:
        missing.append("not_apply")
    if missing:
        out.append("question %s: %s not shown" % (line["question"], ", ".join(missing)))
    return out


# ---- the database (through the sqlite3 CLI only) ----------------------------

def sql(db, query):
    p = run(["sqlite3", "-bail", "-json", "-cmd", ".timeout 3000", db, query], timeout=20)
    return json.loads(p.stdout) if p.stdout.strip() else []


def sql_value(db, query):
    p = run(["sqlite3", "-bail", "-cmd", ".timeout 3000", db, query], timeout=20)
    return p.stdout.strip()


class Counts:
    """What a schema v3 database holds: counts, never per-response rows.
    responses: {(period, service): n} (count_response); answers:
    {(period, service, question, value): n} (count_answer).  Rows whose n
    is 0 are left out, so "nothing stored" reads as an empty Counts (false)."""

    def __init__(self, responses=None, answers=None):
        self.responses = dict(responses or {})
        self.answers = dict(answers or {})

    def __eq__(self, other):
        return (isinstance(other, Counts) and self.responses == other.responses
                and self.answers == other.answers)

    def __ne__(self, other):
        return not self == other

    def __bool__(self):
        return bool(self.responses or self.answers)

    def __len__(self):
        return self.total

    def __repr__(self):
        return "Counts(responses=%r, answers=%r)" % (dict(sorted(self.responses.items())),
                                                     dict(sorted(self.answers.items())))

    @property
    def total(self):
        """The number of responses counted (sum of count_response n)."""
        return sum(self.responses.values())

    def add(self, period, service, answers, n=1):
        """Count one more session: answers {question: value}."""
        k = (period, service)
        self.responses[k] = self.responses.get(k, 0) + n
        for q, v in answers.items():
            k = (period, service, q, v)
            self.answers[k] = self.answers.get(k, 0) + n
        self._prune()
        return self

    def minus(self, other):
        """self - other, cell by cell (only the cells that differ)."""
        d = Counts(self.responses, self.answers)
        for k, n in other.responses.items():
            d.responses[k] = d.responses.get(k, 0) - n
        for k, n in other.answers.items():
            d.answers[k] = d.answers.get(k, 0) - n
        d._prune()
        return d

    def _prune(self):
        self.responses = {k: n for k, n in self.responses.items() if n}
        self.answers = {k: n for k, n in self.answers.items() if n}


def stored_counts(db):
    """The counts in db (a Counts), read in one statement (one snapshot)
    with the sqlite3 CLI.  A missing file holds nothing."""
    c = Counts()
    if not os.path.exists(db):
        return c
    rows = sql(db, "SELECT 'r' AS t, period, service, NULL AS question, NULL AS value, n "
                   "FROM count_response UNION ALL "
                   "SELECT 'a', period, service, question, value, n FROM count_answer")
    for r in rows:
        if r["t"] == "r":
            c.responses[(r["period"], r["service"])] = r["n"]
        else:
            c.answers[(r["period"], r["service"], r["question"], r["value"])] = r["n"]
    c._prune()
    return c


def counts_of(sessions, period=None):
    """The Counts that sessions (expected_row() dicts) add in `period`
    (default: this month, the kiosk's default period)."""
    period = period or time.strftime("%Y-%m")
    c = Counts()
    for s in sessions:
        c.add(period, s["service"], s["answers"])
    return c


def count_problems(c, services=None):
    """What makes counts impossible for whole sessions of this question
    set: a question whose values do not add up to its (period, service)'s
    responses (a response stored without all its answers, or an answer
    without its response), an unknown question or service, a value out of
    range, a period that is not this month."""
    out = []
    services = DEFAULT_SERVICES + [""] if services is None else services
    month = time.strftime("%Y-%m")
    per = {}
    for (p, s, q, v), n in c.answers.items():
        if q not in QIDS:
            out.append("count_answer for unknown question %r" % q)
        elif not (v in (0, 1, 2, 3, 4, 5) or (v == -1 and C["has_na"][q])):
            out.append("count_answer %s = %r (n %d): not a value of that question" % (q, v, n))
        if n < 0:
            out.append("count_answer %r has n %d" % ((p, s, q, v), n))
        per[(p, s, q)] = per.get((p, s, q), 0) + n
    for (p, s), n in c.responses.items():
        if p != month:
            out.append("count_response period %r, expected this month %r" % (p, month))
        if s not in services:
            out.append("count_response service %r, expected one of %s" % (s, services))
        for q in QIDS:
            if per.get((p, s, q), 0) != n:
                out.append("(%s, %r): %d responses but %s has %d answers"
                           % (p, s, n, q, per.get((p, s, q), 0)))
    for (p, s, q) in per:
        if (p, s) not in c.responses and per[(p, s, q)]:
            out.append("(%s, %r): answers to %s but no response counted" % (p, s, q))
    return out


def stored_kiosk(db):
    """The kiosk name the database holds (meta 'kiosk')."""
    return sql_value(db, "SELECT value FROM meta WHERE key = 'kiosk'")


def expected_row(service, answers):
    return {"service": service, "answers": dict(zip(QIDS, answers))}


def check_row(got, want, what):
    """got: what new_response() read off the counts."""
    must(got["service"] == want["service"],
         "%s: stored service %r, expected %r" % (what, got["service"], want["service"]))
    must(got["answers"] == want["answers"],
         "%s: stored answers %s, expected %s" % (what, got["answers"], want["answers"]))
    must(got["kiosk"] == DEFAULT_KIOSK_NAME, "%s: kiosk %r" % (what, got["kiosk"]))
    period = time.strftime("%Y-%m")
    must(got["period"] == period, "%s: period %r, expected %r" % (what, got["period"], period))


def new_response(db, before, what):
    """The one session counted since `before` (a stored_counts() result):
    count_response went up by 1 for one (period, service) and nothing else,
    and count_answer went up by 1 for exactly one value of each question of
    that (period, service) and nothing else.  Returns {period, service,
    answers {question: value}, kiosk} for check_row()."""
    now = stored_counts(db)
    d = now.minus(before)
    must(len(d.responses) == 1 and list(d.responses.values()) == [1],
         "%s: count_response changed by %s, expected +1 in one (period, service) (total %d -> %d)"
         % (what, d.responses, before.total, now.total))
    (period, service), = d.responses
    odd = {k: n for k, n in d.answers.items() if n != 1 or k[:2] != (period, service)}
    must(not odd, "%s: count_answer changed by %s, expected only +1s in (%s, %r)"
         % (what, odd, period, service))
    qs = sorted(k[2] for k in d.answers)
    must(qs == sorted(set(qs)) and set(qs) == set(QIDS),
         "%s: count_answer went up for questions %s, expected each of %s once" % (what, qs, QIDS))
    return {"period": period, "service": service, "kiosk": stored_kiosk(db),
            "answers": {k[2]: k[3] for k in d.answers}}


def no_journal_files(db, what, wait_s=2.0):
    """After a thanked session the kiosk has closed its connection: no
    -wal and no -shm beside the database (their pages would tell the last
    save).  Waits up to wait_s for the kiosk to finish closing."""
    end = time.monotonic() + wait_s
    while True:
        left = [os.path.basename(db) + s for s in ("-wal", "-shm") if os.path.exists(db + s)]
        if not left or time.monotonic() > end:
            break
        time.sleep(0.05)
    must(not left, "%s: %s still beside the database %.1f s after the thank-you screen"
         % (what, " and ".join(left), wait_s))


# ---- shared session steps --------------------------------------------------

def expect_question(line, index):
    """Question `index` is shown, with its text, progress line and answer
    words in the language the trace line says is shown."""
    must(line["screen"] == "question" and line["index"] == index and
         line["question"] == QIDS[index - 1] and line["of"] == len(QIDS),
         "expected question %d/%d (%s), got %s" % (index, len(QIDS), QIDS[index - 1], summary(line)))
    q, L = QIDS[index - 1], lang_of(line)
    ui, where = L["ui"], "%s [%s]" % (QIDS[index - 1], L["code"])
    more = widget(line, "question.more")  # large text: Skip, Back, Does not apply a page away
    if more:
        must(more["label"] == ui["question.more"], "%s: question.more reads %r, expected %r"
             % (where, more["label"], ui["question.more"]))
    must(more or bool(widget(line, "not_apply")) == C["has_na"][q],
         "%s: Does not apply is %s" % (where, "missing" if C["has_na"][q] else "offered"))
    if C["has_na"][q] and not more:
        must(widget(line, "not_apply")["label"] == ui["question.not_apply"],
             "%s: Does not apply reads %r" % (where, widget(line, "not_apply")["label"]))
    text, prog = widget(line, "question"), widget(line, "progress")
    must(text and text["label"] == L["q"][q], "%s: question text %r, expected %r"
         % (where, text and text["label"], L["q"][q]))
    want = ui["question.progress"].replace("{n}", str(index)).replace("{of}", str(len(QIDS)))
    must(prog and prog["label"] == want, "%s: progress reads %r, expected %r"
         % (where, prog and prog["label"], want))
    faces = [widget(line, "answer.%d" % v) for v in range(1, 6)]
    must(all(faces) and [f["label"] for f in faces] == [ui["answer.%d" % v] for v in range(1, 6)],
         "%s: the five answers are not all there with their words: %s"
         % (where, [f and f["label"] for f in faces]))
    # an answered question (a face or Does not apply chosen) reads Next, not Skip
    chosen = [w for w in line["widgets"] if w["state"] == "selected" and
              (w["id"].startswith("answer.") or w["id"] == "not_apply")]
    must(not (widget(line, "skip") and widget(line, "next")), "%s: both Skip and Next" % where)
    skip = ("next", "question.next") if chosen or widget(line, "next") else ("skip", "question.skip")
    for wid, key in (skip, ("back", "question.back"), ("start_again", "start_again")):
        w = widget(line, wid)
        must(wid == "back" or w or (more and wid != "start_again"), "%s: no %s button" % (where, wid))
        must(not w or w["label"] == ui[key], "%s: %s reads %r, expected %r"
             % (where, wid, w and w["label"], ui[key]))


def expect_screen(line, screen):
    must(line["screen"] == screen, "expected the %s screen, got %s" % (screen, summary(line)))


def press(k, wid, keys):
    """Activate a control by mouse, or by keys only (focus + Return)."""
    if keys:
        k.focus_to(wid)
        return k.key("Return")
    return k.click(wid)


def start_again(k, keys=False):
    """Start again, then "Yes, delete" when it asks "Delete your answers
    and start again?" (not on Thanks, nor the settings opened from
    Welcome); returns the trace line after."""
    line = press(k, "start_again", keys)
    if widget(line, "again.yes"):
        line = press(k, "again.yes", keys)
    return line


def discard(k, keys=False):
    """Don't send, delete my answers, then "Yes, delete" when it asks
    "Delete your answers? Nothing will be sent."; returns the trace line
    after (Thanks)."""
    line = press(k, "discard", keys)
    must(widget(line, "again.yes"), "Don't send did not ask first: %s" % summary(line))
    return press(k, "again.yes", keys)


def paging_label(page, pages, lang=HOME_LANG):
    """The review's paging button on page `page` of `pages`: "Next page
    (1 of 2)" on a page that is not the last, "First page (2 of 2)" on
    the last (it goes back to the first page)."""
    key = "review.more" if page < pages else "review.first"
    ui = STR[lang]["ui"]
    must(key in ui, "assets/strings/%s.ini has no %s" % (lang, key))
    return ui[key].replace("{page}", str(page)).replace("{pages}", str(pages))


def review_pages(k, keys=False, on_page=None):
    """Read the review's rows on every page: returns ({row id: label} in
    order, number of pages), back on the first page.  Turns the pages with
    the paging button (mouse, or focus + Return) and checks its label on each
    page, that the last page's button goes back to the first, and that the
    pages are balanced: all but the last equally full, the last at least
    half full (9 rows: 6 + 3, never 4 + 4 + 1).  on_page(n) is called on
    each page n (1, 2, ...) as it is shown."""
    line = k.last
    expect_screen(line, "review")
    lang = lang_of(line)["code"]
    # an answer changed from a later page comes back on that page: to the
    # first page first (the paging button's label names the page shown)
    for _ in range(SURVEY_MAX_PAGES):
        more = widget(line, "review.more")
        m = re.search(r"\((\d+)\D+\d+\)$", more["label"] if more else "")
        if not m or m.group(1) == "1":
            break
        line = press(k, "review.more", keys)
        expect_screen(line, "review")
    pages = []  # [(row ids, paging button label or None)]
    rows = {}
    while True:
        page = [w for w in line["widgets"] if w["id"].startswith("change.")]
        ids = [w["id"] for w in page]
        more = widget(line, "review.more")
        label = more["label"] if more else None
        must(page, "review page %d has no rows: %s" % (len(pages) + 1, summary(line)))
        if pages and ids == pages[0][0]:
            must(label == pages[0][1], "back on review page 1 the paging button reads %r, "
                 "before it read %r" % (label, pages[0][1]))
            break
        if pages:
            must(not set(ids) & set(rows), "pressing the paging button on review page %d of "
                 "%d showed rows already seen %s, expected the first page %s"
                 % (len(pages), len(pages), ids, pages[0][0]))
        pages.append((ids, label))
        if on_page:
            on_page(len(pages))
        for w in page:
            rows[w["id"]] = w["label"]
        if not more:
            must(len(pages) == 1, "review page %d has no paging button" % len(pages))
            return rows, 1
        must(len(pages) < SURVEY_MAX_PAGES, "review has more than %d pages" % SURVEY_MAX_PAGES)
        line = press(k, "review.more", keys)
        expect_screen(line, "review")
        must(line["lang"] == lang, "turning a review page changed the language from %s to %s"
             % (lang, line["lang"]))
    n = len(pages)
    for i, (ids, label) in enumerate(pages, start=1):
        must(label == paging_label(i, n, lang), "on review page %d of %d the paging button "
             "reads %r, expected %r" % (i, n, label, paging_label(i, n, lang)))
    sizes = [len(ids) for ids, _ in pages]
    must(all(x == sizes[0] for x in sizes[:-1]) and sizes[-1] <= sizes[0]
         and 2 * sizes[-1] >= sizes[0],
         "review pages hold %s rows: not balanced (all but the last page equally "
         "full, the last at least half full)" % " + ".join(map(str, sizes)))
    return rows, n


def check_review(k, service, answers, show_service=True, keys=False, on_page=None):
    """Every review row's label reads '<question> <answer word>', in the
    language shown; `service` is the service as stored ("" = I'd rather
    not say)."""
    line = k.last
    expect_screen(line, "review")
    L = lang_of(line)
    ui = L["ui"]
    for wid, key in (("send", "review.send"), ("discard", "review.discard"),
                     ("start_again", "start_again")):
        w = widget(line, wid)
        must(w and w["label"] == ui[key], "review [%s]: %s reads %r, expected %r"
             % (L["code"], wid, w and w["label"], ui[key]))
    got, npages = review_pages(k, keys, on_page)
    want = (["change.service"] if show_service else []) + ["change." + q for q in QIDS]
    must(list(got) == want, "review rows %s, expected %s" % (list(got), want))
    if show_service:
        exp = "%s %s" % (ui["review.service"], service or ui["service.not_said"])
        must(got["change.service"] == exp, "review [%s] service row reads %r, expected %r"
             % (L["code"], got["change.service"], exp))
    for q, v in zip(QIDS, answers):  # skipped and "Does not apply" after a dash
        exp = "%s %s%s" % (L["q"][q], "\u2013 " if v in (0, -1) else "", answer_word(v, L["code"]))
        must(got["change." + q] == exp, "review [%s] row %s reads %r, expected %r"
             % (L["code"], q, got["change." + q], exp))
    return npages


def expect_welcome(line, lang=HOME_LANG):
    """A Welcome in `lang`: its strings, every language button named in
    itself, the current one (only) selected."""
    expect_screen(line, "welcome")
    must(line["lang"] == lang, "Welcome in %r, expected %r: %s" % (line["lang"], lang, summary(line)))
    ui = STR[lang]["ui"]
    for wid, key in (("welcome.title", "welcome.title"), ("welcome.promise", "welcome.promise"),
                     ("start", "welcome.start")):
        w = widget(line, wid)
        must(w and w["label"] == ui[key], "Welcome [%s]: %s reads %r, expected %r (%s.ini [ui] %s)"
             % (lang, wid, w and w["label"], ui[key], lang, key))
    ids = [w["id"] for w in buttons(line) if w["id"].startswith("lang.")]
    must(ids == ["lang." + c for c in LANGS],
         "Welcome [%s]: language buttons %s, expected %s" % (lang, ids, ["lang." + c for c in LANGS]))
    for c in LANGS:
        w = widget(line, "lang." + c)
        must(w["label"] == STR[c]["name"], "Welcome [%s]: lang.%s reads %r, expected %r "
             "(named in itself)" % (lang, c, w["label"], STR[c]["name"]))
    sel = selected(line)
    want = [] if focused(line) == "lang." + lang else ["lang." + lang]  # focus shows over it
    must(sel == want, "Welcome [%s]: selected %s, expected only lang.%s" % (lang, sel, lang))


CHOSEN_LINE_S = 0.8  # a trace line follows an input within a few ms; allow plenty


def press_start(k):
    """Start on Welcome, as a client goes on: where Welcome has two views
    (large text on a small screen), Start on the first shows the promise
    with a Start of its own, pressed too.  Returns the next screen's line."""
    line = k.click("start")
    if line["screen"] == "welcome" and widget(line, "start"):
        line = k.click("start")
    return line


def choose_language(k, code, fallback="tab"):
    """Tap lang.<code> on Welcome.  The kiosk switches every string at once,
    so it should write a trace line in the new language (the screen's
    content changed).  Returns that line, checked with expect_welcome.
    When no such line comes: fallback="fail" fails (the languages check),
    "tab" presses Tab so the kiosk writes its state (focus shows or moves)
    and goes on with that line, None goes on without a line (screenshots:
    the next screen's line is checked instead)."""
    line = k.last
    expect_screen(line, "welcome")
    if line["lang"] == code:  # already shown
        expect_welcome(line, code)
        return line
    must(widget(line, "lang." + code), "Welcome has no lang.%s button: %s" % (code, summary(line)))
    mark = len(k.lines)
    try:
        line = k.click("lang." + code, until=lambda l: l["lang"] == code,
                       within=2 if fallback == "fail" else CHOSEN_LINE_S, what="trace line in %s" % code)
    except Fail:
        if fallback == "fail":
            raise Fail("tapped lang.%s on Welcome: no trace line in %r followed within 2 s "
                       "(%s; now %s, lang %r) - the strings change but the trace does not say so"
                       % (code, code, history(k.lines[mark:]), summary(k.last), k.last["lang"]))
        if fallback is None:
            time.sleep(0.2)  # let the frame in the new language be presented
            return None
        line = tab_to_see(k, code)
    expect_welcome(line, code)
    return line


def tab_to_see(k, code):
    """Press Tab so the kiosk writes a trace line (the focus ring shows or
    moves); for when the language changed without one.  The line before is
    stale (its strings are the old language's), so key()'s first-key check
    is done here, on the focus alone."""
    before = k.last
    line = k.key("Tab", until=lambda l: l["lang"] == code,
                 what="trace line in %s after Tab (to see Welcome in %s)" % (code, code))
    if not focused(before):
        must(focused(line) == buttons(before)[0]["id"], "the first key (Tab) on Welcome showed "
             "focus on %s, expected %s" % (focused(line), buttons(before)[0]["id"]))
    return line


def show_row(k, wid, keys=False):
    """Turn review pages until row `wid` is on screen."""
    for _ in range(SURVEY_MAX_PAGES):
        if widget(k.last, wid):
            return k.last
        must(widget(k.last, "review.more"), "review row %s is on no page" % wid)
        press(k, "review.more", keys)
    raise Fail("review row %s is on no page" % wid)


def answer_all_mouse(k, answers, first=1):
    """Answer questions first..N by mouse; returns the trace line after the last."""
    line = None
    for i, v in enumerate(answers[first - 1:], start=first):
        expect_question(k.last, i)
        line = k.answer(v)
        if i < len(QIDS):
            expect_question(line, i + 1)
    return line


def answer_all_keys(k, answers, first=1):
    """Answer with digit keys (Skip / Does not apply through focus + Return)."""
    line = None
    for i, v in enumerate(answers[first - 1:], start=first):
        expect_question(k.last, i)
        if v >= 1:
            line = k.key(str(v))
        else:
            k.focus_to("skip" if v == 0 else "not_apply")
            line = k.key("Return")
        if i < len(QIDS):
            expect_question(line, i + 1)
    return line


# ---- checks: main group ----------------------------------------------------

def cpu_ticks(pid):
    with open("/proc/%d/stat" % pid) as f:
        rest = f.read().rsplit(")", 1)[1].split()
    return int(rest[11]) + int(rest[12])  # utime + stime


def idle_cpu(k, seconds=3.0, limit=2):
    time.sleep(0.7)  # let the last frame finish
    a = cpu_ticks(k.proc.pid)
    time.sleep(seconds)
    b = cpu_ticks(k.proc.pid)
    must(b - a <= limit, "used %d clock ticks (%d Hz) in %.0f s idle on %s; allowed %d"
         % (b - a, os.sysconf("SC_CLK_TCK"), seconds, summary(k.last), limit))


def check_idle_welcome(k, ctx):
    expect_screen(k.home(), "welcome")
    idle_cpu(k)


def check_idle_question(k, ctx):
    """The question screen has a deadline (inactivity): waiting must still sleep."""
    k.home()
    k.click("start")
    expect_question(k.click("service.0"), 1)
    idle_cpu(k)
    k.home()


def check_mouse_session(k, ctx):
    before = stored_counts(ctx.db)
    k.home()
    expect_screen(k.click("start"), "service")
    line = k.click("service.1")
    expect_question(line, 1)
    must(widget(line, "back"), "Q1 has no Back though there are two services")
    must(not widget(line, "not_apply"), "Q1 (%s) offers Does not apply" % QIDS[0])
    ans = [4, 0, 3, 5, 2]
    for i, v in enumerate(ans, start=1):
        expect_question(k.answer(v), i + 1)
    # Back once, see the earlier answer, change it.
    line = k.click("back")
    expect_question(line, 5)
    must(state(line, "answer.2") == "selected",
         "after Back, Q5's earlier answer is not shown selected: %s" % summary(line))
    expect_question(k.answer(1), 6)
    ans[4] = 1
    expect_question(k.answer(4), 7)
    ans.append(4)
    line = k.last
    must(line["question"] == "control.no" and widget(line, "not_apply"),
         "control.no has no Does not apply: %s" % summary(line))
    expect_question(k.answer(-1), 8)
    line = k.answer(5)
    ans += [-1, 5]
    service = DEFAULT_SERVICES[1]
    expect_screen(line, "review")
    check_review(k, service, ans)
    # Change one answer from the review screen.
    q = "respect.respect"
    show_row(k, "change." + q)
    line = k.click("change." + q)
    expect_question(line, QIDS.index(q) + 1)
    must(state(line, "answer.%d" % ans[QIDS.index(q)]) == "selected",
         "changing %s: its answer is not shown selected: %s" % (q, summary(line)))
    line = k.answer(3)
    ans[QIDS.index(q)] = 3
    expect_screen(line, "review")
    check_review(k, service, ans)
    line = k.click("send")
    expect_screen(line, "thanks")
    msg, hl = widget(line, "thanks.message"), widget(line, "thanks.help")
    must(msg and msg["label"] == UI["thanks.sent"], "thanks message %r" % (msg and msg["label"]))
    must(hl and hl["label"] == help_text(), "help line %r, expected %r" % (hl and hl["label"], help_text()))
    got = new_response(ctx.db, before, "mouse session")
    want = expected_row(service, ans)
    check_row(got, want, "mouse session")
    ctx.sent.append(want)
    expect_screen(k.click("done"), "welcome")


def check_keyboard_session(k, ctx):
    before = stored_counts(ctx.db)
    expect_welcome(k.home())
    line = k.key("Return")  # the first key only shows focus, on Start (checked in key())
    must(line["screen"] == "welcome" and focused(line) == "start",
         "the first Return on Welcome: %s, expected focus on start" % summary(line))
    line = k.key("Return")  # out of the repeat window of the first: presses Start
    expect_screen(line, "service")
    must(focused(line) == "service.0", "keyboard focus on the service screen is on %s, "
         "expected the first service (Start again comes last): %s"
         % (focused(line), summary(line)))
    k.focus_to("service.not_said")
    expect_question(k.key("Return"), 1)
    ans = [2, 3, 0, 5]
    for i, v in enumerate(ans, start=1):
        expect_question(k.last, i)
        if v:
            line = k.key(str(v))
        else:
            k.focus_to("skip")
            line = k.key("Return")
        expect_question(line, i + 1)
    line = k.key("BackSpace")
    expect_question(line, 4)
    must(widget(line, "answer.5")["state"] in ("selected", "focused"),
         "after Backspace Q4 does not show its answer: %s" % summary(line))
    expect_question(k.key("4"), 5)
    ans[3] = 4
    rest = [1, 5, -1, 3]
    line = answer_all_keys(k, ans + rest, 5)
    ans += rest
    expect_screen(line, "review")
    check_review(k, "", ans, keys=True)
    line = k.focus_to("send")
    line = k.key("shift+Tab")
    must(focused(line) != "send", "Shift+Tab did not move focus off send")
    k.focus_to("send")
    line = k.key("Return")
    expect_screen(line, "thanks")
    must(widget(line, "thanks.message")["label"] == UI["thanks.sent"], "thanks message wrong")
    got = new_response(ctx.db, before, "keyboard session")
    want = expected_row("", ans)
    check_row(got, want, "keyboard session")
    ctx.sent.append(want)
    k.focus_to("done")
    expect_screen(k.key("Return"), "welcome")


def tab_round(k, where):
    """Tab from the focused control once round the screen: every button
    gets focus once, in turn, the ring always shown, and focus comes back
    to where it started (never trapped); Shift+Tab goes back one."""
    line = k.last
    if focused(line) is None:
        line = k.key("Tab")  # the first key only shows focus
    ids = [b["id"] for b in buttons(line)]
    seen = [focused(line)]
    must(seen[0], "%s: no control shows focus after a key: %s" % (where, summary(line)))
    for _ in ids:
        prev, line = line, k.key("Tab")
        must(view(line) == view(prev) and focused(line),
             "%s: after Tab %s (before it %s)" % (where, summary(line), summary(prev)))
        seen.append(focused(line))
    must(seen[-1] == seen[0] and sorted(seen[:-1]) == sorted(ids),
         "%s: Tab went %s; expected each of %s once and then back to %s"
         % (where, seen, ids, seen[0]))
    line = k.key("shift+Tab")
    must(focused(line) == seen[-2], "%s: Shift+Tab from %s went to %s, expected %s"
         % (where, seen[0], focused(line), seen[-2]))
    return line


def check_focus_round(k, ctx):
    """Keys alone: on Welcome, the service screen, a question, question 7
    (Does not apply), the settings opened mid-session and the review, Tab
    visits every control and comes round again."""
    expect_welcome(k.home())
    tab_round(k, "welcome")
    expect_screen(press(k, "start", keys=True), "service")
    tab_round(k, "service")
    expect_question(press(k, "service.0", keys=True), 1)
    tab_round(k, "question 1")
    for i in range(1, 7):  # never the same digit twice running (the repeat window)
        expect_question(k.key(str(1 + i % 5)), i + 1)
    tab_round(k, "question 7")
    expect_screen(press(k, "bar.access", keys=True), "access")
    tab_round(k, "settings")
    expect_question(press(k, "access.done", keys=True), 7)
    expect_question(k.key("2"), 8)
    expect_screen(k.key("4"), "review")
    tab_round(k, "review")
    expect_screen(start_again(k, keys=True), "welcome")


def check_no_journal_after_save(k, ctx):
    """A thanked session, by mouse: by the time the thank-you screen is up
    the kiosk has committed and closed its connection, so the database's
    folder holds no -wal and no -shm (checked before anything here opens
    the database); the session is counted once; still none on Welcome."""
    before = stored_counts(ctx.db)
    k.home()
    expect_screen(k.click("start"), "service")
    expect_question(k.click("service.0"), 1)
    ans = [2, 4, 1, 0, 5, 3, -1, 2]
    expect_screen(answer_all_mouse(k, ans), "review")
    line = k.click("send")
    expect_screen(line, "thanks")
    no_journal_files(ctx.db, "after Send")
    got = new_response(ctx.db, before, "session before the journal check")
    want = expected_row(DEFAULT_SERVICES[0], ans)
    check_row(got, want, "session before the journal check")
    ctx.sent.append(want)
    expect_screen(k.click("done"), "welcome")
    no_journal_files(ctx.db, "back on Welcome after a thanked session")


def check_dont_send(k, ctx):
    before = stored_counts(ctx.db)
    k.home()
    k.click("start")
    expect_question(k.click("service.0"), 1)
    ans = [1, 2, 3, 4, 5, 1, 2, 3]
    expect_screen(answer_all_mouse(k, ans), "review")
    check_review(k, DEFAULT_SERVICES[0], ans)
    line = discard(k)
    expect_screen(line, "thanks")
    msg = widget(line, "thanks.message")
    must(msg and msg["label"] == UI["thanks.deleted"],
         "after Don't send the message reads %r, expected %r" % (msg and msg["label"], UI["thanks.deleted"]))
    must(stored_counts(ctx.db) == before, "Don't send changed the database")
    expect_screen(k.click("done"), "welcome")
    must(stored_counts(ctx.db) == before, "Don't send changed the database")


def check_start_again(k, ctx):
    before = stored_counts(ctx.db)
    k.home()
    k.click("start")
    expect_question(k.click("service.0"), 1)
    expect_question(k.answer(2), 2)
    expect_question(k.answer(3), 3)
    line = k.click("start_again")  # it asks first; Yes deletes
    expect_screen(line, "question")
    must(widget(line, "again.yes") and not widget(line, "answer.1"),
         "Start again on question 3 did not ask first: %s" % summary(line))
    line = k.click("again.yes")
    expect_screen(line, "welcome")
    must(stored_counts(ctx.db) == before, "Start again changed the database")
    # The next person sees nothing of it.
    line = k.click("start")
    expect_screen(line, "service")
    sel = [w["id"] for w in line["widgets"] if w["state"] != "normal"]
    must(not sel, "after Start again the service screen shows %s" % sel)
    line = k.click("service.1")
    expect_question(line, 1)
    sel = [w["id"] for w in line["widgets"] if w["state"] != "normal"]
    must(not sel, "after Start again Q1 shows %s" % sel)
    expect_screen(start_again(k), "welcome")
    must(stored_counts(ctx.db) == before, "Start again changed the database")


def questions_seen(lines):
    return [l["index"] for l in lines if l["screen"] == "question"]


def check_double_click(k, ctx):
    """A double click, or a fast double key press, counts once."""
    before = stored_counts(ctx.db)
    k.home()
    k.click("start")
    expect_question(k.click("service.0"), 1)
    mark = len(k.lines)
    k.click("answer.5", repeat=2, delay_ms=80)
    time.sleep(1.0)
    k.poll()
    idx = questions_seen(k.lines[mark:])
    must(idx and idx[-1] == 2 and max(idx) == 2,
         "a double click on answer.5 went to question(s) %s, expected only 2" % idx)
    # The same digit twice, 80 ms apart: the second is in the settle time of
    # the new question and a repeat of the same key; Q2 is answered once.
    lines = k.burst(["4", "4"], 80)
    must(questions_seen(lines) == [3] and k.last["screen"] == "question",
         "digit 4 twice 80 ms apart on Q2 went to question(s) %s, expected only 3 (%s)"
         % (questions_seen(lines), history(lines)))
    must(not selected(k.last), "the second 4 answered Q3: %s" % summary(k.last))
    # 350 ms apart: past the settle time, but the same key within 500 ms.
    lines = k.burst(["3", "3"], 350)
    must(questions_seen(lines) == [4],
         "digit 3 twice 350 ms apart on Q3 went to question(s) %s, expected only 4 (%s)"
         % (questions_seen(lines), history(lines)))
    must(not selected(k.last), "the second 3 answered Q4: %s" % summary(k.last))
    # Two different digits 350 ms apart both count: the rule is per key.
    lines = k.burst(["2", "1"], 350)
    must(questions_seen(lines) == [5, 6],
         "digits 2 then 1, 350 ms apart, on Q4 went to question(s) %s, expected 5 then 6 (%s)"
         % (questions_seen(lines), history(lines)))
    ans = [5, 4, 3, 2, 1, 5, 4, 3]
    expect_screen(answer_all_keys(k, ans, 6), "review")
    check_review(k, DEFAULT_SERVICES[0], ans, keys=True)
    mark = len(k.lines)
    k.click("send", repeat=2, delay_ms=80)
    time.sleep(1.0)
    k.poll()
    screens = [l["screen"] for l in k.lines[mark:]]
    must(screens and screens[0] == "thanks" and "welcome" not in screens,
         "after a double click on send the screens were %s" % screens)
    got = new_response(ctx.db, before, "double click on send")
    want = expected_row(DEFAULT_SERVICES[0], ans)
    check_row(got, want, "double click on send")
    ctx.sent.append(want)
    expect_screen(k.click("done"), "welcome")


def check_double_return_welcome(k, ctx):
    """`xdotool key --delay 80 Return Return` on a fresh Welcome: the first
    Return of a session only shows focus (on Start); the second is the same
    key within 500 ms of it, so it is ignored: still Welcome, focus on Start.
    Return, 700 ms, Return: the second is out of the repeat window and
    presses Start: the Service screen, nothing chosen there."""
    before = stored_counts(ctx.db)
    line = k.home()
    must(not focused(line), "a fresh Welcome shows focus: %s" % summary(line))
    lines = k.burst(["Return", "Return"], 80)
    must(lines, "Return Return on welcome changed nothing (still on %s)" % summary(k.last))
    must(len(lines) == 1 and lines[0]["screen"] == "welcome" and focused(lines[0]) == "start",
         "Return Return 80 ms apart on a fresh Welcome: %s; expected one line, Welcome with "
         "focus on start" % history(lines, 6))
    must(view(lines[0]) == view(line), "Return Return on Welcome changed more than the focus: %s"
         % summary(lines[0]))
    # Back to a fresh Welcome (a session that ends forgets the keyboard).
    expect_screen(k.click("start"), "service")
    line = start_again(k)
    expect_screen(line, "welcome")
    must(not focused(line), "after Start again focus still shows on Welcome: %s" % summary(line))
    lines = k.burst(["Return", "Return"], 700)
    must([(l["screen"], focused(l)) for l in lines] == [("welcome", "start"), ("service", "service.0")],
         "Return, 700 ms, Return on a fresh Welcome: %s; expected Welcome with focus on "
         "start, then the service screen with focus on service.0" % history(lines, 6))
    must(not selected(lines[-1]), "Return, 700 ms, Return on welcome chose %s on the service "
         "screen" % selected(lines[-1]))
    expect_screen(start_again(k), "welcome")
    must(stored_counts(ctx.db) == before, "Return Return on welcome changed the database")


def check_drag_off(k, ctx):
    """A control fires only when the press began in it and the release is in it."""
    k.home()
    w = widget(k.last, "start")
    inside = (w["x"] + w["w"] // 2, w["y"] + w["h"] // 2)
    outside = (max(w["x"] - 40, 1), max(w["y"] - 40, 1))
    for a, b, what in ((inside, outside, "pressing Start and sliding off"),
                       (outside, inside, "pressing outside Start and releasing on it")):
        k._gap("start")
        mark = len(k.lines)
        k.disp.xdotool("mousemove", a[0], a[1], "mousedown", 1)
        time.sleep(0.1)
        k.disp.xdotool("mousemove", b[0], b[1])
        time.sleep(0.1)
        k.disp.xdotool("mouseup", 1)
        k.fired["start"] = time.monotonic()
        time.sleep(0.6)
        k.poll()
        must(len(k.lines) == mark and k.last["screen"] == "welcome",
             "%s changed the screen to %s" % (what, summary(k.last)))
    expect_screen(k.click("start"), "service")  # and a plain click still works
    k.home()


def check_key_autorepeat(k, ctx):
    """Holding a digit (the X server sends ~20 auto-repeats) answers exactly
    one question, with that digit, once the settle time has passed."""
    k.home()
    k.click("start")
    expect_question(k.click("service.0"), 1)
    k.ready(kind="digit 3")
    mark = len(k.lines)
    k.disp.xdotool("keydown", "3")
    t0 = time.monotonic()
    try:
        time.sleep(1.5)
    finally:
        k.disp.xdotool("keyup", "3")
        k.key_sent["digit 3"] = time.monotonic()
    k.wait(mark, lambda l: l["screen"] == "question" and l["index"] == 2,
           max(0.1, 2 - (time.monotonic() - t0)), "question 2 after holding 3 for 1.5 s")
    time.sleep(0.6)
    k.poll()
    lines = k.lines[mark:]
    idx = questions_seen(lines)
    must(idx == [2] and k.last["screen"] == "question",
         "holding 3 for 1.5 s went to question(s) %s (%s), expected exactly question 2"
         % (idx, history(lines)))
    must(not selected(k.last), "holding 3 answered Q2 too: %s" % summary(k.last))
    line = k.click("back")
    expect_question(line, 1)
    must(state(line, "answer.3") == "selected" or  # or focused: focus starts on the chosen answer
         (focused(line) == "answer.3" and widget(line, "next")),
         "holding 3 did not answer Q1 with 3: %s" % summary(line))
    k.home()


def check_start_again_last(k, ctx):
    """Start again is the last widget on every screen that has it, so
    keyboard focus starts on the screen's own content: on every new screen
    shown with focus, the first button is focused."""
    prev = None
    problems = []
    for n, line in enumerate(k.lines, start=1):
        ids = [w["id"] for w in line["widgets"]]
        where = "line %d (%s)" % (n, summary(line))
        if "start_again" in ids and ids[-1] != "start_again":
            problems.append("%s: Start again is not last: %s" % (where, ids))
        foc = focused(line)
        if foc and prev is not None and (prev["screen"], prev["index"]) != \
                (line["screen"], line["index"]):
            first = buttons(line)[0]["id"]
            if line["screen"] == "question" and widget(line, "next") and \
                    re.fullmatch(r"answer\.\d|not_apply", foc):
                first = foc  # a question answered before: focus starts on the chosen answer
            if foc != first or foc == "start_again":
                problems.append("%s: a new screen with focus on %s, expected %s"
                                % (where, foc, first))
        prev = line
    must(not problems, "%d problem(s): %s" % (len(problems), "; ".join(problems[:4])))
    screens = {l["screen"] for l in k.lines if widget(l, "start_again")}
    must(screens >= {"service", "question", "review", "thanks"},
         "the sessions showed Start again only on %s (earlier checks failed?)" % sorted(screens))


def check_database(k, ctx):
    """The counts are exactly those of the sessions sent (this month, their
    services, one count per answer), consistent, and nothing else is kept:
    only the three v3 tables, integrity ok, the files 0600."""
    db = ctx.db
    got = stored_counts(db)
    want = counts_of(ctx.sent)
    must(got.total == len(ctx.sent),
         "%d responses counted, %d were sent" % (got.total, len(ctx.sent)))
    must(got == want, "stored counts differ from those of the sessions sent:\n  got - want %r"
         % got.minus(want))
    bad = count_problems(got)
    must(not bad, "; ".join(bad[:5]))
    n = sum(got.answers.values())
    must(n == len(QIDS) * len(ctx.sent), "count_answer adds up to %d answers, expected %d"
         % (n, len(QIDS) * len(ctx.sent)))
    kiosk = stored_kiosk(db)
    must(kiosk == DEFAULT_KIOSK_NAME, "meta kiosk is %r, expected %r" % (kiosk, DEFAULT_KIOSK_NAME))
    check_tables(db)
    ic = sql_value(db, "PRAGMA integrity_check")
    must(ic == "ok", "integrity_check: %s" % ic)
    jm = sql_value(db, "PRAGMA journal_mode")
    must(jm == "wal", "journal_mode is %r, expected wal" % jm)
    for path in (db, db + "-wal", db + "-shm"):
        if os.path.exists(path):
            mode = os.stat(path).st_mode & 0o777
            must(mode == 0o600, "%s has mode %o, expected 600" % (os.path.basename(path), mode))


def check_shutdown(k, ctx):
    rc = k.stop()
    must(rc == 0, "kiosk exit status after SIGTERM: %s" % rc)
    with open(k.log, errors="replace") as f:
        lines = f.read().strip().splitlines()
    # the one line expected: the tests run as root, and the kiosk warns of it
    root = [l for l in lines if "warning: running as root" in l]
    must(len(root) == (1 if os.geteuid() == 0 else 0),
         "expected the running-as-root warning once as root, got %d" % len(root))
    log = "\n".join(l for l in lines if l not in root)
    must(not log, "kiosk wrote to stderr during the sessions: %s" % log[:400])
    check_database(k, ctx)  # still complete after a clean shutdown


class Ctx:
    def __init__(self, db):
        self.db = db
        self.sent = []


def group_main(results, tmp):
    names = ["a-mouse-session", "b-keyboard-session", "s-no-journal-after-save", "c-dont-send", "d-start-again", "g-double-click",
             "j-drag-off-cancels", "k-key-autorepeat", "l-double-return-welcome",
             "n-start-again-last", "m-focus-round", "f-database", "shutdown"]
    with Group(results, names) as g:
        g.disp = disp = Display(1280, 800, tmp)
        ctx = Ctx(os.path.join(tmp, "main.db"))
        g.k = k = Kiosk(disp, tmp, "main", ctx.db)
        steps = [check_mouse_session, check_keyboard_session, check_no_journal_after_save,
                 check_dont_send, check_start_again,
                 check_double_click, check_drag_off, check_key_autorepeat,
                 check_double_return_welcome, check_start_again_last, check_focus_round,
                 check_database, check_shutdown]
        for name, fn in zip(names, steps):
            if k.proc.poll() is not None and fn is not check_shutdown:
                results.add(name + "-restart", False, "kiosk had exited (status %s): %s; restarted"
                            % (k.proc.returncode, k.log_tail()))
                k.start()
            results.check(name, fn, k, ctx)


# ---- checks: timeout -------------------------------------------------------

def check_timeout(k, db):
    """Walk away mid-session (in Ukrainian): "Are you still there?", Yes
    keeps the answers; walk away again: reset, nothing stored, and the next
    person gets a fresh kiosk in the home language."""
    k.home()
    choose_language(k, "uk")
    line = k.click("start")
    must(line["lang"] == "uk", "the session is in %r after choosing uk" % line["lang"])
    expect_question(k.click("service.0"), 1)
    expect_question(k.answer(3), 2)
    line = k.answer(4)
    expect_question(line, 3)
    t0 = k.last_seen
    mark = len(k.lines)
    line = k.wait_screen(mark, "timeout", IDLE_S + 6)
    dt = k.last_seen - t0
    must(IDLE_S - 0.5 <= dt <= IDLE_S + 3, "timeout screen after %.1f s, expected ~%d s" % (dt, IDLE_S))
    ui = STR["uk"]["ui"]
    must(line["lang"] == "uk", "the timeout screen is in %r, expected uk" % line["lang"])
    for wid in ("timeout.title", "timeout.more", "timeout.restart"):
        w = widget(line, wid)
        must(w and w["label"] == ui[wid], "%s reads %r, expected %r" % (wid, w and w["label"], ui[wid]))
    # Yes, more time: back on the same question, answers kept.
    line = k.click("timeout.more")
    expect_question(line, 3)
    line = k.click("back")
    expect_question(line, 2)
    must(state(line, "answer.4") == "selected", "after more time Q2's answer is lost: %s" % summary(line))
    expect_question(k.click("next"), 3)  # answered: Next keeps it
    # Now walk away for good.
    t0 = k.last_seen
    mark = len(k.lines)
    k.wait_screen(mark, "timeout", IDLE_S + 6)
    t1 = k.last_seen
    must(IDLE_S - 0.5 <= t1 - t0 <= IDLE_S + 3, "second timeout after %.1f s" % (t1 - t0))
    mark = len(k.lines)
    line = k.wait_screen(mark, "welcome", MORE_TIME_S + 6)
    dt = k.last_seen - t1
    must(MORE_TIME_S - 0.5 <= dt <= MORE_TIME_S + 3,
         "welcome %.1f s after the timeout screen, expected ~%d s" % (dt, MORE_TIME_S))
    must(not stored_counts(db), "a timed-out session was stored")
    # Fresh state: nothing of the last person shows, their language neither.
    must(not focused(line), "focus ring still on after the reset: %s" % summary(line))
    expect_welcome(line, HOME_LANG)
    line = k.click("start")
    must(line["lang"] == HOME_LANG, "after the reset the session is in %r" % line["lang"])
    sel = [w["id"] for w in line["widgets"] if w["state"] != "normal"]
    must(not sel, "after the reset the service screen shows %s" % sel)
    line = k.click("service.0")
    expect_question(line, 1)
    sel = [w["id"] for w in line["widgets"] if w["state"] != "normal"]
    must(not sel, "after the reset Q1 shows %s" % sel)
    start_again(k)
    must(not stored_counts(db), "a timed-out session was stored")


def check_thanks_auto_return(k, db):
    """Thanks goes back to Welcome by itself after thanks_seconds, in the
    home language (the session was in Spanish)."""
    k.home()
    before = stored_counts(db)
    choose_language(k, "es")
    k.click("start")
    expect_question(k.click("service.1"), 1)
    ans = [1, 2, 3, 4, 5, 4, 3, 2]
    answer_all_keys(k, ans)
    line = k.click("send")
    expect_screen(line, "thanks")
    msg, want = widget(line, "thanks.message"), STR["es"]["ui"]["thanks.sent"]
    must(line["lang"] == "es" and msg and msg["label"] == want,
         "thanks [%s] reads %r, expected %r (es)" % (line["lang"], msg and msg["label"], want))
    t0 = line["t_ms"]  # the kiosk's own clock: a busy machine may read the trace late
    line = k.wait_screen(len(k.lines), "welcome", THANKS_S + 5)
    dt = (line["t_ms"] - t0) / 1000.0
    must(THANKS_S - 0.5 <= dt <= THANKS_S + 2,
         "thanks screen left after %.1f s, expected ~%d s" % (dt, THANKS_S))
    must(not focused(line), "keyboard focus still shown on the fresh welcome: %s" % summary(line))
    expect_welcome(line, HOME_LANG)
    check_row(new_response(db, before, "thanks auto-return"),
              expected_row(DEFAULT_SERVICES[1], ans), "thanks auto-return")


def group_timeout(results, tmp):
    with Group(results, ("e-timeout", "e-thanks-auto-return")) as g:
        g.disp = disp = Display(1280, 800, tmp)
        cfg = os.path.join(tmp, "short.ini")
        with open(cfg, "w") as f:
            f.write(THANKS_CONFIG)
        db = os.path.join(tmp, "timeout.db")
        g.k = k = Kiosk(disp, tmp, "timeout", db, cfg)
        results.check("e-timeout", check_timeout, k, db)
        results.check("e-thanks-auto-return", check_thanks_auto_return, k, db)


# ---- checks: Welcome forgets an idle visitor -------------------------------

def check_welcome_idle_reset(k, ctx):
    """Someone chose a language on Welcome, then walked away:
    inactivity_seconds after their last input the kiosk resets to the
    home language; the next person starts fresh.  (Keys on Welcome turn
    reading aloud on, and with it accessibility mode's 2 minutes: the
    focus ring's reset is access.py's i-key-welcome-reset.)"""
    line = k.home()
    expect_welcome(line)
    must(not focused(line), "a fresh welcome shows keyboard focus: %s" % summary(line))
    line = choose_language(k, "pl", fallback="fail")  # (no Tab: a key means accessibility mode)
    mark = len(k.lines)
    t_last = k.input_at
    time.sleep(max(0.0, t_last + IDLE_S - 2 - time.monotonic()))  # 8 s after the last input
    k.poll()
    must(len(k.lines) == mark and k.last["lang"] == "pl",
         "Welcome reset sooner than %d s after the last input: %s"
         % (IDLE_S, history(k.lines[mark:])))
    line = k.wait(mark, lambda l: l["lang"] != "pl", 6,
                  "reset of Welcome (the home language) %d s after the last input" % IDLE_S)
    dt = k.last_seen - t_last
    must(IDLE_S - 0.5 <= dt <= IDLE_S + 3,
         "Welcome reset %.1f s after the last input, expected ~%d s" % (dt, IDLE_S))
    must(line["lang"] == HOME_LANG, "after the Welcome reset the language is %r, expected %r"
         % (line["lang"], HOME_LANG))
    expect_welcome(line)
    must(not [w["id"] for w in line["widgets"] if w["state"] not in ("normal", "selected")],
         "after the reset: %s, expected a fresh welcome" % summary(line))
    must(len(k.lines) == mark + 1, "Welcome reset drew %s" % history(k.lines[mark:]))
    # Fresh: a tap on Start shows the service screen without keyboard focus.
    line = k.click("start")
    expect_screen(line, "service")
    must(line["lang"] == HOME_LANG, "after the reset the service screen is in %r" % line["lang"])
    must(not focused(line), "after the reset keyboard focus still shows: %s" % summary(line))
    expect_screen(start_again(k), "welcome")
    must(not stored_counts(ctx.db), "an idle welcome stored something")


def group_idle(results, tmp):
    names = ["i-idle-cpu-welcome", "i-idle-cpu-question", "m-welcome-idle-reset"]
    steps = [check_idle_welcome, check_idle_question, check_welcome_idle_reset]
    with Group(results, names) as g:
        g.disp = disp = Display(1280, 800, tmp)
        cfg = os.path.join(tmp, "idle.ini")
        with open(cfg, "w") as f:
            f.write(SHORT_CONFIG)
        ctx = Ctx(os.path.join(tmp, "idle.db"))
        g.k = k = Kiosk(disp, tmp, "idle", ctx.db, cfg)
        for name, fn in zip(names, steps):
            results.check(name, fn, k, ctx)


# ---- checks: languages -----------------------------------------------------

def centre_x(line, wid):
    w = widget(line, wid)
    must(w, "no %s on %s" % (wid, summary(line)))
    return w["x"] + w["w"] / 2


def expect_lang(lines, code, what):
    bad = [summary(l) + " [%s]" % l["lang"] for l in lines if l["lang"] != code]
    must(not bad, "%s: trace lines not in %s: %s" % (what, code, "; ".join(bad[:3])))


def table_columns(db, table):
    return [r["name"] for r in sql(db, "PRAGMA table_info(%s)" % table)]


V3_TABLES = {"meta": ["key", "value"],
             "count_response": ["period", "service", "n"],
             "count_answer": ["period", "service", "question", "value", "n"],
             # v4: a comment has its service, period and a random key only
             "comment": ["period", "service", "k", "text"]}
V3_META = {"schema_version", "database_id", "kiosk", "newest_period", "recovered"}


def check_tables(db):
    """Schema v4 and nothing more: the four tables with exactly their
    columns (no response or answer rows, nothing about language, time or
    order, nothing tying a comment to the counts), meta holding only its
    keys (newest_period: a period label, never a day or time),
    schema_version 4."""
    tables = sorted(r["name"] for r in sql(db, "SELECT name FROM sqlite_master WHERE type = 'table'"))
    must(tables == sorted(V3_TABLES), "the database has tables %s, expected only %s"
         % (tables, sorted(V3_TABLES)))
    for t, want in V3_TABLES.items():
        cols = table_columns(db, t)
        must(cols == want, "table %s has columns %s, expected only %s" % (t, cols, want))
    keys = sorted(r["key"] for r in sql(db, "SELECT key FROM meta"))
    must(set(keys) <= V3_META, "meta holds keys %s, expected only %s" % (keys, sorted(V3_META)))
    v = sql_value(db, "SELECT value FROM meta WHERE key = 'schema_version'")
    must(v == "4", "schema_version is %r, expected '4'" % v)
    seen = sql_value(db, "SELECT value FROM meta WHERE key = 'newest_period'")
    must(not seen or re.fullmatch(r"[0-9]{4}-(0[1-9]|1[0-2]|Q[1-4])", seen),
         "meta newest_period is %r, expected a period (YYYY-MM or YYYY-Qn)" % seen)


def check_languages(k, ctx):
    """Choose every language by mouse on Welcome: each time the trace says
    that language and every Welcome string is that language's (Start reads
    its [ui] welcome.start); one full session in Polish stores exactly its
    answers, and nothing about the language (schema v3: only meta,
    count_response and count_answer, with their columns; check_tables)."""
    problems = []
    line = k.home()
    expect_welcome(line)
    must(centre_x(line, "lang.en") < centre_x(line, "lang.ar"),
         "in English the language buttons do not run left to right: %s"
         % [(c, widget(line, "lang." + c)["x"]) for c in LANGS])
    for code in LANGS[1:] + LANGS[:1]:  # every other language, then English again
        try:
            choose_language(k, code, fallback="fail")
        except Fail as e:
            problems.append(str(e))
            try:  # Tab makes the kiosk write its state: check the strings anyway
                expect_welcome(tab_to_see(k, code), code)
            except Fail as e2:
                problems.append("%s: %s" % (code, e2))
    # A whole session in Polish, by mouse.
    before = stored_counts(ctx.db)
    try:
        choose_language(k, "pl")
        mark = len(k.lines)
        line = k.click("start")
        expect_screen(line, "service")
        ui = STR["pl"]["ui"]
        for wid, want in (("service.title", ui["service.title"]),
                          ("service.not_said", ui["service.not_said"]),
                          ("start_again", ui["start_again"]),
                          ("service.0", DEFAULT_SERVICES[0]), ("service.1", DEFAULT_SERVICES[1])):
            w = widget(line, wid)
            must(w and w["label"] == want, "service [pl]: %s reads %r, expected %r"
                 % (wid, w and w["label"], want))
        expect_question(k.click("service.1"), 1)
        ans = [5, 0, 4, 3, 2, 1, -1, 4]
        expect_screen(answer_all_mouse(k, ans), "review")
        check_review(k, DEFAULT_SERVICES[1], ans)
        line = k.click("send")
        expect_screen(line, "thanks")
        for wid, want in (("thanks.message", ui["thanks.sent"]),
                          ("thanks.help", help_text(lang="pl")), ("done", ui["thanks.done"])):
            w = widget(line, wid)
            must(w and w["label"] == want, "thanks [pl]: %s reads %r, expected %r"
                 % (wid, w and w["label"], want))
        expect_lang(k.lines[mark:], "pl", "the Polish session")
        check_row(new_response(ctx.db, before, "Polish session"),
                  expected_row(DEFAULT_SERVICES[1], ans), "Polish session")
        line = k.click("done")
        expect_welcome(line, HOME_LANG)  # the session ended: the home language again
        check_tables(ctx.db)  # no column, no meta key for the language
    except Fail as e:
        problems.append(str(e))
    must(not problems, "%d problem(s): %s" % (len(problems), " | ".join(problems)))


def check_arabic_mirrored(k, ctx):
    """Arabic reads right to left: the layout is mirrored.  Welcome's
    language buttons run from the right (English rightmost); on a question
    Start again is at the left, Back at the right, "Not at all" (answer.1)
    the rightmost face, the progress line at the right; on the review Send
    (the last step) is at the left, the first row at the right."""
    k.home()
    line = choose_language(k, "ar")
    W = line["width"]
    xs = [widget(line, "lang." + c)["x"] for c in LANGS]
    must(all(a > b for a, b in zip(xs, xs[1:])),
         "Arabic Welcome: the language buttons %s do not run right to left (lang.en "
         "rightmost)" % list(zip(LANGS, xs)))
    line = k.click("start")
    expect_screen(line, "service")
    must(line["lang"] == "ar", "the service screen is in %r after choosing ar" % line["lang"])
    must(centre_x(line, "start_again") < W / 2 < centre_x(line, "service.title"),
         "Arabic service screen: Start again at x=%d, the title at x=%d; expected Start again "
         "at the left, the title at the right" % (widget(line, "start_again")["x"],
                                                  widget(line, "service.title")["x"]))
    line = k.click("service.0")
    expect_question(line, 1)
    pos = {w["id"]: w["x"] for w in line["widgets"]}
    must(widget(line, "start_again")["x"] < W / 2,
         "Arabic question: start_again.x = %d, expected < %d (the left)" % (pos["start_again"], W / 2))
    must(widget(line, "back")["x"] > W / 2,
         "Arabic question: back.x = %d, expected > %d (the right)" % (pos["back"], W / 2))
    must(pos["answer.1"] > pos["answer.5"],
         "Arabic question: answer.1.x = %d, answer.5.x = %d; expected Not at all rightmost"
         % (pos["answer.1"], pos["answer.5"]))
    faces = [pos["answer.%d" % v] for v in range(1, 6)]
    must(all(a > b for a, b in zip(faces, faces[1:])),
         "Arabic question: the faces %s do not run right to left" % faces)
    must(centre_x(line, "skip") < W / 2 < centre_x(line, "progress"),
         "Arabic question: skip at x=%d, progress at x=%d; expected Skip at the left, the "
         "progress line at the right" % (pos["skip"], pos["progress"]))
    ans = [3, 4, 5, 2, 1, 0, -1, 5]
    line = answer_all_mouse(k, ans)
    expect_screen(line, "review")
    must(centre_x(line, "send") < centre_x(line, "discard"),
         "Arabic review: send at x=%d, discard at x=%d; expected Send at the left"
         % (widget(line, "send")["x"], widget(line, "discard")["x"]))
    rows = [w for w in line["widgets"] if w["id"].startswith("change.")]
    one_column = rows and len({r["x"] for r in rows}) == 1 and rows[0]["x"] < W / 2 < rows[0]["x"] + rows[0]["w"]
    must(rows and (one_column or rows[0]["x"] + rows[0]["w"] / 2 > W / 2 and
                   all(rows[0]["x"] >= r["x"] for r in rows)),
         "Arabic review: the first row %s is at x=%d, not in the right column of two, nor "
         "one column across (rows at %s)"
         % (rows[0]["id"] if rows else None, rows[0]["x"] if rows else -1, [r["x"] for r in rows]))
    must(centre_x(line, "review.title") > W / 2,
         "Arabic review: the title is at x=%d, expected at the right" % widget(line, "review.title")["x"])
    check_review(k, DEFAULT_SERVICES[0], ans)
    before = stored_counts(ctx.db)
    line = start_again(k)
    expect_welcome(line, HOME_LANG)
    must(stored_counts(ctx.db) == before, "Start again in Arabic changed the database")


def check_language_resets(k, ctx):
    """The language is the client's setting: choose Español, Start, then
    Start again: Welcome is in English again (and so is the next session)."""
    expect_welcome(k.home())
    choose_language(k, "es")
    line = k.click("start")
    expect_screen(line, "service")
    ui = STR["es"]["ui"]
    must(line["lang"] == "es", "the session is in %r after choosing es" % line["lang"])
    for wid, key in (("service.title", "service.title"), ("start_again", "start_again")):
        w = widget(line, wid)
        must(w and w["label"] == ui[key], "service [es]: %s reads %r, expected %r"
             % (wid, w and w["label"], ui[key]))
    line = start_again(k)
    expect_welcome(line, HOME_LANG)
    must(widget(line, "start")["label"] == UI["welcome.start"], "Start reads %r after Start again"
         % widget(line, "start")["label"])
    line = k.click("start")
    must(line["screen"] == "service" and line["lang"] == HOME_LANG,
         "the next session: %s in %r, expected the service screen in %s"
         % (summary(line), line["lang"], HOME_LANG))
    expect_welcome(start_again(k), HOME_LANG)


def group_lang(results, tmp):
    names = ["o-languages", "p-arabic-mirrored", "q-language-resets"]
    steps = [check_languages, check_arabic_mirrored, check_language_resets]
    with Group(results, names) as g:
        g.disp = disp = Display(1280, 800, tmp)
        ctx = Ctx(os.path.join(tmp, "lang.db"))
        g.k = k = Kiosk(disp, tmp, "lang", ctx.db)
        for name, fn in zip(names, steps):
            results.check(name, fn, k, ctx)


# ---- checks: layout --------------------------------------------------------

def tour(k, shot, lang=HOME_LANG, with_timeout=False):
    """Visit every screen in `lang`, calling shot(name) on each: two
    sessions (sent, deleted), every review page; the timeout screen too
    if with_timeout.  Each session is in `lang` throughout and ends in the
    home language."""
    def begin():
        line = k.home()
        if lang != HOME_LANG:
            line = choose_language(k, lang)
        expect_welcome(line, lang)
        return len(k.lines)

    def end(mark, what):
        line = k.click("done")
        expect_lang(k.lines[mark:-1], lang, what)
        expect_welcome(line, HOME_LANG)

    ui = STR[lang]["ui"]
    mark = begin()
    shot("welcome")
    expect_screen(k.click("start"), "service")
    shot("service")
    expect_question(k.click("service.0"), 1)
    shot("question")
    expect_question(k.answer(4), 2)
    expect_question(k.click("back"), 1)
    shot("question-selected")
    expect_screen(k.click("start_again"), "question")  # it asks first
    shot("again")
    expect_question(k.click("again.no"), 1)
    expect_question(k.click("next"), 2)  # answered: Next keeps it
    answer_all_mouse(k, [4, 3, 2, 5, 0, 1], 2)
    expect_question(k.last, 7)
    shot("question-not-apply")
    expect_question(k.answer(-1), 8)
    expect_question(k.click("back"), 7)
    shot("question-not-apply-selected")
    expect_question(k.click("next"), 8)
    expect_screen(k.answer(5), "review")
    check_review(k, DEFAULT_SERVICES[0], [4, 3, 2, 5, 0, 1, -1, 5],
                 on_page=lambda n: shot("review" if n == 1 else "review-page%d" % n))
    line = k.click("send")
    expect_screen(line, "thanks")
    must(widget(line, "thanks.message")["label"] == ui["thanks.sent"],
         "thanks [%s] reads %r" % (lang, widget(line, "thanks.message")["label"]))
    shot("thanks-sent")
    end(mark, "the first session")
    mark = begin()
    expect_screen(k.click("start"), "service")
    if with_timeout:
        line = k.wait_screen(len(k.lines), "timeout", IDLE_S + 6)
        must(widget(line, "timeout.title")["label"] == ui["timeout.title"],
             "timeout [%s] reads %r" % (lang, widget(line, "timeout.title")["label"]))
        shot("timeout")
        expect_screen(k.click("timeout.more"), "service")
    expect_question(k.click("service.not_said"), 1)
    answers = [5, 0, 1, 2, 3, 4, -1, 0]
    expect_screen(answer_all_mouse(k, answers), "review")
    check_review(k, "", answers)
    show_row(k, "change.control.no")
    k.focus_to("change.control.no")
    shot("review-focus")
    line = discard(k)
    expect_screen(line, "thanks")
    must(widget(line, "thanks.message")["label"] == ui["thanks.deleted"],
         "thanks [%s] reads %r" % (lang, widget(line, "thanks.message")["label"]))
    shot("thanks-deleted")
    end(mark, "the second session")


LAYOUT_SCREENS = {"welcome", "service", "question", "review", "thanks"}


def check_layout(k, disp, size, lang, with_timeout):
    W, H = size

    def shot(name):
        disp.screenshot(os.path.join(E2E_OUT, "layout-%dx%d-%s-%s.png" % (W, H, lang, name)))

    tour(k, shot, lang, with_timeout)
    problems = []
    seen = set()
    for line in k.lines:
        must((line["width"], line["height"]) == (W, H),
             "trace says %dx%d on a %dx%d display" % (line["width"], line["height"], W, H))
        for p in (layout_problems(line, PANEL_MM.get(tuple(size))) +
                  (paged_problems(line) if size in NO_PAGED_SIZES else [])):
            p = "[%s] %s" % (line["lang"], p)
            if p not in seen:
                seen.add(p)
                problems.append(p)
    screens = {l["screen"] for l in k.lines if l["lang"] == lang}
    missing = (LAYOUT_SCREENS | ({"timeout"} if with_timeout else set())) - screens
    must(not missing, "screens never visited in %s: %s" % (lang, sorted(missing)))
    qs = {l["question"] for l in k.lines if l["lang"] == lang and l["screen"] == "question"}
    must(set(QIDS) <= qs, "questions never shown in %s: %s" % (lang, sorted(set(QIDS) - qs)))
    must(not problems, "%d problem(s): %s" % (len(problems), "; ".join(problems[:8]) +
                                               (" ..." if len(problems) > 8 else "")))


# The layout tours that visit the timeout screen too (it asks after
# IDLE_S, so each adds about 20 s): landscape in English, and upright (the
# 7-inch panel in English and right-to-left Arabic, the large one in English).
TIMEOUT_TOURS = {((1280, 800), "en"), ((720, 1280), "en"), ((720, 1280), "ar"), ((1080, 1920), "en")}


def layout_wanted(size, lang):
    """HEARD_E2E_LAYOUT_ONLY=1024x600,1280x800-pl,ar: only the layout and
    text-size groups of those sizes, size-languages or languages (default
    all)."""
    only = [o for o in os.environ.get("HEARD_E2E_LAYOUT_ONLY", "").split(",") if o]
    names = {"%dx%d" % size, lang, "%dx%d-%s" % (size + (lang,))}
    return not only or bool(names & set(only))


def layout_jobs():
    """(function, args) for group_layout: every window size in every
    language; the timeout screen in TIMEOUT_TOURS.  Longest first.
    HEARD_E2E_LAYOUT_ONLY (layout_wanted) keeps only the tours it names."""
    jobs = [(size, lang, (size, lang) in TIMEOUT_TOURS)
            for size in LAYOUT_SIZES for lang in LANGS if layout_wanted(size, lang)]
    return [(layout_job, j) for j in sorted(jobs, key=lambda j: (not j[2], -j[0][0]))]


def layout_job(results, tmp, size, lang, with_timeout):
    name = "h-layout-%dx%d-%s" % (size + (lang,))
    tag = "layout-%dx%d-%s" % (size + (lang,))
    with Group(results, [name]) as g:
        g.disp = disp = Display(size[0], size[1], tmp)
        cfg = os.path.join(tmp, tag + ".ini")
        with open(cfg, "w") as f:
            f.write(SHORT_CONFIG + screen_config(size))
        g.k = k = Kiosk(disp, tmp, tag, os.path.join(tmp, tag + ".db"), cfg)
        results.check(name, check_layout, k, disp, size, lang, with_timeout)


def group_layout(results, tmp, jobs, lock):
    """One worker: takes jobs, (function, args), from the shared list until
    none are left, and runs function(results, tmp, *args)."""
    while not STOPPING.is_set():
        with lock:
            if not jobs:
                return
            fn, args = jobs.pop(0)
        fn(results, tmp, *args)


# ---- running ---------------------------------------------------------------

class Results:
    def __init__(self):
        self.lock = threading.Lock()
        self.done = {}

    def add(self, name, ok, why="", secs=None):
        if STOPPING.is_set():
            return  # interrupted: the processes were ended under the checks
        with self.lock:
            self.done[name] = ok
            t = " (%.1f s)" % secs if secs is not None else ""
            print(("PASS %s%s" % (name, t)) if ok else ("FAIL %s: %s" % (name, why)), flush=True)

    def check(self, name, fn, *args):
        t0 = time.monotonic()
        try:
            fn(*args)
        except Fail as e:
            self.add(name, False, str(e))
        except Exception as e:
            tb = traceback.extract_tb(e.__traceback__)[-1]
            self.add(name, False, "%s: %s (at line %d)" % (type(e).__name__, e, tb.lineno))
        else:
            self.add(name, True, secs=time.monotonic() - t0)


def preflight():
    must(os.access(KIOSK, os.X_OK), "%s missing: run `make all` first" % KIOSK)
    for tool in ("Xvfb", "xdotool", "xdpyinfo", "import", "identify", "sqlite3"):
        must(shutil.which(tool), "%s is not installed" % tool)


def on_signal(signum, frame):
    raise KeyboardInterrupt


def cmd_test():
    preflight()
    t0 = time.monotonic()
    os.makedirs(E2E_OUT, exist_ok=True)
    for f in os.listdir(E2E_OUT):  # no stale screenshots of an earlier run
        if f.startswith("layout-") and f.endswith(".png"):
            os.remove(os.path.join(E2E_OUT, f))
    # The t-text-sizes groups (tests/e2e/textsize.py) run with the layout
    # groups; HEARD_E2E_TEXT_SIZES=0 leaves them out (for a quick run).
    # HEARD_E2E_GROUPS=main,lang,... runs only those groups (main, idle,
    # timeout, lang, layout; layout includes the text sizes); default all.
    groups = set((os.environ.get("HEARD_E2E_GROUPS") or "main,idle,timeout,lang,layout").split(","))
    unknown = groups - {"main", "idle", "timeout", "lang", "layout"}
    must(not unknown, "HEARD_E2E_GROUPS names unknown group(s) %s" % sorted(unknown))
    textsize = None
    if "layout" in groups and os.environ.get("HEARD_E2E_TEXT_SIZES") != "0":
        import textsize
        textsize.clean_e2e_out()
    tmp = tempfile.mkdtemp(prefix="heard-e2e-")
    results = Results()
    threads = [threading.Thread(target=fn, args=(results, tmp), daemon=True)
               for name, fn in (("timeout", group_timeout), ("idle", group_idle), ("lang", group_lang))
               if name in groups]
    if "layout" in groups:
        jobs, lock = (textsize.jobs() if textsize else []) + layout_jobs(), threading.Lock()
        threads += [threading.Thread(target=group_layout, args=(results, tmp, jobs, lock), daemon=True)
                    for _ in range(max(1, LAYOUT_WORKERS))]
    in_parallel(threads, (lambda: group_main(results, tmp)) if "main" in groups else None)
    return finish(results, tmp, t0, "E2E")


def finish(results, tmp, t0, suite):
    """Print the summary line "SUITE: N passed, M failed"; keep `tmp` when
    something failed.  Returns the exit status."""
    passed = sum(1 for ok in results.done.values() if ok)
    failed = len(results.done) - passed
    if failed:
        print("kept traces, logs and databases in %s" % tmp)
    else:
        shutil.rmtree(tmp, ignore_errors=True)
    print("ran for %.0f s" % (time.monotonic() - t0))
    print("%s: %d passed, %d failed" % (suite, passed, failed))
    return 1 if failed else 0


def cmd_screenshots():
    preflight()
    t0 = time.monotonic()
    os.makedirs(SHOTS_OUT, exist_ok=True)
    tmp = tempfile.mkdtemp(prefix="heard-shots-")
    import textsize  # the matrix, on kiosks of its own, while the shots below are taken
    _, matrix_done = textsize.start_matrix(tmp)
    disp = k = None
    paths = []
    try:
        disp = Display(1280, 800, tmp)
        cfg = os.path.join(tmp, "short.ini")
        with open(cfg, "w") as f:
            f.write(SHORT_CONFIG)
        k = Kiosk(disp, tmp, "shots", os.path.join(tmp, "shots.db"), cfg)

        def shot(name, on=None):
            p = (on or disp).screenshot(os.path.join(SHOTS_OUT, name + ".png"))
            paths.append(p)
            print(p, flush=True)

        # 1: mouse, through to Send.
        shot("01-welcome")
        expect_screen(k.click("start"), "service")
        shot("02-service")
        expect_question(k.click("service.0"), 1)
        shot("03-question-first")
        expect_question(k.answer(4), 2)
        expect_question(k.click("back"), 1)
        shot("04-question-selected")
        expect_screen(k.click("start_again"), "question")  # it asks first
        shot("04-start-again-asks")
        expect_question(k.click("again.no"), 1)
        expect_question(k.click("next"), 2)  # answered: Next keeps it
        answer_all_mouse(k, [4, 5, 3, 4, 0, 4], 2)
        expect_question(k.last, 7)
        shot("05-question-not-apply")
        expect_question(k.answer(-1), 8)
        expect_screen(k.answer(5), "review")
        shot("06-review")
        if widget(k.last, "review.more"):  # rows did not fit: "Next page (1 of 2)"
            expect_screen(k.click("review.more"), "review")
            shot("06-review-page2")
            show_row(k, "change.service")  # "First page (2 of 2)": back to page 1
        expect_screen(k.click("send"), "thanks")
        shot("08-thanks-sent")
        expect_screen(k.click("done"), "welcome")
        # 2: mouse, walk away, then Don't send.
        k.click("start")
        expect_question(k.click("service.1"), 1)
        k.wait_screen(len(k.lines), "timeout", IDLE_S + 6)
        shot("10-timeout")
        expect_question(k.click("timeout.more"), 1)
        answer_all_mouse(k, [3, 3, 4, 5, 5, 2, 1, 0])
        expect_screen(discard(k), "thanks")
        shot("09-thanks-deleted")
        expect_screen(k.click("done"), "welcome")
        # 3: keys only, focus ring on a review row.
        expect_screen(k.key("Return"), "welcome")  # the first key only shows focus
        expect_screen(k.key("Return"), "service")
        k.focus_to("service.not_said")
        expect_question(k.key("Return"), 1)
        answer_all_keys(k, [5, 4, 4, 5, 3, 4, -1, 5])
        show_row(k, "change.heard.time", keys=True)
        k.focus_to("change.heard.time")
        shot("07-review-keyboard-focus")
        k.home()
        # 4: every language, by mouse: lang-LANG-SCREEN.png
        for code in LANGS:
            lang_screenshots(k, code, lambda name, c=code: shot("lang-%s-%s" % (c, name)))
        # 5: the portrait panels, every language: portrait-WxH-LANG-SCREEN.png
        k.stop()
        disp.close()
        k = disp = None
        for size in sorted(PORTRAIT_MM):
            disp = Display(size[0], size[1], tmp)
            cfg = os.path.join(tmp, "portrait-%dx%d.ini" % size)
            with open(cfg, "w") as f:
                f.write(SHORT_CONFIG + screen_config(size))
            k = Kiosk(disp, tmp, "shots-%dx%d" % size, os.path.join(tmp, "shots-%dx%d.db" % size), cfg)
            for code in LANGS:
                lang_screenshots(k, code, lambda name, c=code, sz=size, d=disp: shot(
                    "portrait-%dx%d-%s-%s" % (sz + (c, name)), d))
            k.stop()
            disp.close()
            k = disp = None
    except Fail as e:
        print("FAIL screenshots: %s" % e)
        print("kept the trace and log in %s" % tmp)
        return 1
    finally:
        if k:
            k.stop()
        if disp:
            disp.close()
    print("wrote %d screenshots in %s" % (len(paths), os.path.relpath(SHOTS_OUT, ROOT)), flush=True)
    bad = textsize.report_matrix(matrix_done())
    print("ran for %.0f s" % (time.monotonic() - t0))
    if bad:
        print("kept the traces and logs in %s" % tmp)
        return 1
    shutil.rmtree(tmp, ignore_errors=True)
    return 0


def lang_screenshots(k, code, shot):
    """One session in language `code`: Welcome, Service, a question, Start
    again's question, the question with Does not apply, every review page,
    Thanks."""
    k.home()
    choose_language(k, code, fallback=None)  # no focus ring in the pictures
    shot("welcome")
    line = k.click("start")
    expect_screen(line, "service")
    must(line["lang"] == code, "the service screen is in %r after choosing %s" % (line["lang"], code))
    shot("service")
    expect_question(k.click("service.0"), 1)
    shot("question")
    expect_screen(k.click("start_again"), "question")  # "Delete your answers ...?"
    shot("start-again-asks")
    expect_question(k.click("again.no"), 1)
    answer_all_mouse(k, [4, 5, 3, 4, 0, 4], 1)
    expect_question(k.last, 7)
    shot("question-not-apply")
    expect_question(k.answer(-1), 8)
    expect_screen(k.answer(5), "review")
    check_review(k, DEFAULT_SERVICES[0], [4, 5, 3, 4, 0, 4, -1, 5],
                 on_page=lambda n: shot("review" if n == 1 else "review-page%d" % n))
    expect_screen(k.click("send"), "thanks")
    shot("thanks")
    expect_welcome(k.click("done"), HOME_LANG)


def in_parallel(threads, during=None):
    """Start every thread, run during() (the caller's own checks) while
    they run, and wait for them all."""
    for t in threads:
        t.start()
    if during:
        during()
    for t in threads:
        t.join()


def test_main(argv, script, cmd, suite):
    """main() of a suite whose only command is `test`."""
    if len(argv) != 2 or argv[1] != "test":
        print("usage: tests/e2e/%s test" % script, file=sys.stderr)
        return 2
    return guarded(cmd, suite)


def guarded(cmd, suite):
    """Run cmd() (a test or screenshots command; returns the exit status)
    with Ctrl-C and SIGTERM handled and every process started ended
    afterwards; a setup failure counts as one failed check of `suite`."""
    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    try:
        return cmd()
    except Fail as e:
        print("FAIL setup: %s" % e)
        print("%s: 0 passed, 1 failed" % suite)
        return 1
    except KeyboardInterrupt:
        print("interrupted")
        return 130
    finally:
        stop_all()


def main(argv):
    if len(argv) != 2 or argv[1] not in ("test", "screenshots"):
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        return 2
    return guarded(cmd_test if argv[1] == "test" else cmd_screenshots, "E2E")


if __name__ == "__main__":
    sys.exit(main(sys.argv))
