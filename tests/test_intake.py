"""Corpus intake: each failure a fuzz campaign of messy corpora found, reproduced and fixed (issue
"Every corpus a researcher brings"), without running the workflow."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from conftest import CONFIG, ROOT, paragraph
from orgtopics.clean import CleanRules, clean_text
from orgtopics.corpus import corpus_settings, parse_year, scan_corpus
from orgtopics.errors import CorpusError

BODY = paragraph(["干部", "组织", "党员", "人才", "纪律", "基层党组织"])
RULES = CleanRules()


def scan(folder: Path, **settings):
    return scan_corpus(corpus_settings("t", {"path": str(folder), **settings}), clean_rules=RULES)


def problems(folder: Path, **settings) -> str:
    with pytest.raises(CorpusError) as e:
        scan(folder, **settings)
    return str(e.value)


def write(folder: Path, files: dict[str, str], manifest: str | None = None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    if manifest is not None:
        (folder / "manifest.csv").write_text(manifest, encoding="utf-8")
    return folder


# 1. shell injection through CORPUS ------------------------------------------------------------------------
@pytest.mark.parametrize(
    "name", ["x;touch PWNED;y", "a`touch PWNED`b", "x$(touch PWNED)", "corpus (copy)", "it's", "1e5", "[a, b]"]
)
def test_corpus_path_is_never_shell_text(tmp_path, name):
    """`make run CORPUS=...` hands the path to the workflow unchanged, whatever it holds, and runs nothing."""
    fake = tmp_path / "fake_snakemake.py"
    fake.write_text(
        "import json, os, sys\nprint(json.dumps({'argv': sys.argv[1:], "
        "'corpus': os.environ.get('ORGTOPICS_CORPUS')}))\n",
        encoding="utf-8",
    )
    res = subprocess.run(
        [
            "make",
            "--no-print-directory",
            "-s",
            "-f",
            str(ROOT / "Makefile"),
            "dryrun",
            "STAMP=",
            f"SNAKEMAKE={sys.executable} {fake}",
            f"CORPUS={name}",
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert res.returncode == 0, res.stderr
    out = json.loads(res.stdout.strip().splitlines()[-1])
    assert out["corpus"] == name
    assert out["argv"] == ["--dry-run"]
    assert not list(tmp_path.glob("PWNED*")) and not (ROOT / "PWNED").exists()


def test_no_corpus_means_the_configured_corpora(tmp_path):
    fake = tmp_path / "fake.py"
    fake.write_text("import os; print(repr(os.environ.get('ORGTOPICS_CORPUS')))\n", encoding="utf-8")
    res = subprocess.run(
        ["make", "-s", "-f", str(ROOT / "Makefile"), "dryrun", "STAMP=", f"SNAKEMAKE={sys.executable} {fake}"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "ORGTOPICS_CORPUS": ""},
    )
    assert res.stdout.strip() == "None"


# 2. results collisions -------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "path, name",
    [
        ("data/corpus.v2", "corpus.v2"),
        ("data/corpus.v3", "corpus.v3"),
        ("x/reports.csv", "reports"),
        ("x/corpus (copy)", "corpus__copy"),
        ("x/政府工作报告", "政府工作报告"),
    ],
)
def test_results_folder_keeps_the_whole_folder_name(path, name):
    from orgtopics.workflow_support import corpus_name

    assert corpus_name(path) == name


def claim(corpora) -> None:
    """Claim each corpus's results folder as the rule ``claim_results`` does."""
    from orgtopics.workflow_support import SOURCE_FILE, claim_text

    for s in corpora.values():
        marker = Path("results") / s.name / SOURCE_FILE
        marker.parent.mkdir(parents=True, exist_ok=True)
        marker.write_text(claim_text(s) + "\n", encoding="utf-8")


def test_two_corpora_never_share_a_results_folder(tmp_path, monkeypatch):
    from orgtopics.workflow_support import resolve_corpora

    monkeypatch.chdir(tmp_path)
    a = write(tmp_path / "a" / "seeds", {"r_2019.txt": BODY})
    b = write(tmp_path / "b" / "seeds", {"r_2019.txt": BODY})
    first = resolve_corpora({"corpus_path": str(a)})
    claim(first)
    assert (tmp_path / "results" / "seeds" / ".corpus-source").read_text().strip() == "a/seeds"
    assert resolve_corpora({"corpus_path": str(a)})  # the same corpus again is fine
    with pytest.raises(SystemExit):
        resolve_corpora({"corpus_path": str(b)})


def test_name_in_corpus_yaml_cannot_take_another_corpus_results(tmp_path, monkeypatch, capsys):
    from orgtopics.workflow_support import resolve_corpora

    monkeypatch.chdir(tmp_path)
    claim(resolve_corpora({"corpus_path": str(write(tmp_path / "seeds", {"r_2019.txt": BODY}))}))
    mine = write(tmp_path / "mine", {"r_2019.txt": BODY + "。"})
    (mine / "corpus.yaml").write_text("name: seeds\n", encoding="utf-8")
    with pytest.raises(SystemExit):
        resolve_corpora({"corpus_path": str(mine)})
    err = capsys.readouterr().err
    assert "results/seeds/ already holds the results of the corpus at seeds" in err and "another `name:`" in err


# 3. braces --------------------------------------------------------------------------------------------------
def test_braces_in_file_names_are_named_at_validation(tmp_path):
    write(tmp_path, {"a{b}.txt": BODY, "ok.txt": BODY + "。"}, "file,year\na{b}.txt,2019\nok.txt,2019\n")
    msg = problems(tmp_path)
    assert "row 2" in msg and "a{b}.txt" in msg and "brace" in msg and "rename" in msg


# 4. furniture only ------------------------------------------------------------------------------------------
def test_a_page_of_furniture_is_a_bad_document_naming_the_rules(tmp_path):
    furniture = "\n".join(
        [
            "404 Not Found",
            "首页 | 组织工作 | 干部工作",
            "当前位置：首页 > 新闻",
            "版权所有 某市委组织部",
            "责任编辑：张三",
            "组织部召开会议",
            "相关新闻",
            "干部工作会议召开",
        ]
    )
    write(tmp_path, {"nav.txt": furniture, "ok.txt": BODY}, "file,year\nnav.txt,2019\nok.txt,2019\n")
    msg = problems(tmp_path)
    assert "nav.txt" in msg and "row 2" in msg and "after cleaning" in msg
    assert "navigation" in msg or "error_page" in msg  # the rule that removed it is named
    assert "ok.txt" not in msg


# 5. one year: see test_findings_one_year below and the shapes in test_shapes.py ------------------------------
def test_one_year_is_not_estimable_and_said_so():
    import pandas as pd

    from orgtopics import findings
    from orgtopics.trends import bootstrap_ratio

    est = bootstrap_ratio(np.array([[1.0], [2.0], [3.0]]), np.array([10.0, 10.0, 10.0]), [2019, 2019, 2019], n_boot=50)
    ch = findings.change_table(est, ["cadres"], key="theme")
    assert ch.loc[0, "direction"] == findings.ONE_YEAR and np.isnan(ch.loc[0, "ci_low"])
    assert "single year" in findings.headline(ch, {"cadres": "Cadre work"}, key="theme")[0]
    docs = pd.DataFrame({"doc_id": ["a"], "year": [2019]})
    assert any("one year (2019)" in s for s in findings.limitations(docs))


def test_one_paragraph_in_an_end_year_has_no_interval():
    from orgtopics import findings
    from orgtopics.trends import bootstrap_ratio

    est = bootstrap_ratio(np.array([[1.0], [5.0], [3.0]]), np.array([10.0, 10.0, 10.0]), [2000, 2010, 2010], n_boot=50)
    ch = findings.change_table(est, ["cadres"], key="theme")
    assert ch.loc[0, "direction"] == findings.TOO_FEW_UNITS


# 6. zero-width and bidi characters --------------------------------------------------------------------------
def test_invisible_characters_do_not_split_words(segmenter):
    raw = ("加强组\u200b织建设,选好用好干\u202e部,做好党\u200d员教育管理和人\ufeff才工作," * 3).strip(",") + "。"
    res = clean_text(raw, RULES)
    assert "\u200b" not in res.text and "\u202e" not in res.text and res.stats["invisible_removed"] == 12
    tokens = segmenter.tokens(res.text)
    assert {"组织建设", "干部", "人才工作"} <= set(tokens)
    assert not {"组", "织", "干", "部"} & set(tokens)


def test_invisible_characters_leave_metadata(tmp_path):
    write(tmp_path, {"a.txt": BODY}, 'file,year,title\na.txt,2019,"干\u202e部\u200b工作\u2028会议"\n')
    (doc,) = scan(tmp_path).documents
    assert doc.meta["title"] == "干部工作 会议"


# 7. the manifest is CSV, not lines ----------------------------------------------------------------------------
def test_manifest_quoted_newline_and_line_separator(tmp_path):
    write(
        tmp_path,
        {"a.txt": BODY, "b.txt": BODY + "。"},
        'file,year,title\na.txt,2019,"第一行\n第二行"\nb.txt,2018,"标题\u2028续"\n',
    )
    docs = {d.file: d for d in scan(tmp_path).documents}
    assert docs["a.txt"].meta["title"] == "第一行 第二行" and docs["b.txt"].year == 2018


def test_manifest_unquoted_comma_is_a_problem_not_a_lost_value(tmp_path):
    write(tmp_path, {"a.txt": BODY, "b.txt": BODY + "。"}, "file,year,title\na.txt,2019,干部,人才\nb.txt,2018,ok\n")
    msg = problems(tmp_path)
    assert "manifest.csv row 2" in msg and "4 fields but the header has 3" in msg and "double quotes" in msg


# 8. files silently ignored ------------------------------------------------------------------------------------
def test_upper_case_endings_are_read_without_a_manifest(tmp_path):
    write(tmp_path, {"a_2019.TXT": BODY, "b_2018.Txt": BODY + "。"})
    assert sorted(d.file for d in scan(tmp_path).documents) == ["a_2019.TXT", "b_2018.Txt"]


def test_files_missing_from_the_manifest_are_warned_about(tmp_path):
    write(tmp_path, {"a.txt": BODY, "forgotten.txt": BODY + "。"}, "file,year\na.txt,2019\n")
    s = scan(tmp_path)
    assert [d.file for d in s.documents] == ["a.txt"]
    assert any("forgotten.txt" in w and "not in manifest.csv" in w for w in s.warnings)


# 9. impossible dates ------------------------------------------------------------------------------------------
@pytest.mark.parametrize("cell", ["2007-13-45", "2016-02-30", "2017-00-00", "2019-04-31"])
def test_impossible_dates_are_rejected(cell):
    with pytest.raises(ValueError, match="not a real date"):
        parse_year(cell)


def test_leap_day_is_a_real_date():
    assert parse_year("2016-02-29") == 2016


# 10. a long line quoting a furniture phrase ---------------------------------------------------------------------
def test_a_long_line_is_never_page_furniture():
    line = (BODY * 2000) + "本文仅供参考" + BODY * 2000  # about 200,000 characters, no line break
    res = clean_text(line, RULES)
    assert res.stats["lines_clean"] == 1 and not res.removed
    assert clean_text("本文仅供参考,欢迎咨询", RULES).removed[0].rule == "site_blurb"  # a short one still goes


def test_the_emptied_document_names_the_rule(tmp_path):
    rules = CleanRules(furniture_max_han=10**9)  # the old behaviour: a phrase drops the whole line
    write(tmp_path, {"long.txt": BODY * 50 + "仅供参考", "ok.txt": BODY}, "file,year\nlong.txt,2019\nok.txt,2019\n")
    with pytest.raises(CorpusError, match=r"site_blurb \(1 line, [\d,]+ characters\)"):
        scan_corpus(corpus_settings("t", {"path": str(tmp_path)}), clean_rules=rules)


# 11. overlapping periods ----------------------------------------------------------------------------------------
def test_overlapping_periods_are_refused(tmp_path):
    write(tmp_path, {"a_2019.txt": BODY})
    (tmp_path / "corpus.yaml").write_text(
        "periods:\n  - {label: A, start: 2010, end: 2015}\n"
        "  - {label: B, start: 2015, end: 2020}\n  - {label: C, start: 2030, end: 2025}\n",
        encoding="utf-8",
    )
    with pytest.raises(CorpusError) as e:
        corpus_settings("t", {"path": str(tmp_path)})
    msg = str(e.value)
    assert "corpus.yaml" in msg and "'A' (2010-2015) and 'B' (2015-2020) overlap" in msg and "'C' starts in 2030" in msg


# 12. a missing word list ----------------------------------------------------------------------------------------
def test_missing_extra_dictionary_is_named(tmp_path):
    write(tmp_path, {"a_2019.txt": BODY})
    (tmp_path / "corpus.yaml").write_text(
        "extra_dictionary: [words.txt]\nextra_stopwords: [stop.txt]\n", encoding="utf-8"
    )
    with pytest.raises(CorpusError) as e:
        corpus_settings("t", {"path": str(tmp_path)})
    assert "extra_dictionary: 'words.txt' does not exist" in str(e.value) and "extra_stopwords: 'stop.txt'" in str(
        e.value
    )


# 13. table corpora name their lines and rows --------------------------------------------------------------------
def test_jsonl_problems_name_the_line(tmp_path):
    p = tmp_path / "c.jsonl"
    p.write_text(
        json.dumps({"text": BODY, "year": 2019}, ensure_ascii=False)
        + "\n\n{broken\n"
        + json.dumps({"text": BODY, "year": 20190}, ensure_ascii=False)
        + "\n",
        encoding="utf-8",
    )
    msg = str(pytest.raises(CorpusError, scan_corpus, corpus_settings("t", {"path": str(p)}), clean_rules=RULES).value)
    assert "c.jsonl line 3: is not valid JSON" in msg
    p.write_text(
        json.dumps({"text": BODY, "year": 2019}, ensure_ascii=False)
        + "\n"
        + json.dumps({"text": BODY, "year": "20190"}, ensure_ascii=False)
        + "\n",
        encoding="utf-8",
    )
    msg = str(pytest.raises(CorpusError, scan_corpus, corpus_settings("t", {"path": str(p)}), clean_rules=RULES).value)
    assert "c.jsonl line 2:" in msg and "line 1" not in msg


def test_parquet_rows_count_from_one(tmp_path):
    import pandas as pd

    p = tmp_path / "c.parquet"
    pd.DataFrame({"text": [BODY, BODY + "。"], "year": ["2019", "x"]}).to_parquet(p)
    msg = str(pytest.raises(CorpusError, scan_corpus, corpus_settings("t", {"path": str(p)}), clean_rules=RULES).value)
    assert "c.parquet row 2:" in msg


# 14. jieba's cache ------------------------------------------------------------------------------------------
def test_a_planted_jieba_cache_changes_nothing(tmp_path):
    """jieba would load $TMPDIR/jieba.cache with marshal; one planted there must not change the tokens."""
    import marshal

    planted = tmp_path / "jieba.cache"
    with open(planted, "wb") as f:
        marshal.dump(({"组": 1, "织": 1, "工": 1, "作": 1, "干": 1, "部": 1}, 6), f)
    code = (
        "from orgtopics import segment; s = segment.Segmenter(user_words=[], stopwords=[]); "
        "print(' '.join(w for w, _ in s.tag('组织工作和干部工作')))"
    )
    env = {**os.environ, "TMPDIR": str(tmp_path), "PYTHONPATH": str(ROOT / "workflow" / "scripts")}
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    ).stdout.split()
    assert "组织" in out and "干部" in out
    assert planted.read_bytes()[:1]  # untouched, and never read


def test_private_cache_dir_refuses_a_directory_others_can_write(tmp_path, monkeypatch):
    from orgtopics.segment import private_cache_dir

    monkeypatch.setenv("TMPDIR", str(tmp_path))
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", None)
    base = tmp_path / f"orgtopics-{os.getuid()}"
    base.mkdir(mode=0o777)
    os.chmod(base, 0o777)
    d = private_cache_dir("jieba")
    assert base not in d.parents and d.is_dir()
    os.chmod(base, 0o700)
    assert private_cache_dir("jieba") == base / "jieba"


def test_config_shipped_dictionary_exists():
    assert (CONFIG / "dictionaries" / "orgwork.txt").is_file()


def test_invisible_characters_are_every_format_character():
    import unicodedata

    from orgtopics.formats import INVISIBLE_RE

    cf = {c for c in range(0x110000) if unicodedata.category(chr(c)) == "Cf"}
    matched = {c for c in range(0x110000) if INVISIBLE_RE.fullmatch(chr(c))}
    assert matched == cf


def _two_year_corpus(tmp_path):
    """A valid two-document corpus folder and its corpora mapping for scan_all."""
    from orgtopics.corpus import corpus_settings

    folder = tmp_path / "c"
    folder.mkdir()
    body = "组织工作要坚持党管干部原则，加强基层党组织建设，推动全面从严治党向基层延伸。" * 4
    for y in (2015, 2016):
        (folder / f"{y}.txt").write_text(body + str(y), encoding="utf-8")
    (folder / "manifest.csv").write_text("file,year\n2015.txt,2015\n2016.txt,2016\n", encoding="utf-8")
    return folder, {"c": corpus_settings("c", {"path": str(folder)})}


def test_a_job_process_reuses_the_saved_scan(tmp_path):
    """A job started in a fresh process (SLURM, job groups) parses the workflow again: with reuse it reads the
    main process's saved scan, so it neither re-reads nor re-checks the corpus; without reuse (the main
    process) a changed corpus is checked again."""
    from orgtopics.corpus import corpus_settings
    from orgtopics.workflow_support import scan_all

    folder, corpora = _two_year_corpus(tmp_path)
    cache = tmp_path / "cache"
    first = scan_all(corpora, {}, cache_dir=cache)["c"]
    (folder / "2016.txt").write_text("", encoding="utf-8")  # now a bad document
    again = scan_all(corpora, {}, cache_dir=cache, reuse=True)["c"]
    assert again == first and again.han > 0
    with pytest.raises(SystemExit):
        scan_all(corpora, {}, cache_dir=cache)  # the main process checks again
    other = {"c": corpus_settings("c", {"path": str(folder), "shards": 3})}
    with pytest.raises(SystemExit):
        scan_all(other, {}, cache_dir=cache, reuse=True)  # other settings: no saved scan applies


def test_a_warm_parse_reads_no_document(tmp_path):
    """The main process re-uses its saved scan while no file in the corpus folder changed name, size or
    modification time (no file is read: a same-size edit with the old time is not seen, as with make); any
    such change, or a new file, makes it check the corpus again."""
    from orgtopics.workflow_support import scan_all

    folder, corpora = _two_year_corpus(tmp_path)
    cache = tmp_path / "cache"
    first = scan_all(corpora, {}, cache_dir=cache)["c"]
    doc = folder / "2016.txt"
    st = doc.stat()
    doc.write_bytes(b"x" * st.st_size)  # unreadable as a document, same size ...
    os.utime(doc, ns=(st.st_atime_ns, st.st_mtime_ns))  # ... and the old time: not read
    assert scan_all(corpora, {}, cache_dir=cache)["c"] == first
    os.utime(doc, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000))  # touched: checked again
    with pytest.raises(SystemExit):
        scan_all(corpora, {}, cache_dir=cache)


# 14. one corpus's own page furniture ----------------------------------------------------------------------------
def test_drop_lines_of_corpus_yaml_add_to_the_cleaning_rules(tmp_path):
    """`drop_lines` in corpus.yaml drops this corpus's furniture besides the config's rules (which stay), at
    validation (a page of furniture only is a bad document) and in the cleaning job (logged as rule `corpus`);
    a pattern that is not a regular expression is named with the file and the fix."""
    import pandas as pd

    from orgtopics.stages.clean import clean_shard
    from orgtopics.workflow_support import scan_all

    footer = "本网站由某某市委办公室主办,某某市信息中心承办,技术支持单位为某某网络科技有限公司。"
    folder = write(
        tmp_path / "c",
        {"a.txt": f"{BODY}\n{footer}\n责任编辑:张三", "b.txt": f"{BODY}二\n{footer}", "c.txt": footer},
        "file,year\na.txt,2016\nb.txt,2019\nc.txt,2019\n",
    )
    (folder / "corpus.yaml").write_text(
        "drop_lines: ['^本网站由.{0,20}主办']\non_bad_document: skip\n", encoding="utf-8"
    )
    s = corpus_settings("c", {"path": str(folder)})
    rules = s.clean_rules({})
    assert rules.corpus_patterns == ("^本网站由.{0,20}主办",) and "editor" in rules.drop_patterns
    scanned = scan_all({"c": s}, {}, cache_dir=tmp_path / "cache")["c"]
    assert [d.id for d in scanned.documents] == ["a", "b"]  # c.txt is the footer only
    assert "c.txt" in scanned.skipped[0].where and "corpus" in scanned.skipped[0].what
    docs = [{**d.__dict__, "raw": ""} for d in scanned.documents]
    clean_shard(s.to_dict(), docs, str(tmp_path / "clean.parquet"), str(tmp_path / "log.csv"), clean_cfg={})
    log = pd.read_csv(tmp_path / "log.csv")
    assert sorted(zip(log["doc_id"], log["rule"])) == [("a", "corpus"), ("a", "editor"), ("b", "corpus")]
    assert footer not in pd.read_parquet(tmp_path / "clean.parquet")["text"].str.cat()
    # without the key the footer stays (a body paragraph to the rules of the config)
    assert footer in clean_text(f"{BODY}\n{footer}", corpus_settings("c", {"path": str(tmp_path)}).clean_rules({})).text
    (folder / "corpus.yaml").write_text("drop_lines: ['主办(']\n", encoding="utf-8")
    with pytest.raises(CorpusError) as e:
        corpus_settings("c", {"path": str(folder)})
    assert "corpus.yaml" in str(e.value) and "drop_lines: '主办(' is not a regular expression" in str(e.value)
