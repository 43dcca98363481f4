"""Errors that carry a message a researcher can act on."""

from __future__ import annotations

from dataclasses import dataclass


class OrgtopicsError(Exception):
    """Base class: the message names the file, the row and the fix."""


@dataclass(frozen=True)
class Problem:
    """One problem found while validating input.

    Parameters
    ----------
    where : str
        File (and row) the problem is in, e.g. ``"manifest.csv row 3"``.
    what : str
        What is wrong.
    fix : str
        How to fix it.
    """

    where: str
    what: str
    fix: str

    def __str__(self) -> str:
        return f"{self.where}: {self.what}. Fix: {self.fix}"


class CorpusError(OrgtopicsError):
    """Raised with every problem of a corpus at once, one line each."""

    def __init__(self, problems: list[Problem], *, corpus: str = "") -> None:
        self.problems = list(problems)
        head = f"corpus {corpus!r} " if corpus else "corpus "
        lines = [f"{head}has {len(self.problems)} problem(s):"]
        lines += [f"  - {p}" for p in self.problems]
        super().__init__("\n".join(lines))


class ConfigError(OrgtopicsError):
    """Raised when a configuration or resource file is invalid."""
