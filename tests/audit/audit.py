#!/usr/bin/python3
"""audit.py - heard-report's disclosure auditor.

Builds kiosk databases through the store module (tests/audit/mkdb.c),
runs heard-report over them, reads back every figure it publishes (its
JSON and its CSV) and asks, as a reader holding the report would: for
each hidden group, which counts are still possible given everything
shown?  The figures of one period are linear constraints:

  - shown cells and response counts are known numbers;
  - ALL, when shown, is the sum of the services (per response count,
    per question and value 1..5, skipped, does not apply);
  - a service's answers to one question (answered + skipped + does not
    apply) are at most its responses (equal for a kiosk that asks it,
    zero for one that does not, so "at most" once kiosks are merged);
  - every count is at least 0;
  - with one kiosk's file, a hidden service holds fewer than the
    threshold responses and a hidden question fewer answers (heard-report
    hides only ALL to protect others, and a reader may know it);
  - a hidden question said to hold "fewer" than the threshold answers
    holds at most threshold - 1, one hidden to "protect" another at least
    threshold (when the report says which, as it once did).

For each hidden cell scipy.optimize.linprog minimises and maximises its
number of answers (and a hidden response count) under them.  A hidden
cell FAILS when fewer than `threshold` values remain possible for it
(it could be anything from lo to hi, and hi - lo + 1 < threshold) while
it may be a small group (lo < threshold), or when its 1-5 spread is
pinned (each value's range a single point while it holds answers),
unless it is known to be empty (hi = 0).  A hidden group known to hold
at least `threshold` answers (one hidden only to protect another, whose
responses are shown) may have its size pinned, but not its spread.  Constructs,
trends and changes must not use a hidden cell: a construct shown for a
group whose questions are hidden FAILS.  The CSV must hide exactly what
the JSON hides and show the same numbers.

Runs a few thousand random tallies (every month of a file is one
tally) and hand-made adversarial ones, and prints one line per failing
case and a last line `AUDIT: N passed, M failed`.

usage: /usr/bin/python3 tests/audit/audit.py [--quick] [--seed N] [--case NAME]
       environment: BUILD (default build), REPORT (heard-report to audit)
"""
import csv
import io
import json
import os
import random
import subprocess
import sys
import tempfile
import time

import numpy as np
from scipy.optimize import linprog
from scipy.sparse import csc_matrix

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BUILD = os.environ.get("BUILD", "build")
REPORT = os.environ.get("REPORT", os.path.join(ROOT, BUILD, "heard-report"))
COMPS = ("v1", "v2", "v3", "v4", "v5", "skipped", "na")
# A hidden question's reason in the JSON, when it says one ("fewer": under
# the threshold, "protects": at least it, as heard-report once wrote), is
# one more thing a reader knows: a constraint too.
REASONS = True


def questions():
    """(id, offers n/a) in order, from the shipped question set."""
    out, cur = [], None
    for line in open(os.path.join(ROOT, "assets/strings/questions.ini"), encoding="utf-8"):
        line = line.strip()
        if line.startswith("[") and line != "[set]":
            cur = [line[1:-1], False]
            out.append(cur)
        elif cur and line.replace(" ", "") == "not_applicable=yes":
            cur[1] = True
    return [tuple(q) for q in out]


QS = questions()


def build_mkdb(tmp):
    exe = os.path.join(tmp, "mkdb")
    pc = subprocess.run(["pkg-config", "--cflags", "--libs", "sqlite3"], capture_output=True,
                        text=True, check=True).stdout.split()
    k = os.path.join(ROOT, "core")
    subprocess.run(["cc", "-std=c11", "-O1", "-D_GNU_SOURCE", "-I" + k, "-o", exe,
                    os.path.join(ROOT, "tests/audit/mkdb.c"), os.path.join(k, "store.c"),
                    os.path.join(k, "util.c")] + pc + ["-lm"],
                   check=True)
    return exe


# ---- making tallies --------------------------------------------------------

def month(i):
    """Month i counted from 2021-01 (all long closed)."""
    return "%04d-%02d" % (2021 + i // 12, i % 12 + 1)


def response(rng, skew, asked):
    """One response: question -> value, as a kiosk stores it."""
    ans = []
    for q, has_na in QS:
        if q not in asked:
            continue
        r = rng.random()
        if r < 0.08:
            v = 0
        elif has_na and r < 0.14:
            v = -1
        else:
            v = min(5, max(1, int(round(rng.gauss(skew, 1.2)))))
        ans.append("%s=%d" % (q, v))
    return " ".join(ans)


def group(rng, n, skew, asked=None, fixed=None):
    """n responses of one service in one month, as mkdb lines (count, answers)."""
    asked = asked or {q for q, _ in QS}
    counts = {}
    for _ in range(n):
        a = fixed if fixed is not None else response(rng, skew, asked)
        counts[a] = counts.get(a, 0) + 1
    return list(counts.items())


def lines(rows):
    """rows: (month, service, [(answers, count)]) -> mkdb input, months ascending."""
    out = []
    for m, svc, grp in sorted(rows, key=lambda r: r[0]):
        for a, c in grp:
            out.append("%d\t%s\t%s\t%s\n" % (c, m, svc, a))
    return "".join(out)


def random_size(rng):
    r = rng.random()
    if r < 0.15:
        return 0
    if r < 0.5:
        return rng.randint(1, 9)
    if r < 0.65:
        return rng.randint(10, 14)
    if r < 0.9:
        return rng.randint(15, 60)
    return rng.randint(61, 250)


def random_case(rng, nmonths):
    """One file, nmonths random tallies of 1 to 7 services; half the
    kiosks ask every question, the others some of them."""
    ids = [q for q, _ in QS]
    asked = set(ids) if rng.random() < 0.5 else set(rng.sample(ids, rng.randint(2, len(ids))))
    rows = []
    names = ["Svc%d" % i for i in range(7)] + [""]
    for i in range(nmonths):
        for svc in rng.sample(names, rng.randint(1, 7)):
            rows.append((month(i), svc, group(rng, random_size(rng), rng.uniform(1, 5), asked)))
    return [("kiosk-%d" % rng.randint(0, 9), lines(rows))], (month(0), month(nmonths - 1))


def adversarial(rng):
    """Hand-made cases: (name, files, (from, to))."""
    allq = " ".join("%s=1" % q for q, _ in QS)
    m = month(5)
    cases = []
    # the issue: 30 Counselling, 1 Family support, 1 Young people, "Not at all" throughout
    cases.append(("issue-30-1-1", [("k", lines([
        (m, "Counselling", group(rng, 30, 4)),
        (m, "Family support", [(allq, 1)]),
        (m, "Young people", [(allq, 1)])]))], (m, m)))
    # several tiny services beside one large
    rows = [(m, "Big", group(rng, 200, 4))]
    rows += [(m, "Tiny%d" % i, group(rng, i, 2)) for i in range(1, 6)]
    cases.append(("tiny-beside-large", [("k", lines(rows))], (m, m)))
    # a service with exactly the threshold, beside small and large ones
    for small in (0, 1, 3, 9):
        rows = [(m, "Ten", group(rng, 10, 3)), (m, "Big", group(rng, 80, 4))]
        if small:
            rows.append((m, "Small", group(rng, small, 1)))
        cases.append(("exactly-threshold+%d" % small, [("k", lines(rows))], (m, m)))
    # one question asked by one kiosk only (two files, different questions)
    ids = [q for q, _ in QS]
    for extra in (1, 4, 12):
        a = lines([(m, "Adults", group(rng, 60, 4, set(ids[:-1]))),
                   (m, "Youth", group(rng, 30, 3, set(ids[:-1])))])
        b = lines([(m, "Youth", group(rng, extra, 1, set(ids))),
                   (m, "Drop-in", group(rng, 25, 2, set(ids)))])
        cases.append(("one-kiosk-question+%d" % extra, [("a", a), ("b", b)], (m, m)))
    # empty months between busy ones
    rows = []
    for i in (0, 3, 7):
        rows += [(month(i), "A", group(rng, 40, 4)), (month(i), "B", group(rng, 2, 1))]
    cases.append(("empty-months", [("k", lines(rows))], (month(0), month(8))))
    # many tiny services and no large one; two at exactly the threshold
    rows = [(m, "T%d" % i, group(rng, rng.randint(1, 4), 2)) for i in range(8)]
    cases.append(("only-tiny", [("k", lines(rows))], (m, m)))
    rows = [(m, "P", group(rng, 10, 5)), (m, "Q", group(rng, 10, 1)), (m, "R", group(rng, 2, 3))]
    cases.append(("two-at-threshold", [("k", lines(rows))], (m, m)))
    # the review's case: two services whose responses show but whose first
    # question has 9 answers each (all "Not at all") and 41 skips; only ALL
    # is ever hidden to protect, so each hidden cell is known to be small
    rest = " ".join("%s=4" % q for q, _ in QS[1:])
    nine = [("%s=1 %s" % (QS[0][0], rest), 9), ("%s=0 %s" % (QS[0][0], rest), 41)]
    cases.append(("two-small-cells-of-shown-services", [("k", lines([
        (m, "Counselling", nine), (m, "Family support", nine),
        (m, "Housing", [(" ".join("%s=4" % q for q, _ in QS), 30)])]))], (m, m)))
    return cases


# ---- reading a report ------------------------------------------------------

def run_report(files, rng_months, fmt):
    frm, to = rng_months
    p = subprocess.run([REPORT, "--from", frm, "--to", to, "--format", fmt] + files,
                       capture_output=True)
    if p.returncode:
        raise RuntimeError("heard-report exit %d: %s" % (p.returncode, p.stderr.decode(errors="replace")))
    return p.stdout


def parse_csv(data):
    text = data.decode("utf-8")
    if text.startswith("\ufeff"):
        text = text[1:]
    out = {}
    for r in csv.DictReader(io.StringIO(text, newline="")):
        svc = r["service"][1:] if r["service"][:1] == "'" else r["service"]
        out[(svc, r["period"], r["question"])] = r
    return out


# ---- the reader's linear programme -----------------------------------------

class Programme:
    """One linear programme's constraints, solved for many objectives.
    Through HiGHS directly (scipy's own wrapper, as linprog(method="highs")
    calls it, without linprog's checks on every call) when this scipy has
    it, else through linprog."""

    def __init__(self, n, bounds, aub, bub, aeq, beq):
        self.n, self.bounds, self.args = n, bounds, (aub, bub, aeq, beq)
        self.fast = FAST is not None
        if self.fast:
            rows = [m for m in (aub, aeq) if m is not None]
            self.A = csc_matrix(np.vstack(rows)) if rows else csc_matrix((0, n))
            inf = FAST["inf"]
            lhs = [np.full(len(bub), -inf)] if aub is not None else []
            rhs = [np.asarray(bub, float)] if aub is not None else []
            if aeq is not None:
                lhs.append(np.asarray(beq, float))
                rhs.append(np.asarray(beq, float))
            self.lhs = np.concatenate(lhs) if lhs else np.zeros(0)
            self.rhs = np.concatenate(rhs) if rhs else np.zeros(0)
            self.lb = np.array([b[0] for b in bounds], float)
            self.ub = np.array([inf if b[1] is None else b[1] for b in bounds], float)

    def minimum(self, c):
        """min c.x, or -inf when unbounded."""
        if self.fast:
            r = FAST["wrapper"](np.asarray(c, float), self.A.indptr, self.A.indices, self.A.data,
                                self.lhs, self.rhs, self.lb, self.ub, np.empty(0, np.uint8),
                                FAST["options"])
            if r.get("status") == FAST["optimal"]:
                return r["fun"]
            if r.get("status") == FAST["unbounded"]:
                return -np.inf
        aub, bub, aeq, beq = self.args
        r = linprog(c, A_ub=aub, b_ub=bub, A_eq=aeq, b_eq=beq, bounds=self.bounds, method="highs")
        if r.status == 3:
            return -np.inf
        if r.status != 0:
            raise RuntimeError("linear programme: " + r.message)
        return r.fun

    def range_of(self, cols, lower=True):
        """Smallest and largest possible sum of the columns (integers)."""
        c = np.zeros(self.n)
        c[cols] = 1
        lo = self.minimum(c) if lower else 0
        hi = -self.minimum(-c)
        return int(np.ceil(lo - 1e-6)), (hi if np.isinf(hi) else int(np.floor(hi + 1e-6)))


def fast_highs():
    try:
        from scipy.optimize._highs._highs_wrapper import _highs_wrapper
        from scipy.optimize._highs import _highs_constants as k
        return {"wrapper": _highs_wrapper, "inf": k.CONST_INF, "optimal": k.MODEL_STATUS_OPTIMAL,
                "unbounded": k.MODEL_STATUS_UNBOUNDED,
                "options": {"presolve": True, "sense": k.HIGHS_OBJECTIVE_SENSE_MINIMIZE,
                            "solver": None, "time_limit": None,
                            "highs_debug_level": k.MESSAGE_LEVEL_NONE, "log_to_console": False,
                            "output_flag": False}}
    except (ImportError, AttributeError):
        return None


FAST = fast_highs()


class Period:
    """The figures one report publishes about one period, as constraints.

    One linear programme per question: variables are every service's
    response count and its seven counts for that question; the other
    questions enter through what they show (a service's responses are at
    least the answers it shows to any question)."""

    def __init__(self, groups, threshold, one_kiosk):
        self.T = threshold
        # heard-report hides a service only for being small (ALL alone is
        # hidden to protect others), and a reader may know that: with one
        # kiosk's file, every hidden service holds fewer than the threshold
        # responses, and every hidden question fewer answers.  (Merged
        # kiosks also hide a large group that one kiosk holds little of.)
        self.small = one_kiosk
        self.all = next(g for g in groups if g["service"] == "ALL")
        self.svcs = [g for g in groups if g["service"] != "ALL"]
        self.qi = {q: i for i, (q, _) in enumerate(QS)}
        self.cells = []  # [service][question] -> published cell
        for g in self.svcs:
            row = [None] * len(QS)
            for qq in g["questions"]:
                row[self.qi[qq["question"]]] = qq
            self.cells.append(row)

    @staticmethod
    def counts(qq):
        return qq["spread"] + [qq["skipped"], qq["not_applicable"]]

    def programme(self, q):
        """Variables: r_s (s = 0..S-1), then x_{s,k} at S + 7 s + k."""
        S = len(self.svcs)
        n = S + 7 * S
        lb, ub = np.zeros(n), np.full(n, np.inf)
        aeq, beq, aub, bub = [], [], [], []
        for s, g in enumerate(self.svcs):
            shown = [sum(self.counts(c)) for c in self.cells[s] if c and not c["suppressed"]]
            if g["responses"] is not None:
                lb[s] = ub[s] = g["responses"]
            else:
                if shown:
                    lb[s] = max(shown)
                if self.small:
                    ub[s] = self.T - 1
            c = self.cells[s][q]
            if not c["suppressed"]:
                lb[S + 7 * s:S + 7 * s + 7] = ub[S + 7 * s:S + 7 * s + 7] = self.counts(c)
            elif self.small:
                row = np.zeros(n)
                row[S + 7 * s:S + 7 * s + 5] = 1
                aub.append(row)
                bub.append(self.T - 1)
            elif REASONS and c.get("reason") in ("fewer", "protects"):
                # what the label says: fewer than the threshold answered, or at least it
                row = np.zeros(n)
                row[S + 7 * s:S + 7 * s + 5] = 1 if c["reason"] == "fewer" else -1
                aub.append(row)
                bub.append(self.T - 1 if c["reason"] == "fewer" else -self.T)
            row = np.zeros(n)
            row[S + 7 * s:S + 7 * s + 7] = 1
            row[s] = -1
            aub.append(row)
            bub.append(0)
        if self.all["responses"] is not None:
            row = np.zeros(n)
            row[:S] = 1
            aeq.append(row)
            beq.append(self.all["responses"])
        allq = next(c for c in self.all["questions"] if self.qi[c["question"]] == q)
        if not allq["suppressed"]:
            for k, v in enumerate(self.counts(allq)):
                row = np.zeros(n)
                row[[S + 7 * s + k for s in range(S)]] = 1
                aeq.append(row)
                beq.append(v)
        bounds = list(zip(lb, [None if np.isinf(u) else u for u in ub]))
        return Programme(n, bounds, np.array(aub) if aub else None, np.array(bub) if bub else None,
                         np.array(aeq) if aeq else None, np.array(beq) if beq else None)

    def audit(self):
        """Problems found, as strings."""
        bad = []
        S = len(self.svcs)
        resp_hi = {}
        listed = {self.qi[c["question"]] for c in self.all["questions"]}
        for q in range(len(QS)):
            if q not in listed:  # an optional question (fft.overall) no file holds: not listed
                continue
            prog = None
            allq = next(c for c in self.all["questions"] if self.qi[c["question"]] == q)
            for s, g in enumerate(self.svcs):
                if q == 0 and g["responses"] is None:
                    prog = prog or self.programme(q)
                    lo, hi = prog.range_of([s])
                    resp_hi[s] = hi
                    if hi > 0 and hi - lo + 1 < self.T and lo < self.T:
                        bad.append("%s %s: hidden responses in [%d, %s]" % (g["service"], g["period"], lo, hi))
                c = self.cells[s][q]
                if not c["suppressed"]:
                    continue
                if allq["suppressed"]:
                    # no sum to subtract from: anything from 0 to its responses
                    hi = g["responses"] if g["responses"] is not None else resp_hi.get(s, 0)
                    if hi > 0 and hi + 1 < self.T:
                        bad.append("%s %s %s: hidden answers at most %d" % (
                            g["service"], g["period"], c["question"], hi))
                    continue
                prog = prog or self.programme(q)
                col = S + 7 * s
                lo, hi = prog.range_of(list(range(col, col + 5)))
                if hi - lo + 1 >= self.T or hi == 0:
                    continue  # enough room, or known to be empty: nobody's answer to learn
                spread = [prog.range_of([col + k]) for k in range(5)]
                pinned = all(a == b for a, b in spread)
                if lo < self.T or pinned:
                    bad.append("%s %s %s: hidden answers in [%d, %s]%s" % (
                        g["service"], g["period"], c["question"], lo, hi,
                        ", spread pinned %s" % [a for a, _ in spread] if pinned else ""))
        return bad


def constructs_ok(js):
    """A construct, trend value or change is shown only when every one of
    its questions is shown in that group (or, for a question the group's
    kiosks never ask, empty)."""
    bad = []
    by = {}
    for g in js["groups"]:
        by[(g["service"], g["period"])] = g
        for k, v in g["constructs"].items():
            if v is None:
                continue
            for qq in g["questions"]:
                if qq["construct"] == k and qq["suppressed"] and g["responses"] is None:
                    bad.append("%s %s: construct %s shown though %s is hidden" % (
                        g["service"], g["period"], k, qq["question"]))
    for t in js["trends"]:
        for k in ("heard", "respected", "in control"):
            for p, v in zip(t["periods"], t[k]):
                g = by.get((t["service"], p))
                if v is not None and g is not None and g["constructs"][k] is None:
                    bad.append("%s %s: trend %s shown, construct hidden" % (t["service"], p, k))
    return bad


def audit_report(files, months):
    js = json.loads(run_report(files, months, "json").decode("utf-8"))
    cs = parse_csv(run_report(files, months, "csv"))
    bad = constructs_ok(js)
    periods = {}
    for g in js["groups"]:
        periods.setdefault(g["period"], []).append(g)
        for qq in g["questions"]:
            r = cs.get((g["service"], g["period"], qq["question"]))
            if r is None:
                bad.append("CSV lacks %s %s %s" % (g["service"], g["period"], qq["question"]))
            elif (r["suppressed"] == "1") != qq["suppressed"] or (
                    not qq["suppressed"] and [int(r[c]) for c in ("v1", "v2", "v3", "v4", "v5")] != qq["spread"]):
                bad.append("CSV and JSON differ: %s %s %s" % (g["service"], g["period"], qq["question"]))
    ntallies = 0
    for p, groups in sorted(periods.items()):
        if all(g["responses"] == 0 for g in groups if g["service"] == "ALL"):
            continue
        ntallies += 1
        bad += Period(groups, js["threshold"], len(files) == 1).audit()
    return ntallies, bad


def make_files(mkdb, tmp, name, files):
    paths = []
    for i, (kiosk, data) in enumerate(files):
        path = os.path.join(tmp, "%s-%d.db" % (name, i))
        if os.path.exists(path):
            os.unlink(path)
        subprocess.run([mkdb, path, kiosk], input=data.encode(), check=True)
        paths.append(path)
    return paths


def main():
    quick = "--quick" in sys.argv
    seed = int(sys.argv[sys.argv.index("--seed") + 1]) if "--seed" in sys.argv else 12
    rng = random.Random(seed)
    passed = failed = 0
    start = time.time()
    with tempfile.TemporaryDirectory() as tmp:
        mkdb = build_mkdb(tmp)
        cases = adversarial(rng)
        nrandom = 8 if quick else 40
        for i in range(nrandom):
            files, months = random_case(rng, 36)
            cases.append(("random-%d" % i, files, months))
        tallies = 0
        only = sys.argv[sys.argv.index("--case") + 1] if "--case" in sys.argv else None
        for name, files, months in cases:
            if only and name != only:
                continue
            if only:
                paths = make_files(mkdb, tmp, name, files)
                sys.stdout.write(run_report(paths, months, "json").decode())
            try:
                n, bad = audit_report(make_files(mkdb, tmp, name, files), months)
            except (RuntimeError, subprocess.CalledProcessError, ValueError, KeyError) as e:
                n, bad = 0, ["%s" % e]
            tallies += n
            if bad:
                failed += 1
                print("FAIL %s: %d problems, e.g." % (name, len(bad)))
                for b in bad[:3]:
                    print("    " + b)
            else:
                passed += 1
    print("audit: %d reports, %d tallies (periods with responses), %.1f s" % (
        passed + failed, tallies, time.time() - start))
    print("AUDIT: %d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
