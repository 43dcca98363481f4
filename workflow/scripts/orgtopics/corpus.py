"""Read and validate a corpus: a folder of ``.txt`` files (with ``manifest.csv``, or years in the file
names) or one table (``.csv``, ``.jsonl``, ``.parquet``).

Validation collects *every* problem before any work starts and raises one
:class:`~orgtopics.errors.CorpusError` that lists them, each naming the file (and manifest row),
the problem and the fix.
"""

from __future__ import annotations

import csv
import datetime as _dt
import hashlib
import io
import re
from collections.abc import Mapping, MutableMapping
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

from .clean import CleanRules
from .document_checks import DocumentChecks
from .errors import CorpusError, Problem
from .formats import DOCUMENT_SUFFIXES, ExtractionError, clean_cell, decode_bytes, extract
from .near_duplicates import near_duplicates

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
    size : int
        Size of the text in bytes (the file's, or a table cell's as UTF-8).
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
    row: int | None = None
    size: int = 0


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
    month, day = m.group(2), m.group(3)
    try:
        _dt.date(y, int(month or 1), int(day or 1))
    except ValueError:
        raise ValueError(f"{value!r} is not a real date (month 1-12, a day the month has)") from None
    return y


def _inside(folder: Path, rel: str) -> Path | None:
    p = Path(rel)
    if p.is_absolute() or ".." in p.parts:
        return None
    full = folder / p
    try:
        full.resolve().relative_to(folder.resolve())
    except ValueError:
        return None
    return full


def is_document_file(p: Path) -> bool:
    """Whether a file in a corpus folder is read as a document (by its ending, in any case)."""
    return p.is_file() and p.suffix.lower() in DOCUMENT_SUFFIXES and not p.name.startswith(".")


def read_manifest(folder: Path) -> tuple[list[dict[str, str]], list[Problem], list[str]]:
    """Rows of ``manifest.csv``, or rows inferred from file names when there is no manifest.

    Without a manifest every document file (``.txt``, ``.html``/``.htm``, ``.docx``, ``.pdf``, endings in
    any case) is a row; its year comes from a four-digit year in its name or, for a web page, from the
    date the page carries.

    Returns
    -------
    rows : list of dict
        Cells without invisible characters; ``_row`` holds the manifest's row number (header = row 1).
    problems : list of Problem
    warnings : list of str
        Document files the manifest does not list (they are not part of the corpus).
    """
    mpath = folder / MANIFEST
    files = sorted((p for p in folder.iterdir() if is_document_file(p)), key=lambda p: p.name)
    if not mpath.exists():
        rows, problems = [], []
        if not files:
            problems.append(
                Problem(
                    str(folder),
                    f"no manifest.csv and no document files ({', '.join(DOCUMENT_SUFFIXES)})",
                    "put the texts in the folder with a manifest.csv (columns file,year)",
                )
            )
        for p in files:
            years = _YEAR_IN_NAME.findall(p.stem)
            if len(years) != 1 and p.suffix.lower() in (".html", ".htm"):
                rows.append({"file": p.name, "year": ""})  # the page's own date, read once by scan_corpus
                continue
            if len(years) != 1:
                problems.append(
                    Problem(
                        str(p),
                        "no manifest.csv, and the file name does not hold exactly one four-digit year",
                        f"rename it like report_2007{p.suffix}, or write {mpath} with columns file,year "
                        f"(e.g. `{p.name},2007`)",
                    )
                )
                continue
            rows.append({"file": p.name, "year": years[0]})
        return rows, problems, []
    try:
        text, _ = decode_bytes(mpath.read_bytes())
    except (UnicodeDecodeError, ValueError) as e:
        return [], [Problem(str(mpath), f"cannot be read as text ({e})", "save it as UTF-8 CSV")], []
    # the csv module reads quoted fields with line breaks whole; only \n and \r end a record, so a U+2028
    # inside a title stays in its cell
    reader = csv.reader(io.StringIO(text, newline=""))
    header = [clean_cell(c) for c in next(reader, [])]
    missing = [c for c in ("file",) if c not in header]
    if "year" not in header and "date" not in header:
        missing.append("year (or date)")
    if missing:
        return (
            [],
            [
                Problem(
                    str(mpath),
                    f"missing column(s): {', '.join(missing)}",
                    "add a header line with at least `file,year`",
                )
            ],
            [],
        )
    rows, problems = [], []
    for n, cells in enumerate(reader, start=2):
        if not any(c.strip() for c in cells):
            continue
        if len(cells) > len(header):
            problems.append(
                Problem(
                    f"{mpath} row {n}",
                    f"has {len(cells)} fields but the header has {len(header)} "
                    f"(a comma inside a value?): {cells[len(header) :]!r} would be lost",
                    'put a value that holds a comma in double quotes ("a, b")',
                )
            )
            continue
        row = {k: clean_cell(v) for k, v in zip(header, cells) if k}
        row["_row"] = str(n)
        rows.append(row)
    listed = {Path(r.get("file", "")).as_posix() for r in rows}
    warnings = [
        f"{p} is in the folder but not in {MANIFEST}: it is not part of the corpus "
        f"(add a row for it, or move it out of the folder)"
        for p in files
        if p.name not in listed
    ]
    return rows, problems, warnings


@dataclass
class CorpusSettings:
    """Per-corpus settings: the ``corpora:`` entry of the config, overridden by ``corpus.yaml`` in the folder.

    Attributes
    ----------
    name : str
    path : Path
        A folder of ``.txt`` files, or one table (``.csv``, ``.jsonl``, ``.parquet``).
    encoding : str or None
        Force one encoding (folders); None detects per file.
    text_column, year_column, date_column, id_column : str
        Column names of a table corpus.
    on_bad_document : {"error", "skip"}
        Stop on any bad document, or run the good ones and list the bad ones in the report.
    near_duplicate_threshold : float
        Warn about pairs of documents whose estimated Jaccard similarity of 5-character shingles is
        at least this (1 disables the check).
    extra_dictionary, extra_stopwords : list of str
        Further word lists for this corpus (paths relative to the corpus folder or absolute).
    drop_lines : list of str
        Regular expressions of this corpus's page furniture: a line one matches is dropped under the cleaning rule
        ``corpus``, whatever its length, besides the config's rules (:meth:`clean_rules`).
    shards : int or "auto"
        Documents are grouped into at most this many shards by content hash (incremental work);
        ``"auto"``: one shard per :data:`orgtopics.workflow_support.AUTO_SHARD_BYTES` of text, rounded up.
    periods : list of dict
        Optional ``{label, start, end}`` groups of years (e.g. congress terms): every analysis then
        groups by period instead of year; a period is keyed by its start year.
    themes : str or None
        This corpus's own themes file (relative to the corpus folder); None: the config's.
    track_terms : list of str or None
        This corpus's tracked terms; None: the config's.
    cut_year : int or None
        This corpus's before/after cut year; None: the config's.
    covariates : list of str or None
        Manifest (or table) columns to adjust the trends for; every document must have a value in each. None:
        the config's (none by default).
    """

    name: str
    path: Path
    encoding: str | None = None
    text_column: str = "text"
    year_column: str = "year"
    date_column: str = "date"
    id_column: str = "id"
    on_bad_document: str = "error"
    near_duplicate_threshold: float = 0.9
    extra_dictionary: list[str] = field(default_factory=list)
    extra_stopwords: list[str] = field(default_factory=list)
    drop_lines: list[str] = field(default_factory=list)
    shards: int | str = "auto"
    periods: list[dict[str, Any]] = field(default_factory=list)
    themes: str | None = None
    track_terms: list[str] | None = None
    cut_year: int | None = None
    covariates: list[str] | None = None

    def period_of(self, year: int) -> dict[str, Any] | None:
        """The period holding ``year`` (None when periods are not used or none holds it)."""
        for p in self.periods:
            if int(p["start"]) <= year <= int(p["end"]):
                return p
        return None

    def clean_rules(self, clean_cfg: Mapping[str, Any] | None) -> CleanRules:
        """The cleaning rules of this corpus: those of the config's ``clean:`` section, and :attr:`drop_lines` as
        :attr:`CleanRules.corpus_patterns` (rule ``corpus``, whatever a line's length)."""
        return replace(CleanRules.from_config(clean_cfg), corpus_patterns=tuple(self.drop_lines))

    @property
    def is_table(self) -> bool:
        return self.path.suffix.lower() in TABLE_SUFFIXES

    @property
    def settings_file(self) -> str | None:
        """Where this corpus's own settings go: ``corpus.yaml`` in its folder; None for a table, which has no
        folder of its own (its settings go in its entry under ``corpora:`` in the config)."""
        return None if self.is_table else str(self.path / SETTINGS_FILE)

    @property
    def answers_dir(self) -> Path:
        """Where coders save their validation answer files: ``validation/`` in the corpus folder (beside a table
        corpus). Never a document folder: documents are read from the corpus folder itself, not its subfolders."""
        return Path(self.resolve("validation"))

    def answer_files(self) -> list[Path]:
        """The answer files (``*.csv``, any case) in :attr:`answers_dir`, sorted; none when it does not exist."""
        folder = self.answers_dir
        if not folder.is_dir():
            return []
        return sorted(p for p in folder.iterdir() if p.is_file() and p.suffix.lower() == ".csv")

    def resolve(self, rel: str) -> str:
        """A word-list path given in the settings, relative to the corpus folder."""
        p = Path(rel)
        base = self.path.parent if self.is_table else self.path
        return str(p if p.is_absolute() else base / p)

    def to_dict(self) -> dict[str, Any]:
        """The settings as plain values (the path as a string): rule params, the saved scan."""
        d = asdict(self)
        d["path"] = str(self.path)
        return d

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> CorpusSettings:
        """The settings back from :meth:`to_dict`."""
        return cls(**{**d, "path": Path(d["path"])})


TABLE_SUFFIXES = (".csv", ".jsonl", ".parquet", ".xlsx")
SETTINGS_FILE = "corpus.yaml"


def corpus_settings(name: str, entry: Mapping[str, Any], *, schema: Mapping[str, Any] | None = None) -> CorpusSettings:
    """Settings of one corpus: ``entry`` (from the config) updated by ``<folder>/corpus.yaml``.

    Raises
    ------
    CorpusError
        If ``corpus.yaml`` is not valid against the corpus schema.
    """
    import yaml

    merged = dict(entry)
    if schema is not None:
        import jsonschema

        errs = list(jsonschema.Draft202012Validator(schema).iter_errors(merged))
        if errs:
            raise CorpusError(
                [
                    Problem(
                        f"config corpora: {name}",
                        f"{'/'.join(map(str, e.path)) or 'entry'}: {e.message}",
                        "see workflow/schemas/corpus.schema.yaml for the allowed keys",
                    )
                    for e in errs
                ],
                corpus=name,
            )
    path = Path(str(merged.pop("path")))
    local = path / SETTINGS_FILE if path.is_dir() else None
    if local is not None and local.exists():
        try:
            data = yaml.safe_load(local.read_text(encoding="utf-8")) or {}
        except yaml.YAMLError as e:
            raise CorpusError(
                [Problem(str(local), f"is not valid YAML ({e})", "fix the YAML syntax")], corpus=name
            ) from e
        if schema is not None:
            import jsonschema

            errs = sorted(jsonschema.Draft202012Validator(schema).iter_errors(data), key=lambda e: list(e.path))
            if errs:
                raise CorpusError(
                    [
                        Problem(
                            str(local),
                            f"{'/'.join(map(str, e.path)) or 'top level'}: {e.message}",
                            "see workflow/schemas/corpus.schema.yaml for the allowed keys",
                        )
                        for e in errs
                    ],
                    corpus=name,
                )
        merged.update({k: v for k, v in data.items() if v is not None or k == "encoding"})
    name = str(merged.pop("name", None) or name)
    known = set(CorpusSettings.__dataclass_fields__) - {"name", "path"}
    kwargs = {k: v for k, v in merged.items() if k in known}
    settings = CorpusSettings(name=name, path=path, **kwargs)
    problems = _settings_problems(
        settings, str(local) if local is not None and local.exists() else f"config corpora: {name}"
    )
    if problems:
        raise CorpusError(problems, corpus=name)
    return settings


def _settings_problems(s: CorpusSettings, where: str) -> list[Problem]:
    """Checks across keys that a schema cannot express: periods that are ordered and do not overlap, word
    lists that exist."""
    problems = []
    spans = sorted((int(p["start"]), int(p["end"]), str(p["label"])) for p in s.periods)
    for start, end, label in spans:
        if start > end:
            problems.append(
                Problem(
                    where, f"period {label!r} starts in {start}, after it ends ({end})", "give each period start <= end"
                )
            )
    for (s1, e1, l1), (s2, e2, l2) in zip(spans, spans[1:]):
        if s2 <= e1:
            problems.append(
                Problem(
                    where,
                    f"periods {l1!r} ({s1}-{e1}) and {l2!r} ({s2}-{e2}) overlap: a year in both "
                    "would count for the first only",
                    f"end {l1!r} before {s2} or start {l2!r} after {e1}",
                )
            )
    for pattern in s.drop_lines:
        try:
            re.compile(pattern)
        except re.error as e:
            problems.append(
                Problem(
                    where,
                    f"drop_lines: {pattern!r} is not a regular expression ({e})",
                    "fix the pattern (Python's re syntax; quote it in YAML), or remove it",
                )
            )
    for key in ("extra_dictionary", "extra_stopwords"):
        for rel in getattr(s, key):
            if not Path(s.resolve(rel)).is_file():
                problems.append(
                    Problem(
                        where,
                        f"{key}: {rel!r} does not exist (looked for {s.resolve(rel)})",
                        "give the word list's path relative to the corpus folder, or remove the entry",
                    )
                )
    if s.themes is not None:
        from .errors import ConfigError
        from .resources import read_themes

        themes = Path(s.resolve(s.themes))
        if not themes.is_file():
            problems.append(
                Problem(
                    where,
                    f"themes: {s.themes!r} does not exist (looked for {themes})",
                    "give the themes file's path relative to the corpus folder (python -m orgtopics.draft_themes "
                    "drafts one), or remove the key to use config/themes.yaml",
                )
            )
        else:
            try:
                read_themes(themes)
            except ConfigError as e:
                problems.append(Problem(where, f"themes: {e}", "fix the themes file as config/themes.yaml explains"))
    return problems


@dataclass
class Scan:
    """The validated corpus: documents to run, documents skipped, and warnings.

    Attributes
    ----------
    documents : list of Document
        With ``raw`` emptied (texts are re-read by the shard that cleans them).
    skipped : list of Problem
    warnings : list of str
    han : int
        Han characters left after cleaning, summed over the documents to run (the size the models see;
        where the checks ran without cleaning rules, a third of the texts' bytes).
    """

    documents: list[Document]
    skipped: list[Problem]
    warnings: list[str]
    han: int = 0


def _table_rows(settings: CorpusSettings) -> tuple[list[dict[str, Any]], list[Problem]]:
    """Rows of a table corpus, each with ``_where``: the place a researcher finds it (a CSV's or
    spreadsheet's row number with the header as row 1, a JSONL file's line, a Parquet file's row from 1)."""
    import pandas as pd

    p = settings.path
    suffix = p.suffix.lower()
    try:
        if suffix == ".csv":
            df = pd.read_csv(p, dtype=str, keep_default_na=False)
            where = [f"{p} row {i + 2}" for i in range(len(df))]
        elif suffix == ".xlsx":
            df = pd.read_excel(p, dtype=str, keep_default_na=False, engine="openpyxl")
            where = [f"{p} row {i + 2}" for i in range(len(df))]
        elif suffix == ".jsonl":
            df, where, problems = _jsonl(p)
            if problems:
                return [], problems
        else:
            df = pd.read_parquet(p)
            where = [f"{p} row {i + 1}" for i in range(len(df))]
    except Exception as e:  # noqa: BLE001 - any reader error is a problem of the file
        return [], [Problem(str(p), f"cannot be read as a {p.suffix} table ({e})", "check the file's format")]
    missing = [c for c in (settings.text_column,) if c not in df.columns]
    if settings.year_column not in df.columns and settings.date_column not in df.columns:
        missing.append(f"{settings.year_column} (or {settings.date_column})")
    if missing:
        return [], [
            Problem(
                str(p),
                f"missing column(s): {', '.join(missing)}; it has {list(df.columns)}",
                "name the columns in corpus settings (text_column, year_column or date_column)",
            )
        ]
    rows = df.to_dict("records")
    for r, w in zip(rows, where):
        r["_where"] = w
    return rows, []


_TABLE_CACHE: dict[tuple, tuple[list[dict[str, Any]], list[Problem]]] = {}


def _table_rows_once(settings: CorpusSettings) -> tuple[list[dict[str, Any]], list[Problem]]:
    """:func:`_table_rows`, read once per process for as long as the file is unchanged (a shard job re-reads
    the text of each of its documents: one read of the table, not one per row)."""
    st = settings.path.stat()
    key = (
        str(settings.path.resolve()),
        st.st_mtime_ns,
        st.st_size,
        settings.text_column,
        settings.year_column,
        settings.date_column,
    )
    if key not in _TABLE_CACHE:
        _TABLE_CACHE.clear()
        _TABLE_CACHE[key] = _table_rows(settings)
    return _TABLE_CACHE[key]


def _jsonl(p: Path):
    """A JSONL file as a DataFrame, read line by line so that a bad line is named by its number."""
    import json

    import pandas as pd

    records, where, problems = [], [], []
    text, _ = decode_bytes(p.read_bytes())
    for n, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
        except ValueError as e:
            problems.append(Problem(f"{p} line {n}", f"is not valid JSON ({e})", "write one JSON object per line"))
            continue
        if not isinstance(rec, dict):
            problems.append(
                Problem(
                    f"{p} line {n}", "is not a JSON object", 'write one object per line, {"text": ..., "year": ...}'
                )
            )
            continue
        records.append(rec)
        where.append(f"{p} line {n}")
    return pd.DataFrame.from_records(records), where, problems


def _text_of(doc_row: Mapping[str, Any], settings: CorpusSettings) -> tuple[str, str, bytes]:
    """(text, encoding, bytes) of a table row."""
    text = doc_row.get(settings.text_column)
    text = "" if text is None or (isinstance(text, float) and text != text) else str(text)
    return text, "utf-8", text.encode("utf-8")


def read_document_text(doc: Mapping[str, Any], settings: CorpusSettings) -> str:
    """Re-read the text of a scanned document (by file or table row) and check it is unchanged.

    Raises
    ------
    CorpusError
        If the content no longer matches the hash taken at validation.
    """
    if settings.is_table:
        rows, problems = _table_rows_once(settings)
        if problems:
            raise CorpusError(problems, corpus=settings.name)
        text, _, data = _text_of(rows[int(doc["row"])], settings)
    else:
        data = (settings.path / doc["file"]).read_bytes()
        enc = str(doc["encoding"]).removeprefix("html/")
        text = extract(doc["file"], data, encoding=None if enc in ("utf-8-sig", "docx", "pdf") else enc).text
    if hashlib.sha256(data).hexdigest() != doc["sha256"]:
        raise CorpusError(
            [Problem(f"{settings.path}/{doc.get('file') or doc['id']}", "changed during the run", "run again")],
            corpus=settings.name,
        )
    return text


def scan_corpus(
    settings: CorpusSettings, *, clean_rules=None, cache: MutableMapping[str, Any] | None = None, workers: int = 1
) -> Scan:
    """Validate a corpus without keeping its texts: every problem is collected.

    Parameters
    ----------
    settings : CorpusSettings
    clean_rules : CleanRules, optional
        When given, a document with no text left after cleaning is a problem too.
    cache : mutable mapping, optional
        Per content hash: the Han characters left after cleaning and the document's MinHash signature,
        so that unchanged documents are not cleaned or shingled again on the next validation.
    workers : int
        Processes for cleaning and shingling the documents not in ``cache`` (Linux only; a corpus of
        less than a few megabytes is always checked in this process).

    Returns
    -------
    Scan

    Raises
    ------
    CorpusError
        With every problem, when ``on_bad_document`` is ``error`` or the corpus as a whole is unusable.
    """
    path = settings.path
    fatal: list[Problem] = []
    per_doc: list[Problem] = []
    warnings: list[str] = []
    if settings.is_table:
        if not path.is_file():
            raise CorpusError(
                [Problem(str(path), "does not exist", "give the path of the table")], corpus=settings.name
            )
        rows, fatal = _table_rows(settings)
        mname = str(path)
    elif not path.is_dir():
        raise CorpusError(
            [
                Problem(
                    str(path),
                    f"is not a folder or a {'/'.join(TABLE_SUFFIXES)} table",
                    "give the path of the corpus folder or table",
                )
            ],
            corpus=settings.name,
        )
    else:
        rows, fatal, warnings = read_manifest(path)
        mname = str(path / MANIFEST)
    if fatal and not rows:
        raise CorpusError(fatal, corpus=settings.name)
    columns = [k for k in rows[0] if not str(k).startswith("_")] if rows else []
    absent = [c for c in settings.covariates or () if c not in columns]
    if absent:
        raise CorpusError(
            [
                Problem(
                    mname,
                    f"covariate {c!r} is not a column (columns: {', '.join(map(str, columns))})",
                    "add the column, or remove it from `covariates:` in corpus.yaml",
                )
                for c in absent
            ],
            corpus=settings.name,
        )
    per_doc += fatal  # rows the manifest could not read (a comma too many): the others go on
    has_manifest = settings.is_table or (path / MANIFEST).exists()
    seen_ids: dict[str, str] = {}
    seen_hash: dict[str, str] = {}
    candidates: list[tuple[str, Document]] = []  # (where, document) that pass the cheap checks
    checks = DocumentChecks(clean_rules, settings.near_duplicate_threshold < 1, cache, workers)
    for i, row in enumerate(rows):
        if settings.is_table:
            where = row["_where"]
        else:
            where = f"{mname} row {row['_row']}" if has_manifest else str(path / row.get("file", ""))
        if settings.is_table:
            rel = ""
            doc_id = clean_cell(row.get(settings.id_column) or "") or f"row{i + 1:06d}"
            year_cell = row.get(settings.year_column) or row.get(settings.date_column) or ""
        else:
            rel = row.get("file", "")
            if not rel:
                per_doc.append(Problem(where, "empty `file`", "give the text file's name relative to the folder"))
                continue
            doc_id = row.get("id") or Path(rel).stem
            year_cell = row.get("year") or row.get("date") or ""
        if "{" in rel + doc_id or "}" in rel + doc_id:
            per_doc.append(
                Problem(
                    where,
                    f"{'file name' if '{' in rel or '}' in rel else 'id'} {rel or doc_id!r} holds a brace, "
                    "which Snakemake reads as a wildcard",
                    "rename the file (or give an `id`) without { and }",
                )
            )
            continue
        if doc_id in seen_ids:
            per_doc.append(
                Problem(where, f"duplicate id {doc_id!r} (also {seen_ids[doc_id]})", "give each document its own id")
            )
            continue
        seen_ids[doc_id] = where.removeprefix(f"{mname} ")
        blank = str(year_cell).strip() in ("", "nan", "None")
        from_page = blank and Path(rel).suffix.lower() in (".html", ".htm")  # a web page may carry its own date
        if not from_page:
            try:
                if blank:
                    raise ValueError("year is missing")
                year = parse_year(str(year_cell))
            except ValueError as e:
                per_doc.append(
                    Problem(where, str(e), "write the year as a whole number such as 2019 (or a date 2019-04-26)")
                )
                continue
        if settings.is_table:
            text, enc, data = _text_of(row, settings)
            file_meta: dict[str, str] = {}
        else:
            full = _inside(path, rel)
            if full is None:
                per_doc.append(
                    Problem(
                        where,
                        f"file {rel!r} lies outside the corpus folder",
                        "keep texts inside the folder and use a relative path",
                    )
                )
                continue
            if not full.is_file():
                per_doc.append(Problem(where, f"file {rel!r} does not exist", f"put {rel} into {path} or fix the name"))
                continue
            data = full.read_bytes()
            try:
                got = extract(full.name, data, encoding=settings.encoding)
            except ExtractionError as e:
                per_doc.append(Problem(f"{full} ({where})", str(e), "check the file, or save its text as .txt"))
                continue
            except (UnicodeDecodeError, ValueError, LookupError) as e:
                per_doc.append(
                    Problem(
                        f"{full} ({where})",
                        f"cannot be decoded as text: {e}",
                        "save it as UTF-8 text, or set `encoding:` for the corpus",
                    )
                )
                continue
            text, enc, file_meta = got.text, got.encoding, got.meta
        if from_page:
            try:
                if not file_meta.get("date"):
                    raise ValueError("year is missing, and the page carries no date")
                year = parse_year(file_meta["date"])
            except ValueError as e:
                per_doc.append(
                    Problem(where, str(e), "write the year as a whole number such as 2019 (or a date 2019-04-26)")
                )
                continue
        empty = [c for c in settings.covariates or () if not clean_cell(str(row.get(c) or ""))]
        if empty:
            per_doc.append(
                Problem(
                    where,
                    f"covariate {empty[0]!r} is empty",
                    f"give every document a value in the {empty[0]} column (write 'unknown' where it is not known)",
                )
            )
            continue
        if settings.periods and settings.period_of(year) is None:
            per_doc.append(
                Problem(
                    where,
                    f"year {year} is in none of the corpus's periods",
                    "add a period that covers it to `periods:` in corpus.yaml",
                )
            )
            continue
        if not text.strip():
            per_doc.append(
                Problem(
                    where if settings.is_table else f"{path / rel} ({where})",
                    "file is empty" if not settings.is_table else "text is empty",
                    "remove its row or supply the text",
                )
            )
            continue
        digest = hashlib.sha256(data).hexdigest()
        if digest in seen_hash:
            per_doc.append(Problem(where, f"same text as {seen_hash[digest]}", "remove the duplicate"))
            continue
        seen_hash[digest] = rel or doc_id
        skip = (
            {"id", "file", "year", "_row", "_where"}
            if not settings.is_table
            else {settings.id_column, settings.text_column, settings.year_column, "_where"}
        )
        meta = {k: v for k, v in file_meta.items() if k != "date"}
        meta.update(
            {
                str(k): clean_cell("" if v is None else v)
                for k, v in row.items()
                if k not in skip and not (k in meta and not str(v or "").strip())
            }
        )
        candidates.append(
            (
                f"{path / rel} ({where})" if has_manifest and not settings.is_table else where,
                Document(
                    doc_id, rel, year, "", enc, digest, meta, row=None if not settings.is_table else i, size=len(data)
                ),
            )
        )
        checks.add(digest, text)
    results = checks.finish()
    docs: list[Document] = []
    signatures: dict[str, Any] = {}
    min_han = clean_rules.min_document_han if clean_rules is not None else 1
    han_total = 0
    for where, doc in candidates:
        han, removed_by, sig = results[doc.sha256]
        if han is not None and han < max(1, min_han):
            left = (
                "no text is left"
                if han == 0
                else f"only {han} Han characters are left (fewer than clean.min_document_han = {min_han})"
            )
            per_doc.append(
                Problem(
                    where,
                    f"{left} after cleaning{f'; removed most: {removed_by}' if removed_by else ''}",
                    "check that the file holds the article body, or relax the named `clean:` rule",
                )
            )
            continue
        docs.append(doc)
        han_total += han if han is not None else doc.size // 3
        if sig is not None:
            signatures[doc.id] = sig
    if not docs and not per_doc:
        per_doc.append(Problem(mname, "no documents", "add texts and rows"))
    if per_doc and (settings.on_bad_document != "skip" or not docs):
        raise CorpusError(per_doc, corpus=settings.name)
    warnings += near_duplicates(signatures, threshold=settings.near_duplicate_threshold) if signatures else []
    return Scan(docs, per_doc, warnings, han_total)


def load_corpus(folder: str | Path, *, encoding: str | None = None, name: str = "") -> list[Document]:
    """Read every document of a corpus folder or table, validating everything first.

    Parameters
    ----------
    folder : str or Path
        The corpus folder (``.txt`` files and, usually, ``manifest.csv``) or table.
    encoding : str, optional
        Force one encoding for every file instead of detecting it.
    name : str
        Corpus name, for messages.

    Returns
    -------
    list of Document
        In manifest order, with their texts.

    Raises
    ------
    CorpusError
        Listing every problem found.
    """
    settings = corpus_settings(name or Path(folder).name, {"path": str(folder), "encoding": encoding})
    settings.on_bad_document = "error"
    scan = scan_corpus(settings)
    for d in scan.documents:
        d.raw = read_document_text(asdict(d), settings)
    return scan.documents


def sha256_file(path: str | Path) -> str:
    """SHA-256 of a file's bytes."""
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()
