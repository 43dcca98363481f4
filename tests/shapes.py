"""Generated corpora of every shape a researcher may bring (seeded, so each is the same on every run).

A corpus is built from real Chinese sentences around theme terms (``conftest.paragraph``); what varies is
its shape: how many documents, years and paragraphs, and whether theme terms, slogans and quoted phrases
occur at all.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from pathlib import Path

from conftest import FILLER, write_corpus

THEME_TERMS = [
    "干部",
    "领导班子",
    "基层党组织",
    "党支部",
    "党员",
    "三会一课",
    "人才",
    "高层次人才",
    "纪律",
    "作风建设",
    "从严治党",
    "理想信念",
    "思想政治",
    "选拔任用",
    "考核评价",
    "社区",
    "农村",
    "先锋模范作用",
]
#: Words that belong to no theme (a corpus about something else entirely).
PLAIN_TERMS = [
    "道路",
    "桥梁",
    "河流",
    "山区",
    "天气",
    "雨水",
    "庄稼",
    "工厂",
    "机器",
    "产品",
    "市场",
    "价格",
    "运输",
    "港口",
    "铁路",
    "仓库",
    "粮食",
    "水果",
]


@dataclass
class Shape:
    """The shape of a generated corpus.

    Attributes
    ----------
    years : list of int
        The year of each document (repeat a year for several documents in it).
    paragraphs : int
        Paragraphs per document.
    themes : bool
        Whether the theme terms occur (False: a corpus that mentions none of them).
    slogans : bool
        Whether quoted phrases (“…”) and numbered formulas (三会一课) occur.
    vocabulary : int
        How many distinct content words the paragraphs draw from.
    bad : int
        Documents whose text is only page furniture (for skip mode).
    excerpt : int
        Paragraphs of the first document that the last one repeats in place of its own (an excerpt).
    footer : bool
        Whether every document ends with a site's footer that no cleaning rule knows (:data:`SITE_FOOTER`), with
        the page's hit count (:func:`site_footer`).
    """

    years: list[int]
    paragraphs: int = 6
    themes: bool = True
    slogans: bool = True
    vocabulary: int = 18
    bad: int = 0
    excerpt: int = 0
    footer: bool = False
    seed: int = 0
    extra: dict = field(default_factory=dict)


FURNITURE = "\n".join(
    [
        "404 Not Found",
        "首页 | 组织工作 | 干部工作 | 人才工作",
        "当前位置：首页 > 新闻",
        "版权所有 某市委组织部 ICP备12345678号",
        "责任编辑：张三",
        "相关新闻",
    ]
)


#: A footer long enough to pass as a body paragraph (48 Han characters), in no pattern of the cleaning rules.
SITE_FOOTER = (
    "本网站由某某市委办公室主办,某某市信息中心承办,技术支持单位为某某网络科技有限公司,建议使用谷歌浏览器访问。"
)


def site_footer(i: int) -> str:
    """The footer of the ``i``-th document: :data:`SITE_FOOTER` and the page's hit count."""
    return f"{SITE_FOOTER}本页访问量:{1000 + 37 * i}次"


def generate(folder: Path, shape: Shape) -> Path:
    """Write the corpus (``.txt`` files and ``manifest.csv``) into ``folder``."""
    rng = random.Random(shape.seed)
    pool = (THEME_TERMS if shape.themes else PLAIN_TERMS)[: max(2, shape.vocabulary)]
    docs: dict[str, tuple[int, list[str]]] = {}
    for i, year in enumerate(shape.years):
        paras = []
        for j in range(shape.paragraphs):
            words = [pool[(i * 3 + j + rng.randrange(len(pool))) % len(pool)] for _ in range(6)]
            text = ",".join(f"要把{w}摆在突出位置" for w in words) + "," + FILLER
            if shape.slogans and j == 0:
                text += ",坚持“全面从严治党”,落实三会一课"
            if j == 0:
                text += f",文件编号{i}"  # every document its own text (no exact duplicates)
            paras.append(text + "。")
        docs[f"doc_{i:03d}_{year}.txt"] = (year, paras)
    if shape.excerpt:
        first, last = list(docs)[0], list(docs)[-1]
        docs[last][1][1 : 1 + shape.excerpt] = docs[first][1][1 : 1 + shape.excerpt]
    if shape.footer:
        for i, (_, paras) in enumerate(docs.values()):
            paras.append(site_footer(i))
    write_corpus(folder, docs)
    if shape.bad:
        lines = (folder / "manifest.csv").read_text(encoding="utf-8").splitlines()
        for b in range(shape.bad):
            name = f"furniture_{b}.txt"
            (folder / name).write_text(f"{FURNITURE}\n栏目{b}", encoding="utf-8")
            lines.append(f"{name},{shape.years[0]}")
        (folder / "manifest.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
        (folder / "corpus.yaml").write_text("on_bad_document: skip\n", encoding="utf-8")
    return folder
