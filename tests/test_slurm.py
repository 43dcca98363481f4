"""The default job on a real SLURM cluster through the pinned executor plugin (CI starts a one-node
cluster with .ci/slurm-up; on a laptop without SLURM this skips)."""

from __future__ import annotations

import shutil
import subprocess

import pandas as pd
import pytest

from conftest import QUICK_CONFIG, make_project, require, snakemake

pytestmark = [pytest.mark.slow, pytest.mark.system]


def slurm_running() -> bool:
    if not shutil.which("sinfo") or not shutil.which("sbatch"):
        return False
    res = subprocess.run(["sinfo", "-h", "-o", "%t"], capture_output=True, text=True)
    return res.returncode == 0 and any(s in res.stdout for s in ("idle", "mix", "alloc"))


def test_default_job_on_slurm(tmp_path):
    require(slurm_running(), "no running SLURM cluster (run .ci/slurm-up as root)")
    proj = make_project(tmp_path)
    (proj / "quick.yaml").write_text(QUICK_CONFIG, encoding="utf-8")
    snakemake(
        proj, "--profile", "profiles/slurm", "--slurm-keep-successful-logs", "--configfile", "quick.yaml", timeout=1500
    )
    out = proj / "results" / "seeds"
    assert (out / "report.html").stat().st_size > 100_000
    assert len(pd.read_csv(out / "tables" / "documents.csv")) == 5
    logs = list((proj / ".snakemake" / "slurm_logs").rglob("*.log"))
    assert any("fit_lda" in str(p) for p in logs), "jobs did not go through SLURM"
