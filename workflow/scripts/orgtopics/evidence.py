"""Evidence around the topic model: how the chosen model compares with other fits. Seed stability, a second
engine (and which one, on which units), a seeded model, sensitivity to K and to the stoplist, and period
contrasts. The estimators it uses are in :mod:`orgtopics.trends`; the verdicts written from them in
:mod:`orgtopics.findings`.

Topics from two fits are matched with the Hungarian algorithm on the Jensen–Shannon distance between
their word distributions (:func:`align_topics`); everything that compares fits goes through it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from ._lazy import lazy_module
from .findings import ONE_YEAR, verdict
from .resources import Theme
from .trends import bootstrap_ratio, contrast

if TYPE_CHECKING:
    import pandas as pd
else:
    pd = lazy_module("pandas")  # imported on first use (see _lazy)


# --------------------------------------------------------------------------- alignment
def js_distance_matrix(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Jensen–Shannon distances (base 2, in [0, 1]) between the rows of ``a`` and ``b``.

    Parameters
    ----------
    a : ndarray, shape (n_a, n_terms)
    b : ndarray, shape (n_b, n_terms)

    Returns
    -------
    ndarray, shape (n_a, n_b)
    """
    from scipy.spatial.distance import jensenshannon  # imported here: scipy.spatial costs 0.7 s per job

    out = np.zeros((a.shape[0], b.shape[0]))
    for i in range(a.shape[0]):
        for j in range(b.shape[0]):
            out[i, j] = jensenshannon(a[i], b[j], base=2)
    return np.nan_to_num(out, nan=1.0)


def align_topics(reference: np.ndarray, other: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Match the topics of ``other`` to those of ``reference`` (Hungarian, minimum total JSD).

    Returns
    -------
    perm : ndarray of int, shape (n_topics,)
        ``other[perm[k]]`` is the topic matched to ``reference[k]``.
    distance : ndarray, shape (n_topics,)
        JSD of each matched pair.
    """
    from scipy.optimize import linear_sum_assignment

    d = js_distance_matrix(reference, other)
    rows, cols = linear_sum_assignment(d)
    perm = np.empty(reference.shape[0], dtype=int)
    perm[rows] = cols
    return perm, d[rows, cols][np.argsort(rows)]


def yearly_shares(theta: np.ndarray, n_tokens: np.ndarray, years: np.ndarray) -> pd.DataFrame:
    """Token-weighted topic shares per year (no interval), shape years x topics."""
    w = theta * n_tokens[:, None]
    df = pd.DataFrame(w).groupby(years).sum()
    return df.div(df.sum(axis=1), axis=0)


# --------------------------------------------------------------------------- stability
def stability_table(
    reference_phi: np.ndarray, reference_year_share: pd.DataFrame, runs: Sequence[tuple[np.ndarray, pd.DataFrame]]
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """How stable each topic of the reference fit is across refits with other seeds.

    Parameters
    ----------
    reference_phi : ndarray, shape (n_topics, n_terms)
    reference_year_share : DataFrame, index years, columns topics
    runs : sequence of (phi, year_share)
        Refits with other seeds (same dictionary).

    Returns
    -------
    stability : DataFrame
        ``topic, stability, min_similarity, trend_sign_agreement, n_runs``: ``stability`` is the mean
        of 1 − JSD between the topic and its match in each run; ``trend_sign_agreement`` the share of
        runs whose matched topic changes between the first and last year in the same direction (NaN when the
        corpus has one year: there is no direction to keep).
    spread : DataFrame
        ``run, year, topic, share``: every run's aligned yearly shares (run 0 is the reference).
    """
    years = sorted(reference_year_share.index)
    first, last = years[0], years[-1]
    ref_sign = np.sign(reference_year_share.loc[last] - reference_year_share.loc[first]).to_numpy()
    sims, signs = [], []
    spread = [reference_year_share.stack().rename("share").reset_index().assign(run=0)]
    for r, (phi, ys) in enumerate(runs, start=1):
        perm, dist = align_topics(reference_phi, phi)
        aligned = ys[perm]
        aligned.columns = range(len(perm))
        sims.append(1 - dist)
        signs.append(np.sign(aligned.loc[last] - aligned.loc[first]).to_numpy() == ref_sign)
        spread.append(aligned.stack().rename("share").reset_index().assign(run=r))
    sims_a = np.array(sims)
    signs_a = np.array(signs)
    stab = pd.DataFrame(
        {
            "topic": range(reference_phi.shape[0]),
            "stability": sims_a.mean(axis=0),
            "min_similarity": sims_a.min(axis=0),
            "trend_sign_agreement": signs_a.mean(axis=0) if first != last else np.nan,
            "n_runs": len(runs),
        }
    )
    sp = pd.concat(spread, ignore_index=True).rename(columns={"level_0": "year", "level_1": "topic"})
    return stab, sp[["run", "year", "topic", "share"]]


# --------------------------------------------------------------------------- second engine
def sklearn_lda(
    X,
    k: int,
    *,
    random_state: int,
    max_iter: int = 50,
    learning_method: str = "batch",
    batch_size: int = 512,
    shares_of=None,
):
    """scikit-learn's ``LatentDirichletAllocation`` on the same count matrix ``X`` (scipy CSR, shape
    (n_units, n_terms), as :func:`orgtopics.topics.fit_lda` takes it).

    ``learning_method="online"`` updates the topics after each mini-batch of ``batch_size`` units
    (Hoffman et al. 2010); ``"batch"`` makes ``max_iter`` passes over all units. ``shares_of``: the counts
    whose document-topic shares are returned (default ``X``), with the same rows and columns.

    Returns
    -------
    phi : ndarray, shape (k, n_terms)
    theta : ndarray, shape (n_units, k)
    """
    from sklearn.decomposition import LatentDirichletAllocation

    lda = LatentDirichletAllocation(
        n_components=k,
        learning_method=learning_method,
        max_iter=max_iter,
        batch_size=batch_size,
        random_state=random_state,
    )
    theta = lda.fit(X).transform(X if shares_of is None else shares_of)
    phi = lda.components_ / lda.components_.sum(axis=1, keepdims=True)
    return phi, theta / theta.sum(axis=1, keepdims=True)


def agreement_table(
    phi_a: np.ndarray,
    share_a: pd.DataFrame,
    phi_b: np.ndarray,
    share_b: pd.DataFrame,
    terms: Sequence[str],
    labels: Mapping[int, str],
    *,
    top_n: int = 10,
) -> pd.DataFrame:
    """Topic-by-topic agreement between two engines after alignment.

    Returns
    -------
    DataFrame
        ``topic, label, matched_topic, similarity, top_terms_overlap, share_correlation,
        top_terms, matched_top_terms``.
    """
    perm, dist = align_topics(phi_a, phi_b)
    term_arr = np.asarray(terms)
    rows = []
    for k in range(phi_a.shape[0]):
        ta = term_arr[np.argsort(-phi_a[k], kind="stable")[:top_n]]
        tb = term_arr[np.argsort(-phi_b[perm[k]], kind="stable")[:top_n]]
        x, y = share_a[k].to_numpy(), share_b[perm[k]].to_numpy()
        corr = float(np.corrcoef(x, y)[0, 1]) if len(x) > 2 and x.std() > 0 and y.std() > 0 else float("nan")
        rows.append(
            {
                "topic": k,
                "label": labels[k],
                "matched_topic": int(perm[k]),
                "similarity": 1 - dist[k],
                "top_terms_overlap": len(set(ta) & set(tb)) / top_n,
                "share_correlation": corr,
                "top_terms": " ".join(ta),
                "matched_top_terms": " ".join(tb),
            }
        )
    return pd.DataFrame(rows)


# --------------------------------------------------------------------------- seeded LDA
def seeded_eta(dictionary, themes: Sequence[Theme], *, n_free: int, base: float, seed_weight: float) -> np.ndarray:
    """Topic-word prior for a seeded LDA: one topic per theme, plus ``n_free`` unseeded topics.

    Theme ``t``'s seed terms get prior ``seed_weight`` in topic ``t`` and ``base`` elsewhere; every
    other term gets ``base`` everywhere.

    Returns
    -------
    ndarray, shape (n_themes + n_free, n_terms)
    """
    eta = np.full((len(themes) + n_free, len(dictionary)), base, dtype=float)
    for t, th in enumerate(themes):
        for s in th.seeds:
            j = dictionary.token2id.get(s)
            if j is not None:
                eta[t, j] = seed_weight
    return eta


def theme_mass_by_label(topic_share: pd.DataFrame, labels: pd.DataFrame, themes: Sequence[Theme]) -> pd.DataFrame:
    """Unsupervised topic shares summed by the theme each topic is labelled with: ``theme, year, share``."""
    lab = dict(zip(labels["topic"], labels["theme"]))
    df = topic_share.assign(theme=topic_share["topic"].map(lab))
    g = df.groupby(["theme", "year"])["share"].sum().reset_index()
    full = pd.MultiIndex.from_product(
        [[t.id for t in themes], sorted(topic_share["year"].unique())], names=["theme", "year"]
    )
    return g.set_index(["theme", "year"]).reindex(full, fill_value=0.0).reset_index()


# --------------------------------------------------------------------------- period contrast
def period_contrast(
    num: np.ndarray,
    den: np.ndarray,
    years: np.ndarray,
    names: Sequence[str],
    *,
    cut: int,
    n_boot: int,
    ci: float,
    random_state: int,
    scale: float = 1.0,
    key: str = "name",
    clusters: Sequence[str] | np.ndarray | None = None,
) -> pd.DataFrame:
    """Before (< ``cut``) versus from ``cut`` on, pooling the units of each period (documents resampled within a
    period that has two or more, given their ``clusters``: :func:`orgtopics.trends.bootstrap_ratio`).

    Returns an empty frame when either side has no data.

    Returns
    -------
    DataFrame
        ``<key>, cut, before, after, diff, ci_low, ci_high, direction, years_before, years_after``.
    """
    years = np.asarray(years)
    period = np.where(years < cut, 0, 1)
    if len(set(period.tolist())) < 2:
        return pd.DataFrame(
            columns=[
                key,
                "cut",
                "before",
                "after",
                "diff",
                "ci_low",
                "ci_high",
                "direction",
                "years_before",
                "years_after",
            ]
        )
    est = bootstrap_ratio(
        num, den, period, n_boot=n_boot, ci=ci, random_state=random_state, scale=scale, clusters=clusters
    )
    diff, lo, hi = contrast(est[0], est[1], ci=ci)
    yb = ",".join(str(y) for y in sorted(set(years[period == 0].tolist())))
    ya = ",".join(str(y) for y in sorted(set(years[period == 1].tolist())))
    rows = []
    for j, n in enumerate(names):
        rows.append(
            {
                key: n,
                "cut": cut,
                "before": est[0].estimate[j],
                "after": est[1].estimate[j],
                "diff": diff[j],
                "ci_low": lo[j],
                "ci_high": hi[j],
                "direction": verdict(lo[j], hi[j]),
                "years_before": yb,
                "years_after": ya,
            }
        )
    return pd.DataFrame(rows)


# --------------------------------------------------------------------------- sensitivity
def robustness(
    variants: pd.DataFrame, headline: Mapping[str, float], *, key: str = "theme", reference: str | None = None
) -> pd.DataFrame:
    """Whether each variant moves in the direction of the headline's estimate, first year to last.

    Parameters
    ----------
    variants : DataFrame
        ``variant, <key>, year, value``: each variant's series for each ``key``.
    reference : str, optional
        The variant that is the headline's own series: not judged, and a variant equal to it is no check.
    headline : mapping of ``key`` to float
        The headline's estimate of the change (last year minus first); its sign is the direction the
        variants are judged against.

    Returns
    -------
    DataFrame
        ``<key>, headline, n_variants, n_agree, agree, disagree, same_as, verdict``. A variant whose numbers
        equal an earlier variant's (the stoplist holds no seed term, say) is one check, not two: it is named
        in ``same_as`` and not counted. ``verdict``: ``robust`` when every counted variant moves in the
        headline's direction, ``fragile`` otherwise; ``agree``/``disagree`` name the variants.
    """
    rows = []
    for name, g in variants.groupby(key, sort=True):
        h = float(headline.get(name, float("nan")))
        seen: dict[tuple, str] = {}
        ref = g[g["variant"] == reference].sort_values("year")
        if len(ref):
            seen[(tuple(ref["year"]), tuple(np.round(ref["value"].to_numpy(float), 9)))] = "headline"
        agree: list[str] = []
        disagree: list[str] = []
        same: list[str] = []
        for variant, v in g.groupby("variant", sort=False):
            if variant == reference:
                continue
            v = v.sort_values("year")
            if v["year"].nunique() < 2:  # one year: no direction to agree on
                continue
            series = (tuple(v["year"]), tuple(np.round(v["value"].to_numpy(float), 9)))
            if series in seen:
                same.append(f"{variant} = {seen[series]}")
                continue
            seen[series] = str(variant)
            d = v["value"].iloc[-1] - v["value"].iloc[0]
            (agree if np.sign(d) == np.sign(h) and d != 0 else disagree).append(str(variant))
        n = len(agree) + len(disagree)
        if not n or not np.isfinite(h):
            judged = ONE_YEAR
        else:
            judged = "robust" if not disagree else "fragile"
        rows.append(
            {
                key: name,
                "headline": "up" if h > 0 else "down" if h < 0 else "flat" if h == 0 else "",
                "n_variants": n,
                "n_agree": len(agree),
                "agree": "; ".join(agree),
                "disagree": "; ".join(disagree),
                "same_as": "; ".join(same),
                "verdict": judged,
            }
        )
    cols = [key, "headline", "n_variants", "n_agree", "agree", "disagree", "same_as", "verdict"]
    return pd.DataFrame(rows, columns=cols)


def cross_check_engine(chosen_engine: str) -> str:
    """The second engine that checks a model fitted by ``chosen_engine``: one of another inference family, so
    that agreement is not an artefact of one algorithm (gensim's variational Bayes for tomotopy's Gibbs
    sampling; scikit-learn's batch variational Bayes for gensim's online variational Bayes)."""
    return "scikit-learn" if chosen_engine == "gensim" else "gensim"


def cross_check_passes(reference: str, cross_check: Mapping[str, Any], lda_cfg: Mapping[str, Any]) -> int:
    """Passes of the second engine ``reference`` over its units: ``cross_check.gensim_passes`` for gensim,
    ``cross_check.max_iter`` for scikit-learn; either falls back to ``lda.passes`` when null."""
    key = "gensim_passes" if reference == "gensim" else "max_iter"
    return int(cross_check.get(key) or lda_cfg["passes"])


def cross_check_rows(n_units: int, max_units: int | None, *, random_state: int) -> np.ndarray:
    """The units the cross-check fits: all of them, or a seeded random sample of ``max_units`` (in order)."""
    if not max_units or max_units >= n_units:
        return np.arange(n_units)
    rng = np.random.default_rng(random_state)
    return np.sort(rng.choice(n_units, size=int(max_units), replace=False))
