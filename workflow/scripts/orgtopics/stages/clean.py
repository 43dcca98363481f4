"""Stage clean (rules in ``workflow/rules/clean.smk``): clean the documents shard by shard, gather them,
and list what intake skipped."""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from .. import clean
from .._lazy import lazy_module
from ..tables import read_records, read_table, write_records, write_table

if TYPE_CHECKING:
    import pandas as pd
else:
    pd = lazy_module("pandas")  # imported on first use (see orgtopics._lazy)

log = logging.getLogger("orgtopics")


def clean_shard(
    corpus: Mapping[str, Any],
    docs: Sequence[Mapping[str, Any]],
    out_cleaned: str,
    out_log: str,
    *,
    clean_cfg: Mapping[str, Any] | None,
) -> None:
    """Clean the documents of one shard.

    Parameters
    ----------
    corpus : mapping
        The corpus settings (:meth:`orgtopics.corpus.CorpusSettings.to_dict`).
    docs : sequence of mapping
        The shard's scanned documents (``Document`` fields without text).

    Writes ``out_cleaned`` (Parquet: one row per document with metadata, cleaned paragraphs and
    cleaning statistics) and ``out_log`` (every removed line with its rule).
    """
    from ..corpus import CorpusSettings, read_document_text  # the parameter ``corpus`` shadows the module

    settings = CorpusSettings.from_dict(corpus)
    rules = settings.clean_rules(clean_cfg)
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
        records.append(
            {
                "doc_id": d["id"],
                "file": d["file"] or "",
                "year": key,
                **meta,
                "encoding": d["encoding"],
                "sha256": d["sha256"],
                "shard": d.get("shard", 0),
                "text": res.text,
                "paragraphs": res.paragraphs,
                **stats,
            }
        )
        removed += [{"doc_id": d["id"], "line": r.line_no, "rule": r.rule, "text": r.text} for r in res.removed]
    write_records(records, out_cleaned, columns=["doc_id", "file", "year", "text", "paragraphs"])
    write_table(pd.DataFrame(removed, columns=["doc_id", "line", "rule", "text"]), out_log)
    log.info("cleaned %d documents, removed %d lines", len(records), len(removed))


def gather_clean(shards: Sequence[str], logs: Sequence[str], out_cleaned: str, out_log: str) -> None:
    """Concatenate the cleaned shards (documents ordered by year and id) and their cleaning logs."""
    frames = [read_records(p) for p in shards]
    df = pd.concat([f for f in frames if len(f)], ignore_index=True).sort_values(["year", "doc_id"])
    write_records(df.to_dict("records"), out_cleaned)
    logs_df = pd.concat([read_table(p) for p in logs], ignore_index=True)
    order = {d: i for i, d in enumerate(df["doc_id"])}
    if len(logs_df):
        logs_df = (
            logs_df.assign(_o=logs_df["doc_id"].astype(str).map(order)).sort_values(["_o", "line"]).drop(columns="_o")
        )
    write_table(logs_df, out_log)


def input_report(
    skipped: Sequence[Mapping[str, str]], warnings: Sequence[str], out_skipped: str, out_near: str
) -> None:
    """Tables of the documents skipped at validation and of near-duplicate warnings."""
    write_table(pd.DataFrame(list(skipped), columns=["where", "problem", "fix"]), out_skipped)
    write_table(pd.DataFrame({"warning": list(warnings)}), out_near)
