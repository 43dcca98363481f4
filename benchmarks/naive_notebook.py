"""The naive notebook that issue 6 compares the pipeline with: plain jieba.lcut on every paragraph,
then one gensim LdaModel with K = 10 and 10 passes.

    python benchmarks/naive_notebook.py CORPUS_FOLDER
"""

from __future__ import annotations

import csv
import sys
import time
from pathlib import Path

import jieba
from gensim.corpora import Dictionary
from gensim.models import LdaModel


def main(folder: str) -> None:
    t0 = time.perf_counter()
    rows = list(csv.DictReader(open(Path(folder) / "manifest.csv", encoding="utf-8")))
    docs = []
    for r in rows:
        for para in (Path(folder) / r["file"]).read_text(encoding="utf-8").splitlines():
            if para.strip():
                docs.append(jieba.lcut(para))
    d = Dictionary(docs)
    bow = [d.doc2bow(x) for x in docs]
    LdaModel(bow, id2word=d, num_topics=10, passes=10, random_state=0)
    print(f"naive notebook: {len(docs)} paragraphs in {time.perf_counter() - t0:.1f} s")


if __name__ == "__main__":
    main(sys.argv[1])
