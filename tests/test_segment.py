"""Segmentation: domain words survive whole, names go, stopwords go, one-character words stay."""

import pytest

from orgtopics.resources import read_user_dictionary, read_word_list
from orgtopics.segment import Segmenter, harvest_quoted_phrases


@pytest.mark.parametrize(
    "text, word",
    [
        ("推进两学一做学习教育常态化制度化", "两学一做"),
        ("严格落实三会一课制度", "三会一课"),
        ("选拔任用狮子型干部到攻坚克难岗位", "狮子型干部"),
        ("落实全面从严治党要求", "全面从严治党"),
        ("以科学发展观为指导", "科学发展观"),
        ("牢固树立四个意识", "四个意识"),
        ("实施红色引擎工程", "红色引擎工程"),
        ("深入推进招才引智", "招才引智"),
        ("整顿软弱涣散基层党组织", "软弱涣散"),
    ],
)
def test_domain_terms_are_single_tokens(segmenter, text, word):
    assert word in segmenter.tokens(text)


def test_from_strict_governance_is_not_a_person(segmenter):
    assert ("从严治党", "nz") in segmenter.tag("坚持从严治党")


def test_person_and_place_names_dropped(segmenter):
    toks = segmenter.tokens("刘汉征同志在濮阳市调研基层党建工作")
    assert "刘汉征" not in toks and "濮阳市" not in toks and "濮阳" not in toks
    assert "基层党建" in toks


def test_stopwords_and_boilerplate(segmenter):
    toks = segmenter.tokens("我们要进一步加强和改进党员教育管理工作")
    assert "我们" not in toks and "进一步" not in toks and "加强" not in toks
    assert "党员教育管理" in toks


def test_boilerplate_can_be_switched_off():
    from conftest import CONFIG
    from orgtopics.stages.segment import make_segmenter

    seg = make_segmenter(
        dictionary=str(CONFIG / "dictionaries" / "orgwork.txt"),
        themes_file=str(CONFIG / "themes.yaml"),
        boilerplate=str(CONFIG / "stopwords" / "policy_boilerplate.txt"),
        seg_cfg={"policy_boilerplate": False},
    )
    assert "加强" in seg.tokens("进一步加强党员教育")


def test_one_character_content_words_survive(segmenter):
    assert "党" in segmenter.tokens("党要管党")


def test_generic_stopwords_keep_policy_words():
    from orgtopics.segment import generic_stopwords

    stop = generic_stopwords("zh")
    for w in ("人民", "坚持", "全面", "干部", "发展", "组织", "党员", "人才", "改革"):
        assert w not in stop


def test_dictionary_is_large_and_versioned():
    from conftest import CONFIG

    path = CONFIG / "dictionaries" / "orgwork.txt"
    entries = read_user_dictionary(path)
    assert len(entries) >= 200
    assert len({w for w, _ in entries}) == len(entries), "duplicate dictionary entries"
    assert "Version:" in path.read_text(encoding="utf-8")
    for w in (
        "两学一做",
        "三会一课",
        "全面从严治党",
        "科学发展观",
        "狮子型干部",
        "红色引擎工程",
        "招才引智",
        "软弱涣散",
        "四个意识",
    ):
        assert w in {e for e, _ in entries}


def test_boilerplate_list_documented_and_disjoint_from_theme_seeds():
    from conftest import CONFIG
    from orgtopics.resources import read_themes

    words = set(read_word_list(CONFIG / "stopwords" / "policy_boilerplate.txt"))
    assert {"加强", "推进", "进一步"} <= words
    seeds = {s for th in read_themes(CONFIG / "themes.yaml") for s in th.seeds}
    assert not words & seeds


def test_harvest_quoted_phrases():
    rows = harvest_quoted_phrases(
        {"a": "推进“两学一做”和“学”与“三会一课”", "b": "再推“两学一做”,这是一个很长很长很长的引语“一二三四五六七八九”"},
        {"a": 2016, "b": 2017},
    )
    got = {r["phrase"]: r for r in rows}
    assert set(got) == {"两学一做", "三会一课"}
    assert (
        got["两学一做"]["count"] == 2 and got["两学一做"]["first_year"] == 2016 and got["两学一做"]["last_year"] == 2017
    )


def test_quoted_clauses_and_pieces_of_words_are_not_added():
    """“该容的容” is a clause (a particle inside); “坚决地调” is cut from 坚决地调整 wherever it stands unquoted;
    “三个代表” and “重中之重” are terms and are added, also where the text goes on (三个代表重要思想)."""

    texts = {
        "a": "要“坚决地调”好。我们要坚决地调整产业结构，坚决地调整政策，要坚决地调动积极性。",
        "b": "坚持“三个代表”重要思想，三个代表重要思想是指南，实践三个代表。“该容的容”，该容的容。",
        "c": "这是“重中之重”，重中之重的任务，抓住重中之重。",
    }
    rows = harvest_quoted_phrases(texts, dict.fromkeys(texts, 2018), tag=Segmenter().tag)
    why = {r["phrase"]: r["rejected"] for r in rows}
    assert why["该容的容"].startswith("a clause") and "的" in why["该容的容"]
    assert why["坚决地调"].startswith("a piece of a longer word") and "调整" in why["坚决地调"]
    assert why["三个代表"] == why["重中之重"] == ""
    assert all(r["rejected"] == "" for r in harvest_quoted_phrases(texts, dict.fromkeys(texts, 2018)))  # unchecked


def test_only_accepted_phrases_become_words(tmp_path):
    from orgtopics.stages.segment import added_phrases

    csv = tmp_path / "quoted_phrases.csv"
    csv.write_text(
        "phrase,count,n_documents,first_year,last_year,rejected\n三个代表,2,1,2018,2018,\n"
        "该容的容,1,1,2018,2018,a clause\n",
        encoding="utf-8",
    )
    assert added_phrases(str(csv), {}) == ["三个代表"]
    assert added_phrases(str(csv), {"quoted_phrases": {"add": False}}) == []


def test_user_words_force_segmentation():
    seg = Segmenter(user_words=[("城市合伙人", "nz")])
    assert "城市合伙人" in seg.tokens("设立城市合伙人服务中心")
