#!/usr/bin/python3
"""make soak: many whole sessions through the real kiosk, and its memory.

    tests/soak.py [--sessions N] [--seed S]

Starts build/heard-kiosk (offscreen video, a 320x240 window, test mode)
with --script on a pipe and its database on /dev/shm (so the disk's fsync
speed does not set the pace), and feeds it N (default 100,000) sessions:
random language, service, answers (some skipped, some Does not apply),
sometimes a change from the review screen, sometimes Start again or
Don't send, sometimes the accessibility screen.  Resident memory (VmRSS)
is read from /proc once 1,000 sessions are stored and again at the end;
the target is growth <= 1 MB.  The database must then hold exactly the
sessions that were sent.  Prints a table; the last line is
"SOAK: N passed, M failed".  Python standard library only.
"""
import argparse
import os
import random
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "e2e"))
import kiosk as K  # noqa: E402

QIDS, HAS_NA, LANGS = K.QIDS, K.C["has_na"], list(K.STR)
GROWTH_KB = 1024


def session(rng):
    """Script lines of one session, and 1 if it ends with Send."""
    lines = []
    if rng.random() < 0.3:
        lines.append("tap lang.%s" % rng.choice(LANGS))
    if rng.random() < 0.05:
        lines += ["tap access", "tap setting.0", "tap setting.1", "tap access.done"]
    lines += ["tap start", "tap service.%d" % rng.randrange(len(K.DEFAULT_SERVICES))]
    for q in QIDS:
        v = rng.choice([1, 2, 3, 4, 5, 0] + ([-1] if HAS_NA[q] else []))
        lines.append("tap " + {0: "skip", -1: "not_apply"}.get(v, "answer.%d" % v))
        if rng.random() < 0.01:
            return lines + ["tap start_again"], 0
    if rng.random() < 0.1:  # change one answer from the review
        lines += ["tap change.%s" % rng.choice(QIDS), "tap answer.3"]
    if rng.random() < 0.05:
        return lines + ["tap discard", "tap again.yes", "tap done"], 0
    return lines + ["tap send", "tap done"], 1


def rss_kb(pid):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return -1


def count(db):
    try:
        con = sqlite3.connect("file:%s?mode=ro" % db, uri=True, timeout=5)
        try:
            return con.execute("SELECT coalesce(sum(n), 0) FROM count_response").fetchone()[0]
        finally:
            con.close()
    except sqlite3.Error:
        return -1


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--sessions", type=int, default=100000)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    shm = tempfile.mkdtemp(prefix="heard-soak-", dir="/dev/shm")
    db = os.path.join(shm, "soak.db")
    log = os.path.join(tempfile.gettempdir(), "heard-soak.log")
    env = dict(os.environ, HEARD_TEST="1", SDL_VIDEODRIVER="offscreen", SDL_AUDIODRIVER="dummy")
    t0 = time.monotonic()
    with open(log, "w") as logf:
        p = subprocess.Popen([K.KIOSK, "--windowed", "320x240", "--db", db, "--script", "-"],
                             stdin=subprocess.PIPE, stderr=logf, env=env)
    sent = [0]
    warm = min(1000, args.sessions)
    marks = {}

    def feed():
        for i in range(args.sessions):
            lines, s = session(rng)
            sent[0] += s
            p.stdin.write(("\n".join(lines) + "\n").encode())
            if i + 1 == warm:
                marks["warm_sent"] = sent[0]
        p.stdin.flush()

    feeder = threading.Thread(target=feed, daemon=True)
    feeder.start()
    while "warm_sent" not in marks or count(db) < marks["warm_sent"]:
        time.sleep(0.2)
        if p.poll() is not None:
            break
    start_kb = rss_kb(p.pid) if p.poll() is None else -1
    t_warm = time.monotonic()
    feeder.join()
    while count(db) < sent[0] and p.poll() is None:
        time.sleep(0.5)
    end_kb = rss_kb(p.pid) if p.poll() is None else -1
    t_end = time.monotonic()
    p.stdin.write(b"quit\n")
    p.stdin.close()
    rc = p.wait(timeout=60)
    stored = count(db)
    for f in os.listdir(shm):
        os.remove(os.path.join(shm, f))
    os.rmdir(shm)
    growth = end_kb - start_kb
    rate = (args.sessions - warm) / (t_end - t_warm) if t_end > t_warm else 0
    print("%-44s %14s %10s" % ("figure", "value", "target"))
    print("%-44s %14d %10s" % ("sessions run", args.sessions, ""))
    print("%-44s %14d %10s" % ("sessions sent (and stored)", stored, sent[0]))
    print("%-44s %11d kB %10s" % ("resident memory after %d sessions" % warm, start_kb, ""))
    print("%-44s %11d kB %10s" % ("resident memory at the end", end_kb, ""))
    print("%-44s %11d kB %7d kB" % ("growth", growth, GROWTH_KB))
    print("%-44s %14.0f %10s" % ("sessions per second", rate, ""))
    print("%-44s %12.0f s %10s" % ("wall time", time.monotonic() - t0, ""))
    problems = []
    if rc != 0:
        problems.append("kiosk exit status %s (log %s)" % (rc, log))
    if stored != sent[0]:
        problems.append("%d responses stored, %d sent" % (stored, sent[0]))
    if start_kb < 0 or end_kb < 0 or growth > GROWTH_KB:
        problems.append("resident memory %d kB -> %d kB" % (start_kb, end_kb))
    name = "s-soak-%d-sessions" % args.sessions
    print(("FAIL %s: %s" % (name, "; ".join(problems))) if problems else "PASS %s" % name)
    print("SOAK: %d passed, %d failed" % (0 if problems else 1, 1 if problems else 0))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
