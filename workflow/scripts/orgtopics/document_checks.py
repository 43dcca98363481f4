"""The costly per-document checks of a corpus scan (:func:`orgtopics.corpus.scan_corpus`): Han characters left
after cleaning and the MinHash signature, taken from a cache by content hash or computed in batches, in a pool
of forked processes when there is enough new text."""

from __future__ import annotations

from collections.abc import MutableMapping
from typing import Any

from .near_duplicates import decode_signature, encode_signature, minhash_signature, shingle_hashes

_WORKER_CHECKS: DocumentChecks | None = None
_POOL_MIN_CHARS = 2_000_000  # below this much uncached text, a process pool costs more than it saves
_BATCH_CHARS = 64_000_000  # at most this much text waits for the pool at once


class DocumentChecks:
    """The costly per-document checks of :func:`scan_corpus`: Han characters left after cleaning and the
    MinHash signature for near-duplicate detection, from the cache when the content hash is known,
    otherwise computed in batches (in a pool of ``workers`` forked processes when there is enough text)."""

    def __init__(self, clean_rules, minhash: bool, cache: MutableMapping[str, Any] | None, workers: int) -> None:
        import os
        import sys

        self.clean_rules, self.minhash, self.cache = clean_rules, minhash, cache
        self.workers = max(1, int(workers)) if sys.platform.startswith("linux") else 1
        self.workers = min(self.workers, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1)
        self.results: dict[str, tuple[int | None, str, Any]] = {}
        self.batch: list[tuple[str, str]] = []
        self.batch_chars = 0
        self.pool: Any = None  # a multiprocessing Pool once there is enough text to share out
        self.pool_size = 1

    def add(self, digest: str, text: str) -> None:
        if self.clean_rules is None and not self.minhash:
            self.results[digest] = (None, "", None)
            return
        cached = self._cached(digest)
        if cached is not None:
            self.results[digest] = cached
            return
        self.batch.append((digest, text))
        self.batch_chars += len(text)
        if self.batch_chars >= _BATCH_CHARS:
            self._flush()

    def finish(self) -> dict[str, tuple[int | None, str, Any]]:
        """Content hash -> (Han characters after cleaning or None, the cleaning rules that removed most,
        MinHash signature or None)."""
        global _WORKER_CHECKS
        try:
            self._flush()
        finally:
            if self.pool is not None:
                self.pool.close()
                self.pool.join()
                _WORKER_CHECKS = None  # the workers are gone: do not keep the rules and cache alive
        return self.results

    def _cached(self, digest: str) -> tuple[int | None, str, Any] | None:
        if self.cache is None:
            return None
        cleaned = self.cache.get(digest) if self.clean_rules is not None else [None, ""]
        sig = decode_signature(self.cache.get("minhash:" + digest)) if self.minhash else None
        if not isinstance(cleaned, list) or len(cleaned) != 2 or (self.minhash and sig is None):
            return None
        return cleaned[0], cleaned[1], sig

    def _flush(self) -> None:
        global _WORKER_CHECKS
        if not self.batch:
            return
        texts = [t for _, t in self.batch]
        if self.pool is None and self.workers > 1 and self.batch_chars >= _POOL_MIN_CHARS:
            import multiprocessing

            _WORKER_CHECKS = self  # inherited by the forked workers: nothing is pickled but the texts
            self.pool_size = min(self.workers, max(2, self.batch_chars // 1_000_000))  # 1 MB of text or more each
            self.pool = multiprocessing.get_context("fork").Pool(self.pool_size)
        if self.pool is not None:
            out = self.pool.map(_check_in_worker, texts, chunksize=max(1, len(texts) // (4 * self.pool_size)))
        else:
            out = [self.check(t) for t in texts]
        for (digest, _), (han, removed_by, sig) in zip(self.batch, out):
            self.results[digest] = (han, removed_by, sig)
            if self.cache is not None:
                if han is not None:
                    self.cache[digest] = [han, removed_by]
                if sig is not None:
                    self.cache["minhash:" + digest] = encode_signature(sig)
        self.batch, self.batch_chars = [], 0

    def check(self, text: str) -> tuple[int | None, str, Any]:
        han, removed_by = None, ""
        if self.clean_rules is not None:
            from .clean import clean_text, removed_summary

            res = clean_text(text, self.clean_rules)
            han, removed_by = int(res.stats.get("han_clean", 0)), removed_summary(res)
        return han, removed_by, (minhash_signature(shingle_hashes(text)) if self.minhash else None)


def _check_in_worker(text: str) -> tuple[int | None, str, Any]:
    assert _WORKER_CHECKS is not None
    return _WORKER_CHECKS.check(text)
