"""The layout a newcomer relies on: one name per stage from rule to adapter to library entry point, one figure
registry, and reruns triggered only by the code a job runs."""

import importlib
import os
import re
import subprocess
import sys

import pytest

from conftest import ROOT
from orgtopics.figure_registry import FIGURES, groups
from orgtopics.workflow_support import library_hash, library_sources

RULES = ROOT / "workflow" / "rules"
SCRIPTS = ROOT / "workflow" / "scripts"
STAGE_FILES = sorted(p for p in RULES.glob("*.smk") if p.stem != "common")


def rules_with_scripts():
    """(stage, rule, adapter) for every rule of the rule files that runs a script."""
    out = []
    for smk in STAGE_FILES:
        text = smk.read_text(encoding="utf-8")
        for m in re.finditer(r"^( *)rule(?: (\w+))?:\n(.*?)(?=^\1\S|\Z)", text, re.M | re.S):
            script = re.search(r'script:\s*\n\s*"\.\./scripts/(\w+)\.py"', m.group(3))
            if script:
                out.append((smk.stem, m.group(2) or "figures_<group>", script.group(1)))
    return out


def test_the_stage_files_are_the_data_flow():
    included = re.findall(r'^include: "rules/(\w+)\.smk"', (ROOT / "workflow" / "Snakefile").read_text(), re.M)
    stages = ["clean", "segment", "units", "features", "topics", "evidence", "figures", "validation", "report"]
    assert included == ["common", *stages]
    common = (RULES / "common.smk").read_text(encoding="utf-8")
    assert f"STAGES = {tuple(stages)!r}".replace("'", '"') in common
    assert {p.stem for p in STAGE_FILES} == {p.stem for p in (SCRIPTS / "orgtopics" / "stages").glob("[!_]*.py")}


@pytest.mark.parametrize("stage, rule, adapter", rules_with_scripts())
def test_rule_adapter_and_entry_point_share_one_name(stage, rule, adapter):
    """Rule x of rules/<stage>.smk runs scripts/x.py, which calls orgtopics.stages.<stage>.x (the figure rules,
    one per group, share the adapter figures.py)."""
    assert rule == adapter or (rule == "figures_<group>" and adapter == "figures")
    text = (SCRIPTS / f"{adapter}.py").read_text(encoding="utf-8")
    assert f"from orgtopics.stages.{stage} import {adapter}\n" in text
    assert callable(getattr(importlib.import_module(f"orgtopics.stages.{stage}"), adapter))
    assert text.endswith(")\nfinish()\n"), "an adapter ends with finish(), after its entry point's call"


def test_every_adapter_belongs_to_a_rule():
    adapters = {a for _, _, a in rules_with_scripts()}
    assert {p.stem for p in SCRIPTS.glob("*.py")} == adapters


def test_every_registered_figure_has_a_caption_and_a_job():
    for f in FIGURES:
        assert (ROOT / "workflow" / "report" / "figures" / f"{f.name}.rst").is_file(), f.name
    assert sorted(n for names in groups().values() for n in names) == sorted(f.name for f in FIGURES)
    assert len({f.name for f in FIGURES}) == len(FIGURES)


def test_a_job_reruns_only_for_the_code_its_stage_runs(tmp_path):
    """The hash a rule passes covers what its stage imports: the report template reruns the report, not the K
    sweep; the topic engines rerun both."""
    pkg = SCRIPTS / "orgtopics"
    names = {
        m: {p.relative_to(pkg).as_posix() for p in library_sources(pkg, f"stages.{m}")} for m in ("topics", "report")
    }
    assert "templates/report.html.j2" in names["report"] and "templates/report.html.j2" not in names["topics"]
    assert "figures.py" not in names["topics"] and "stages/__init__.py" in names["topics"]
    assert "topics/engines.py" in names["topics"] and "topics/engines.py" in names["report"]
    copy = tmp_path / "orgtopics"
    import shutil

    shutil.copytree(pkg, copy, ignore=shutil.ignore_patterns("__pycache__"))
    before = {m: library_hash(copy, f"stages.{m}") for m in ("topics", "report")}
    (copy / "templates" / "report.html.j2").write_text("changed", encoding="utf-8")
    after = {m: library_hash(copy, f"stages.{m}") for m in ("topics", "report")}
    assert after["topics"] == before["topics"] and after["report"] != before["report"]


def test_the_hash_follows_imports_in_every_form(tmp_path):
    """A module imported in a wrapped ``from . import (...)``, under an alias, or from a function body is part of
    what a stage runs: a change to it must rerun the stage."""
    pkg = tmp_path / "lib"
    (pkg / "stages").mkdir(parents=True)
    for name in ("__init__", "a", "b", "c", "d", "unused"):
        (pkg / f"{name}.py").write_text(f"X = {name!r}\n", encoding="utf-8")
    (pkg / "stages" / "__init__.py").write_text("", encoding="utf-8")
    (pkg / "stages" / "s.py").write_text(
        "from .. import (  # wrapped, as the formatter writes it\n    a,\n    b as bee,\n)\n\n\n"
        "def f():\n    from .. import c as see, d\n",
        encoding="utf-8",
    )
    names = {p.relative_to(pkg).as_posix() for p in library_sources(pkg, "stages.s")}
    assert names == {"__init__.py", "a.py", "b.py", "c.py", "d.py", "stages/__init__.py", "stages/s.py"}


FINISHING_JOB = """
import logging, sys
sys.path.insert(0, {lib!r})
from orgtopics.stages import finish, setup_logging
setup_logging({log!r})
logging.getLogger("orgtopics").info("work done")
print("to stdout", end="")
if {fail}:
    raise RuntimeError("the job failed")
finish()
raise AssertionError("finish() returned")
"""


@pytest.mark.parametrize("fail", [False, True])
def test_finish_ends_a_job_with_its_log_written_and_its_status_kept(tmp_path, fail):
    """finish() skips the interpreter's teardown: the log and stdout are flushed first, and a job that raised
    before it still fails with its traceback."""
    log = tmp_path / "job.log"
    code = FINISHING_JOB.format(lib=str(SCRIPTS), log=str(log), fail=fail)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}  # stdout buffered, as in a job
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, env=env)
    assert "work done" in log.read_text(encoding="utf-8")
    assert res.stdout == "to stdout"
    if fail:
        assert res.returncode == 1 and "RuntimeError: the job failed" in res.stderr
    else:
        assert res.returncode == 0 and res.stderr == ""
