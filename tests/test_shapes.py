"""Every valid corpus shape runs to a report: generated corpora (seeded) through the real workflow.

The named shapes run together in one Snakemake call (one corpus each, as a researcher's config would list
them); hypothesis then draws further shapes (years, documents per year, paragraphs, vocabulary, theme terms
or none, bad documents in skip mode) and runs each. Every run must end with a report, every figure and the
documented tables, and must say in words what it could not compute.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from markupsafe import escape

from conftest import QUICK_CONFIG, RECURRING_LINES_COLUMNS, make_project, snakemake
from orgtopics import figure_registry
from orgtopics.findings import ONE_YEAR, TOO_FEW_UNITS
from orgtopics.report import drop_lines_yaml
from shapes import Shape, generate, site_footer

pytestmark = pytest.mark.slow

SHAPES = {
    "one_doc": Shape([2019]),
    "one_paragraph": Shape([2019], paragraphs=1),  # fewer paragraphs than the smallest K
    "one_year": Shape([2015, 2015, 2015]),
    "two_years": Shape([2010, 2020]),
    "gaps": Shape([1990, 1991, 2005, 2019]),
    "century": Shape(list(range(1901, 2026)), paragraphs=2),  # 125 years
    "per_year": Shape([2010] * 4 + [2015] * 4 + [2020] * 4, paragraphs=3),
    "no_themes": Shape([2000, 2010, 2020], themes=False, slogans=False),
    "few_paras": Shape([2000, 2010], paragraphs=1),
    "tiny_vocab": Shape([2000, 2005, 2010], vocabulary=2),
    "skip_to_one": Shape([2012], bad=3),
    "skip_to_two": Shape([2012, 2018], bad=2),
    "excerpt": Shape([2010, 2015, 2020], excerpt=4),  # the last document repeats 4 of the first's 6 paragraphs
    "footer": Shape([2010, 2015, 2020], footer=True),  # every page ends with a site footer no cleaning rule knows
}
DIRECTIONS = {"rise", "fall", "no clear change", ONE_YEAR, TOO_FEW_UNITS}
FIGURES = [f.name for f in figure_registry.FIGURES]  # the one list of figures


def check_report(out: Path, shape: Shape) -> None:
    """What every run must leave, whatever the shape."""
    # the words of the page, without the embedded figures and font (base64 can spell "+nan" or "Error")
    html = re.sub(r"data:[^\"')]+", "data:", (out / "report.html").read_text(encoding="utf-8"))
    for f in FIGURES:
        assert (out / "figures" / f"{f}.png").stat().st_size > 0, f
    docs = pd.read_csv(out / "tables" / "documents.csv")
    good = len(shape.years)
    assert len(docs) == good
    assert sorted(docs["year"].unique()) == sorted(set(shape.years))
    for name in ("theme_change", "topic_change"):
        ch = pd.read_csv(out / "tables" / f"{name}.csv")
        assert set(ch["direction"]) <= DIRECTIONS, name
    if len(set(shape.years)) == 1:
        one_year = "The one document comes from one year" if good == 1 else f"All {good} documents come from one year"
        assert "covers a single year" in html and one_year in html
        # no direction to keep across refits, no robustness to judge
        assert "trend direction kept" not in html and "first-to-last-year direction in every refit" not in html
        assert "No theme could be judged across the variants" in html
        assert pd.read_csv(out / "tables" / "topic_stability.csv")["trend_sign_agreement"].isna().all()
        assert set(pd.read_csv(out / "tables" / "theme_change.csv")["direction"]) == {ONE_YEAR}
    if shape.bad:
        skipped = pd.read_csv(out / "tables" / "skipped_documents.csv")
        assert len(skipped) == shape.bad and skipped["problem"].str.contains("after cleaning").all()
    shared = pd.read_csv(out / "tables" / "shared_passages.csv")
    if shape.excerpt:
        first, last = docs.sort_values("doc_id")["doc_id"].iloc[[0, -1]]
        assert {(r.doc_id, r.other_doc_id) for r in shared.itertuples()} == {(last, first), (first, last)}
        assert (shared["n_sentences"] == shape.excerpt).all() and "2 documents repeat at least 30% of" in html
        assert "Documents that repeat another's text (2)" in html
    else:
        assert shared.empty and "repeat another" not in html
    recurring = pd.read_csv(out / "tables" / "recurring_lines.csv")
    assert list(recurring.columns) == RECURRING_LINES_COLUMNS
    if shape.footer:  # one line in every document, with its own hit count in each
        assert list(recurring["line"]) == [site_footer(0)] and list(recurring["n_documents"]) == [good]
        assert list(recurring["forms"]) == [good]
        assert f"One line of 20 or more Han characters stands in {good} of the {good} documents, word for" in html
        assert all(re.search(recurring["pattern"][0], site_footer(i)) for i in range(good))
        assert str(escape(drop_lines_yaml(recurring["pattern"]))) in html  # to paste into corpus.yaml
    assert ("Lines that recur in many documents" in html) == (len(recurring) > 0)
    if not shape.themes and not shape.slogans:  # (the slogans quote 从严治党 and 三会一课, theme terms)
        assert "No seed term of the" in html
    assert "+nan" not in html and "nan to" not in html
    assert not re.search(r"(?<![\d.,])1 (years|documents) ", html)  # a count of one takes the singular
    assert f"{good} {'document' if good == 1 else 'documents'}, " in html
    assert not re.search(r"Traceback|Error", html)


@pytest.fixture(scope="module")
def shapes_project(tmp_path_factory):
    proj = make_project(tmp_path_factory.mktemp("shapes"))
    cfg = QUICK_CONFIG + "corpora:\n"
    for name, shape in SHAPES.items():
        generate(proj / "corpora" / name, shape)
        cfg += f"  {name}: {{path: corpora/{name}}}\n"
    (proj / "shapes.yaml").write_text(cfg, encoding="utf-8")
    (proj / "config" / "config.yaml").write_text(
        re.sub(r"corpora:\n  seeds:\n(    .*\n)*", "corpora: {}\n", (proj / "config" / "config.yaml").read_text()),
        encoding="utf-8",
    )
    snakemake(proj, "--configfile", "shapes.yaml", timeout=2400)
    return proj


@pytest.mark.parametrize("name", list(SHAPES))
def test_named_shape_runs_to_a_report(shapes_project, name):
    check_report(shapes_project / "results" / name, SHAPES[name])


def test_shapes_did_not_run_the_seeds(shapes_project):
    assert not (shapes_project / "results" / "seeds").exists()


shape_strategy = st.builds(
    Shape,
    years=st.lists(st.integers(1950, 2025), min_size=1, max_size=10),
    paragraphs=st.integers(1, 6),
    themes=st.booleans(),
    slogans=st.booleans(),
    vocabulary=st.integers(2, 18),
    bad=st.integers(0, 2),
    seed=st.integers(0, 2**16),
)


# each example is a real workflow run (about a minute): a few drawn shapes, no shrinking (a failure reports the
# shape that failed, which is small already)
@settings(
    max_examples=3,
    deadline=None,
    derandomize=True,
    database=None,
    phases=[Phase.generate],
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(shape=shape_strategy)
def test_any_generated_shape_runs_to_a_report(shapes_project, shape):
    folder = shapes_project / "corpora" / "drawn"
    shutil.rmtree(folder, ignore_errors=True)
    shutil.rmtree(shapes_project / "results" / "drawn", ignore_errors=True)
    generate(folder, shape)
    cfg = shapes_project / "drawn.yaml"
    cfg.write_text(QUICK_CONFIG, encoding="utf-8")
    snakemake(shapes_project, "--configfile", str(cfg), "--config", f"corpus_path={folder}", timeout=1200)
    check_report(shapes_project / "results" / "drawn", shape)


def test_a_50_mb_single_file_is_validated_cleaned_and_planned(tmp_path):
    """One 50 MB document (a whole yearbook in one file, no manifest): validation reads, cleans and
    fingerprints it, and the workflow plans its jobs (one shard per 5 MiB of text is capped by the one
    document). The model steps are the same as for any corpus, and run in the named shapes above."""
    from conftest import paragraph
    from orgtopics.clean import CleanRules, clean_text
    from orgtopics.corpus import corpus_settings, scan_corpus
    from orgtopics.workflow_support import n_shards

    folder = tmp_path / "yearbook"
    folder.mkdir()
    para = paragraph(["干部", "党员", "人才", "纪律", "社区", "基层党组织"])
    n = 50 * 2**20 // len(para.encode("utf-8")) + 1
    text = "\n".join(f"{para}第{i}段" for i in range(n))
    (folder / "yearbook_2015.txt").write_text(text, encoding="utf-8")
    settings = corpus_settings("yearbook", {"path": str(folder)})
    scan = scan_corpus(settings, clean_rules=CleanRules())
    (doc,) = scan.documents
    assert doc.size >= 50 * 2**20 and doc.year == 2015 and n_shards(settings, scan) == 1
    res = clean_text(text, CleanRules())
    assert res.stats["lines_clean"] == n and not res.removed
    proj = make_project(tmp_path / "p")
    dry = snakemake(proj, "--config", f"corpus_path={folder}", "-n", timeout=600)
    assert "clean_shard" in dry.stdout and "report" in dry.stdout


def test_20000_tiny_files_are_validated_and_planned(tmp_path):
    """20,000 documents of a few hundred bytes, with a manifest: validated at once, and a dry run plans
    the workflow without a wildcard or command-line limit (the texts travel in rule params, not shell lines)."""
    from conftest import paragraph
    from orgtopics.clean import CleanRules
    from orgtopics.corpus import corpus_settings, scan_corpus

    folder = tmp_path / "notices"
    folder.mkdir()
    terms = ["干部", "党员", "人才", "纪律", "社区", "基层党组织", "党支部", "领导班子"]
    rows = ["file,year"]
    for i in range(20_000):
        name = f"n{i:05d}.txt"
        (folder / name).write_text(paragraph(terms[i % 8 :] + terms[: i % 8]) + f"通知{i}。", encoding="utf-8")
        rows.append(f"{name},{1990 + i % 30}")
    (folder / "manifest.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    (folder / "corpus.yaml").write_text("near_duplicate_threshold: 1\n", encoding="utf-8")  # templated notices
    scan = scan_corpus(corpus_settings("notices", {"path": str(folder)}), clean_rules=CleanRules())
    assert len(scan.documents) == 20_000 and not scan.skipped
    proj = make_project(tmp_path / "p")
    dry = snakemake(proj, "--config", f"corpus_path={folder}", "-n", timeout=900)
    assert "report" in dry.stdout
