"""Shared fixtures. Tests import the library like client code: ``from orgtopics import ...``."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "workflow" / "scripts"))
SEEDS = ROOT / "seeds"
SHARED = ROOT.parent / "shared"
CONFIG = ROOT / "config"

#: Set by .ci/run: a test whose system package or shared corpus is missing fails instead of skipping.
STRICT = os.environ.get("ORGTOPICS_REQUIRE_SYSTEM") == "1"


def require(condition: bool, reason: str) -> None:
    """Skip when ``condition`` is false, except in CI (``ORGTOPICS_REQUIRE_SYSTEM=1``), where it fails."""
    if not condition:
        if STRICT:
            pytest.fail(f"required in CI: {reason}")
        pytest.skip(reason)


def shared_corpus(name: str) -> Path:
    """Path of a corpus under ../shared/corpora (skips when absent, fails in CI)."""
    p = SHARED / "corpora" / name
    require(p.is_dir(), f"{p} is absent")
    return p


@pytest.fixture(scope="session")
def seed_docs():
    from orgtopics.corpus import load_corpus

    return {d.id: d for d in load_corpus(SEEDS)}


@pytest.fixture(scope="session")
def segmenter():
    from orgtopics.pipeline import make_segmenter

    return make_segmenter(dictionary=str(CONFIG / "dictionaries" / "orgwork.txt"), themes_file=str(CONFIG / "themes.yaml"),
                          phrases=None, boilerplate=str(CONFIG / "stopwords" / "policy_boilerplate.txt"), seg_cfg={})


def make_project(tmp: Path) -> Path:
    """A copy of the repository's workflow, config, profiles and seeds in ``tmp`` (no results)."""
    for name in ("Snakefile", "workflow", "config", "profiles", "seeds"):
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(src, tmp / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(src, tmp / name)
    return tmp


def snakemake(cwd: Path, *args: str, check: bool = True, timeout: int = 900) -> subprocess.CompletedProcess:
    """Run the real Snakemake of this environment in ``cwd``."""
    cmd = [sys.executable, "-m", "snakemake", "--cores", "2", *args]
    res = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, timeout=timeout)
    if check and res.returncode != 0:
        raise AssertionError(f"{' '.join(cmd)} failed ({res.returncode}):\n{res.stdout[-3000:]}\n{res.stderr[-6000:]}")
    return res
