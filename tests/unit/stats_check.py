#!/usr/bin/python3
"""heard-report's two-proportion test (tools/report_stats.c) against an
independent computation: for random cases printed by `test_stats --z`,
scipy's Pearson chi-square test of the 2x2 table without Yates'
correction, which equals the pooled two-sided z-test.  Ends with
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
print("STATS-CHECK: %d passed, %d failed" % (passed, failed))
sys.exit(1 if failed else 0)
