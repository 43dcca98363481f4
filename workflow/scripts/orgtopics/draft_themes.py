"""Draft a themes file for a new domain from a run's topics, for the researcher to edit.

A study of another kind of text (government work reports, court decisions) needs its own themes: the
organizational-work themes of ``config/themes.yaml`` will not fit it. After one run with the default themes,
the fitted topics show what the corpus talks about. This drafts one theme per topic, with the topic's terms of
highest FREX as seed terms (each term in one theme only: the topic where its FREX is highest keeps it), in the
format :func:`orgtopics.resources.read_themes` reads. The names are placeholders: the researcher names the
themes, merges and splits them, and moves terms, then points the corpus at the file (``themes:`` in its
``corpus.yaml``) and runs again.

Usage::

    python -m orgtopics.draft_themes results/<corpus>              # writes results/<corpus>/draft_themes.yaml
    python -m orgtopics.draft_themes results/<corpus> -o themes.yaml
"""

from __future__ import annotations

import argparse
from pathlib import Path

import yaml

from .style import TOPIC_COLORS
from .tables import read_table

#: Seed terms drafted per theme (``read_themes`` needs at least 15).
N_SEEDS = 20


def draft_themes(results: str | Path, *, n_seeds: int = N_SEEDS) -> str:
    """The text of a themes file with one theme per topic of the run in ``results`` (``results/<corpus>``).

    Raises
    ------
    FileNotFoundError
        If the run has no ``tables/topic_terms.csv`` (run the workflow on the corpus first).
    """
    terms = read_table(Path(results) / "tables" / "topic_terms.csv")
    labels = read_table(Path(results) / "tables" / "topic_labels.csv").set_index("topic")["label"]
    best = terms.sort_values(["frex", "prob", "term"], ascending=[False, False, True]).drop_duplicates("term")
    themes = []
    for k, g in best.groupby("topic", sort=True):
        seeds = g.sort_values(["frex", "prob", "term"], ascending=[False, False, True])["term"].head(n_seeds)
        themes.append(
            {
                "id": f"topic_{int(k)}",
                "zh": str(labels.get(k, f"T{k}")),
                "en": f"Topic {int(k)} (rename me)",
                "color": TOPIC_COLORS[int(k) % len(TOPIC_COLORS)],
                "seeds": [str(t) for t in seeds],
            }
        )
    head = (
        f"# Drafted by orgtopics.draft_themes from {Path(results) / 'tables' / 'topic_terms.csv'}: one theme per\n"
        "# topic, its terms of highest FREX as seed terms. Edit before use: name each theme (zh, en), merge,\n"
        "# split or drop themes, move terms; keep 15 or more seed terms per theme and each term in one theme.\n"
        "# Then set `themes: <this file>` in the corpus's corpus.yaml and run again.\n"
    )
    short = [f"{t['id']} ({len(t['seeds'])})" for t in themes if len(t["seeds"]) < 15]
    if short:
        head += f"# Fewer than 15 seed terms, add some before use: {', '.join(short)}.\n"
    body = {"title": {"zh": "主题强调的变迁", "en": "How thematic emphasis shifts"}, "themes": themes}
    return head + yaml.safe_dump(body, allow_unicode=True, sort_keys=False, width=100)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("results", help="a run's results folder, results/<corpus>")
    ap.add_argument("-o", "--output", help="where to write (default: <results>/draft_themes.yaml)")
    a = ap.parse_args(argv)
    out = Path(a.output or Path(a.results) / "draft_themes.yaml")
    out.write_text(draft_themes(a.results), encoding="utf-8")
    print(f"wrote {out}: edit it, then set `themes: {out.name}` in the corpus's corpus.yaml (copy it there)")


if __name__ == "__main__":
    main()
