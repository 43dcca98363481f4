"""The report and the explorer in a real headless Chromium, offline; and the PDF."""

from __future__ import annotations

import json
import re

import pytest

from conftest import ROOT, require

pytestmark = [pytest.mark.slow, pytest.mark.system]

ARTIFACTS = ROOT / "test-artifacts"


def chromium():
    from orgtopics.browser import find_chromium

    exe = find_chromium()
    require(exe is not None, "chromium is not installed (apt-get install chromium)")
    return exe


def test_leak_detector_catches_a_leaky_page(tmp_path):
    """The check below can fail: a page that fetches from the network is caught."""
    from orgtopics.browser import load_offline

    chromium()
    page = tmp_path / "leak.html"
    page.write_text(
        '<img src="http://example.invalid/x.png"><script>fetch("https://leak.invalid/y")</script>', encoding="utf-8"
    )
    _, urls = load_offline(page.as_uri(), budget_ms=2000)
    assert "http://example.invalid/x.png" in urls and "https://leak.invalid/y" in urls


def test_report_offline_images_and_no_requests(project, tmp_path):
    from orgtopics.browser import load_offline

    chromium()
    report = project / "results" / "seeds" / "report.html"
    dom, urls = load_offline(report.as_uri())
    m = re.search(r'data-images="(\d+)/(\d+)"', dom)
    assert m, "the page's image check did not run"
    assert m.group(1) == m.group(2) and int(m.group(2)) >= 10
    assert urls == [], f"the page requested: {urls}"


def test_explorer_draws_offline(project, tmp_path):
    from orgtopics.browser import load_offline

    chromium()
    page = project / "results" / "seeds" / "explorer.html"
    dom, urls = load_offline(page.as_uri())
    k = int(re.search(r'data-drawn="(\d+)"', dom).group(1))
    labels = (project / "results" / "seeds" / "tables" / "topic_labels.csv").read_text(encoding="utf-8").splitlines()
    assert k == len(labels) - 1
    assert dom.count('class="bar"') == 20
    assert urls == []
    data = json.loads(
        re.search(
            r'<script type="application/json" id="data">(.*?)</script>', page.read_text(encoding="utf-8"), re.S
        ).group(1)
    )
    assert [t["id"] for t in data["topics"]] == list(range(k))


def test_first_screen_screenshot(project, tmp_path):
    from orgtopics.browser import run_chromium

    chromium()
    ARTIFACTS.mkdir(exist_ok=True)
    shot = ARTIFACTS / "report_first_screen.png"
    run_chromium(
        (project / "results" / "seeds" / "report.html").as_uri(), f"--screenshot={shot}", "--window-size=1280,1000"
    )
    assert shot.stat().st_size > 50_000


def test_pdf(project):
    from conftest import snakemake

    chromium()
    snakemake(project, "results/seeds/report.pdf")
    pdf = (project / "results" / "seeds" / "report.pdf").read_bytes()
    assert pdf.startswith(b"%PDF")
    assert len(re.findall(rb"/Type\s*/Page[^s]", pdf)) >= 5


#: 1955-2019 without 1967-1971: sixty years, with a gap the time axis must show.
SIXTY_YEARS = [y for y in range(1955, 2020) if not 1967 <= y <= 1971]


@pytest.fixture(scope="module")
def sixty_years(tmp_path_factory):
    """A generated 60-year corpus run through the workflow with a non-default config (jieba-rs, tomotopy with
    its own sweeps, K fitted at 4, 6 and 8, 90% intervals)."""
    from conftest import QUICK_CONFIG, make_project, snakemake
    from shapes import Shape, generate

    proj = make_project(tmp_path_factory.mktemp("sixty"))
    corpus = generate(proj / "sixty", Shape(SIXTY_YEARS, paragraphs=8, seed=3))
    (proj / "quick.yaml").write_text(QUICK_CONFIG, encoding="utf-8")
    (proj / "engines.yaml").write_text(
        "segment: {engine: rjieba}\nlda: {engine: tomotopy, sweeps: 40, k_values: [4, 6, 8]}\nbootstrap: {ci: 0.9}\n",
        encoding="utf-8",
    )
    snakemake(proj, "--configfile", "quick.yaml", "--configfile", "engines.yaml", "--config", f"corpus_path={corpus}")
    return proj / "results" / "sixty"


def test_sixty_year_report_says_what_ran_in_one_measure_under_2_mb(sixty_years):
    """The report of a non-default run over sixty years: its methods are this run's (from provenance), each
    theme's robustness is judged on the headline's own direction, and the page is under 2 MB."""
    import pandas as pd

    html = (sixty_years / "report.html").read_text(encoding="utf-8")
    prov = json.loads((sixty_years / "provenance.json").read_text(encoding="utf-8"))
    assert len(html.encode("utf-8")) < 2_000_000
    assert f"tomotopy {prov['versions']['tomotopy']} LDAModel (collapsed Gibbs sampling), 40 sweeps" in html
    assert f"rjieba {prov['versions']['rjieba']}" in html and "K fitted at 4, 6, 8" in html
    assert "90% interval" in html and "95% interval" not in html  # the level is the run's, in every sentence
    change = pd.read_csv(sixty_years / "tables" / "theme_change.csv").set_index("theme")
    robust = pd.read_csv(sixty_years / "tables" / "trend_robustness.csv").set_index("theme")
    judged = robust.index.intersection(change.index)
    # the direction judged is the sign of the headline's own change (per 10k tokens, first year to last)
    assert len(judged) and ((robust.loc[judged, "headline"] == "up") == (change.loc[judged, "diff"] > 0)).all()
    # the headline comes first, then limitations and evidence; cleaning, KWIC, slogans and config are in the appendix
    order = [html.index(f'<h2 id="{s}"') for s in ("headline", "limits", "evidence", "method", "corpus", "kwic")]
    assert order == sorted(order)
    assert "1955–2011, 52 years" in html  # the before/after header names a span, not 52 years one by one


def test_sixty_year_report_fits_1280_pixels_and_its_figures_are_legible(sixty_years):
    """In Chromium at 1,280 px: no horizontal scrolling of the page or of any table, and every figure shown
    large enough that its smallest text (7.5 pt) is drawn at 10 or more CSS pixels; a screenshot is kept."""
    import base64
    import io

    from PIL import Image

    from orgtopics.browser import measure_layout, run_chromium

    chromium()
    report = sixty_years / "report.html"
    m = measure_layout(report, width=1280)
    assert m["page"] <= m["window"], "the page scrolls sideways"
    assert m["tables"] == [], f"tables wider than the page: {m['tables']}"
    dpi = {
        fid: Image.open(io.BytesIO(base64.b64decode(b64))).info["dpi"][0]
        for fid, b64 in re.findall(
            r'<figure id="(fig-\w+)">\s*<img src="data:image/png;base64,([A-Za-z0-9+/=]+)"',
            report.read_text(encoding="utf-8"),
        )
    }
    assert len(m["figures"]) == len(dpi) >= 8
    for f in m["figures"]:
        px_per_pt = f["shown_width"] / f["natural_width"] * dpi[f["id"]] / 72
        assert 7.5 * px_per_pt >= 10, (f["id"], round(px_per_pt, 2))
        assert f["natural_height"] <= 1.5 * f["natural_width"], f["id"]
    ARTIFACTS.mkdir(exist_ok=True)
    shot = ARTIFACTS / "report_sixty_years.png"
    run_chromium(report.as_uri(), f"--screenshot={shot}", "--window-size=1280,1000")
    assert shot.stat().st_size > 50_000
