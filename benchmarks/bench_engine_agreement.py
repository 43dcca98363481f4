"""Does the fast path (tomotopy, as `engine: auto` runs it) match the reference (gensim) on a corpus?

    python benchmarks/bench_engine_agreement.py results/<corpus> [--seeds N] [--out FILE]

Reads a finished run's model corpus (`interim/topics/units.corpus.npz`), its chosen K (`tables/k_selection.csv`)
and its config (`provenance.json`: the themes file, seeded-LDA priors, bootstrap and LDA settings). Then, for
the reference engine (gensim with the run's passes and iterations) and the fast engine (tomotopy with the
run's sweeps, 100 when null), at the chosen K:

- held-out perplexity: both fitted on the same 90 % of units, scored by the same document completion on the
  same 10 % (`orgtopics.topics.completion_perplexity`; lower is better);
- topics: both fitted on every unit, aligned by Jensen-Shannon distance (Hungarian), mean 1 - JSD; beside it
  each engine's own agreement with itself under another seed, the yardstick for "as close as a refit". With
  ``--seeds N`` each engine fits every unit with N seeds and each similarity is the mean over every pair (within
  an engine: N(N-1)/2 pairs; across engines: N x N), which a single pair of fits cannot make stable;
- theme verdicts: seeded LDA (the themes' seed terms as a topic-word prior) with each engine, each theme's
  first-to-last-year change with its bootstrap interval, called rise / fall / no clear change as the report
  calls it; the verdicts of the two engines are compared theme by theme, and each engine's with its own under
  another seed (how far verdicts of one engine move with the seed alone), and with the run's dictionary
  verdicts (`tables/theme_change.csv`, the report's headline).

One process, one core, fits one after another. Writes a JSON file and prints a summary.
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
import time
from dataclasses import replace
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "workflow" / "scripts"))

from orgtopics import evidence, findings, topics, trends  # noqa: E402
from orgtopics.resources import read_themes  # noqa: E402
from orgtopics.stages.topics import lda_settings  # noqa: E402
from orgtopics.tables import read_table  # noqa: E402


def verdicts(theta: np.ndarray, c: topics.ModelCorpus, themes: list[str], boot: dict) -> dict[str, str]:
    """Each theme's seeded-LDA verdict, first year against last, as the report's change tables call it
    (:func:`orgtopics.findings.change_table`)."""
    est = trends.bootstrap_ratio(
        theta[:, : len(themes)] * c.n_tokens[:, None],
        c.n_tokens,
        c.years,
        n_boot=boot["n_boot"],
        ci=boot["ci"],
        random_state=boot["random_state"],
    )
    table = findings.change_table(est, themes, key="theme", ci=boot["ci"])
    return dict(zip(table["theme"], table["direction"]))


def mean_similarity(phi_a: np.ndarray, phi_b: np.ndarray) -> float:
    _, dist = evidence.align_topics(phi_a, phi_b)
    return float(np.mean(1 - dist))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("run", help="results/<corpus> of a finished run")
    ap.add_argument("--out", default=None, help="JSON file (default benchmarks/out/engine_agreement_<corpus>.json)")
    ap.add_argument(
        "--seeds",
        type=int,
        default=2,
        help="fits of each engine on every unit, seeds random_state, +1, ... (default 2): the similarities are means "
        "over every pair of them",
    )
    args = ap.parse_args()
    if args.seeds < 2:
        ap.error("--seeds: at least 2 (a similarity needs a pair of fits)")
    run = Path(args.run)
    prov = json.loads((run / "provenance.json").read_text(encoding="utf-8"))
    cfg = prov["config"]
    c = topics.ModelCorpus.load(str(run / "interim" / "topics" / "units.corpus.npz"))
    ks = read_table(str(run / "tables" / "k_selection.csv"))
    k = int(ks.loc[ks["chosen"] == 1, "k"].iloc[0])
    ths = read_themes(str(ROOT / cfg["resources"]["themes"]))
    changes = read_table(str(run / "tables" / "theme_change.csv"))
    dictionary = dict(zip(changes["theme"], changes["direction"]))
    seed = cfg["lda"]["random_state"]
    base = lda_settings(cfg["lda"])
    engines = {"gensim": replace(base, engine="gensim"), "tomotopy": replace(base, engine="tomotopy")}
    hold = topics.heldout_split(len(c), fraction=cfg["lda"]["heldout_fraction"], random_state=seed)
    train = c.matrix[np.flatnonzero(~hold)]
    test = [t.tolist() for t in c.texts(np.flatnonzero(hold))]
    eta = evidence.seeded_eta(
        c.vocabulary,
        ths,
        n_free=cfg["seeded"]["n_free_topics"],
        base=cfg["seeded"]["base_eta"],
        seed_weight=cfg["seeded"]["seed_eta"],
    )
    res: dict = {
        "run": str(run),
        "n_units": len(c),
        "n_terms": len(c.vocabulary),
        "n_tokens": int(c.matrix.sum()),
        "k": k,
        "sweeps": topics.tomotopy_sweeps(base.sweeps),
        "passes": base.passes,
        "iterations": base.iterations,
        "seeds": args.seeds,
        "engines": {},
    }
    phis = {}
    for name, st in engines.items():
        r: dict = {}
        t0 = time.perf_counter()
        r["perplexity_heldout"] = round(
            topics.completion_perplexity(topics.fit_lda(train, c.vocabulary, k, st), test, random_state=seed), 1
        )
        t1 = time.perf_counter()
        phis[name] = [topics.topic_word(topics.fit_lda(c.matrix, c.vocabulary, k, st))]
        r["fit_s"] = round(time.perf_counter() - t1, 1)
        r["heldout_fit_s"] = round(t1 - t0, 1)
        phis[name] += [
            topics.topic_word(topics.fit_lda(c.matrix, c.vocabulary, k, st, random_state=seed + i))
            for i in range(1, args.seeds)
        ]
        pairs = list(itertools.combinations(phis[name], 2))
        r["self_similarity_other_seed"] = round(float(np.mean([mean_similarity(a, b) for a, b in pairs])), 3)
        runs = []
        for s in (seed, seed + 1):  # the engine against itself under another seed: the yardstick for verdicts
            seeded = topics.fit_lda(c.matrix, c.vocabulary, eta.shape[0], st, eta=eta, random_state=s)
            runs.append(
                verdicts(
                    topics.document_topics(seeded, c.matrix, random_state=seed),
                    c,
                    [th.id for th in ths],
                    cfg["bootstrap"],
                )
            )
        r["theme_verdicts"], r["theme_verdicts_other_seed"] = runs
        r["same_verdicts_other_seed"] = sum(runs[0][t] == runs[1][t] for t in runs[0])
        r["same_as_dictionary"] = [sum(v[t] == dictionary[t] for t in dictionary) for v in runs]
        res["engines"][name] = r
        print(name, json.dumps(r, ensure_ascii=False), flush=True)
    res["cross_engine_similarity"] = round(
        float(np.mean([mean_similarity(a, b) for a in phis["gensim"] for b in phis["tomotopy"]])), 3
    )
    vg, vt = res["engines"]["gensim"]["theme_verdicts"], res["engines"]["tomotopy"]["theme_verdicts"]
    res["same_verdicts"] = sum(vg[t] == vt[t] for t in vg)
    res["n_themes"] = len(vg)
    res["different_verdicts"] = {t: [vg[t], vt[t]] for t in vg if vg[t] != vt[t]}
    out = Path(args.out or ROOT / "benchmarks" / "out" / f"engine_agreement_{run.name}.json")
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(res, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(
        f"K = {k}: perplexity gensim {res['engines']['gensim']['perplexity_heldout']}, tomotopy "
        f"{res['engines']['tomotopy']['perplexity_heldout']}; topics gensim~tomotopy {res['cross_engine_similarity']} "
        f"(gensim~gensim {res['engines']['gensim']['self_similarity_other_seed']}, tomotopy~tomotopy "
        f"{res['engines']['tomotopy']['self_similarity_other_seed']}); same theme verdicts {res['same_verdicts']} of "
        f"{res['n_themes']} (gensim~gensim {res['engines']['gensim']['same_verdicts_other_seed']}, tomotopy~tomotopy "
        f"{res['engines']['tomotopy']['same_verdicts_other_seed']}) -> {out}"
    )


if __name__ == "__main__":
    main()
