#!/usr/bin/python3
"""Crash safety: the real kiosk killed with SIGKILL at random moments.

    tests/e2e/crash.py [--sessions N] [--seed S]

Rounds of: start build/heard-kiosk (offscreen video, test mode) on one
database that every round shares, feed it a random number of whole
sessions with random answers through --script on a pipe, wait a random
time, and SIGKILL it.  Which sessions reached the thank-you screen is read
from --trace (flushed line by line, so it survives the kill).  After each
round the database must hold exactly the sessions whose thank-you screen
appeared, each once, with the answers sent.  The one exception allowed is
the session whose Send was being stored at the moment of the kill: stored
after the kill landed between the commit and the thank-you screen being
drawn, or not stored when it landed before the commit; both are counted
and reported.  Nothing else may appear or be missing.  Then
PRAGMA integrity_check must say ok.  Rounds go on until at least N
(default 300) sessions have shown their thank-you screen.

Python standard library only.  Last line: "CRASH: N passed, M failed".
"""
import argparse
import os
import random
import signal
import sqlite3
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


def random_session(rng):
    """(service index, answers) and the script lines that give them."""
    svc = rng.randrange(len(SERVICES))
    answers, lines = [], ["tap start", "tap service.%d" % svc]
    for q in QIDS:
        choices = [1, 2, 3, 4, 5, 0] + ([-1] if HAS_NA[q] else [])
        v = rng.choice(choices)
        answers.append(v)
        lines.append("tap " + {0: "skip", -1: "not_apply"}.get(v, "answer.%d" % v))
    lines += ["tap send", "tap done"]
    return (SERVICES[svc], tuple(answers)), lines


def stored(db):
    """Multiset (dict of counts) of the responses in db."""
    con = sqlite3.connect(db)
    try:
        rows = con.execute("SELECT r.id, r.service, a.question, a.value FROM response r "
                           "JOIN answer a ON a.response = r.id").fetchall()
    finally:
        con.close()
    by = {}
    for rid, svc, q, v in rows:
        by.setdefault(rid, [svc, {}])[1][q] = v
    out = {}
    for svc, ans in by.values():
        key = (svc, tuple(ans.get(q) for q in QIDS))
        out[key] = out.get(key, 0) + 1
    return out


def diff(after, before):
    d = dict(after)
    for k, n in before.items():
        d[k] = d.get(k, 0) - n
    return {k: n for k, n in d.items() if n}


def run(args):
    rng = random.Random(args.seed)
    tmp = tempfile.mkdtemp(prefix="heard-crash-")
    db = os.path.join(tmp, "crash.db")
    env = dict(os.environ, HEARD_TEST="1", SDL_VIDEODRIVER="offscreen", SDL_AUDIODRIVER="dummy")
    thanked = rounds = in_flight_stored = in_flight_lost = 0
    problems = []
    before = {}
    while thanked < args.sessions and not problems:
        rounds += 1
        trace = os.path.join(tmp, "round-%d.trace" % rounds)
        sessions, script = [], []
        for _ in range(rng.randint(1, 25)):
            s, lines = random_session(rng)
            sessions.append(s)
            script += lines
        with open(os.path.join(tmp, "round-%d.log" % rounds), "w") as log:
            p = subprocess.Popen([K.KIOSK, "--windowed", "800x480", "--db", db, "--trace", trace,
                                  "--script", "-"], stdin=subprocess.PIPE, stderr=log, env=env)
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
            time.sleep(rng.uniform(0.0, 0.03 * len(sessions)))
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
        after = stored(db)
        new = diff(after, before)
        want = {}
        for s in sessions[:done]:
            want[s] = want.get(s, 0) + 1
        extra = diff(new, want)
        if extra and sending and extra == {sessions[done]: 1}:
            in_flight_stored += 1   # killed between the commit and the thank-you screen
            extra = {}
        elif sending:
            in_flight_lost += 1     # killed while on review or before the commit
        if extra:
            problems.append("round %d: %d sessions thanked, but the database differs by %r"
                            % (rounds, done, extra))
        thanked += done
        before = after
    con = sqlite3.connect(db)
    check = con.execute("PRAGMA integrity_check").fetchone()[0]
    total = con.execute("SELECT count(*) FROM response").fetchone()[0]
    con.close()
    if check != "ok":
        problems.append("integrity_check: %s" % check)
    print("INFO %d rounds, %d sessions thanked, %d responses stored; Send in flight at the kill: "
          "%d stored, %d not stored; integrity_check: %s; files in %s"
          % (rounds, thanked, total, in_flight_stored, in_flight_lost, check, tmp))
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
