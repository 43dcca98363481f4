"""Stage functions called by the workflow's script adapters.

Each function reads its inputs from paths, calls the library, and writes its outputs. They take
plain values (paths, dicts from the config), so they run the same from Snakemake, a notebook or a
test.
"""

from __future__ import annotations

import csv
import dataclasses
import hashlib
import json
import logging
import os
import platform
import subprocess
from pathlib import Path
from typing import Any, Mapping, Sequence

import numpy as np
import yaml

# scikit-learn (features), matplotlib (figures) and jinja2 (report, explorer) are imported by the functions that
# need them, and pandas on first use (see _lazy): each job is a fresh interpreter, and these imports cost up to
# 1.5 s in the jobs that never use them.
from . import __version__, clean, corpus, findings, segment, themes, topics, trends
from ._lazy import lazy_module
from .resources import Theme, read_themes, read_user_dictionary, read_word_list
from .tables import read_json, read_records, read_table, write_json, write_records, write_table
from .units import make_units

pd = lazy_module("pandas")  # imported on first use (see _lazy)

log = logging.getLogger("orgtopics")

PACKAGES = ("snakemake", "jieba", "rjieba", "gensim", "tomotopy", "scikit-learn", "scipy", "numpy", "pandas", "matplotlib", "fonttools", "mplfonts",
            "opencc", "stopwordsiso", "charset-normalizer", "pyarrow", "jinja2", "jsonschema", "pyyaml",
            "trafilatura", "python-docx", "pypdf", "openpyxl")


# --------------------------------------------------------------------------- cleaning (per shard)
def run_clean_shard(corpus: Mapping[str, Any], docs: Sequence[Mapping[str, Any]], out_cleaned: str, out_log: str, *,
                    clean_cfg: Mapping[str, Any] | None) -> None:
    """Clean the documents of one shard.

    Parameters
    ----------
    corpus : mapping
        The corpus settings (``orgtopics.corpus.CorpusSettings`` fields).
    docs : sequence of mapping
        The shard's scanned documents (``Document`` fields without text).

    Writes ``out_cleaned`` (Parquet: one row per document with metadata, cleaned paragraphs and
    cleaning statistics) and ``out_log`` (every removed line with its rule).
    """
    from .corpus import read_document_text   # the parameter ``corpus`` shadows the module

    settings = corpus_settings_from(corpus)
    rules = clean.CleanRules.from_config(clean_cfg)
    records, removed = [], []
    for d in docs:
        res = clean.clean_text(read_document_text(d, settings), rules)
        stats = {f"removed_{r}": 0 for r in clean.rule_names(rules)}
        stats.update(res.stats)
        meta = dict(d.get("meta") or {})
        period = settings.period_of(int(d["year"]))
        if period is not None:  # analyses group by period: its start year is the key, the label is kept
            meta.update({"doc_year": int(d["year"]), "period": str(period["label"])})
        key = int(period["start"]) if period is not None else int(d["year"])
        records.append({"doc_id": d["id"], "file": d["file"] or "", "year": key, **meta,
                        "encoding": d["encoding"], "sha256": d["sha256"], "shard": d.get("shard", 0),
                        "text": res.text, "paragraphs": res.paragraphs, **stats})
        removed += [{"doc_id": d["id"], "line": r.line_no, "rule": r.rule, "text": r.text} for r in res.removed]
    write_records(records, out_cleaned, columns=["doc_id", "file", "year", "text", "paragraphs"])
    write_table(pd.DataFrame(removed, columns=["doc_id", "line", "rule", "text"]), out_log)
    log.info("cleaned %d documents, removed %d lines", len(records), len(removed))


def corpus_settings_from(corpus: Mapping[str, Any]):
    """CorpusSettings from the plain dict a rule passes."""
    from .corpus import CorpusSettings   # the parameter shadows the module

    d = dict(corpus)
    d["path"] = Path(d["path"])
    return CorpusSettings(**d)


def run_gather_clean(shards: Sequence[str], logs: Sequence[str], out_cleaned: str, out_log: str) -> None:
    """Concatenate the cleaned shards (documents ordered by year and id) and their cleaning logs."""
    frames = [read_records(p) for p in shards]
    df = pd.concat([f for f in frames if len(f)], ignore_index=True).sort_values(["year", "doc_id"])
    write_records(df.to_dict("records"), out_cleaned)
    logs_df = pd.concat([read_table(p) for p in logs], ignore_index=True)
    order = {d: i for i, d in enumerate(df["doc_id"])}
    if len(logs_df):
        logs_df = logs_df.assign(_o=logs_df["doc_id"].astype(str).map(order)).sort_values(["_o", "line"]).drop(columns="_o")
    write_table(logs_df, out_log)


# --------------------------------------------------------------------------- segmentation
def run_phrases(cleaned: str, out_csv: str, *, min_len: int = 2, max_len: int = 8, min_count: int = 1) -> None:
    """Harvest “quoted” phrases into ``out_csv``."""
    df = read_records(cleaned)
    rows = segment.harvest_quoted_phrases(dict(zip(df["doc_id"], df["text"])), dict(zip(df["doc_id"], df["year"])),
                                          min_len=min_len, max_len=max_len, min_count=min_count)
    write_table(pd.DataFrame(rows, columns=["phrase", "count", "n_documents", "first_year", "last_year"]), out_csv)


def user_words(dictionary: str, themes_file: str, extra: Sequence[str] = ()) -> list[tuple[str, str | None]]:
    """Domain dictionary, corpus-specific dictionaries and theme seed terms, as (word, tag)."""
    words = list(read_user_dictionary(dictionary))
    for p in extra:
        words += read_user_dictionary(p)
    return segment.build_user_words(words, [s for th in read_themes(themes_file) for s in th.seeds])


def stopword_set(seg_cfg: Mapping[str, Any], boilerplate: str | None, extra: Sequence[str] = ()) -> set[str]:
    stop = segment.generic_stopwords(seg_cfg.get("generic_stopwords", "zh"))
    if seg_cfg.get("policy_boilerplate", True) and boilerplate:
        stop |= set(read_word_list(boilerplate))
    for p in [*(seg_cfg.get("extra_stopwords") or []), *extra]:
        stop |= set(read_word_list(p))
    return stop


def make_segmenter(*, dictionary: str, themes_file: str, phrases: str | None, boilerplate: str | None,
                   seg_cfg: Mapping[str, Any], extra_dictionary: Sequence[str] = (),
                   extra_stopwords: Sequence[str] = ()) -> segment.Segmenter:
    """The segmenter described by the config and resource files (phrases added as words)."""
    words = user_words(dictionary, themes_file, extra_dictionary)
    if phrases and seg_cfg.get("quoted_phrases", {}).get("add", True):
        words = segment.build_user_words(words, (), list(read_table(phrases)["phrase"]))
    return segment.Segmenter(
        user_words=words, stopwords=stopword_set(seg_cfg, boilerplate, extra_stopwords),
        keep_pos=tuple(seg_cfg.get("keep_pos", segment.DEFAULT_KEEP_POS)),
        drop_pos=tuple(seg_cfg.get("drop_pos", segment.DEFAULT_DROP_POS)),
        hmm=bool(seg_cfg.get("hmm", True)), han_only=bool(seg_cfg.get("han_only", True)),
        engine=str(seg_cfg.get("engine", "jieba")))


def run_segment_shard(cleaned: str, out_tagged: str, *, segmenter: segment.Segmenter, min_han: int, max_han: int) -> None:
    """Cut one shard's documents into units and tag every word (no filtering yet)."""
    df = read_records(cleaned)
    rows = []
    for _, doc in df.iterrows():
        for u in make_units(doc["doc_id"], int(doc["year"]), doc["paragraphs"], min_han=min_han, max_han=max_han):
            pairs = segmenter.tag(u.text)
            rows.append({"unit_id": u.unit_id, "doc_id": u.doc_id, "year": u.year, "position": u.position,
                         "text": u.text, "words": [w for w, _ in pairs], "flags": [f for _, f in pairs]})
    write_records(rows, out_tagged, columns=["unit_id", "doc_id", "year", "position", "text", "words", "flags"])


def run_units(tagged: Sequence[str], phrases: str | None, out_units: str, *, segmenter: segment.Segmenter,
              merge: bool = True) -> None:
    """Merge quoted phrases into single words and keep the model tokens of every unit.

    Units are ordered by year, document and position, whatever the shard order.
    """
    phr = frozenset(read_table(phrases)["phrase"]) if (phrases and merge) else frozenset()
    rows = []
    # a corpus repeats the same (word, tag) pairs millions of times: decide each pair once
    kept: dict[tuple[str, str], bool] = {}
    is_word: dict[str, bool] = {}
    for p in tagged:
        df = pd.read_parquet(p)   # the word and flag columns stay numpy arrays: only iterated here
        for unit_id, doc_id, year, position, text, words, flags in zip(
                df["unit_id"], df["doc_id"], df["year"], df["position"], df["text"], df["words"], df["flags"]):
            pairs = segment.merge_phrases(list(zip(words.tolist(), flags.tolist())), phr)
            for pair in pairs:
                if pair not in kept:
                    kept[pair] = segmenter.keeps(*pair)
                    if pair[0] not in is_word:
                        is_word[pair[0]] = any(ch.isalnum() for ch in pair[0])
            toks = [w for w, f in pairs if kept[w, f]]
            n_words = sum(is_word[w] for w, _ in pairs)
            rows.append({"unit_id": unit_id, "doc_id": doc_id, "year": int(year), "position": int(position),
                         "text": text, "tokens": toks, "n_tokens": len(toks), "n_words": n_words})
    rows.sort(key=lambda r: (r["year"], r["doc_id"], r["position"]))
    write_records(rows, out_units, columns=["unit_id", "doc_id", "year", "position", "text", "tokens", "n_tokens", "n_words"])


def run_documents(cleaned: str, units: str, out_csv: str) -> None:
    """``documents.csv``: metadata, cleaning statistics and unit/token counts per document."""
    docs = read_records(cleaned).drop(columns=["text", "paragraphs"])
    u = read_records(units)
    agg = u.groupby("doc_id").agg(n_units=("unit_id", "size"), n_words=("n_words", "sum"), n_tokens=("n_tokens", "sum"))
    docs = docs.merge(agg, left_on="doc_id", right_index=True, how="left").fillna({"n_units": 0, "n_words": 0, "n_tokens": 0})
    for c in ("n_units", "n_words", "n_tokens"):
        docs[c] = docs[c].astype(int)
    first = ["doc_id", "file", "year"]
    docs = docs[first + [c for c in docs.columns if c not in first]].sort_values(["year", "doc_id"])
    write_table(docs, out_csv)


# --------------------------------------------------------------------------- features and themes
def run_tfidf(units: str, out_csv: str, *, top_n: int, min_count: int, sublinear_tf: bool) -> None:
    from . import features

    write_table(features.tfidf_by_year(read_records(units), top_n=top_n, min_count=min_count,
                                       sublinear_tf=sublinear_tf), out_csv)


def run_themes(units: str, themes_file: str, out_share: str, out_change: str, *, boot: Mapping[str, Any]) -> None:
    """Theme rates per year and their first-vs-last-year change."""
    ths = read_themes(themes_file)
    hits, n_tok, years, est = themes.theme_estimates(read_records(units), ths, n_boot=boot["n_boot"], ci=boot["ci"],
                                                     random_state=boot["random_state"])
    write_table(themes.theme_share_table(ths, hits, n_tok, years, est), out_share)
    write_table(findings.change_table(est, [t.id for t in ths], key="theme", ci=boot["ci"]), out_change)


def run_trajectories(cleaned: str, out_csv: str, *, terms: Sequence[str]) -> None:
    write_table(trends.term_trajectories(read_records(cleaned)[["year", "text"]], list(terms)), out_csv)


# --------------------------------------------------------------------------- topics
def lda_settings(cfg: Mapping[str, Any]) -> topics.LdaSettings:
    keys = topics.LdaSettings.__dataclass_fields__
    return topics.LdaSettings(**{k: v for k, v in cfg.items() if k in keys})


def run_model_corpus(units: str, out_npz: str, *, lda_cfg: Mapping[str, Any]) -> None:
    """The model corpus of ``units`` (vocabulary, count matrix, id sequences), shared by every model job."""
    u = pd.read_parquet(units, columns=["year", "tokens", "n_tokens"])
    corpus_ = topics.ModelCorpus.from_tokens([list(t) for t in u["tokens"]], no_below=lda_cfg["no_below"],
                                             no_above=lda_cfg["no_above"], n_tokens=u["n_tokens"].to_numpy(float),
                                             years=u["year"].to_numpy())
    corpus_.save(out_npz)
    log.info("%d units, %d terms, %d tokens in the vocabulary", len(corpus_), len(corpus_.vocabulary), len(corpus_.ids))


def run_fit_k(model_corpus: str, k: int, out_model: str, out_fit: str, out_metrics: str, *,
              lda_cfg: Mapping[str, Any]) -> None:
    """Fit LDA at ``k``; save the model, its topics and unit shares (:class:`topics.TopicFit`) and its
    K-selection metrics."""
    c = topics.ModelCorpus.load(model_corpus)
    settings = lda_settings(lda_cfg)
    model, metrics = topics.evaluate_k(c, int(k), settings, heldout_fraction=lda_cfg["heldout_fraction"],
                                       coherence_topn=lda_cfg["coherence_topn"])
    Path(out_model).parent.mkdir(parents=True, exist_ok=True)
    model.save(out_model)
    topics.TopicFit.of(model, c, random_state=settings.random_state).save(out_fit)
    write_json(metrics, out_metrics)


def topic_labels(phi: np.ndarray, terms: Sequence[str], ths: Sequence[Theme], lda_cfg: Mapping[str, Any]) -> pd.DataFrame:
    """Theme labels of a model's topics with the config's thresholds: one rule for ``topic_labels.csv``,
    the cross-check and every sensitivity variant."""
    return topics.label_topics(phi, terms, ths, min_mass=lda_cfg["label_min_mass"], min_ratio=lda_cfg["label_min_ratio"])


def run_select_k(metric_files: Sequence[str], out_csv: str, *, by: Sequence[str], fixed_k: int | None) -> None:
    df = pd.DataFrame([read_json(p) for p in metric_files]).sort_values("k").reset_index(drop=True)
    chosen = int(fixed_k) if fixed_k else topics.select_k(df, by=by)
    df["chosen"] = (df["k"] == chosen).astype(int)
    cols = ["k", "c_v", "c_npmi", "u_mass", "perplexity_heldout", "exclusivity", "n_train", "n_heldout", "chosen"]
    write_table(df[cols], out_csv)


def run_topics(units: str, model_corpus: str, k_selection: str, fits: Mapping[int, str], themes_file: str, *,
               lda_cfg: Mapping[str, Any], boot: Mapping[str, Any], out: Mapping[str, str]) -> None:
    """Tables of the chosen model: terms, labels, unit shares, yearly shares, change, passages.

    ``fits``: the :class:`topics.TopicFit` file of every K of the sweep.
    """
    u = read_records(units)
    c = topics.ModelCorpus.load(model_corpus)
    k = _chosen(k_selection)
    fit = topics.TopicFit.load(fits[k])
    theta, phi = fit.theta, fit.phi
    terms = c.vocabulary.terms
    freq = c.term_counts()
    ths = read_themes(themes_file)
    write_table(topics.topic_terms_table(phi, terms, freq, top_n=lda_cfg["top_terms"], lam=lda_cfg["relevance_lambda"]),
                out["topic_terms"])
    labels = topic_labels(phi, terms, ths, lda_cfg)
    write_table(labels, out["topic_labels"])
    lab = dict(zip(labels["topic"], labels["label"]))

    shares = pd.DataFrame(theta, columns=[f"topic_{j}" for j in range(k)])
    shares.insert(0, "unit_id", u["unit_id"])
    shares.insert(1, "doc_id", u["doc_id"])
    shares.insert(2, "year", u["year"])
    shares.insert(3, "n_tokens", u["n_tokens"])
    write_table(shares, out["unit_topics"])

    n_tok = u["n_tokens"].to_numpy(float)
    est = trends.bootstrap_ratio(theta * n_tok[:, None], n_tok, u["year"].to_numpy(), n_boot=boot["n_boot"],
                                 ci=boot["ci"], random_state=boot["random_state"])
    rows = []
    for y in sorted(est):
        for j in range(k):
            rows.append({"year": y, "topic": j, "label": lab[j], "share": est[y].estimate[j],
                         "ci_low": est[y].ci_low[j], "ci_high": est[y].ci_high[j], "n_units": est[y].n_units})
    write_table(pd.DataFrame(rows), out["topic_share_by_year"])
    write_table(findings.change_table(est, list(range(k)), key="topic", ci=boot["ci"]), out["topic_change"])
    write_table(topics.representative_units(theta, u, per_topic=lda_cfg["passages_per_topic"], by_year=True),
                out["topic_passages"])
    write_table(neighbour_terms(fits, terms, k), out["k_neighbours"])


def neighbour_terms(fits: Mapping[int, str], terms: Sequence[str], k: int, *, top_n: int = 10) -> pd.DataFrame:
    """Top words of every topic at the Ks next to the chosen one in the sweep (and at K itself)."""
    ks = sorted(fits)
    i = ks.index(k)
    rows = []
    for kk in ks[max(0, i - 1): i + 2]:
        phi = topics.TopicFit.load(fits[kk]).phi
        for t in range(kk):
            top = np.argsort(-phi[t], kind="stable")[:top_n]
            rows.append({"k": kk, "topic": t, "top_terms": " ".join(terms[j] for j in top)})
    return pd.DataFrame(rows)


# --------------------------------------------------------------------------- figures
def run_figures(tables_of: Mapping[str, Sequence[str]], inputs: Mapping[str, str],
                outputs: Mapping[str, tuple[str, str, str]], *, themes_file: str | None = None) -> None:
    """Draw several figures in one process, reading each input table once.

    Parameters
    ----------
    tables_of : figure name -> names of the tables it draws from (``figure_tables`` in ``common.smk``)
    inputs : table name -> path, covering the tables of every figure
    outputs : figure name -> (PNG, SVG, CSV) paths
    """
    loaded: dict[str, Any] = {}

    def table(key: str):
        if key not in loaded:
            path = inputs[key]
            loaded[key] = read_records(path) if path.endswith(".parquet") else read_table(path)
        return loaded[key]

    for name, keys in tables_of.items():
        # copies: a figure may add columns to the tables it draws from
        run_figure(name, {k: table(k).copy() for k in keys}, *outputs[name], themes_file=themes_file)


#: Why a figure can be empty, in a reader's words (the figure shows this instead of a plot).
NO_DATA_REASONS = {
    "slogans": "No quoted phrase (“…”) or numbered formula (三会一课, 四个意识 …) was found in the corpus.",
    "k_selection": "No K of the sweep could be fitted: the corpus has fewer paragraphs than the smallest K.",
    "tfidf_terms": "No term occurs often enough in any year (tfidf.min_count) to be listed.",
    "term_trajectories": "No tracked term (track_terms) occurs in the corpus.",
}


def run_figure(name: str, tables: Mapping[str, Any], png: str, svg: str, csv: str, *, themes_file: str | None = None) -> None:
    """Draw figure ``name`` from its input tables (table name -> DataFrame)."""
    from . import figures

    t = dict(tables)
    docs = t.get("documents")
    empty = [k for k, v in t.items() if k not in ("documents", "spread") and len(v) == 0]
    if empty:   # a corpus of any shape gets every figure: where there is nothing to draw, it says why
        fig, data = figures.plot_no_data(name.replace("_", " "), NO_DATA_REASONS.get(name, "") or
                                         f"nothing to draw: the table{'s' if len(empty) > 1 else ''} "
                                         f"{', '.join(empty)} {'are' if len(empty) > 1 else 'is'} empty for this corpus")
        figures.save_figure(fig, png, svg, data, csv)
        return
    if name == "composition":
        fig, data = figures.plot_composition(docs, t["units"])
    elif name == "theme_emphasis":
        fig, data = figures.plot_theme_emphasis(t["theme_share"], read_themes(themes_file), docs)
    elif name == "topic_heatmap":
        fig, data = figures.plot_topic_heatmap(t["topic_share"])
    elif name == "topic_lines":
        fig, data = figures.plot_topic_lines_with_seeds(t["topic_share"], t["spread"], docs)
    elif name == "theme_methods":
        fig, data = figures.plot_theme_methods(t["compare"], read_themes(themes_file))
    elif name == "slogans":
        fig, data = figures.plot_slogan_timeline(t["slogans"], t["by_year"])
    elif name == "trend_sensitivity":
        fig, data = figures.plot_trend_sensitivity(t["sensitivity"], read_themes(themes_file))
    elif name == "tfidf_terms":
        fig, data = figures.plot_tfidf_terms(t["tfidf"])
    elif name == "term_trajectories":
        fig, data = figures.plot_term_trajectories(t["trajectories"], docs)
    elif name == "k_selection":
        ks = t["k_selection"]
        fig, data = figures.plot_k_selection(ks, topics.chosen_k(ks))
    else:
        raise ValueError(f"unknown figure {name!r}")
    figures.save_figure(fig, png, svg, data, csv)


# --------------------------------------------------------------------------- provenance and report
def git_commit(cwd: str | Path = ".") -> str:
    """The current git commit (``+dirty`` when the tree has changes), or ``unknown``."""
    try:
        sha = subprocess.run(["git", "rev-parse", "HEAD"], cwd=cwd, capture_output=True, text=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=cwd, capture_output=True,
                               text=True, check=True).stdout.strip()
        return sha + ("+dirty" if dirty else "")
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def package_versions(names: Sequence[str] = PACKAGES) -> dict[str, str]:
    from importlib import metadata

    out = {"python": platform.python_version()}
    for n in names:
        try:
            out[n] = metadata.version(n)
        except metadata.PackageNotFoundError:
            out[n] = "not installed"
    return out


def run_provenance(inputs: Sequence[str], resources: Mapping[str, str], config: Mapping[str, Any], out_json: str, *,
                   corpus_name: str, command: str, engines: Mapping[str, Any] | None = None,
                   document_hashes: Mapping[str, str] | None = None) -> None:
    """``provenance.json``: versions, the config the corpus ran with (engines resolved; and its hash), why its
    engines were chosen (:func:`orgtopics.workflow_support.run_config`), seeds, sha256 of every input (the
    files in ``inputs``, and the documents' hashes from the start-up scan, ``document_hashes``) and resource."""
    cfg_yaml = yaml.safe_dump(json.loads(json.dumps(config, default=str)), allow_unicode=True, sort_keys=True)
    prov = {
        "corpus": corpus_name,
        "orgtopics_version": __version__,
        "git_commit": git_commit(Path(__file__).resolve().parent),
        "command": command,
        "versions": package_versions(),
        "config": config,
        "config_yaml": cfg_yaml,
        "config_sha256": hashlib.sha256(cfg_yaml.encode("utf-8")).hexdigest(),
        "seeds": {"bootstrap": config["bootstrap"]["random_state"], "lda": config["lda"]["random_state"]},
        "inputs": dict(sorted({**{str(p): corpus.sha256_file(p) for p in inputs}, **dict(document_hashes or {})}.items())),
        "resources": {k: {"path": v, "sha256": corpus.sha256_file(v)} for k, v in sorted(resources.items())},
        "segmenter": segmenter_provenance(),
        "engines": dict(engines or {}),
    }
    write_json(prov, out_json)


def segmenter_provenance() -> dict[str, str]:
    """What jieba's tokens depend on beyond the config: its main dictionary (by hash) and where its prefix
    cache lives (a private directory, see :func:`orgtopics.segment.private_cache_dir`)."""
    import importlib.util

    spec = importlib.util.find_spec("jieba")
    main = Path(spec.origin).parent / "dict.txt" if spec and spec.origin else None
    return {"jieba_dictionary_sha256": corpus.sha256_file(main) if main and main.is_file() else "missing",
            "jieba_cache": "private per-user directory ($TMPDIR/orgtopics-<uid>/jieba, mode 0700); never $TMPDIR/jieba.cache"}


def run_report(tables: Mapping[str, str], figs: Mapping[str, str], provenance: str, themes_file: str, out_html: str, *,
               corpus_name: str, lam: float, top_terms: int, cut_year: int) -> None:
    from . import report

    ctx = report.build_context(tables, figs, provenance, read_themes(themes_file), corpus=corpus_name, lam=lam,
                               top_terms=top_terms, cut_year=cut_year)
    Path(out_html).parent.mkdir(parents=True, exist_ok=True)
    Path(out_html).write_text(report.render_report(ctx), encoding="utf-8")


def setup_logging(path: str | None) -> None:
    """Send library logging to a Snakemake log file (or stderr)."""
    handler: logging.Handler = logging.FileHandler(path, mode="w", encoding="utf-8") if path else logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(logging.INFO)
    os.environ.setdefault("PYTHONHASHSEED", "0")


# --------------------------------------------------------------------------- evidence (stability, engines, seeded, sensitivity)
def _chosen(k_selection: str) -> int:
    """The K marked ``chosen`` in ``k_selection.csv`` (read with the csv module: the model fits need nothing
    else from pandas)."""
    with open(k_selection, encoding="utf-8", newline="") as f:
        chosen = [int(r["k"]) for r in csv.DictReader(f) if r["chosen"] == "1"]
    if not chosen:
        raise ValueError(f"{k_selection}: no row has chosen = 1")
    return chosen[0]


def run_fit_seed(model_corpus: str, k_selection: str, seed: int, out_npz: str, *, lda_cfg: Mapping[str, Any]) -> None:
    """Refit the chosen K with another seed on the same model corpus; save its topics (phi) and unit shares
    (theta)."""
    k = _chosen(k_selection)
    c = topics.ModelCorpus.load(model_corpus)
    model = topics.fit_lda(c.matrix, c.vocabulary, k, lda_settings(lda_cfg), random_state=int(seed))
    fit = topics.TopicFit.of(model, c, random_state=int(seed))
    Path(out_npz).parent.mkdir(parents=True, exist_ok=True)
    np.savez(out_npz, phi=fit.phi, theta=fit.theta)


def run_stability(model_corpus: str, k_selection: str, fits: Mapping[int, str], seed_files: Sequence[str], out_table: str,
                  out_spread: str) -> None:
    """``topic_stability.csv`` and the aligned yearly shares of every seed."""
    from . import evidence

    c = topics.ModelCorpus.load(model_corpus)
    fit = topics.TopicFit.load(fits[_chosen(k_selection)])
    ref = evidence.yearly_shares(fit.theta, c.n_tokens, c.years)
    runs = []
    for f in seed_files:
        z = np.load(f)
        runs.append((z["phi"], evidence.yearly_shares(z["theta"], c.n_tokens, c.years)))
    stab, spread = evidence.stability_table(fit.phi, ref, runs)
    write_table(stab, out_table)
    write_table(spread, out_spread)


def run_agreement(model_corpus: str, k_selection: str, fits: Mapping[int, str], themes_file: str, out_csv: str, *,
                  lda_cfg: Mapping[str, Any], cross_check: Mapping[str, Any] | None = None) -> None:
    """``model_agreement.csv``: the chosen model against a second engine of another inference family at the
    same K (:func:`cross_check_engine`): gensim (variational Bayes, the reference engine, with the config's
    iterations) when tomotopy (Gibbs sampling) fitted the chosen model; scikit-learn's batch variational LDA
    when gensim did. Its ``reference`` column names the engine.

    With ``cross_check.max_units`` set and smaller than the corpus, the second engine fits a random sample of
    that many units (seeded by ``lda.random_state``) and both models' yearly shares are compared on that
    sample; it makes ``cross_check.max_iter`` passes (null: ``lda.passes``). Topic labels come from
    :func:`topic_labels`, as in ``topic_labels.csv``, so the job need not wait for the topic tables.
    """
    from . import evidence

    c = topics.ModelCorpus.load(model_corpus)
    fit = topics.TopicFit.load(fits[_chosen(k_selection)])
    cc = dict(cross_check or {})
    seed = lda_cfg["random_state"]
    rows = cross_check_rows(len(c), cc.get("max_units"), random_state=seed)
    sample = c.matrix[rows]
    passes = cc.get("max_iter") or lda_cfg["passes"]
    reference = cross_check_engine(fit.engine)
    log.info("%s at K = %d on %d units, %d passes", reference, fit.k, len(rows), passes)
    if reference == "gensim":
        settings = dataclasses.replace(lda_settings(lda_cfg), engine="gensim", passes=passes)
        model = topics.fit_lda(sample, c.vocabulary, fit.k, settings)
        phi, theta = topics.topic_word(model), topics.document_topics(model, sample, random_state=seed)
    else:
        phi, theta = evidence.sklearn_lda(sample, len(c.vocabulary), fit.k, random_state=seed, max_iter=passes,
                                          learning_method=cc.get("learning_method", "batch"),
                                          batch_size=cc.get("batch_size", 512))
    terms = c.vocabulary.terms
    lab = topic_labels(fit.phi, terms, read_themes(themes_file), lda_cfg)
    n_tok, years = c.n_tokens[rows], c.years[rows]
    table = evidence.agreement_table(fit.phi, evidence.yearly_shares(fit.theta[rows], n_tok, years), phi,
                                     evidence.yearly_shares(theta, n_tok, years), terms, dict(zip(lab["topic"], lab["label"])))
    table.insert(0, "reference", reference)
    write_table(table.assign(n_units=len(rows)), out_csv)


def cross_check_engine(chosen_engine: str) -> str:
    """The second engine that checks a model fitted by ``chosen_engine``: one of another inference family, so
    that agreement is not an artefact of one algorithm (gensim's variational Bayes for tomotopy's Gibbs
    sampling; scikit-learn's batch variational Bayes for gensim's online variational Bayes)."""
    return "scikit-learn" if chosen_engine == "gensim" else "gensim"


def cross_check_rows(n_units: int, max_units: int | None, *, random_state: int) -> np.ndarray:
    """The units the cross-check fits: all of them, or a seeded random sample of ``max_units`` (in order)."""
    if not max_units or max_units >= n_units:
        return np.arange(n_units)
    rng = np.random.default_rng(random_state)
    return np.sort(rng.choice(n_units, size=int(max_units), replace=False))


def run_seeded(model_corpus: str, themes_file: str, theme_share: str, topic_share: str, topic_labels: str, out_seeded: str,
               out_compare: str, *, lda_cfg: Mapping[str, Any], seeded_cfg: Mapping[str, Any], boot: Mapping[str, Any]) -> None:
    """Seeded LDA (themes as an ``eta`` prior) and its comparison with the dictionary and the topics."""
    from . import evidence

    c = topics.ModelCorpus.load(model_corpus)
    ths = read_themes(themes_file)
    settings = lda_settings(lda_cfg)
    eta = evidence.seeded_eta(c.vocabulary, ths, n_free=seeded_cfg["n_free_topics"], base=seeded_cfg["base_eta"],
                              seed_weight=seeded_cfg["seed_eta"])
    model = topics.fit_lda(c.matrix, c.vocabulary, eta.shape[0], settings, eta=eta)
    theta = topics.document_topics(model, c.matrix, random_state=settings.random_state)
    n_tok = c.n_tokens
    est = trends.bootstrap_ratio(theta[:, :len(ths)] * n_tok[:, None], n_tok, c.years, n_boot=boot["n_boot"],
                                 ci=boot["ci"], random_state=boot["random_state"])
    rows = [{"theme": th.id, "year": y, "share": est[y].estimate[j], "ci_low": est[y].ci_low[j],
             "ci_high": est[y].ci_high[j]} for j, th in enumerate(ths) for y in sorted(est)]
    seeded = pd.DataFrame(rows)
    write_table(seeded, out_seeded)
    dic = read_table(theme_share)[["theme", "year", "share"]].assign(method="dictionary")
    lda = evidence.theme_mass_by_label(read_table(topic_share), read_table(topic_labels), ths).assign(method="lda_by_label")
    cmp_ = pd.concat([dic, seeded[["theme", "year", "share"]].assign(method="seeded_lda"), lda], ignore_index=True)
    write_table(cmp_[["method", "theme", "year", "share"]], out_compare)


def run_sensitivity_variant(model_corpus: str, k_selection: str, fits: Mapping[int, str], themes_file: str, out_csv: str, *,
                            lda_cfg: Mapping[str, Any], delta: int | None = None) -> None:
    """Theme shares per year of one sensitivity variant, as its own job (variants run in parallel).

    ``delta`` set: the model at K+delta (the sweep's fit when the sweep has that K, else a refit on
    the same model corpus); an empty table when K+delta < 2. ``delta`` None: a refit at K on
    ``model_corpus`` (the units segmented with the boilerplate stoplist off). Topics are summed by the
    theme they are labelled with, so variants with different K can be compared.
    """
    from . import evidence

    ths = read_themes(themes_file)
    settings = lda_settings(lda_cfg)
    k = _chosen(k_selection)
    c = topics.ModelCorpus.load(model_corpus)
    if delta is None:
        variant, kk = f"lda_k{k}_no_boilerplate", k
    else:
        variant, kk = f"lda_k{k + delta}", k + delta
        if kk < 2:
            write_table(pd.DataFrame(columns=["variant", "theme", "year", "share"]), out_csv)
            return
    if delta is not None and kk in fits:
        fit = topics.TopicFit.load(fits[kk])
    else:
        fit = topics.TopicFit.of(topics.fit_lda(c.matrix, c.vocabulary, kk, settings), c, random_state=settings.random_state)
    share = evidence.yearly_shares(fit.theta, c.n_tokens, c.years).stack().rename("share").reset_index()
    share.columns = ["year", "topic", "share"]
    labels = topic_labels(fit.phi, c.vocabulary.terms, ths, lda_cfg)
    out = evidence.theme_mass_by_label(share, labels, ths).assign(variant=variant)
    write_table(out[["variant", "theme", "year", "share"]], out_csv)


def run_sensitivity(variants: Sequence[str], units: str, units_noboiler: str, themes_file: str, out_csv: str,
                    out_robust: str) -> None:
    """Theme trends under K−delta…K+delta and with the boilerplate stoplist off, and their robustness.

    ``variants``: the tables of :func:`run_sensitivity_variant` (K variants in order of K, then the
    no-boilerplate refit). The dictionary baseline is added with and without the boilerplate stoplist
    (each theme's share of seed-term hits).
    """
    from . import evidence

    ths = read_themes(themes_file)
    frames = [read_table(p) for p in variants]
    frames = [f for f in frames if len(f)]
    for name, path in (("dictionary", units), ("dictionary_no_boilerplate", units_noboiler)):
        share = themes.theme_share_by_year(read_records(path), ths, n_boot=50, random_state=0)[["theme", "year", "share"]]
        frames.append(share.assign(variant=name))
    out = pd.concat(frames, ignore_index=True)[["variant", "theme", "year", "share"]]
    write_table(out, out_csv)
    rob = evidence.robustness(out[out.groupby(["variant", "theme"])["share"].transform("sum") > 0], key="theme")
    write_table(rob, out_robust)


def run_slogans(cleaned: str, dictionary: str, out_summary: str, out_by_year: str) -> None:
    from . import slogans

    summary, by_year = slogans.slogan_tables(read_records(cleaned), vocabulary=set(read_word_list(dictionary)))
    write_table(summary, out_summary)
    write_table(by_year, out_by_year)


def run_period_contrast(units: str, themes_file: str, unit_topics: str, topic_labels: str, out_csv: str, *,
                        cut: int, boot: Mapping[str, Any]) -> None:
    """Mean theme rate and topic share before and after ``cut``; empty when a side has no data."""
    from . import evidence

    u = read_records(units)
    ths = read_themes(themes_file)
    n_tok = u["n_tokens"].to_numpy(float)
    years = u["year"].to_numpy()
    kw = dict(cut=cut, n_boot=boot["n_boot"], ci=boot["ci"], random_state=boot["random_state"])
    a = evidence.period_contrast(themes.theme_hits(list(u["tokens"]), ths), n_tok, years, [t.id for t in ths],
                                 scale=10_000, key="name", **kw).assign(measure="theme_per_10k")
    ut = read_table(unit_topics)
    cols = [c for c in ut.columns if c.startswith("topic_")]
    labels = read_table(topic_labels)
    b = evidence.period_contrast(ut[cols].to_numpy() * ut["n_tokens"].to_numpy(float)[:, None], ut["n_tokens"].to_numpy(float),
                                 ut["year"].to_numpy(), list(labels["label"]), key="name", **kw).assign(measure="topic_share")
    out = pd.concat([a, b], ignore_index=True)
    write_table(out[["measure", *[c for c in out.columns if c != "measure"]]], out_csv)


# --------------------------------------------------------------------------- explorer, KWIC, PDF
def run_explorer(model_corpus: str, k_selection: str, fits: Mapping[int, str], topic_share: str, topic_labels: str,
                 out_html: str, *, corpus_name: str, lam: float) -> None:
    """The standalone topic explorer of the chosen model."""
    from . import explorer, report

    c = topics.ModelCorpus.load(model_corpus)
    fit = topics.TopicFit.load(fits[_chosen(k_selection)])
    labels = read_table(topic_labels).sort_values("topic")["label"].tolist()
    data = explorer.explorer_data(fit.phi, c.vocabulary.terms, c.term_counts(), read_table(topic_share), labels, lam=lam)
    page = explorer.render_explorer(data, corpus=corpus_name)
    page = explorer.render_explorer(data, corpus=corpus_name, font_css=report.font_face_css(page))
    Path(out_html).parent.mkdir(parents=True, exist_ok=True)
    Path(out_html).write_text(page, encoding="utf-8")


def run_kwic(cleaned: str, out_csv: str, *, terms: Sequence[str], width: int, max_per_term: int) -> None:
    from . import kwic

    write_table(kwic.kwic(read_records(cleaned)[["doc_id", "year", "text"]], list(terms), width=width,
                          max_per_term=max_per_term), out_csv)


def run_pdf(html: str, pdf: str) -> None:
    from . import browser

    browser.print_pdf(html, pdf)


def run_input_report(skipped: Sequence[Mapping[str, str]], warnings: Sequence[str], out_skipped: str,
                     out_near: str) -> None:
    """Tables of the documents skipped at validation and of near-duplicate warnings."""
    write_table(pd.DataFrame(list(skipped), columns=["where", "problem", "fix"]), out_skipped)
    write_table(pd.DataFrame({"warning": list(warnings)}), out_near)
