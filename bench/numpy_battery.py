"""Times, on the benchmark's own arrays, the battery this product replaces in numpy/SciPy, and
scipy.stats.ks_2samp alone.

The battery does the kernel's work: drop the missing values, ks_2samp, the reference's deciles by
np.quantile, both histograms by searchsorted, PSI and KL with the same smoothing, jensenshannon,
wasserstein_distance, and mean, variance, min and max of both windows.

usage: python3 bench/numpy_battery.py REFERENCE.f64 CURRENT.f64
Prints one JSON line (versions, and the battery's figures to check against the kernel's), then answers
each line on stdin, "battery" or "ks", with the ms of one run: the benchmark times Python in turn with
the JavaScript contenders, so a busy spell of a shared machine hits them alike.
"""

import json
import sys
import time

import numpy as np
import scipy
from scipy import stats
from scipy.spatial.distance import jensenshannon
from scipy.special import rel_entr

BINS = 10
EPSILON = 1e-4


def summary(x):
    return {"mean": float(np.mean(x)), "variance": float(np.var(x, ddof=1)),
            "min": float(np.min(x)), "max": float(np.max(x))}


def battery(reference, current):
    ref = reference[np.isfinite(reference)]
    cur = current[np.isfinite(current)]
    ks = stats.ks_2samp(ref, cur)
    edges = np.unique(np.quantile(ref, np.arange(1, BINS) / BINS))
    ref_shares = np.bincount(np.searchsorted(edges, ref, side="right"), minlength=len(edges) + 1) / len(ref)
    cur_shares = np.bincount(np.searchsorted(edges, cur, side="right"), minlength=len(edges) + 1) / len(cur)
    rs = np.where(ref_shares == 0, EPSILON, ref_shares)
    cs = np.where(cur_shares == 0, EPSILON, cur_shares)
    return {
        "statistic": float(ks.statistic),
        "pvalue": float(ks.pvalue),
        "psi": float(np.sum((cs - rs) * np.log(cs / rs))),
        "kl": float(np.sum(rel_entr(rs, cs))),
        "js": float(jensenshannon(ref_shares, cur_shares)),
        "wasserstein": float(stats.wasserstein_distance(ref, cur)),
        "reference": summary(ref),
        "current": summary(cur),
    }


def elapsed_ms(fn):
    start = time.perf_counter()
    fn()
    return (time.perf_counter() - start) * 1000


reference = np.fromfile(sys.argv[1], dtype="<f8")
current = np.fromfile(sys.argv[2], dtype="<f8")
runs = {"battery": lambda: battery(reference, current), "ks": lambda: stats.ks_2samp(reference, current)}
print(json.dumps({"numpy": np.__version__, "scipy": scipy.__version__, "battery": battery(reference, current)}),
      flush=True)
for line in sys.stdin:
    print(elapsed_ms(runs[line.strip()]), flush=True)
