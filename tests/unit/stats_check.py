#!/usr/bin/python3
"""heard-report's two-proportion test (tools/report_stats.c) against an
independent computation: for random cases printed by `test_stats --z`,
scipy's Pearson chi-square test of the 2x2 table without Yates'
correction, which equals the pooled two-sided z-test; and the run-chart
rules (shift, trend) on random series printed by `stats_runs`, against
this file's own reading of them.  Ends with
"STATS-CHECK: N passed, N failed"."""
import os
import subprocess
import sys

from scipy.stats import chi2_contingency

BUILD = os.environ.get("BUILD", "build")
ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
passed = failed = 0
for seed in (1, 2, 3):
    out = subprocess.run([os.path.join(ROOT, BUILD, "test_stats"), "--z", str(seed), "200"],
                         capture_output=True, text=True, check=True).stdout
    worst, bad = 0.0, []
    for line in out.splitlines():
        k1, n1, k2, n2 = (int(x) for x in line.split()[:4])
        got = float(line.split()[4])
        table = [[k1, n1 - k1], [k2, n2 - k2]]
        if (k1 + k2) in (0, n1 + n2):
            want = 1.0  # nothing varies: no evidence of a change
        else:
            want = chi2_contingency(table, correction=False)[1]
        err = abs(got - want)
        worst = max(worst, err)
        if err > 1e-9 + 1e-7 * want:
            bad.append("%s: got %.10g, scipy %.10g" % (line, got, want))
    if bad:
        failed += 1
        print("FAIL seed %d: %d of 200 differ, e.g. %s" % (seed, len(bad), bad[0]))
    else:
        passed += 1
        print("ok seed %d: 200 cases, largest difference %.3g" % (seed, worst))


# The run-chart rules, read here independently of report_stats.c: runs
# are groups of equal signs, with the points the rules skip taken out
# first; the latest long enough run is the one reported.
def groups(items, key):
    out = []
    for it in items:
        if out and key(out[-1][-1]) == key(it):
            out[-1].append(it)
        else:
            out.append([it])
    return out


def shift(v, med):
    pts = [(i, x) for i, x in enumerate(v) if x >= 0 and x != med]  # on the median: no point
    found = (0, 0, -1)
    for g in groups(pts, lambda p: p[1] > med):
        if len(g) >= 6:
            found = (1 if g[0][1] > med else -1, len(g), g[-1][0])
    return found


def trend(v):
    pts = []
    for i, x in enumerate(v):
        if x >= 0 and not (pts and pts[-1][1] == x):  # equal to the one before: no point
            pts.append((i, x))
    steps = [(pts[j + 1][0], 1 if pts[j + 1][1] > pts[j][1] else -1) for j in range(len(pts) - 1)]
    found = (0, 0, -1)
    for g in groups(steps, lambda s: s[1]):
        if len(g) + 1 >= 5:  # m steps the same way join m + 1 points
            found = (g[0][1], len(g) + 1, g[-1][0])
    return found


for seed in (1, 2, 3):
    out = subprocess.run([os.path.join(ROOT, BUILD, "stats_runs"), str(seed), "2000"],
                         capture_output=True, text=True, check=True).stdout
    bad, hits = [], [0, 0]
    for line in out.splitlines():
        f = [float(x) for x in line.split()]
        v, med, got = f[:12], f[12], tuple(int(x) for x in f[13:])
        want = shift(v, med) + trend(v)
        hits[0] += want[0] != 0
        hits[1] += want[3] != 0
        if got != want:
            bad.append("%s: C %s, here %s" % (line, got[:6], want))
    if bad or not all(hits):
        failed += 1
        print("FAIL runs seed %d: %d of 2000 differ, e.g. %s (shifts %d, trends %d)"
              % (seed, len(bad), bad[:1], hits[0], hits[1]))
    else:
        passed += 1
        print("ok runs seed %d: 2000 series agree (%d shifts, %d trends)" % (seed, hits[0], hits[1]))
print("STATS-CHECK: %d passed, %d failed" % (passed, failed))
sys.exit(1 if failed else 0)
