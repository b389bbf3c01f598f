#!/usr/bin/python3
"""Varied whole sessions as heard-kiosk --script lines (tests only).

    tests/e2e/sessions.py [--sessions N] [--seed S] [--services N] [--speech P]
                          [--expect FILE]

Prints the script of N sessions (no closing `quit`: the caller adds it) to
standard output, the same for the same seed.  With --expect, writes what
the database must then hold, as JSON: {"sent": N, "responses": [[service,
{question: value}], ...]} (service is the index in the configuration, or
null for "I'd rather not say"; value 1-5, 0 skipped, -1 does not apply).

A session may change the language on Welcome, open the accessibility
screen and change settings there (text size, colours, speech speed and
loudness, sometimes reading aloud with probability --speech, sometimes
Undo all changes), choose a service or "I'd rather not say", answer by tap
or by digit key, skip, say "Does not apply", go back and change an answer,
change the service or an answer from the review screen, and end with Send,
Don't send, Start again (on any screen), or by waiting out the timeouts
(inactivity, "Are you still there?", the thanks screen).  The timeouts
assumed are the embedded default configuration's (60 s, 30 s, 10 s; 120 s
and 45 s in accessibility mode).  Used by tests/valgrind.sh and
tests/e2e/privacy.py.  Python standard library only.
"""
import argparse
import configparser
import json
import os
import random
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
LANGS = ["en", "es", "pl", "uk", "ar"]          # the embedded default's languages
# long enough for the inactivity timeout in accessibility mode (120 s) and
# then for "Are you still there?" to give up (45 s): also enough without it
IDLE_TIMEOUT = ["idle 125000", "idle 50000"]
# until "Are you still there?" shows and before it gives up: the timers run
# during an idle as on the kiosk, so this depends on the mode (60 s then 30 s;
# 120 s then 45 s once the settings were opened)
IDLE_TO_ASK = {False: "idle 65000", True: "idle 125000"}
IDLE_THANKS = ["idle 11000"]                     # thanks_seconds = 10
# while reading aloud the thank-you screen stays until its words (the help
# line) have been said, at most 2 minutes
IDLE_THANKS_SPOKEN = ["idle 121000"]
# mid-session Start again asks "Delete your answers and start again?"
AGAIN = ["tap start_again", "tap again.no", "tap start_again", "tap again.yes"]


def question_set(path=os.path.join(ROOT, "assets", "strings", "questions.ini")):
    """The question ids in screen order, and which offer "Does not apply"."""
    p = configparser.ConfigParser(interpolation=None, comment_prefixes=(";", "#"))
    p.optionxform = str
    with open(path, encoding="utf-8") as f:
        p.read_file(f)
    # "enabled = all" (the embedded default): every question not optional
    qids = [s for s in p.sections() if s != "set" and p[s].get("optional", "no") != "yes"]
    return qids, {q: p[q].get("not_applicable", "no") == "yes" for q in qids}


QIDS, HAS_NA = question_set()


def answer(rng, q, lines, given=None):
    """Lines answering question q on its screen, where `given` was answered
    before (Back, or a change from the review); the value stored.  On an
    answered question the same answer is kept with Next (pressing it again
    would clear it), and Skip (there reading Next) needs the answer cleared
    first, by pressing it again."""
    v = rng.choice([1, 2, 3, 4, 5, 1, 2, 3, 4, 5, 0] + ([-1] if HAS_NA[q] else []))
    answered = given is not None and given != 0
    if answered and v == given:
        lines.append("tap next")
        return v
    if answered and v == 0:
        lines.append("tap not_apply" if given == -1 else "tap answer.%d" % given)  # cleared
    if v == 0:
        lines.append("tap skip")
    elif v == -1:
        lines.append("tap not_apply")
    elif rng.random() < 0.2:
        lines.append("key %d" % v)
    else:
        lines.append("tap answer.%d" % v)
    return v


def service(rng, nservices, lines):
    if rng.random() < 0.1:
        lines.append("tap service.not_said")
        return None
    s = rng.randrange(nservices)
    lines.append("tap service.%d" % s)
    return s


def session(rng, nservices=2, speech=0.0):
    """One session from Welcome back to Welcome: its script lines, and
    (service, {question: value}) if it was sent, else None."""
    lines = []
    access = False                                         # accessibility mode's waits
    spoken = False                                         # reading aloud may be on
    if rng.random() < 0.3:
        lines.append("tap lang.%s" % rng.choice(LANGS))
    if rng.random() < 0.15:
        lines.append("tap access")
        access = True
        for _ in range(rng.randint(1, 4)):
            lines.append("tap %s" % rng.choice(["setting.0.up", "setting.0.up", "setting.0.down",
                                                "setting.1", "setting.1"]))
        if rng.random() < speech:
            lines.append("tap setting.2")                  # read aloud on: then speed, loudness
            spoken = True
            lines.append("tap %s" % rng.choice(["setting.3.up", "setting.3.down", "setting.4.down"]))
        if rng.random() < 0.15:
            lines.append("tap setting.7")                  # Undo all changes
        if rng.random() < 0.05:
            return lines + ["tap start_again"], None       # back to Welcome
        lines.append("tap access.done")
    lines.append("tap start")
    if rng.random() < 0.02:
        return lines + AGAIN, None
    svc = service(rng, nservices, lines)
    got = {}
    for i, q in enumerate(QIDS):
        if i == 0 and rng.random() < 0.05:                 # back to the services
            lines.append("tap back")
            svc = service(rng, nservices, lines)
        r = rng.random()
        if r < 0.01:
            return lines + AGAIN, None
        if r < 0.02:                                       # walked away
            return lines + IDLE_TIMEOUT, None
        if r < 0.03:                                       # "Yes, more time"
            lines += [IDLE_TO_ASK[access], "tap timeout.more"]
        got[q] = answer(rng, q, lines)
        if 0 < i < len(QIDS) - 1 and rng.random() < 0.05:  # Back, and answer again
            lines.append("tap back")
            got[q] = answer(rng, q, lines, got[q])
    # the review screen
    if rng.random() < 0.1:
        q = rng.choice(QIDS)
        lines.append("tap change.%s" % q)
        got[q] = answer(rng, q, lines, got[q])
    if rng.random() < 0.03:
        lines.append("tap change.service")
        svc = service(rng, nservices, lines)
    r = rng.random()
    if r < 0.02:
        return lines + AGAIN, None
    if r < 0.04:
        return lines + IDLE_TIMEOUT, None
    if r < 0.10:
        lines += ["tap discard", "tap again.yes"]
        sent = None
    else:
        lines.append("tap send")
        sent = (svc, got)
    r = rng.random()
    lines += (IDLE_THANKS_SPOKEN if spoken else IDLE_THANKS) if r < 0.2 else ["tap start_again"] if r < 0.25 else ["tap done"]
    return lines, sent


def script(n, seed=1, nservices=2, speech=0.0):
    rng = random.Random(seed)
    lines, sent = [], []
    for _ in range(n):
        ls, s = session(rng, nservices, speech)
        lines += ls
        if s is not None:
            sent.append(s)
    return lines, sent


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sessions", type=int, default=200)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--services", type=int, default=2)
    ap.add_argument("--speech", type=float, default=0.0,
                    help="chance that an accessibility visit turns reading aloud on")
    ap.add_argument("--expect")
    a = ap.parse_args()
    lines, sent = script(a.sessions, a.seed, a.services, a.speech)
    sys.stdout.write("".join(line + "\n" for line in lines))
    if a.expect:
        with open(a.expect, "w") as f:
            json.dump({"sent": len(sent), "responses": sent}, f)


if __name__ == "__main__":
    main()
