"""End to end: the naive notebook against the full pipeline on the same scaled corpus, side by side.

    python benchmarks/bench_end_to_end.py SCALED_CORPUS [--out benchmarks/out/end_to_end_<name>.json]

Runs (1) benchmarks/naive_notebook.py and (2) the whole workflow (cleaning, segmentation, K sweep, seed
ensemble, sensitivity, figures, report) with benchmarks/large.yaml, each in a fresh process, and records
wall time and the peak resident memory of the largest process.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def timed(cmd: list[str], cwd: Path) -> tuple[float, float, int]:
    t = time.perf_counter()
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    res = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True)
    wall = time.perf_counter() - t
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    if res.returncode:
        print(res.stdout[-2000:], res.stderr[-4000:], file=sys.stderr)
    return wall, max(peak, before) / 1024, res.returncode


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("corpus")
    ap.add_argument("--out")
    ap.add_argument("--skip-naive", action="store_true")
    args = ap.parse_args()
    corpus = Path(args.corpus).resolve()
    name = corpus.name
    out = Path(args.out or ROOT / f"benchmarks/out/end_to_end_{name}.json")
    mb = sum(p.stat().st_size for p in corpus.glob("*.txt")) / 1e6
    res = {"corpus": str(corpus), "megabytes": round(mb, 1), "cpus": os.cpu_count()}
    if not args.skip_naive:
        wall, peak, rc = timed([sys.executable, str(ROOT / "benchmarks/naive_notebook.py"), str(corpus)], ROOT)
        res["naive_s"], res["naive_peak_mb"], res["naive_rc"] = round(wall, 1), round(peak), rc
    shutil.rmtree(ROOT / "results" / name, ignore_errors=True)
    cmd = [sys.executable, "-m", "snakemake", "--cores", str(os.cpu_count()), "--configfile",
           str(ROOT / "benchmarks/large.yaml"), "--config", f"corpus_path={corpus}"]
    wall, peak, rc = timed(cmd, ROOT)
    res["pipeline_s"], res["pipeline_peak_mb"], res["pipeline_rc"] = round(wall, 1), round(peak), rc
    if "naive_s" in res:
        res["ratio_pipeline_over_naive"] = round(res["pipeline_s"] / res["naive_s"], 2)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(res, indent=2) + "\n")
    print(json.dumps(res, indent=2))


if __name__ == "__main__":
    main()
