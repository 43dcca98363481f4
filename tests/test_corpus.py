"""Reading and validating corpora: manifests, encodings, and every problem reported at once."""

import pytest

from orgtopics.corpus import decode_bytes, load_corpus, parse_year
from orgtopics.errors import CorpusError

TEXT = "坚持党要管党、从严治党,把全面从严治党要求落实到组织工作全过程各方面。\n"


def test_seeds_manifest(seed_docs):
    assert sorted(d.year for d in seed_docs.values()) == [2007, 2016, 2017, 2018, 2019]
    d = seed_docs["2019_zezhou"]
    assert d.meta["author"] == "张韶华" and d.meta["date"] == "2019-04-26"
    assert all(d.encoding == "utf-8" for d in seed_docs.values())


def test_seeds_are_byte_copies_of_shared():
    from conftest import SEEDS, SHARED, require

    src = SHARED / "seeds"
    require(src.is_dir(), f"{src} is absent")
    for p in src.glob("*.txt"):
        assert (SEEDS / p.name).read_bytes() == p.read_bytes()


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "gb18030", "big5"])
def test_decode_detects_encodings(encoding):
    text = "黨的建設必須堅持從嚴治黨,這是我們黨一貫的要求和根本的方針原則。" * 3 if encoding == "big5" else TEXT * 3
    data = text.encode(encoding)
    out, used = decode_bytes(data)
    assert out == text
    assert used.replace("_", "-") in {encoding, "utf-8-sig" if encoding == "utf-8-sig" else encoding, "utf-16"} or (
        encoding == "gb18030" and used in {"gb18030", "gbk"}
    )


def test_decode_rejects_binary():
    with pytest.raises(ValueError, match="binary"):
        decode_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")


@pytest.mark.parametrize("cell, year", [("2019", 2019), ("2019-04-26", 2019), ("2007-10", 2007), ("2018.0", 2018)])
def test_parse_year(cell, year):
    assert parse_year(cell) == year


@pytest.mark.parametrize("cell", ["19", "二〇一九", "1850", "3000", "2019/13/99x"])
def test_parse_year_rejects(cell):
    with pytest.raises(ValueError):
        parse_year(cell)


def test_all_problems_reported_at_once(tmp_path):
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "dup.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "empty.txt").write_text("  \n", encoding="utf-8")
    (tmp_path / "bin.txt").write_bytes(b"\x00\x01\x02binary")
    (tmp_path / "manifest.csv").write_text(
        "id,file,year\n"
        "a,a.txt,2019\n"
        "a,a.txt,2020\n"  # duplicate id
        "b,dup.txt,2020\n"  # duplicate text
        "c,missing.txt,2018\n"  # file missing
        "d,../outside.txt,2017\n"  # leaves the folder
        "e,empty.txt,2016\n"  # empty
        "f,bin.txt,2015\n"  # binary
        "g,a.txt,twenty\n",  # bad year
        encoding="utf-8",
    )
    with pytest.raises(CorpusError) as e:
        load_corpus(tmp_path)
    msg = str(e.value)
    for needle in (
        "duplicate id 'a'",
        "same text as a.txt",
        "missing.txt' does not exist",
        "outside the corpus folder",
        "file is empty",
        "binary",
        "not a whole year",
        "row 3",
        "row 4",
        "Fix:",
    ):
        assert needle in msg, needle
    assert len(e.value.problems) >= 7


def test_manifest_missing_columns(tmp_path):
    (tmp_path / "manifest.csv").write_text("name,when\nx,2019\n", encoding="utf-8")
    with pytest.raises(CorpusError, match=r"missing column\(s\): file, year \(or date\)"):
        load_corpus(tmp_path)


def test_folder_without_manifest_uses_years_in_names(tmp_path):
    (tmp_path / "report_2007.txt").write_bytes(TEXT.encode("gbk"))
    (tmp_path / "report_2012.txt").write_bytes((TEXT + "干部").encode("gbk"))
    docs = load_corpus(tmp_path)
    assert [(d.id, d.year) for d in docs] == [("report_2007", 2007), ("report_2012", 2012)]
    assert docs[0].encoding in {"gb18030", "gbk"}
    (tmp_path / "notes.txt").write_text(TEXT, encoding="utf-8")
    with pytest.raises(CorpusError, match="how|manifest"):
        load_corpus(tmp_path)


def test_symlink_out_of_folder_rejected(tmp_path):
    outside = tmp_path / "outside.txt"
    outside.write_text(TEXT, encoding="utf-8")
    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "link.txt").symlink_to(outside)
    (corpus / "manifest.csv").write_text("file,year\nlink.txt,2019\n", encoding="utf-8")
    with pytest.raises(CorpusError, match="outside"):
        load_corpus(corpus)


def test_table_corpus(tmp_path):
    import json

    from orgtopics.corpus import corpus_settings, scan_corpus

    rows = [
        {"text": TEXT + "一", "date": "2007-10-15", "title": "<b>t</b>"},
        {"text": TEXT + "二", "date": "2012-11-08"},
    ]
    p = tmp_path / "docs.jsonl"
    p.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8")
    scan = scan_corpus(corpus_settings("docs", {"path": str(p)}))
    assert [(d.id, d.year) for d in scan.documents] == [("row000001", 2007), ("row000002", 2012)]
    assert scan.documents[0].meta["title"] == "<b>t</b>"
    bad = tmp_path / "bad.csv"
    bad.write_text("body,when\nx,2019\n", encoding="utf-8")
    with pytest.raises(CorpusError, match="text_column"):
        scan_corpus(corpus_settings("bad", {"path": str(bad)}))


def test_skip_mode_keeps_good_documents(tmp_path):
    from orgtopics.corpus import corpus_settings, scan_corpus

    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "manifest.csv").write_text("file,year\na.txt,2019\nmissing.txt,2018\n", encoding="utf-8")
    (tmp_path / "corpus.yaml").write_text("on_bad_document: skip\nname: mine\n", encoding="utf-8")
    s = corpus_settings("x", {"path": str(tmp_path)})
    assert s.name == "mine" and s.on_bad_document == "skip"
    scan = scan_corpus(s)
    assert [d.id for d in scan.documents] == ["a"] and "missing.txt" in scan.skipped[0].what


def test_corpus_yaml_is_validated(tmp_path):
    import yaml

    from conftest import ROOT
    from orgtopics.corpus import corpus_settings

    (tmp_path / "corpus.yaml").write_text("on_bad_document: ignore\nbogus: 1\n", encoding="utf-8")
    schema = yaml.safe_load((ROOT / "workflow" / "schemas" / "corpus.schema.yaml").read_text(encoding="utf-8"))
    with pytest.raises(CorpusError) as e:
        corpus_settings("x", {"path": str(tmp_path)}, schema=schema)
    assert "corpus.yaml" in str(e.value) and "bogus" in str(e.value) and "ignore" in str(e.value)
    (tmp_path / "corpus.yaml").write_text("shards: many\n", encoding="utf-8")
    with pytest.raises(CorpusError, match="many"):
        corpus_settings("x", {"path": str(tmp_path)}, schema=schema)
    for ok, value in (("shards: auto\n", "auto"), ("shards: 8\n", 8)):
        (tmp_path / "corpus.yaml").write_text(ok, encoding="utf-8")
        assert corpus_settings("x", {"path": str(tmp_path)}, schema=schema).shards == value


def test_documents_carry_the_size_of_their_text(tmp_path):
    from orgtopics.corpus import corpus_settings, scan_corpus

    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "manifest.csv").write_text("file,year\na.txt,2019\n", encoding="utf-8")
    (doc,) = scan_corpus(corpus_settings("x", {"path": str(tmp_path)})).documents
    assert doc.size == (tmp_path / "a.txt").stat().st_size


def test_near_duplicates_warned(tmp_path):
    from orgtopics.corpus import corpus_settings, scan_corpus

    # 60 different sentences: b adds one, so their true shingle Jaccard (about 0.98) is above the default 0.9
    # (TEXT * 20 had only 35 distinct shingles and a true Jaccard of 0.83 with b)
    long = "".join(f"第{i}条。" + TEXT for i in range(60))
    (tmp_path / "a.txt").write_text(long, encoding="utf-8")
    (tmp_path / "b.txt").write_text(long + "最后一句不同。", encoding="utf-8")
    (tmp_path / "c.txt").write_text(
        "完全不同的一篇文章,讲的是人才工作和招才引智,与前两篇没有关系。" * 10, encoding="utf-8"
    )
    (tmp_path / "manifest.csv").write_text("file,year\na.txt,2019\nb.txt,2019\nc.txt,2018\n", encoding="utf-8")
    scan = scan_corpus(corpus_settings("x", {"path": str(tmp_path)}))
    assert len(scan.warnings) == 1 and "'a' and 'b'" in scan.warnings[0]


def test_an_excerpt_passes_the_near_duplicate_check_and_is_found_as_shared_text():
    """A news item quoting part of a speech shares too few shingles with it for the near-duplicate check, but
    repeats most of its own text from it; a formula found in more than SHARED_MAX_DOCUMENTS documents is no
    evidence of copying."""
    from conftest import SEEDS
    from orgtopics.near_duplicates import (
        SHARED_MAX_DOCUMENTS,
        minhash_signature,
        near_duplicates,
        shared_passages,
        shingle_hashes,
    )

    speech = (SEEDS / "001_05d12c5d022a2dac.txt").read_text(encoding="utf-8")
    quoted = [s + "。" for s in speech.split("。") if len(s) > 40 and not set(s) & set("；;！？!?\n")][10:16]
    news = (
        "本报讯 昨日,市委召开组织工作会议。"
        + "".join(quoted)
        + "会议还对下一阶段的各项工作进行了部署,各区负责同志参加。"
    )
    formula = "深入学习贯彻新时代中国特色社会主义思想和党的十九大精神,全面加强党的建设。"
    others = {f"o{i}": formula + f"第{i}篇另外的文章,讲的是人才工作和招才引智,与讲话没有关系。" * 3 for i in range(11)}
    texts = {"speech": speech, "news": news, **others}
    sigs = {d: minhash_signature(shingle_hashes(t)) for d, t in texts.items()}
    assert not [w for w in near_duplicates(sigs, threshold=0.9) if "'news'" in w]
    rows = shared_passages(texts)
    assert [(r["doc_id"], r["other_doc_id"]) for r in rows] == [("news", "speech")]
    (r,) = rows
    assert r["n_sentences"] == len(quoted) and 0.6 < r["share"] < 1
    assert len(others) > SHARED_MAX_DOCUMENTS  # the formula stands in every other document: not counted
    assert shared_passages(texts) == rows and shared_passages(dict(reversed(texts.items()))) == rows


def test_recurring_lines_are_whole_paragraphs_in_a_fifth_of_the_documents():
    """A site footer on every page is listed; a paragraph two documents share, a short heading on every page and a
    formula inside longer paragraphs are not."""
    from orgtopics.near_duplicates import RECURRING_MIN_SHARE, recurring_lines

    footer = "本网站由某某市委办公室主办,某某市信息中心承办,技术支持单位为某某网络科技有限公司。"
    shared = "会议强调,要把抓基层打基础作为长远之计和固本之举,推动基层党组织全面进步全面过硬。"
    body = "坚持党要管党、从严治党,把全面从严治党要求落实到组织工作全过程各方面"
    docs = {
        f"d{i}": [
            "一、加强干部队伍建设",  # a heading on every page: too short to count
            f"{'甲乙丙丁戊己庚辛壬癸子丑寅卯辰'[i]}篇正文,{body}。",  # a formula inside each document's own text
            *([shared] if i < 2 else []),
            *([footer] if i < 3 else []),
        ]
        for i in range(15)
    }
    (row,) = recurring_lines(docs)
    assert row["line"] == footer and row["n_documents"] == 3 and row["doc_ids"] == ["d0", "d1", "d2"]
    assert row["share"] == 3 / 15 == RECURRING_MIN_SHARE and row["han"] >= 20 and row["forms"] == 1
    assert (
        recurring_lines({**docs, "d15": ["另一篇文章的正文,讲的是人才工作和招才引智,与网站没有关系。"]}) == []
    )  # 3 of 16
    assert recurring_lines({"a": [footer], "b": [f" {footer} "]}) == []  # fewer than 3 documents


def test_recurring_lines_that_differ_in_their_numbers_are_one_line_with_a_pattern_that_drops_them():
    """A footer that carries the page's date and hit count differs on every page: it is one recurring line with
    several forms, and its `drop_lines` pattern, pasted into corpus.yaml as the report gives it, drops every form
    and nothing else."""
    import yaml

    from orgtopics.clean import CleanRules, clean_text
    from orgtopics.near_duplicates import recurring_lines
    from orgtopics.report import drop_lines_yaml

    def footer(i: int) -> str:
        return f"发布日期:2019年{i % 12 + 1}月{i + 3}日 浏览{100 + 7 * i}次 本网站由某某市委组织部主办'党建在线'"

    body = "坚持党要管党、从严治党,把全面从严治党要求落实到组织工作全过程各方面。"
    texts = {f"d{i}": f"{'甲乙丙丁戊己庚辛壬癸'[i]}篇:{body}\n{footer(i if i < 9 else 0)}" for i in range(10)}
    (row,) = recurring_lines({d: t.split("\n") for d, t in texts.items()})
    assert row["n_documents"] == 10 and row["forms"] == 9 and row["line"] == footer(0)
    (pattern,) = yaml.safe_load(drop_lines_yaml([row["pattern"]]))["drop_lines"]
    assert pattern == row["pattern"]
    rules = CleanRules(corpus_patterns=(pattern,))
    cleaned = {d: clean_text(t, rules) for d, t in texts.items()}
    assert all(r.paragraphs == [t.split("\n")[0]] for r, t in zip(cleaned.values(), texts.values()))
    assert all([x.rule for x in r.removed] == ["corpus"] for r in cleaned.values())
    assert recurring_lines({d: r.paragraphs for d, r in cleaned.items()}) == []
    assert drop_lines_yaml([]) == ""


def test_validation_in_worker_processes_and_from_the_cache_agrees(tmp_path, monkeypatch):
    """The start-up validation gives the same documents, problems and near-duplicate warnings whether it
    runs in this process, in a pool of forked workers, or from the content-hash cache."""
    import random
    import sys

    from orgtopics import document_checks
    from orgtopics.clean import CleanRules
    from orgtopics.corpus import corpus_settings, scan_corpus

    long = "".join(f"第{i}条。" + TEXT for i in range(60))
    files = {
        "a.txt": long,
        "b.txt": long + "最后一句不同。",
        "c.txt": "完全不同的一篇文章,讲的是人才工作和招才引智。" * 10,
        "d.txt": "404 Not Found\n\nnginx\n",
    }
    rng = random.Random(0)  # eight unrelated texts of random Han characters
    files.update({f"e{i}.txt": "".join(chr(0x4E00 + rng.randrange(20000)) for _ in range(300)) for i in range(8)})
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    (tmp_path / "manifest.csv").write_text("file,year\n" + "".join(f"{n},2019\n" for n in files), encoding="utf-8")
    (tmp_path / "corpus.yaml").write_text("on_bad_document: skip\n", encoding="utf-8")
    s = corpus_settings("x", {"path": str(tmp_path)})

    def summary(scan):
        return ([d.id for d in scan.documents], [str(p) for p in scan.skipped], scan.warnings)

    serial = summary(scan_corpus(s, clean_rules=CleanRules(), workers=1))
    assert serial[0] == ["a", "b", "c"] + [f"e{i}" for i in range(8)]
    assert len(serial[1]) == 1 and "no text is left after cleaning" in serial[1][0]
    assert len(serial[2]) == 1 and "'a' and 'b'" in serial[2][0]
    if sys.platform.startswith("linux"):
        monkeypatch.setattr(document_checks, "_POOL_MIN_CHARS", 0)
        monkeypatch.setattr(document_checks, "_BATCH_CHARS", 2000)  # several batches through one pool
        assert summary(scan_corpus(s, clean_rules=CleanRules(), workers=2)) == serial
    cache: dict = {}
    assert summary(scan_corpus(s, clean_rules=CleanRules(), cache=cache)) == serial
    assert any(k.startswith("minhash:") for k in cache)
    monkeypatch.setattr(document_checks.DocumentChecks, "check", lambda self, text: pytest.fail("cleaned again"))
    assert summary(scan_corpus(s, clean_rules=CleanRules(), cache=cache)) == serial


def test_empty_after_cleaning_is_a_problem(tmp_path):
    from orgtopics.clean import CleanRules
    from orgtopics.corpus import corpus_settings, scan_corpus

    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "b.txt").write_text("404 Not Found\n\nnginx\n", encoding="utf-8")
    (tmp_path / "manifest.csv").write_text("file,year\na.txt,2019\nb.txt,2018\n", encoding="utf-8")
    with pytest.raises(CorpusError, match="no text is left after cleaning"):
        scan_corpus(corpus_settings("x", {"path": str(tmp_path)}), clean_rules=CleanRules())


def test_periods_group_years_and_must_cover_them(tmp_path):
    from orgtopics.corpus import corpus_settings, scan_corpus

    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "b.txt").write_text(TEXT + "干部", encoding="utf-8")
    (tmp_path / "manifest.csv").write_text("file,year\na.txt,2013\nb.txt,2019\n", encoding="utf-8")
    (tmp_path / "corpus.yaml").write_text(
        "periods:\n  - {label: 十八大 18th, start: 2012, end: 2016}\n", encoding="utf-8"
    )
    s = corpus_settings("x", {"path": str(tmp_path)})
    assert s.period_of(2013)["label"] == "十八大 18th" and s.period_of(2019) is None
    with pytest.raises(CorpusError, match="year 2019 is in none of the corpus's periods"):
        scan_corpus(s)


def test_covariates_must_be_columns_with_a_value_for_every_document(tmp_path):
    """`covariates:` in corpus.yaml names manifest columns: a column that is not there stops the scan with the
    manifest's columns; an empty cell names its row, and skip mode skips that document."""
    from orgtopics.corpus import corpus_settings, scan_corpus

    for i in range(3):
        (tmp_path / f"d{i}.txt").write_text(TEXT * 3 + f"第{i}号文件。\n", encoding="utf-8")
    (tmp_path / "manifest.csv").write_text("file,year,region\nd0.txt,2000,A\nd1.txt,2000,\nd2.txt,2001,B\n", "utf-8")
    (tmp_path / "corpus.yaml").write_text("covariates: [province]\n", encoding="utf-8")
    with pytest.raises(CorpusError) as e:
        scan_corpus(corpus_settings("x", {"path": str(tmp_path)}))
    assert "manifest.csv" in str(e.value) and "'province' is not a column (columns: file, year, region)" in str(e.value)
    (tmp_path / "corpus.yaml").write_text("covariates: [region]\n", encoding="utf-8")
    with pytest.raises(CorpusError) as e:
        scan_corpus(corpus_settings("x", {"path": str(tmp_path)}))
    assert "manifest.csv row 3" in str(e.value) and "covariate 'region' is empty" in str(e.value)
    (tmp_path / "corpus.yaml").write_text("covariates: [region]\non_bad_document: skip\n", encoding="utf-8")
    scan = scan_corpus(corpus_settings("x", {"path": str(tmp_path)}))
    assert [d.id for d in scan.documents] == ["d0", "d2"] and len(scan.skipped) == 1
