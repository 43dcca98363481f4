"""Figures use a real CJK font; a font without the glyphs is caught."""

import matplotlib.pyplot as plt
import pandas as pd
import pytest

from orgtopics import figures, style
from orgtopics.errors import OrgtopicsError
from orgtopics.figure_registry import BY_NAME, FIGURES


def test_cjk_font_registered():
    name = figures.setup_fonts()
    assert "CJK" in name
    from matplotlib import font_manager

    path = font_manager.findfont(font_manager.FontProperties(family=["sans-serif"]))
    assert path.endswith(style.FONT_FILE)


def test_house_style_needs_no_matplotlib():
    """The report and the explorer take the font and the topic colours from orgtopics.style without importing
    matplotlib; the colours are still matplotlib's tab20."""
    import subprocess
    import sys

    import matplotlib

    code = (
        "import sys; from orgtopics import style; style.font_path(); "
        "print(len(style.TOPIC_COLORS), 'matplotlib' in sys.modules, 'mplfonts' in sys.modules)"
    )
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert res.stdout.split() == ["20", "False", "False"]
    assert style.TOPIC_COLORS == [matplotlib.colors.to_hex(c) for c in plt.get_cmap("tab20").colors]
    assert style.font_path().is_file()


def test_missing_glyphs_detects_fallback_font(tmp_path):
    figures.setup_fonts()
    fig, ax = plt.subplots()
    ax.set_title("干部工作", fontfamily="DejaVu Sans")
    assert figures.missing_glyphs(fig)
    with pytest.raises(OrgtopicsError, match="without glyphs"):
        figures.save_figure(fig, tmp_path / "a.png", tmp_path / "a.svg", pd.DataFrame({"x": [1]}), tmp_path / "a.csv")


def test_cjk_text_has_glyphs(tmp_path):
    figures.setup_fonts()
    fig, ax = plt.subplots()
    ax.set_title("从严治党与作风纪律 Strict governance “两学一做”")
    assert figures.missing_glyphs(fig) == []
    figures.save_figure(fig, tmp_path / "a.png", tmp_path / "a.svg", pd.DataFrame({"x": [1]}), tmp_path / "a.csv")
    assert (tmp_path / "a.png").stat().st_size > 1000


def test_the_report_embeds_a_palette_copy_of_each_figure(tmp_path):
    """The figure job writes, beside the full-colour PNG, the copy the report embeds: the same pixels in at most
    PALETTE colours, fewer bytes; the report's data URI carries exactly that file."""
    import base64

    import numpy as np
    from PIL import Image

    from orgtopics.report import data_uri

    figures.setup_fonts()
    fig, ax = plt.subplots()
    ax.fill_between([0, 1, 2], [0, 1, 0.5], alpha=0.3)
    ax.plot([0, 1, 2], [0, 1, 0.5])
    ax.set_title("干部工作 cadre work")
    embed = tmp_path / "interim" / "a.png"
    figures.save_figure(
        fig, tmp_path / "a.png", tmp_path / "a.svg", pd.DataFrame({"x": [1]}), tmp_path / "a.csv", embed
    )
    full, small = Image.open(tmp_path / "a.png"), Image.open(embed)
    assert small.mode == "P" and small.size == full.size
    assert len(small.getcolors(maxcolors=256)) <= figures.PALETTE
    assert embed.stat().st_size < (tmp_path / "a.png").stat().st_size
    diff = np.abs(np.asarray(full.convert("RGB"), float) - np.asarray(small.convert("RGB"), float))
    assert diff.mean() < 1.0
    assert base64.b64decode(data_uri(embed).split(",", 1)[1]) == embed.read_bytes()


def test_many_years_stay_legible():
    figures.setup_fonts()
    years = list(range(1921, 2023, 2))
    share = pd.DataFrame(
        {
            "year": years * 2,
            "topic": [0] * len(years) + [1] * len(years),
            "label": ["T0 a"] * len(years) + ["T1 b"] * len(years),
            "share": [0.5] * 2 * len(years),
            "ci_low": [0.4] * 2 * len(years),
            "ci_high": [0.6] * 2 * len(years),
        }
    )
    fig, _ = figures.plot_topic_lines(share)
    ax = fig.axes[0]
    assert len(ax.get_xticks()) <= 14
    plt.close(fig)


def test_years_are_drawn_on_a_true_time_axis():
    """1964 -> 1975 is eleven years on the axis, not one step; no interval band is drawn across the gap."""
    figures.setup_fonts()
    years = [1958, 1960, 1962, 1964, 1975, 1977]
    share = pd.DataFrame({"year": years, "topic": 0, "label": "T0 a", "share": 0.5, "ci_low": 0.4, "ci_high": 0.6})
    fig, _ = figures.plot_topic_lines(share)
    ax = fig.axes[0]
    xs = sorted({float(x) for line in ax.get_lines() for x in line.get_xdata()})
    assert xs == [float(y) for y in years]
    bands = [c for c in ax.collections if type(c).__name__ == "FillBetweenPolyCollection"]
    spans = sorted(tuple(sorted({round(float(v[0])) for v in c.get_paths()[0].vertices})) for c in bands)
    assert (1964, 1975) not in spans and (1958, 1960) in spans
    plt.close(fig)


def _synthetic(n_years: int, n_topics: int):
    years = [1950 + y + (8 if y > n_years // 2 else 0) for y in range(n_years)]  # with a gap of eight years
    rows = [
        {
            "year": y,
            "topic": k,
            "label": f"T{k} 混合 mixed",
            "share": 1 / n_topics,
            "ci_low": 0.5 / n_topics,
            "ci_high": 2 / n_topics,
        }
        for k in range(n_topics)
        for y in years
    ]
    return years, pd.DataFrame(rows)


@pytest.mark.slow
@pytest.mark.parametrize(("n_years", "n_topics"), [(5, 5), (70, 5), (5, 40), (70, 40)])
def test_figures_keep_bounded_proportions(tmp_path, n_years, n_topics):
    """At 5 or 70 years and 5 or 40 topics no figure is wider than the report's column allows (WIDTH at DPI), nor
    taller than one and a half times its width (the 52-report corpus had figures 10,000-12,000 px wide)."""
    from PIL import Image

    from conftest import ROOT
    from orgtopics.resources import read_themes

    years, share = _synthetic(n_years, n_topics)
    spread = share.assign(run=1)
    tfidf = pd.DataFrame(
        [{"year": y, "rank": r, "term": f"词语{r}", "tfidf": 1 / r, "count": 3} for y in years for r in range(1, 11)]
    )
    themes = read_themes(ROOT / "config" / "themes.yaml")
    theme_share = pd.DataFrame(
        [
            {
                "year": y,
                "theme": th.id,
                "theme_zh": th.zh,
                "theme_en": th.en,
                "per_10k": 5.0,
                "ci_low": 4.0,
                "ci_high": 6.0,
                "hits": 5,
                "tokens": 10_000,
            }
            for th in themes
            for y in years
        ]
    )
    slogans = pd.DataFrame(
        [
            {"slogan": f"口号{i}", "kind": "quoted", "first_year": years[0], "last_year": years[-1], "total": 9}
            for i in range(30)
        ]
    )
    by_year = pd.DataFrame([{"slogan": f"口号{i}", "year": y, "count": 1} for i in range(30) for y in years])
    decades = sorted({f"{y // 10 * 10}s" for y in years})
    by_period = pd.DataFrame(
        [
            {"topic": k, "label": f"T{k} 词语·词语·词语", "period": p, "rank": r, "term": f"词{r}", "count": 3.0}
            for k in range(n_topics)
            for p in decades
            for r in range(1, 4)
        ]
    )
    drawn = {
        "topic_lines": figures.plot_topic_lines_with_seeds(share, spread),
        "topic_heatmap": figures.plot_topic_heatmap(share),
        "tfidf_terms": figures.plot_tfidf_terms(tfidf),
        "theme_emphasis": figures.plot_theme_emphasis(theme_share, themes),
        "slogans": figures.plot_slogan_timeline(slogans, by_year),
        "topic_terms_by_period": figures.plot_topic_terms_by_period(by_period),
    }
    for name, (fig, data) in drawn.items():
        png = tmp_path / f"{name}.png"
        figures.save_figure(fig, png, tmp_path / f"{name}.svg", data, tmp_path / f"{name}.csv")
        w, h = Image.open(png).size
        assert w <= (figures.WIDTH + 0.6) * figures.DPI, (name, w, h)
        assert h <= 1.5 * w, (name, w, h)


def test_report_font_subset_covers_the_page_and_nothing_for_other_languages():
    """The font embedded in the report and the explorer: every character of the page, the same bytes every
    time, and none of the Japanese, Korean or Traditional Chinese forms (`locl`) a zh-Hans page never shows."""
    import base64
    import io
    import re

    from fontTools.ttLib import TTFont

    from orgtopics.report import font_face_css

    text = "组织工作：干部工作、基层党建、人才工作与从严治党（2007—2019）。Cadre work, 10 % “quoted”"
    css = font_face_css(text)
    assert css == font_face_css(text)
    font = TTFont(io.BytesIO(base64.b64decode(re.search(r"base64,([A-Za-z0-9+/=]+)\)", css).group(1))))
    cmap = font.getBestCmap()
    assert all(ord(c) in cmap for c in text if not c.isspace())
    assert "组" in text and ord("组") in cmap and ord("組") not in cmap  # only what the page holds
    assert "locl" not in {r.FeatureTag for r in font["GSUB"].table.FeatureList.FeatureRecord}
    assert len(font.getGlyphOrder()) < 1.5 * len(set(text))  # with every feature: 131 glyphs for these 43 characters


def test_fixed_titles_and_empty_labels_draw_the_same_pixels():
    """figures.tight_layout and the fixed title height only skip measurements: a grid of small multiples with
    shared axes, titles and one axis label looks exactly as with matplotlib's automatic placement."""
    import numpy as np

    figures.setup_fonts()

    def draw(ours: bool) -> np.ndarray:
        with plt.rc_context({} if ours else {"axes.titley": None}):
            fig, axes = figures._grid(6, ncols=3)
            for i, ax in enumerate(axes):
                ax.plot([2007, 2016, 2019], [i, 2 * i, i / 2])
                ax.set_title(f"干部工作 {i}\nCadre work")
            axes[0].set_ylabel("每万词 per 10k tokens")
            fig.suptitle("主题强调程度 Theme emphasis", y=1.0)
            figures.tight_layout(fig) if ours else fig.tight_layout()
            fig.canvas.draw()
            out = np.asarray(fig.canvas.buffer_rgba()).copy()
            plt.close(fig)
            return out

    assert plt.rcParams["axes.titley"] == 1.0
    assert np.array_equal(draw(True), draw(False))


def _years_subset(df: pd.DataFrame, years: list[int]) -> pd.DataFrame:
    if "year" in df.columns:
        return df[df["year"].isin(years)]
    if "first_year" in df.columns:
        return df[df["first_year"].isin(years) & df["last_year"].isin(years)]
    return df if years else df.iloc[:0]


@pytest.mark.slow
@pytest.mark.parametrize("case", ["one year", "two years", "no data"])
@pytest.mark.parametrize("name", [f.name for f in FIGURES])
def test_every_figure_with_one_year_two_years_and_no_data(project, tmp_path, name, case):
    """The seeds' real tables cut to one year, two years or nothing: every figure is drawn (or says in its
    place why there is nothing to draw), with CJK glyphs, and never crashes (a skip-mode corpus crashed in
    year_ticks)."""
    from orgtopics.tables import read_records, read_table

    out = project / "results" / "seeds"
    years = sorted(read_table(out / "tables" / "documents.csv")["year"].unique().tolist())
    keep = {"one year": years[:1], "two years": years[:2], "no data": []}[case]
    t = {
        k: _years_subset(read_records(out / v) if v.endswith(".parquet") else read_table(out / v), keep)
        for k, v in BY_NAME[name].tables.items()
    }
    figures.draw(
        name,
        t,
        tmp_path / "f.png",
        tmp_path / "f.svg",
        tmp_path / "f.csv",
        themes_file=str(project / "config" / "themes.yaml"),
    )
    assert (tmp_path / "f.png").stat().st_size > 1000
    data = pd.read_csv(tmp_path / "f.csv")
    if case == "no data":
        assert list(data.columns) == ["figure", "not_drawn_because"] and data["not_drawn_because"].str.len().min() > 20
