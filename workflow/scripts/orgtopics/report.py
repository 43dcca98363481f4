"""The self-contained HTML report.

Rendered with Jinja2 (autoescaping on: every corpus text, title and file name is escaped) from the
tables of the same run; images are embedded as data URIs, so the file opens offline and can be
mailed or archived as one file.
"""

from __future__ import annotations

import base64
import json
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup, escape

from . import findings
from ._lazy import lazy_module
from .evidence import cross_check_passes
from .figure_registry import FIGURES, MANY_YEARS
from .near_duplicates import (
    RECURRING_MIN_DOCUMENTS,
    RECURRING_MIN_SHARE,
    SHARED_MAX_DOCUMENTS,
    SHARED_MIN_HAN,
    SHARED_MIN_SHARE,
)
from .resources import DEFAULT_TITLE, Theme
from .spread import balanced, evenly
from .tables import read_json, read_table
from .topics import chosen_k

if TYPE_CHECKING:
    import pandas as pd
else:
    pd = lazy_module("pandas")  # imported on first use (see _lazy)


def _env() -> Environment:
    env = Environment(
        loader=PackageLoader("orgtopics", "templates"),
        autoescape=select_autoescape(["html", "j2"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["num"] = lambda x, d=1: f"{float(x):,.{d}f}"
    env.filters["pct"] = lambda x, d=1: f"{100 * float(x):.{d}f}%"
    env.filters["years_span"] = years_span
    env.filters["code"] = code_spans
    return env


def years_span(years: str | int) -> str:
    """``"2007,2016"`` -> ``"2007, 2016"``; five or more years -> ``"1954–2011, 39 years"`` (a header that fits)."""
    ys = [int(y) for y in str(years).split(",") if y.strip()]
    if len(ys) <= 4:
        return ", ".join(str(y) for y in ys)
    return f"{ys[0]}–{ys[-1]}, {len(ys)} years"


def data_uri(png: str | Path) -> str:
    """A figure as a ``data:`` URI: the palette PNG its figure job wrote for the report
    (:func:`orgtopics.figures.embeddable_png`)."""
    return "data:image/png;base64," + base64.b64encode(Path(png).read_bytes()).decode("ascii")


def build_context(
    tables: Mapping[str, str | Path],
    figures: Mapping[str, str | Path],
    provenance: str | Path,
    themes: list[Theme],
    *,
    corpus: str,
    lam: float,
    top_terms: int = 10,
    cut_year: int = 2012,
    title: Mapping[str, str] | None = None,
    answers_dir: str = "validation",
    settings_file: str = "",
) -> dict[str, Any]:
    """Gather everything the template shows from the run's tables and figures.

    Parameters
    ----------
    tables : mapping of name to path
        ``documents, shared_passages, recurring_lines, theme_share_by_year, theme_change, topic_terms, topic_labels,
        topic_share_by_year, topic_change, topic_passages, k_selection, term_trajectories, tfidf_by_year,
        quoted_phrases``, ... (the inputs of rule ``report``).
    figures : mapping of name to PNG path
    provenance : path of ``provenance.json``
    themes : list of Theme
    corpus : str
    lam : float
        Relevance λ (for the text).
    top_terms : int
        Terms shown per topic.
    """
    t = {k: read_table(v) for k, v in tables.items()}
    prov = read_json(provenance)
    docs = t["documents"].sort_values(["year", "doc_id"])
    shared = t["shared_passages"]
    recurring = t["recurring_lines"]
    place = settings_place(settings_file)  # where the report sends the reader to change a setting of this corpus
    for col in ("title", "author", "region", "source"):
        if col not in docs.columns:
            docs[col] = ""
    meta_cols = docs.select_dtypes(include="object").columns
    docs[meta_cols] = docs[meta_cols].fillna("")
    theme_names = {th.id: th.label for th in themes}
    labels = t["topic_labels"].set_index("topic")
    topic_names = {int(k): str(r["label"]) for k, r in labels.iterrows()}

    terms = t["topic_terms"]
    topics = []
    passages = t["topic_passages"]
    overall = t["topic_share_by_year"].groupby("topic")["share"].mean()
    stab = t["topic_stability"].set_index("topic")
    for k in sorted(topic_names):
        tk = terms[terms["topic"] == k]
        tp = passages[passages["topic"] == k].sort_values(["year", "share"], ascending=[True, False])
        topics.append(
            {
                "topic": k,
                "label": topic_names[k],
                "theme": labels.loc[k, "theme"],
                "prob": list(tk.sort_values("rank")["term"].head(top_terms)),
                "relevance": list(tk.sort_values("relevance_rank")["term"].head(top_terms)),
                "frex": list(tk.sort_values(["frex", "term"], ascending=[False, True])["term"].head(top_terms)),
                "mean_share": float(overall.get(k, 0.0)),
                "best": tp.sort_values(["share", "unit"], ascending=[False, True]).head(1).to_dict("records"),
                "passages": tp[tp["year"].isin(evenly(sorted(tp["year"].unique()), MAX_PASSAGE_YEARS))].to_dict(
                    "records"
                ),
                "stability": float(stab.loc[k, "stability"]),
                "sign_agreement": float(stab.loc[k, "trend_sign_agreement"]),
                "n_runs": int(stab.loc[k, "n_runs"]),
            }
        )

    theme_changes = t["theme_change"]
    topic_changes = t["topic_change"]
    k_sel = t["k_selection"]
    chosen = chosen_k(k_sel)
    clean_cols = [c for c in docs.columns if c.startswith("removed_")]
    rb = t["trend_robustness"]
    robust = {
        r["theme"]: (
            f"{r['verdict']} ({r['n_agree']} of {r['n_variants']} "
            f"{findings.agree(r['n_agree'], 'moves', 'move')} the same way)"
            if r["n_variants"]
            else str(r["verdict"])
        )
        for _, r in rb.iterrows()
    }
    pc = t["period_contrast"]
    neighbours = t["k_neighbours"]
    slog = t["slogans"]
    agreement = t["model_agreement"]
    reference = str(agreement["reference"].iloc[0]) if "reference" in agreement and len(agreement) else ""
    cfg = prov.get("config") or {}
    ci = float((cfg.get("bootstrap") or {}).get("ci", 0.95))
    phrases = t["quoted_phrases"].fillna({"rejected": ""})
    adjusted = adjusted_context(t, theme_names, topic_names, named=cfg.get("covariates") or [])
    shown = [k for k in figures if k != "adjusted_trends" or adjusted["used"]]
    validation = validation_context(
        t, topics, theme_names, corpus=corpus, answers_dir=answers_dir,
        settings=cfg.get("validation") or {},
    )  # fmt: skip
    return {
        "validation": validation,
        "corpus": corpus,
        "title": dict(title or DEFAULT_TITLE),
        "prov": prov,
        "docs": document_rows(docs),
        "docs_by_year": len(docs) > MAX_DOCUMENT_ROWS,
        "clean_cols": clean_cols,
        "n_docs": len(docs),
        "years": sorted(docs["year"].unique().tolist()),
        "totals": {
            c: int(docs[c].sum())
            for c in (
                "chars_raw",
                "chars_clean",
                "chars_removed",
                "pinyin_annotations",
                "traditional_converted",
                "n_units",
                "n_tokens",
                "n_words",
            )
            if c in docs.columns
        },
        "themes": themes,
        "resampling": resampling(t["theme_share_by_year"]),
        "resampled_kinds": sorted(set(t["theme_share_by_year"].get("resampled", pd.Series(["paragraphs"])))),
        "model_warnings": model_warnings(k_sel, t["unit_topics"], k_fixed=bool((cfg.get("lda") or {}).get("k"))),
        "theme_sentences": findings.no_theme_hits(t["theme_share_by_year"], len(themes))
        or findings.headline(theme_changes, theme_names, key="theme", ci=ci),
        "theme_changes": [
            dict(
                r,
                name=theme_names[r["theme"]],
                robust=robust.get(r["theme"], "not judged: no seed-term hits in any variant"),
            )
            for r in theme_changes.to_dict("records")
        ],
        "robust_summary": findings.robustness_summary(rb["verdict"].astype(str).tolist(), len(theme_changes)),
        "period_rows": [dict(r, display=theme_names.get(r["name"], r["name"])) for r in pc.to_dict("records")],
        "cut_year": cut_year,
        "neighbours": [
            {"k": int(k), "topics": g.sort_values("topic")["top_terms"].tolist()} for k, g in neighbours.groupby("k")
        ],
        "slogans": slog.sort_values(["total", "first_year", "slogan"], ascending=[False, True, True])
        .head(25)
        .to_dict("records"),
        "n_slogans": len(slog),
        "agreement": agreement.to_dict("records"),
        "agreement_reference": reference,
        "agreement_mean": float(agreement["similarity"].mean()) if len(agreement) else float("nan"),
        "agreement_passes": cross_check_passes(reference, cfg.get("cross_check") or {}, cfg["lda"]) if reference else 0,
        "agreement_units": int(agreement["n_units"].iloc[0]) if "n_units" in agreement and len(agreement) else 0,
        "n_units_model": int(docs["n_units"].sum()) if "n_units" in docs.columns else 0,
        "mean_stability": float(stab["stability"].mean()),
        "skipped": t["skipped_documents"].to_dict("records"),
        "near_duplicates": t["near_duplicates"]["warning"].tolist() if "warning" in t["near_duplicates"] else [],
        "shared_passages": shared.head(MAX_SHARED_ROWS).to_dict("records"),
        "n_shared_passages": len(shared),
        "shared_min_share": SHARED_MIN_SHARE,
        "shared_min_han": SHARED_MIN_HAN,
        "shared_max_documents": SHARED_MAX_DOCUMENTS,
        "recurring_lines": recurring.head(MAX_SHARED_ROWS).to_dict("records"),
        "recurring_drop_lines": drop_lines_yaml(recurring["pattern"].head(MAX_SHARED_ROWS)),
        "n_recurring_lines": len(recurring),
        "recurring_min_share": RECURRING_MIN_SHARE,
        "recurring_min_documents": RECURRING_MIN_DOCUMENTS,
        "max_kwic": MAX_KWIC_LINES,
        "max_passage_years": MAX_PASSAGE_YEARS,
        "kwic": [
            (
                term,
                int(g["n_occurrences"].iloc[0]),
                g.iloc[balanced(g["year"].tolist(), MAX_KWIC_LINES)].to_dict("records"),
            )
            for term, g in t["kwic"].groupby("term", sort=False)
        ],
        "adjusted": adjusted,
        "fignum": {k: i for i, k in enumerate([f.name for f in FIGURES if f.name in shown], start=1)},
        "topic_sentences": findings.headline(topic_changes, topic_names, key="topic", unit="share", ci=ci),
        "ci_pct": findings.percent(ci),
        "period_basis": "periods: " + ", ".join(dict.fromkeys(t["topic_terms_by_period"]["period"].astype(str))),
        "period_caveat": findings.multiple_comparisons(len(pc), ci) if len(pc) > 1 else "",
        "topic_changes": [dict(r, name=topic_names[int(r["topic"])]) for r in topic_changes.to_dict("records")],
        "topics": topics,
        "k_sel": k_sel.to_dict("records"),
        "chosen_k": chosen,
        "lam": lam,
        "many_years": len(docs["year"].unique()) > MANY_YEARS,
        "tfidf_rows": _tfidf_rows(t["tfidf_by_year"]),
        "phrases": phrases.head(40).to_dict("records"),
        "fragments": t["suspect_fragments"].head(30).to_dict("records"),
        "n_fragments": int(t["suspect_fragments"]["token"].nunique()),
        "fragments_in_tfidf": sorted(set(t["suspect_fragments"]["token"]) & set(t["tfidf_by_year"]["term"])),
        "n_phrases": len(t["quoted_phrases"]),
        "phrases_rejected": phrases[phrases["rejected"] != ""].to_dict("records"),
        "traj_rows": _trajectory_rows(t["term_trajectories"], sorted(docs["year"].unique().tolist())),
        "settings_place": place,
        "limitations": findings.limitations(docs, settings=place)
        + findings.shared_text(shared, min_share=SHARED_MIN_SHARE)
        + findings.recurring_text(recurring, len(docs), min_han=SHARED_MIN_HAN, settings=place)
        + findings.model_limitations(t["topic_stability"], theme_changes, theme_names),
        "method": method_facts(prov, k_sel, t["trend_sensitivity"]),
        # many years: the distinctive terms are a table on the page (a picture of 70 lines of text is large and
        # cannot be searched or copied); the figure file is still drawn
        "figures": {
            k: data_uri(v)
            for k, v in figures.items()
            if not (k == "tfidf_terms" and t["tfidf_by_year"]["year"].nunique() > MANY_YEARS)
        },
    }


#: Documents listed one per row at most; a larger corpus is summed by year on the page (every document is in
#: tables/documents.csv): 5,000 documents listed twice made a 100 MB corpus's page 5.4 MB.
MAX_DOCUMENT_ROWS = 100


def document_rows(docs: pd.DataFrame) -> list[dict[str, Any]]:
    """The rows of the report's document and cleaning tables: one per document, or one per year (numbers
    summed, ``doc_id`` saying how many documents) beyond :data:`MAX_DOCUMENT_ROWS`."""
    if len(docs) <= MAX_DOCUMENT_ROWS:
        return docs.to_dict("records")
    numeric = [c for c in docs.columns if c != "year" and pd.api.types.is_numeric_dtype(docs[c])]
    g = docs.groupby("year")
    rows = g[numeric].sum().reset_index()
    rows["doc_id"] = [f"{n} documents" for n in g.size()]
    for c in ("title", "author", "region", "source", "encoding"):
        rows[c] = ""
    return rows.to_dict("records")


#: Keyword-in-context lines shown per term at most, balanced over the years (tables/kwic.csv keeps up to
#: ``report.kwic_max_per_term``, chosen the same way).
MAX_KWIC_LINES = 40
#: Typical paragraphs shown per topic at most (years spread evenly; all are in tables/topic_passages.csv).
MAX_PASSAGE_YEARS = 12


#: How the report names each sensitivity variant (``variant`` of trend_sensitivity.csv).
_VARIANT_NAMES = {
    "dictionary": "the headline's own dictionary rate (shown for reference, not counted)",
    "dictionary_no_boilerplate": "the dictionary without the boilerplate stoplist",
    "dictionary_no_phrases": "the dictionary with the quoted phrases not added as words (another segmentation)",
}


def adjusted_context(
    t: Mapping[str, pd.DataFrame], theme_names: Mapping[str, str], topic_names: Mapping[int, str], *, named: list[str]
) -> dict[str, Any]:
    """The covariate section: what was named, what became of each covariate, and raw against adjusted changes."""
    checks = t.get("covariates", pd.DataFrame(columns=["covariate", "used", "why"]))
    used = [str(r["covariate"]) for _, r in checks.iterrows() if bool(r["used"])]
    out: dict[str, Any] = {"named": list(named), "checks": checks.to_dict("records"), "used": used, "sentences": []}
    for measure, names, what in (("theme", theme_names, "themes"), ("topic", topic_names, "topics")):
        adj = t.get(f"{measure}_change_adjusted", pd.DataFrame())
        rows = [dict(r, name=names[r[measure]]) for r in adj.to_dict("records")] if used else []
        if rows:
            out["sentences"] += findings.adjusted_sentences(adj, names, key=measure, what=what)
        out[f"{measure}_rows"] = rows
    return out


def validation_context(
    t: Mapping[str, pd.DataFrame],
    topics: Sequence[Mapping[str, Any]],
    theme_names: Mapping[str, str],
    *,
    corpus: str,
    answers_dir: str,
    settings: Mapping[str, Any],
) -> dict[str, Any]:
    """The human-validation section: the tasks drawn, what became of each answer file, and the scores beside the
    topics (with their terms) and themes they validate.

    ``t`` holds ``validation_key``, ``validation_scores`` and ``validation_coders`` (the section is left out when
    they are absent, as in a report built from the tables of an older run).
    """
    if "validation_key" not in t:
        return {"present": False}
    key, scores, coders = t["validation_key"], t["validation_scores"], t["validation_coders"]
    n = {task: int((key["task"] == task).sum()) for task in ("word", "topic", "label", "dictionary")}
    thetas = [json.loads(s) for s in key.loc[key["task"] == "topic", "option_theta"]]
    out: dict[str, Any] = {
        "present": True,
        "page": f"results/{corpus}/validation/coding.html",
        "answers_dir": answers_dir,
        "n": n,
        "n_items": int(len(key)),
        "word_chance": 1 / (int(settings.get("word_terms", 5)) + 1),
        "topic_asked": int(settings.get("topic_items", 20)),
        "topic_chance": 1 / max(len(thetas[0]), 1) if thetas else float("nan"),
        "coders": coders.to_dict("records"),
        "scored": bool(len(scores)),
    }

    def value(task: str, target: Any, measure: str) -> dict[str, Any] | None:
        hit = scores[
            (scores["task"] == task) & (scores["target"].astype(str) == str(target)) & (scores["measure"] == measure)
        ]
        return hit.iloc[0].to_dict() if len(hit) else None

    out["topic_rows"] = [
        {
            "label": tp["label"],
            "terms": tp["relevance"][:5],
            "word": value("word", tp["topic"], "model_precision"),
            "label_fit": value("label", tp["topic"], "label_fit"),
            "label_yes": value("label", tp["topic"], "label_yes"),
            "topic": value("topic", tp["topic"], "accuracy"),
        }
        for tp in topics
    ]
    out["word_all"] = value("word", "all", "model_precision")
    out["topic_all"] = value("topic", "all", "accuracy")
    out["tlo_all"] = value("topic", "all", "topic_log_odds")
    out["theme_rows"] = [
        dict(r, name=theme_names.get(str(r["target"]), r["label"]))
        for r in scores[(scores["task"] == "dictionary")].to_dict("records")
    ]
    out["agreement"] = scores[scores["task"] == "agreement"].to_dict("records")
    return out


def resampling(theme_share: pd.DataFrame) -> str:
    """What the bootstrap resampled in this run, in words (from ``resampled`` in ``theme_share_by_year.csv``)."""
    if "resampled" not in theme_share or not len(theme_share):
        return "paragraphs resampled within each year"
    per_year = theme_share.drop_duplicates("year").set_index("year")["resampled"]
    docs = [int(y) for y, r in per_year.items() if r == "documents"]
    if len(docs) == len(per_year):
        return "documents resampled within each year, each with all its paragraphs"
    if not docs:
        return "paragraphs resampled within each year, as every year has a single document"
    n_docs, n_single = len(docs), len(per_year) - len(docs)
    return (
        f"documents resampled within the {n_docs} {findings.agree(n_docs, 'year that has', 'years that have')} two "
        f"or more, each with all its paragraphs; paragraphs within the {n_single} "
        f"{findings.agree(n_single, 'year that has', 'years that have')} one"
    )


def settings_place(settings_file: str) -> str:
    """Where the report tells the reader to put a setting of this corpus, with `code` in backticks: its
    ``corpus.yaml`` (``settings_file``), or for a table (``""``), which has none, its entry in the config."""
    if settings_file:
        return f"`{settings_file}`"
    return "the corpus's entry under `corpora:` in the config (a table has no corpus.yaml)"


def code_spans(text: str) -> Markup:
    """``text`` escaped for HTML, with each `span in backticks` as code (the sentences of
    :mod:`orgtopics.findings` mark settings that way)."""
    return Markup(re.sub(r"`([^`]+)`", r"<code>\1</code>", str(escape(text))))


def drop_lines_yaml(patterns: Sequence[str]) -> str:
    """The ``drop_lines:`` entry of a ``corpus.yaml`` that lists ``patterns`` (single-quoted, so that a backslash
    stays a backslash); empty for none."""
    if not len(patterns):
        return ""
    return "drop_lines:\n" + "".join("  - '" + str(p).replace("'", "''") + "'\n" for p in patterns)


#: Documents that repeat another's text (and lines that recur in many documents) listed in the report (all in
#: tables/shared_passages.csv and tables/recurring_lines.csv).
MAX_SHARED_ROWS = 20

#: A paragraph whose largest topic share is at least this is "nearly single-topic".
SINGLE_TOPIC_SHARE = 0.9


def model_warnings(k_sel: pd.DataFrame, unit_topics: pd.DataFrame, *, k_fixed: bool) -> list[str]:
    """Plain-words warnings about the topic model of this run, for the headline area.

    Parameters
    ----------
    k_sel : DataFrame
        ``k_selection.csv`` (``k, c_npmi, …, chosen``).
    unit_topics : DataFrame
        ``unit_topics.csv``: one row per paragraph, its shares in the ``topic_<j>`` columns.
    k_fixed : bool
        K was set in the config (``lda.k``), not chosen by coherence.

    Returns
    -------
    list of str
        One sentence per problem found, each with the number behind it: the chosen K at an end of the sweep,
        NPMI coherence negative at every K, paragraphs that are nearly single-topic, too few paragraphs per
        topic. Empty when none applies.
    """
    out: list[str] = []
    if not len(k_sel) or not (k_sel["chosen"] == 1).any():
        return out
    k = chosen_k(k_sel)
    ks = sorted(int(x) for x in k_sel["k"])
    if len(ks) > 1 and not k_fixed and k in (ks[0], ks[-1]):
        side = "smallest" if k == ks[0] else "largest"
        way = "below" if k == ks[0] else "above"
        out.append(
            f"K = {k} is the {side} K of the sweep ({ks[0]}–{ks[-1]}): the best K by coherence may lie {way} it. "
            f"Add Ks {way} {k} to lda.k_values to find out."
        )
    npmi = k_sel["c_npmi"].astype(float)
    if len(npmi) and (npmi < 0).all():
        best = k_sel.loc[npmi.idxmax()]
        out.append(
            f"NPMI coherence is negative at every K of the sweep (at best {float(best['c_npmi']):.3f}, at "
            f"K = {int(best['k'])}): the top words of the topics co-occur in paragraphs less often than chance, "
            "so no K tried gives coherent topics."
        )
    cols = [c for c in unit_topics.columns if c.startswith("topic_")]
    if cols and len(unit_topics):
        top = unit_topics[cols].max(axis=1)
        median = float(top.median())
        if median >= SINGLE_TOPIC_SHARE:
            out.append(
                f"The median paragraph puts {median:.2f} of its weight on one topic "
                f"({(top >= SINGLE_TOPIC_SHARE).mean():.0%} of paragraphs put at least {SINGLE_TOPIC_SHARE}): "
                "the model sorts paragraphs into topics rather than mixing them, so a year's topic shares count "
                "paragraphs more than they measure emphasis."
            )
        n = len(unit_topics)
        least = findings.MIN_UNITS_PER_TOPIC
        if n < least * k:
            out.append(
                f"{n:,} paragraphs for K = {k} topics ({n / k:.0f} per topic, fewer than {least}): too "
                "few for stable topics. The dictionary measures of the headline do not depend on the model."
            )
    return out


def method_facts(prov: Mapping[str, Any], k_sel: pd.DataFrame, sensitivity: pd.DataFrame) -> dict[str, Any]:
    """What ran, in words, from the run's own config, provenance and tables (never from the defaults): the
    segmenter, the LDA engine with its passes or sweeps, the Ks actually fitted and the sensitivity variants
    actually run."""
    from .topics import tomotopy_sweeps

    cfg, versions = prov["config"], prov.get("versions", {})
    lda = cfg["lda"]
    if lda.get("engine", "gensim") == "tomotopy":
        engine = (
            f"tomotopy {versions.get('tomotopy', '')} LDAModel (collapsed Gibbs sampling), "
            f"{tomotopy_sweeps(lda.get('sweeps'))} sweeps"
        )
    else:
        engine = (
            f"gensim {versions.get('gensim', '')} LdaModel (variational Bayes), passes {lda['passes']}, "
            f"iterations {lda['iterations']}"
        )
    if cfg["segment"].get("engine", "jieba") == "rjieba":
        segmenter = f"jieba-rs (rjieba {versions.get('rjieba', '')}: jieba's dictionary and algorithm in Rust)"
    else:
        segmenter = f"jieba {versions.get('jieba', '')}"
    chosen = chosen_k(k_sel) if len(k_sel) else None
    names = []
    for v in dict.fromkeys(sensitivity["variant"]) if "variant" in sensitivity else []:
        m = re.fullmatch(r"lda_k(\d+)(_no_boilerplate)?", str(v))
        if m and chosen is not None:
            d = int(m.group(1)) - chosen
            names.append(
                f"K {'+' if d >= 0 else '−'} {abs(d)}" + (" without the boilerplate stoplist" if m.group(2) else "")
                if d
                else ("K without the boilerplate stoplist" if m.group(2) else "K")
            )
        else:
            names.append(_VARIANT_NAMES.get(str(v), str(v)))
    return {
        "lda_engine": engine,
        "segmenter": segmenter,
        "k_fitted": sorted(int(k) for k in k_sel["k"]),
        "variants": names,
        "n_variants": len(names),
        "engine_choice": engine_choice(prov.get("engines") or {}),
    }


_ENGINE_ROLES = {"segment": "segmentation", "lda": "LDA"}


def engine_choice(engines: Mapping[str, Any]) -> str:
    """One sentence on which engines ran and why (``provenance.json``'s ``engines``, written by
    :func:`orgtopics.workflow_support.run_config`); empty when the provenance predates it."""
    parts = {s: engines[s] for s in _ENGINE_ROLES if s in engines}
    if not parts:
        return ""
    ran = " and ".join(f"{p['engine']} for {_ENGINE_ROLES[s]}" for s, p in parts.items())
    whys = list(dict.fromkeys(p["why"] for p in parts.values()))
    text = (
        f"{ran}, {whys[0]}"
        if len(whys) == 1
        else f"{ran}: " + "; ".join(f"{_ENGINE_ROLES[s]} {p['why']}" for s, p in parts.items())
    )
    sweeps = parts.get("lda", {}).get("sweeps")
    return f"{text}; {sweeps}." if sweeps else f"{text}."


def _tfidf_rows(tfidf: pd.DataFrame, top: int = 10) -> list[dict[str, Any]]:
    """Each year's ``top`` most distinctive terms, for the table that stands for the figure with many years."""
    d = tfidf[tfidf["rank"] <= top].sort_values(["year", "rank"])
    return [{"year": int(y), "terms": g["term"].tolist()} for y, g in d.groupby("year")]


def _trajectory_rows(traj: pd.DataFrame, years: list[int]) -> list[dict[str, Any]]:
    counts = traj.pivot_table(index="term", columns="year", values="count", aggfunc="sum", sort=False)
    return [
        {"term": term, "counts": [int(counts.at[term, y]) if y in counts.columns else 0 for y in years]}
        for term in dict.fromkeys(traj["term"])
    ]


def font_face_css(text: str) -> str:
    """An ``@font-face`` rule embedding Noto Sans CJK SC, subset to the characters of ``text``.

    A reader without a CJK font (a fresh Linux machine, a headless browser) would otherwise see
    empty boxes. The subset keeps the file self-contained at a few hundred kilobytes.
    """
    import io

    from fontTools import subset
    from fontTools.ttLib import TTFont

    from .style import font_path

    opts = subset.Options()
    # fontTools' default features (those a browser applies to horizontal and vertical text) without `locl`: the
    # pages are zh-Hans, so the Japanese, Korean and Traditional Chinese glyph forms that `locl` reaches are
    # never shown; without them the subset has half the glyphs (benchmarks/RESULTS.md).
    opts.layout_features = [f for f in opts.layout_features if f != "locl"]
    opts.notdef_outline = True
    # no save-time timestamp (same input, same bytes); glyph bounds are kept from the full font, not
    # recomputed for every subset glyph (that took most of the time on large reports)
    font = TTFont(str(font_path()), recalcTimestamp=False, recalcBBoxes=False)
    sub = subset.Subsetter(opts)
    sub.populate(unicodes={ord(c) for c in set(text) if not c.isspace()})
    sub.subset(font)
    buf = io.BytesIO()
    font.save(buf)
    b64 = base64.b64encode(buf.getvalue()).decode("ascii")
    return (
        "@font-face { font-family: 'OrgtopicsCJK'; font-style: normal; font-weight: 400 700; "
        f"src: url(data:font/otf;base64,{b64}) format('opentype'); }}"
    )


def render_report(context: Mapping[str, Any], *, embed_font: bool = True) -> str:
    """Render the report template with ``context`` (see :func:`build_context`).

    With ``embed_font`` the page carries a subset of the CJK font it needs (see :func:`font_face_css`).
    """
    template = _env().get_template("report.html.j2")
    html = template.render(font_css="", **context)
    if not embed_font:
        return html
    return template.render(font_css=font_face_css(html), **context)
