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
    from orgtopics.stages.segment import make_segmenter

    return make_segmenter(
        dictionary=str(CONFIG / "dictionaries" / "orgwork.txt"),
        themes_file=str(CONFIG / "themes.yaml"),
        boilerplate=str(CONFIG / "stopwords" / "policy_boilerplate.txt"),
        seg_cfg={},
    )


def make_project(tmp: Path) -> Path:
    """A copy of the repository's workflow, config, profiles and seeds in ``tmp`` (no results)."""
    tmp.mkdir(parents=True, exist_ok=True)
    for name in ("Snakefile", "workflow", "config", "profiles", "seeds", "Makefile", "pyproject.toml"):
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


@pytest.fixture(scope="session")
def project(tmp_path_factory):
    """A copy of the project in which the real workflow has run on the seeds."""
    proj = make_project(tmp_path_factory.mktemp("orgtopics"))
    snakemake(proj)
    return proj


#: A quick configuration for tests that run the workflow on small corpora of their own.
#: The columns of tables/recurring_lines.csv, as the README lists them (checked on the seeds and on generated shapes).
RECURRING_LINES_COLUMNS = ["line", "han", "n_documents", "share", "first_year", "last_year", "forms", "pattern"]

QUICK_CONFIG = """
lda:
  k_values: [2, 3]
  passes: 10
  iterations: 50
  no_below: 1
bootstrap:
  n_boot: 200
stability:
  n_seeds: 2
sensitivity:
  k_delta: 1
"""

FILLER = "各级党组织要结合实际认真研究部署并抓好贯彻执行确保各项任务落到实处取得实效"


def paragraph(words, n=6):
    """A paragraph of real Chinese sentences built around ``words`` (>= 30 Han characters)."""
    parts = [f"要把{w}摆在突出位置" for w in words[:n]]
    return ",".join(parts) + "," + FILLER + "。"


def write_corpus(
    folder: Path,
    docs: dict[str, tuple[int, list[str]]],
    *,
    manifest: bool = True,
    extra_columns: dict[str, dict[str, str]] | None = None,
    encoding: str = "utf-8",
) -> Path:
    """Write a small corpus: ``docs`` maps file name -> (year, paragraphs)."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, (_year, paras) in docs.items():
        (folder / name).write_bytes("\n".join(paras).encode(encoding))
    if manifest:
        extra = extra_columns or {}
        cols = sorted({c for v in extra.values() for c in v})
        lines = [",".join(["file", "year", *cols])]
        for name, (year, _) in docs.items():
            lines.append(",".join([name, str(year), *[extra.get(name, {}).get(c, "") for c in cols]]))
        (folder / "manifest.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def run_corpus(project_dir: Path, corpus: Path, *extra: str, check: bool = True):
    """Run the workflow on one corpus folder the way `make run CORPUS=...` does, with the quick config."""
    cfg = project_dir / "quick.yaml"
    cfg.write_text(QUICK_CONFIG, encoding="utf-8")
    return snakemake(project_dir, "--configfile", str(cfg), "--config", f"corpus_path={corpus}", *extra, check=check)
