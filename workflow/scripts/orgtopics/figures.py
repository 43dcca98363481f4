"""matplotlib figures with a registered CJK font.

matplotlib silently falls back to a font without CJK glyphs and draws empty boxes. This module
registers Noto Sans CJK SC from the ``mplfonts`` package with ``font_manager.fontManager.addfont``
and makes it the default family; :func:`missing_glyphs` checks every text of a figure against the
glyphs of the font that will actually draw it, and :func:`save_figure` refuses to save a figure
that would show boxes.

Every figure is saved as PNG (150 dpi, at most 11 inches wide: see WIDTH) and SVG with the CSV of the numbers it plots.
"""

from __future__ import annotations

import math
import textwrap
import unicodedata
from collections.abc import Mapping, Sequence
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
from matplotlib import font_manager  # noqa: E402

from ._lazy import lazy_module  # noqa: E402
from .errors import OrgtopicsError  # noqa: E402
from .figure_registry import BY_NAME, CONTEXT_TABLES, MANY_YEARS  # noqa: E402
from .style import TOPIC_COLORS, font_path  # noqa: E402
from .tables import write_table  # noqa: E402

if TYPE_CHECKING:
    import pandas as pd
else:
    pd = lazy_module("pandas")  # imported on first use (see _lazy)

#: The PNG's resolution: 1.5 image pixels per pixel of the report's column, as figures are at most WIDTH wide.
DPI = 150
#: The widest figure, inches: the report's text column (about 1,060 CSS pixels) at about 100 pixels per inch, so that
#: 8.5-point text is shown at 11 or more pixels in a 1,280-pixel window (tests/test_browser.py measures it).
WIDTH = 11.0


@lru_cache(maxsize=1)
def setup_fonts() -> str:
    """Register the CJK font and set matplotlib's defaults; returns the font family name."""
    path = font_path()
    font_manager.fontManager.addfont(str(path))
    name = font_manager.FontProperties(fname=str(path)).get_name()
    plt.rcParams.update(
        {
            "font.family": "sans-serif",
            "font.sans-serif": [name],
            "axes.unicode_minus": False,
            "svg.hashsalt": "orgtopics",
            "svg.fonttype": "path",
            "figure.dpi": 100,
            "savefig.dpi": DPI,
            "axes.spines.top": False,
            "axes.spines.right": False,
            "axes.titlesize": 11,
            # titles at a fixed height: no figure has tick labels above its axes (where automatic placement would
            # lift a title), and automatic placement measured every shared axis's tick labels at each draw
            "axes.titley": 1.0,
            "axes.labelsize": 10,
            "xtick.labelsize": 8.5,
            "ytick.labelsize": 8.5,
            "legend.fontsize": 8.5,
        }
    )
    return name


@lru_cache(maxsize=16)
def _charmap(path: str) -> frozenset[int]:
    from matplotlib.ft2font import FT2Font

    return frozenset(FT2Font(path).get_charmap())


def missing_glyphs(fig: plt.Figure) -> list[tuple[str, str, str]]:
    """Texts of ``fig`` with characters the font that draws them lacks.

    Returns
    -------
    list of (text, missing characters, font file)
    """
    out = []
    for t in fig.findobj(matplotlib.text.Text):
        s = t.get_text()
        if not s or not t.get_visible():
            continue
        path = font_manager.findfont(t.get_fontproperties(), fallback_to_default=True)
        cmap = _charmap(path)
        miss = "".join(sorted({c for c in s if not c.isspace() and ord(c) not in cmap and c not in "$"}))
        if miss:
            out.append((s, miss, str(path)))
    return out


def tight_layout(fig: plt.Figure) -> None:
    """``fig.tight_layout()``, first fixing the place of every empty axis label.

    matplotlib places an axis label from the tick labels of all axes sharing it, at every draw and every
    layout measurement, even when the label is empty; in the grids of small multiples that was a tenth of
    the drawing time. An empty label draws nothing wherever it is, so the figures are pixel for pixel the same.
    """
    for ax in fig.axes:
        for axis in (ax.xaxis, ax.yaxis):
            if not axis.label.get_text():
                axis.set_label_coords(0.5, 0.5)
    fig.tight_layout()


def save_figure(
    fig: plt.Figure,
    out_png: str | Path,
    out_svg: str | Path,
    data: pd.DataFrame,
    out_csv: str | Path,
    out_embed: str | Path | None = None,
) -> None:
    """Save a figure as PNG and SVG and its numbers as CSV, and with ``out_embed`` the PNG the report embeds
    (:func:`embeddable_png`).

    Raises
    ------
    OrgtopicsError
        If any text would be drawn without its glyphs.
    """
    miss = missing_glyphs(fig)
    if miss:
        raise OrgtopicsError(
            "figure text without glyphs: " + "; ".join(f"{s!r} lacks {m!r} in {p}" for s, m, p in miss[:5])
        )
    for p in (out_png, out_svg):
        Path(p).parent.mkdir(parents=True, exist_ok=True)
    # Every plot function lays its figure out (tight_layout) before it gets here. Dropping the finished layout
    # engine and measuring the tight bounding box once spares each savefig a layout pass and a measurement
    # (about a third of the saving time).
    fig.set_layout_engine(None)
    renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]  # Agg canvas (matplotlib.use("Agg"))
    bbox = fig.get_tightbbox(renderer).padded(plt.rcParams["savefig.pad_inches"])
    fig.savefig(out_png, dpi=DPI, bbox_inches=bbox, metadata={"Software": None})
    fig.savefig(out_svg, bbox_inches=bbox, metadata={"Date": None, "Creator": None})
    write_table(data, out_csv)
    plt.close(fig)
    if out_embed is not None:
        embeddable_png(out_png, out_embed)


#: Colours of the palette the report's figures are embedded with.
PALETTE = 128


def embeddable_png(png: str | Path, out: str | Path) -> None:
    """Write the figure ``png`` as the report embeds it: re-encoded with a palette of :data:`PALETTE` colours
    and no dithering.

    That is about a third of the bytes at the same resolution (benchmarks/RESULTS.md): the figures are flat
    colours, lines, translucent bands and anti-aliased text, which 128 colours render without visible change
    (9 % fewer bytes than 256 on the figures of a 44-document corpus with covariates). The files in
    ``figures/`` keep their full colour for publication. Written by the figure jobs, which run beside the
    model fits, rather than by the report, the last job of a run (about 1.6 s at 10 MB).
    """
    from PIL import Image

    Path(out).parent.mkdir(parents=True, exist_ok=True)
    with Image.open(png) as im:
        pal = im.convert("RGB").quantize(colors=PALETTE, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
        pal.save(out, "PNG", optimize=True, dpi=im.info.get("dpi", (72, 72)))


def plot_no_data(title: str, reason: str) -> tuple[plt.Figure, pd.DataFrame]:
    """A figure that says in words why there is nothing to draw (the report shows it in the figure's
    place, so a corpus of any shape gets every figure)."""
    fig, ax = plt.subplots(figsize=(6.4, 1.6))
    ax.set_axis_off()
    ax.set_title(title, loc="left")
    ax.text(0.0, 0.5, textwrap.fill(reason, 60), transform=ax.transAxes, va="center", ha="left", fontsize=10)
    fig.tight_layout()
    return fig, pd.DataFrame({"figure": [title], "not_drawn_because": [reason]})


def year_ticks(
    ax: plt.Axes, years: Sequence[int], counts: dict[int, str] | None = None, *, pad: float | None = None
) -> None:
    """A true time axis: the x axis runs in years, so a gap between two years of data shows as a gap.

    A minor tick marks every year with data. Up to 12 years, the labels are years with data, thinned so that
    none overlaps at the panel's width, with the documents and characters behind each year underneath when
    ``counts`` is given; beyond that, round years (counts are then in the composition figure).
    """
    from matplotlib.ticker import FixedLocator, MaxNLocator

    years = sorted({int(y) for y in years})
    if not years:
        ax.set_xticks([])
        return
    lo, hi = years[0], years[-1]
    pad = max(0.6, 0.04 * (hi - lo)) if pad is None else pad
    ax.set_xlim(lo - pad, hi + pad)
    spec = ax.get_subplotspec()
    ncols = spec.get_gridspec().ncols if spec is not None else 1
    # the panel's width once laid out (tight_layout leaves about this much of a column to the axes), inches
    fig = ax.get_figure(root=True)
    assert fig is not None
    width_in = max(0.5, (0.85 if ncols > 1 else 0.75) * fig.get_figwidth() / ncols)
    if len(years) <= MANY_YEARS:
        label_in = 0.45 if counts else 0.36  # the width of one label, inches
        keep = thin_years(years, (hi - lo + 2 * pad) * label_in / width_in)
        ax.set_xticks(keep)
        ax.set_xticklabels(
            [f"{y}\n{counts[y]}".replace(" ", "\n") if counts and y in counts else str(y) for y in keep],
            fontsize=7.5 if counts else None,
        )
    else:
        ax.xaxis.set_major_locator(MaxNLocator(nbins=max(2, int(width_in / 0.45)), integer=True, steps=[1, 2, 5, 10]))
    ax.xaxis.set_minor_locator(FixedLocator(years))
    ax.tick_params(axis="x", which="minor", length=2)


def thin_years(years: Sequence[int], min_gap: float) -> list[int]:
    """The first and the last of the sorted ``years`` and as many between as stay ``min_gap`` apart."""
    keep = [years[0]]
    for y in years[1:]:
        if y - keep[-1] >= min_gap:
            keep.append(y)
    if keep[-1] != years[-1]:
        if len(keep) > 1:
            keep[-1] = years[-1]  # still min_gap after keep[-2], which lies before the dropped one
        elif years[-1] - keep[0] >= min_gap / 2:
            keep.append(years[-1])
    return keep


def xs(years: Sequence[int] | np.ndarray) -> np.ndarray:
    """x positions of ``years``: the years themselves (see :func:`year_ticks`)."""
    return np.asarray([int(y) for y in years], dtype=float)


def plot_series(
    ax: plt.Axes,
    years: Sequence[int],
    values: Sequence[float],
    all_years: Sequence[int],
    *,
    color: str,
    low: Sequence[float] | None = None,
    high: Sequence[float] | None = None,
    bars: bool = True,
) -> None:
    """Points (with interval bars and band; ``bars=False``: the band alone) joined by solid lines, dashed across
    unusually long gaps (more than twice the median gap between the corpus's years, and more than one year)."""
    year_arr = np.asarray(years, dtype=int)
    value_arr = np.asarray(values, dtype=float)
    x = xs(year_arr)
    gaps = np.diff(sorted(int(y) for y in all_years))
    long_gap = max(1.0, 2 * float(np.median(gaps))) if len(gaps) else 1.0
    if low is not None and high is not None:
        low_arr, high_arr = np.asarray(low, float), np.asarray(high, float)
        for i in range(len(x) - 1):  # no band across a long gap: there is no estimate inside it
            if year_arr[i + 1] - year_arr[i] <= long_gap:
                ax.fill_between(x[i : i + 2], low_arr[i : i + 2], high_arr[i : i + 2], color=color, alpha=0.15, lw=0)
        if bars:
            ax.errorbar(
                x,
                value_arr,
                yerr=[np.maximum(value_arr - low_arr, 0), np.maximum(high_arr - value_arr, 0)],
                fmt="none",
                ecolor=color,
                capsize=2.5,
                lw=1.2,
            )
    for i in range(len(x) - 1):
        gap = year_arr[i + 1] - year_arr[i] > long_gap
        ax.plot(x[i : i + 2], value_arr[i : i + 2], color=color, lw=1.2 if gap else 1.6, ls=(0, (3, 2)) if gap else "-")
    ax.plot(x, value_arr, "o", color=color, ms=4)


def short_label(text: str, width: int) -> str:
    """``text`` cut to ``width`` columns (a Chinese character takes two), with an ellipsis where cut."""
    out, used = "", 0
    for ch in text:
        w = 2 if unicodedata.east_asian_width(ch) in "WF" else 1
        if used + w > width - 1:
            return out.rstrip(" ·") + "…"
        out, used = out + ch, used + w
    return out


def year_count_labels(documents: pd.DataFrame) -> dict[int, str]:
    """``{year: "1篇 6.8k字"}``: documents and thousands of cleaned characters behind each year.

    With periods (a ``period`` column), the period's label comes first: ``"十八大 2篇 9.1k字"``.
    """
    g = documents.groupby("year").agg(n=("doc_id", "size"), chars=("chars_clean", "sum"))
    out = {
        int(y): f"{int(r.n)}篇 {r.chars / 1000:.0f}k字"
        if r.chars >= 10_000
        else f"{int(r.n)}篇 {r.chars / 1000:.1f}k字"
        for y, r in g.iterrows()
    }
    if "period" in documents.columns:
        labels = documents.dropna(subset=["period"]).groupby("year")["period"].first()
        out = {y: f"{labels[y]}\n{c}" if y in labels.index else c for y, c in out.items()}
    return out


def _grid(n: int, *, ncols: int = 4, h: float = 2.4, sharey: bool = True):
    """``n`` small multiples, ``ncols`` to a row across :data:`WIDTH`; from 17 panels on lower and five to a row,
    so that 40 topics stay a page."""
    n = max(1, n)
    if n > 16:
        ncols, h = max(ncols, 5), min(h, 1.9)
    w = WIDTH / ncols
    ncols = min(ncols, n)
    nrows = math.ceil(n / ncols)
    fig, axes = plt.subplots(nrows, ncols, figsize=(w * ncols, h * nrows + 0.6), sharey=sharey, squeeze=False)
    for ax in axes.flat[n:]:
        ax.set_visible(False)
    return fig, list(axes.flat)


def plot_composition(documents: pd.DataFrame, units: pd.DataFrame) -> tuple[plt.Figure, pd.DataFrame]:
    """Documents, cleaned characters and modelling units per year."""
    setup_fonts()
    g = documents.groupby("year").agg(
        documents=("doc_id", "size"), chars_clean=("chars_clean", "sum"), chars_removed=("chars_removed", "sum")
    )
    g["units"] = units.groupby("year").size()
    g["tokens"] = units.groupby("year")["n_tokens"].sum()
    g = g.fillna(0).astype(int).reset_index()
    fig, axes = plt.subplots(1, 3, figsize=(WIDTH, 3.2))
    specs = [
        ("documents", "文档数 documents", "#4c72b0"),
        ("chars_clean", "清洗后字符 cleaned characters", "#55a868"),
        ("units", "段落单元 paragraph units", "#c44e52"),
    ]
    x = xs(g["year"])
    for ax, (col, title, color) in zip(axes, specs):
        ax.bar(x, g[col], color=color, width=0.8)
        if col == "chars_clean":
            ax.bar(x, g["chars_removed"], bottom=g["chars_clean"], color="#cccccc", width=0.8, label="清除 removed")
            ax.legend(frameon=False)
        ax.set_title(title)
        year_ticks(ax, g["year"])
    fig.suptitle("语料构成 Corpus composition by year", y=1.02)
    tight_layout(fig)
    return fig, g


def plot_theme_emphasis(
    share: pd.DataFrame, themes, documents: pd.DataFrame | None = None
) -> tuple[plt.Figure, pd.DataFrame]:
    """Headline: each theme's rate per 10k tokens by year with bootstrap intervals (small multiples)."""
    setup_fonts()
    counts = year_count_labels(documents) if documents is not None else None
    # each panel its own scale: one theme at hundreds per 10k would flatten the others to lines near zero
    fig, axes = _grid(len(themes), sharey=False)
    years = sorted(share["year"].unique())
    for ax, th in zip(axes, themes):
        d = share[share["theme"] == th.id].sort_values("year")
        plot_series(ax, d["year"], d["per_10k"], years, color=th.color, low=d["ci_low"], high=d["ci_high"])
        ax.set_title(f"{th.zh}\n{textwrap.shorten(th.en, 34, placeholder='…')}", color=th.color, fontsize=9)
        year_ticks(ax, years, counts)
        ax.grid(axis="y", alpha=0.3)
    for ax in list(axes)[:: min(4, len(themes))]:
        ax.set_ylabel("每万词 per 10k tokens")
    fig.suptitle(
        "主题强调程度 Theme emphasis by year (seed-term rate, bootstrap interval; each panel has its own scale)",
        y=1.0,
    )
    tight_layout(fig)
    data = share[["year", "theme", "theme_zh", "theme_en", "per_10k", "ci_low", "ci_high", "hits", "tokens"]]
    return fig, data


def plot_topic_heatmap(topic_share: pd.DataFrame) -> tuple[plt.Figure, pd.DataFrame]:
    """Topic share by year as a heatmap (topics x years) on a true time axis: a year without documents is a
    blank column. Cells are annotated while they are wide enough; the size stays bounded at 70 years and 40
    topics."""
    setup_fonts()
    piv = topic_share.pivot_table(index=["topic", "label"], columns="year", values="share").sort_index()
    n_t, n_y = piv.shape
    lo, hi = (int(piv.columns.min()), int(piv.columns.max())) if n_y else (0, 0)
    full = piv.reindex(columns=range(lo, hi + 1))  # NaN (drawn blank) where a year has no documents
    n_cols = hi - lo + 1
    width = min(WIDTH, max(6.0, 3.5 + 0.45 * n_cols))
    fig, ax = plt.subplots(figsize=(width, min(9.0, max(2.5, 0.32 * n_t + 1.4))))
    im = ax.imshow(full.to_numpy(), aspect="auto", cmap="Blues", vmin=0, extent=(lo - 0.5, hi + 0.5, n_t - 0.5, -0.5))
    ax.set_yticks(range(n_t))
    ax.set_yticklabels([lab for _, lab in piv.index], fontsize=8.5 if n_t <= 25 else 7)
    year_ticks(ax, piv.columns, pad=0.5)
    vmax = np.nanmax(piv.to_numpy()) if piv.size else 1
    if (width - 3.5) / n_cols >= 0.32 and n_t <= 25:  # room for "0.35" in every cell
        for i in range(n_t):
            for j, y in enumerate(piv.columns):
                v = piv.iat[i, j]
                ax.text(
                    y,
                    i,
                    f"{v:.2f}",
                    ha="center",
                    va="center",
                    fontsize=7.5,
                    color="white" if v > 0.6 * vmax else "black",
                )
    fig.colorbar(im, ax=ax, label="主题份额 topic share")
    ax.set_title("主题份额 Topic share by year (token-weighted mean over paragraphs; blank: no documents)")
    ax.spines[:].set_visible(False)
    tight_layout(fig)
    return fig, topic_share[["year", "topic", "label", "share", "ci_low", "ci_high"]]


def plot_topic_lines(
    topic_share: pd.DataFrame, documents: pd.DataFrame | None = None
) -> tuple[plt.Figure, pd.DataFrame]:
    """Topic share by year with bootstrap intervals, one panel per topic."""
    setup_fonts()
    counts = year_count_labels(documents) if documents is not None else None
    topics = topic_share[["topic", "label"]].drop_duplicates().sort_values("topic")
    fig, axes = _grid(len(topics))
    years = sorted(topic_share["year"].unique())
    for ax, (_, t) in zip(axes, topics.iterrows()):
        d = topic_share[topic_share["topic"] == t["topic"]].sort_values("year")
        c = TOPIC_COLORS[int(t["topic"]) % len(TOPIC_COLORS)]
        plot_series(ax, d["year"], d["share"], years, color=c, low=d["ci_low"], high=d["ci_high"])
        ax.set_title(t["label"], fontsize=9.5)
        year_ticks(ax, years, counts)
        ax.grid(axis="y", alpha=0.3)
    fig.suptitle("主题份额 Topic share by year (bootstrap interval)", y=1.0)
    tight_layout(fig)
    return fig, topic_share[["year", "topic", "label", "share", "ci_low", "ci_high"]]


def plot_topic_terms_by_period(terms: pd.DataFrame) -> tuple[plt.Figure, pd.DataFrame]:
    """Each topic's most characteristic terms in each period, as a grid of words (topics down, periods across).

    Three terms a cell, one to a line, up to 20 topics; beyond, two on one line, so that 40 topics stay a page.
    """
    setup_fonts()
    topics_ = terms[["topic", "label"]].drop_duplicates().sort_values("topic")
    periods = list(dict.fromkeys(terms["period"]))
    per_cell, lines = (3, 3) if len(topics_) <= 20 else (2, 1)
    shown = terms[terms["rank"] <= per_cell]
    row_h = 0.17 * lines + 0.12
    fig, ax = plt.subplots(figsize=(WIDTH, row_h * len(topics_) + 0.9))
    ax.set_axis_off()
    left = 0.2  # share of the width for the topic labels
    col_w = (1 - left) / max(1, len(periods))
    n_rows = len(topics_)
    size = 8.5 if len(periods) <= 6 else 7.5
    for j, p in enumerate(periods):
        ax.text(left + (j + 0.5) * col_w, 1.0, p, ha="center", va="bottom", fontsize=9, transform=ax.transAxes)
    for i, (_, t) in enumerate(topics_.iterrows()):
        y = 1 - (i + 0.5) / n_rows
        color = TOPIC_COLORS[int(t["topic"]) % len(TOPIC_COLORS)]
        ax.text(0, y, "■", ha="left", va="center", fontsize=size, color=color, transform=ax.transAxes)
        label = textwrap.shorten(str(t["label"]), 24, placeholder="…")
        ax.text(0.015, y, label, ha="left", va="center", fontsize=size, color="#222222", transform=ax.transAxes)
        if i:
            ax.axhline(1 - i / n_rows, color="#dddddd", lw=0.6)
        for j, p in enumerate(periods):
            words = shown[(shown["topic"] == t["topic"]) & (shown["period"] == p)].sort_values("rank")["term"]
            ax.text(
                left + (j + 0.5) * col_w,
                y,
                ("\n" if lines > 1 else "·").join(words),
                ha="center",
                va="center",
                fontsize=size,
                linespacing=1.15,
                transform=ax.transAxes,
            )
    ax.set_title("主题用词的变化 Each topic's most characteristic terms by period", loc="left", pad=18)
    tight_layout(fig)
    return fig, shown


def plot_tfidf_terms(tfidf: pd.DataFrame, *, top_n: int = 10) -> tuple[plt.Figure, pd.DataFrame]:
    """The most distinctive terms of each year (TF-IDF): one bar panel per year up to ``MANY_YEARS`` years,
    beyond that one line of terms per year (so 70 years stay a page, not 14 rows of panels)."""
    setup_fonts()
    years = sorted(tfidf["year"].unique())
    d = tfidf[tfidf["rank"] <= top_n]
    if len(years) > MANY_YEARS:
        return _tfidf_lines(d, years), d[["year", "rank", "term", "tfidf", "count"]]
    fig, axes = _grid(len(years), ncols=4, h=0.28 * top_n + 0.8, sharey=False)
    for ax, y in zip(axes, years):
        g = d[d["year"] == y].sort_values("rank", ascending=False)
        ax.barh(g["term"], g["tfidf"], color="#4c72b0")
        ax.set_title(str(y))
        ax.tick_params(axis="y", labelsize=8.5)
        ax.set_xlabel("TF-IDF")
    fig.suptitle("各年最具区分度的词 Most distinctive terms per year (TF-IDF over years)", y=1.0)
    tight_layout(fig)
    return fig, d[["year", "rank", "term", "tfidf", "count"]]


def _tfidf_lines(d: pd.DataFrame, years: Sequence[int], *, per_line: int = 6) -> plt.Figure:
    """Many years: each year's most distinctive terms as one line of text, in two columns past 30 years."""
    ncols = 1 if len(years) <= 30 else 2
    rows = math.ceil(len(years) / ncols)
    fig, ax = plt.subplots(figsize=(WIDTH, 0.24 * rows + 0.8))
    ax.set_axis_off()
    for i, y in enumerate(years):
        terms = d[d["year"] == y].sort_values("rank")["term"].head(per_line)
        ax.text(
            (i // rows) / ncols,
            1 - (i % rows + 0.5) / rows,
            f"{y}   " + " · ".join(terms),
            transform=ax.transAxes,
            va="center",
            ha="left",
            fontsize=9,
        )
    ax.set_title(
        f"各年最具区分度的词 The {per_line} most distinctive terms of each year (TF-IDF over years; "
        "all in tables/tfidf_by_year.csv)",
        loc="left",
    )
    tight_layout(fig)
    return fig


def plot_k_selection(k_sel: pd.DataFrame, chosen: int) -> tuple[plt.Figure, pd.DataFrame]:
    """K-selection diagnostics across the sweep, the chosen K marked."""
    setup_fonts()
    specs = [
        ("c_v", "c_v coherence ↑"),
        ("c_npmi", "c_npmi coherence ↑"),
        ("u_mass", "u_mass coherence ↑"),
        ("perplexity_heldout", "held-out perplexity ↓"),
        ("exclusivity", "exclusivity ↑"),
    ]
    specs = [s for s in specs if s[0] in k_sel.columns]
    fig, axes = plt.subplots(1, len(specs), figsize=(WIDTH, 2.8))
    d = k_sel.sort_values("k")
    for ax, (col, title) in zip(np.atleast_1d(axes), specs):
        ax.plot(d["k"], d[col], marker="o", color="#4c72b0")
        ax.axvline(chosen, color="#c44e52", ls="--", lw=1)
        ax.set_title(title)
        ax.set_xlabel("K")
        ax.set_xticks(d["k"])
    fig.suptitle(f"主题数选择 Choosing K (chosen K = {chosen}, dashed)", y=1.03)
    tight_layout(fig)
    return fig, d


def plot_term_trajectories(
    traj: pd.DataFrame, documents: pd.DataFrame | None = None
) -> tuple[plt.Figure, pd.DataFrame]:
    """Tracked terms: occurrences per 10k characters by year with bootstrap intervals (where the table has them),
    one panel per term."""
    setup_fonts()
    terms = list(dict.fromkeys(traj["term"]))
    fig, axes = _grid(len(terms), ncols=5, h=2.1, sharey=False)
    years = sorted(traj["year"].unique())
    bands = "ci_low" in traj and traj["ci_low"].notna().any()
    for ax, term in zip(axes, terms):
        d = traj[traj["term"] == term].sort_values("year")
        low, high = (d["ci_low"], d["ci_high"]) if bands else (None, None)
        plot_series(ax, d["year"], d["per_10k"], years, color="#55a868", low=low, high=high)
        for x, (_, r) in zip(xs(d["year"]), d.iterrows()):
            if r["count"] and len(years) <= MANY_YEARS:  # beyond, the counts would overlap
                ax.annotate(
                    str(int(r["count"])),
                    (x, r["per_10k"]),
                    textcoords="offset points",
                    xytext=(0, 4),
                    ha="center",
                    fontsize=7,
                    color="#555555",
                )
        ax.set_title(term)
        ax.set_ylim(bottom=0)
        year_ticks(ax, years)
    counts = "; labels = counts" if len(years) <= MANY_YEARS else ""
    interval = ", bootstrap interval" if bands else ""
    fig.suptitle(f"提法轨迹 Term trajectories (per 10k characters{interval}{counts})", y=1.0)
    tight_layout(fig)
    return fig, traj


def plot_topic_lines_with_seeds(
    topic_share: pd.DataFrame, spread: pd.DataFrame, documents: pd.DataFrame | None = None
) -> tuple[plt.Figure, pd.DataFrame]:
    """Topic share by year with intervals, plus one thin line per refit with another seed (aligned)."""
    fig, data = plot_topic_lines(topic_share, documents)
    topics_ = topic_share[["topic", "label"]].drop_duplicates().sort_values("topic")
    for ax, (_, t) in zip(fig.axes, topics_.iterrows()):
        c = TOPIC_COLORS[int(t["topic"]) % len(TOPIC_COLORS)]
        for _run, g in spread[(spread["topic"] == t["topic"]) & (spread["run"] > 0)].groupby("run"):
            g = g.sort_values("year")
            ax.plot(xs(g["year"]), g["share"], color=c, alpha=0.35, lw=0.8, zorder=1)
    n_runs = int(spread["run"].max()) if len(spread) else 0
    fig.suptitle(
        f"主题份额 Topic share by year (bootstrap interval; thin lines: {n_runs} refits with other seeds)", y=1.0
    )
    spread_l = spread.merge(topics_, on="topic", how="left")
    return fig, pd.concat([data.assign(run=0, kind="estimate"), spread_l.assign(kind="seed_refit")], ignore_index=True)


METHOD_STYLE = {
    "dictionary": ("词典 dictionary", "-", "o"),
    "seeded_lda": ("种子LDA seeded LDA", "--", "s"),
    "lda_by_label": ("LDA(按标签) LDA by label", ":", "^"),
}


def plot_theme_methods(compare: pd.DataFrame, themes) -> tuple[plt.Figure, pd.DataFrame]:
    """Each theme's share by year under three methods: dictionary, seeded LDA, unsupervised LDA by label."""
    setup_fonts()
    fig, axes = _grid(len(themes), sharey=False)
    years = sorted(compare["year"].unique())
    for ax, th in zip(axes, themes):
        for method, (label, ls, marker) in METHOD_STYLE.items():
            d = compare[(compare["theme"] == th.id) & (compare["method"] == method)].sort_values("year")
            if len(d):
                ax.plot(xs(d["year"]), d["share"], color=th.color, ls=ls, marker=marker, ms=3.5, lw=1.3, label=label)
        ax.set_title(f"{th.zh}\n{textwrap.shorten(th.en, 34, placeholder='…')}", color=th.color, fontsize=9)
        year_ticks(ax, years)
        ax.grid(axis="y", alpha=0.3)
    axes[0].legend(frameon=False, fontsize=7.5)
    axes[0].set_ylabel("份额 share")
    fig.suptitle(
        "三种方法比较 Theme share by method: dictionary, seeded LDA, unsupervised LDA (topics summed by label; "
        "each panel has its own scale)",
        y=1.0,
    )
    tight_layout(fig)
    return fig, compare


def plot_adjusted_trends(by_year: pd.DataFrame) -> tuple[plt.Figure, pd.DataFrame]:
    """Raw and covariate-adjusted trends side by side: every theme (per 10k tokens) and topic (share), the raw
    estimate in grey, the adjusted one in colour, each with its interval."""
    setup_fonts()
    keys = list(dict.fromkeys(zip(by_year["measure"], by_year["name"].astype(str))))
    fig, axes = _grid(len(keys), ncols=5, h=1.9, sharey=False)  # every theme and topic: small panels
    years = sorted(by_year["year"].unique())
    colors = {"theme": "#c44e52", "topic": "#4c72b0"}
    for ax, (measure, name) in zip(axes, keys):
        d = by_year[(by_year["measure"] == measure) & (by_year["name"].astype(str) == name)].sort_values("year")
        raw = {"low": d["raw_ci_low"], "high": d["raw_ci_high"], "bars": False}
        plot_series(ax, d["year"], d["raw"], years, color="#999999", **raw)
        plot_series(
            ax, d["year"], d["adjusted"], years, color=colors[measure], low=d["ci_low"], high=d["ci_high"], bars=False
        )
        ax.set_title(short_label(str(d["label"].iloc[0]), 30), fontsize=8.5)
        year_ticks(ax, years)
        ax.grid(axis="y", alpha=0.3)
    axes[0].plot([], [], color="#999999", label="raw 未调整")
    axes[0].plot([], [], color=colors["theme"], label="adjusted 调整后")
    axes[0].legend(frameon=False, fontsize=7.5)
    fig.suptitle(
        f"调整协变量 Raw (grey) and adjusted for {by_year['adjusted_for'].iloc[0]} (colour): themes per 10k tokens, "
        "topics as shares (each panel has its own scale)",
        y=1.0,
    )
    tight_layout(fig)
    return fig, by_year


def plot_slogan_timeline(
    summary: pd.DataFrame, by_year: pd.DataFrame, *, top_n: int = 30
) -> tuple[plt.Figure, pd.DataFrame]:
    """Slogans and formulas: first to last appearance, dots sized by yearly count (most frequent first)."""
    setup_fonts()
    top = summary.sort_values(["total", "first_year", "slogan"], ascending=[False, True, True]).head(top_n)
    top = top.sort_values(["first_year", "total", "slogan"], ascending=[True, False, True])
    years = sorted(by_year["year"].unique())
    span = (max(years) - min(years) + 1) if years else 1
    fig, ax = plt.subplots(figsize=(min(WIDTH, max(7.0, 0.5 * span + 4)), 0.28 * len(top) + 1.5))
    kind_color = {"quoted": "#4c72b0", "formula": "#c44e52", "numeric": "#55a868"}
    for i, (_, s) in enumerate(top.iloc[::-1].iterrows()):
        c = kind_color.get(s["kind"], "#555555")
        ax.plot(xs([s["first_year"], s["last_year"]]), [i, i], color=c, lw=1, alpha=0.6)
        d = by_year[(by_year["slogan"] == s["slogan"]) & (by_year["count"] > 0)]
        ax.scatter(xs(d["year"]), [i] * len(d), s=12 + 10 * d["count"], color=c, zorder=3)
    ax.set_yticks(range(len(top)))
    ax.set_yticklabels(top["slogan"].iloc[::-1])
    year_ticks(ax, years)
    for k, c in kind_color.items():
        ax.scatter(
            [],
            [],
            color=c,
            label={"quoted": "引号 quoted", "formula": "数字提法 formula", "numeric": "数字 numeric"}[k],
        )
    ax.legend(frameon=False, loc="lower right", fontsize=7.5)
    ax.set_title(
        f"提法时间线 Slogans and formulas: first to last appearance ({len(top)} most frequent; dot size = count)"
    )
    tight_layout(fig)
    return fig, by_year[by_year["slogan"].isin(top["slogan"])]


def plot_trend_sensitivity(sens: pd.DataFrame, themes) -> tuple[plt.Figure, pd.DataFrame]:
    """Each theme's series under every sensitivity variant (other K, no boilerplate stoplist, the dictionary),
    each as an index (its value / its own mean over the years), so topic shares and rates per 10k tokens share
    one axis and only their courses are compared; a variant in which the theme never appears is left out."""
    setup_fonts()
    fig, axes = _grid(len(themes))
    years = sorted(sens["year"].unique())
    variants = list(dict.fromkeys(sens["variant"]))
    styles = ["-", "--", ":", "-.", (0, (1, 1)), (0, (5, 1)), (0, (3, 1, 1, 1)), (0, (2, 2))]
    mean = sens.groupby(["variant", "theme"])["value"].transform("mean")
    # a variant in which the theme never appears (no topic carries its label) has no course to index: left out
    data = sens[mean > 0].assign(index=sens["value"] / mean)
    for ax, th in zip(axes, themes):
        for i, v in enumerate(variants):
            d = data[(data["theme"] == th.id) & (data["variant"] == v)].sort_values("year")
            ax.plot(xs(d["year"]), d["index"], color=th.color, ls=styles[i % len(styles)], lw=1.1, label=v)
        ax.set_title(f"{th.zh}\n{textwrap.shorten(th.en, 34, placeholder='…')}", color=th.color, fontsize=9)
        year_ticks(ax, years)
    axes[0].set_ylabel("index (series mean = 1)", fontsize=8)
    axes[0].legend(frameon=False, fontsize=6.5)
    fig.suptitle("敏感性 Sensitivity of each theme's course to K and to the boilerplate stoplist", y=1.0)
    tight_layout(fig)
    return fig, data


def draw(
    name: str,
    tables: Mapping[str, pd.DataFrame],
    png: str | Path,
    svg: str | Path,
    csv: str | Path,
    embed: str | Path | None = None,
    *,
    themes_file: str | None = None,
) -> None:
    """Draw figure ``name`` of :data:`orgtopics.figure_registry.FIGURES` from its tables and save it.

    Parameters
    ----------
    tables : mapping of str to DataFrame
        The figure's tables, by the names its registry entry gives them.
    png, svg, csv : path
        The figure, and the numbers it plots.
    embed : path, optional
        The figure as the report embeds it (:func:`embeddable_png`).

    A corpus of any shape gets every figure: where a table the figure plots is empty, the figure says why
    instead of plotting.
    """
    spec = BY_NAME[name]
    empty = [k for k, v in tables.items() if k not in CONTEXT_TABLES and len(v) == 0]
    if empty:
        s = "s" if len(empty) > 1 else ""
        reason = spec.no_data or (
            f"nothing to draw: the table{s} {', '.join(empty)} {'are' if s else 'is'} empty for this corpus"
        )
        fig, data = plot_no_data(name.replace("_", " "), reason)
    else:
        fig, data = spec.draw(tables, themes_file)
    save_figure(fig, png, svg, data, csv, embed)
