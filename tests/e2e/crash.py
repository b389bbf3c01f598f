#!/usr/bin/python3
"""Crash safety: the real kiosk killed with SIGKILL at random moments.

    tests/e2e/crash.py [--sessions N] [--seed S]

Rounds of: start build/heard-kiosk (offscreen video, test mode) on one
database that every round shares, feed it a random number of whole
sessions with random answers through --script on a pipe, wait a random
time, and SIGKILL it.  Which sessions reached the thank-you screen is read
from --trace (flushed line by line, so it survives the kill).  After each
round the counts (count_response, count_answer) must have gone up by
exactly those of the sessions whose thank-you screen appeared, each once,
with the answers sent, and be whole sessions (every question's counts add
up to the responses, kiosk.count_problems).  The comment screen is on
([comments] ask = yes): about half the sessions type words on heard's
keyboard (`type`), which may be killed mid-word; the comments stored must
be exactly those of the thanked sessions, each once, and a session's
comment is stored exactly when its counts are (one transaction).  The one exception allowed
is the session whose Send was being stored at the moment of the kill: stored
after the kill landed between the commit and the thank-you screen being
drawn, or not stored when it landed before the commit; both are counted
and reported.  Nothing else may appear or be missing.  Then the sum of
count_response n must be the thanked sessions plus those in-flight ones
stored, and PRAGMA integrity_check must say ok.  Rounds go on until at least N
(default 300) sessions have shown their thank-you screen.

Python standard library only.  Last line: "CRASH: N passed, M failed".
"""
import argparse
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
import json

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import kiosk as K  # noqa: E402  (question ids, services, binary path)

QIDS = K.QIDS
HAS_NA = K.C["has_na"]
SERVICES = K.DEFAULT_SERVICES


WORDS = ["kind", "slow", "room", "cold", "staff", "thanks", "chair", "wait", "good", "quiet"]
CONFIG = "[comments]\nask = yes\n"


def random_session(rng, serial):
    """(service index, answers, comment or None) and the script lines that
    give them.  A comment is unique (serial spelt in words, no digits, so
    nothing is taken out) and typed on heard's keyboard."""
    svc = rng.randrange(len(SERVICES))
    answers, lines = [], ["tap start", "tap service.%d" % svc]
    for q in QIDS:
        choices = [1, 2, 3, 4, 5, 0] + ([-1] if HAS_NA[q] else [])
        v = rng.choice(choices)
        answers.append(v)
        lines.append("tap " + {0: "skip", -1: "not_apply"}.get(v, "answer.%d" % v))
    comment = None
    if rng.random() < 0.5:
        n, parts = serial, []
        while True:
            parts.append(WORDS[n % 10])
            n //= 10
            if not n:
                break
        comment = "note " + " ".join(parts)
        lines += ["type " + comment, "tap comment.next"]
    else:
        lines.append("tap comment.skip")
    lines += ["tap send", "tap done"]
    return (SERVICES[svc], tuple(answers), comment), lines


def stored_comments(db):
    """{(service, text): n} of the comment table."""
    got = {}
    if os.path.exists(db):
        for r in K.sql(db, "SELECT service, text FROM comment"):
            got[(r["service"], r["text"])] = got.get((r["service"], r["text"]), 0) + 1
    return got


def comments_of(sessions):
    got = {}
    for svc, _, c in sessions:
        if c:
            got[(svc, c)] = got.get((svc, c), 0) + 1
    return got


def counted(sessions):
    """The Counts that sessions ((service, answers, comment)) add this month."""
    return K.counts_of([K.expected_row(svc, ans) for svc, ans, _ in sessions])


def run(args):
    rng = random.Random(args.seed)
    tmp = tempfile.mkdtemp(prefix="heard-crash-")
    db = os.path.join(tmp, "crash.db")
    cfg = os.path.join(tmp, "crash.ini")
    with open(cfg, "w") as f:
        f.write(CONFIG)
    env = dict(os.environ, HEARD_TEST="1", SDL_VIDEODRIVER="offscreen", SDL_AUDIODRIVER="dummy")
    serial = comments_thanked = 0
    said_before = {}
    thanked = rounds = in_flight_stored = in_flight_lost = 0
    problems = []
    before = K.Counts()
    while thanked < args.sessions and not problems:
        rounds += 1
        trace = os.path.join(tmp, "round-%d.trace" % rounds)
        sessions, script = [], []
        for _ in range(rng.randint(1, 25)):
            serial += 1
            s, lines = random_session(rng, serial)
            sessions.append(s)
            script += lines
        with open(os.path.join(tmp, "round-%d.log" % rounds), "w") as log:
            p = subprocess.Popen([K.KIOSK, "--config", cfg, "--windowed", "800x480", "--db", db,
                                  "--trace", trace, "--script", "-"],
                                 stdin=subprocess.PIPE, stderr=log, env=env)
            # the random moment is counted from the first screen, not from a
            # start-up that a busy machine makes slow
            end = time.monotonic() + 20
            while time.monotonic() < end and p.poll() is None and not (
                    os.path.exists(trace) and os.path.getsize(trace) > 0):
                time.sleep(0.01)
            try:
                p.stdin.write(("\n".join(script) + "\n").encode())
                p.stdin.flush()
            except BrokenPipeError:
                pass
            # (a session types words too, and a sanitized kiosk is slower:
            # the window spans about the whole script either way)
            time.sleep(rng.uniform(0.0, 0.045 * len(sessions) * K.REACT_SLOW))
            p.send_signal(signal.SIGKILL)
            p.wait()
        if not os.path.exists(trace):
            problems.append("round %d: the kiosk never drew its first screen (log round-%d.log)"
                            % (rounds, rounds))
            break
        with open(trace) as f:  # a line cut by the kill is not a screen
            screens = [json.loads(l)["screen"] for l in f if l.endswith("\n")]
        done = screens.count("thanks")
        # the session after the last thanked one: was its Send pressed?
        last_review = max((i for i, s in enumerate(screens) if s == "review"), default=-1)
        last_thanks = max((i for i, s in enumerate(screens) if s == "thanks"), default=-1)
        sending = last_review > last_thanks and done < len(sessions)
        after = K.stored_counts(db)
        new = after.minus(before)
        extra = new.minus(counted(sessions[:done]))
        said_after = stored_comments(db)
        said_new = {k: n - said_before.get(k, 0) for k, n in said_after.items()
                    if n != said_before.get(k, 0)}
        said_want = comments_of(sessions[:done])
        if extra and sending and extra == counted([sessions[done]]):
            in_flight_stored += 1   # killed between the commit and the thank-you screen
            extra = K.Counts()
            said_want = comments_of(sessions[:done + 1])  # its words with its counts
        elif sending:
            in_flight_lost += 1     # killed while on review or before the commit
        if extra:
            problems.append("round %d: %d sessions thanked, but the counts differ by %r"
                            % (rounds, done, extra))
        if said_new != said_want:
            problems.append("round %d: %d sessions thanked; comments stored %r, expected %r "
                            "(only sent ones, each once, with their counts)"
                            % (rounds, done, sorted(said_new.items())[:4],
                               sorted(said_want.items())[:4]))
        comments_thanked += sum(said_want.values())
        said_before = said_after
        bad = K.count_problems(after)
        if bad:
            problems.append("round %d: %s" % (rounds, "; ".join(bad[:3])))
        thanked += done
        before = after
    check = K.sql_value(db, "PRAGMA integrity_check")
    total = K.stored_counts(db).total
    if total != thanked + in_flight_stored:
        problems.append("%d responses counted, %d sessions thanked + %d stored at the kill"
                        % (total, thanked, in_flight_stored))
    if check != "ok":
        problems.append("integrity_check: %s" % check)
    print("INFO %d rounds, %d sessions thanked, %d responses stored, %d comments stored; Send "
          "in flight at the kill: %d stored, %d not stored; integrity_check: %s; files in %s"
          % (rounds, thanked, total, comments_thanked, in_flight_stored, in_flight_lost, check, tmp))
    return problems


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--sessions", type=int, default=300)
    ap.add_argument("--seed", type=int, default=int(time.time()))
    args = ap.parse_args()
    print("INFO seed %d" % args.seed)
    t0 = time.monotonic()
    problems = run(args)
    name = "k-sigkill-%d-sessions" % args.sessions
    if problems:
        print("FAIL %s: %s" % (name, "; ".join(problems[:5])))
    else:
        print("PASS %s (%.1f s)" % (name, time.monotonic() - t0))
    print("CRASH: %d passed, %d failed" % (0 if problems else 1, 1 if problems else 0))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
