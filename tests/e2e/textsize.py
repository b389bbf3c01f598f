#!/usr/bin/python3
"""Larger text reflows, never clips, never overlaps (docs/design.md
"Accessibility requirements"), and the screenshot matrix.

    tests/e2e/textsize.py test [WxH-LANG ...]
        only the t-text-sizes groups (all, or the ones named, e.g.
        800x480-ar); kiosk.py test runs them too, with its layout groups
    tests/e2e/textsize.py screenshots
        only the matrix below; kiosk.py screenshots writes it too

t-text-sizes-WxH-LANG, for 800x480, 1280x800, 1920x1080, 1024x600 and
(upright) 720x1280 and 1080x1920, each with its panel's [screen]
millimetres (kiosk.PANEL_MM: 800x480 and 1024x600 a 7-inch 154 x 86 mm),
every language (one
Xvfb and kiosk each, in kiosk.py's layout worker pool: HEARD_E2E_LAYOUT_JOBS
at a time).  For each text size 1..4, and size 4 again with read-aloud on (its
buttons crowd the top bar), one session in LANG: Welcome, the
access screen (its Bigger text button, setting.0.up, tapped size-1
times: the value setting.0 reads "Text size: N of 4" after each tap), Done,
Welcome at that size (when it has two views, welcome.more, both), Service,
every question (question 7, control.no, with Does not apply chosen, then
seen again with it selected), every review page (review.more), Send,
Thanks, Done (a scratch database); on question 1 Start again, its dialog,
No, go back; on the review Don't send, its dialog, No, go back.
At text sizes 1 and 2 (but at 800x480) no question may hide Back and Skip
behind "Skip, Back and more" (kiosk.paged_problems).
Every trace line of the run must pass kiosk.layout_problems(): nothing
clipped (the kiosk's "clipped" count), no two rectangles overlapping,
everything inside the window, every button at least 12 mm x 12 mm on the
panel's millimetres, no text under a 3.2 mm cap height.  And the text
really grows: question 1's text rectangle and Welcome's promise are taller
at size 4 than at size 1, and no widget's text (the trace's text_px, the
smallest seen for that screen, question and widget) is set smaller at a
larger text size.
Writes build/e2e/textsize-WxH-LANG.txt (every problem, and the heights
measured), build/e2e/textsize-WxH-LANG-size4-SCREEN.png (access, welcome,
welcome-page2, welcome-start, service, question, review, thanks, and the dialogs: again,
discard) and, for a screen whose trace line shows a problem,
build/e2e/textsize-WxH-LANG-sizeN-SCREEN-problem.png.

The matrix: build/screenshots/matrix/LANG-sizeN-CONTRAST-SCREEN.png at
1280x800, every language, text sizes 1 and 4, CONTRAST standard,
blackonwhite, whiteonblack; SCREEN welcome, access, service, question,
question-not-apply, review (review-page2 ...), thanks, and timeout in
English only.  Once the access screen has been opened the kiosk waits two
minutes before asking "Do you need more time?", so the six timeout
screenshots each have a kiosk of their own, waiting at the same time.

Python standard library only; the helpers are kiosk.py's and access.py's.
"""
import os
import shutil
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import kiosk as K  # noqa: E402  (the e2e driver)
from kiosk import Fail, must, widget, summary, fmt, label  # noqa: E402

TEXT_SIZES = 4                                   # kiosk/settings.h TEXT_SIZES
TEST_SIZES = [(800, 480), (1280, 800), (1920, 1080), (1024, 600), (720, 1280), (1080, 1920)]
SHOT_SIZE = (1280, 800)
MATRIX_OUT = os.path.join(K.SHOTS_OUT, "matrix")
# (file name, access.contrast.N): kiosk/ui.c ui_themes
CONTRASTS = [("standard", 0), ("blackonwhite", 1), ("whiteonblack", 2)]
MATRIX_TEXT_SIZES = [1, TEXT_SIZES]
ACCESS_IDLE_S = 120   # kiosk/main.c access_idle_ms: the wait once the access screen was used
SIZE4_SHOTS = {"access", "welcome", "welcome-page2", "welcome-start", "question", "review", "again", "discard",
               "service", "thanks"}

def is_pending(size, n):
    """Problems reported but not failed: none now (the 7-inch landscape
    panel at text sizes 3 and 4 was, until issue 13 laid it out)."""
    return False


INFO_LOCK = threading.Lock()


def info(msg):
    with INFO_LOCK:
        print("INFO " + msg, flush=True)


def text_label(lang, n):
    return fmt(K.STR[lang]["ui"]["access.text"], n=n, of=TEXT_SIZES)


def contrast_label(lang, mode):
    return K.STR[lang]["ui"]["access.contrast.%d" % mode]


# ---- one session at one text size ----------------------------------------------

def to_page_with(k, wid):
    """Turn the access screen's pages (Next page) until `wid` is shown."""
    for _ in range(6):
        if widget(k.last, wid) or not widget(k.last, "access.more"):
            return
        k.click("access.more")


def tap_setting(k, wid, want):
    """Tap setting `wid` once on the access screen (a stepped one's value is
    the text `wid`: its Bigger button, wid.up); its label must then read
    `want`."""
    to_page_with(k, wid)
    before = label(k.last, wid)
    must(before is not None, "no %s on %s" % (wid, summary(k.last)))
    press = wid + ".up" if widget(k.last, wid)["role"] == "text" else wid
    line = k.click(press, until=lambda l: label(l, wid) != before, within=3,
                   what="%s to change from %r after a tap" % (wid, before))
    must(label(line, wid) == want, "a tap on %s changed it from %r to %r, expected %r"
         % (wid, before, label(line, wid), want))
    return line


def choose_settings(k, lang, size, contrast, speech=False):
    """From a fresh Welcome in `lang`: open the access screen, tap the text
    size size-1 times (1 -> 2 -> ...), the colours `contrast` times and,
    with speech, Read aloud once: the access screen with those settings."""
    line = k.click("access")
    K.expect_screen(line, "access")
    must(line["lang"] == lang, "the access screen is in %r, expected %s" % (line["lang"], lang))
    must(label(line, "setting.0") == text_label(lang, 1),
         "a fresh session's access screen reads %r, expected %r"
         % (label(line, "setting.0"), text_label(lang, 1)))
    for n in range(2, size + 1):
        tap_setting(k, "setting.0", text_label(lang, n))
    for m in range(1, contrast + 1):
        tap_setting(k, "setting.1", contrast_label(lang, m))
    if speech:  # its buttons share the top bar with "Easier to use" and "Start again"
        tap_setting(k, "setting.2", K.STR[lang]["ui"]["access.speech.on"])
    to_page_with(k, "setting.0")  # back to the first page
    return line


def session(k, lang, size, contrast=0, shot=None, speech=False):
    """One whole session in `lang` at text size `size` and colours
    `contrast`, by mouse, ending with Send (the kiosk's database is a
    scratch one) and Done.  shot(name) is called on every screen as it is
    shown: welcome, access, service, question, question-not-apply (question
    7 as it comes), question-not-apply-selected, review, review-page2...,
    thanks.  Returns the trace lines of Welcome (after Done on the access
    screen) and of question 1 as first shown, for the heights."""
    shot = shot or (lambda name: None)
    k.home()
    if lang != K.HOME_LANG:
        K.choose_language(k, lang, fallback=None)  # no key: a key would turn read-aloud on
    choose_settings(k, lang, size, contrast, speech)
    must(label(k.last, "setting.0") == text_label(lang, size),
         "text size %r chosen, expected %r" % (label(k.last, "setting.0"), text_label(lang, size)))
    shot("access")
    welcome = welcome_views(k, k.click("access.done"), lang, shot)
    line = k.click("start")
    K.expect_screen(line, "service")
    must(line["lang"] == lang, "the service screen is in %r, expected %s" % (line["lang"], lang))
    shot("service")
    q1 = k.click("service.0")
    K.expect_question(q1, 1)
    shot("question")
    line = k.click("start_again")  # the Start again dialog at this size too
    must(widget(line, "again.no") and widget(line, "again.yes"),
         "Start again on question 1 did not ask: %s" % summary(line))
    shot("again")
    K.expect_question(k.click("again.no"), 1)
    answers = [4, 3, 2, 5, 0, 1, -1, 5]
    K.answer_all_mouse(k, answers[:6])
    K.expect_question(k.last, 7)
    shot("question-not-apply")
    K.expect_question(k.answer(-1), 8)
    line = k.click("back")
    K.expect_question(line, 7)
    line = k.reveal("not_apply")
    must(K.state(line, "not_apply") == "selected",
         "back on question 7 Does not apply is not shown chosen: %s" % summary(line))
    shot("question-not-apply-selected")
    K.expect_question(k.click("next"), 8)  # answered: Next keeps it
    K.expect_screen(k.answer(5), "review")
    K.check_review(k, K.DEFAULT_SERVICES[0], answers,
                   on_page=lambda n: shot("review" if n == 1 else "review-page%d" % n))
    if widget(k.last, "discard"):  # Don't send's dialog at this size too
        line = k.click("discard")
        must(widget(line, "again.no") and widget(line, "again.yes"),
             "Don't send did not ask: %s" % summary(line))
        shot("discard")
        K.expect_screen(k.click("again.no"), "review")
    line = k.click("send")
    K.expect_screen(line, "thanks")
    must(widget(line, "thanks.message")["label"] == K.STR[lang]["ui"]["thanks.sent"],
         "thanks [%s] reads %r" % (lang, widget(line, "thanks.message")["label"]))
    shot("thanks")
    K.expect_welcome(k.click("done"), K.HOME_LANG)
    return welcome, q1


def welcome_views(k, line, lang, shot):
    """Welcome at the chosen text size: its strings and languages (kiosk.py
    expect_welcome).  Large text on a small screen gives it two views: the
    title, Start, Easier to use and the languages, and a page control
    (welcome.more) to the promise; then both are shown, and the trace line
    returned (for the heights) is the promise's view's with the first
    view's widgets.  Then Start on the first view must show the promise
    (with a Start of its own), not the service screen: ends there."""
    shot("welcome")
    if not widget(line, "welcome.more"):
        K.expect_welcome(line, lang)
        return line
    must(not widget(line, "welcome.promise") and widget(line, "start") and widget(line, "access"),
         "Welcome's first view: %s" % summary(line))
    second = k.click("welcome.more")
    must(widget(second, "welcome.promise") and widget(second, "welcome.more"),
         "Welcome's page control did not show the promise: %s" % summary(second))
    shot("welcome-page2")
    first = k.click("welcome.more")
    must(widget(first, "start") and not widget(first, "welcome.promise"),
         "Welcome's page control did not go back to the first view: %s" % summary(first))
    both = dict(second, widgets=first["widgets"] + [widget(second, "welcome.promise")])
    K.expect_welcome(both, lang)
    # the promise cannot be skipped: Start on the first view shows it, with
    # a Start of its own (which the session presses next)
    promise = k.click("start")
    must(promise["screen"] == "welcome" and widget(promise, "welcome.promise")
         and widget(promise, "start"),
         "Start on Welcome's first view did not show the promise first: %s" % summary(promise))
    must(label(promise, "welcome.promise") == K.STR[lang]["ui"]["welcome.promise"],
         "Welcome's promise reads %r" % label(promise, "welcome.promise"))
    shot("welcome-start")
    return both


# ---- the check: every size, every screen ------------------------------------------

def height(line, wid):
    w = widget(line, wid) if line else None
    return w["h"] if w else None


def line_sizes(lines):
    """The text size in effect on each trace line: what the access screen's
    setting.0 last read; 1 again once the session ended (Welcome after any
    screen but Welcome and the access screen)."""
    n, prev, out = 1, None, []
    for line in lines:
        if line["screen"] == "access":
            got = label(line, "setting.0")
            n = next((i for i in range(1, TEXT_SIZES + 1) if got == text_label(line["lang"], i)), n)
        elif line["screen"] == "welcome" and prev and prev["screen"] not in ("welcome", "access"):
            n = 1
        out.append(n)
        prev = line
    return out


def check_text_sizes(k, disp, size, lang):
    W, H = size
    tag = "textsize-%dx%d-%s" % (W, H, lang)
    problems, seen, pending = [], set(), []
    heights = {}           # text size -> (promise h, question h)
    state = {"n": 0, "checked": 0, "shots": set()}
    text_px = {}           # text size -> {(screen, question, widget): smallest text_px}

    def look():
        """Layout problems of the trace lines since the last look."""
        k.poll()
        sizes = line_sizes(k.lines)
        first = state["checked"]
        state["checked"] = len(k.lines)
        for line, n in zip(k.lines[first:], sizes[first:]):
            must((line["width"], line["height"]) == (W, H),
                 "trace says %dx%d on a %dx%d display" % (line["width"], line["height"], W, H))
            paged = K.paged_problems(line) if n <= 2 and size in K.NO_PAGED_SIZES else []
            if not state.get("speech"):
                seen_px = text_px.setdefault(n, {})
                for w in line["widgets"]:
                    key = (line["screen"], line["question"], w["id"])
                    if w.get("text_px") and w["text_px"] < seen_px.get(key, 1 << 30):
                        seen_px[key] = w["text_px"]
            known = is_pending(size, n)
            for p in K.layout_problems(line, K.PANEL_MM.get(tuple(size))) + paged:
                p = "[%s, text size %d%s] %s" % (line["lang"], n, ", reading aloud"
                                                 if state.get("speech") else "", p)
                if p not in seen:
                    seen.add(p)
                    (pending if known else problems).append(p)
        return K.layout_problems(k.last, K.PANEL_MM.get(tuple(size))) if k.last else []

    def shot(name):
        n, sp = state["n"], "-speech" if state.get("speech") else ""
        bad = look()
        key = (n, sp, name.split("-selected")[0])
        if bad and key not in state["shots"]:
            state["shots"].add(key)
            disp.screenshot(os.path.join(K.E2E_OUT, "%s-size%d%s-%s-problem.png" % (tag, n, sp, name)))
        elif n == TEXT_SIZES and name in SIZE4_SHOTS:
            disp.screenshot(os.path.join(K.E2E_OUT, "%s-size%d%s-%s.png" % (tag, n, sp, name)))

    walked = []
    # every size, then the largest again reading aloud (the most crowded top bar)
    for n, speech in [(n, False) for n in range(1, TEXT_SIZES + 1)] + [(TEXT_SIZES, True)]:
        state["n"], state["speech"] = n, speech
        try:
            welcome, q1 = session(k, lang, n, shot=shot, speech=speech)
            if not speech:
                heights[n] = (height(welcome, "welcome.promise"), height(q1, "question"))
            walked.append("%d%s" % (n, " reading aloud" if speech else ""))
        except Fail as e:
            problems.append("[%s, text size %d%s] the walk stopped: %s"
                            % (lang, n, ", reading aloud" if speech else "", e))
            look()
            if k.proc.poll() is not None:
                problems.append("[%s, text size %d] the kiosk exited (status %s): %s"
                                % (lang, n, k.proc.returncode, k.log_tail()))
                k.start()
                state["checked"] = 0
            else:
                try:
                    k.home()
                except Fail:
                    k.stop()
                    k.start()
                    state["checked"] = 0
        look()
    # Bigger text is bigger: no widget's text is set smaller at a larger size
    for n in range(1, TEXT_SIZES):
        small, big = text_px.get(n, {}), text_px.get(n + 1, {})
        for key in sorted(set(small) & set(big), key=str):
            if big[key] < small[key] - 1:
                (pending if is_pending(size, n + 1) else problems).append(
                    "[%s] %s%s: %s's text is set at %d px at text size %d, smaller than at "
                    "size %d (%d px)" % (lang, key[0], " " + key[1] if key[1] else "", key[2],
                                          big[key], n + 1, n, small[key]))
    # The question does not take all the room a larger text gives: where
    # question 1 is set 15 % larger at the largest size than at size 1, its
    # answers' words grow at least half as much.
    q1_px = [text_px.get(n, {}).get(("question", "heard.listen", "question")) for n in (1, TEXT_SIZES)]
    a1_px = [min((text_px.get(n, {}).get(("question", "heard.listen", "answer.%d" % v)) or 1 << 30)
                 for v in range(1, 6)) for n in (1, TEXT_SIZES)]
    if all(q1_px) and max(a1_px) < 1 << 30:
        gq, ga = q1_px[1] / q1_px[0], a1_px[1] / a1_px[0]
        if gq >= 1.15 and ga < 1 + (gq - 1) / 2:
            problems.append("[%s] question 1 is set at %d px at text size %d (%d px at size 1) but its "
                            "answers only at %d px (%d px): the question took the room" % (
                                lang, q1_px[1], TEXT_SIZES, q1_px[0], a1_px[1], a1_px[0]))
    screens = {l["screen"] for l in k.lines if l["lang"] == lang}
    missing = {"welcome", "access", "service", "question", "review", "thanks"} - screens
    if missing:
        problems.append("screens never shown in %s: %s" % (lang, sorted(missing)))
    grow = "; ".join("size %d: promise %s px, question 1 %s px" % (n, p, q)
                     for n, (p, q) in sorted(heights.items()))
    if 1 in heights and TEXT_SIZES in heights:
        (p1, q1), (p4, q4) = heights[1], heights[TEXT_SIZES]
        grows = problems
        if not (q1 and q4 and q4 > q1):
            grows.append("[%s] question 1's text is %s px high at text size %d and %s px at "
                            "size 1: it does not grow" % (lang, q4, TEXT_SIZES, q1))
        if not (p1 and p4 and p4 > p1):
            grows.append("[%s] Welcome's promise is %s px high at text size %d and %s px at "
                            "size 1: it does not grow" % (lang, p4, TEXT_SIZES, p1))
    else:
        problems.append("[%s] text heights not measured at sizes 1 and %d (walked %s)"
                        % (lang, TEXT_SIZES, walked))
    info("%s text heights: %s" % (tag.replace("textsize", "t-text-sizes"), grow or "none"))
    with open(os.path.join(K.E2E_OUT, tag + ".txt"), "w") as f:
        f.write("%s: %d trace lines, text sizes walked %s\n%s\n" % (tag, len(k.lines), walked, grow))
        f.write("".join(p + "\n" for p in problems) or "no problems\n")
        f.write("".join("pending: %s\n" % p for p in pending))
    must(not problems, "%d problem(s) (all in build/e2e/%s.txt): %s" % (
        len(problems), tag, "; ".join(problems[:10]) + (" ..." if len(problems) > 10 else "")))


def text_size_job(results, tmp, size, lang):
    name = "t-text-sizes-%dx%d-%s" % (size + (lang,))
    try:
        with K.kiosk_on_display(tmp, size, "textsize-%dx%d-%s" % (size + (lang,))) as (disp, k):
            results.check(name, check_text_sizes, k, disp, size, lang)
    except Exception as e:
        if name not in results.done:
            results.add(name, False, "setup: %s" % e)


def jobs(only=None):
    """(function, args) for kiosk.py's layout worker pool: every test size
    in every language, the largest windows first."""
    out = []
    for size in sorted(TEST_SIZES, key=lambda s: -s[0]):
        for lang in K.LANGS:
            if (only is None or "%dx%d-%s" % (size + (lang,)) in only) and K.layout_wanted(size, lang):
                out.append((text_size_job, (size, lang)))
    return out


def clean_e2e_out():
    os.makedirs(K.E2E_OUT, exist_ok=True)
    for f in os.listdir(K.E2E_OUT):  # no stale files of an earlier run
        if f.startswith("textsize-") and (f.endswith(".png") or f.endswith(".txt")):
            os.remove(os.path.join(K.E2E_OUT, f))


def run_pool(results, tmp, work, workers):
    lock = threading.Lock()
    threads = [threading.Thread(target=K.group_layout, args=(results, tmp, work, lock), daemon=True)
               for _ in range(max(1, workers))]
    K.in_parallel(threads)


def cmd_test(only):
    K.preflight()
    t0 = time.monotonic()
    clean_e2e_out()
    tmp = tempfile.mkdtemp(prefix="heard-textsize-")
    results = K.Results()
    work = jobs(set(only) if only else None)
    must(work, "no t-text-sizes group is named %s" % only)
    run_pool(results, tmp, work, K.LAYOUT_WORKERS)
    return K.finish(results, tmp, t0, "TEXTSIZE")


# ---- the screenshot matrix ------------------------------------------------------------

class Matrix:
    """What the matrix jobs wrote, and what went wrong."""

    def __init__(self):
        self.lock = threading.Lock()
        self.paths, self.errors, self.layout = [], [], []

    def add(self, path):
        with self.lock:
            self.paths.append(path)

    def error(self, msg):
        with self.lock:
            self.errors.append(msg)
            print("FAIL screenshots: %s" % msg, flush=True)


def matrix_name(lang, size, contrast, screen):
    return os.path.join(MATRIX_OUT, "%s-size%d-%s-%s.png" % (lang, size, contrast, screen))


def note_layout(m, k, what):
    """Layout problems seen while taking screenshots (reported, not failed:
    the t-text-sizes checks are the test)."""
    seen = set()
    for line, n in zip(k.lines, line_sizes(k.lines)):
        for p in K.layout_problems(line):
            p = "[%s, text size %d] %s" % (line["lang"], n, p)
            if p not in seen:
                seen.add(p)
                with m.lock:
                    m.layout.append("%s: %s" % (what, p))


def matrix_job(m, tmp, lang, contrast):
    """Both matrix text sizes in `lang` and colours `contrast`, on a kiosk of its own."""
    cname, mode = contrast

    def run(disp, k):
        for size in MATRIX_TEXT_SIZES:
            def shot(screen):
                if not screen.endswith("-selected"):
                    m.add(disp.screenshot(matrix_name(lang, size, cname, screen)))
            session(k, lang, size, mode, shot)
    matrix_kiosk(m, tmp, "matrix-%s-%s" % (lang, cname), run)


def matrix_kiosk(m, tmp, tag, run):
    """run(disp, k) on a kiosk of its own at 1280x800; a failure is the
    matrix's error, and layout problems seen are noted."""
    try:
        with K.kiosk_on_display(tmp, SHOT_SIZE, tag) as (disp, k):
            try:
                run(disp, k)
            finally:
                note_layout(m, k, "%s at %dx%d" % ((tag,) + SHOT_SIZE))
    except Fail as e:
        m.error("%s: %s (kept the trace and log in %s)" % (tag, e, tmp))


def timeout_job(m, tmp, size, contrast):
    """The timeout screen in English at text size `size` and colours
    `contrast`: the settings chosen, Start, a service, then nothing until
    the kiosk asks "Do you need more time?" (two minutes, the access
    screen having been used)."""
    cname, mode = contrast

    def run(disp, k):
        k.home()
        choose_settings(k, K.HOME_LANG, size, mode)
        K.expect_welcome(k.click("access.done"))
        K.expect_screen(k.click("start"), "service")
        K.expect_question(k.click("service.0"), 1)
        line = k.wait_screen(len(k.lines), "timeout", ACCESS_IDLE_S + 20)
        must(widget(line, "timeout.title")["label"] == K.UI["timeout.title"],
             "timeout reads %r" % widget(line, "timeout.title")["label"])
        m.add(disp.screenshot(matrix_name(K.HOME_LANG, size, cname, "timeout")))
    matrix_kiosk(m, tmp, "matrix-timeout-%d-%s" % (size, cname), run)


def start_matrix(tmp):
    """Start the matrix in threads; returns (Matrix, wait) where wait()
    joins them.  The timeout kiosks mostly wait, so they do not take a
    place in the pool of HEARD_E2E_LAYOUT_JOBS workers."""
    os.makedirs(MATRIX_OUT, exist_ok=True)
    for f in os.listdir(MATRIX_OUT):  # the count printed is of this run's files
        if f.endswith(".png"):
            os.remove(os.path.join(MATRIX_OUT, f))
    m = Matrix()
    work = [(matrix_job, (lang, c)) for lang in K.LANGS for c in CONTRASTS]
    lock = threading.Lock()

    def worker():
        while not K.STOPPING.is_set():
            with lock:
                if not work:
                    return
                fn, args = work.pop(0)
            fn(m, tmp, *args)

    threads = [threading.Thread(target=timeout_job, args=(m, tmp, size, c), daemon=True)
               for size in MATRIX_TEXT_SIZES for c in CONTRASTS]
    threads += [threading.Thread(target=worker, daemon=True)
                for _ in range(max(1, K.LAYOUT_WORKERS))]
    for t in threads:
        t.start()

    def wait():
        for t in threads:
            t.join()
        return m
    return m, wait


def report_matrix(m):
    """Print the matrix's summary; returns the number of errors."""
    for p in m.layout:
        print("LAYOUT %s" % p)
    print("wrote %d screenshots in %s (%d languages, text sizes %s, %s; the timeout screen "
          "in %s only)" % (len(m.paths), os.path.relpath(MATRIX_OUT, K.ROOT), len(K.LANGS),
                           " and ".join(map(str, MATRIX_TEXT_SIZES)),
                           ", ".join(c for c, _ in CONTRASTS), K.HOME_LANG), flush=True)
    return len(m.errors)


def cmd_screenshots():
    K.preflight()
    t0 = time.monotonic()
    tmp = tempfile.mkdtemp(prefix="heard-matrix-")
    _, wait = start_matrix(tmp)
    m = wait()
    bad = report_matrix(m)
    print("ran for %.0f s" % (time.monotonic() - t0))
    if not bad:
        shutil.rmtree(tmp, ignore_errors=True)
    return 1 if bad else 0


def main(argv):
    if len(argv) < 2 or argv[1] not in ("test", "screenshots") or \
            (argv[1] == "screenshots" and len(argv) > 2):
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        return 2
    if argv[1] == "test":
        return K.guarded(lambda: cmd_test(argv[2:]), "TEXTSIZE")
    return K.guarded(cmd_screenshots, "TEXTSIZE")


if __name__ == "__main__":
    sys.exit(main(sys.argv))
