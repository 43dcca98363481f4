"""What a run depends on beyond its inputs: package versions, the git commit, the segmenter's dictionary, and
the provenance record that gathers them with the run's config and input hashes."""

from __future__ import annotations

import hashlib
import json
import platform
import subprocess
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import yaml

from . import __version__
from .corpus import sha256_file

PACKAGES = (
    "snakemake",
    "jieba",
    "rjieba",
    "gensim",
    "tomotopy",
    "scikit-learn",
    "scipy",
    "numpy",
    "pandas",
    "matplotlib",
    "fonttools",
    "mplfonts",
    "opencc",
    "stopwordsiso",
    "charset-normalizer",
    "pyarrow",
    "jinja2",
    "jsonschema",
    "pyyaml",
    "trafilatura",
    "python-docx",
    "pypdf",
    "openpyxl",
)


def git_commit(cwd: str | Path = ".") -> str:
    """The current git commit (``+dirty`` when the tree has changes), or ``unknown``."""
    try:
        sha = subprocess.run(
            ["git", "rev-parse", "HEAD"], cwd=cwd, capture_output=True, text=True, check=True
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"],
            cwd=cwd,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        return sha + ("+dirty" if dirty else "")
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def package_versions(names: Sequence[str] = PACKAGES) -> dict[str, str]:
    from importlib import metadata

    out = {"python": platform.python_version()}
    for n in names:
        try:
            out[n] = metadata.version(n)
        except metadata.PackageNotFoundError:
            out[n] = "not installed"
    return out


def segmenter_provenance() -> dict[str, str]:
    """What jieba's tokens depend on beyond the config: its main dictionary (by hash) and where its prefix
    cache lives (a private directory, see :func:`orgtopics.segment.private_cache_dir`)."""
    import importlib.util

    spec = importlib.util.find_spec("jieba")
    main = Path(spec.origin).parent / "dict.txt" if spec and spec.origin else None
    return {
        "jieba_dictionary_sha256": sha256_file(main) if main and main.is_file() else "missing",
        "jieba_cache": (
            "private per-user directory ($TMPDIR/orgtopics-<uid>/jieba, mode 0700); never $TMPDIR/jieba.cache"
        ),
    }


def provenance_record(
    config: Mapping[str, Any],
    *,
    corpus_name: str,
    command: str,
    inputs: Sequence[str],
    resources: Mapping[str, str],
    engines: Mapping[str, Any] | None = None,
    document_hashes: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """The provenance of one corpus's run.

    Versions, the config the corpus ran with (engines resolved; and its hash), why its engines were chosen
    (:func:`orgtopics.workflow_support.run_config`), seeds, the sha256 of every input (the files in
    ``inputs``, and the documents' hashes from the start-up scan, ``document_hashes``) and of every resource.
    """
    cfg_yaml = yaml.safe_dump(json.loads(json.dumps(config, default=str)), allow_unicode=True, sort_keys=True)
    return {
        "corpus": corpus_name,
        "orgtopics_version": __version__,
        "git_commit": git_commit(Path(__file__).resolve().parent),
        "command": command,
        "versions": package_versions(),
        "config": config,
        "config_yaml": cfg_yaml,
        "config_sha256": hashlib.sha256(cfg_yaml.encode("utf-8")).hexdigest(),
        "seeds": {"bootstrap": config["bootstrap"]["random_state"], "lda": config["lda"]["random_state"]},
        "inputs": dict(sorted({**{str(p): sha256_file(p) for p in inputs}, **dict(document_hashes or {})}.items())),
        "resources": {k: {"path": v, "sha256": sha256_file(v)} for k, v in sorted(resources.items())},
        "segmenter": segmenter_provenance(),
        "engines": dict(engines or {}),
    }
