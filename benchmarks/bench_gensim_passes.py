"""The gensim cross-check of a tomotopy model: what its passes change, against what its seed changes.

    python benchmarks/bench_gensim_passes.py results/<corpus> [--passes 10,15,20,30] [--seeds 3] [--out FILE]

``results/<corpus>`` is a finished run whose chosen model tomotopy fitted (the model corpus, the sweep's fits and
``tables/k_selection.csv``). At the chosen K, on the units the ``model_agreement`` job draws
(``cross_check.max_units`` of the default config) and with the counts it trains on, gensim is fitted with every
number of passes and seeds ``lda.random_state`` + 0, 1, …, and compared with the run's model as
``tables/model_agreement.csv`` compares them. Prints one table row per number of passes: CPU per fit, the mean
Jensen–Shannon distance of the aligned topics to those of the same seed at the most passes, each seed's mean
similarity and share correlation with the chosen model, and how many seeds match the topics as at the most
passes; then the distance between seeds at the most passes. One process, one core, fits one after another.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
import time
from itertools import combinations
from pathlib import Path

import numpy as np
import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "workflow" / "scripts"))

from orgtopics import evidence, topics  # noqa: E402
from orgtopics.stages.topics import chosen_model, fit_matrix, lda_settings  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("results")
    ap.add_argument("--passes", default="10,15,20,30")
    ap.add_argument("--seeds", type=int, default=3)
    ap.add_argument("--out", default=None)
    args = ap.parse_args()
    res = Path(args.results)
    cfg = yaml.safe_load((ROOT / "config" / "config.yaml").read_text(encoding="utf-8"))
    lda_cfg = {**cfg["lda"], "engine": "tomotopy"}
    fits = {int(p.name[1:].split(".")[0]): str(p) for p in (res / "interim/topics").glob("k*.fit.npz")}
    c, fit = chosen_model(str(res / "interim/topics/units.corpus.npz"), str(res / "tables/k_selection.csv"), fits)
    if fit.engine != "tomotopy":
        raise SystemExit(f"{res}: the chosen model was fitted by {fit.engine}; run with lda.engine: tomotopy")
    seed = lda_cfg["random_state"]
    rows = evidence.cross_check_rows(len(c), cfg["cross_check"]["max_units"], random_state=seed)
    sample, training = c.matrix[rows], fit_matrix(c, lda_cfg)[rows]
    n_tok, years = c.n_tokens[rows], c.years[rows]
    shares = evidence.yearly_shares(fit.theta[rows], n_tok, years)
    labels = {k: str(k) for k in range(fit.k)}
    passes_list = [int(x) for x in args.passes.split(",")]
    runs = {}
    for passes in passes_list:
        for s in range(args.seeds):
            settings = dataclasses.replace(lda_settings(lda_cfg), engine="gensim", passes=passes)
            t = time.process_time()
            model = topics.fit_lda(training, c.vocabulary, fit.k, settings, random_state=seed + s)
            phi, theta = topics.topic_word(model), topics.document_topics(model, sample, random_state=seed)
            cpu = time.process_time() - t
            table = evidence.agreement_table(
                fit.phi, shares, phi, evidence.yearly_shares(theta, n_tok, years), c.vocabulary.terms, labels
            )
            runs[passes, s] = {
                "cpu": cpu,
                "phi": phi,
                "similarity": float(table["similarity"].mean()),
                "share_correlation": float(table["share_correlation"].mean()),
                "matching": table["matched_topic"].tolist(),
            }

    def distance(a: np.ndarray, b: np.ndarray) -> float:
        return float(np.mean(evidence.align_topics(a, b)[1]))

    top = max(passes_list)
    seeds = range(args.seeds)
    print(f"{res.name}: K = {fit.k}, {len(rows)} units")
    print("| passes | CPU | distance to most passes | similarity by seed | share correlation by seed | same matching |")
    out = []
    for passes in passes_list:
        r = [runs[passes, s] for s in seeds]
        d = [distance(runs[top, s]["phi"], runs[passes, s]["phi"]) for s in seeds]
        same = sum(runs[passes, s]["matching"] == runs[top, s]["matching"] for s in seeds)
        row = {
            "passes": passes,
            "cpu_s": round(float(np.mean([x["cpu"] for x in r])), 1),
            "distance_to_most_passes": [round(x, 3) for x in d],
            "similarity": [round(x["similarity"], 3) for x in r],
            "share_correlation": [round(x["share_correlation"], 3) for x in r],
            "same_matching": same,
        }
        out.append(row)
        print(
            f"| {passes} | {row['cpu_s']} s | {min(d):.3f}–{max(d):.3f} | "
            + ", ".join(f"{x:.3f}" for x in row["similarity"])
            + " | "
            + ", ".join(f"{x:.3f}" for x in row["share_correlation"])
            + f" | {same} of {args.seeds} |"
        )
    between = [round(distance(runs[top, a]["phi"], runs[top, b]["phi"]), 3) for a, b in combinations(seeds, 2)]
    print(f"distance between seeds at {top} passes: {between}")
    dest = Path(args.out or ROOT / f"benchmarks/out/gensim_passes_{res.name}.json")
    dest.parent.mkdir(parents=True, exist_ok=True)
    dest.write_text(
        json.dumps(
            {"results": str(res), "k": fit.k, "units": len(rows), "rows": out, "between_seeds": between}, indent=2
        )
        + "\n"
    )


if __name__ == "__main__":
    main()
