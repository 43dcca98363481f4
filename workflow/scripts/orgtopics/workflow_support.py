"""Helpers the Snakefiles call while the DAG is built (corpus resolution and validation)."""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path
from typing import Any, Mapping

from .corpus import load_corpus
from .errors import CorpusError


def resolve_corpora(config: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    """The corpora to run: ``corpus_path`` from the command line, or every entry of ``corpora:``.

    ``--config corpus_path=path/to/folder`` runs that folder alone, named after it.
    """
    one = config.get("corpus_path")
    if one:
        p = Path(str(one)).expanduser()
        name = p.resolve().name
        return {name: {"path": str(p), "encoding": config.get("corpus_encoding")}}
    return {name: dict(v) for name, v in (config.get("corpora") or {}).items()}


def check_corpora(corpora: Mapping[str, Mapping[str, Any]]) -> None:
    """Validate every corpus before any job runs; on problems print them all and exit(1).

    Exiting here, while Snakemake is still building the DAG, guarantees that nothing under
    ``results/`` is touched by a run on bad input.
    """
    errors = []
    for name, c in corpora.items():
        try:
            load_corpus(c["path"], encoding=c.get("encoding"), name=name)
        except CorpusError as e:
            errors.append(str(e))
    if errors:
        print("\n".join(errors), file=sys.stderr)
        print("Nothing was run and nothing under results/ was changed.", file=sys.stderr)
        sys.exit(1)


def library_hash(folder: str | Path) -> str:
    """A short hash of the library's source, passed as a rule parameter so that Snakemake reruns
    jobs when the library they import changes (it only tracks the script file itself)."""
    files = sorted(p for p in Path(folder).rglob("*") if p.is_file() and p.suffix in (".py", ".j2"))
    if not files:
        raise FileNotFoundError(f"no library source under {folder}")
    h = hashlib.sha256()
    for p in files:
        h.update(p.relative_to(folder).as_posix().encode())
        h.update(p.read_bytes())
    return h.hexdigest()[:12]
