"""TF-IDF, themes, bootstrap intervals, findings and term trajectories on small, known inputs."""

import numpy as np
import pandas as pd
import pytest

from orgtopics.features import tfidf_by_year, tfidf_vectorizer
from orgtopics.findings import (
    ONE_YEAR,
    adjusted_sentences,
    change_table,
    describe_change,
    headline,
    limitations,
    model_limitations,
    recurring_text,
    robustness_summary,
    shared_text,
)
from orgtopics.resources import Theme, read_themes
from orgtopics.themes import theme_share_by_year
from orgtopics.trends import bootstrap_ratio, term_trajectories


def units_frame():
    return pd.DataFrame(
        {
            "year": [2000, 2000, 2000, 2010, 2010, 2010],
            "tokens": [
                ["党", "干部", "干部", "人才"],
                ["党", "干部", "考核"],
                ["干部", "人才"],
                ["纪律", "党", "作风"],
                ["纪律", "监督", "人才"],
                ["纪律", "作风", "党"],
            ],
        }
    )


def test_tfidf_ranks_each_years_distinctive_terms():
    df = tfidf_by_year(units_frame(), top_n=5, min_count=1)
    assert set(df["year"]) == {2000, 2010}
    assert df[df["year"] == 2000].iloc[0]["term"] == "干部"
    assert df[df["year"] == 2010].iloc[0]["term"] == "纪律"


def test_tfidf_keeps_one_character_words():
    """县 is the most distinctive word of 2010 and 党 is in every year: scikit-learn's default token_pattern
    (two or more word characters) would drop both."""
    units = pd.DataFrame(
        {
            "year": [2000, 2000, 2010, 2010],
            "tokens": [["党", "干部", "干部"], ["党", "干部"], ["县", "县", "县", "党"], ["县", "纪律"]],
        }
    )
    df = tfidf_by_year(units, top_n=3, min_count=1)
    assert df[df["year"] == 2010].iloc[0]["term"] == "县"
    assert "党" in set(df["term"])
    assert set(tfidf_vectorizer().fit([["党", "县", "干部"]]).get_feature_names_out()) == {"党", "县", "干部"}


THEMES = [
    Theme("cadres", "干部工作", "Cadre work", "#1f77b4", ("干部", "考核")),
    Theme("discipline", "从严治党与作风纪律", "Discipline", "#8c564b", ("纪律", "作风", "监督")),
]


def test_theme_rates_and_intervals():
    df = theme_share_by_year(units_frame(), THEMES, n_boot=500, random_state=1)
    row = df[(df["year"] == 2000) & (df["theme"] == "cadres")].iloc[0]
    assert row["hits"] == 5 and row["tokens"] == 9
    assert row["per_10k"] == pytest.approx(10_000 * 5 / 9)
    assert (df["ci_low"] <= df["per_10k"] + 1e-9).all() and (df["per_10k"] <= df["ci_high"] + 1e-9).all()
    assert df.groupby("year")["share"].sum().tolist() == pytest.approx([1.0, 1.0])


def test_bootstrap_is_seeded_and_group_independent():
    num = np.arange(12, dtype=float).reshape(6, 2)
    den = np.ones(6) * 10
    g = [1, 1, 1, 2, 2, 2]
    a = bootstrap_ratio(num, den, g, n_boot=200, random_state=5)
    b = bootstrap_ratio(num, den, g, n_boot=200, random_state=5)
    c = bootstrap_ratio(num[3:], den[3:], g[3:], n_boot=200, random_state=5)
    assert np.array_equal(a[1].samples, b[1].samples)
    assert np.array_equal(a[2].samples, c[2].samples)
    assert not np.array_equal(a[1].samples, bootstrap_ratio(num, den, g, n_boot=200, random_state=6)[1].samples)


def test_change_table_wording_follows_interval():
    u = units_frame()
    from orgtopics.themes import theme_hits

    hits = theme_hits(list(u["tokens"]), THEMES)
    est = bootstrap_ratio(hits, u["tokens"].map(len).to_numpy(float), u["year"].to_numpy(), n_boot=500, scale=10_000)
    ch = change_table(est, ["cadres", "discipline"], key="theme")
    d = ch.set_index("theme")
    assert d.loc["discipline", "direction"] == "rise" and d.loc["cadres", "direction"] == "fall"
    s = describe_change(ch[ch["theme"] == "discipline"].iloc[0], "纪律")
    assert s.startswith("纪律 rose from 2000 to 2010")
    flat = pd.Series(
        {
            "first_year": 1,
            "last_year": 2,
            "first": 5.0,
            "last": 6.0,
            "diff": 1.0,
            "ci_low": -1.0,
            "ci_high": 3.0,
            "direction": "no clear change",
        }
    )
    assert "no clear change" in describe_change(flat, "X") and "includes zero" in describe_change(flat, "X")


def test_term_trajectories_count_substrings():
    texts = pd.DataFrame({"year": [2007, 2019, 2019], "text": ["坚持从严治党", "全面从严治党,从严治党", "新时代"]})
    df = term_trajectories(texts, ["从严治党", "新时代"])
    got = {(r.term, r.year): r.count for r in df.itertuples()}
    assert got == {("从严治党", 2007): 1, ("从严治党", 2019): 2, ("新时代", 2007): 0, ("新时代", 2019): 1}
    r = df[(df.term == "从严治党") & (df.year == 2007)].iloc[0]
    assert r.per_10k == pytest.approx(10_000 / 6)


def test_term_trajectory_intervals_resample_documents_where_a_year_has_several():
    """2007 has one document (its paragraphs are resampled), 2019 two (the documents are): each interval holds
    its estimate, and the table says which was resampled; without a bootstrap there are no intervals."""
    texts = pd.DataFrame(
        {
            "doc_id": ["a", "b", "c"],
            "year": [2007, 2019, 2019],
            "text": ["从严治党很重要\n要抓好作风\n从严治党", "全面从严治党\n新时代新作为", "要讲新时代\n继续推进"],
        }
    )
    df = term_trajectories(texts, ["从严治党", "新时代"], n_boot=200, random_state=1)
    by = df.set_index(["term", "year"])
    assert (
        by.loc[("从严治党", 2007), "resampled"] == "paragraphs" and by.loc[("新时代", 2019), "resampled"] == "documents"
    )
    assert (df["ci_low"] <= df["per_10k"] + 1e-9).all() and (df["per_10k"] <= df["ci_high"] + 1e-9).all()
    assert by.loc[("从严治党", 2007), "ci_high"] > by.loc[("从严治党", 2007), "ci_low"]
    assert term_trajectories(texts, ["新时代"])["ci_low"].isna().all()


def test_limitations_are_computed():
    docs = pd.DataFrame({"year": [2007, 2016], "region": ["宜城", "濮阳"], "doc_id": ["a", "b"]})
    text = " ".join(limitations(docs))
    assert "single document" in text and "confounded" in text and "9 years" in text
    docs2 = pd.DataFrame({"year": [2007] * 10 + [2008] * 10, "region": "x", "doc_id": [f"d{i}" for i in range(20)]})
    assert limitations(docs2) == []
    docs3 = pd.DataFrame({"year": [2007, 2007, 2008, 2008], "region": "x", "doc_id": list("abcd")})
    (few,) = limitations(docs3)
    assert few.startswith("Years with 2 to 9 documents") and "2007 (2), 2008 (2)" in few
    one = pd.DataFrame({"year": [2019], "region": "x", "doc_id": ["a"]})
    assert limitations(one)[0].startswith("The one document comes from one year (2019)")
    assert limitations(one)[1].startswith("The year is represented by a single document, so its interval")
    two = pd.DataFrame({"year": [2019, 2019], "region": "x", "doc_id": ["a", "b"]})
    assert limitations(two)[0].startswith("All 2 documents come from one year (2019)")


def test_recurring_text_limitation_names_the_commonest_line_and_the_fix():
    columns = ["line", "han", "n_documents", "share", "first_year", "last_year", "forms", "pattern"]
    assert recurring_text(pd.DataFrame(columns=columns), 15, min_han=20) == []
    footer = "本作品来自1949年10月1日之后的中国共产党文件,根据著作权法第五条不适用于著作权法保护,所以属于公有领域"
    rows = pd.DataFrame(
        [
            [footer, 48, 12, 0.8, 1969, 2022, 1, "^本作品来自"],
            ["网站地图 本网站由某某市委办公室主办,某某市信息中心承办", 26, 4, 0.27, 2000, 2022, 1, "^网站地图"],
        ],
        columns=columns,
    )
    (one,) = recurring_text(rows.head(1), 15, min_han=20)
    assert one.startswith(
        "One line of 20 or more Han characters stands in 12 of the 15 documents, word for word or differing only in "
        "its numbers: “"
    )
    assert footer[:40] + "…”" in one and footer not in one
    assert "add the `drop_lines:` patterns that appendix A gives to the corpus's corpus.yaml" in one
    (two,) = recurring_text(rows, 15, min_han=20)
    assert two.startswith("2 lines of 20 or more Han characters stand in many documents; the commonest in 12")


def test_shared_text_limitation_names_the_largest():
    assert (
        shared_text(pd.DataFrame(columns=["doc_id", "year", "other_doc_id", "other_year", "share"]), min_share=0.3)
        == []
    )
    rows = pd.DataFrame(
        {
            "doc_id": ["news", "speech"],
            "year": [2018, 2017],
            "other_doc_id": ["speech", "news"],
            "other_year": [2017, 2018],
            "share": [0.81, 0.34],
        }
    )
    (one,) = shared_text(rows.head(1), min_share=0.3)
    assert one.startswith("One document repeats much of another's text, sentence for sentence: news (2018) repeats 81%")
    (two,) = shared_text(rows, min_share=0.3)
    assert two.startswith("2 documents repeat at least 30% of their text") and "the most, news (2018)" in two


def test_robustness_summary_counts_the_judged_themes():
    assert robustness_summary(["robust"] * 7 + ["fragile"], 8) == "7 of 8 themes are robust."
    assert robustness_summary(["robust", "fragile", "fragile"], 3) == "1 of 3 themes is robust."
    # a theme without seed-term hits has no row; a one-year corpus has no verdict at all
    assert robustness_summary(["fragile", "robust"], 3) == (
        "1 of 3 themes is robust; 1 could not be judged (the column says why)."
    )
    assert robustness_summary([ONE_YEAR] * 8, 8).startswith("No theme could be judged")
    assert robustness_summary(["robust"], 1) == "The one theme is robust."  # a corpus with its own single theme
    assert robustness_summary(["fragile"], 1) == "The one theme is fragile."


def test_model_limitations_state_this_runs_numbers():
    stab = pd.DataFrame(
        {"topic": [0, 1, 2], "stability": [0.3, 0.5, 0.7], "trend_sign_agreement": [1.0, 0.8, 1.0], "n_runs": 5}
    )
    changes = pd.DataFrame(
        {
            "theme": ["a", "b", "c"],
            "first_year": 1990,
            "last_year": 2020,
            "diff": [5.0, -9.0, 20.0],
            "direction": ["rise", "fall", "no clear change"],
        }
    )
    topic, vocab = model_limitations(stab, changes, {"a": "甲", "b": "乙", "c": "丙"})
    assert "5 other seeds" in topic and "similarity of 0.50" in topic and "2 of 3 topics keep their" in topic
    # the largest clear change is the example, not a larger one without a clear direction
    assert "rate of 乙 fell from 1990 to 2020" in vocab and "less often" in vocab
    none = changes.assign(direction="no clear change")
    assert "乙" not in model_limitations(stab, none, {})[1]
    one_year = stab.assign(trend_sign_agreement=float("nan"))
    assert "direction" not in model_limitations(one_year, none, {})[0]
    one_kept = stab.assign(trend_sign_agreement=[1.0, 0.8, 0.6])
    assert "1 of 3 topics keeps its" in model_limitations(one_kept, none, {})[0]


def test_themes_file():
    from conftest import CONFIG

    themes = read_themes(CONFIG / "themes.yaml")
    ids = [t.id for t in themes]
    assert len(themes) >= 8
    zh = {t.zh for t in themes}
    assert {
        "干部工作",
        "基层党建",
        "党员教育管理",
        "人才工作",
        "思想政治建设",
        "从严治党与作风纪律",
        "服务发展与改革创新",
        "组织部门自身建设",
    } <= zh
    assert all(len(t.seeds) >= 15 and t.en for t in themes)
    assert len(set(ids)) == len(ids) and len({t.color for t in themes}) == len(themes)


def test_whole_series_trend_and_where_it_disagrees_with_the_endpoints():
    """A theme that rises steadily through the middle years while its two end years happen to be equal: first
    against last says no clear change, the slope per decade says rise, and the headline says why they differ.
    A theme flat but for one high last year: the endpoints say rise; the slope's interval, which widens with
    the years' scatter around the line, does not exclude zero."""
    rng = np.random.default_rng(1)
    years, steady, spike, tokens = [], [], [], []
    for y in range(2000, 2011):
        for _ in range(40):
            n = 200
            level = 10 + 3 * (y - 2000) if 2000 < y < 2010 else 25
            years.append(y)
            tokens.append(n)
            steady.append(rng.poisson(level * n / 100))
            spike.append(rng.poisson((40 if y == 2010 else 10) * n / 100))
    est = bootstrap_ratio(np.c_[steady, spike], np.array(tokens, float), years, n_boot=400, scale=10_000)
    ch = change_table(est, ["steady", "spike"], key="theme").set_index("theme")
    assert ch.loc["steady", "trend"] == "rise" and ch.loc["steady", "direction"] == "no clear change"
    assert ch.loc["spike", "direction"] == "rise" and ch.loc["spike", "trend"] == "no clear change"
    assert (
        ch.loc["steady", "slope_ci_low"] > 0 and ch.loc["spike", "slope_ci_low"] < 0 < ch.loc["spike", "slope_ci_high"]
    )
    text = " ".join(headline(ch.reset_index(), {"steady": "Steady", "spike": "Spike"}, key="theme"))
    assert "Steady: first against last year says no clear change, the whole series says rise" in text
    assert "Spike: first against last year says rise, the whole series says no clear change" in text
    assert "multiple comparisons" in text
    assert "1 of 2 rose and 0 fell; 1 shows no clear trend." in text  # the verb agrees with a count of one
    assert "of 2, 1 rose and 0 fell with intervals that exclude zero; 1 shows no clear change." in text
    two = change_table({y: est[y] for y in (2000, 2010)}, ["steady", "spike"], key="theme")
    assert (two["trend"] == "not estimable: fewer than three years").all()


def test_adjusted_sentences_name_each_reading_that_changes():
    """Holding a covariate fixed: the themes whose first-to-last reading changes are named with both readings,
    and every count agrees with its verb."""
    adjusted = pd.DataFrame(
        {
            "theme": ["a", "b", "c"],
            "adjusted_for": "region",
            "raw_direction": ["rise", "rise", "fall"],
            "direction": ["rise", "no clear change", "fall"],
        }
    )
    names = {"a": "Cadre work", "b": "Talent work", "c": "Discipline"}
    (text,) = adjusted_sentences(adjusted, names, key="theme", what="themes")
    assert text.startswith("Holding region fixed, 2 of 3 themes keep their first-to-last reading; 1 changes: ")
    assert "Talent work: rise without, no clear change with region held fixed." in text
    (one,) = adjusted_sentences(adjusted.iloc[:1], names, key="theme", what="themes")
    assert one.startswith("Holding region fixed, 1 of 1 themes keeps its first-to-last reading: these changes")


def test_documents_are_resampled_where_a_year_has_several():
    """Year 2000: two documents, one all about the theme and one not at all; resampling paragraphs treats its
    40 paragraphs as independent and gives a narrow interval, resampling the documents a wide one. Year
    2010 has one document: its paragraphs are resampled, exactly as without documents."""
    rng = np.random.default_rng(0)
    num = np.r_[rng.poisson(30, 20), rng.poisson(1, 20), rng.poisson(10, 20)].astype(float)
    den = np.full(60, 100.0)
    years = [2000] * 40 + [2010] * 20
    docs = ["a"] * 20 + ["b"] * 20 + ["c"] * 20
    by_doc = bootstrap_ratio(num, den, years, clusters=docs, n_boot=500)
    by_para = bootstrap_ratio(num, den, years, n_boot=500)
    assert by_doc[2000].resampled == "documents" and by_para[2000].resampled == "paragraphs"
    width = {k: float((e[2000].ci_high - e[2000].ci_low)[0]) for k, e in (("doc", by_doc), ("para", by_para))}
    assert width["doc"] > 3 * width["para"]
    assert by_doc[2010].resampled == "paragraphs" and np.array_equal(by_doc[2010].samples, by_para[2010].samples)
    assert np.array_equal(by_doc[2000].estimate, by_para[2000].estimate)


def test_intervals_stop_where_a_share_can_go():
    """A share from two documents, one almost all about a topic and one not at all: the t interval with one
    degree of freedom (12.7 standard errors) would reach past 100% and its change past −100 points. Cut at what a
    share can be, the interval keeps its coverage (the parameter lies within) and says nothing impossible."""
    from orgtopics.trends import contrast

    share = np.r_[np.full(20, 0.95), np.full(20, 0.02), np.full(20, 0.05)]
    tokens = np.full(60, 50.0)
    est = bootstrap_ratio(
        share * tokens, tokens, [1921] * 40 + [2022] * 20, clusters=["a"] * 20 + ["b"] * 20 + ["c"] * 20, n_boot=400
    )
    first, last = est[1921], est[2022]
    assert first.resampled == "documents" and (first.floor, first.ceiling) == (0.0, 1.0)
    assert first.ci_low[0] == 0.0 and first.ci_high[0] == 1.0  # the plain t interval reaches far past both
    diff, lo, hi = contrast(first, last)
    assert lo[0] == -1.0 and hi[0] == 1.0 and -1 < diff[0] < 0
    # hits never more than tokens per 10k: the ceiling is the scale; a model's estimates (negative) get none
    assert bootstrap_ratio(share * tokens, tokens, [2000] * 60, scale=10_000)[2000].ceiling == 10_000
    assert bootstrap_ratio(share - 0.5, tokens, [2000] * 60)[2000].ceiling is None


def test_bootstrap_of_no_replicates_gives_the_estimates_alone():
    """n_boot=0 (the sensitivity table needs only the rates): the same estimates, no intervals."""
    rng = np.random.default_rng(3)
    num, den, years = rng.poisson(5, (50, 2)).astype(float), np.full(50, 40.0), [2000] * 25 + [2010] * 25
    full, bare = bootstrap_ratio(num, den, years, n_boot=200), bootstrap_ratio(num, den, years, n_boot=0)
    for y in (2000, 2010):
        assert np.array_equal(full[y].estimate, bare[y].estimate) and bare[y].samples.shape == (0, 2)
        assert np.isnan(bare[y].ci_low).all() and np.isnan(bare[y].ci_high).all()


def test_resampling_sentence_names_what_each_year_resampled():
    """The methods text and the captions say what the bootstrap drew, with the verb agreeing with each count."""
    from orgtopics.report import resampling

    def share(kinds):
        return pd.DataFrame({"year": range(2000, 2000 + len(kinds)), "resampled": kinds})

    one_several = resampling(share(["documents"] + ["paragraphs"] * 13))
    assert "within the 1 year that has two or more" in one_several and "the 13 years that have one" in one_several
    one_single = resampling(share(["documents"] * 3 + ["paragraphs"]))
    assert "within the 3 years that have two or more" in one_single and "the 1 year that has one" in one_single
    assert resampling(share(["documents"] * 2)).startswith("documents resampled within each year")
    assert resampling(share(["paragraphs"] * 2)).endswith("as every year has a single document")


def test_many_documents_are_summed_by_year_in_the_report():
    """Up to 100 documents the report lists each; beyond, one row per year with the numbers summed (the
    100 MB corpus's page was 5.4 MB, nearly all of it two tables of its documents)."""
    from orgtopics.report import MAX_DOCUMENT_ROWS, document_rows

    docs = pd.DataFrame(
        {
            "year": [2000 + i % 3 for i in range(150)],
            "doc_id": [f"d{i}" for i in range(150)],
            "title": "标题",
            "chars_clean": 10,
            "n_units": 2,
        }
    )
    rows = document_rows(docs)
    assert [r["doc_id"] for r in rows] == ["50 documents"] * 3
    assert rows[0]["chars_clean"] == 500 and rows[0]["n_units"] == 100 and rows[0]["title"] == ""
    assert len(document_rows(docs.head(MAX_DOCUMENT_ROWS))) == MAX_DOCUMENT_ROWS


def test_t_quantile_is_scipy_stats_t():
    """The intervals' t quantiles come from scipy.special (a lighter import), the same numbers as scipy.stats."""
    from scipy.stats import t

    from orgtopics.trends import t_quantile

    df = np.array([1.0, 1.5, 2.0, 4.0, 13.0, 200.0])
    for p in (0.9, 0.95, 0.975, 0.995):
        assert np.array_equal(t_quantile(p, df), t.ppf(p, df))
    assert t_quantile(0.975, 3) == t.ppf(0.975, 3)


def test_balanced_takes_equal_shares_of_the_runs():
    """Every run (year) gives as many items as it has up to an equal share; what a short run leaves goes to the
    others; within a run the picks spread from its first item to its last."""
    import random

    from orgtopics.spread import balanced

    assert balanced([2000] * 6 + [2010] * 2 + [2020] * 6, 8) == [0, 2, 5, 6, 7, 8, 10, 13]
    assert balanced([1, 2], 5) == [0, 1] and balanced([1, 1, 2], 0) == []
    rng = random.Random(7)
    for _ in range(500):
        keys = sorted(rng.randrange(6) for _ in range(rng.randrange(60)))
        n = rng.randrange(40)
        picked = balanced(keys, n)
        assert len(picked) == min(n, len(keys)) and picked == sorted(set(picked))
        size = {k: keys.count(k) for k in set(keys)}
        got = {k: sum(keys[i] == k for i in picked) for k in size}
        short = [got[k] for k in size if got[k] < size[k]]  # runs not taken whole
        if short:
            assert all(got[k] <= min(short) + 1 for k in size)  # no run gets more than one above another


def test_kwic_lists_a_frequent_term_from_every_year():
    """A term with more occurrences than the cap is listed from every year, in equal shares as far as each year has
    them, not only from the first years; each line carries the term's count in the corpus."""
    from orgtopics.kwic import COLUMNS, kwic

    def text(n: int, year: int) -> str:
        return "".join(f"第{i}条,{year}年加强干部队伍建设。" for i in range(n))

    docs = pd.DataFrame(
        {
            "doc_id": ["b2000", "a2000", "c2010", "d2020"],
            "year": [2000, 2000, 2010, 2020],
            "text": [text(25, 2000), text(25, 2000), text(5, 2010) + "人才工作", text(30, 2020)],
        }
    )
    table = kwic(docs, ["干部", "人才", "巡视"], width=4, max_per_term=20)
    assert list(table.columns) == COLUMNS and set(table["term"]) == {"干部", "人才"}
    cadres = table[table["term"] == "干部"]
    assert cadres.groupby("year").size().to_dict() == {2000: 8, 2010: 5, 2020: 7}
    assert (cadres["n_occurrences"] == 85).all()
    first = cadres.iloc[0]
    assert (first["doc_id"], first["position"], first["left"], first["right"]) == ("a2000", 11, "0年加强", "队伍建设")
    assert cadres[cadres["year"] == 2000]["doc_id"].tolist()[-1] == "b2000"  # spread over the year's occurrences
    assert table[table["term"] == "人才"][["year", "right", "n_occurrences"]].values.tolist() == [[2010, "工作", 1]]


def test_the_report_names_where_a_corpus_settings_go():
    """A folder's settings go in its corpus.yaml, a table's in its config entry; `spans` become code, escaped."""
    from orgtopics.report import code_spans, settings_place

    assert settings_place("data/reports/corpus.yaml") == "`data/reports/corpus.yaml`"
    assert settings_place("") == "the corpus's entry under `corpora:` in the config (a table has no corpus.yaml)"
    assert str(code_spans("add `drop_lines:` to `a<b>/corpus.yaml` & run")) == (
        "add <code>drop_lines:</code> to <code>a&lt;b&gt;/corpus.yaml</code> &amp; run"
    )
    docs = pd.DataFrame({"year": [2000, 2000, 2010], "region": ["甲", "乙", "甲"], "doc_id": ["a", "b", "c"]})
    (text,) = [t for t in limitations(docs, settings="`x/corpus.yaml`") if "covariates" in t]
    assert "(name `covariates: [region]` in `x/corpus.yaml` to hold place fixed" in text
