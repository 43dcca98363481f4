"""Clean raw web scrapes of Chinese policy texts.

Every step is a general rule driven by :class:`CleanRules` (filled from the ``clean:`` section of
``config/config.yaml``); nothing refers to a particular file or line offset. The steps, in order:

1. line endings (Unicode line and paragraph separators too), invisible format characters (zero-width
   spaces and joiners, bidi controls: they split words without showing) and Unicode NFKC normalisation
   (full-width letters, digits and punctuation);
2. inline pinyin annotations after a Han character, e.g. ``創(chuàng)`` -> ``創``;
3. traditional -> simplified conversion with OpenCC;
4. line rules: a *trailer* marker (相关新闻, 重要文章, a Wikisource licence ...) drops itself and every later
   line; named regular expressions drop page furniture (error pages, navigation, font controls, copyright/ICP,
   editor and source lines, site blurbs, images, adverts); lines with too few Han characters go;
5. header and footer zones: lines before the first and after the last *body* paragraph.

What was removed is recorded line by line (:attr:`CleanResult.removed`) and counted
(:attr:`CleanResult.stats`), so a researcher can audit every decision.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import numpy as np

from .formats import strip_invisible

HAN = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_NOT_HAN_RE = re.compile(f"[^{HAN}]+")
_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ"
_PINYIN_RE = re.compile(rf"(?<=[{HAN}])\(([a-zü{_TONED}]{{1,7}})\)")
_TONE_RE = re.compile(f"[{_TONED}]")

#: Default line rules: rule name -> regular expressions (searched, case-insensitive).
DEFAULT_DROP_PATTERNS: dict[str, list[str]] = {
    "error_page": [
        r"^\s*(400|403|404|500|502|503)\b.*\b(not found|forbidden|error|unavailable)",
        r"^\s*nginx(/[\d.]+)?\s*$",
        r"页面(不存在|未找到|找不到)|找不到(该)?页面",
    ],
    "navigation": [
        r"当前位置|您的位置|你的位置|您现在的位置",
        r"^\s*(首页|主页)\s*([|｜>»›/]|$)",
        r"^.{0,80}(>>|»|›).{0,80}$",
        r"^[^|]{1,16}(\|[^|]{1,16}){2,}$",
    ],
    "controls": [
        r"【[^】]{0,8}(字体|打印|关闭|收藏|信箱|返回|分享)[^】]{0,8}】",
        r"\[\s*(阅读数|阅读|浏览|返回首页|打印|关闭)[^\]]*\]",
        r"^\s*(打印|关闭窗口|返回顶部|返回首页|分享到.*|扫一扫.*)\s*$",
    ],
    "copyright": [r"ICP\s*(备|证)|版权所有|copyright|©|公网安备|all rights reserved"],
    "editor": [
        r"^\s*[(（]?\s*(责编|责任编辑|编辑|美编|校对|审核|审校|来源|出处|作者|阅读数|浏览次数|点击数|发布时间|发布日期)\s*[:：/]",
        r"^\s*\d{4}[-/年]\d{1,2}[-/月]\d{1,2}日?\s+\d{1,2}:\d{2}",
        r"^\s*[(（]\s*作者(为|系|是)",
    ],
    "site_blurb": [r"本站为[你您]精心整理|我们的客服|欢迎咨询|仅供参考"],
    "image": [r"^\s*\S+\.(jpe?g|png|gif|bmp|webp)\s*$"],
    "advert": [r"征订启事|订阅启事|广告"],
}

#: A line matching one of these starts a trailer: it and every later line go. The first pattern is a heading of
#: related links; the second opens the licence notice that Wikisource (维基文库), a common source of the texts of
#: Party congresses and plenums, appends to every page ("本作品来自1949年10月1日（含）之后的中国共产党文件…",
#: "这部作品在1931年1月1日以前以匿名或别名发表…", "本作品在全世界都属于公有领域…"), which no body paragraph starts
#: like.
DEFAULT_TRAILER_PATTERNS: list[str] = [
    r"^\s*(相关新闻|相关阅读|相关文章|相关链接|相关推荐|延伸阅读|推荐阅读|热点推荐|重要文章|上一篇|下一篇)\s*[:：]?\s*$",
    r"^\s*(本|这部)作品(来自|在|于)\s*(\d{4}年|全世界|中华人民共和国)",
]


@dataclass(frozen=True)
class CleanRules:
    """Settings of the cleaning stage (the ``clean:`` section of the config).

    Parameters
    ----------
    nfkc : bool
        Apply Unicode NFKC normalisation.
    strip_pinyin : bool
        Remove inline pinyin annotations such as ``創(chuàng)``.
    pinyin_require_tone : bool
        Only treat a parenthesised Latin syllable as pinyin when it carries a tone mark, so that
        ``(a)`` list markers after a Han character survive.
    to_simplified : bool
        Convert traditional characters to simplified ones with OpenCC.
    opencc_config : str
        OpenCC configuration, ``"t2s"`` by default.
    drop_patterns : dict of str to list of str
        Rule name -> regular expressions; a line matching one is dropped under that rule name.
    trailer_patterns : list of str
        A line matching one of these (after the first body paragraph) drops itself and the rest.
    min_han_per_line : int
        Lines with fewer Han characters are dropped (rule ``no_text``).
    body_min_han : int
        A line with at least this many Han characters is a body paragraph.
    drop_header_zone, drop_footer_zone : bool
        Drop the lines before the first / after the last body paragraph.
    furniture_max_han : int
        A line with at least this many Han characters is text, never page furniture: the named patterns
        do not drop it (a 5 MB text without line breaks that quotes "仅供参考" once is not a site blurb).
    corpus_patterns : tuple of str
        One corpus's own furniture (``drop_lines`` of its ``corpus.yaml``,
        :meth:`orgtopics.corpus.CorpusSettings.clean_rules`): a line that one matches is dropped under rule
        ``corpus`` whatever its length. Unlike the general patterns above they name lines the researcher has
        seen in this corpus, such as a licence notice of 300 Han characters. Not a key of the config's ``clean:``.
    min_document_han : int
        At validation, a document with fewer Han characters left after cleaning is a bad document (a page
        of navigation and copyright lines only).
    """

    nfkc: bool = True
    strip_pinyin: bool = True
    pinyin_require_tone: bool = True
    to_simplified: bool = True
    opencc_config: str = "t2s"
    drop_patterns: Mapping[str, list[str]] = field(default_factory=lambda: dict(DEFAULT_DROP_PATTERNS))
    trailer_patterns: list[str] = field(default_factory=lambda: list(DEFAULT_TRAILER_PATTERNS))
    min_han_per_line: int = 2
    body_min_han: int = 30
    drop_header_zone: bool = True
    drop_footer_zone: bool = True
    furniture_max_han: int = 200
    min_document_han: int = 50
    corpus_patterns: tuple[str, ...] = ()

    @classmethod
    def from_config(cls, cfg: Mapping[str, Any] | None) -> CleanRules:
        """Build rules from the ``clean:`` config section; missing keys take the defaults."""
        cfg = dict(cfg or {})
        known = set(cls.__dataclass_fields__) - {"corpus_patterns"}
        unknown = set(cfg) - known
        if unknown:
            from .errors import ConfigError

            raise ConfigError(f"config clean: unknown key(s) {sorted(unknown)}. Fix: use only {sorted(known)}")
        return cls(**cfg)


@dataclass(frozen=True)
class RemovedLine:
    """A line the cleaner dropped: 1-based line number in the raw text, the rule and the text."""

    line_no: int
    rule: str
    text: str


@dataclass
class CleanResult:
    """The outcome of :func:`clean_text`.

    Attributes
    ----------
    paragraphs : list of str
        Kept lines, in order.
    removed : list of RemovedLine
        Every dropped non-blank line with the rule that dropped it.
    stats : dict
        Counts: characters and lines before/after, pinyin annotations removed, NFKC-changed and
        traditional characters converted, and ``removed_<rule>`` line counts.
    """

    paragraphs: list[str]
    removed: list[RemovedLine]
    stats: dict[str, int]

    @property
    def text(self) -> str:
        """The cleaned text, one paragraph per line."""
        return "\n".join(self.paragraphs)


def _code_points(text: str) -> np.ndarray:
    """The code points of ``text`` as an array (to compare long texts character by character)."""
    return np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)


def count_han(text: str) -> int:
    """Number of Han (CJK ideograph) characters in ``text``."""
    # dropping the runs of other characters builds one string; findall built a list of every Han character
    # (3.5 times slower on policy text, and called on every line and paragraph)
    return len(_NOT_HAN_RE.sub("", text))


@lru_cache(maxsize=8)
def _converter(config: str):
    import opencc

    return opencc.OpenCC(config)


@lru_cache(maxsize=64)
def _compile(patterns: tuple[str, ...]) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(p, re.IGNORECASE) for p in patterns)


def strip_pinyin(text: str, *, require_tone: bool = True) -> tuple[str, int]:
    """Remove inline pinyin annotations that follow a Han character.

    Parameters
    ----------
    text : str
        Input text, NFKC-normalised (so parentheses are ASCII).
    require_tone : bool, default True
        Only remove a syllable that carries a tone mark.

    Returns
    -------
    text : str
        Text without the annotations.
    n_removed : int
        Number of annotations removed.

    Examples
    --------
    >>> strip_pinyin("改革創(chuàng)新")
    ('改革創新', 1)
    """
    n = 0

    def repl(m: re.Match[str]) -> str:
        nonlocal n
        if require_tone and not _TONE_RE.search(m.group(1)):
            return m.group(0)
        n += 1
        return ""

    return _PINYIN_RE.sub(repl, text), n


def to_simplified(text: str, *, config: str = "t2s") -> tuple[str, int]:
    """Convert traditional characters to simplified with OpenCC.

    Returns
    -------
    text : str
        Converted text.
    n_converted : int
        Number of characters that changed.
    """
    out = _converter(config).convert(text)
    if len(out) == len(text):
        n = int(np.count_nonzero(_code_points(text) != _code_points(out)))
    else:  # phrase-level conversion changed the length: count per character
        conv = _converter(config)
        n = sum(conv.convert(c) != c for c in text)
    return out, n


def nfkc(text: str) -> tuple[str, int]:
    """Unicode NFKC normalisation; returns the text and how many characters it changed."""
    out = unicodedata.normalize("NFKC", text)
    n = 0 if out == text else sum(unicodedata.normalize("NFKC", c) != c for c in text)
    return out, n


def clean_text(raw: str, rules: CleanRules | None = None) -> CleanResult:
    """Clean one decoded document.

    Parameters
    ----------
    raw : str
        The decoded raw text.
    rules : CleanRules, optional
        Cleaning settings; defaults to :class:`CleanRules` ().

    Returns
    -------
    CleanResult
        Kept paragraphs, removed lines and statistics.

    Examples
    --------
    >>> raw = "404 Not Found\\n\\n黨的建設(shè)必須堅持從嚴治黨，"
    >>> raw += "這是我們黨一貫的要求和根本的方針原則。\\n【放大字体】"
    >>> r = clean_text(raw)
    >>> r.paragraphs
    ['党的建设必须坚持从严治党,这是我们党一贯的要求和根本的方针原则。']
    """
    rules = rules or CleanRules()
    text = raw.replace("\r\n", "\n").replace("\r", "\n")
    text, n_invisible = strip_invisible(text)
    stats: Counter[str] = Counter()
    stats["chars_raw"] = len(text)
    raw_lines = text.split("\n")
    stats["lines_raw"] = sum(1 for ln in raw_lines if ln.strip())

    stats["invisible_removed"] = n_invisible
    if rules.nfkc:
        text, stats["nfkc_changed_chars"] = nfkc(text)
    if rules.strip_pinyin:
        text, stats["pinyin_annotations"] = strip_pinyin(text, require_tone=rules.pinyin_require_tone)
    if rules.to_simplified:
        text, stats["traditional_converted"] = to_simplified(text, config=rules.opencc_config)

    drop = {name: _compile(tuple(pats)) for name, pats in rules.drop_patterns.items()}
    trailer = _compile(tuple(rules.trailer_patterns))
    corpus = _compile(tuple(rules.corpus_patterns))

    lines = [ln.strip() for ln in text.split("\n")]
    verdict: list[str | None] = [None] * len(lines)  # None = kept, "" = blank, else rule name
    n_han = [0] * len(lines)  # Han characters of each line not dropped by a pattern
    seen_body = False
    for i, line in enumerate(lines):
        if not line:
            verdict[i] = ""
            continue
        if seen_body and any(p.search(line) for p in trailer):
            for j in range(i, len(lines)):
                verdict[j] = "trailer" if lines[j] else ""
            break
        if any(p.search(line) for p in corpus):
            verdict[i] = "corpus"
            continue
        for name, pats in drop.items():
            if any(p.search(line) for p in pats) and count_han(line) < rules.furniture_max_han:
                verdict[i] = name
                break
        else:
            n_han[i] = count_han(line)
            if n_han[i] < rules.min_han_per_line:
                verdict[i] = "no_text"
            elif n_han[i] >= rules.body_min_han:
                seen_body = True

    body = [i for i, v in enumerate(verdict) if v is None and n_han[i] >= rules.body_min_han]
    if body:
        first, last = body[0], body[-1]
        for i, v in enumerate(verdict):
            if v is None and rules.drop_header_zone and i < first:
                verdict[i] = "header"
            elif v is None and rules.drop_footer_zone and i > last:
                verdict[i] = "footer"

    paragraphs: list[str] = []
    removed: list[RemovedLine] = []
    for i, (line, v) in enumerate(zip(lines, verdict)):
        if v is None:
            paragraphs.append(line)
        elif v:
            removed.append(RemovedLine(i + 1, v, line))
            stats[f"removed_{v}"] += 1

    clean = "\n".join(paragraphs)
    stats["chars_clean"] = len(clean)
    stats["chars_removed"] = sum(len(r.text) for r in removed)
    stats["han_clean"] = sum(n_han[i] for i, v in enumerate(verdict) if v is None)
    stats["lines_clean"] = len(paragraphs)
    stats["lines_removed"] = len(removed)
    return CleanResult(paragraphs=paragraphs, removed=removed, stats=dict(stats))


def removed_summary(result: CleanResult, *, top: int = 2) -> str:
    """The rules that removed the most text, e.g. ``"site_blurb (1 line, 5,000,012 characters)"``."""
    chars: Counter[str] = Counter()
    lines: Counter[str] = Counter()
    for r in result.removed:
        chars[r.rule] += len(r.text)
        lines[r.rule] += 1
    return "; ".join(
        f"{rule} ({lines[rule]} line{'s' if lines[rule] > 1 else ''}, {n:,} characters)"
        for rule, n in chars.most_common(top)
    )


#: Rule names in a stable order for tables.
def rule_names(rules: CleanRules) -> list[str]:
    """The rule names that can appear in ``removed_<rule>`` statistics, in table order."""
    return [*rules.drop_patterns.keys(), "trailer", "no_text", "header", "footer"]
