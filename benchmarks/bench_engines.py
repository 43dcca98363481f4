"""gensim against tomotopy on the same units: fit time and held-out document-completion perplexity.

    python benchmarks/bench_engines.py results/<corpus>/interim/units/units.parquet [--k 10] [--out FILE]

Both engines see the same dictionary (the pipeline's ``no_below``/``no_above``), the same training
units and the same held-out units (10 %), and are scored by the same function
(``orgtopics.topics.completion_perplexity``: topic shares inferred from every other token of a
held-out unit, the remaining tokens scored). gensim runs as the naive notebook does (``LdaModel``,
10 passes) and as the reference pipeline does (30 passes, 200 iterations); tomotopy at several
numbers of Gibbs sweeps. One process, one core, fits one after another.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "workflow" / "scripts"))

from orgtopics import topics  # noqa: E402
from orgtopics.tables import read_records  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("units")
    ap.add_argument("--k", type=int, default=10)
    ap.add_argument("--no-below", type=int, default=5)
    ap.add_argument("--out", default=str(ROOT / "benchmarks/out/engines.json"))
    args = ap.parse_args()
    u = read_records(args.units)
    toks = list(u["tokens"])
    c = topics.ModelCorpus.from_tokens(toks, no_below=args.no_below, no_above=0.5)
    d = c.vocabulary
    hold = topics.heldout_split(len(c), fraction=0.1, random_state=20071015)
    train = c.matrix[~hold]
    test = [t.tolist() for t in c.texts(hold.nonzero()[0])]
    base = topics.LdaSettings(no_below=args.no_below, random_state=20071015)
    runs = [
        (
            "gensim",
            replace(base, engine="gensim", passes=10, iterations=50),
            "gensim LdaModel, 10 passes (naive notebook)",
        ),
        (
            "gensim",
            replace(base, engine="gensim", passes=30, iterations=200),
            "gensim LdaModel, 30 passes (reference config)",
        ),
    ]
    for sweeps in (25, 50, 100, 200):
        runs.append(("tomotopy", replace(base, engine="tomotopy", sweeps=sweeps), f"tomotopy, {sweeps} Gibbs sweeps"))
    rows = []
    for engine, settings, label in runs:
        t = time.perf_counter()
        model = topics.fit_lda(train, d, args.k, settings)
        fit_s = time.perf_counter() - t
        ppl = topics.completion_perplexity(model, test, random_state=20071015)
        rows.append({"engine": engine, "run": label, "fit_s": round(fit_s, 2), "perplexity": round(ppl, 1)})
        print(json.dumps(rows[-1], ensure_ascii=False), flush=True)
    res = {
        "units": args.units,
        "n_units": len(c),
        "n_train": len(train),
        "n_heldout": len(test),
        "n_terms": len(d),
        "n_tokens_train": int(sum(c for b in train for _, c in b)),
        "k": args.k,
        "runs": rows,
    }
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(res, indent=2, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
