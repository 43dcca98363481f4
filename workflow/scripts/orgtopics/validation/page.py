"""The coding page: one self-contained HTML file a coder answers offline."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from .scores import ANSWER_COLUMNS
from .tasks import TASKS


def render_coding_page(
    items: Sequence[Mapping[str, Any]], *, task_set: str, corpus: str, answers_dir: str, embed_font: bool = True
) -> str:
    """``coding.html``: one self-contained page (items embedded as JSON, the CJK font subset embedded, no
    network) that shows one item at a time, answers from the keyboard, keeps the answers in the browser's local
    storage under the task set, and exports them as a CSV of
    :data:`orgtopics.validation.scores.ANSWER_COLUMNS`."""
    from jinja2 import Environment, PackageLoader, select_autoescape

    from ..report import font_face_css

    env = Environment(loader=PackageLoader("orgtopics", "templates"), autoescape=select_autoescape(["html", "j2"]))
    data = {"task_set": task_set, "items": list(items), "columns": ANSWER_COLUMNS}
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
