"""Stage validation (``workflow/rules/validation.smk``): the coding tasks and page, and the scores of the answers."""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import validation
from .._lazy import lazy_module
from ..resources import read_themes
from ..tables import read_json, read_records, read_table, write_json, write_table
from .topics import chosen_model

if TYPE_CHECKING:
    import pandas as pd
else:
    pd = lazy_module("pandas")  # imported on first use (see orgtopics._lazy)

log = logging.getLogger("orgtopics")


def validation_tasks(
    units: str,
    model_corpus: str,
    k_selection: str,
    fits: Mapping[int, str],
    topic_labels: str,
    themes_file: str,
    out: Mapping[str, str],
    *,
    corpus_name: str,
    lam: float,
    settings: Mapping[str, Any],
    answers_dir: str,
) -> None:
    """The coding items of the chosen model and the corpus's themes (:func:`orgtopics.validation.coding_tasks`).

    Writes ``out["tasks"]`` (``task_set`` and ``items``: what coders see), ``out["key"]`` (the answer key, never
    shown to coders) and ``out["page"]`` (``coding.html``, which tells coders to save their answers in
    ``answers_dir``).
    """
    c, fit = chosen_model(model_corpus, k_selection, fits)
    labels = read_table(topic_labels).sort_values("topic")["label"].tolist()
    items, key = validation.coding_tasks(
        phi=fit.phi,
        term_freq=c.term_counts(),
        terms=c.vocabulary.terms,
        theta=fit.theta,
        units=read_records(units),
        labels=labels,
        themes=read_themes(themes_file),
        lam=lam,
        settings=validation.ValidationSettings.from_config(settings),
    )
    task_set = validation.task_set_id(items)
    counts = key["task"].value_counts()
    log.info("task set %s: %s", task_set, ", ".join(f"{counts.get(t, 0)} {t}" for t in validation.TASKS))
    write_json({"task_set": task_set, "items": items}, out["tasks"])
    write_table(key, out["key"])
    page = validation.render_coding_page(items, task_set=task_set, corpus=corpus_name, answers_dir=answers_dir)
    Path(out["page"]).write_text(page, encoding="utf-8")


def validation_scores(tasks: str, key: str, answers: Sequence[str], out: Mapping[str, str], *, ci: float) -> None:
    """Scores of the coders' answer files (:func:`orgtopics.validation.read_answers`, then
    :func:`orgtopics.validation.score_answers`): ``out["scores"]`` and ``out["coders"]`` (what became of each
    file). With no answer file both have their columns and no rows."""
    data = read_json(tasks)
    answered, coders = validation.read_answers(answers, data["items"], data["task_set"])
    for row in coders.itertuples():
        log.info("%s: %s, %d of %d items answered", row.file, row.status, row.items_answered, row.n_items)
    scores = validation.score_answers(answered, pd.read_csv(key, dtype=str, keep_default_na=False), ci=ci)
    write_table(scores, out["scores"])
    write_table(coders, out["coders"])
