"""Segmentation throughput and agreement on the same >= 10 MB text, measured side by side.

    python benchmarks/bench_segment.py CORPUS_FOLDER [--out benchmarks/out/segment.json]

Compares, with the project's dictionaries (orgwork.txt + theme seed terms) loaded in each:
  jieba.lcut            plain single-process jieba (the baseline of issue 6)
  jieba posseg          what the reference pipeline runs (tagging needed for the POS filter)
  rjieba cut / tag      jieba-rs, single process
  rjieba tag x N        the pipeline's rjieba engine over shards in N processes
Token agreement: share of jieba.lcut's tokens (with positions) that rjieba produces identically.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "workflow" / "scripts"))

from orgtopics.clean import clean_text  # noqa: E402
from orgtopics.corpus import load_corpus  # noqa: E402
from orgtopics.segment import USER_WORD_FREQ, Segmenter  # noqa: E402
from orgtopics.stages.segment import user_words  # noqa: E402


def words():
    return user_words(str(ROOT / "config/dictionaries/orgwork.txt"), str(ROOT / "config/themes.yaml"))


def spans(tokens):
    out, i = set(), 0
    for t in tokens:
        out.add((i, t))
        i += len(t)
    return out


_SEG = None


def _init_worker():
    global _SEG
    _SEG = Segmenter(user_words=words(), engine="rjieba")
    _SEG.tag("预热")


def _tag_chunk(lines):
    return sum(len(_SEG.tag(x)) for x in lines)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("corpus")
    ap.add_argument("--out", default=str(ROOT / "benchmarks/out/segment.json"))
    ap.add_argument("--skip-posseg", action="store_true")
    args = ap.parse_args()
    lines = [p for d in load_corpus(args.corpus) for p in clean_text(d.raw).paragraphs]
    mb = sum(len(x.encode("utf-8")) for x in lines) / 1e6
    res = {
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform()},
        "megabytes": round(mb, 2),
        "paragraphs": len(lines),
    }

    import jieba
    import jieba.posseg
    import rjieba

    jieba.setLogLevel(60)
    jt = jieba.Tokenizer()
    jt.initialize()
    rj = rjieba.Jieba()
    for w, tag in words():
        jt.add_word(w, freq=USER_WORD_FREQ, tag=tag or "nz")
        rj.add_word(w, USER_WORD_FREQ, tag or "nz")

    t = time.perf_counter()
    ref = [jt.lcut(x) for x in lines]
    res["jieba_lcut_s"] = time.perf_counter() - t
    t = time.perf_counter()
    fast = [rj.cut(x, True) for x in lines]
    res["rjieba_cut_s"] = time.perf_counter() - t
    t = time.perf_counter()
    for x in lines:
        rj.tag(x, True)
    res["rjieba_tag_s"] = time.perf_counter() - t
    n_proc = os.cpu_count() or 1
    chunks = [lines[i::n_proc] for i in range(n_proc)]
    with ProcessPoolExecutor(n_proc, initializer=_init_worker) as ex:
        list(ex.map(_tag_chunk, [["预热"]] * n_proc))  # start the workers and load the dictionary first
        t = time.perf_counter()
        list(ex.map(_tag_chunk, chunks))
        res[f"rjieba_tag_{n_proc}proc_s"] = time.perf_counter() - t
    if not args.skip_posseg:
        pt = jieba.posseg.POSTokenizer(jt)
        t = time.perf_counter()
        for x in lines:
            list(pt.cut(x))
        res["jieba_posseg_s"] = time.perf_counter() - t
    agree = total = 0
    for a, b in zip(ref, fast):
        sa, sb = spans(a), spans(b)
        agree += len(sa & sb)
        total += len(sa)
    res["token_agreement_rjieba_vs_jieba"] = agree / total
    base = res["jieba_lcut_s"]
    res["speedup_vs_jieba_lcut"] = {k[:-2]: round(base / v, 2) for k, v in res.items() if k.endswith("_s")}
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(res, indent=2) + "\n")
    print(json.dumps(res, indent=2))


if __name__ == "__main__":
    main()
