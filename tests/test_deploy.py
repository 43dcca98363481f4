"""The workflow deployed as a Snakemake module, the way `snakedeploy deploy-workflow` sets up a catalog
workflow: another folder with its own config/ and data, and a workflow/Snakefile that uses this checkout's
workflow as a module."""

import shutil

import pytest

from conftest import ROOT, snakemake

DEPLOYED_SNAKEFILE = """\
configfile: "config/config.yaml"


module orgtopics:
    snakefile:
        "{snakefile}"
    config:
        config


use rule * from orgtopics
"""


@pytest.mark.slow
def test_runs_as_a_module_from_another_folder(project, tmp_path):
    """Every path the workflow opens resolves from the user's folder (config, word lists, corpus, results) or
    from the module's own folder (scripts, schemas, captions): the seeds give byte-identical tables and figures
    to a run in the checkout, and the results folder is claimed for its corpus."""
    user = tmp_path / "my-study"
    shutil.copytree(ROOT / "config", user / "config")
    shutil.copytree(ROOT / "seeds", user / "data" / "reports")
    cfg = (user / "config" / "config.yaml").read_text(encoding="utf-8")
    assert "    path: seeds" in cfg
    (user / "config" / "config.yaml").write_text(cfg.replace("    path: seeds", "    path: data/reports"), "utf-8")
    (user / "workflow").mkdir()
    (user / "workflow" / "Snakefile").write_text(
        DEPLOYED_SNAKEFILE.format(snakefile=ROOT / "workflow" / "Snakefile"), encoding="utf-8"
    )
    snakemake(user)
    out, ref = user / "results" / "seeds", project / "results" / "seeds"
    assert (out / "report.html").stat().st_size > 100_000 and (out / "explorer.html").is_file()
    assert (out / ".corpus-source").read_text(encoding="utf-8").strip() == "data/reports"
    for folder in ("tables", "figures"):
        names = sorted(p.name for p in (ref / folder).iterdir() if p.suffix in (".csv", ".png", ".svg"))
        assert names and names == sorted(
            p.name for p in (out / folder).iterdir() if p.suffix in (".csv", ".png", ".svg")
        )
        differ = [n for n in names if (out / folder / n).read_bytes() != (ref / folder / n).read_bytes()]
        assert not differ, f"{folder} differ from the checkout's run: {differ}"
    assert not (ROOT / "results" / "my-study").exists()
