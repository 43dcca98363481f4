"""Helpers the Snakefiles call while the DAG is built: corpus resolution, validation and shards."""

from __future__ import annotations

import hashlib
import json
import sys
from dataclasses import asdict
from pathlib import Path
from typing import Any, Mapping

import yaml

from .clean import CleanRules
from .corpus import CorpusSettings, Scan, corpus_settings, scan_corpus
from .errors import CorpusError


def resolve_corpora(config: Mapping[str, Any], *, schema: str | Path | None = None) -> dict[str, CorpusSettings]:
    """The corpora to run: ``corpus_path`` from the command line, or every entry of ``corpora:``.

    ``--config corpus_path=path/to/folder`` (what ``make run CORPUS=...`` passes) runs that folder or
    table alone, named after it (or after ``name:`` in its ``corpus.yaml``). Exits with the problems
    when a ``corpus.yaml`` is invalid.
    """
    sch = yaml.safe_load(Path(schema).read_text(encoding="utf-8")) if schema else None
    one = config.get("corpus_path")
    entries = ({Path(str(one)).expanduser().resolve().stem: {"path": str(one)}} if one
               else {name: dict(v) for name, v in (config.get("corpora") or {}).items()})
    out: dict[str, CorpusSettings] = {}
    errors = []
    for name, entry in entries.items():
        try:
            s = corpus_settings(name, entry, schema=sch)
        except CorpusError as e:
            errors.append(str(e))
            continue
        out[s.name] = s
    if errors:
        _exit(errors)
    return out


def _exit(errors: list[str]) -> None:
    print("\n".join(errors), file=sys.stderr)
    print("Nothing was run and nothing under results/ was changed.", file=sys.stderr)
    sys.exit(1)


def scan_all(corpora: Mapping[str, CorpusSettings], clean_cfg: Mapping[str, Any], *,
             cache_dir: str | Path = ".snakemake/orgtopics", workers: int = 1) -> dict[str, Scan]:
    """Validate every corpus before any job runs; on problems print them all and exit(1).

    Exiting while Snakemake is still building the DAG guarantees that nothing under ``results/`` is
    touched by a run on bad input. Cleaning and shingling results are cached by content hash, so a large
    corpus is only cleaned for validation once per changed document, by ``workers`` processes (the
    cores Snakemake was given).
    """
    rules = CleanRules.from_config(clean_cfg)
    rules_key = hashlib.sha256(json.dumps(clean_cfg, sort_keys=True, default=str).encode()).hexdigest()[:12]
    scans, errors = {}, []
    for name, s in corpora.items():
        cache_file = Path(cache_dir) / f"validation-{rules_key}.json"
        try:
            cache = json.loads(cache_file.read_text()) if cache_file.exists() else {}
        except (OSError, ValueError):
            cache = {}
        try:
            scans[name] = scan_corpus(s, clean_rules=rules, cache=cache, workers=workers)
        except CorpusError as e:
            errors.append(str(e))
            continue
        try:
            cache_file.parent.mkdir(parents=True, exist_ok=True)
            cache_file.write_text(json.dumps(cache))
        except OSError:
            pass
        for w in scans[name].warnings:
            print(f"orgtopics: corpus {name!r}: warning: {w}", file=sys.stderr)
        for p in scans[name].skipped:
            print(f"orgtopics: corpus {name!r}: skipping: {p}", file=sys.stderr)
    if errors:
        _exit(errors)
    return scans


def coalesce_scheduler_wakeups() -> bool:
    """Keep at most one pending scheduler wake-up timer in this Snakemake process.

    Snakemake 9's job scheduler ends every scheduling round by starting a new ``threading.Timer`` that
    wakes it one second later (the job rate limiter's timespan), and every finished job adds a round. Each
    round thus adds a timer chain that never ends: after n finished jobs the scheduler runs about n rounds
    a second, each checking the input files of every waiting job. In half the 10 MB benchmark runs the main
    process used 23-29 s of CPU instead of about 5 s, a fifth of the whole run, taken from the jobs on a
    two-core machine (see benchmarks/RESULTS.md). A wake-up that is already pending and due no later than the
    one asked for makes the new one redundant, so this patch starts a timer only when none is pending that
    early; the timers are daemon threads, so Snakemake no longer waits for the last one when it exits.

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


def settings_dict(s: CorpusSettings) -> dict[str, Any]:
    """Plain settings for rule params."""
    d = asdict(s)
    d["path"] = str(s.path)
    return d


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
