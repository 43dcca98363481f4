"""Verdicts and sentences written from estimates: changes between the first and the last year, the headline,
and the limitations. No estimation happens here (that is :mod:`orgtopics.trends`).

Every sentence the report states about a change is produced here from a table row, and its verb
follows the interval: *rose* / *fell* when the interval (95 % by default) of the difference excludes zero,
*no clear change* otherwise.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

import numpy as np

from ._lazy import lazy_module
from .trends import GroupEstimate, contrast, slope_per_decade

if TYPE_CHECKING:
    import pandas as pd
else:
    pd = lazy_module("pandas")  # imported on first use (see _lazy)


def agree(n: int, one: str, many: str) -> str:
    """The form of a verb (or phrase) that agrees with a count: ``agree(1, "shows", "show")`` -> ``"shows"``."""
    return one if n == 1 else many


def verdict(ci_low: float, ci_high: float) -> str:
    """The reading of a change from its interval: ``rise`` when the whole interval lies above zero, ``fall``
    when below, ``no clear change`` when it includes zero (or is undefined)."""
    return "rise" if ci_low > 0 else "fall" if ci_high < 0 else "no clear change"


def change_table(
    est: Mapping[int, GroupEstimate],
    names: Sequence[str] | Sequence[int],
    *,
    key: str,
    ci: float = 0.95,
    first: int | None = None,
    last: int | None = None,
) -> pd.DataFrame:
    """Difference between the last and the first year for each column, and the trend over all years, each
    with an interval.

    Returns
    -------
    DataFrame
        ``<key>, first_year, last_year, first, last, diff, ci_low, ci_high, direction, slope_per_decade,
        slope_ci_low, slope_ci_high, trend``, sorted by ``diff`` descending. ``direction`` (first vs last
        year) and ``trend`` (:func:`orgtopics.trends.slope_per_decade`, every year) are ``rise``, ``fall`` or
        ``no clear change`` by whether their interval excludes zero; ``trend`` is :data:`FEW_YEARS` with fewer
        than three years.
    """
    df = _endpoint_table(est, names, key=key, ci=ci, first=first, last=last)
    by_name = {name: j for j, name in enumerate(names)}
    slope = slope_per_decade(est, ci=ci)
    if slope is None:
        return df.assign(slope_per_decade=np.nan, slope_ci_low=np.nan, slope_ci_high=np.nan, trend=FEW_YEARS)
    s, lo, hi = (np.array([v[by_name[n]] for n in df[key]]) for v in slope)
    trend = [verdict(a, b) for a, b in zip(lo, hi)]
    return df.assign(slope_per_decade=s, slope_ci_low=lo, slope_ci_high=hi, trend=trend)


def _endpoint_table(
    est: Mapping[int, GroupEstimate],
    names: Sequence[str] | Sequence[int],
    *,
    key: str,
    ci: float,
    first: int | None,
    last: int | None,
) -> pd.DataFrame:
    """The first-vs-last-year columns of :func:`change_table`."""
    years = sorted(est)
    first = years[0] if first is None else first
    last = years[-1] if last is None else last
    if first == last:  # one year (or period): nothing to compare, and the table says so
        rows = [
            {
                key: name,
                "first_year": first,
                "last_year": last,
                "first": est[first].estimate[j],
                "last": est[last].estimate[j],
                "diff": np.nan,
                "ci_low": np.nan,
                "ci_high": np.nan,
                "direction": ONE_YEAR,
            }
            for j, name in enumerate(names)
        ]
        return pd.DataFrame(rows).sort_values(key).reset_index(drop=True)
    diff, lo, hi = contrast(est[first], est[last], ci=ci)
    if min(est[first].n_units, est[last].n_units) < 2:  # one paragraph: its bootstrap has no spread at all
        lo, hi = np.full(len(names), np.nan), np.full(len(names), np.nan)
    rows = []
    for j, name in enumerate(names):
        direction = TOO_FEW_UNITS if np.isnan(lo[j]) else verdict(lo[j], hi[j])
        rows.append(
            {
                key: name,
                "first_year": first,
                "last_year": last,
                "first": est[first].estimate[j],
                "last": est[last].estimate[j],
                "diff": diff[j],
                "ci_low": lo[j],
                "ci_high": hi[j],
                "direction": direction,
            }
        )
    df = pd.DataFrame(rows)
    return df.sort_values(["diff", key], ascending=[False, True]).reset_index(drop=True)


#: ``direction`` of a change table whose corpus covers one year (or period) only.
ONE_YEAR = "not estimable: one year"
#: ... and whose first or last year has a single paragraph (a bootstrap of one unit has no spread).
TOO_FEW_UNITS = "not estimable: one paragraph in an end year"
#: ``trend`` of a change table with fewer than three years: the whole series is its two ends.
FEW_YEARS = "not estimable: fewer than three years"
#: The verdicts that come with an interval.
JUDGED = ("rise", "fall", "no clear change")


def _fmt(x: float, unit: str) -> str:
    return f"{x:.1f}" if unit == "per_10k" else f"{100 * x:.1f}%"


def describe_change(row: pd.Series, name: str, *, unit: str = "per_10k", ci: float = 0.95) -> str:
    """One sentence on one row of :func:`change_table`.

    Parameters
    ----------
    row : Series
    name : str
        How to call the theme or topic in the sentence.
    unit : {"per_10k", "share"}
    """
    u = " per 10k tokens" if unit == "per_10k" else " of tokens"
    a, b = _fmt(row["first"], unit), _fmt(row["last"], unit)
    d = _fmt(abs(row["diff"]), unit) if unit == "per_10k" else f"{100 * abs(row['diff']):.1f} points"
    lo, hi = _fmt(row["ci_low"], unit), _fmt(row["ci_high"], unit)
    if unit == "share":
        lo, hi = f"{100 * row['ci_low']:+.1f}", f"{100 * row['ci_high']:+.1f}"
    else:
        lo, hi = f"{row['ci_low']:+.1f}", f"{row['ci_high']:+.1f}"
    span = f"from {row['first_year']} to {row['last_year']}"
    level = percent(ci)
    if row["direction"] == ONE_YEAR:
        return (
            f"{name} stands at {a}{u} in {row['first_year']}; with a single year in the corpus no change "
            "over time can be estimated."
        )
    if row["direction"] == TOO_FEW_UNITS:
        return (
            f"{name}: {a} → {b}{u} {span}, but the first or last year has a single paragraph, so the change "
            "has no interval and is not called a rise or a fall."
        )
    if row["direction"] == "rise":
        return f"{name} rose {span}, from {a} to {b}{u} (+{d}; {level} interval of the change {lo} to {hi})."
    if row["direction"] == "fall":
        return f"{name} fell {span}, from {a} to {b}{u} (−{d}; {level} interval of the change {lo} to {hi})."
    return (
        f"{name} shows no clear change {span}: {a} → {b}{u}, and the {level} interval of the change "
        f"({lo} to {hi}) includes zero."
    )


def _extreme(row: pd.Series, name: str, *, unit: str, word: str, ci: float) -> str:
    """Sentence on the largest increase or decrease by point estimate, qualified by its interval."""
    u = " per 10k tokens" if unit == "per_10k" else " of tokens"
    a, b = _fmt(row["first"], unit), _fmt(row["last"], unit)
    k = 100 if unit == "share" else 1
    span = f"{k * row['ci_low']:+.1f} to {k * row['ci_high']:+.1f}{' points' if unit == 'share' else ''}"
    head = f"The largest {word} is {name}: {a} → {b}{u} from {row['first_year']} to {row['last_year']}"
    if row["direction"] == "no clear change":
        return (
            f"{head}, but the {percent(ci)} interval of the change ({span}) includes zero, so the data show no "
            "clear change."
        )
    return (
        f"{head}; the {percent(ci)} interval of the change ({span}) excludes zero, a clear "
        f"{'rise' if row['diff'] > 0 else 'fall'}."
    )


def headline(
    changes: pd.DataFrame,
    names: Mapping[str, str] | Mapping[int, str],
    *,
    key: str,
    unit: str = "per_10k",
    ci: float = 0.95,
) -> list[str]:
    """Sentences for the largest increase and decrease (by point estimate), and how many are clear (intervals at
    level ``ci``, the run's ``bootstrap.ci``)."""
    if changes.empty:
        return []
    if (changes["direction"] == ONE_YEAR).all():
        return [
            f"The corpus covers a single year ({changes['first_year'].iloc[0]}), so no change over time can be "
            "estimated: the tables and figures show levels only. Add documents from other years to compare."
        ]
    if (changes["direction"] == TOO_FEW_UNITS).all():
        row = changes.iloc[0]
        return [
            f"The first or last year ({row['first_year']}, {row['last_year']}) has a single paragraph, so no change "
            "can be given an interval: the table shows point estimates only, and none is called a rise or a fall."
        ]
    out = []
    n = len(changes)
    if "trend" in changes and changes["trend"].isin(JUDGED).any():
        n_up, n_down = int((changes["trend"] == "rise").sum()), int((changes["trend"] == "fall").sum())
        n_flat = n - n_up - n_down
        out.append(
            "Over all years (a straight line through every year's estimate, per decade, with a "
            f"{percent(ci)} interval), "
            f"{n_up} of {n} rose and {n_down} fell; {n_flat} {agree(n_flat, 'shows', 'show')} no clear trend."
        )
    top, bottom = changes.iloc[0], changes.iloc[-1]
    if top["diff"] > 0:
        out.append(_extreme(top, names[top[key]], unit=unit, word="increase", ci=ci))
    if bottom["diff"] < 0:
        out.append(_extreme(bottom, names[bottom[key]], unit=unit, word="decrease", ci=ci))
    n_rise = int((changes["direction"] == "rise").sum())
    n_fall = int((changes["direction"] == "fall").sum())
    n_unclear = n - n_rise - n_fall
    out.append(
        f"First year against last: of {n}, {n_rise} rose and {n_fall} fell with intervals that exclude zero; "
        f"{n_unclear} {agree(n_unclear, 'shows', 'show')} no clear change."
    )
    out += disagreements(changes, names, key=key, unit=unit, ci=ci)
    if n > 1:
        out.append(multiple_comparisons(n, ci))
    return out


def multiple_comparisons(n: int, ci: float = 0.95) -> str:
    """The plain-words caveat for ``n`` intervals each read on its own at level ``ci``."""
    return (
        f"Each of the {n} was tested on its own at {percent(ci)}: even if none had changed, about {(1 - ci) * n:.1f} "
        "would show a clear change by chance alone (no adjustment for multiple comparisons is made)."
    )


def adjusted_sentences(
    adjusted: pd.DataFrame, names: Mapping[str, str] | Mapping[int, str], *, key: str, what: str
) -> list[str]:
    """How the first-to-last readings change once the covariates are held fixed, in words: how many keep their
    reading, and each whose reading changes (``adjusted``: a table of ``adjusted_trends`` with its ``raw_*``
    columns; ``what``: "themes" or "topics")."""
    if adjusted.empty:
        return []
    held = str(adjusted["adjusted_for"].iloc[0])
    changed = [
        f"{names[r[key]]}: {r['raw_direction']} without, {r['direction']} with {held} held fixed"
        for _, r in adjusted.iterrows()
        if r["direction"] != r["raw_direction"]
    ]
    kept = len(adjusted) - len(changed)
    head = (
        f"Holding {held} fixed, {kept} of {len(adjusted)} {what} {agree(kept, 'keeps its', 'keep their')} "
        "first-to-last reading"
    )
    if not changed:
        return [head + f": these changes are not an artefact of a shift in {held} between the years."]
    return [
        f"{head}; {len(changed)} {agree(len(changed), 'changes', 'change')}: {'; '.join(changed)}. Where a rise or "
        f"fall disappears, part of it came from a shift in {held} between the years; where one appears, a shift in "
        f"{held} hid it."
    ]


def percent(ci: float) -> str:
    """An interval's level in words: 0.95 -> ``"95%"``."""
    return f"{100 * ci:g}%"


def disagreements(
    changes: pd.DataFrame,
    names: Mapping[str, str] | Mapping[int, str],
    *,
    key: str,
    unit: str = "per_10k",
    ci: float = 0.95,
) -> list[str]:
    """One sentence for each row whose first-vs-last verdict and whole-series trend differ, saying why."""
    if "trend" not in changes:
        return []
    out = []
    k = 100 if unit == "share" else 1
    pts = " points" if unit == "share" else ""
    for _, r in changes.iterrows():
        d, t = r["direction"], r["trend"]
        if d not in JUDGED or t not in JUDGED or d == t:
            continue
        slope = (
            f"{k * r['slope_per_decade']:+.1f}{pts} per decade, {percent(ci)} interval {k * r['slope_ci_low']:+.1f} to "
            f"{k * r['slope_ci_high']:+.1f}"
        )
        if t == "no clear change":
            why = (
                "the two end years differ clearly, but the years between scatter too widely around a straight "
                "line (or are too few) for a trend over the whole series to be clear"
            )
        elif d == "no clear change":
            why = "the years between move steadily, while the two end years alone are too uncertain to separate"
        else:
            why = "the end years point one way and the years between the other"
        out.append(f"{names[r[key]]}: first against last year says {d}, the whole series says {t} ({slope}): {why}.")
    return out


def no_theme_hits(theme_share: pd.DataFrame, n_themes: int) -> list[str]:
    """A sentence when no seed term of any theme occurs in the corpus (the themes do not fit it), else none."""
    if len(theme_share) and theme_share["hits"].sum() > 0:
        return []
    return [
        f"No seed term of the {n_themes} themes occurs anywhere in this corpus, so every theme stands at zero: "
        "the themes do not describe these texts. Give the corpus its own themes file, and read the topics, "
        "which come from the texts themselves."
    ]


#: Fewer paragraph units than this per topic of the chosen K: too few for the topic model (the one rule: the
#: headline's model warnings say it, :func:`orgtopics.report.model_warnings`).
MIN_UNITS_PER_TOPIC = 50


#: Fewer documents than this in a year: its interval rests on few documents and is wide (benchmarks/RESULTS.md,
#: calibration).
FEW_DOCUMENTS = 10


#: Where a sentence sends the reader to change a setting of the corpus, unless told the place
#: (:func:`orgtopics.report.settings_place` names the file, or a table's config entry).
SETTINGS = "the corpus's corpus.yaml"


def recurring_text(recurring: pd.DataFrame, n_documents: int, *, min_han: int, settings: str = SETTINGS) -> list[str]:
    """The limitation of lines that recur in many documents (``recurring_lines.csv``; none: no sentence): most
    likely page furniture that no cleaning rule recognised, which counts in every estimate as if it were text. The
    sentence names the commonest line and the fix (``settings``: where this corpus's settings go,
    :func:`orgtopics.report.settings_place`)."""
    if not len(recurring):
        return []
    top = recurring.iloc[0]
    line = str(top["line"])
    quoted = line if len(line) <= 40 else line[:40] + "…"
    n = len(recurring)
    lead = (
        f"One line of {min_han} or more Han characters stands in {int(top['n_documents'])} of the {n_documents} "
        "documents"
        if n == 1
        else f"{n} lines of {min_han} or more Han characters stand in many documents; the commonest in "
        f"{int(top['n_documents'])} of the {n_documents}"
    )
    return [
        f"{lead}, word for word or differing only in its numbers: “{quoted}” (appendix A). A whole paragraph that "
        "recurs across the corpus is more often page furniture of the source (a footer, a licence notice) than text, "
        "and it counts in every estimate as if it were text. If it is furniture, add the `drop_lines:` patterns that "
        f"appendix A gives to {settings}, and run again."
    ]


def shared_text(shared: pd.DataFrame, *, min_share: float) -> list[str]:
    """The limitation of documents that repeat much of another's text (``shared_passages.csv``, the documents whose
    shared sentences hold at least ``min_share`` of their text; none: no sentence).

    A repeated passage counts once in each document, so it weighs twice in the estimates of the years it stands
    in; whether that is right (two offices adopting one text) or an artefact (one speech collected twice) is the
    researcher's call, so the sentence names the documents' count, where the list is and how to drop a copy.
    """
    if not len(shared):
        return []
    n = shared["doc_id"].nunique()
    top = shared.iloc[0]
    most = (
        f"{top['doc_id']} ({int(top['year'])}) repeats {100 * top['share']:.0f}% of its text from "
        f"{top['other_doc_id']} ({int(top['other_year'])})"
    )
    lead = (
        f"One document repeats much of another's text, sentence for sentence: {most}"
        if n == 1
        else f"{n} documents repeat at least {100 * min_share:.0f}% of their text, sentence for sentence, from "
        f"another document of the corpus; the most, {most}"
    )
    return [
        f"{lead} (appendix A). A repeated passage counts in both, so it weighs twice in the years it stands in: if "
        "the same text was collected twice, remove one copy from the corpus (its row of the manifest or table)."
    ]


def robustness_summary(verdicts: Sequence[str], n_themes: int) -> str:
    """The sentence that closes the headline table: how many of the ``n_themes`` themes are robust across the
    sensitivity variants (``verdicts``: the ``verdict`` column of ``trend_robustness.csv``), and how many could
    not be judged (one year, no seed-term hits), whose column says why."""
    n_robust = sum(v == "robust" for v in verdicts)
    n_judged = sum(v in ("robust", "fragile") for v in verdicts)
    if not n_judged:
        return "No theme could be judged across the variants: the column says why."
    if n_themes == 1:
        return f"The one theme is {'robust' if n_robust else 'fragile'}."
    unjudged = n_themes - n_judged
    rest = f"; {unjudged} could not be judged (the column says why)" if unjudged else ""
    return f"{n_robust} of {n_themes} themes {agree(n_robust, 'is', 'are')} robust{rest}."


def limitations(documents: pd.DataFrame, *, settings: str = SETTINGS) -> list[str]:
    """Limitations computed from the corpus table (``settings``: where this corpus's settings go,
    :func:`orgtopics.report.settings_place`)."""
    out = []
    per_year = documents.groupby("year").size()
    if len(per_year) == 1:
        out.append(
            f"{agree(len(documents), 'The one document comes', f'All {len(documents)} documents come')} from one year "
            f"({per_year.index[0]}): the report can describe that year's emphasis but not a change over time, "
            'and every "change" is marked not estimable.'
        )
    if len(documents) == 1:
        out.append(
            "The year is represented by a single document, so its interval only reflects variation between that "
            "document's paragraphs; another document from the same year could differ by more than the interval shows."
        )
    elif (per_year == 1).all():
        out.append(
            f"Each of the {len(per_year)} years is represented by a single document, so a year's "
            "interval only reflects variation between that document's paragraphs; another document "
            "from the same year could differ by more than the interval shows."
        )
    elif (per_year == 1).any():
        ys = ", ".join(str(y) for y in per_year[per_year == 1].index)
        out.append(
            f"Years represented by a single document: {ys}. Their intervals only reflect variation "
            "within that document."
        )
    few = per_year[(per_year >= 2) & (per_year < FEW_DOCUMENTS)]
    if len(few):
        ys = ", ".join(f"{y} ({n})" for y, n in few.items()) if len(few) <= 12 else f"{len(few)} years"
        out.append(
            f"Years with 2 to {FEW_DOCUMENTS - 1} documents (documents in brackets): {ys}. Their intervals rest on so "
            "few documents that they are wide (a small-sample t interval with documents − 1 degrees of freedom; "
            "see the calibration study in benchmarks/RESULTS.md): a change that rests on them is hard to detect, "
            "which is not evidence that there is none."
        )
    if "region" in documents.columns:
        regions = documents.groupby("year")["region"].agg(
            lambda s: tuple(sorted({str(v) for v in s.dropna() if str(v)}))
        )
        if len(regions) > 1 and regions.nunique() > 1:
            lead = (
                "Every year comes from a different place"
                if regions.nunique() == len(regions)
                else f"The {len(regions)} years come from {regions.nunique()} different places"
            )
            out.append(
                lead
                + " ("
                + "; ".join(f"{y}: {', '.join(r) or 'unknown'}" for y, r in regions.items())
                + "), so place and time are confounded: a change between years may be a difference "
                "between localities or authors rather than a shift over time"
                + (
                    "."
                    if (regions.map(len) <= 1).all()  # one place a year: nothing to hold fixed
                    else f" (name `covariates: [region]` in {settings} to hold place fixed; section 3)."
                )
            )
    gaps = np.diff(sorted(per_year.index))
    if len(gaps) and gaps.max() > 1:
        out.append(
            f"The years are unevenly spaced (largest gap {int(gaps.max())} years); lines between "
            "points are drawn for readability, not as evidence about the years in between."
        )
    return out


def model_limitations(
    stability: pd.DataFrame, theme_changes: pd.DataFrame, theme_names: Mapping[str, str]
) -> list[str]:
    """The limits of the topic model and of the seed-term rates, stated with this run's numbers.

    ``stability``: ``topic_stability.csv`` (each topic's mean similarity to its match in the seed refits and the
    share of refits that keep its first-to-last-year direction); ``theme_changes``: ``theme_change.csv``, whose
    largest clear change (if any) is the example of a rate that counts words.
    """
    out = []
    read_first = (
        "Read the topics together with their representative paragraphs, and the theme-rate figure (which does not "
        "depend on the topic model) first."
    )
    stab = stability.dropna(subset=["stability"])
    if len(stab):
        kept = stab["trend_sign_agreement"].dropna()
        n_kept = int((kept >= 1).sum())
        direction = (
            f", and {n_kept} of {len(stab)} topics {agree(n_kept, 'keeps its', 'keep their')} first-to-last-year "
            "direction in every refit"
            if len(kept)
            else ""
        )
        out.append(
            f"Topic models are not unique. Refitted with {int(stab['n_runs'].max())} other seeds, the chosen model's "
            f"topics match their counterparts at a mean similarity of {stab['stability'].mean():.2f} (1 − "
            f"Jensen–Shannon distance; 1 would be the same topic){direction} (section 3); another K can split or "
            f"merge topics (section 5). {read_first}"
        )
    else:
        out.append(f"Topic models are not unique: another seed or another K can split or merge topics. {read_first}")
    clear = theme_changes[theme_changes["direction"].isin(["rise", "fall"])]
    if len(clear):
        r = clear.loc[clear["diff"].abs().idxmax()]
        rose = r["direction"] == "rise"
        out.append(
            "Seed-term rates measure vocabulary, not stance: that the rate of "
            f"{theme_names.get(r['theme'], r['theme'])} {'rose' if rose else 'fell'} from {int(r['first_year'])} to "
            f"{int(r['last_year'])} says the texts use its seed terms {'more' if rose else 'less'} often, not what "
            "they say about it."
        )
    else:
        out.append(
            "Seed-term rates measure vocabulary, not stance: a theme's rate says how often the texts use its seed "
            "terms, not what they say about it."
        )
    return out
