"""End to end: the naive notebook against the full pipeline on the same scaled corpus, side by side.

    python benchmarks/bench_end_to_end.py SCALED_CORPUS [--out benchmarks/out/end_to_end_<name>.json]

Runs (1) benchmarks/naive_notebook.py and (2) the whole workflow (cleaning, segmentation, K sweep, seed
ensemble, sensitivity, figures, report) with benchmarks/large.yaml, each in a fresh process, and records
wall time, the peak resident memory of the largest single process and the peak of the whole process
tree (Snakemake and every job running at the same moment, sampled every 0.2 s).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def tree_rss_mb(root: int) -> float:
    """Resident memory of ``root`` and all its descendants (MB), from /proc."""
    parent: dict[int, int] = {}
    for d in Path("/proc").iterdir():
        if d.name.isdigit():
            try:
                parent[int(d.name)] = int((d / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                pass
    tree, frontier = {root}, [root]
    while frontier:
        p = frontier.pop()
        kids = [c for c, pp in parent.items() if pp == p and c not in tree]
        tree.update(kids)
        frontier.extend(kids)
    total = 0
    for pid in tree:
        try:
            total += int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * os.sysconf("SC_PAGE_SIZE")
        except (OSError, IndexError, ValueError):
            pass
    return total / 1e6


def timed(cmd: list[str], cwd: Path) -> tuple[float, float, float, int]:
    """Wall time, peak RSS of the largest single process, peak RSS of the whole process tree, exit code."""
    t = time.perf_counter()
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peak_tree = [0.0]
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            peak_tree[0] = max(peak_tree[0], tree_rss_mb(proc.pid))
            done.wait(0.2)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, err = proc.communicate()
    done.set()
    sampler.join()
    wall = time.perf_counter() - t
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    if proc.returncode:
        print(out[-2000:], err[-4000:], file=sys.stderr)
    return wall, max(peak, before) / 1024, peak_tree[0], proc.returncode


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("corpus")
    ap.add_argument("--out")
    ap.add_argument("--skip-naive", action="store_true")
    ap.add_argument("--configfile", default=str(ROOT / "benchmarks/large.yaml"), help="workflow settings (default: large.yaml)")
    args = ap.parse_args()
    corpus = Path(args.corpus).resolve()
    name = corpus.name
    out = Path(args.out or ROOT / f"benchmarks/out/end_to_end_{name}.json")
    mb = sum(p.stat().st_size for p in corpus.glob("*.txt")) / 1e6
    res = {"corpus": str(corpus), "megabytes": round(mb, 1), "cpus": os.cpu_count(), "configfile": args.configfile}
    if not args.skip_naive:
        wall, peak, tree, rc = timed([sys.executable, str(ROOT / "benchmarks/naive_notebook.py"), str(corpus)], ROOT)
        res["naive_s"], res["naive_peak_mb"], res["naive_tree_peak_mb"], res["naive_rc"] = round(wall, 1), round(peak), round(tree), rc
    shutil.rmtree(ROOT / "results" / name, ignore_errors=True)
    shutil.rmtree(ROOT / ".snakemake" / "orgtopics", ignore_errors=True)   # validation cache: a cold start
    cmd = [sys.executable, "-m", "snakemake", "--cores", str(os.cpu_count()), "--configfile", args.configfile,
           "--config", f"corpus_path={corpus}"] + os.environ.get("BENCH_EXTRA", "").split()
    wall, peak, tree, rc = timed(cmd, ROOT)
    res["pipeline_s"], res["pipeline_peak_mb"], res["pipeline_tree_peak_mb"], res["pipeline_rc"] = (
        round(wall, 1), round(peak), round(tree), rc)
    if "naive_s" in res:
        res["ratio_pipeline_over_naive"] = round(res["pipeline_s"] / res["naive_s"], 2)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(res, indent=2) + "\n")
    print(json.dumps(res, indent=2))


if __name__ == "__main__":
    main()
