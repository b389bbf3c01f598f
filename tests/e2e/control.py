#!/usr/bin/python3
"""End-to-end tests of the client staying in control (issue 13, points 1,
2, 8 and 9) through the real kiosk under Xvfb, with real clicks and keys
and the trace.

    tests/e2e/control.py test    every check; PASS/FAIL lines and
                                 "CONTROL: N passed, N failed"; exit 1 on failure

Uses the driver of tests/e2e/kiosk.py (Display, Kiosk, the trace helpers,
the sqlite3 checks) and, for one-switch scanning, tests/e2e/access.py's
scan_choose.  Groups run side by side, each on its own Xvfb and kiosk:

  again (1280x800, default config)
    a-again-no-keeps     Start again on question 3 asks "Delete your
                         answers and start again?" (Yes, delete / No, go
                         back; the question hidden, the screen still named
                         question); No: question 3 again, Back shows
                         question 2's answer; on the review (its second
                         page when there is one) Start again, No: the same
                         page; Send stores exactly the answers given
    b-again-yes          Start again, Yes, delete: Welcome, nothing stored,
                         the next session starts with nothing chosen
    c-again-keys-spoken  keys (reading aloud on by the first key on
                         Welcome): focus to Start again, Return: the dialog,
                         read whole (its question and both answers), focus
                         on No, go back; BackSpace is No: the question, focus
                         on Start again again; Return, Tab, Return: Yes
    d-next-keeps         answer Q1, Back: Skip reads Next (id next); Next:
                         Q2, and the review shows Q1's answer, not Skipped
    e-clear-on-purpose   on an answered question the chosen face pressed
                         again clears it (stays; Skip again; said when
                         reading aloud); the chosen Does not apply too
    f-review-order       review rows read across then down: service, Q1 on
                         the first line, Q2, Q3 on the next (by y then x);
                         skipped and Does not apply rows read "- Skipped"
                         (a dash), answers do not
    n-discard-asks       Don't send, delete my answers asks "Delete your
                         answers? Nothing will be sent." (Yes, delete / No,
                         go back); No: the review, same page, answers kept;
                         Yes: Thanks "Your answers were deleted", nothing
                         stored; the same dialog in Arabic
    o-discard-keys-spoken  by keys, reading aloud: the dialog said, focus on
                         No; Back: "Your answers are kept." first, focus on
                         Don't send (said last); Yes: deleted
    p-no-spoken          Start again on question 1, No: "Your answers are
                         kept." first, the question and its help, the
                         focused Start again last
    shots                build/e2e/control-*.png: the dialogs, the review
  arabic (1280x800, short timeouts)
    g-review-order-ar    the same in Arabic: across from the right
    h-timeout-ar         the timeout screen in Arabic (screenshot), its
                         message in Arabic with the real wait
  small (1024x600)
    i-review-paging      the paging control reads "Next page (1 of N)" and
                         on the last page "First page (N of N)"; rows on
                         each page in reading order
  big (800x480, the 7-inch panel's millimetres)
    m-dialog-big-text    the dialog (and Don't send's) at text size 4 in
                         Polish and Arabic: nothing clipped, overlapping or
                         under 12 mm on the 7-inch panel, no text under
                         kiosk.TEXT_FLOOR_MM (kiosk.layout_problems)
  bigtimeout (800x480 and 1024x600, the 7-inch panel; about 5 minutes)
    r-timeout-big-WxH-LANG  the timeout screen at text sizes 3 and 4
                         (reached through the settings, so after the
                         settings' two minutes): nothing clipped,
                         overlapping, off screen, under 12 mm or under the
                         text floor, and no text set smaller at size 4 than
                         at size 3; Yes, more time: the question again.
                         800x480 in Polish and Arabic, 1024x600 in
                         Ukrainian and Spanish, each on a kiosk of its own
                         (they wait side by side)
  timeout (1280x800, inactivity 10 s, more time 30 s)
    j-countdown          "Are you still there?", "Your answers will be
                         deleted in 30 seconds.", a countdown 0:30, 0:29, ...
                         one trace line a second, each one less, the
                         sentence's seconds always the clock's; Yes, more
                         time: the answers kept
    k-countdown-spoken   reading aloud on (by a key, so accessibility mode's
                         120 s and 45 s, not the config's): the countdown is said at 20 s
                         (and not every second); No, start again: Welcome at
                         once (no second question), nothing stored
  scripted (1024x600, SDL's offscreen driver, kiosks on the script's own
           clock: --script -, no Xvfb)
    w-change-keeps-page  an answer changed from the review's page 2 comes back
                    to page 2, the changed row in view
  v-others-focus    800x480 large text (uk 1 and 4, ar 3): after "Skip, Back
                    and more" on question 7 focus is on Skip, and Tab meets
                    Skip, Does not apply, Back, then "Show the faces"
  s-review-page-spoken  reading aloud (a key on Welcome), to the review,
                         Next page: what is said is "Page 2 of N." then
                         page 2's rows, each in full, in reading order (the
                         focused control last), none of page 1's; page 1
                         said "Page 1 of N." and its own rows the same way
    t-review-timeout-page  the review's page 2, then no input: "Are you
                         still there?"; Yes, more time: the review on page
                         2 again (its paging label and rows); nobody
                         answers the next one: Welcome, and the next
                         session's review starts on page 1
    u-review-title-fits  the review's title ("Check your answers" in each
                         language) at 800x480 in Polish and Arabic, 1024x600
                         in Ukrainian, 720x1280 in Arabic (the panels'
                         millimetres), text sizes 1-4, reading aloud off
                         and on, on every page and after Don't send's No:
                         never clipped, never under the
                         3.2 mm cap floor, inside the window, overlapping
                         nothing (kiosk.layout_problems on the title)
  scan (1280x800, one switch)
    l-scan-order         one-switch scanning on control.no (Back, Skip,
                         Does not apply, the top bar): Start again comes
                         last; chosen by the switch it asks, focus on No, go
                         back; the switch on No: the question, answers kept
    q-scan-discard       (the same session) on to the review: Don't send
                         follows the last answer row; chosen by the switch
                         it asks (focus on No); No: the review, focus on
                         Don't send; Yes: Thanks, deleted, nothing stored
"""
import json
import os
import re
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import kiosk as K  # noqa: E402  (the e2e driver)
from kiosk import (must, widget, focused, summary, buttons, expect_question,  # noqa: E402
                   expect_screen, fmt, label)

UI = K.UI
QIDS = K.QIDS
DASH = "\u2013 "
SHORT_IDLE = """; heard e2e: a short inactivity timeout, the default more time (30 s)
[timeouts]
inactivity_seconds = 10
"""
AR_SHORT = K.SHORT_CONFIG


def ui(line):
    return K.STR[line["lang"]]["ui"]


def expect_dialog(line, where):
    """The "Delete your answers and start again?" dialog, over `where`."""
    u = ui(line)
    must(line["screen"] == where, "the dialog's screen is %s, expected %s (the screen it was asked "
         "on)" % (summary(line), where))
    for wid, key in (("again.title", "again.title"), ("again.yes", "again.yes"),
                     ("again.no", "again.no")):
        must(label(line, wid) == u[key], "Start again on %s: %s reads %r, expected %r (%s)"
             % (where, wid, label(line, wid), u[key], [w["id"] for w in line["widgets"]]))
    ids = [w["id"] for w in buttons(line)]
    must(ids == ["again.no", "again.yes"], "the dialog's controls are %s, expected No then Yes only"
         % ids)
    return line


def page_of(more):
    """The page number a paging control's label names: "Next page (2 of 3)" -> 2."""
    m = re.search(r"\((\d+)\D+\d+\)$", more or "")
    return int(m.group(1)) if m else None


def rows_of(line):
    return [w for w in line["widgets"] if w["id"].startswith("change.")]


def check_reading_order(line, rtl, what):
    """Review rows in reading order: top to bottom, then along the reading
    direction; two columns fill across first."""
    rows = rows_of(line)
    must(rows, "%s: no review rows" % what)
    by_pos = sorted(rows, key=lambda w: (w["y"], -w["x"] if rtl else w["x"]))
    must([w["id"] for w in by_pos] == [w["id"] for w in rows],
         "%s: rows in the order %s, but read (by y then %s) they are %s"
         % (what, [w["id"] for w in rows], "right to left" if rtl else "left to right",
            [w["id"] for w in by_pos]))
    if len(rows) > 2:
        a, b = rows[0], rows[1]
        must(a["y"] == b["y"] and ((b["x"] < a["x"]) if rtl else (b["x"] > a["x"])),
             "%s: the second row %s (x=%d, y=%d) is not beside the first %s (x=%d, y=%d) in the "
             "reading direction" % (what, b["id"], b["x"], b["y"], a["id"], a["x"], a["y"]))


def check_quiet_rows(line, answers, what):
    """Skipped and Does not apply rows read "<question> - Skipped"; answers
    without the dash."""
    L = K.lang_of(line)
    for w in rows_of(line):
        if w["id"] == "change.service":
            continue
        q = w["id"][len("change."):]
        v = answers[QIDS.index(q)]
        word = K.answer_word(v, L["code"])
        want = "%s %s%s" % (L["q"][q], DASH if v in (0, -1) else "", word)
        must(w["label"] == want, "%s: row %s reads %r, expected %r" % (what, w["id"], w["label"], want))


def shot(disp, name):
    return disp.screenshot(os.path.join(K.E2E_OUT, "control-%s.png" % name))


# ---- again ------------------------------------------------------------------------------

def check_again_no_keeps(k, ctx):
    k.home()
    before = K.stored_counts(ctx.db)
    k.click("start")
    expect_question(k.click("service.1"), 1)
    answers = [2, 4, 0, 5, 1, 3, -1, 4]
    expect_question(k.answer(answers[0]), 2)
    expect_question(k.answer(answers[1]), 3)
    line = k.click("start_again")
    expect_dialog(line, "question")
    must(line["index"] == 3, "the dialog on question 3 says index %s" % line["index"])
    must(not widget(line, "answer.1") and not widget(line, "start_again"),
         "the dialog shows the question's controls too: %s" % [w["id"] for w in line["widgets"]])
    shot(k.disp, "again-en")
    line = k.click("again.no")
    expect_question(line, 3)
    must(widget(line, "answer.1") and not widget(line, "again.yes"), "No, go back: %s" % summary(line))
    line = k.click("back")
    expect_question(line, 2)
    must(K.state(line, "answer.%d" % answers[1]) == "selected",
         "after No, go back question 2 shows %s chosen, expected answer.%d"
         % (K.selected(line), answers[1]))
    expect_question(k.click("next"), 3)
    line = K.answer_all_mouse(k, answers, 3)
    expect_screen(line, "review")
    # on the review (its last page, if it has more than one)
    if widget(k.last, "review.more"):
        k.click("review.more")  # page 2
    page = [w["id"] for w in rows_of(k.last)]
    line = k.click("start_again")
    expect_dialog(line, "review")
    line = k.click("again.no")
    expect_screen(line, "review")
    must([w["id"] for w in rows_of(line)] == page, "No, go back on the review shows rows %s, "
         "before it showed %s (another page?)" % ([w["id"] for w in rows_of(line)], page))
    for _ in range(K.SURVEY_MAX_PAGES):  # back to the first page
        if not widget(k.last, "review.more") or page_of(label(k.last, "review.more")) == 1:
            break
        k.click("review.more")
    K.check_review(k, K.DEFAULT_SERVICES[1], answers)
    expect_screen(k.click("send"), "thanks")
    got = K.new_response(ctx.db, before, "a session after Start again, No")
    K.check_row(got, K.expected_row(K.DEFAULT_SERVICES[1], answers), "Start again, No, then Send")
    K.expect_welcome(k.click("done"))


def check_again_yes(k, ctx):
    k.home()
    before = K.stored_counts(ctx.db)
    k.click("start")
    expect_question(k.click("service.0"), 1)
    expect_question(k.answer(5), 2)
    expect_question(k.answer(4), 3)
    expect_dialog(k.click("start_again"), "question")
    line = k.click("again.yes")
    K.expect_welcome(line)
    must(K.stored_counts(ctx.db) == before, "Start again, Yes, delete stored something")
    line = k.click("start")
    must(not K.selected(line), "after Yes, delete the service screen shows %s" % K.selected(line))
    line = k.click("service.0")
    must(not K.selected(line), "after Yes, delete question 1 shows %s" % K.selected(line))
    # from the service screen too
    K.expect_screen(k.click("back"), "service")
    expect_dialog(k.click("start_again"), "service")
    K.expect_welcome(k.click("again.yes"))
    must(K.stored_counts(ctx.db) == before, "Start again, Yes, delete stored something")


def check_again_keys_spoken(k, ctx):
    k.home()
    line = k.key("Tab")  # a key on Welcome: reading aloud on, focus on Start
    must(line["spoken"], "a key on Welcome did not turn reading aloud on: %s" % summary(line))
    expect_screen(k.key("Return"), "service")
    expect_question(K.press(k, "service.0", True), 1)
    expect_question(k.key("3"), 2)
    k.focus_to("start_again")
    line = k.key("Return")
    expect_dialog(line, "question")
    u = ui(line)
    must(focused(line) == "again.no", "the dialog opened by keys has focus on %s, expected "
         "again.no (the safe choice)" % focused(line))
    sp = line["spoken"] or ""
    for key in ("again.title", "again.no", "again.yes"):
        must(u[key] in sp, "the dialog, reading aloud, said %r: no %r" % (sp, u[key]))
    # the focused answer last: what Enter will do is the last thing heard
    must(sp.rstrip(". ").endswith(u["again.no"].rstrip(". ")),
         "the dialog, reading aloud, ends %r; expected the focused %r last" % (sp[-60:], u["again.no"]))
    line = k.key("BackSpace")  # Back is No
    expect_question(line, 2)
    must(focused(line) == "start_again", "after BackSpace in the dialog focus is on %s, expected "
         "start_again (where it was)" % focused(line))
    line = k.key("Return")
    expect_dialog(line, "question")
    k.focus_to("again.yes")
    line = k.key("Return")
    K.expect_welcome(line)


def check_next_keeps(k, ctx):
    k.home()
    k.click("start")
    expect_question(k.click("service.0"), 1)
    expect_question(k.answer(4), 2)
    line = k.click("back")
    expect_question(line, 1)
    must(not widget(line, "skip") and label(line, "next") == UI["question.next"],
         "question 1, answered: %s; expected Next (id next) reading %r and no Skip"
         % ([(w["id"], w["label"]) for w in buttons(line)], UI["question.next"]))
    expect_question(k.click("next"), 2)
    must(widget(k.last, "skip") and not widget(k.last, "next"),
         "question 2, not answered, has no Skip: %s" % [w["id"] for w in buttons(k.last)])
    answers = [4, 3, 5, 2, 1, 0, -1, 5]
    line = K.answer_all_mouse(k, answers, 2)
    expect_screen(line, "review")
    K.check_review(k, K.DEFAULT_SERVICES[0], answers)
    # from the review: change Q7 (Does not apply), Next keeps it
    K.show_row(k, "change." + QIDS[6])
    line = k.click("change." + QIDS[6])
    expect_question(line, 7)
    must(label(line, "next") == UI["question.next"], "question 7 (Does not apply) has no Next")
    expect_screen(k.click("next"), "review")
    K.check_review(k, K.DEFAULT_SERVICES[0], answers)
    K.expect_screen(K.discard(k), "thanks")


def check_clear(k, ctx):
    k.home()
    line = k.key("Tab")  # reading aloud on
    k.click("start")
    expect_question(k.click("service.0"), 1)
    expect_question(k.answer(4), 2)
    expect_question(k.click("back"), 1)
    line = k.click("answer.4", until=lambda l: K.state(l, "answer.4") != "selected", within=3,
                   what="question 1 with answer.4 no longer chosen")
    expect_question(line, 1)
    must(not K.selected(line), "after pressing the chosen face again %s is still chosen"
         % K.selected(line))
    must(widget(line, "skip") and not widget(line, "next"),
         "a cleared question shows %s, expected Skip" % [w["id"] for w in buttons(line)])
    sp = line["spoken"] or ""
    must(UI["question.cleared"] in sp, "clearing was said as %r, expected %r in it"
         % (sp, UI["question.cleared"]))
    time.sleep(0.7)
    k.poll()
    expect_question(k.last, 1)  # and it stayed there
    answers = [0, 1, 2, 3, 4, 5, -1, 2]
    line = K.answer_all_mouse(k, answers[:7])
    expect_question(line, 8)
    expect_question(k.click("back"), 7)
    # chosen: selected, or (keys were used: focus starts on the chosen answer) focused
    must(K.state(k.last, "not_apply") == "selected" or
         (focused(k.last) == "not_apply" and widget(k.last, "next")),
         "question 7 lost its Does not apply: %s" % summary(k.last))
    line = k.click("not_apply", until=lambda l: K.state(l, "not_apply") not in ("selected", None) and
                   widget(l, "skip") and not widget(l, "next"), within=3,
                   what="question 7 with Does not apply no longer chosen (Skip again)")
    expect_question(line, 7)
    expect_question(k.answer(-1), 8)
    expect_screen(k.answer(2), "review")
    K.check_review(k, K.DEFAULT_SERVICES[0], answers)
    K.expect_screen(K.discard(k), "thanks")


def check_review_order(k, ctx):
    k.home()
    k.click("start")
    expect_question(k.click("service.1"), 1)
    answers = [3, 0, 4, 5, 0, 2, -1, 1]
    line = K.answer_all_mouse(k, answers)
    expect_screen(line, "review")
    check_reading_order(line, False, "review (en)")
    want = ["change.service"] + ["change." + q for q in QIDS]
    must([w["id"] for w in rows_of(line)] == want[:len(rows_of(line))],
         "review rows %s, expected %s first" % ([w["id"] for w in rows_of(line)], want))
    check_quiet_rows(line, answers, "review (en)")
    shot(k.disp, "review-en")
    K.check_review(k, K.DEFAULT_SERVICES[1], answers)
    K.expect_screen(K.discard(k), "thanks")


def expect_discard_dialog(line):
    """Don't send's "Delete your answers? Nothing will be sent." over the review."""
    u = ui(line)
    must(line["screen"] == "review", "Don't send asked on %s, expected the review" % summary(line))
    for wid, key in (("again.title", "again.discard"), ("again.yes", "again.yes"),
                     ("again.no", "again.no")):
        must(label(line, wid) == u[key], "Don't send: %s reads %r, expected %r (%s)"
             % (wid, label(line, wid), u[key], [w["id"] for w in line["widgets"]]))
    ids = [w["id"] for w in buttons(line)]
    must(ids == ["again.no", "again.yes"], "Don't send's dialog has %s, expected No then Yes only"
         % ids)
    return line


def check_discard_asks(k, ctx):
    """Don't send, delete my answers asks first ("Delete your answers?
    Nothing will be sent."): No returns to the review, same page, every
    answer kept, and Send still stores them; Yes deletes (Thanks: "Your
    answers were deleted"), nothing stored."""
    k.home()
    before = K.stored_counts(ctx.db)
    k.click("start")
    expect_question(k.click("service.1"), 1)
    answers = [5, 1, 0, 4, 2, 3, -1, 1]
    expect_screen(K.answer_all_mouse(k, answers), "review")
    if widget(k.last, "review.more"):
        k.click("review.more")  # its last page: No must keep it
    page = [w["id"] for w in rows_of(k.last)]
    line = expect_discard_dialog(k.click("discard"))
    must(not rows_of(line), "the dialog shows the review's rows too: %s" % [w["id"] for w in line["widgets"]])
    must(K.stored_counts(ctx.db) == before, "Don't send stored or deleted something before Yes")
    shot(k.disp, "discard-en")
    line = k.click("again.no")
    expect_screen(line, "review")
    must([w["id"] for w in rows_of(line)] == page, "No after Don't send shows rows %s, before it "
         "showed %s" % ([w["id"] for w in rows_of(line)], page))
    for _ in range(K.SURVEY_MAX_PAGES):  # back to the first page
        if not widget(k.last, "review.more") or page_of(label(k.last, "review.more")) == 1:
            break
        k.click("review.more")
    K.check_review(k, K.DEFAULT_SERVICES[1], answers)
    line = expect_discard_dialog(k.click("discard"))
    line = k.click("again.yes")
    expect_screen(line, "thanks")
    must(label(line, "thanks.message") == UI["thanks.deleted"], "Yes, delete: Thanks reads %r"
         % label(line, "thanks.message"))
    must(K.stored_counts(ctx.db) == before, "Don't send, Yes, delete stored something")
    K.expect_welcome(k.click("done"))
    # Arabic: the dialog in Arabic, No at the right
    K.choose_language(k, "ar")
    k.click("start")
    expect_question(k.click("service.0"), 1)
    expect_screen(K.answer_all_mouse(k, [3] * len(QIDS)), "review")
    line = expect_discard_dialog(k.click("discard"))
    must(line["lang"] == "ar" and widget(line, "again.no")["x"] > widget(line, "again.yes")["x"],
         "Arabic Don't send dialog: %s" % summary(line))
    shot(k.disp, "discard-ar")
    expect_screen(k.click("again.no"), "review")
    expect_screen(K.discard(k), "thanks")
    must(K.stored_counts(ctx.db) == before, "Don't send (Arabic) stored something")
    K.expect_welcome(k.click("done"))


def check_discard_keys_spoken(k, ctx):
    """By keys, reading aloud: Don't send asks (said: the question and both
    answers, focus on No); Back (No): "Your answers are kept." first, the
    review, focus back on Don't send; then Yes: Thanks, deleted."""
    k.home()
    before = K.stored_counts(ctx.db)
    k.key("Tab")
    k.focus_to("start")
    expect_screen(k.key("Return"), "service")
    expect_question(K.press(k, "service.0", True), 1)
    for i in range(1, len(QIDS) + 1):
        line = k.key("4")
    expect_screen(line, "review")
    k.focus_to("discard")
    line = expect_discard_dialog(k.key("Return"))
    u = ui(line)
    sp = line["spoken"] or ""
    must(focused(line) == "again.no", "Don't send's dialog: focus on %s, expected again.no" % focused(line))
    for key in ("again.discard", "again.no", "again.yes"):
        must(u[key] in sp, "Don't send's dialog said %r: no %r" % (sp, u[key]))
    line = k.key("BackSpace")
    expect_screen(line, "review")
    must(focused(line) == "discard", "No after Don't send: focus on %s, expected discard" % focused(line))
    sp = line["spoken"] or ""
    must(sp.startswith(u["again.kept"]), "No after Don't send said %r; expected %r first"
         % (sp, u["again.kept"]))
    must(sp.endswith(u["review.discard"] + "."), "No after Don't send said %r; expected the focused "
         "%r last" % (sp, u["review.discard"]))
    expect_discard_dialog(k.key("Return"))
    k.focus_to("again.yes")
    line = k.key("Return")
    expect_screen(line, "thanks")
    must(label(line, "thanks.message") == UI["thanks.deleted"], "Thanks reads %r"
         % label(line, "thanks.message"))
    must(K.stored_counts(ctx.db) == before, "Don't send (keys), Yes stored something")
    K.expect_welcome(K.press(k, "done", True))


def check_no_spoken(k, ctx):
    """Reading aloud, Start again on question 1, then No: "Your answers
    are kept." first, then the question and its help, and the focused
    control (Start again) last, never mid-sentence."""
    k.home()
    k.key("Tab")
    k.focus_to("start")
    expect_screen(k.key("Return"), "service")
    expect_question(K.press(k, "service.0", True), 1)
    k.focus_to("start_again")
    expect_dialog(k.key("Return"), "question")
    line = k.key("BackSpace")
    expect_question(line, 1)
    u = ui(line)
    sp = line["spoken"] or ""
    q = label(line, "question")
    must(sp.startswith(u["again.kept"]), "No said %r; expected %r first" % (sp, u["again.kept"]))
    must(focused(line) == "start_again" and sp.endswith(" " + u["start_again"] + "."),
         "No said %r; expected the focused %r last (after the help)" % (sp, u["start_again"]))
    must(q in sp and sp.index(u["again.kept"]) < sp.index(q) < sp.rindex(u["start_again"]),
         "No said %r; expected kept, the question, then Start again" % sp)
    must(u["start_again"] not in sp[:sp.rindex(u["start_again"])],
         "No said Start again mid-sentence: %r" % sp)
    expect_screen(K.start_again(k, True), "welcome")


def group_again(results, tmp):
    names = ["a-again-no-keeps", "b-again-yes", "c-again-keys-spoken", "d-next-keeps",
             "e-clear-on-purpose", "f-review-order", "n-discard-asks", "o-discard-keys-spoken",
             "p-no-spoken"]
    steps = [check_again_no_keeps, check_again_yes, check_again_keys_spoken, check_next_keeps,
             check_clear, check_review_order, check_discard_asks, check_discard_keys_spoken,
             check_no_spoken]
    with K.Group(results, names) as g:
        g.disp = disp = K.Display(1280, 800, tmp)
        ctx = K.Ctx(os.path.join(tmp, "again.db"))
        g.k = k = K.Kiosk(disp, tmp, "again", ctx.db)
        k.disp = disp
        for name, fn in zip(names, steps):
            if k.proc.poll() is not None:
                k.start()
            results.check(name, fn, k, ctx)


# ---- Arabic ------------------------------------------------------------------------------

def check_review_order_ar(k, ctx):
    k.home()
    K.choose_language(k, "ar")
    k.click("start")
    expect_question(k.click("service.0"), 1)
    line = k.click("start_again")
    expect_dialog(line, "question")
    must(line["lang"] == "ar", "the dialog is in %s" % line["lang"])
    no, yes = widget(line, "again.no"), widget(line, "again.yes")
    must(no["x"] > yes["x"], "Arabic dialog: No, go back at x=%d, Yes at x=%d; expected No first "
         "(at the right)" % (no["x"], yes["x"]))
    shot(k.disp, "again-ar")
    expect_question(k.click("again.no"), 1)
    answers = [5, 0, 3, -1, 2, 4, -1, 0]
    answers[3] = 1  # respect.respect offers no Does not apply
    line = K.answer_all_mouse(k, answers)
    expect_screen(line, "review")
    check_reading_order(line, True, "review (ar)")
    check_quiet_rows(line, answers, "review (ar)")
    shot(k.disp, "review-ar")
    K.check_review(k, K.DEFAULT_SERVICES[0], answers)
    K.expect_screen(K.discard(k), "thanks")


def check_timeout_ar(k, ctx):
    k.home()
    K.choose_language(k, "ar")
    k.click("start")
    expect_question(k.click("service.0"), 1)
    expect_question(k.answer(3), 2)
    line = k.wait_screen(len(k.lines), "timeout", K.IDLE_S + 6)
    u = ui(line)
    must(line["lang"] == "ar", "the timeout screen is in %s" % line["lang"])
    must(label(line, "timeout.title") == u["timeout.title"], "timeout.title reads %r"
         % label(line, "timeout.title"))
    want = K.plural_text(line["lang"], "timeout.deleted", countdown(line))
    must(label(line, "timeout.message") == want, "timeout.message reads %r, expected %r"
         % (label(line, "timeout.message"), want))
    shot(k.disp, "timeout-ar")
    expect_question(k.click("timeout.more"), 2)
    K.start_again(k)


def group_arabic(results, tmp):
    names = ["g-review-order-ar", "h-timeout-ar"]
    with K.Group(results, names) as g:
        g.disp = disp = K.Display(1280, 800, tmp)
        cfg = os.path.join(tmp, "ar-short.ini")
        with open(cfg, "w") as f:
            f.write(AR_SHORT)
        ctx = K.Ctx(os.path.join(tmp, "arabic.db"))
        g.k = k = K.Kiosk(disp, tmp, "arabic", ctx.db, cfg)
        k.disp = disp
        results.check(names[0], check_review_order_ar, k, ctx)
        results.check(names[1], check_timeout_ar, k, ctx)


# ---- a small screen: paging -----------------------------------------------------------------

def check_paging(k, ctx):
    k.home()
    k.click("start")
    expect_question(k.click("service.0"), 1)
    answers = [1, 2, 3, 4, 5, 0, -1, 3]
    line = K.answer_all_mouse(k, answers)
    expect_screen(line, "review")
    more = label(line, "review.more")
    must(more, "the review at 1024x600 fits on one page: no paging to check (%s)"
         % [w["id"] for w in rows_of(line)])
    m = re.search(r"\((\d+)\D+(\d+)\)$", more)
    must(m, "the paging control reads %r: no (page of pages)" % more)
    pages = int(m.group(2))
    for page in range(1, pages + 1):
        line = k.last
        check_reading_order(line, False, "review page %d" % page)
        want = ("Next page (%d\u00a0of\u00a0%d)" if page < pages else
                "First page (%d\u00a0of\u00a0%d)") % (page, pages)
        must(label(line, "review.more") == want, "review page %d: the paging control reads %r, "
             "expected %r" % (page, label(line, "review.more"), want))
        if page == 1:
            shot(k.disp, "review-1024-page1")
        k.click("review.more")
    must(label(k.last, "review.more") == "Next page (1\u00a0of\u00a0%d)" % pages,
         "the last page's control did not go back to page 1: %r" % label(k.last, "review.more"))
    K.check_review(k, K.DEFAULT_SERVICES[0], answers)
    K.expect_screen(K.discard(k), "thanks")


def group_small(results, tmp):
    with K.Group(results, ["i-review-paging"]) as g:
        g.disp = disp = K.Display(1024, 600, tmp)
        ctx = K.Ctx(os.path.join(tmp, "small.db"))
        g.k = k = K.Kiosk(disp, tmp, "small", ctx.db)
        k.disp = disp
        results.check("i-review-paging", check_paging, k, ctx)


def check_dialog_big_text(k, ctx):
    """The dialog at the largest text size on the smallest screen, in
    Polish (long words) and Arabic: nothing clipped, overlapping or under
    12 mm."""
    import access as A
    for code in ("pl", "ar"):
        k.home()
        K.choose_language(k, code)
        line = k.click("access")
        L = K.STR[code]["ui"]
        A.cycle(k, "setting.0", fmt(L["access.text"], n=4, of=4))
        K.expect_screen(k.click("access.done"), "welcome")
        K.press_start(k)  # (the promise's view first, at this size)
        expect_question(k.click("service.0"), 1)
        line = expect_dialog(k.click("start_again"), "question")
        bad = K.layout_problems(line, K.PANEL_MM[(800, 480)])
        must(not bad, "the dialog at text size 4, 800x480, %s: %s" % (code, "; ".join(bad[:4])))
        shot(k.disp, "again-800x480-size4-%s" % code)
        expect_question(k.click("again.no"), 1)
        # Don't send's dialog, the longer question, the same way
        expect_screen(K.answer_all_mouse(k, [4] * len(QIDS)), "review")
        line = expect_discard_dialog(k.click("discard"))
        bad = K.layout_problems(line, K.PANEL_MM[(800, 480)])
        must(not bad, "Don't send's dialog at text size 4, 800x480, %s: %s" % (code, "; ".join(bad[:4])))
        shot(k.disp, "discard-800x480-size4-%s" % code)
        expect_screen(k.click("again.no"), "review")
        K.start_again(k)


def panel_kiosk(g, tmp, size, tag, db):
    """A display of `size` and a kiosk on it told its panel's millimetres
    (kiosk.PANEL_MM), set on the group g for cleanup."""
    g.disp = disp = K.Display(size[0], size[1], tmp)
    cfg = os.path.join(tmp, tag + "-screen.ini")
    with open(cfg, "w") as f:
        f.write(K.screen_config(size))
    g.k = k = K.Kiosk(disp, tmp, tag, db, cfg)
    k.disp = disp
    return k


def group_big(results, tmp):
    with K.Group(results, ["m-dialog-big-text"]) as g:
        ctx = K.Ctx(os.path.join(tmp, "big.db"))
        k = panel_kiosk(g, tmp, (800, 480), "big", ctx.db)
        results.check("m-dialog-big-text", check_dialog_big_text, k, ctx)


# ---- the timeout screen with large text on the 7-inch panel ----------------------------------

BIG_TIMEOUTS = [((800, 480), "pl"), ((800, 480), "ar"), ((1024, 600), "uk"), ((1024, 600), "es")]
ACCESS_IDLE_S = 120  # kiosk/main.c access_idle_ms: the wait once the settings were opened


def text_size(k, code, n):
    """From the question shown, the settings (the top bar's Easier to use):
    text size n of 4, Done: the question again."""
    import access as A
    index = k.last["index"]
    K.expect_screen(k.click("bar.access"), "access")
    A.cycle(k, "setting.0", fmt(K.STR[code]["ui"]["access.text"], n=n, of=4))
    expect_question(k.click("access.done"), index)


def check_timeout_big(k, ctx, size, code):
    k.home()
    K.choose_language(k, code)
    k.click("start")
    expect_question(k.click("service.0"), 1)
    expect_question(k.answer(4), 2)
    seen = {}
    for n in (3, 4):
        text_size(k, code, n)
        line = k.wait_screen(len(k.lines), "timeout", ACCESS_IDLE_S + 20)
        u = ui(line)
        must(label(line, "timeout.title") == u["timeout.title"], "timeout.title reads %r"
             % label(line, "timeout.title"))
        bad = K.layout_problems(line, K.PANEL_MM[size])
        must(not bad, "the timeout screen at text size %d, %dx%d, %s: %s"
             % ((n,) + size + (code, "; ".join(bad[:4]))))
        seen[n] = {w["id"]: w.get("text_px") for w in line["widgets"] if w.get("text_px")}
        shot(k.disp, "timeout-%dx%d-size%d-%s" % (size + (n, code)))
        expect_question(k.click("timeout.more"), 2)
    smaller = ["%s %d px at size 4, %d at size 3" % (wid, seen[4][wid], px)
               for wid, px in sorted(seen[3].items()) if wid in seen[4] and seen[4][wid] < px - 1]
    must(not smaller, "the timeout screen's text is set smaller at text size 4: %s" % smaller)
    K.start_again(k)


def group_timeout_big(results, tmp):
    def one(size, code):
        name = "r-timeout-big-%dx%d-%s" % (size + (code,))
        with K.Group(results, [name]) as g:
            ctx = K.Ctx(os.path.join(tmp, name + ".db"))
            k = panel_kiosk(g, tmp, size, name, ctx.db)
            results.check(name, check_timeout_big, k, ctx, size, code)
    K.in_parallel([threading.Thread(target=one, args=case, daemon=True) for case in BIG_TIMEOUTS])


# ---- timeout --------------------------------------------------------------------------------

def countdown(line):
    got = label(line, "timeout.countdown")
    must(got and ":" in got, "the timeout screen has no countdown: %s"
         % [(w["id"], w["label"]) for w in line["widgets"]])
    m, s = got.split(":")
    return int(m) * 60 + int(s)


def check_countdown(k, ctx):
    k.home()
    before = K.stored_counts(ctx.db)
    k.click("start")
    expect_question(k.click("service.0"), 1)
    expect_question(k.answer(2), 2)
    expect_question(k.answer(5), 3)
    line = k.wait_screen(len(k.lines), "timeout", 16)
    u = ui(line)
    must(label(line, "timeout.title") == "Are you still there?",
         "timeout.title reads %r" % label(line, "timeout.title"))
    must(label(line, "timeout.message") == "Your answers will be deleted in %d seconds."
         % countdown(line), "timeout.message reads %r with the clock at %r"
         % (label(line, "timeout.message"), label(line, "timeout.countdown")))
    for wid in ("timeout.more", "timeout.restart"):
        must(label(line, wid) == u[wid], "%s reads %r" % (wid, label(line, wid)))
    first = countdown(line)
    must(first in (30, 29), "the countdown starts at %d, expected 0:30" % first)
    shot(k.disp, "timeout-en")
    mark = k.lines.index(line)
    time.sleep(3.6)
    k.poll()
    seen = [(l["t_ms"], countdown(l)) for l in k.lines[mark:] if l["screen"] == "timeout"]
    values = [v for _, v in seen]
    must(len(values) >= 4 and all(b == a - 1 for a, b in zip(values, values[1:])),
         "countdown over 3.6 s: %s; expected one line a second, each one less" % seen)
    gaps = [b - a for (a, _), (b, _) in zip(seen, seen[1:])]
    must(all(800 <= g <= 1300 for g in gaps), "countdown lines %s ms apart, expected ~1000" % gaps)
    must(all(l["spoken"] is None for l in k.lines[mark:]), "reading aloud off, yet spoken")
    # the sentence counts down with the clock: never two different times
    odd = [(label(l, "timeout.countdown"), label(l, "timeout.message")) for l in k.lines[mark:]
           if l["screen"] == "timeout" and label(l, "timeout.message") !=
           K.plural_text("en", "timeout.deleted", countdown(l))]
    must(not odd, "the sentence and the clock disagree: %s" % odd[:3])
    shot(k.disp, "timeout-en-later")
    line = k.click("timeout.more")
    expect_question(line, 3)
    line = k.click("back")
    must(K.state(line, "answer.5") == "selected", "after more time question 2 lost its answer")
    K.start_again(k)
    must(K.stored_counts(ctx.db) == before, "something was stored")


def check_countdown_spoken(k, ctx):
    k.home()
    before = K.stored_counts(ctx.db)
    k.key("Tab")  # reading aloud on, and with it accessibility mode's waits
    k.click("start")
    expect_question(k.click("service.0"), 1)
    expect_question(k.answer(2), 2)
    # 120 s (not the config's 10), then 45 s to answer (kiosk/main.c)
    line = k.wait_screen(len(k.lines), "timeout", 130)
    mark = k.lines.index(line)
    must(line["spoken"] and "Are you still there?" in line["spoken"] and
         "45 seconds" in line["spoken"], "the timeout screen said %r" % line["spoken"])
    k.wait(mark + 1, lambda l: l["screen"] == "timeout" and countdown(l) <= 19, 30,
           "the countdown at 0:19")
    said = [(countdown(l), l["spoken"]) for l in k.lines[mark + 1:]
            if l["screen"] == "timeout" and l["spoken"]]
    must(said == [(20, "Your answers will be deleted in 20 seconds.")],
         "reading aloud, the countdown said %s; expected it once, at 20 s" % said)
    line = k.click("timeout.restart")
    K.expect_welcome(line)  # at once: no second question
    must(K.stored_counts(ctx.db) == before, "something was stored")


def group_timeout(results, tmp):
    names = ["j-countdown", "k-countdown-spoken"]
    with K.Group(results, names) as g:
        g.disp = disp = K.Display(1280, 800, tmp)
        cfg = os.path.join(tmp, "idle10.ini")
        with open(cfg, "w") as f:
            f.write(SHORT_IDLE)
        ctx = K.Ctx(os.path.join(tmp, "timeout.db"))
        g.k = k = K.Kiosk(disp, tmp, "timeout", ctx.db, cfg)
        k.disp = disp
        results.check(names[0], check_countdown, k, ctx)
        results.check(names[1], check_countdown_spoken, k, ctx)


# ---- scripted: the review's pages, spoken and kept ------------------------------------------

SCRIPT_SIZE = (1024, 600)  # the 7-inch panel: the review takes pages


def scripted(tmp, name, script, size=SCRIPT_SIZE, lang=None):
    """Run a kiosk on `script` (--script -, SDL's offscreen driver, the
    panel's millimetres; `lang`: --lang); returns its trace lines."""
    w, h = size
    cfg = os.path.join(tmp, name + ".ini")
    with open(cfg, "w") as f:
        f.write("[screen]\nwidth_mm = %g\nheight_mm = %g\n" % K.PANEL_MM[size])
    trace = os.path.join(tmp, name + ".jsonl")
    env = dict(os.environ, HEARD_TEST="1", SDL_VIDEODRIVER="offscreen", SDL_AUDIODRIVER="dummy")
    p = subprocess.run([K.KIOSK, "--db", os.path.join(tmp, name + ".db"), "--config", cfg,
                        "--windowed", "%dx%d" % (w, h), "--trace", trace, "--script", "-"] +
                       (["--lang", lang] if lang else []),
                       input=script, text=True, capture_output=True, env=env, timeout=120)
    must(p.returncode == 0, "the scripted kiosk: status %s, %s" % (p.returncode, p.stderr[-300:]))
    with open(trace) as f:
        return [json.loads(x) for x in f]


def page_said(line):
    """A review page's trace line: what it must say, in order, after its
    texts: "Page N of M." and each row (what the kiosk says: main.c
    screen_speech)."""
    more = label(line, "review.more")
    m = re.search(r"\((\d+)\D+(\d+)\)$", more or "")
    must(m, "the review at %dx%d has no pages to turn: review.more reads %r" % (SCRIPT_SIZE + (more,)))
    return [fmt(ui(line)["review.page"], page=m.group(1), pages=m.group(2))] + \
        [w["label"] for w in rows_of(line)]


def said_in_order(sp, parts):
    """Whether every part is in spoken text sp, in this order."""
    at = 0
    for p in parts:
        at = (sp or "").find(p, at)
        if at < 0:
            return False
        at += len(p)
    return True


def check_review_page_spoken(ctx):
    script = "key next\ntap start\ntap service.0\n" + "key 3\n" * 8 + "idle 1000\n" + \
        "tap review.more\nidle 1000\nquit\n"
    lines = scripted(ctx.tmp, "page-spoken", script)
    reviews = [(i, l) for i, l in enumerate(lines) if l["screen"] == "review"]
    must(len(reviews) >= 2, "the review and its page 2 not both traced: %s" % [summary(l) for l in lines])
    first, second = reviews[0][1], reviews[-1][1]
    must(page_of(label(second, "review.more")) == 2, "Next page did not show page 2: %s"
         % label(second, "review.more"))
    for n, line in ((1, first), (2, second)):
        want = [x for x in (label(line, "review.title"), label(line, "review.hint")) if x] + \
            page_said(line)  # (no hint when large text on a small screen needs its room)
        foc = focused(line)
        if foc:
            want.append(label(line, foc))
        must(said_in_order(line["spoken"], want), "review page %d (rows %s) said %r; expected, in "
             "order, %r" % (n, [w["id"] for w in rows_of(line)], line["spoken"], want))
    ones = [w["label"] for w in rows_of(first)]
    stale = [x for x in ones if x in (second["spoken"] or "")]
    must(not stale, "review page 2 said page 1's rows %s: %r" % (stale, second["spoken"]))


def check_review_timeout_page(ctx):
    # the default config: 60 s without input, then 30 s to answer (no key
    # on Welcome: not accessibility mode); "idle" is one tick at its end
    script = "tap start\ntap service.0\n" + "tap answer.3\n" * 8 + "idle 1000\n" + \
        "tap review.more\nidle 65000\ntap timeout.more\nidle 1000\n" + \
        "idle 65000\nidle 35000\ntap start\ntap service.0\n" + "tap answer.4\n" * 8 + "idle 1000\nquit\n"
    lines = scripted(ctx.tmp, "timeout-page", script)
    at = [l["screen"] for l in lines]
    must("timeout" in at, "no \"Are you still there?\" 65 s after the last tap: %s" % at)
    t = at.index("timeout")
    before = lines[t - 1]
    must(before["screen"] == "review" and page_of(label(before, "review.more")) == 2,
         "before the timeout screen: %s %r, expected the review's page 2"
         % (summary(before), label(before, "review.more")))
    back = lines[t + 1:]
    back = next((l for l in back if l["screen"] != "timeout"), None)
    must(back and back["screen"] == "review", "Yes, more time: %s, expected the review"
         % (back and summary(back)))
    must(page_of(label(back, "review.more")) == 2 and
         [w["id"] for w in rows_of(back)] == [w["id"] for w in rows_of(before)],
         "Yes, more time on the review's page 2: back on %r with rows %s; expected page 2 again "
         "(%s)" % (label(back, "review.more"), [w["id"] for w in rows_of(back)],
                   [w["id"] for w in rows_of(before)]))
    must(at.count("timeout") and "welcome" in at[t + 2:], "unanswered, the second timeout did "
         "not reset to Welcome: %s" % at[t:])
    last = lines[-1]
    must(last["screen"] == "review" and page_of(label(last, "review.more")) == 1,
         "the next session's review: %s %r, expected page 1" % (summary(last), label(last, "review.more")))


TITLE_JOBS = [((800, 480), "pl"), ((800, 480), "ar"), ((1024, 600), "uk"), ((720, 1280), "ar")]


def check_review_title_fits(ctx):
    problems, seen = [], 0
    for size, lang in TITLE_JOBS:
        for n in range(1, 5):
            for speech in (False, True):
                script = "tap access\n" + "tap setting.0.up\n" * (n - 1) + \
                    ("tap setting.2\n" if speech else "") + "tap access.done\ntap start\n" + \
                    "tap service.0\n" + "key 3\n" * len(QIDS) + "idle 500\n" + \
                    "tap review.more\n" * 2 + "tap discard\ntap again.no\nquit\n"
                name = "title-%dx%d-%s-%d%s" % (size + (lang, n, "-speech" if speech else ""))
                lines = [l for l in scripted(ctx.tmp, name, script, size, lang)
                         if l["screen"] == "review" and not label(l, "again.title")]
                if not lines:
                    problems.append("%s: the review was not reached" % name)
                for line in lines:
                    seen += 1
                    t = widget(line, "review.title")
                    want = K.STR[lang]["ui"]["review.title"]
                    if not t or t["label"] != want:
                        problems.append("%s: the title reads %r, expected %r"
                                        % (name, t and t["label"], want))
                        continue
                    bad = [p for p in K.layout_problems(line, K.PANEL_MM[size]) if "review.title" in p]
                    if t.get("clipped"):
                        bad.append("review.title clipped (%d,%d %dx%d, text_px %s)"
                                   % (t["x"], t["y"], t["w"], t["h"], t.get("text_px")))
                    problems += ["%s (%s): %s" % (name, label(line, "review.more"), b) for b in bad]
    must(seen, "no review line traced")
    must(not problems, "%d problem(s) with the review's title: %s"
         % (len(problems), " | ".join(sorted(set(problems))[:6])))


def check_others_focus(ctx):
    """Large text on the 7-inch panel: "Skip, Back and more" turns to a page
    whose first control, Skip (or Next), takes the keyboard's focus; on it
    Skip, Does not apply and Back are met in reading order."""
    for lang, n in (("uk", 1), ("ar", 3), ("uk", 4)):
        script = "tap lang.%s\ntap access\n" % lang + "tap setting.0.up\n" * (n - 1) + \
            "tap access.done\ntap start\ntap service.0\n" + "key 3\n" * 6 + \
            "tap question.more\nkey next\nkey next\nkey next\nquit\n"
        lines = [l for l in scripted(ctx.tmp, "others-%s" % lang, script, (800, 480))
                 if l["screen"] == "question" and l["index"] == 7]
        page2 = [l for l in lines if widget(l, "skip") and widget(l, "not_apply")]
        must(page2, "%s, text size %d: question 7's Skip, Back and Does not apply never shown "
             "(%s)" % (lang, n, [summary(l) for l in lines]))
        must(focused(page2[0]) == "skip", "%s, text size %d: after \"Skip, Back and more\" the "
             "focus is on %s, expected skip" % (lang, n, focused(page2[0])))
        met = []
        for l in page2:
            if focused(l) and focused(l) not in met:
                met.append(focused(l))
        want = ["skip", "not_apply", "back", "question.more"]
        must(met == want, "%s, text size %d: Tab met %s, expected %s (reading order)"
             % (lang, n, met, want))
        for l in page2:
            bad = [p for p in K.layout_problems(l, K.PANEL_MM[(800, 480)]) if "focus order" in p]
            must(not bad, "%s: %s" % (lang, bad))


def check_change_keeps_page(ctx):
    """An answer changed from the review's page 2: back on page 2, with
    the row changed in view (it was page 1, the change out of sight)."""
    start = "tap start\ntap service.0\n" + "key 3\n" * 8 + "idle 1000\ntap review.more\n"
    lines = scripted(ctx.tmp, "change-page-a", start + "idle 500\nquit\n")
    page2 = [l for l in lines if l["screen"] == "review" and page_of(label(l, "review.more")) == 2]
    must(page2, "the review's page 2 never shown at %dx%d" % SCRIPT_SIZE)
    rows = [w["id"] for w in rows_of(page2[-1]) if w["id"] != "change.service"]
    must(rows, "no question's row on the review's page 2")
    row = rows[0]
    lines = scripted(ctx.tmp, "change-page-b", start + "tap %s\ntap answer.1\nidle 500\nquit\n" % row)
    reviews = [l for l in lines if l["screen"] == "review"]
    back = reviews[-1]
    must(page_of(label(back, "review.more")) == 2 and widget(back, row),
         "after changing %s from page 2: back on %r with rows %s, expected page 2 with it"
         % (row, label(back, "review.more"), [w["id"] for w in rows_of(back)]))
    must(K.STR["en"]["ui"]["answer.1"] in widget(back, row)["label"],
         "the changed row reads %r" % widget(back, row)["label"])


def group_scripted(results, tmp):
    ctx = K.Ctx(os.path.join(tmp, "scripted.db"))
    ctx.tmp = tmp
    results.check("s-review-page-spoken", check_review_page_spoken, ctx)
    results.check("t-review-timeout-page", check_review_timeout_page, ctx)
    results.check("u-review-title-fits", check_review_title_fits, ctx)
    results.check("v-others-focus", check_others_focus, ctx)
    results.check("w-change-keeps-page", check_change_keeps_page, ctx)


# ---- one switch -----------------------------------------------------------------------------

def check_scan_order(k, ctx):
    import access as A
    pace = A.SCAN_MS[-1]
    A.open_access_mouse(k)
    A.cycle(k, "setting.5", UI["access.input.2"])
    A.cycle(k, "setting.6", fmt(UI["access.scan"], n=5, of=5), times=6)
    ctx.last_return = 0
    k.click("access.done", until=lambda l: l["screen"] == "welcome", within=3, what="Welcome after Done")
    expect_screen(A.scan_choose(k, ctx, "start", pace), "service")
    expect_question(A.scan_choose(k, ctx, "service.0", pace), 1)
    answers = [3, 4, 2, 5, 1, 2]
    for i, v in enumerate(answers, start=1):
        expect_question(A.scan_choose(k, ctx, "answer.%d" % v, pace), i + 1)
    line = k.last
    expect_question(line, 7)  # control.no: Back, Skip, Does not apply
    order = [w["id"] for w in buttons(line)]
    # the scanning order itself: focus moves by itself through every control
    mark = len(k.lines)
    k.wait(mark, lambda l: focused(l) == "answer.1", (len(order) + 2) * pace / 1000.0 + 2,
           "scanning to come round to answer.1")
    start = len(k.lines) - 1
    k.wait(start + 1, lambda l: focused(l) == "answer.1", (len(order) + 2) * pace / 1000.0 + 2,
           "scanning to come round to answer.1 again")
    seen = []
    for l in k.lines[start:]:
        f = focused(l)
        if f and (not seen or seen[-1] != f):
            seen.append(f)
    seen = seen[:-1]  # answer.1 again
    must(seen == order, "scanning went %s, the controls are %s" % (seen, order))
    must(seen[-1] == "start_again", "scanning on control.no ends with %s, expected start_again "
         "(after %s)" % (seen[-1], seen))
    for wid in ("back", "skip", "not_apply"):
        must(seen.index(wid) < seen.index("start_again"), "Start again comes before %s" % wid)
    line = A.scan_choose(k, ctx, "start_again", pace)
    expect_dialog(line, "question")
    must(focused(line) == "again.no", "the dialog by one switch has focus on %s, expected again.no"
         % focused(line))
    line = A.scan_choose(k, ctx, "again.no", pace)
    expect_question(line, 7)
    K.expect_screen(A.scan_choose(k, ctx, "back", pace), "question")
    must(K.state(k.last, "answer.2") == "selected" or focused(k.last) == "answer.2",
         "after No, go back question 6 lost its answer: %s" % summary(k.last))


def check_scan_discard(k, ctx):
    """One switch (the session l-scan-order left on question 6): to the
    review; Don't send comes right after the last answer row, so chosen by
    the switch it asks first (focus on No, go back); No: the review, focus
    on Don't send, nothing lost; Yes: Thanks, deleted, nothing stored."""
    import access as A
    pace = A.SCAN_MS[-1]
    before = K.stored_counts(ctx.db)
    expect_question(k.last, 6)
    expect_question(A.scan_choose(k, ctx, "next", pace), 7)
    expect_question(A.scan_choose(k, ctx, "answer.3", pace), 8)
    line = A.scan_choose(k, ctx, "answer.4", pace)
    expect_screen(line, "review")
    order = [w["id"] for w in buttons(line)]
    must("discard" in order and order[order.index("discard") - 1].startswith("change."),
         "on the review Don't send does not follow an answer row in the scanning order: %s" % order)
    line = expect_discard_dialog(A.scan_choose(k, ctx, "discard", pace))
    must(focused(line) == "again.no", "Don't send by one switch: focus on %s, expected again.no"
         % focused(line))
    line = A.scan_choose(k, ctx, "again.no", pace)
    expect_screen(line, "review")
    must(focused(line) == "discard", "No by one switch: focus on %s, expected discard" % focused(line))
    must(K.stored_counts(ctx.db) == before, "Don't send, No stored something")
    expect_discard_dialog(A.scan_choose(k, ctx, "discard", pace))
    line = A.scan_choose(k, ctx, "again.yes", pace)
    expect_screen(line, "thanks")
    must(label(line, "thanks.message") == UI["thanks.deleted"], "Thanks reads %r"
         % label(line, "thanks.message"))
    must(K.stored_counts(ctx.db) == before, "Don't send, Yes (one switch) stored something")


def group_scan(results, tmp):
    import access as A
    with K.Group(results, ["l-scan-order", "q-scan-discard"]) as g:
        g.disp = disp = K.Display(1280, 800, tmp)
        ctx = K.Ctx(os.path.join(tmp, "scan.db"))
        g.k = k = A.AKiosk(disp, tmp, "scan", ctx.db)
        k.disp = disp
        results.check("l-scan-order", check_scan_order, k, ctx)
        results.check("q-scan-discard", check_scan_discard, k, ctx)


def cmd_test():
    K.preflight()
    t0 = time.monotonic()
    tmp = tempfile.mkdtemp(prefix="heard-control-")
    results = K.Results()
    groups = os.environ.get("HEARD_CONTROL_GROUPS",
                            "again,arabic,small,big,timeout,scan,bigtimeout,scripted").split(",")
    fns = {"again": group_again, "arabic": group_arabic, "small": group_small, "big": group_big,
           "timeout": group_timeout, "scan": group_scan, "scripted": group_scripted, "bigtimeout": group_timeout_big}
    threads = [threading.Thread(target=fns[g], args=(results, tmp), daemon=True)
               for g in groups if g in fns]
    K.in_parallel(threads)
    return K.finish(results, tmp, t0, "CONTROL")


if __name__ == "__main__":
    sys.exit(K.test_main(sys.argv, "control.py", cmd_test, "CONTROL"))
