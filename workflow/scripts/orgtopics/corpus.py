"""Read and validate a corpus: a folder of ``.txt`` files described by ``manifest.csv``.

Validation collects *every* problem before any work starts and raises one
:class:`~orgtopics.errors.CorpusError` that lists them, each naming the file (and manifest row),
the problem and the fix.
"""

from __future__ import annotations

import csv
import datetime as _dt
import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import CorpusError, Problem

MANIFEST = "manifest.csv"
KNOWN_COLUMNS = ("id", "file", "year", "date", "title", "author", "region", "source", "url", "note")
MIN_YEAR = 1900
_YEAR_IN_NAME = re.compile(r"(?<!\d)(1[89]\d\d|20\d\d)(?!\d)")
_DATE_RE = re.compile(r"^(\d{4})(?:[-/.](\d{1,2})(?:[-/.](\d{1,2}))?)?$")


@dataclass
class Document:
    """A raw document and its metadata.

    Attributes
    ----------
    id : str
    file : str
        Path relative to the corpus folder.
    year : int
    raw : str
        Decoded text.
    encoding : str
        Encoding used to decode it.
    sha256 : str
        Hash of the file's bytes.
    meta : dict
        Every other manifest column (title, author, region, source, extra columns ...).
    """

    id: str
    file: str
    year: int
    raw: str
    encoding: str
    sha256: str
    meta: dict[str, str] = field(default_factory=dict)


def decode_bytes(data: bytes, *, encoding: str | None = None) -> tuple[str, str]:
    """Decode a text file's bytes.

    UTF-8 (with or without BOM) and UTF-16 with a BOM are recognised exactly; anything else is
    tried as GB18030 and Big5 and the candidate with fewer suspicious characters wins, as judged
    by ``charset-normalizer``.

    Parameters
    ----------
    data : bytes
    encoding : str, optional
        Force this encoding.

    Returns
    -------
    text : str
    encoding : str

    Raises
    ------
    UnicodeDecodeError
        If no encoding decodes the bytes as text.
    ValueError
        If the bytes look binary (NUL bytes without a UTF-16 BOM).
    """
    if encoding:
        return data.decode(encoding), encoding
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "utf-16"
    if b"\x00" in data:
        raise ValueError("binary content (NUL bytes)")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=["gb18030", "big5", "utf_8"]).best()
    if best is None:
        raise UnicodeDecodeError("unknown", data[:1], 0, 1, "not UTF-8, GB18030 or Big5 text")
    enc = best.encoding.replace("_", "-")
    if enc in ("gbk", "gb2312"):
        enc = "gb18030"
    return data.decode(enc), enc


def parse_year(value: str, *, max_year: int | None = None) -> int:
    """A year from a ``year`` or ``date`` cell (``2019``, ``2019-04``, ``2019-04-26``).

    Raises
    ------
    ValueError
        With a message saying what is wrong.
    """
    max_year = max_year or _dt.date.today().year + 1
    s = str(value).strip()
    if re.fullmatch(r"\d+\.0", s):
        s = s[:-2]
    m = _DATE_RE.match(s)
    if not m:
        raise ValueError(f"{value!r} is not a whole year or an ISO date")
    y = int(m.group(1))
    if not MIN_YEAR <= y <= max_year:
        raise ValueError(f"year {y} is outside {MIN_YEAR}-{max_year}")
    return y


def _inside(folder: Path, rel: str) -> Path | None:
    p = Path(rel)
    if p.is_absolute() or ".." in p.parts:
        return None
    full = (folder / p)
    try:
        full.resolve().relative_to(folder.resolve())
    except ValueError:
        return None
    return full


def read_manifest(folder: Path) -> tuple[list[dict[str, str]], list[Problem]]:
    """Rows of ``manifest.csv``, or rows inferred from file names when there is no manifest."""
    mpath = folder / MANIFEST
    if not mpath.exists():
        rows, problems = [], []
        files = sorted(p for p in folder.glob("*.txt"))
        if not files:
            problems.append(Problem(str(folder), "no manifest.csv and no .txt files",
                                    "put the texts (.txt) in the folder with a manifest.csv (columns file,year)"))
        for p in files:
            years = _YEAR_IN_NAME.findall(p.stem)
            if len(years) != 1:
                problems.append(Problem(
                    str(p), "no manifest.csv, and the file name does not hold exactly one four-digit year",
                    f"rename it like report_2007.txt, or write {mpath} with columns file,year (e.g. `{p.name},2007`)"))
                continue
            rows.append({"file": p.name, "year": years[0]})
        return rows, problems
    try:
        text, _ = decode_bytes(mpath.read_bytes())
    except (UnicodeDecodeError, ValueError) as e:
        return [], [Problem(str(mpath), f"cannot be read as text ({e})", "save it as UTF-8 CSV")]
    reader = csv.DictReader(text.splitlines())
    cols = [c.strip() for c in (reader.fieldnames or [])]
    missing = [c for c in ("file",) if c not in cols]
    if "year" not in cols and "date" not in cols:
        missing.append("year (or date)")
    if missing:
        return [], [Problem(str(mpath), f"missing column(s): {', '.join(missing)}",
                            "add a header line with at least `file,year`")]
    rows = [{(k or "").strip(): (v or "").strip() for k, v in r.items() if k is not None} for r in reader]
    return rows, []


def load_corpus(folder: str | Path, *, encoding: str | None = None, name: str = "") -> list[Document]:
    """Read every document of a corpus folder, validating everything first.

    Parameters
    ----------
    folder : str or Path
        The corpus folder (``.txt`` files and, usually, ``manifest.csv``).
    encoding : str, optional
        Force one encoding for every file instead of detecting it.
    name : str
        Corpus name, for messages.

    Returns
    -------
    list of Document
        In manifest order.

    Raises
    ------
    CorpusError
        Listing every problem found.
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise CorpusError([Problem(str(folder), "is not a folder", "give the path of the corpus folder")], corpus=name)
    rows, problems = read_manifest(folder)
    mname = str(folder / MANIFEST)
    docs: list[Document] = []
    seen_ids: dict[str, int] = {}
    seen_hash: dict[str, str] = {}
    for i, row in enumerate(rows, start=2):  # row 1 is the header
        where = f"{mname} row {i}" if (folder / MANIFEST).exists() else str(folder / row.get("file", ""))
        rel = row.get("file", "")
        if not rel:
            problems.append(Problem(where, "empty `file`", "give the text file's name relative to the folder"))
            continue
        doc_id = row.get("id") or Path(rel).stem
        if doc_id in seen_ids:
            problems.append(Problem(where, f"duplicate id {doc_id!r} (also row {seen_ids[doc_id]})", "give each document its own id"))
        seen_ids.setdefault(doc_id, i)
        year_cell = row.get("year") or row.get("date") or ""
        try:
            year = parse_year(year_cell) if year_cell else None
            if year is None:
                raise ValueError("year is missing")
        except ValueError as e:
            problems.append(Problem(where, str(e), "write the year as a whole number such as 2019 (or a date 2019-04-26)"))
            year = None
        path = _inside(folder, rel)
        if path is None:
            problems.append(Problem(where, f"file {rel!r} lies outside the corpus folder", "keep texts inside the folder and use a relative path"))
            continue
        if not path.is_file():
            problems.append(Problem(where, f"file {rel!r} does not exist", f"put {rel} into {folder} or fix the name"))
            continue
        data = path.read_bytes()
        try:
            raw, enc = decode_bytes(data, encoding=encoding)
        except (UnicodeDecodeError, ValueError, LookupError) as e:
            problems.append(Problem(f"{path} ({where})", f"cannot be decoded as text: {e}",
                                    "save it as UTF-8 text, or set `encoding:` for the corpus"))
            continue
        if not raw.strip():
            problems.append(Problem(f"{path} ({where})", "file is empty", "remove its row or supply the text"))
            continue
        digest = hashlib.sha256(data).hexdigest()
        if digest in seen_hash:
            problems.append(Problem(f"{path} ({where})", f"same text as {seen_hash[digest]}", "remove the duplicate row"))
            continue
        seen_hash[digest] = rel
        meta = {k: v for k, v in row.items() if k not in ("id", "file", "year")}
        if year is not None:
            docs.append(Document(doc_id, rel, year, raw, enc, digest, meta))
    if problems:
        raise CorpusError(problems, corpus=name)
    return docs


def sha256_file(path: str | Path) -> str:
    """SHA-256 of a file's bytes."""
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def corpus_files(folder: str | Path) -> list[Path]:
    """The input files of a corpus (manifest and texts), for Snakemake's ``input:``.

    Does not validate: unreadable manifests return only what exists, and validation reports them.
    """
    folder = Path(folder)
    rows, _ = read_manifest(folder) if folder.is_dir() else ([], [])
    files = [folder / MANIFEST] if (folder / MANIFEST).exists() else []
    for row in rows:
        p = _inside(folder, row.get("file", ""))
        if p is not None and p.is_file():
            files.append(p)
    return files


def as_record(doc: Document) -> dict[str, Any]:
    """A flat dict of a document's metadata for tables."""
    return {"doc_id": doc.id, "file": doc.file, "year": doc.year, **doc.meta,
            "encoding": doc.encoding, "sha256": doc.sha256}
