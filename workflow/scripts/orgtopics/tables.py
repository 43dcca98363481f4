"""Deterministic table and interim-file I/O.

Every table is written the same way (UTF-8, ``\\n`` line ends, floats with six decimals, no index)
so that the same input, config and seed give byte-identical files.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ._lazy import lazy_module

if TYPE_CHECKING:
    import pandas as pd
else:
    pd = lazy_module("pandas")  # imported on first use (see _lazy)

FLOAT_FORMAT = "%.6f"


def write_table(df: pd.DataFrame, path: str | Path) -> None:
    """Write ``df`` as CSV, creating the parent folder."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    df.to_csv(path, index=False, float_format=FLOAT_FORMAT, lineterminator="\n", encoding="utf-8")


def read_table(path: str | Path) -> pd.DataFrame:
    """Read a table written by :func:`write_table` (ids stay strings)."""
    return pd.read_csv(
        path,
        dtype={"doc_id": str, "other_doc_id": str, "unit_id": str, "id": str},
        keep_default_na=False,
        na_values=[""],
    )


def write_json(obj: Any, path: str | Path) -> None:
    """Write JSON with sorted keys and a trailing newline."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(obj, ensure_ascii=False, indent=2, sort_keys=True, default=str) + "\n", encoding="utf-8")


def read_json(path: str | Path) -> Any:
    """Read JSON."""
    return json.loads(Path(path).read_text(encoding="utf-8"))


def write_records(records: list[dict[str, Any]], path: str | Path, *, columns: list[str] | None = None) -> None:
    """Write interim records as Parquet (lists of tokens are kept as list columns).

    ``columns`` names the columns an empty shard must still have.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    df = pd.DataFrame.from_records(records)
    if df.empty and columns:
        df = pd.DataFrame({c: pd.Series(dtype=object) for c in columns})
    df.to_parquet(path, index=False)


def read_records(path: str | Path) -> pd.DataFrame:
    """Read interim records written by :func:`write_records`."""
    df = pd.read_parquet(path)
    for col in ("tokens", "paragraphs", "words", "flags"):
        if col in df.columns:
            df[col] = df[col].map(list)
    return df
