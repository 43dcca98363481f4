"""The scikit-learn cross-check: time and agreement with the chosen model, by sample size and learning method.

    python benchmarks/bench_cross_check.py results/<corpus>/interim/topics/units.corpus.npz [--k 14] [--out FILE]

The reference is a tomotopy fit at K (50 sweeps, as ``benchmarks/large.yaml``) with its fold-in shares.
scikit-learn's ``LatentDirichletAllocation`` is fitted on every unit or on a seeded sample
(``cross_check.max_units``, the same sample the workflow draws), with 2 online passes or 10 batch
passes; agreement is the mean (1 − JSD) of the topics after Hungarian alignment, as in
``tables/model_agreement.csv``. One process, one core, fits one after another.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "workflow" / "scripts"))

from orgtopics import evidence, topics  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("model_corpus")
    ap.add_argument("--k", type=int, default=14)
    ap.add_argument("--seed", type=int, default=20071015)
    ap.add_argument("--out", default=str(ROOT / "benchmarks/out/cross_check.json"))
    args = ap.parse_args()
    c = topics.ModelCorpus.load(args.model_corpus)
    ref = topics.fit_lda(
        c.matrix, c.vocabulary, args.k, topics.LdaSettings(engine="tomotopy", sweeps=50), random_state=args.seed
    )
    phi = topics.topic_word(ref)
    rows = []
    for max_units in (None, 10000, 5000, 3000):
        for method, passes in (("online", 2), ("batch", 10)):
            t = time.perf_counter()
            sample = evidence.cross_check_rows(len(c), max_units, random_state=args.seed)
            phi_s, _ = evidence.sklearn_lda(
                c.matrix[sample],
                args.k,
                random_state=args.seed,
                max_iter=passes,
                learning_method=method,
                batch_size=512,
            )
            seconds = time.perf_counter() - t
            _, dist = evidence.align_topics(phi, phi_s)
            row = {
                "units": len(sample),
                "learning_method": method,
                "passes": passes,
                "seconds": round(seconds, 1),
                "mean_similarity": round(float((1 - dist).mean()), 3),
            }
            print(row, flush=True)
            rows.append(row)
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(
        json.dumps({"model_corpus": args.model_corpus, "k": args.k, "runs": rows}, indent=2) + "\n"
    )


if __name__ == "__main__":
    main()
