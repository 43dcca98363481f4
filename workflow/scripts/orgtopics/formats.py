"""Text out of the file formats researchers hold: plain text, saved web pages, Word and PDF files.

Each reader takes a file's bytes and returns its text with one paragraph per line, the name of the
format (recorded in the ``encoding`` column of ``documents.csv``) and the metadata the file itself
carries (a web page's title and date, a Word or PDF file's title), which a manifest may override.
Extraction uses maintained libraries only: trafilatura for web pages (it drops navigation, scripts,
styles, comments and footers), python-docx for Word and pypdf for PDF text layers.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field

#: File endings read as documents in a corpus folder (compared case-insensitively).
DOCUMENT_SUFFIXES = (".txt", ".html", ".htm", ".docx", ".pdf")

#: Invisible format characters (Unicode category Cf: zero-width spaces and joiners, bidi controls, soft
#: hyphens, the BOM) split words without showing; they are removed from texts and metadata.
_LINE_SEPARATORS = str.maketrans({"\u2028": "\n", "\u2029": "\n", "\x85": "\n", "\x0b": "\n", "\x0c": "\n"})


#: Every code point of Unicode category Cf, as ranges (tests/test_intake.py holds it against unicodedata).
#: A regular expression over ranges is ten times faster than a per-character category lookup, and this runs
#: on every document at validation and in cleaning.
INVISIBLE_RE = re.compile(
    "[\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890-\u0891\u08e2\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064"
    "\u2066-\u206f\ufeff\ufff9-\ufffb\U000110bd\U000110cd\U00013430-\U00013438\U0001bca0-\U0001bca3"
    "\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f]"
)


def strip_invisible(text: str) -> tuple[str, int]:
    """Remove invisible format characters (Unicode category Cf) and turn Unicode line and paragraph
    separators into newlines.

    Returns
    -------
    text : str
    n_removed : int
        Number of format characters removed.

    Examples
    --------
    >>> strip_invisible("组\\u200b织\\u2028干\\u202e部")
    ('组织\\n干部', 2)
    """
    text = text.translate(_LINE_SEPARATORS)
    if text.isascii():
        return text, 0
    out = INVISIBLE_RE.sub("", text)
    return out, len(text) - len(out)


def clean_cell(value: str) -> str:
    """A metadata cell without invisible characters, line breaks folded to spaces, stripped."""
    text, _ = strip_invisible(str(value))
    return " ".join(text.split())


@dataclass
class Extracted:
    """A document's text and what its file says about it.

    Attributes
    ----------
    text : str
        One paragraph per line.
    encoding : str
        ``utf-8``, ``gb18030`` ... for text files; ``html/<charset>``, ``docx`` or ``pdf`` otherwise.
    meta : dict
        ``title`` and ``date`` where the file carries them (empty strings are left out).
    """

    text: str
    encoding: str
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


class ExtractionError(ValueError):
    """The file cannot give text; the message says why and how to fix it."""


def extract(name: str, data: bytes, *, encoding: str | None = None) -> Extracted:
    """Text and metadata of one file, by its ending.

    Parameters
    ----------
    name : str
        File name (its ending chooses the reader, case-insensitively).
    data : bytes
        The file's content.
    encoding : str, optional
        Force this text encoding (text files and web pages).

    Raises
    ------
    ExtractionError
        If the file holds no text (a scanned PDF, an empty page, a damaged Word file).
    UnicodeDecodeError, ValueError
        If a text file cannot be decoded (see :func:`decode_bytes`).
    """
    suffix = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if suffix in ("html", "htm"):
        return _html(data, encoding)
    if suffix == "docx":
        return _docx(data)
    if suffix == "pdf":
        return _pdf(data)
    text, enc = decode_bytes(data, encoding=encoding)
    return Extracted(text, enc)


_META_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?([A-Za-z0-9_-]+)", re.IGNORECASE)


def _html(data: bytes, encoding: str | None) -> Extracted:
    import trafilatura

    declared = _META_CHARSET.search(data[:4096])
    if encoding is None and declared is not None:
        try:
            text, enc = data.decode(declared.group(1).decode("ascii")), declared.group(1).decode("ascii").lower()
        except (LookupError, UnicodeDecodeError):
            text, enc = decode_bytes(data)
    else:
        text, enc = decode_bytes(data, encoding=encoding)
    if "<" not in text:
        raise ExtractionError("holds no HTML markup")
    body = trafilatura.extract(
        text,
        include_comments=False,
        include_tables=True,
        include_images=False,
        include_links=False,
        favor_recall=True,
        deduplicate=False,
    )
    if not body or not body.strip():
        raise ExtractionError("trafilatura found no main text in the page (navigation or scripts only?)")
    meta = {}
    md = trafilatura.extract_metadata(text)
    if md is not None:
        meta = {k: clean_cell(v) for k, v in (("title", md.title), ("date", md.date)) if v}
    return Extracted(body, f"html/{enc}", meta)


def _docx(data: bytes) -> Extracted:
    import zipfile

    import docx

    try:
        doc = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as e:
        raise ExtractionError(f"is not a readable Word (.docx) file ({e})") from e
    lines = [p.text for p in doc.paragraphs]
    for table in doc.tables:  # text in tables is text too (one cell a line)
        for row in table.rows:
            lines += [c.text for c in row.cells]
    meta = {"title": clean_cell(doc.core_properties.title or "")}
    return Extracted("\n".join(lines), "docx", {k: v for k, v in meta.items() if v})


_SENTENCE_END = "。！？；：”’」』）)!?;:…"


def join_wrapped_lines(lines: list[str]) -> str:
    """Join a PDF's layout lines into paragraphs: a line that does not end a sentence continues on the
    next one (a PDF breaks lines where the page is full, inside words)."""
    out: list[str] = []
    for line in (ln.strip() for ln in lines):
        if not line:
            out.append("")
        elif out and out[-1] and out[-1][-1] not in _SENTENCE_END:
            out[-1] += line
        else:
            out.append(line)
    return "\n".join(out)


def _pdf(data: bytes) -> Extracted:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        pages = [p.extract_text() or "" for p in reader.pages]
    except (PdfReadError, ValueError, KeyError) as e:
        raise ExtractionError(f"is not a readable PDF ({e})") from e
    text = join_wrapped_lines("\n".join(pages).split("\n"))
    if not text.strip():
        raise ExtractionError("has no text layer (a scanned PDF?): run OCR on it first, or save the text as .txt")
    title = ""
    if reader.metadata is not None and reader.metadata.title:
        title = clean_cell(reader.metadata.title)
    return Extracted(text, "pdf", {"title": title} if title else {})
