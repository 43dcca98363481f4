"""Interrupted and concurrent runs, with the real workflow: Ctrl-C in the middle of a run and running again
gives the tables of an uninterrupted run; two corpora run at the same time in one checkout do not corrupt
each other's results or the validation cache."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import QUICK_CONFIG, make_project, snakemake
from shapes import Shape, generate

pytestmark = pytest.mark.slow

SHAPE = Shape([2008, 2008, 2012, 2016, 2016, 2019], paragraphs=5, seed=7)


def tables(out: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted((out / "tables").glob("*.csv"))}


def command(corpus: Path) -> list[str]:
    """What `make run CORPUS=...` runs (the default profile: incomplete outputs are rerun), quick config."""
    return [
        sys.executable,
        "-m",
        "snakemake",
        "--profile",
        "profiles/default",
        "--cores",
        "2",
        "--configfile",
        "quick.yaml",
        "--config",
        f"corpus_path={corpus}",
    ]


@pytest.fixture(scope="module")
def reference(tmp_path_factory):
    """The tables of an uninterrupted run."""
    proj = make_project(tmp_path_factory.mktemp("reference"))
    (proj / "quick.yaml").write_text(QUICK_CONFIG, encoding="utf-8")
    corpus = generate(proj / "corpus", SHAPE)
    subprocess.run(command(corpus), cwd=proj, check=True, capture_output=True, timeout=900)
    return tables(proj / "results" / "corpus")


def test_ctrl_c_then_run_again_gives_the_same_tables(tmp_path, reference):
    proj = make_project(tmp_path / "p")
    (proj / "quick.yaml").write_text(QUICK_CONFIG, encoding="utf-8")
    corpus = generate(proj / "corpus", SHAPE)
    out = proj / "results" / "corpus"
    # The run is started as from a terminal: with Ctrl-C's default action. A suite started in the background
    # (`make test &` in a script: the shell ignores SIGINT for it) passes "ignore SIGINT" on to every child, and a
    # Python started that way never raises KeyboardInterrupt, so the run went on to the end and exited 0: why
    # this test failed in fresh-clone suites run in the background and passed in the foreground and in CI.
    # The run's log goes to a file: a pipe that nobody reads fills up (64 KB) and blocks Snakemake inside a log
    # write, where it swallows Ctrl-C (below).
    log = tmp_path / "snakemake.log"
    with log.open("wb") as stderr:
        run = subprocess.Popen(
            command(corpus),
            cwd=proj,
            stdout=subprocess.DEVNULL,
            stderr=stderr,
            start_new_session=True,
            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
        )
    deadline = time.monotonic() + 300
    while not (out / "interim" / "topics" / "k2.fit.npz").exists():  # in the middle of the K sweep
        assert run.poll() is None and time.monotonic() < deadline, "the run ended before it could be interrupted"
        time.sleep(0.2)
    # Ctrl-C reaches the whole foreground process group. Snakemake 9 swallows a KeyboardInterrupt that lands
    # while it writes a log line (snakemake/logging.py: except (KeyboardInterrupt, SystemExit): pass), and the
    # trigger above fires just as a job finishes, when it logs: the run then goes on, and on a corpus this small
    # finishes within seconds. A person presses Ctrl-C again; this test presses it again after 3 s (a run that
    # took the first one has stopped by then: it stops within a second) until the run stops.
    for _ in range(20):
        os.killpg(run.pid, signal.SIGINT)
        try:
            run.wait(timeout=3)
            break
        except subprocess.TimeoutExpired:
            continue
    run.wait(timeout=120)
    assert run.returncode != 0, log.read_text(encoding="utf-8", errors="replace")[-6000:]
    assert not (out / "report.html").exists()
    again = subprocess.run(command(corpus), cwd=proj, capture_output=True, text=True, timeout=900)
    assert again.returncode == 0, again.stderr[-4000:]
    assert tables(out) == reference


def test_two_corpora_at_once_in_one_checkout(tmp_path, reference):
    proj = make_project(tmp_path / "p")
    (proj / "quick.yaml").write_text(QUICK_CONFIG, encoding="utf-8")
    a = generate(proj / "first", SHAPE)
    b = proj / "second"
    shutil.copytree(a, b)  # the same texts under another name: the same tables are expected
    logs = [tmp_path / f"{c.name}.log" for c in (a, b)]  # files: an unread pipe would stall the second run
    runs = []
    for c, log in zip((a, b), logs):
        with log.open("wb") as stderr:
            runs.append(subprocess.Popen(command(c), cwd=proj, stdout=subprocess.DEVNULL, stderr=stderr))
    for r, log in zip(runs, logs):
        assert r.wait(timeout=1200) == 0, log.read_text(encoding="utf-8", errors="replace")[-4000:]
    assert tables(proj / "results" / "first") == reference
    assert tables(proj / "results" / "second") == reference
    caches = sorted((proj / ".snakemake" / "orgtopics").glob("validation-*.json"))
    assert [c.name.split("-")[1] for c in caches] == ["first", "second"]
    for c in caches:
        assert len(json.loads(c.read_text())) == 2 * len(SHAPE.years)  # cleaned counts and signatures, whole
    # and a later run of each finds nothing to do
    for c in (a, b):
        res = snakemake(
            proj, "--profile", "profiles/default", "--configfile", "quick.yaml", "--config", f"corpus_path={c}", "-n"
        )
        assert "Nothing to be done" in res.stdout + res.stderr
