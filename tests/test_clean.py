"""Cleaning: general rules on small inputs, and what they do to the real seeds."""

import re

import pytest

from orgtopics.clean import CleanRules, clean_text, count_han, nfkc, strip_pinyin, to_simplified

BODY = "坚持党要管党、从严治党,把全面从严治党要求落实到组织工作全过程各方面,推动基层党组织全面进步全面过硬。"


@pytest.mark.parametrize(
    "raw, expected, n",
    [
        ("改革創(chuàng)新", "改革創新", 1),
        ("經(jīng)濟發(fā)展", "經濟發展", 2),
        ("一是(a)方面", "一是(a)方面", 0),  # no tone mark: a list marker, kept
        ("(chuàng)新", "(chuàng)新", 0),  # not after a Han character
        ("黨組(黨組)", "黨組(黨組)", 0),  # Han characters in parentheses are not pinyin
    ],
)
def test_strip_pinyin(raw, expected, n):
    assert strip_pinyin(raw) == (expected, n)


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("黨的十七大", "党的十七大"),
        ("堅持從嚴治黨", "坚持从严治党"),
        ("組織工作會議", "组织工作会议"),
        ("干部工作", "干部工作"),  # already simplified: unchanged
    ],
)
def test_to_simplified(raw, expected):
    assert to_simplified(raw)[0] == expected


def test_nfkc_full_width():
    assert nfkc("ＡＢＣ１２３，") == ("ABC123,", 7)


@pytest.mark.parametrize(
    "line, rule",
    [
        ("404 Not Found", "error_page"),
        ("nginx", "error_page"),
        ("当前位置: 首页>> 工作研究", "navigation"),
        ("首页|党建研究简介|领导关怀", "navigation"),
        ("【放大字体】   【恢复字体】  【缩小字体】 【我要打印】", "controls"),
        ("[阅读数24] [返回首页]", "controls"),
        ("京ICP备17014157号-1", "copyright"),
        ("版权所有 禁止复制", "copyright"),
        ("(责编:沈王一、王金雪)", "editor"),
        ("责编/常妍 美编/ 孟宪强 于珊", "editor"),
        ("来源: 武汉组工   时间: 2018-11-26 10:27  打印", "editor"),
        ("2019-04-26 10:28:00    来源:《晋城工作》", "editor"),
        (
            "前言:本站为你精心整理了范文,希望能为你的创作提供参考价值,我们的客服老师可以帮助你提供个性化的参考范文,欢迎咨询。",
            "site_blurb",
        ),
        ("1.jpg", "image"),
    ],
)
def test_furniture_lines_are_dropped_by_their_rule(line, rule):
    res = clean_text(f"{BODY}\n{line}\n{BODY}")
    assert [r.rule for r in res.removed] == [rule]
    assert res.paragraphs == [BODY, BODY]


def test_trailer_drops_everything_after_it():
    res = clean_text(
        f"{BODY}\n相关新闻\n在全市“改革创新、奋发有为”大讨论动员部署会议上的讲话很长很长很长很长很长很长很长很长\n{BODY}"
    )
    assert res.paragraphs == [BODY]
    assert {r.rule for r in res.removed} == {"trailer"}


def test_a_wikisource_licence_notice_is_a_trailer():
    """The licence notice that closes a Wikisource page (the lines of the CPC congress reports' pages, as scraped,
    links on lines of their own) goes as a trailer: its long lines would otherwise count as body paragraphs."""
    notice = [
        "本作品来自1949年10月1日（含）之后的中国共产党文件。根据《刑事审判参考》指导案例第680号",
        "，中国共产党的中央组织（包括党的全国代表大会、中央委员会及其各直属机构",
        "中华人民共和国著作权法",
        "》第五条规定之“具有立法、司法、行政性质的文件”，不适用于著作权法保护，所以属于",
        "公有领域",
        "中国共产党的领导人讲话和其它文件是否属于以上范围，在中文维基文库社群中存在争议。在有进一步共识之前，"
        "本模板的使用仅限于以上所列之文件。",
    ]
    res = clean_text("\n".join([BODY, *notice]))
    assert res.paragraphs == [BODY]
    assert [r.rule for r in res.removed] == ["trailer"] * len(notice)
    anonymous = "这部作品在1931年1月1日以前以匿名或別名發表，確實作者身份不明，在美國屬於"
    old = clean_text("\n".join([BODY, anonymous, "公有領域"]))
    assert old.paragraphs == [BODY]
    # the words themselves are not furniture inside a body paragraph
    kept = "这部作品在群众中反响强烈,我们要保护好公有领域的文化遗产,推动基层党组织全面进步全面过硬。"
    assert clean_text(f"{BODY}\n{kept}").paragraphs == [BODY, kept]


def test_header_and_footer_zones():
    res = clean_text(f"聚焦主业 稳中求进\n杨汉军\n{BODY}\n干部工作\n{BODY}\n(作者单位)")
    assert res.paragraphs == [BODY, "干部工作", BODY]
    assert [r.rule for r in res.removed] == ["header", "header", "footer"]


def test_rules_are_configurable():
    res = clean_text(f"标题行\n{BODY}", CleanRules(drop_header_zone=False))
    assert res.paragraphs[0] == "标题行"
    with pytest.raises(Exception, match="unknown key"):
        CleanRules.from_config({"no_such_rule": 1})
    with pytest.raises(Exception, match="unknown key"):  # a corpus's own lines come from its corpus.yaml
        CleanRules.from_config({"corpus_patterns": ["主办"]})


def test_a_corpus_own_patterns_drop_a_line_of_any_length():
    """`drop_lines` of corpus.yaml (`corpus_patterns`) name lines the researcher has seen: a licence notice of 300
    Han characters goes, where a general pattern keeps any line of `furniture_max_han` or more as text."""
    notice = "本网站所登载内容,版权属于本单位所有," + "未经书面许可不得转载摘编或者以其他方式使用" * 14
    assert count_han(notice) >= 200
    text = f"{BODY}\n{notice}\n{BODY}二"
    assert notice in clean_text(text, CleanRules(drop_patterns={"site": ["^本网站所登载内容"]})).paragraphs
    res = clean_text(text, CleanRules(corpus_patterns=("^本网站所登载内容",)))
    assert res.paragraphs == [BODY, BODY + "二"] and [(r.rule, r.text) for r in res.removed] == [("corpus", notice)]


def test_seed_003_pinyin_gone_and_simplified(seed_docs):
    res = clean_text(seed_docs["2007_yicheng"].raw)
    text = res.text
    assert res.stats["pinyin_annotations"] >= 300
    assert not re.search(r"\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+\)", text)
    assert res.stats["traditional_converted"] > 1000
    assert to_simplified(text)[1] == 0, "a traditional character survived"
    assert "科学发展观" in text and "改革创新" in text
    assert "本站为你精心整理" not in text


@pytest.mark.parametrize(
    "doc_id, gone, kept",
    [
        (
            "2019_zezhou",
            ["404 Not Found", "nginx", "【放大字体】", "相关新闻", "当前位置"],
            ["新时代党的组织路线", "金字招牌"],
        ),
        ("2017_wuhan", ["ICP备", "责编", "征订启事", "党建研究网>>"], ["两学一做", "城市合伙人"]),
        ("2018_wuhan", ["[阅读数", "当前位置", "1.jpg"], ["狮子型", "红色引擎工程"]),
        ("2016_puyang", ["责编", "美编"], ["干部考核评价方法工具体系"]),
    ],
)
def test_seed_furniture_removed_body_kept(seed_docs, doc_id, gone, kept):
    text = clean_text(seed_docs[doc_id].raw).text
    for s in gone:
        assert s not in text
    for s in kept:
        assert s in text


def test_every_seed_keeps_most_of_its_text(seed_docs):
    for doc in seed_docs.values():
        res = clean_text(doc.raw)
        assert res.stats["han_clean"] > 0.85 * count_han(to_simplified(doc.raw)[0]) - 400
        assert all(count_han(p) >= 2 for p in res.paragraphs)


@pytest.mark.parametrize(
    "text", ["", "abc 123", "组织工作", "創(chuàng)新，【放大字体】", "㐀䶿一鿿豈﫿 ＡＢ〇々", "x组y织z" * 50]
)
def test_count_han_counts_every_ideograph_of_the_three_blocks(text):
    # the three blocks of clean.HAN: extension A, unified ideographs, compatibility ideographs
    expected = sum(0x3400 <= ord(c) <= 0x4DBF or 0x4E00 <= ord(c) <= 0x9FFF or 0xF900 <= ord(c) <= 0xFAFF for c in text)
    assert count_han(text) == expected
