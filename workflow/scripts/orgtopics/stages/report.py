"""Stage report (``workflow/rules/report.smk``): provenance, the HTML report, the topic explorer and the PDF."""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .._lazy import lazy_module
from ..provenance import provenance_record
from ..resources import read_themes, read_themes_title
from ..tables import read_table, write_json
from .topics import chosen_model

if TYPE_CHECKING:
    import pandas as pd
else:
    pd = lazy_module("pandas")  # imported on first use (see orgtopics._lazy)

log = logging.getLogger("orgtopics")


def provenance(
    inputs: Sequence[str],
    resources: Mapping[str, str],
    config: Mapping[str, Any],
    out_json: str,
    *,
    corpus_name: str,
    command: str,
    engines: Mapping[str, Any] | None = None,
    document_hashes: Mapping[str, str] | None = None,
) -> None:
    """``provenance.json``: :func:`orgtopics.provenance.provenance_record` of the run."""
    write_json(
        provenance_record(
            config,
            corpus_name=corpus_name,
            command=command,
            inputs=inputs,
            resources=resources,
            engines=engines,
            document_hashes=document_hashes,
        ),
        out_json,
    )


def report(
    tables: Mapping[str, str],
    figs: Mapping[str, str],
    provenance: str,
    themes_file: str,
    out_html: str,
    *,
    corpus_name: str,
    lam: float,
    top_terms: int,
    cut_year: int,
    answers_dir: str = "validation",
    settings_file: str = "",
) -> None:
    from ..report import build_context, render_report

    ctx = build_context(
        tables,
        figs,
        provenance,
        read_themes(themes_file),
        title=read_themes_title(themes_file),
        corpus=corpus_name,
        lam=lam,
        top_terms=top_terms,
        cut_year=cut_year,
        answers_dir=answers_dir,
        settings_file=settings_file,
    )
    Path(out_html).parent.mkdir(parents=True, exist_ok=True)
    Path(out_html).write_text(render_report(ctx), encoding="utf-8")


def explorer(
    model_corpus: str,
    k_selection: str,
    fits: Mapping[int, str],
    topic_share: str,
    topic_labels: str,
    out_html: str,
    *,
    corpus_name: str,
    lam: float,
) -> None:
    """The standalone topic explorer of the chosen model."""
    from ..explorer import explorer_data, render_explorer
    from ..report import font_face_css

    c, fit = chosen_model(model_corpus, k_selection, fits)
    labels = read_table(topic_labels).sort_values("topic")["label"].tolist()
    data = explorer_data(fit.phi, c.vocabulary.terms, c.term_counts(), read_table(topic_share), labels, lam=lam)
    page = render_explorer(data, corpus=corpus_name)
    page = render_explorer(data, corpus=corpus_name, font_css=font_face_css(page))
    Path(out_html).parent.mkdir(parents=True, exist_ok=True)
    Path(out_html).write_text(page, encoding="utf-8")


def pdf(html: str, out_pdf: str) -> None:
    """The report printed to PDF by headless Chromium."""
    from ..browser import print_pdf

    print_pdf(html, out_pdf)
