"""The workflow's stages: one module per rule file of ``workflow/rules/``, one function per rule.

Rule ``x`` in ``workflow/rules/<stage>.smk`` runs the adapter ``workflow/scripts/x.py``, which calls
``orgtopics.stages.<stage>.x``. These functions read their inputs from paths, call the library, and write
their outputs; they take plain values (paths, sections of the config), so they run the same from Snakemake,
a notebook or a test. Data flow: clean → segment → units → features → topics → evidence → figures → report.
"""

from __future__ import annotations

import logging
import os


def setup_logging(path: str | None) -> None:
    """Send library logging to a Snakemake log file (or to stderr when ``path`` is None)."""
    handler: logging.Handler = (
        logging.FileHandler(path, mode="w", encoding="utf-8") if path else logging.StreamHandler()
    )
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(logging.INFO)
    os.environ.setdefault("PYTHONHASHSEED", "0")
