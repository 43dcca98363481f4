"""Calibration of the workflow's intervals by simulation (issue 17, point 5): coverage and false verdicts.

    python benchmarks/bench_calibration.py [--replicates 200] [--n-boot 1000] [--out benchmarks/out/calibration.json]

For each setting (documents per year; a theme that did not change and one that rose by half; document-level
heterogeneity 0.5 and none), ``orgtopics.calibration.simulate`` draws corpora with known rates and estimates
the first-to-last change with the workflow's bootstrap, resampling documents and resampling paragraphs only.
Then, for a region confounded with time (region B writes more about the theme and 20 % of the first year's
documents, 80 % of the last's), ``simulate_confounded`` compares the raw change with the region-adjusted one.
Prints one JSON line per setting and writes them all to ``--out``.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "workflow" / "scripts"))

from orgtopics.calibration import ConfoundedSetting, Setting, simulate, simulate_confounded  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--replicates", type=int, default=200)
    ap.add_argument("--n-boot", type=int, default=1000)
    ap.add_argument("--out", default=str(ROOT / "benchmarks" / "out" / "calibration.json"))
    a = ap.parse_args()
    rows = []
    for heterogeneity in (0.5, 0.0):
        for n_docs in (2, 5, 10, 20):
            for rate_last in (0.02, 0.03):
                t = time.perf_counter()
                s = Setting(n_docs=n_docs, rate_last=rate_last, heterogeneity=heterogeneity)
                r = simulate(s, replicates=a.replicates, n_boot=a.n_boot, seed=17)
                r["seconds"] = round(time.perf_counter() - t, 1)
                print(json.dumps(r), flush=True)
                rows.append(r)
    for n_docs in (5, 10, 20):
        for rate_last in (0.02, 0.03):
            t = time.perf_counter()
            c = ConfoundedSetting(n_docs=n_docs, rate_last=rate_last)
            r = simulate_confounded(c, replicates=a.replicates, n_boot=a.n_boot, seed=17)
            r["seconds"] = round(time.perf_counter() - t, 1)
            print(json.dumps(r), flush=True)
            rows.append(r)
    Path(a.out).parent.mkdir(parents=True, exist_ok=True)
    Path(a.out).write_text(json.dumps(rows, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
