"""The coders' answers: every row checked against the tasks, then scored."""

from __future__ import annotations

import csv
import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import numpy as np

from .._lazy import lazy_module
from ..errors import OrgtopicsError, Problem
from .tasks import TASKS, options_of

if TYPE_CHECKING:
    import pandas as pd
else:
    pd = lazy_module("pandas")  # imported on first use (see orgtopics._lazy)

ANSWER_COLUMNS = ["task_set", "coder", "item", "task", "answer", "answered_at", "seconds"]
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
