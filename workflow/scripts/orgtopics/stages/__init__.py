"""The workflow's stages: one module per rule file of ``workflow/rules/``, one function per rule.

Rule ``x`` in ``workflow/rules/<stage>.smk`` runs the adapter ``workflow/scripts/x.py``, which calls
``orgtopics.stages.<stage>.x``. These functions read their inputs from paths, call the library, and write
their outputs; they take plain values (paths, sections of the config), so they run the same from Snakemake,
a notebook or a test. Data flow: clean → segment → units → features → topics → evidence → figures → report.
"""

from __future__ import annotations

import logging
import os
import sys
from typing import NoReturn


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


def finish() -> NoReturn:
    """End a job's process once its outputs are written, without the interpreter's teardown.

    The last line of every adapter. Tearing down the modules a job imported costs more CPU than many a job's
    work: 0.08 s with pandas and pyarrow, 0.15 s with matplotlib as well (``python -c`` with and without
    ``os._exit``, benchmarks/RESULTS.md), some fifty times a run. The log is flushed and closed first. An
    exception never reaches this line, so a failed job still exits with Python's own status and traceback;
    where a job left worker processes running, it exits the usual way, which stops them.
    """
    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    mp = sys.modules.get("multiprocessing")
    if mp is not None and mp.active_children():
        sys.exit(0)
    os._exit(0)
