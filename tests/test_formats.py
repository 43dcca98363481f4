"""The formats researchers hold, on real files the tests write: saved web pages, Word, PDF and Excel,
with simplified and traditional Chinese and a hostile title."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import paragraph
from orgtopics.clean import CleanRules
from orgtopics.corpus import corpus_settings, read_document_text, scan_corpus
from orgtopics.errors import CorpusError
from orgtopics.formats import ExtractionError, extract, join_wrapped_lines

BODY = [
    paragraph(["干部", "选拔任用", "考核评价", "年轻干部", "担当作为", "领导班子"]),
    paragraph(["基层党组织", "党支部", "三会一课", "党员", "社区", "农村"]),
]
TRADITIONAL = "黨的建設必須堅持從嚴治黨，這是我們黨一貫的要求和根本的方針原則，各級黨組織要認真貫徹落實。"
HOSTILE = "<script>alert('t')</script> “标题” & 干部"
NAV_WORDS = "导航栏目链接文字不应出现"
SCRIPT_WORDS = "脚本里的文字不应出现"
FOOTER_WORDS = "页脚版权文字不应出现"


def html_page(title: str, date: str, paras: list[str], *, charset: str = "utf-8") -> bytes:
    from html import escape

    body = "".join(f"<p>{escape(p)}</p>" for p in paras)
    title = escape(title)
    page = f"""<!DOCTYPE html><html><head><meta charset="{charset}"><title>{title}</title>
<meta property="article:published_time" content="{date}"><script>var s = "{SCRIPT_WORDS}";</script>
<style>.nav {{ color: red }}</style></head><body>
<nav class="nav"><ul><li><a href="/">首页</a></li><li><a href="/a">{NAV_WORDS}</a></li></ul></nav>
<article><h1>{title}</h1>{body}<!-- 注释里的文字不应出现 --></article>
<footer><p>{FOOTER_WORDS} 版权所有 ICP备12345678号</p></footer></body></html>"""
    return page.encode(charset)


def docx_file(path: Path, title: str, paras: list[str]) -> Path:
    import docx

    d = docx.Document()
    d.core_properties.title = title
    for p in paras:
        d.add_paragraph(p)
    table = d.add_table(rows=1, cols=1)
    table.rows[0].cells[0].text = "表格中的文字也是正文的一部分,各级党组织要认真贯彻落实。"
    d.save(path)
    return path


def pdf_file(path: Path, title: str, paras: list[str], *, text: bool = True) -> Path:
    from fpdf import FPDF

    from orgtopics import style

    simhei = style.font_path().parent / "SimHei.ttf"  # a TrueType CJK font shipped with mplfonts
    pdf = FPDF()
    pdf.add_page()
    pdf.set_title(title)
    if text:
        pdf.add_font("cjk", fname=str(simhei))
        pdf.set_font("cjk", size=12)
        for p in paras:
            pdf.multi_cell(0, 8, p)  # wraps lines inside words, as real PDFs do
            pdf.ln(4)
    else:  # a "scan": only a drawing, no text layer
        pdf.rect(20, 20, 100, 60, style="F")
    pdf.output(str(path))
    return path


def test_web_page_main_text_only_with_title_and_date():
    got = extract("page.html", html_page(HOSTILE, "2016-05-04", BODY + [TRADITIONAL]))
    for p in BODY + [TRADITIONAL]:
        assert p in got.text
    for junk in (NAV_WORDS, SCRIPT_WORDS, FOOTER_WORDS, "注释里的文字", "color: red"):
        assert junk not in got.text
    assert got.meta == {"title": HOSTILE, "date": "2016-05-04"}
    assert got.encoding == "html/utf-8"


def test_web_page_in_gb18030():
    got = extract("page.HTM", html_page("组织工作", "2012-01-01", BODY, charset="gb18030"))
    assert BODY[0] in got.text and got.encoding == "html/gb18030"


def test_web_page_without_main_text_is_named(tmp_path):
    with pytest.raises(ExtractionError, match="no main text"):
        extract("empty.html", "<html><head><script>var x='首页';</script></head><body></body></html>".encode())
    (tmp_path / "nav_2019.html").write_bytes(
        "<html><body><nav><a href='/'>首页</a> | <a>组织工作</a></nav></body></html>".encode()
    )
    with pytest.raises(CorpusError, match=r"nav_2019.html: no text is left after cleaning; removed most: navigation"):
        scan_corpus(corpus_settings("n", {"path": str(tmp_path)}), clean_rules=CleanRules())


def test_word_file_paragraphs_tables_and_title(tmp_path):
    got = extract("a.docx", docx_file(tmp_path / "a.docx", HOSTILE, BODY + [TRADITIONAL]).read_bytes())
    assert got.text.split("\n")[:3] == BODY + [TRADITIONAL]
    assert "表格中的文字" in got.text and got.meta == {"title": HOSTILE} and got.encoding == "docx"


def test_broken_word_file_is_named():
    with pytest.raises(ExtractionError, match="not a readable Word"):
        extract("a.docx", b"PK\x03\x04 not really a zip")


def test_pdf_text_layer_joined_into_paragraphs(tmp_path):
    got = extract("a.pdf", pdf_file(tmp_path / "a.pdf", "標題", BODY + [TRADITIONAL]).read_bytes())
    lines = [ln for ln in got.text.split("\n") if ln]
    assert lines == BODY + [TRADITIONAL]  # lines wrapped inside words are joined back
    assert got.meta == {"title": "標題"} and got.encoding == "pdf"


def test_scanned_pdf_gets_a_clear_message(tmp_path):
    with pytest.raises(ExtractionError, match="no text layer .*OCR"):
        extract("scan.pdf", pdf_file(tmp_path / "scan.pdf", "", [], text=False).read_bytes())


def test_join_wrapped_lines():
    assert (
        join_wrapped_lines(["各级党组织要把干", "部队伍建设摆在突出位置。", "", "第二段。"])
        == "各级党组织要把干部队伍建设摆在突出位置。\n\n第二段。"
    )


def test_a_folder_of_mixed_formats_is_one_corpus(tmp_path):
    """Web pages, Word and PDF files beside text files, with a manifest, in the real scan and re-read; the
    manifest's title wins over the file's, the page's own date fills a missing year."""
    (tmp_path / "a.txt").write_text("\n".join(BODY), encoding="utf-8")
    (tmp_path / "b.html").write_bytes(html_page(HOSTILE, "2016-05-04", BODY[::-1]))
    docx_file(tmp_path / "c.docx", "文件标题", [TRADITIONAL] + BODY)
    pdf_file(tmp_path / "d.pdf", "PDF标题", BODY + [TRADITIONAL])
    pdf_file(tmp_path / "scan.pdf", "", [], text=False)
    (tmp_path / "manifest.csv").write_text(
        "file,year,title\na.txt,2010,\nb.html,,\nc.docx,2017,清单标题\nd.pdf,2018,\nscan.pdf,2019,\n", encoding="utf-8"
    )
    settings = corpus_settings("mixed", {"path": str(tmp_path), "on_bad_document": "skip"})
    scan = scan_corpus(settings, clean_rules=CleanRules())
    docs = {d.file: d for d in scan.documents}
    assert sorted(docs) == ["a.txt", "b.html", "c.docx", "d.pdf"]
    assert docs["b.html"].year == 2016 and docs["b.html"].meta["title"] == HOSTILE
    assert docs["c.docx"].meta["title"] == "清单标题" and docs["d.pdf"].meta["title"] == "PDF标题"
    assert [p.where.split(" (")[0].endswith("scan.pdf") for p in scan.skipped] == [True]
    assert "OCR" in scan.skipped[0].what
    from dataclasses import asdict

    assert BODY[1] in read_document_text(asdict(docs["d.pdf"]), settings)
    assert TRADITIONAL in read_document_text(asdict(docs["c.docx"]), settings)


def test_web_pages_without_manifest_take_the_page_date(tmp_path):
    (tmp_path / "news.html").write_bytes(html_page("新闻", "2014-07-01", BODY))
    (tmp_path / "undated.html").write_bytes(html_page("无日期", "", BODY[::-1]).replace(b'content=""', b""))
    with pytest.raises(CorpusError) as e:
        scan_corpus(corpus_settings("h", {"path": str(tmp_path)}), clean_rules=CleanRules())
    assert "undated.html" in str(e.value) and "news.html" not in str(e.value)


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_spreadsheet_tables_with_column_settings(tmp_path, suffix):
    import pandas as pd

    df = pd.DataFrame(
        {
            "content": ["\n".join(BODY), TRADITIONAL * 3, ""],
            "pub_date": ["2012-11-08", "2017-10-18", "2020"],
            "title": [HOSTILE, "十九大", "空"],
        }
    )
    path = tmp_path / f"reports{suffix}"
    if suffix == ".xlsx":
        df.to_excel(path, index=False, engine="openpyxl")
    else:
        df.to_csv(path, index=False)
    settings = corpus_settings(
        "r", {"path": str(path), "text_column": "content", "date_column": "pub_date", "on_bad_document": "skip"}
    )
    scan = scan_corpus(settings, clean_rules=CleanRules())
    assert [d.year for d in scan.documents] == [2012, 2017]
    assert scan.documents[0].meta["title"] == HOSTILE
    assert [p.where for p in scan.skipped] == [f"{path} row 4"]  # the spreadsheet's own row number
    from dataclasses import asdict

    assert read_document_text(asdict(scan.documents[1]), settings) == TRADITIONAL * 3
