"""Readers for the project's word lists: domain dictionary, stopword lists and themes."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from .errors import ConfigError

_COLOR_RE = re.compile(r"^#[0-9a-fA-F]{6}$")


def read_word_list(path: str | Path) -> list[str]:
    """Read a one-word-per-line list; ``#`` starts a comment line, blank lines are skipped.

    Only the first whitespace-separated field of a line is the word, so a jieba user dictionary
    (``word [freq] [tag]``) reads as its words.
    """
    words: list[str] = []
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            words.append(line.split()[0])
    return words


def read_user_dictionary(path: str | Path) -> list[tuple[str, str | None]]:
    """Read a jieba-style user dictionary: ``word [freq] [tag]`` per line, ``#`` comments.

    Returns
    -------
    list of (word, tag)
        Frequencies are ignored: the segmenter assigns every entry the same high frequency.

    Raises
    ------
    ConfigError
        If a line has more than three fields.
    """
    out: list[tuple[str, str | None]] = []
    for n, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), start=1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        parts = line.split()
        if len(parts) > 3:
            raise ConfigError(
                f"{path} line {n}: expected `word [freq] [tag]`, got {line!r}. "
                "Fix: one entry per line, no spaces inside a word"
            )
        tag = next((p for p in parts[1:] if not p.isdigit()), None)
        out.append((parts[0], tag))
    return out


@dataclass(frozen=True)
class Theme:
    """One theme of organizational work.

    Attributes
    ----------
    id : str
        ASCII identifier used in tables.
    zh, en : str
        Chinese name and English gloss.
    color : str
        ``#rrggbb`` colour used for the theme in every figure.
    seeds : tuple of str
        Seed terms (single tokens after segmentation).
    """

    id: str
    zh: str
    en: str
    color: str
    seeds: tuple[str, ...]

    @property
    def label(self) -> str:
        """``"干部工作 (Cadre work)"``."""
        return f"{self.zh} ({self.en})"


#: The report's title when a themes file gives none (``title: {zh: ..., en: ...}``).
DEFAULT_TITLE = {"zh": "主题强调的变迁", "en": "How thematic emphasis shifts"}


def read_themes_title(path: str | Path) -> dict[str, str]:
    """The report's title for the themes of ``path``: its ``title: {zh, en}``, or :data:`DEFAULT_TITLE`."""
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    title = data.get("title") if isinstance(data, dict) else None
    if not isinstance(title, dict):
        return dict(DEFAULT_TITLE)
    return {k: str(title.get(k) or DEFAULT_TITLE[k]) for k in ("zh", "en")}


def read_themes(path: str | Path, *, min_seeds: int = 15) -> list[Theme]:
    """Read and check ``themes.yaml``.

    Raises
    ------
    ConfigError
        On a missing field, a bad colour, too few seed terms, or a term in two themes.
    """
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    items = data.get("themes")
    if not isinstance(items, list) or not items:
        raise ConfigError(f"{path}: no `themes:` list. Fix: see config/themes.yaml for the format")
    themes: list[Theme] = []
    owner: dict[str, str] = {}
    problems: list[str] = []
    for i, item in enumerate(items, start=1):
        missing = [k for k in ("id", "zh", "en", "color", "seeds") if k not in item]
        if missing:
            problems.append(f"theme {i}: missing {missing}")
            continue
        if not re.fullmatch(r"[a-z][a-z0-9_]*", str(item["id"])):
            problems.append(f"theme {i}: id {item['id']!r} must be lower-case ASCII")
        if not _COLOR_RE.match(str(item["color"])):
            problems.append(f"theme {item['id']}: colour {item['color']!r} is not #rrggbb")
        seeds = [str(s) for s in item["seeds"]]
        if len(seeds) < min_seeds:
            problems.append(f"theme {item['id']}: {len(seeds)} seed terms, at least {min_seeds} needed")
        for s in seeds:
            if s in owner and owner[s] != item["id"]:
                problems.append(f"seed term {s!r} is in both {owner[s]!r} and {item['id']!r}")
            owner[s] = item["id"]
        themes.append(Theme(str(item["id"]), str(item["zh"]), str(item["en"]), str(item["color"]), tuple(seeds)))
    if problems:
        raise ConfigError(f"{path}: " + "; ".join(problems) + ". Fix: edit the file as its header explains")
    return themes
