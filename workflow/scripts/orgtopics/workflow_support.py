"""Helpers the Snakefiles call while the DAG is built: corpus resolution, validation and shards."""

from __future__ import annotations

import hashlib
import json
import os
import re
import sys
from collections.abc import Mapping, MutableMapping
from dataclasses import asdict
from pathlib import Path
from typing import Any

import yaml

from .corpus import TABLE_SUFFIXES, CorpusSettings, Document, Scan, corpus_settings, scan_corpus
from .errors import CorpusError, Problem

#: Bumped when what the validation cache holds per document changes.
VALIDATION_CACHE_VERSION = 3


def corpus_name(path: str | Path) -> str:
    """The results folder of a corpus given by path: the folder's whole name (``corpus.v2`` stays
    ``corpus.v2``), a table's name without its ending; characters a path or Snakemake wildcard would
    trip on (spaces, braces, quotes, ``;``) become ``_``."""
    p = Path(str(path)).expanduser().resolve()
    raw = p.stem if p.suffix.lower() in TABLE_SUFFIXES else p.name
    return re.sub(r"[^\w.-]", "_", raw).strip("._") or "corpus"


#: Inside ``results/<name>/``: the corpus path whose results the folder holds (:func:`claim_text`), written by
#: the first job of every run (rule ``claim_results``).
SOURCE_FILE = ".corpus-source"


def results_owner_clash(settings: CorpusSettings, results: str | Path = "results") -> Problem | None:
    """Whether ``results/<name>/`` holds the results of another corpus (read only).

    Two corpora with one name (a ``name: seeds`` in a user's corpus.yaml, two folders called ``data``)
    would otherwise overwrite each other's results silently. A run claims its folders with the rule
    ``claim_results``, its first job (so never in a dry run).

    Returns
    -------
    Problem or None
        The collision, naming both paths and the fix.
    """
    folder = Path(results) / settings.name
    marker = folder / SOURCE_FILE
    if not marker.is_file():
        return None
    owner = marker.read_text(encoding="utf-8").strip()
    if owner and Path(owner).resolve() != settings.path.resolve():
        return Problem(
            str(settings.path),
            f"its results folder {folder}/ already holds the results of the corpus at {owner}",
            f"give this corpus another `name:` in its corpus.yaml (or config), or remove {folder}/ "
            "if those results are no longer wanted",
        )
    return None


def claim_text(settings: CorpusSettings) -> str:
    """What ``results/<name>/.corpus-source`` holds: the corpus path, relative to the working directory (the rule
    ``claim_results`` writes it, followed by a newline)."""
    return os.path.relpath(settings.path.resolve())


def resolve_corpora(
    config: Mapping[str, Any], *, schema: str | Path | None = None, results: str | Path = "results"
) -> dict[str, CorpusSettings]:
    """The corpora to run: ``corpus_path`` from the command line, or every entry of ``corpora:``.

    ``--config corpus_path=path/to/folder`` (what ``make run CORPUS=...`` passes) runs that folder or
    table alone, named after it (:func:`corpus_name`, or ``name:`` in its ``corpus.yaml``). Exits with the
    problems when a ``corpus.yaml`` is invalid or two corpora would share a results folder.
    """
    sch = yaml.safe_load(Path(schema).read_text(encoding="utf-8")) if schema else None
    one = config.get("corpus_path")
    entries = (
        {corpus_name(one): {"path": str(one)}}
        if one
        else {name: dict(v) for name, v in (config.get("corpora") or {}).items()}
    )
    out: dict[str, CorpusSettings] = {}
    errors = []
    for name, entry in entries.items():
        try:
            s = corpus_settings(name, entry, schema=sch)
        except CorpusError as e:
            errors.append(str(e))
            continue
        if s.name in out:
            errors.append(
                str(
                    CorpusError(
                        [
                            Problem(
                                str(s.path),
                                f"has the same name {s.name!r} as {out[s.name].path}",
                                "give one of them another `name:`",
                            )
                        ],
                        corpus=s.name,
                    )
                )
            )
            continue
        clash = results_owner_clash(s, results)
        if clash is not None:
            errors.append(str(CorpusError([clash], corpus=s.name)))
            continue
        out[s.name] = s
    if errors:
        _exit(errors)
    return out


def _atomic_write(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` through a temporary file and a rename, so that a reader (another run of
    the workflow at the same time) sees the old or the new content, never half of it."""
    import tempfile

    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


#: The environment variable through which ``make run CORPUS=...`` names the corpus (see the Makefile).
CORPUS_ENV = "ORGTOPICS_CORPUS"


def corpus_path_from_make(config: MutableMapping[str, Any]) -> None:
    """Take ``corpus_path`` from :data:`CORPUS_ENV` when the command line did not set it.

    The Makefile passes the path in the environment, never as text of a shell command line, so that any
    folder name is a path and nothing else (and Snakemake's ``--config`` parser, which strips quotes and
    reads ``1e5`` as a number, never sees it). Cluster jobs get the environment with the job (SLURM's
    ``--export=ALL``).
    """
    path = os.environ.get(CORPUS_ENV)
    if path and not config.get("corpus_path"):
        config["corpus_path"] = path


def check_config(config: Mapping[str, Any]) -> None:
    """Checks across keys that the schema cannot express; exits with every problem, each with its fix."""
    errors = []
    lda = config["lda"]
    if lda.get("k") is not None and lda["k"] not in lda["k_values"]:
        errors.append(
            f"config lda: k = {lda['k']} is not in k_values {lda['k_values']}. Fix: add {lda['k']} to "
            "lda.k_values (every K of the sweep is fitted and scored), or set k: null to choose K by coherence"
        )
    if len(set(lda["k_values"])) != len(lda["k_values"]):
        errors.append(f"config lda: k_values {lda['k_values']} lists a K twice. Fix: list each K once")
    if errors:
        _exit(errors)


def _exit(errors: list[str]) -> None:
    print("\n".join(errors), file=sys.stderr)
    print("Nothing was run and nothing under results/ was changed.", file=sys.stderr)
    sys.exit(1)


def scan_all(
    corpora: Mapping[str, CorpusSettings],
    clean_cfg: Mapping[str, Any],
    *,
    cache_dir: str | Path = ".snakemake/orgtopics",
    workers: int = 1,
    reuse: bool = False,
) -> dict[str, Scan]:
    """Validate every corpus before any job runs; on problems print them all and exit(1).

    Exiting while Snakemake is still building the DAG guarantees that nothing under ``results/`` is
    touched by a run on bad input. Cleaning and shingling results are cached by content hash, so a large
    corpus is only cleaned for validation once per changed document, by ``workers`` processes (the
    cores Snakemake was given).

    Each scan is also saved whole (``scan-<corpus>-<rules>.json``). With ``reuse`` (a job that Snakemake
    started in a fresh process, on a cluster node or in a job group, parses the workflow again) the saved
    scan of the run that started the job is read instead: the job neither re-reads nor re-checks the corpus.
    Where no saved scan matches the corpus's settings (no shared file system), it scans as usual.
    """
    scans, errors = {}, []
    for name, s in corpora.items():
        rules = s.clean_rules(clean_cfg)  # the config's rules and the corpus's own drop_lines
        rules_key = hashlib.sha256(
            json.dumps([VALIDATION_CACHE_VERSION, clean_cfg, s.drop_lines], sort_keys=True, default=str).encode()
        ).hexdigest()[:12]
        # one file per corpus, replaced atomically: two corpora validated at the same time in one checkout
        # neither corrupt nor drop each other's entries
        cache_file = Path(cache_dir) / f"validation-{name}-{rules_key}.json"
        saved = Path(cache_dir) / f"scan-{name}-{rules_key}.json"
        fingerprint = None if reuse else corpus_fingerprint(s)
        if (scan := load_scan(saved, s, fingerprint=fingerprint)) is not None:
            scans[name] = scan
            if not reuse:
                _print_scan(name, scan)
            continue
        try:
            cache = json.loads(cache_file.read_text()) if cache_file.exists() else {}
        except (OSError, ValueError):
            cache = {}
        try:
            scans[name] = scan_corpus(s, clean_rules=rules, cache=cache, workers=workers)
        except CorpusError as e:
            errors.append(str(e))
        try:  # the checks of every document, kept even when some failed: after a fix only the changed ones run
            cache_file.parent.mkdir(parents=True, exist_ok=True)
            _atomic_write(cache_file, json.dumps(cache))
            if name in scans:
                _atomic_write(
                    saved,
                    json.dumps({"settings": s.to_dict(), "fingerprint": fingerprint, "scan": asdict(scans[name])}),
                )
        except OSError:
            pass
        if name in scans:
            _print_scan(name, scans[name])
    if errors:
        _exit(errors)
    return scans


#: Warnings and skipped documents printed per corpus at each parse; the rest are in the run's tables.
PRINT_AT_MOST = 20


def _print_scan(name: str, scan: Scan) -> None:
    for kind, items, table in (
        ("warning", scan.warnings, "near_duplicates.csv"),
        ("skipping", scan.skipped, "skipped_documents.csv"),
    ):
        for item in items[:PRINT_AT_MOST]:
            print(f"orgtopics: corpus {name!r}: {kind}: {item}", file=sys.stderr)
        if len(items) > PRINT_AT_MOST:
            print(
                f"orgtopics: corpus {name!r}: ... and {len(items) - PRINT_AT_MOST} more ({kind}); all of them "
                f"are in results/{name}/tables/{table}",
                file=sys.stderr,
            )
    if scan.skipped:
        print(
            f"orgtopics: corpus {name!r}: {len(scan.documents)} document(s) left to run (on_bad_document: skip)",
            file=sys.stderr,
        )


def corpus_fingerprint(settings: CorpusSettings) -> str:
    """What a saved scan depends on besides the settings: the name, size and modification time of every file
    in the corpus folder (or of the table file). One ``stat`` per file: no file is read. A scan saved for the
    same fingerprint and settings is used as it is, so a warm parse does no per-document work."""
    h = hashlib.sha256()
    path = Path(settings.path)
    if path.is_dir():
        for root, dirs, files in os.walk(path):
            dirs.sort()
            for f in sorted(files):
                full = os.path.join(root, f)
                st = os.stat(full)
                h.update(f"{os.path.relpath(full, path)}\t{st.st_size}\t{st.st_mtime_ns}\n".encode())
    elif path.exists():
        st = path.stat()
        h.update(f"{path.resolve()}\t{st.st_size}\t{st.st_mtime_ns}".encode())
    return h.hexdigest()


def load_scan(path: Path, settings: CorpusSettings, *, fingerprint: str | None = None) -> Scan | None:
    """The scan saved by :func:`scan_all` for a corpus with these settings (and, if given, this
    :func:`corpus_fingerprint`), or None."""
    try:
        saved = json.loads(path.read_text())
    except (OSError, ValueError):
        return None
    if saved.get("settings") != json.loads(json.dumps(settings.to_dict(), default=str)):
        return None
    if fingerprint is not None and saved.get("fingerprint") != fingerprint:
        return None
    scan = saved["scan"]
    return Scan(
        [Document(**d) for d in scan["documents"]],
        [Problem(**p) for p in scan["skipped"]],
        list(scan["warnings"]),
        int(scan["han"]),
    )


def coalesce_scheduler_wakeups() -> bool:
    """Keep at most one pending scheduler wake-up timer in this Snakemake process.

    Snakemake 9's job scheduler ends every scheduling round by starting a new ``threading.Timer`` that
    wakes it one second later (the job rate limiter's timespan), and every finished job adds a round. Each
    round thus adds a timer chain that never ends: after n finished jobs the scheduler runs about n rounds
    a second, each checking the input files of every waiting job (what that cost: benchmarks/RESULTS.md,
    "Measurements behind the code"). A wake-up that is already pending and due no later than the one asked
    for makes the new one redundant, so this patch starts a timer only when none is pending that early; the
    timers are daemon threads, so Snakemake no longer waits for the last one when it exits.

    Returns whether the patch applies (the scheduler method exists as expected); otherwise nothing is
    changed.
    """
    import threading
    import time

    try:
        from snakemake.scheduling.job_scheduler import JobScheduler
    except ImportError:
        return False
    original = getattr(JobScheduler, "_schedule_reevalutation", None)
    if original is None:
        return False
    if getattr(original, "orgtopics_coalesced", False):
        return True

    def _schedule_reevalutation(self, delay) -> None:
        now = time.monotonic()
        due = now + float(delay)
        pending_due = getattr(self, "_orgtopics_wakeup_due", None)
        if pending_due is not None and now < pending_due <= due:
            return
        timer = threading.Timer(delay, self._open_jobs.release)
        timer.daemon = True
        self._orgtopics_wakeup_due = due
        timer.start()

    _schedule_reevalutation.orgtopics_coalesced = True  # type: ignore[attr-defined]
    JobScheduler._schedule_reevalutation = _schedule_reevalutation
    return True


#: ``shards: auto`` makes one shard per this many bytes of text (rounded up): each shard is one cleaning and one
#: segmentation job, about half a second of start-up each, and the text of one shard is what such a job holds.
AUTO_SHARD_BYTES = 5 * 2**20


def n_shards(settings: CorpusSettings, scan: Scan) -> int:
    """Shards of a corpus: ``settings.shards``, or with ``"auto"`` one per :data:`AUTO_SHARD_BYTES` of text;
    never more than there are documents, at least one.

    ``auto`` depends on the corpus alone (not on ``--cores``), so the same corpus is always cut the same way;
    its count changes only when the corpus's size crosses a multiple of 5 MiB.
    """
    if settings.shards == "auto":
        want = -(-sum(d.size for d in scan.documents) // AUTO_SHARD_BYTES)
    else:
        want = int(settings.shards)
    return max(1, min(want, len(scan.documents)))


def assign_shards(scan: Scan, shards: int) -> dict[int, list[dict[str, Any]]]:
    """Documents grouped by shard; a document's shard depends on its content hash only."""
    out: dict[int, list[dict[str, Any]]] = {i: [] for i in range(shards)}
    for d in scan.documents:
        k = int(d.sha256[:12], 16) % shards
        rec = asdict(d)
        rec.pop("raw")
        rec["shard"] = k
        out[k].append(rec)
    return out


#: ``from <dots><module> import <names>``: the names in parentheses (over several lines, as the formatter wraps
#: them) or to the end of the line.
_IMPORT = re.compile(r"^\s*from (\.+)([\w.]*) import (?:\(([^)]*)\)|([^\n#]*))", re.M)
_LAZY = re.compile(r"lazy_module\(\"orgtopics\.(\w+)\"\)")
_TEMPLATE = re.compile(r"[\"']([\w.-]+\.j2)[\"']")


def check_answers(settings: CorpusSettings, tasks: Path) -> None:
    """Check a corpus's validation answer files (:meth:`CorpusSettings.answer_files`) against ``tasks``, the
    ``validation/tasks.json`` of its last run, if it has one; cheap (a few small CSV files).

    Raises
    ------
    OrgtopicsError
        Naming the file, the line and the fix of every bad row (:func:`orgtopics.validation.read_answers`).
    """
    files = settings.answer_files()
    if not files or not tasks.is_file():
        return
    from .validation import read_answers

    data = json.loads(tasks.read_text(encoding="utf-8"))
    read_answers(files, data["items"], data["task_set"])


def library_sources(package: str | Path, module: str) -> list[Path]:
    """The library files module ``module`` (dotted, relative to the package: ``stages.topics``) runs: itself,
    the package modules it imports, at any depth (``from . import x``, ``from .x import y``, ``from .. import
    x``, ``lazy_module("orgtopics.x")``, at top level or inside functions), the templates they name, and the
    ``__init__`` of every package on the way. Sorted paths."""
    package = Path(package)
    seen: set[Path] = set()
    todo = [module]
    while todo:
        name = todo.pop()
        path = package.joinpath(*name.split("."))
        path = path / "__init__.py" if path.is_dir() else path.with_suffix(".py")
        if path in seen or not path.is_file():
            continue
        seen.add(path)
        text = path.read_text(encoding="utf-8")
        here = name.split(".")[:-1] if path.name != "__init__.py" else name.split(".")
        for dots, target, wrapped, line in _IMPORT.findall(text):
            base = here[: len(here) - (len(dots) - 1)] if len(dots) > 1 else here
            stem = [*base, *target.split(".")] if target else base
            if target:
                todo.append(".".join(stem))
            else:  # from . import a, b as c: the modules a and b
                names = re.sub(r"#.*", "", wrapped or line).split(",")
                todo += [".".join([*stem, n.split()[0]]) for n in names if n.strip()]
        todo += _LAZY.findall(text)
        seen |= {package / "templates" / t for t in _TEMPLATE.findall(text) if (package / "templates" / t).is_file()}
    for path in list(seen):  # a module runs its packages' __init__ first
        seen |= {d / "__init__.py" for d in path.parents if d.is_relative_to(package) and (d / "__init__.py").is_file()}
    return sorted(seen)


def library_hash(package: str | Path, module: str) -> str:
    """A short hash of the library files module ``module`` runs (:func:`library_sources`).

    Rules pass it as a parameter: Snakemake reruns a job when its script changes, not when the library it
    imports changes. Hashing what the job's stage module actually uses, rather than the whole library, keeps
    a change to a template or a figure from rerunning the LDA sweep.
    """
    files = library_sources(package, module)
    h = hashlib.sha256()
    for p in files:
        h.update(p.relative_to(package).as_posix().encode())
        h.update(p.read_bytes())
    return h.hexdigest()[:12]


#: What ``engine: auto`` picks for each section: (reference engine, fast engine). The reference engines run
#: below ``auto_engines.min_han`` Han characters of cleaned text, the fast ones from there on.
AUTO_ENGINES = {"segment": ("jieba", "rjieba"), "lda": ("gensim", "tomotopy")}


def run_config(
    config: Mapping[str, Any], scan: Scan, settings: CorpusSettings | None = None
) -> tuple[dict[str, Any], dict[str, Any]]:
    """The config one corpus runs with, and why its engines were chosen.

    The corpus's own research design (``themes``, ``track_terms``, ``cut_year``, ``covariates`` in its
    ``corpus.yaml``) replaces ``resources.themes``, ``track_terms``, ``period.cut_year`` and ``covariates`` for
    this corpus only.

    ``segment.engine`` and ``lda.engine`` set to ``auto`` (the default) become the reference engines (jieba,
    gensim) for a corpus with fewer than ``auto_engines.min_han`` Han characters left after cleaning, and the
    fast ones (jieba-rs, tomotopy) from there on; an engine named in the config is kept. The choice depends
    on the corpus alone (never on the machine), so a corpus always runs the same way.

    Returns
    -------
    config : dict
        A copy of ``config`` with every engine concrete (what the jobs and ``provenance.json`` see).
    choice : dict
        ``{"han": ..., "min_han": ..., "segment": {"engine", "asked", "why"}, "lda": {... and "sweeps" when
        they were chosen by size}}``.
    """
    cfg = json.loads(json.dumps(config, default=str))
    if settings is not None:
        if settings.themes is not None:
            cfg["resources"]["themes"] = settings.resolve(settings.themes)
        if settings.track_terms is not None:
            cfg["track_terms"] = list(settings.track_terms)
        if settings.cut_year is not None:
            cfg["period"]["cut_year"] = int(settings.cut_year)
        if settings.covariates is not None:
            cfg["covariates"] = list(settings.covariates)
    limit = int(cfg["auto_engines"]["min_han"])
    large = scan.han >= limit
    choice: dict[str, Any] = {"han": int(scan.han), "min_han": limit}
    for section, (reference, fast) in AUTO_ENGINES.items():
        asked = cfg[section]["engine"]
        if asked == "auto":
            cfg[section]["engine"] = fast if large else reference
            why = (
                f"chosen by size: the corpus has {scan.han:,} Han characters after cleaning, "
                f"{'at least' if large else 'fewer than'} auto_engines.min_han = {limit:,}"
            )
        else:
            why = f"set in the config ({section}.engine: {asked})"
        choice[section] = {"engine": cfg[section]["engine"], "asked": asked, "why": why}
    if cfg["lda"]["engine"] == "tomotopy" and cfg["lda"].get("sweeps") is None:
        cfg["lda"]["sweeps"] = auto_sweeps(scan.han)
        choice["lda"]["sweeps"] = (
            f"{cfg['lda']['sweeps']} Gibbs sweeps by size (lda.sweeps: null gives {MAX_SWEEPS} "
            f"up to {AUTO_SWEEPS_HAN / MAX_SWEEPS:,.0f} Han characters, fewer above, at least "
            f"{MIN_SWEEPS})"
        )
    return cfg, choice


#: ``lda.sweeps: null`` gives a tomotopy fit about this many Han characters x sweeps of sampling: 100 sweeps up
#: to 1 million Han characters (3 MB of text), fewer above, never fewer than 25 (why these numbers:
#: benchmarks/RESULTS.md, "Fast by default").
AUTO_SWEEPS_HAN = 1e8
MIN_SWEEPS, MAX_SWEEPS = 25, 100


def auto_sweeps(han: int) -> int:
    """tomotopy's Gibbs sweeps for a corpus of ``han`` Han characters when ``lda.sweeps`` is null."""
    return int(min(MAX_SWEEPS, max(MIN_SWEEPS, round(AUTO_SWEEPS_HAN / max(han, 1)))))
