"""pandas, imported when it is first used.

Every Snakemake job is a fresh interpreter that imports this library, and importing pandas takes about a
quarter of a second. The model fits (K sweep and seed refits) and the provenance never use it, so the modules
that do bind ``pd = lazy_module("pandas")`` instead of ``import pandas as pd``: pandas is imported on the first
attribute access (``pd.DataFrame``), in the jobs that need it, and not at all in the others.

A plain ``import pandas`` anywhere loads it at once (the import statement reads the module's ``__spec__``), so
the library's own modules must not use one at top level. pyarrow imports pandas for any conversion
(``pa.array`` on a list included), so every job that reads or writes Parquet loads it anyway.
"""

from __future__ import annotations

import importlib.util
import sys
from types import ModuleType


def lazy_module(name: str) -> ModuleType:
    """The module ``name``, its code run on first attribute access (:class:`importlib.util.LazyLoader`).

    Returns the module itself when it is already imported. A missing module still raises
    :class:`ModuleNotFoundError` here, not at first use.
    """
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.find_spec(name)
    if spec is None or spec.loader is None:
        raise ModuleNotFoundError(f"No module named {name!r}", name=name)
    loader = importlib.util.LazyLoader(spec.loader)
    spec.loader = loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    loader.exec_module(module)
    return module
