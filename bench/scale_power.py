"""How often a ×1.5 change of scale in one hour of a low-traffic model can be flagged (issue 18's target: 90%).

Run from the repository root:  python3 bench/scale_power.py      (numpy and SciPy; about a minute)

The gate (docs/signal.md) keeps a flag when its Holm-adjusted p-value is below 0.01; a model of the signal
bench has 10 tested columns and each column's gate p-value is 3 · min(p_KS, p_chi, p_Mood), so a drifted
column alone in its model needs a test's p-value below 0.01 / (10 · 3). This script draws a phase of the
reference (28 days × n rows an hour) and one hour of n rows with its scale × 1.5, and counts how often each
scale test reaches that level: Mood's (the gate's), Brown–Forsythe's (Levene's test about the medians) and
the F test of two variances (the most powerful one for normal data). It also counts how often each test
rejects at 1% when nothing changed, on normal and on skewed (lognormal, σ 0.8: the bench's `amount`) data:
a test whose p-values are too small there would make the gate raise false alarms.
"""

import numpy as np
import scipy
from scipy import stats

LEVEL = 0.01 / (10 * 3)
DRAWS = 4000
rng = np.random.default_rng(18)


def f_test(current, reference):
    ratio = np.var(current, ddof=1) / np.var(reference, ddof=1)
    tail = stats.f.sf(ratio, len(current) - 1, len(reference) - 1)
    return min(1.0, 2 * min(tail, 1 - tail))


TESTS = {
    "Mood (the gate's)": lambda c, r: stats.mood(c, r).pvalue,
    "Brown-Forsythe": lambda c, r: stats.levene(c, r, center="median").pvalue,
    "F test (normal theory)": f_test,
}


def draw(kind, n, scale):
    """One reference phase and one current hour; the current window's spread about the centre × scale."""
    if kind == "normal":
        return rng.normal(0, scale, n), rng.normal(0, 1, 28 * n)
    centre = np.exp(0.5 * 0.8**2)
    current = centre + scale * (rng.lognormal(0, 0.8, n) - centre)
    return current, rng.lognormal(0, 0.8, 28 * n)


def share(kind, n, scale, test, below):
    return np.mean([test(*draw(kind, n, scale)) < below for _ in range(DRAWS)])


print(f"SciPy {scipy.__version__}, numpy {np.__version__}; {DRAWS} draws a cell; level {LEVEL:.2e}\n")
print("| test | flagged ×1.5, normal, 60 / 120 / 360 rows | flagged ×1.5, lognormal, 60 rows "
      "| p < 1% without change: normal / lognormal, 60 rows |")
print("|---|---|---:|---|")
for name, test in TESTS.items():
    power = " / ".join(f"{share('normal', n, 1.5, test, LEVEL):.0%}" for n in (60, 120, 360))
    skewed = share("lognormal", 60, 1.5, test, LEVEL)
    null = " / ".join(f"{share(kind, 60, 1.0, test, 0.01):.1%}" for kind in ("normal", "lognormal"))
    print(f"| {name} | {power} | {skewed:.0%} | {null} |")
