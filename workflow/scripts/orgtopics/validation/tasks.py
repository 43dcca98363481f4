"""The coding tasks of a run: word intrusion, topic intrusion, topic labels and dictionary hits, and their key."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from .._lazy import lazy_module
from ..resources import Theme

if TYPE_CHECKING:
    import pandas as pd
else:
    pd = lazy_module("pandas")  # imported on first use (see orgtopics._lazy)

#: The tasks in the order the coding page shows them.
TASKS = ("word", "topic", "label", "dictionary")
#: The first letter of an item's id on the page, by task (the rest is its place within the task).
ITEM_PREFIX = {"word": "W", "topic": "P", "label": "L", "dictionary": "D"}
#: The answers a label or dictionary item accepts (word and topic items: one of the item's options).
FIXED_OPTIONS = {"label": ["yes", "partly", "no"], "dictionary": ["yes", "no"]}
#: Columns of an answer file, as the coding page exports them.
KEY_COLUMNS = ["item", "task", "target", "target_label", "correct", "term", "option_theta"]


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


def _relevance_order(relevance: np.ndarray) -> np.ndarray:
    """Term indices of each topic, most relevant first (ties by index: stable)."""
    return np.argsort(-relevance, axis=1, kind="stable")


def word_intrusion(
    relevance: np.ndarray, terms: Sequence[str], labels: Sequence[str], s: ValidationSettings, rng: np.random.Generator
) -> tuple[list[dict], list[dict]]:
    """Word-intrusion items: ``s.word_terms`` of a topic's most relevant terms (as the report ranks them) and an
    intruder among another topic's ten most relevant terms that ranks in the lower half of this topic's terms.

    The first item of a topic shows its terms ranked 1 to ``word_terms``, the second the next ``word_terms``, and so
    on: items of one topic share no term, so a coder cannot find an intruder by comparing two items (with shared
    terms the intruder would be the one word the items do not have in common)."""
    order = _relevance_order(relevance)
    rank = np.empty_like(order)
    rank[np.arange(order.shape[0])[:, None], order] = np.arange(order.shape[1])
    k, n_terms = order.shape
    items, key = [], []
    w = s.word_terms
    for t in range(k):
        pool = [(int(o), int(i)) for o in range(k) if o != t for i in order[o, :10] if rank[t, i] >= n_terms // 2]
        pool = list(dict.fromkeys(pool))  # a term may lead several topics: keep its first owner
        seen: set[int] = set()
        for n in range(s.word_per_topic):
            shown = [int(i) for i in order[t, n * w : (n + 1) * w]]
            if len(shown) < w:
                break
            left = [p for p in pool if p[1] not in seen and p[1] not in shown]
            if not left:
                break
            owner, intruder = left[int(rng.integers(len(left)))]
            seen.add(intruder)
            options = [terms[i] for i in (*shown, intruder)]
            rng.shuffle(options)
            items.append({"task": "word", "options": options})
            key.append(
                {
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
    from each main topic: paragraphs of at least 10 model tokens whose least shown topic holds at least twice the
    share of any topic not shown (fewer items when fewer paragraphs qualify)."""
    k = theta.shape[1]
    shown_n = min(s.topic_shown, k - 1)
    if shown_n < 1:
        return [], []
    main = theta.argmax(1)
    ranked = -np.sort(-theta, axis=1)
    # a paragraph with something to read whose shown topics stand out: the least of them holds at least twice the
    # share of any topic left out, so the intruder is clearly improbable (with few topics, a nearly single-topic
    # paragraph would otherwise ask coders to tell 0.5 % from 0.6 %)
    eligible = np.flatnonzero((n_tokens >= 10) & (ranked[:, shown_n - 1] >= 2 * ranked[:, shown_n]))
    by_topic = {t: list(rng.permutation(eligible[main[eligible] == t])) for t in range(k)}
    chosen: list[int] = []
    while len(chosen) < s.topic_items and any(by_topic.values()):
        for t in range(k):
            if by_topic[t] and len(chosen) < s.topic_items:
                chosen.append(int(by_topic[t].pop()))
    items, key = [], []
    for u in chosen:
        order = np.argsort(-theta[u], kind="stable")
        top, rest = [int(j) for j in order[:shown_n]], [int(j) for j in order[shown_n:]]
        low = rest[len(rest) // 2 :] if len(rest) > 1 else rest  # the less probable half of the rest
        intruder = low[int(rng.integers(len(low)))]
        shown = [*top, intruder]
        rng.shuffle(shown)
        options = [{"value": str(j), "label": labels[j], "terms": list(top_terms[j][: s.word_terms])} for j in shown]
        items.append({"task": "topic", "text": texts[u], "options": options})
        key.append(
            {
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
        items.append({"task": "label", "label": labels[t], "terms": list(top_terms[t][:10]), "passages": passages})
        key.append(
            {
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
    hits: dict[str, list[tuple[int, int]]] = {t: [] for th in themes for t in th.seeds}  # (unit, occurrence)
    for u, toks in enumerate(tokens):  # one pass over the corpus for every theme
        seen: dict[str, int] = {}
        for tok in toks:
            if tok in hits:
                hits[tok].append((u, seen.get(tok, 0)))
                seen[tok] = seen.get(tok, 0) + 1
    for th in themes:
        seeds = list(th.seeds)
        counts = np.array([len(hits[t]) for t in seeds])
        if not counts.sum():
            continue
        for term, m in zip(seeds, _allocate(counts, s.dictionary_per_theme)):
            for j in sorted(rng.choice(len(hits[term]), size=int(m), replace=False)) if m else []:
                u, occurrence = hits[term][int(j)]
                text = texts[u]
                starts = [i for i in range(len(text)) if text.startswith(term, i)]
                if not starts:
                    continue
                at = starts[min(occurrence, len(starts) - 1)]
                items.append(
                    {
                        "task": "dictionary",
                        "theme": f"{th.zh} ({th.en})",
                        "term": term,
                        "left": text[max(0, at - s.context) : at].replace("\n", " "),
                        "right": text[at + len(term) : at + len(term) + s.context].replace("\n", " "),
                    }
                )
                key.append(
                    {
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
    from ..topics import term_scores

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
    for task, (its, ks) in zip(TASKS, parts):
        perm = rng.permutation(len(its))
        for n, i in enumerate(perm, start=1):
            # the id a coder sees is the item's place on the page: it names no topic, theme or term
            item = f"{ITEM_PREFIX[task]}{n:03d}"
            items.append({"item": item, **its[i]})
            key.append({"item": item, **ks[i]})
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
