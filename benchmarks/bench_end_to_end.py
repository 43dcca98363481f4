"""End to end: the naive notebook against the full pipeline on the same scaled corpus, side by side.

    python benchmarks/bench_end_to_end.py SCALED_CORPUS [--repeat N] [--out benchmarks/out/end_to_end_<name>.json]

Runs (1) benchmarks/naive_notebook.py and (2) the whole workflow (cleaning, segmentation, K sweep, seed
ensemble, sensitivity, figures, report) with the default config (config/config.yaml; --configfile for another),
each in a fresh process, and records
wall time, the peak resident memory of the largest single process and the peak of the whole process
tree (Snakemake and every job running at the same moment, sampled every 0.2 s). With ``--repeat N`` it runs
N rounds, alternating which of the two goes first, and reports every round and the medians: on a shared
virtual machine one run of either can be 20 % off its usual time.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# Both runs get Python's default bytecode cache: with PYTHONDONTWRITEBYTECODE set (as in some sandboxes and
# containers) every job of the pipeline would compile the library's modules again, which no researcher's
# machine does; the notebook has no modules of its own to compile.
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def descendants(root: int) -> set[int]:
    """``root`` and every process below it, from the ``children`` lists in /proc (one read per thread of
    each process in the tree, rather than a walk over every process on the machine)."""
    tree, frontier = {root}, [root]
    while frontier:
        pid = frontier.pop()
        for task in Path(f"/proc/{pid}/task").glob("*/children"):
            try:
                kids = [int(c) for c in task.read_text().split()]
            except (OSError, ValueError):
                continue
            new = [c for c in kids if c not in tree]
            tree.update(new)
            frontier.extend(new)
    return tree


def tree_rss_mb(root: int) -> float:
    """Resident memory of ``root`` and all its descendants (MB), from /proc."""
    total = 0
    for pid in descendants(root):
        try:
            total += int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * os.sysconf("SC_PAGE_SIZE")
        except (OSError, IndexError, ValueError):
            pass
    return total / 1e6


def timed(cmd: list[str], cwd: Path) -> tuple[float, float, float, int]:
    """Wall time, peak RSS of the largest single process, peak RSS of the whole process tree, exit code.

    The largest single process comes from ``wait4`` on this run's process (its own and its waited-for
    descendants' maximum), so one run's figure never carries over to the next.
    """
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        t = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, stdout=out, stderr=err, env=ENV)
        peak_tree = [0.0]
        done = threading.Event()

        def sample() -> None:
            while not done.is_set():
                peak_tree[0] = max(peak_tree[0], tree_rss_mb(proc.pid))
                done.wait(0.2)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - t
        done.set()
        sampler.join()
        proc.returncode = rc = os.waitstatus_to_exitcode(status)
        if rc:
            out.seek(0)
            err.seek(0)
            print(
                out.read()[-2000:].decode(errors="replace"),
                err.read()[-4000:].decode(errors="replace"),
                file=sys.stderr,
            )
    return wall, usage.ru_maxrss / 1024, peak_tree[0], rc


def run_naive(corpus: Path) -> dict:
    wall, peak, tree, rc = timed([sys.executable, str(ROOT / "benchmarks/naive_notebook.py"), str(corpus)], ROOT)
    return {"naive_s": round(wall, 1), "naive_peak_mb": round(peak), "naive_tree_peak_mb": round(tree), "naive_rc": rc}


def run_pipeline(corpus: Path, configfile: str) -> dict:
    shutil.rmtree(ROOT / "results" / corpus.name, ignore_errors=True)
    shutil.rmtree(ROOT / ".snakemake" / "orgtopics", ignore_errors=True)  # validation cache: a cold start
    cmd = [
        sys.executable,
        "-m",
        "snakemake",
        "--cores",
        str(os.cpu_count()),
        "--configfile",
        configfile,
        "--config",
        f"corpus_path={corpus}",
    ] + os.environ.get("BENCH_EXTRA", "").split()
    wall, peak, tree, rc = timed(cmd, ROOT)
    jobs = len(list((ROOT / "results" / corpus.name / "logs").glob("*.log")))  # every job writes one log
    return {
        "pipeline_s": round(wall, 1),
        "pipeline_peak_mb": round(peak),
        "pipeline_tree_peak_mb": round(tree),
        "pipeline_rc": rc,
        "pipeline_jobs": jobs,
    }


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("corpus")
    ap.add_argument("--out")
    ap.add_argument("--skip-naive", action="store_true")
    ap.add_argument(
        "--repeat",
        type=int,
        default=1,
        help="rounds of (naive, pipeline), the order alternating from round to round; the ratio "
        "is reported per round and as the median",
    )
    ap.add_argument(
        "--configfile",
        default=str(ROOT / "config/config.yaml"),
        help="workflow settings (default: config/config.yaml, what `make run` uses)",
    )
    args = ap.parse_args()
    corpus = Path(args.corpus).resolve()
    name = corpus.name
    out = Path(args.out or ROOT / f"benchmarks/out/end_to_end_{name}.json")
    mb = sum(p.stat().st_size for p in corpus.glob("*.txt")) / 1e6
    res: dict = {
        "corpus": str(corpus),
        "megabytes": round(mb, 1),
        "cpus": os.cpu_count(),
        "configfile": args.configfile,
        "bytecode_cache": True,
    }
    # Snakemake imports every installed executor plugin at start-up; the SLURM plugin then runs
    # `scontrol show config` (10 s timeout). Where the SLURM client is installed but no controller answers,
    # that is about 10 s of waiting charged to the pipeline: measured here so a run can be read for it.
    t = time.perf_counter()
    subprocess.run([sys.executable, "-c", "import snakemake.cli"], cwd=ROOT, check=True, env=ENV)
    res["snakemake_import_s"] = round(time.perf_counter() - t, 1)
    if res["snakemake_import_s"] > 5:
        print(
            f"warning: importing snakemake took {res['snakemake_import_s']} s; is a SLURM client installed "
            "without a reachable controller (`scontrol show config` hangs)?",
            file=sys.stderr,
        )
    rounds = []
    for r in range(max(1, args.repeat)):
        one: dict = {}
        steps = ["pipeline"] if args.skip_naive else (["naive", "pipeline"] if r % 2 == 0 else ["pipeline", "naive"])
        for step in steps:
            one.update(run_naive(corpus) if step == "naive" else run_pipeline(corpus, args.configfile))
        if "naive_s" in one:
            one["ratio_pipeline_over_naive"] = round(one["pipeline_s"] / one["naive_s"], 2)
        one["order"] = steps
        rounds.append(one)
        print(json.dumps(one), file=sys.stderr)
    if len(rounds) == 1:
        res.update(rounds[0])
    else:
        res["rounds"] = rounds
        for key in ("naive_s", "pipeline_s", "ratio_pipeline_over_naive"):
            if key in rounds[0]:
                res[f"{key}_median"] = statistics.median(x[key] for x in rounds)
        for key in ("naive_peak_mb", "naive_tree_peak_mb", "pipeline_peak_mb", "pipeline_tree_peak_mb"):
            if key in rounds[0]:
                res[f"{key}_max"] = max(x[key] for x in rounds)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(res, indent=2) + "\n")
    print(json.dumps(res, indent=2))


if __name__ == "__main__":
    main()
