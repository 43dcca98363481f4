"""Adding one's own corpus, run through the real workflow: known trends, hostile text, bad input,
skip mode, incremental shards, tables, GBK folders without a manifest, and the CPC congress reports."""

from __future__ import annotations

import hashlib
import json
import random
import re
import shutil
import subprocess
from pathlib import Path

import pandas as pd
import pytest

from conftest import QUICK_CONFIG, ROOT, make_project, paragraph, run_corpus, shared_corpus, write_corpus

pytestmark = pytest.mark.slow

TALENT = ["人才", "招才引智", "高层次人才", "领军人才", "青年人才", "人才引进", "创新创业", "院士"]
DISCIPLINE = ["纪律", "作风建设", "廉洁自律", "八项规定", "四风", "巡视巡察", "问责", "从严治党"]
CADRE = ["干部", "领导班子", "年轻干部", "选拔任用", "考核评价", "担当作为", "容错纠错", "后备干部"]


def trend_corpus(folder: Path, *, hostile: bool = False) -> Path:
    """Talent falls, discipline rises, cadre work stays, from 2000 to 2010."""
    docs = {}
    mix = {2000: (TALENT, 8, DISCIPLINE, 1), 2005: (TALENT, 4, DISCIPLINE, 4), 2010: (TALENT, 1, DISCIPLINE, 8)}
    for year, (a, na, b, nb) in mix.items():
        paras = [paragraph(a[i % 8 :] + a[: i % 8]) for i in range(na)] + [
            paragraph(b[i % 8 :] + b[: i % 8]) for i in range(nb)
        ]
        paras += [paragraph(CADRE[i:] + CADRE[:i]) for i in range(3)]
        if hostile and year == 2005:
            paras.append("<script>alert('x')</script><img src=x onerror=alert(1)>" + paragraph(CADRE))
        docs[f"doc_{year}.txt"] = (year, paras)
    extra = (
        {"doc_2005.txt": {"title": "<script>alert('title')</script> & “引号”", "region": "<b>某地</b>"}}
        if hostile
        else None
    )
    return write_corpus(folder, docs, extra_columns=extra)


@pytest.fixture(scope="module")
def quick_project(tmp_path_factory):
    return make_project(tmp_path_factory.mktemp("quick"))


def digests(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and "logs" not in p.parts and "benchmarks" not in p.parts
    }


def test_known_trend_is_found_and_hostile_text_is_escaped(quick_project, tmp_path):
    corpus = trend_corpus(tmp_path / "trend", hostile=True)
    run_corpus(quick_project, corpus)
    out = quick_project / "results" / "trend"
    ch = pd.read_csv(out / "tables" / "theme_change.csv").set_index("theme")
    assert ch.loc["discipline", "direction"] == "rise" and ch.loc["talent", "direction"] == "fall"
    html = (out / "report.html").read_text(encoding="utf-8")
    assert "The largest increase is 从严治党与作风纪律 (Strict governance, conduct and discipline)" in html
    assert "The largest decrease is 人才工作 (Talent work)" in html
    # hostile text and metadata are escaped, never live
    assert "<script>alert(" not in html and "onerror=alert(1)>" not in html
    assert "&lt;script&gt;alert(&#39;title&#39;)&lt;/script&gt;" in html
    assert "&lt;b&gt;某地&lt;/b&gt;" in html
    explorer = (out / "explorer.html").read_text(encoding="utf-8")
    assert "<script>alert(" not in explorer


def test_bad_input_is_reported_at_once_and_results_are_kept(quick_project, tmp_path):
    corpus = trend_corpus(tmp_path / "fragile")
    run_corpus(quick_project, corpus)
    out = quick_project / "results" / "fragile"
    before = digests(out)
    (corpus / "doc_2005.txt").write_bytes(b"\x00\x01binary\x00")
    with (corpus / "manifest.csv").open("a", encoding="utf-8") as f:
        f.write("doc_2010.txt,2011\nmissing.txt,20x9\n../escape.txt,2001\n")
    res = run_corpus(quick_project, corpus, check=False)
    assert res.returncode != 0
    err = res.stderr
    assert "Traceback" not in err
    for needle in (
        "doc_2005.txt",
        "binary",
        "row 5",
        "duplicate id 'doc_2010'",
        "row 6",
        "not a whole year",
        "outside the corpus folder",
        "Fix:",
        "nothing under results/ was changed",
    ):
        assert needle in err, needle
    assert digests(out) == before


def test_skip_mode_runs_good_documents_and_reports_the_rest(quick_project, tmp_path):
    corpus = trend_corpus(tmp_path / "skippy")
    (corpus / "corpus.yaml").write_text("on_bad_document: skip\n", encoding="utf-8")
    with (corpus / "manifest.csv").open("a", encoding="utf-8") as f:
        f.write("nowhere.txt,2003\n")
    run_corpus(quick_project, corpus)
    out = quick_project / "results" / "skippy"
    skipped = pd.read_csv(out / "tables" / "skipped_documents.csv")
    assert len(skipped) == 1 and "nowhere.txt" in skipped.iloc[0]["problem"]
    assert "Documents skipped at validation (1)" in (out / "report.html").read_text(encoding="utf-8")
    assert len(pd.read_csv(out / "tables" / "documents.csv")) == 3


def test_one_changed_document_resegments_only_its_shard(quick_project, tmp_path):
    docs = {
        f"d{i:02d}.txt": (2000 + i % 5, [paragraph((TALENT + DISCIPLINE + CADRE)[i : i + 8]) for _ in range(2)])
        for i in range(12)
    }
    corpus = write_corpus(tmp_path / "sharded", docs)
    (corpus / "corpus.yaml").write_text("shards: 4\n", encoding="utf-8")
    res = run_corpus(quick_project, corpus, "--dry-run")
    jobs = re.findall(r"^(?:local)?rule (\w+):", res.stdout, re.M)
    assert jobs.count("segment_shard") == 4 and jobs.count("clean_shard") == 4
    assert len(jobs) < 200
    run_corpus(quick_project, corpus)
    p = corpus / "d03.txt"
    p.write_text(p.read_text(encoding="utf-8") + "\n" + paragraph(CADRE), encoding="utf-8")
    res = run_corpus(quick_project, corpus, "--dry-run")
    shards = re.findall(r"rule segment_shard:.*?wildcards: corpus=sharded, shard=(\d+)", res.stdout, re.S)
    assert 1 <= len(shards) <= 2, res.stdout[-3000:]
    run_corpus(quick_project, corpus)


def test_table_corpus_and_gbk_folder(quick_project, tmp_path):
    rows = []
    for year, words in ((2001, TALENT), (2006, CADRE), (2011, DISCIPLINE)):
        rows.append(
            {
                "body": "\n".join(paragraph(words[i:] + words[:i]) for i in range(4)),
                "when": f"{year}-07-01",
                "id": f"t{year}",
            }
        )
    table = tmp_path / "reports.jsonl"
    table.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8")
    cfg = quick_project / "table.yaml"
    cfg.write_text(
        QUICK_CONFIG + f"corpora:\n  reports:\n    path: {table}\n    text_column: body\n    date_column: when\n",
        encoding="utf-8",
    )
    from conftest import snakemake

    snakemake(quick_project, "results/reports/report.html", "--configfile", str(cfg))
    docs = pd.read_csv(quick_project / "results" / "reports" / "tables" / "documents.csv")
    assert sorted(docs["year"]) == [2001, 2006, 2011] and set(docs["doc_id"]) == {"t2001", "t2006", "t2011"}
    # a table has no corpus.yaml: the report sends its settings to the config
    html = (quick_project / "results" / "reports" / "report.html").read_text(encoding="utf-8")
    assert "entry under <code>corpora:</code> in the config (a table has no corpus.yaml), and the next run" in html

    gbk = write_corpus(
        tmp_path / "gbk_reports",
        {
            f"report_{y}.txt": (y, [paragraph(w[i:] + w[:i]) for i in range(4)])
            for y, w in ((2002, TALENT), (2008, CADRE), (2014, DISCIPLINE))
        },
        manifest=False,
        encoding="gbk",
    )
    run_corpus(quick_project, gbk)
    docs = pd.read_csv(quick_project / "results" / "gbk_reports" / "tables" / "documents.csv")
    assert set(docs["encoding"]) <= {"gb18030", "gbk"} and sorted(docs["year"]) == [2002, 2008, 2014]
    html = (quick_project / "results" / "gbk_reports" / "report.html").read_text(encoding="utf-8")
    assert f"as <code>covariates: [region]</code>, in <code>{gbk}/corpus.yaml</code>, and the next run" in html


def test_cpc_congress_as_the_readme_says(tmp_path_factory):
    """README, "Add your own corpus": copy the folder, `make run CORPUS=...`, open the report."""
    src = shared_corpus("cpc-congress")
    proj = make_project(tmp_path_factory.mktemp("cpc"))
    (proj / ".venv").symlink_to(ROOT / ".venv")
    corpus = proj / "cpc-congress"
    shutil.copytree(src, corpus)
    (proj / "quick.yaml").write_text(QUICK_CONFIG, encoding="utf-8")
    # `-o .venv/.installed`: use this checkout's environment (linked above) instead of building another
    res = subprocess.run(
        [
            "make",
            "-o",
            ".venv/.installed",
            "run",
            f"CORPUS={corpus}",
            "CORES=2",
            "SNAKEMAKE_ARGS=--configfile quick.yaml",
        ],
        cwd=proj,
        capture_output=True,
        text=True,
        timeout=1500,
    )
    assert res.returncode == 0, res.stderr[-4000:]
    out = proj / "results" / "cpc-congress"
    docs = pd.read_csv(out / "tables" / "documents.csv")
    assert len(docs) == 15 and docs["year"].min() == 1921 and docs["year"].max() == 2022
    assert docs["traditional_converted"].max() > 100
    assert set(docs["congress"]) >= {1, 20}  # extra manifest columns are kept
    html = (out / "report.html").read_text(encoding="utf-8")
    assert "1921" in html and "2022" in html and "Before and after 2012" in html
    share = pd.read_csv(out / "tables" / "theme_share_by_year.csv")
    assert share["year"].nunique() == 14
    # Wikisource's licence notice closes 14 of the 15 pages: cleaning drops it as a trailer, so none of its words
    # reaches a unit, a topic or a representative paragraph
    log = pd.read_csv(out / "tables" / "cleaning_log.csv")
    licence = log[log["rule"].eq("trailer") & log["text"].str.contains("本作品来自|这部作品在", regex=True)]
    assert licence["doc_id"].nunique() == 14
    units = pd.read_parquet(out / "interim" / "units" / "units.parquet", columns=["text"])
    assert not units["text"].str.contains("公有领域|维基文库|刑事审判参考", regex=True).any()


def test_periods_group_the_analysis(quick_project, tmp_path):
    corpus = trend_corpus(tmp_path / "termed")
    (corpus / "corpus.yaml").write_text(
        "periods:\n  - {label: 前期 early, start: 1998, end: 2007}\n  - {label: 后期 late, start: 2008, end: 2012}\n",
        encoding="utf-8",
    )
    run_corpus(quick_project, corpus)
    out = quick_project / "results" / "termed"
    share = pd.read_csv(out / "tables" / "theme_share_by_year.csv")
    assert sorted(share["year"].unique()) == [1998, 2008]
    docs = pd.read_csv(out / "tables" / "documents.csv").set_index("doc_id")
    assert docs.loc["doc_2005", "period"] == "前期 early" and docs.loc["doc_2005", "doc_year"] == 2005
    ch = pd.read_csv(out / "tables" / "theme_change.csv").set_index("theme")
    # the early period pools two documents (2000: 1 discipline paragraph in 12, 2005: 4 in 11), resampled as
    # documents: the estimate rises, and the small-sample t interval with one degree of freedom is honest about
    # how little two documents say
    assert ch.loc["discipline", "diff"] > 0
    early = share[(share["year"] == 1998)]
    assert set(early["resampled"]) == {"documents"}


def test_methods_section_says_what_ran_with_another_config(quick_project, tmp_path):
    """A non-default run (jieba-rs, tomotopy with its own sweeps, K ± 1, a shorter sweep, the cross-check's
    passes): the report's methods, versions and sensitivity text come from this run's config and provenance, not
    the defaults."""
    corpus = trend_corpus(tmp_path / "engines")
    cfg = quick_project / "engines.yaml"
    cfg.write_text(
        QUICK_CONFIG
        + "segment: {engine: rjieba}\nlda: {engine: tomotopy, sweeps: 40, k_values: [2, 3, 4]}\n"
        + "cross_check: {gensim_passes: 7}\n",
        encoding="utf-8",
    )
    from conftest import snakemake

    (quick_project / "quick.yaml").write_text(QUICK_CONFIG, encoding="utf-8")
    snakemake(
        quick_project,
        "--configfile",
        str(quick_project / "quick.yaml"),
        "--configfile",
        str(cfg),
        "--config",
        f"corpus_path={corpus}",
    )
    out = quick_project / "results" / "engines"
    prov = json.loads((out / "provenance.json").read_text(encoding="utf-8"))
    html = (out / "report.html").read_text(encoding="utf-8")
    assert f"tomotopy {prov['versions']['tomotopy']} LDAModel (collapsed Gibbs sampling), 40 sweeps" in html
    assert f"rjieba {prov['versions']['rjieba']}" in html
    assert "K fitted at 2, 3, 4" in html
    assert "for its size), 7 passes, fitted at" in html  # gensim checks tomotopy with cross_check.gensim_passes
    assert "passes 10" not in html and "gensim 4" not in html.split("Package versions")[0]
    assert "K − 2" not in html and "K + 1" in html and "K − 1" in html


OWN_THEMES = """title: {zh: 交通与农业, en: Transport and farming}
themes:
  - id: transport
    zh: 交通运输
    en: Transport
    color: "#1f77b4"
    seeds: [道路, 桥梁, 运输, 港口, 铁路, 仓库, 公路, 航运, 机场, 码头, 隧道, 车站, 物流, 交通, 货运]
  - id: farming
    zh: 农业生产
    en: Farming
    color: "#2ca02c"
    seeds: [庄稼, 粮食, 水果, 雨水, 天气, 山区, 农田, 灌溉, 种子, 化肥, 收成, 耕地, 农机, 果园, 牧场]
"""


def test_a_corpus_brings_its_own_themes_terms_and_cut(quick_project, tmp_path):
    """A corpus about something else entirely: its corpus.yaml names its own themes file, tracked terms and cut
    year, and everything (dictionary rates, labels, trajectories, the before/after table, the report's title and
    methods, provenance) uses them, with nothing changed under config/."""
    from shapes import Shape, generate

    config_before = digests(quick_project / "config")
    corpus = generate(tmp_path / "transport", Shape([2001, 2004, 2008, 2012], paragraphs=6, themes=False, seed=5))
    (corpus / "own_themes.yaml").write_text(OWN_THEMES, encoding="utf-8")
    (corpus / "corpus.yaml").write_text(
        "themes: own_themes.yaml\ntrack_terms: [道路, 粮食, 港口]\ncut_year: 2006\n", encoding="utf-8"
    )
    run_corpus(quick_project, corpus)
    out = quick_project / "results" / "transport"
    share = pd.read_csv(out / "tables" / "theme_share_by_year.csv")
    assert set(share["theme"]) == {"transport", "farming"} and share["hits"].sum() > 0
    assert set(pd.read_csv(out / "tables" / "topic_labels.csv")["theme"]) <= {"transport", "farming", "mixed"}
    assert list(dict.fromkeys(pd.read_csv(out / "tables" / "term_trajectories.csv")["term"])) == [
        "道路",
        "粮食",
        "港口",
    ]
    assert set(pd.read_csv(out / "tables" / "period_contrast.csv")["cut"]) == {2006}
    assert set(pd.read_csv(out / "tables" / "theme_method_comparison.csv")["theme"]) <= {"transport", "farming"}
    html = (out / "report.html").read_text(encoding="utf-8")
    assert "<h1>交通与农业 · Transport and farming</h1>" in html and "Before and after 2006" in html
    assert "组织工作" not in html.split("<h2")[0]  # the title and the headline are the corpus's
    prov = json.loads((out / "provenance.json").read_text(encoding="utf-8"))
    assert prov["resources"]["themes"]["path"].endswith("own_themes.yaml")
    assert prov["config"]["track_terms"] == ["道路", "粮食", "港口"] and prov["config"]["period"]["cut_year"] == 2006
    assert digests(quick_project / "config") == config_before


def test_a_bad_corpus_themes_file_is_named_before_anything_runs(quick_project, tmp_path):
    corpus = trend_corpus(tmp_path / "badthemes")
    (corpus / "few.yaml").write_text(
        "themes:\n  - {id: a, zh: 甲, en: A, color: '#000000', seeds: [干部, 人才]}\n", encoding="utf-8"
    )
    (corpus / "corpus.yaml").write_text("themes: few.yaml\n", encoding="utf-8")
    res = run_corpus(quick_project, corpus, check=False)
    err = res.stdout + res.stderr
    assert res.returncode != 0
    assert "corpus.yaml" in err and "few.yaml" in err and "at least 15" in err
    assert not (quick_project / "results" / "badthemes" / "tables").exists()


def region_corpus(folder: Path) -> Path:
    """Twelve documents a year from two regions: the north writes about discipline, the south about talent, and
    the north writes two of the first year's documents and ten of the last year's. Within a region nothing changes;
    the source is a different newspaper each year (fully confounded with time)."""
    rng = random.Random(11)
    docs, extra = {}, {}
    for year, n_north in ((2000, 2), (2005, 6), (2010, 10)):
        for i in range(12):
            region = "north" if i < n_north else "south"
            main = DISCIPLINE if region == "north" else TALENT
            paras = [paragraph(main[j % 8 :] + main[: j % 8]) for j in range(rng.randint(3, 5))]
            paras += [paragraph(CADRE[j:] + CADRE[:j]) for j in range(rng.randint(1, 3))]
            paras.append(f"本文为第{year}{i:02d}号文件。" + paragraph(CADRE[i % 8 :]))
            name = f"doc_{year}_{i:02d}.txt"
            docs[name] = (year, paras)
            extra[name] = {"region": region, "source": f"日报{year}"}
    write_corpus(folder, docs, extra_columns=extra)
    (folder / "corpus.yaml").write_text("covariates: [region, source]\n", encoding="utf-8")
    return folder


def test_covariates_hold_who_wrote_fixed(quick_project, tmp_path):
    """Raw, discipline rises and talent falls, because more documents come from the north; held at the same mix
    of regions neither changes. The source, one per year, is named as confounded with time and not fitted, and
    the report's section says both in words."""
    corpus = region_corpus(tmp_path / "regions")
    run_corpus(quick_project, corpus)
    out = quick_project / "results" / "regions"
    raw = pd.read_csv(out / "tables" / "theme_change.csv").set_index("theme")
    adj = pd.read_csv(out / "tables" / "theme_change_adjusted.csv").set_index("theme")
    assert set(pd.read_csv(out / "tables" / "theme_change.csv").columns) | {"adjusted_for"} <= set(
        pd.read_csv(out / "tables" / "theme_change_adjusted.csv").columns
    )
    assert raw.loc["discipline", "direction"] == "rise" and raw.loc["talent", "direction"] == "fall"
    for theme in ("discipline", "talent"):
        assert adj.loc[theme, "direction"] == "no clear change"
        assert abs(adj.loc[theme, "diff"]) < 0.25 * abs(raw.loc[theme, "diff"])
        assert adj.loc[theme, "adjusted_for"] == "region"
    topics = pd.read_csv(out / "tables" / "topic_change_adjusted.csv")
    assert len(topics) == len(pd.read_csv(out / "tables" / "topic_change.csv")) and set(topics["adjusted_for"]) == {
        "region"
    }
    cov = pd.read_csv(out / "tables" / "covariates.csv").set_index("covariate")
    assert bool(cov.loc["region", "used"]) and not bool(cov.loc["source", "used"])
    assert "does not vary within any year" in cov.loc["source", "why"]
    html = (out / "report.html").read_text(encoding="utf-8")
    assert "source does not vary within any year" in html
    assert "Holding region fixed" in html and "rise without, no clear change with region held fixed" in html
    assert 'id="fig-adjusted_trends"' in html
    by_year = pd.read_csv(out / "figures" / "adjusted_trends.csv")
    assert {"raw", "adjusted", "ci_low", "ci_high"} <= set(by_year.columns) and by_year["year"].nunique() == 3
