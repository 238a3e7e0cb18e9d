"""Times scipy.stats.ks_2samp alone on the benchmark's own arrays.

usage: python3 bench/scipy_ks.py REFERENCE.f64 CURRENT.f64 REPEATS
Prints JSON: {"scipy": version, "medianMs": ..., "statistic": ..., "pvalue": ...}.
"""

import json
import statistics
import sys
import time

import numpy as np
import scipy
from scipy import stats

reference = np.fromfile(sys.argv[1], dtype="<f8")
current = np.fromfile(sys.argv[2], dtype="<f8")
repeats = int(sys.argv[3])
stats.ks_2samp(reference, current)
times = []
for _ in range(repeats):
    start = time.perf_counter()
    result = stats.ks_2samp(reference, current)
    times.append((time.perf_counter() - start) * 1000)
print(json.dumps({"scipy": scipy.__version__, "medianMs": statistics.median(times),
                  "statistic": float(result.statistic), "pvalue": float(result.pvalue)}))
