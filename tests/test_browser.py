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
