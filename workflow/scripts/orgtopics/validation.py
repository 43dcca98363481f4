"""Human validation of the topics and the dictionary: the coding tasks, and the scores of the coders' answers.

Four tasks, as in R's oolong (Chan & Sältzer 2020) and the studies it follows:

- *word intrusion* (Chang et al. 2009, "Reading tea leaves"): a topic's top terms and one intruder, a term of
  another topic's top terms that is improbable in this one; a coherent topic lets a coder spot the intruder;
- *topic intrusion* (ibid.): a paragraph with its most probable topics and one improbable topic; a model whose
  shares fit the text lets a coder spot the improbable one (scored by accuracy and by Chang's topic log odds);
- *label validation* (Ying, Montgomery & Stewart 2022): does the name the report gives a topic fit its terms and
  its most typical passages (yes, partly, no);
- *dictionary precision*: a stratified sample of the seed terms' hits in context, each judged about its theme or
  not.

Tasks are drawn once per run with their own seed (same model and config: the same tasks, byte for byte); the
answer key is kept apart from what a coder sees. Answers are CSV files exported by the coding page, one per
coder; :func:`read_answers` checks every row against the tasks and :func:`score_answers` turns them into
``validation_scores.csv``.
"""

from __future__ import annotations

import csv
import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import numpy as np

from ._lazy import lazy_module
from .errors import OrgtopicsError, Problem
from .resources import Theme

if TYPE_CHECKING:
    import pandas as pd
else:
    pd = lazy_module("pandas")  # imported on first use (see _lazy)

#: The tasks in the order the coding page shows them.
TASKS = ("word", "topic", "label", "dictionary")
#: The answers a label or dictionary item accepts (word and topic items: one of the item's options).
FIXED_OPTIONS = {"label": ["yes", "partly", "no"], "dictionary": ["yes", "no"]}
#: Columns of an answer file, as the coding page exports them.
ANSWER_COLUMNS = ["task_set", "coder", "item", "task", "answer", "answered_at", "seconds"]
KEY_COLUMNS = ["item", "task", "target", "target_label", "correct", "term", "option_theta"]
SCORE_COLUMNS = [
    "task",
    "target",
    "label",
    "measure",
    "value",
    "ci_low",
    "ci_high",
    "n_items",
    "n_answers",
    "n_coders",
    "note",
]
CODER_COLUMNS = ["file", "coder", "rows", "items_answered", "n_items", "status"]
#: Level of measurement of each task's answers, for Krippendorff's alpha.
LEVEL: dict[str, Literal["nominal", "ordinal"]] = {
    "word": "nominal",
    "topic": "nominal",
    "label": "ordinal",
    "dictionary": "nominal",
}
LABEL_SCORE = {"yes": 1.0, "partly": 0.5, "no": 0.0}


@dataclass(frozen=True)
class ValidationSettings:
    """How many items of each task to draw (the config's ``validation`` section).

    Attributes
    ----------
    word_terms : int
        Top terms shown with each intruder (Chang et al.: 5).
    word_per_topic : int
        Word-intrusion items per topic (each with another intruder).
    topic_items : int
        Topic-intrusion items (paragraphs), spread over the paragraphs' main topics.
    topic_shown : int
        Most probable topics shown with the intruder (Chang et al.: 3; fewer when K is small).
    label_passages : int
        Typical passages shown with each label.
    dictionary_per_theme : int
        Dictionary hits judged per theme, allocated to its seed terms in proportion to their hits.
    context : int
        Characters shown on each side of a dictionary hit.
    random_state : int
    """

    word_terms: int = 5
    word_per_topic: int = 2
    topic_items: int = 20
    topic_shown: int = 3
    label_passages: int = 3
    dictionary_per_theme: int = 20
    context: int = 40
    random_state: int = 0

    @classmethod
    def from_config(cls, cfg: Mapping[str, Any]) -> ValidationSettings:
        return cls(**{k: cfg[k] for k in cls.__dataclass_fields__ if k in cfg})


# ---------------------------------------------------------------------------------------------------------------
# Tasks


def _relevance_order(relevance: np.ndarray) -> np.ndarray:
    """Term indices of each topic, most relevant first (ties by index: stable)."""
    return np.argsort(-relevance, axis=1, kind="stable")


def word_intrusion(
    relevance: np.ndarray, terms: Sequence[str], labels: Sequence[str], s: ValidationSettings, rng: np.random.Generator
) -> tuple[list[dict], list[dict]]:
    """Word-intrusion items: each topic's ``s.word_terms`` most relevant terms (as the report shows them) and an
    intruder among another topic's ten most relevant terms that ranks in the lower half of this topic's terms."""
    order = _relevance_order(relevance)
    rank = np.empty_like(order)
    rank[np.arange(order.shape[0])[:, None], order] = np.arange(order.shape[1])
    k, n_terms = order.shape
    items, key = [], []
    for t in range(k):
        shown = [int(i) for i in order[t, : s.word_terms]]
        pool = [
            (int(o), int(i))
            for o in range(k)
            if o != t
            for i in order[o, :10]
            if rank[t, i] >= n_terms // 2 and int(i) not in shown
        ]
        pool = list(dict.fromkeys(pool))  # a term may lead several topics: keep its first owner
        seen: set[int] = set()
        for n in range(s.word_per_topic):
            left = [p for p in pool if p[1] not in seen]
            if not left:
                break
            owner, intruder = left[int(rng.integers(len(left)))]
            seen.add(intruder)
            options = [terms[i] for i in (*shown, intruder)]
            rng.shuffle(options)
            item = f"W{t}-{n + 1}"
            items.append({"item": item, "task": "word", "options": options})
            key.append(
                {
                    "item": item,
                    "task": "word",
                    "target": t,
                    "target_label": labels[t],
                    "correct": terms[intruder],
                    "term": "",
                    "option_theta": "",
                }
            )
    return items, key


def topic_intrusion(
    theta: np.ndarray,
    texts: Sequence[str],
    n_tokens: np.ndarray,
    top_terms: Sequence[Sequence[str]],
    labels: Sequence[str],
    s: ValidationSettings,
    rng: np.random.Generator,
) -> tuple[list[dict], list[dict]]:
    """Topic-intrusion items: a paragraph, its ``s.topic_shown`` most probable topics and one intruder drawn from
    the less probable half of the rest, shown by label and terms in random order. Paragraphs are drawn in turn
    from each main topic (at least 10 model tokens each, so that there is something to read)."""
    k = theta.shape[1]
    shown_n = min(s.topic_shown, k - 1)
    if shown_n < 1:
        return [], []
    main = theta.argmax(1)
    eligible = np.flatnonzero(n_tokens >= 10)
    by_topic = {t: list(rng.permutation(eligible[main[eligible] == t])) for t in range(k)}
    chosen: list[int] = []
    while len(chosen) < s.topic_items and any(by_topic.values()):
        for t in range(k):
            if by_topic[t] and len(chosen) < s.topic_items:
                chosen.append(int(by_topic[t].pop()))
    items, key = [], []
    for n, u in enumerate(chosen):
        order = np.argsort(-theta[u], kind="stable")
        top, rest = [int(j) for j in order[:shown_n]], [int(j) for j in order[shown_n:]]
        low = rest[len(rest) // 2 :] if len(rest) > 1 else rest  # the less probable half of the rest
        intruder = low[int(rng.integers(len(low)))]
        shown = [*top, intruder]
        rng.shuffle(shown)
        item = f"P{n + 1}"
        options = [{"value": str(j), "label": labels[j], "terms": list(top_terms[j][: s.word_terms])} for j in shown]
        items.append({"item": item, "task": "topic", "text": texts[u], "options": options})
        key.append(
            {
                "item": item,
                "task": "topic",
                "target": int(main[u]),
                "target_label": labels[int(main[u])],
                "correct": str(intruder),
                "term": "",
                "option_theta": json.dumps({str(j): float(f"{theta[u, j]:.6g}") for j in shown}),
            }
        )
    return items, key


def label_validation(
    theta: np.ndarray,
    texts: Sequence[str],
    top_terms: Sequence[Sequence[str]],
    labels: Sequence[str],
    s: ValidationSettings,
) -> tuple[list[dict], list[dict]]:
    """Label items: each topic's label, its ten most relevant terms and its ``s.label_passages`` paragraphs of
    highest share (cut at 200 characters)."""
    items, key = [], []
    for t in range(theta.shape[1]):
        best = np.argsort(-theta[:, t], kind="stable")[: s.label_passages]
        passages = [texts[i][:200] + ("…" if len(texts[i]) > 200 else "") for i in best]
        item = f"L{t}"
        items.append(
            {"item": item, "task": "label", "label": labels[t], "terms": list(top_terms[t][:10]), "passages": passages}
        )
        key.append(
            {
                "item": item,
                "task": "label",
                "target": t,
                "target_label": labels[t],
                "correct": "",
                "term": "",
                "option_theta": "",
            }
        )
    return items, key


def _allocate(counts: np.ndarray, n: int) -> np.ndarray:
    """``n`` items over strata in proportion to ``counts`` (largest remainder; never more than a stratum holds)."""
    n = min(n, int(counts.sum()))
    quota = counts / counts.sum() * n if counts.sum() else counts * 0.0
    out = np.minimum(np.floor(quota).astype(int), counts)
    for i in np.argsort(-(quota - np.floor(quota)), kind="stable"):
        if out.sum() >= n:
            break
        if out[i] < counts[i]:
            out[i] += 1
    while out.sum() < n:  # a stratum ran out: fill from the largest that has hits left
        i = int(np.argmax(counts - out))
        out[i] += 1
    return out


def dictionary_precision(
    tokens: Sequence[Sequence[str]], texts: Sequence[str], themes: Sequence[Theme], s: ValidationSettings, rng
) -> tuple[list[dict], list[dict]]:
    """Dictionary items: per theme, ``s.dictionary_per_theme`` of its seed terms' hits (tokens of the model units
    that are seed terms, as the dictionary counts them), allocated to the terms in proportion to their hits and
    drawn at random within each term, so the share judged "about the theme" estimates the theme's precision
    without weights. Each hit is shown in ``s.context`` characters of its paragraph."""
    items, key = [], []
    for th in themes:
        seeds = list(th.seeds)
        hits: dict[str, list[tuple[int, int]]] = {t: [] for t in seeds}
        for u, toks in enumerate(tokens):
            seen: dict[str, int] = {}
            for tok in toks:
                if tok in hits:
                    hits[tok].append((u, seen.get(tok, 0)))
                    seen[tok] = seen.get(tok, 0) + 1
        counts = np.array([len(hits[t]) for t in seeds])
        if not counts.sum():
            continue
        n = 0
        for term, m in zip(seeds, _allocate(counts, s.dictionary_per_theme)):
            for j in sorted(rng.choice(len(hits[term]), size=int(m), replace=False)) if m else []:
                u, occurrence = hits[term][int(j)]
                text = texts[u]
                starts = [i for i in range(len(text)) if text.startswith(term, i)]
                if not starts:
                    continue
                at = starts[min(occurrence, len(starts) - 1)]
                n += 1
                item = f"D-{th.id}-{n}"
                items.append(
                    {
                        "item": item,
                        "task": "dictionary",
                        "theme": f"{th.zh} ({th.en})",
                        "term": term,
                        "left": text[max(0, at - s.context) : at].replace("\n", " "),
                        "right": text[at + len(term) : at + len(term) + s.context].replace("\n", " "),
                    }
                )
                key.append(
                    {
                        "item": item,
                        "task": "dictionary",
                        "target": th.id,
                        "target_label": th.zh,
                        "correct": "",
                        "term": term,
                        "option_theta": "",
                    }
                )
    return items, key


def coding_tasks(
    *,
    phi: np.ndarray,
    term_freq: np.ndarray,
    terms: Sequence[str],
    theta: np.ndarray,
    units: pd.DataFrame,
    labels: Sequence[str],
    themes: Sequence[Theme],
    lam: float,
    settings: ValidationSettings,
) -> tuple[list[dict], pd.DataFrame]:
    """Every coding item of a run, and their answer key.

    Parameters
    ----------
    phi : ndarray, shape (n_topics, n_terms)
    term_freq : ndarray, shape (n_terms,)
    terms : sequence of str, length n_terms
    theta : ndarray, shape (n_units, n_topics)
        Topic shares of the model units (rows of ``units``).
    units : DataFrame
        ``text, tokens, n_tokens`` of the model units.
    labels : sequence of str, length n_topics
    themes : sequence of Theme
    lam : float
        Relevance weight: terms are ranked as the report ranks them.
    settings : ValidationSettings

    Returns
    -------
    items : list of dict
        What the coding page shows: ``item``, ``task`` and the task's fields, never the answer; in page order
        (tasks in :data:`TASKS` order, items shuffled within a task).
    key : DataFrame
        ``item, task, target, target_label, correct, term, option_theta``: ``target`` is the topic (word, label),
        the paragraph's main topic (topic) or the theme (dictionary); ``correct`` the intruder; ``option_theta``
        the paragraph's share of each topic shown (topic log odds).
    """
    from .topics import term_scores

    rng = np.random.default_rng(settings.random_state)
    relevance = term_scores(phi, term_freq, lam=lam)["relevance"]
    order = _relevance_order(relevance)
    top_terms = [[terms[i] for i in order[t, :10]] for t in range(phi.shape[0])]
    texts = list(units["text"])
    parts = [
        word_intrusion(relevance, terms, labels, settings, rng),
        topic_intrusion(theta, texts, units["n_tokens"].to_numpy(), top_terms, labels, settings, rng),
        label_validation(theta, texts, top_terms, labels, settings),
        dictionary_precision(list(units["tokens"]), texts, themes, settings, rng),
    ]
    items: list[dict] = []
    key: list[dict] = []
    for its, ks in parts:
        perm = rng.permutation(len(its))
        items += [its[i] for i in perm]
        key += [ks[i] for i in perm]
    return items, pd.DataFrame(key, columns=KEY_COLUMNS)


def task_set_id(items: Sequence[Mapping[str, Any]]) -> str:
    """A short fingerprint of the items: answers name it, so answers to other tasks are never scored here."""
    blob = json.dumps(list(items), ensure_ascii=False, sort_keys=True).encode("utf-8")
    return hashlib.sha256(blob).hexdigest()[:12]


def options_of(item: Mapping[str, Any]) -> list[str]:
    """The answers an item accepts."""
    if item["task"] in FIXED_OPTIONS:
        return FIXED_OPTIONS[item["task"]]
    return [o["value"] if isinstance(o, dict) else o for o in item["options"]]


# ---------------------------------------------------------------------------------------------------------------
# Answers


def read_answers(
    paths: Sequence[str | Path], items: Sequence[Mapping[str, Any]], task_set: str
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Every coder's answers, checked row by row against the tasks.

    A file coded on other tasks (all its rows name another task set: the model or the config changed since) is
    not scored and is listed as such. Within a file for this task set, every row must name an item of it, its
    task and one of its answers, once per coder.

    Returns
    -------
    answers : DataFrame
        ``coder, item, task, answer, seconds, file``.
    coders : DataFrame
        ``file, coder, rows, items_answered, n_items, status``: one row per file (``status`` is ``scored`` or
        ``other task set <id>``).

    Raises
    ------
    OrgtopicsError
        Naming the file, the line and the fix for every bad row (all at once).
    """
    by_id = {it["item"]: it for it in items}
    problems: list[Problem] = []
    rows: list[dict] = []
    coders: list[dict] = []
    owner: dict[tuple[str, str], str] = {}
    for path in sorted(Path(p) for p in paths):
        where = path.name
        try:
            with path.open(encoding="utf-8-sig", newline="") as f:
                records = list(csv.reader(f))
        except (UnicodeDecodeError, csv.Error) as e:
            problems.append(
                Problem(
                    where,
                    f"not a readable UTF-8 CSV file ({e})",
                    "export the answers again from coding.html and save the file as it is downloaded",
                )
            )
            continue
        if not records:
            problems.append(Problem(where, "the file is empty", "export the answers again from coding.html"))
            continue
        header = [h.strip() for h in records[0]]
        missing = [c for c in ANSWER_COLUMNS if c not in header]
        if missing:
            problems.append(
                Problem(
                    f"{where} line 1",
                    f"columns {', '.join(missing)} are missing (the header is {', '.join(header)})",
                    "use the file coding.html exports, with its header",
                )
            )
            continue
        col = {c: header.index(c) for c in ANSWER_COLUMNS}
        body = [(n, r) for n, r in enumerate(records[1:], start=2) if any(x.strip() for x in r)]
        sets = {r[col["task_set"]] for _, r in body if len(r) > col["task_set"]}
        if sets and task_set not in sets and len(sets) == 1:
            coders.append(
                {
                    "file": where,
                    "coder": ";".join(sorted({r[col["coder"]] for _, r in body if len(r) > col["coder"]})),
                    "rows": len(body),
                    "items_answered": 0,
                    "n_items": len(items),
                    "status": f"other task set {sets.pop()}",
                }
            )
            continue
        mine: list[dict] = []
        for n, r in body:
            at = f"{where} line {n}"
            if len(r) != len(header):
                problems.append(
                    Problem(
                        at,
                        f"{len(r)} fields where the header has {len(header)} (the row was cut or edited)",
                        "export the answers again from coding.html",
                    )
                )
                continue
            v = {c: r[col[c]].strip() for c in ANSWER_COLUMNS}
            if v["task_set"] != task_set:
                problems.append(
                    Problem(
                        at,
                        f"task set {v['task_set']!r}, while the file's other rows and this run are {task_set!r}",
                        "do not mix answer files; export again",
                    )
                )
                continue
            it = by_id.get(v["item"])
            if it is None:
                problems.append(
                    Problem(
                        at,
                        f"item {v['item']!r} is not one of this task set's items",
                        "export the answers again from coding.html",
                    )
                )
                continue
            if v["task"] != it["task"]:
                problems.append(
                    Problem(
                        at,
                        f"item {v['item']} is a {it['task']} item, not {v['task']!r}",
                        "export the answers again from coding.html",
                    )
                )
                continue
            if v["answer"] not in options_of(it):
                problems.append(
                    Problem(
                        at,
                        f"answer {v['answer']!r} is not one of item {v['item']}'s answers "
                        f"({', '.join(options_of(it))})",
                        "answer the item in coding.html",
                    )
                )
                continue
            if not v["coder"]:
                problems.append(Problem(at, "no coder id", "enter your coder id in coding.html and export again"))
                continue
            first = owner.setdefault((v["coder"], v["item"]), at)
            if first != at:
                problems.append(
                    Problem(
                        at,
                        f"coder {v['coder']!r} answered item {v['item']} already ({first})",
                        "keep one answer file per coder",
                    )
                )
                continue
            try:
                seconds = float(v["seconds"]) if v["seconds"] else float("nan")
            except ValueError:
                problems.append(Problem(at, f"seconds {v['seconds']!r} is not a number", "export again"))
                continue
            mine.append(
                {
                    "coder": v["coder"],
                    "item": v["item"],
                    "task": v["task"],
                    "answer": v["answer"],
                    "seconds": seconds,
                    "file": where,
                }
            )
        rows += mine
        coders.append(
            {
                "file": where,
                "coder": ";".join(sorted({m["coder"] for m in mine})),
                "rows": len(body),
                "items_answered": len(mine),
                "n_items": len(items),
                "status": "scored",
            }
        )
    if problems:
        lines = [f"{len(problems)} problem(s) in the validation answers:", *(f"  - {p}" for p in problems[:30])]
        if len(problems) > 30:
            lines.append(f"  - … and {len(problems) - 30} more")
        raise OrgtopicsError("\n".join(lines))
    return (
        pd.DataFrame(rows, columns=["coder", "item", "task", "answer", "seconds", "file"]),
        pd.DataFrame(coders, columns=CODER_COLUMNS),
    )


# ---------------------------------------------------------------------------------------------------------------
# Scores


def binomial_interval(k: int, n: int, *, ci: float) -> tuple[float, float]:
    """Clopper–Pearson (exact) interval of a proportion ``k / n`` (NaN when ``n`` is 0)."""
    if n == 0:
        return float("nan"), float("nan")
    from scipy.stats import binomtest

    iv = binomtest(int(k), int(n)).proportion_ci(confidence_level=ci, method="exact")
    return float(iv.low), float(iv.high)


def wilson_interval(p: float, n: int, *, ci: float) -> tuple[float, float]:
    """Wilson score interval of a proportion ``p`` estimated from ``n`` draws (NaN when ``n`` is 0). Unlike the
    exact interval it takes a fractional ``p``: the mean of items judged by several coders."""
    if n == 0:
        return float("nan"), float("nan")
    from scipy.stats import norm

    z = float(norm.ppf(0.5 + ci / 2))
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z / (1 + z * z / n) * np.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return float(max(0.0, centre - half)), float(min(1.0, centre + half))


def agreement(answers: pd.DataFrame, task: str) -> tuple[float, str]:
    """Krippendorff's alpha (the ``krippendorff`` package) of a task's answers over the items that two or more
    coders answered, and a note where it is undefined; ordinal for labels (no < partly < yes), nominal
    otherwise."""
    import krippendorff

    a = answers[answers["task"] == task]
    shared = a.groupby("item")["coder"].nunique()
    shared = shared[shared >= 2].index
    a = a[a["item"].isin(shared)]
    coders = sorted(a["coder"].unique())
    if len(shared) == 0:
        return float("nan"), "no item was answered by two coders"
    if task == "label":
        codes = {"no": 0, "partly": 1, "yes": 2}
    else:
        codes = {v: i for i, v in enumerate(sorted(a["answer"].unique()))}
    items = sorted(shared)
    data = np.full((len(coders), len(items)), np.nan)
    ci, ii = {c: i for i, c in enumerate(coders)}, {it: j for j, it in enumerate(items)}
    for c, it, ans in a[["coder", "item", "answer"]].itertuples(index=False):
        data[ci[c], ii[it]] = codes[ans]
    if len(np.unique(data[~np.isnan(data)])) < 2:
        return float("nan"), "every coder gave the same answer to every item: alpha is undefined"
    return float(krippendorff.alpha(reliability_data=data, level_of_measurement=LEVEL[task])), ""


def score_answers(answers: pd.DataFrame, key: pd.DataFrame, *, ci: float = 0.95) -> pd.DataFrame:
    """The validation scores.

    Rows (``task, target, label, measure``):

    - ``word``, per topic and ``all``: ``model_precision``, the share of answers that picked the intruder
      (chance: one in the number of options), with a Clopper–Pearson interval over answers;
    - ``topic``, ``all`` and per main topic: ``accuracy`` (share of answers that picked the intruder, with an
      interval) and ``topic_log_odds`` (mean of log θ(intruder) − log θ(answer): 0 when right, more negative the
      more probable the topic a coder took for the intruder);
    - ``label``, per topic: ``label_fit`` (yes 1, partly ½, no 0, averaged) and ``label_yes`` (share yes, with an
      interval);
    - ``dictionary``, per theme and ``all``: ``precision``, the share of the sampled hits judged about the
      theme (a hit judged by several coders counts as the share of them who said yes), with a Wilson interval
      over hits: the hits are the sample of the theme's occurrences, so their number, not the coders', sets the
      width;
    - ``agreement``, per task: ``krippendorff_alpha`` over the items two or more coders answered.

    Returns
    -------
    DataFrame
        :data:`SCORE_COLUMNS`; no rows without answers.
    """
    rows: list[dict] = []
    a = answers.merge(key.fillna("").astype(str), on=["item", "task"], how="inner")

    def add(task, target, label, measure, value, lo=float("nan"), hi=float("nan"), *, part, note=""):
        rows.append(
            {
                "task": task,
                "target": str(target),
                "label": label,
                "measure": measure,
                "value": value,
                "ci_low": lo,
                "ci_high": hi,
                "n_items": part["item"].nunique(),
                "n_answers": len(part),
                "n_coders": part["coder"].nunique(),
                "note": note,
            }
        )

    def proportion(task, target, label, measure, part, hit):
        k, n = int(hit.sum()), len(hit)
        add(task, target, label, measure, k / n, *binomial_interval(k, n, ci=ci), part=part)

    w = a[a["task"] == "word"]
    for (t, lab), part in w.groupby(["target", "target_label"], sort=True):
        proportion("word", t, lab, "model_precision", part, part["answer"] == part["correct"])
    if len(w):
        proportion("word", "all", "all topics", "model_precision", w, w["answer"] == w["correct"])

    p = a[a["task"] == "topic"]
    if len(p):
        theta = [json.loads(s) for s in p["option_theta"]]
        tlo = np.array([np.log(th[c]) - np.log(th[ans]) for th, c, ans in zip(theta, p["correct"], p["answer"])])
        p = p.assign(tlo=tlo, right=p["answer"] == p["correct"])
        proportion("topic", "all", "all paragraphs", "accuracy", p, p["right"])
        add("topic", "all", "all paragraphs", "topic_log_odds", float(p["tlo"].mean()), part=p)
        for (t, lab), part in p.groupby(["target", "target_label"], sort=True):
            proportion("topic", t, f"main topic {lab}", "accuracy", part, part["right"])
            add("topic", t, f"main topic {lab}", "topic_log_odds", float(part["tlo"].mean()), part=part)

    lab_ = a[a["task"] == "label"]
    for (t, lab), part in lab_.groupby(["target", "target_label"], sort=True):
        add("label", t, lab, "label_fit", float(part["answer"].map(LABEL_SCORE).mean()), part=part)
        proportion("label", t, lab, "label_yes", part, part["answer"] == "yes")

    d = a[a["task"] == "dictionary"]
    if len(d):
        yes = d.assign(y=(d["answer"] == "yes").astype(float)).groupby(["target", "target_label", "item"])["y"].mean()
        for (t, lab), share in [*yes.groupby(level=[0, 1], sort=True), (("all", "all themes"), yes)]:
            part = d if t == "all" else d[d["target"] == t]
            split = int(((share > 0) & (share < 1)).sum())
            note = (
                f"coders disagreed on {split} of {len(share)} hits (each counts as its share of yes)" if split else ""
            )
            add(
                "dictionary",
                t,
                lab,
                "precision",
                float(share.mean()),
                *wilson_interval(float(share.mean()), len(share), ci=ci),
                part=part,
                note=note,
            )

    for task in TASKS:
        part = a[a["task"] == task]
        if part["coder"].nunique() >= 2:
            alpha, note = agreement(part, task)
            shared = part.groupby("item")["coder"].transform("nunique") >= 2
            add("agreement", task, task, "krippendorff_alpha", alpha, part=part[shared], note=note)
    return pd.DataFrame(rows, columns=SCORE_COLUMNS)


# ---------------------------------------------------------------------------------------------------------------
# The coding page


def render_coding_page(
    items: Sequence[Mapping[str, Any]], *, task_set: str, corpus: str, answers_dir: str, embed_font: bool = True
) -> str:
    """``coding.html``: one self-contained page (items embedded as JSON, the CJK font subset embedded, no
    network) that shows one item at a time, answers from the keyboard, keeps the answers in the browser's local
    storage under the task set, and exports them as a CSV of :data:`ANSWER_COLUMNS`."""
    from jinja2 import Environment, PackageLoader, select_autoescape

    from .report import font_face_css

    env = Environment(loader=PackageLoader("orgtopics", "templates"), autoescape=select_autoescape(["html", "j2"]))
    data = {"task_set": task_set, "items": list(items)}
    payload = json.dumps(data, ensure_ascii=False, sort_keys=True).replace("</", "<\\/").replace("<!--", "<\\!--")
    names = {
        "word": "word intrusion",
        "topic": "topic intrusion",
        "label": "topic labels",
        "dictionary": "dictionary hits",
    }
    n = {t: sum(it["task"] == t for it in items) for t in TASKS}
    counts = ", ".join(f"{n[t]} {names[t]}" for t in TASKS if n[t])
    ctx = dict(corpus=corpus, task_set=task_set, n_items=len(items), counts=counts, answers_dir=answers_dir)
    template = env.get_template("coding.html.j2")
    page = template.render(font_css="", data_json=payload, **ctx)
    return template.render(font_css=font_face_css(page) if embed_font else "", data_json=payload, **ctx)
