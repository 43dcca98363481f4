"""Build an N-megabyte corpus from any corpus by resampling its cleaned paragraphs across years.

    python benchmarks/scale_corpus.py SOURCE_FOLDER OUT_FOLDER --mb 10 \
        [--paragraphs-per-doc 30] [--min-chars 20] [--seed 0]

Every output document takes the year of a source document and draws paragraphs (with replacement)
from the source documents of that year, so the year structure and vocabulary of the source survive.
Writes .txt files and a manifest.csv (file,year,source_id).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "workflow" / "scripts"))

from orgtopics.clean import clean_text  # noqa: E402
from orgtopics.corpus import load_corpus  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("source")
    ap.add_argument("out")
    ap.add_argument("--mb", type=float, default=10.0, help="target size in megabytes of UTF-8 text")
    ap.add_argument("--paragraphs-per-doc", type=int, default=30)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--min-chars", type=int, default=20, help="shortest paragraph drawn (characters)")
    args = ap.parse_args()
    rng = np.random.default_rng(args.seed)
    by_year: dict[int, list[str]] = {}
    for d in load_corpus(args.source):
        by_year.setdefault(d.year, []).extend(p for p in clean_text(d.raw).paragraphs if len(p) >= args.min_chars)
    years = sorted(by_year)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    target = int(args.mb * 1_000_000)
    size, n = 0, 0
    seen: set[str] = set()
    rows = ["file,year"]
    while size < target:
        year = years[n % len(years)]
        paras = by_year[year]
        text = "\n".join(paras[i] for i in rng.integers(0, len(paras), size=args.paragraphs_per_doc))
        n += 1
        if text in seen:  # the pipeline refuses a second copy of a text: draw again, for the next year
            continue
        seen.add(text)
        name = f"doc{n - 1:06d}_{year}.txt"
        (out / name).write_text(text, encoding="utf-8")
        rows.append(f"{name},{year}")
        size += len(text.encode("utf-8"))
    (out / "manifest.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    print(f"{len(rows) - 1} documents, {size / 1e6:.1f} MB, {len(years)} years -> {out}")


if __name__ == "__main__":
    main()
