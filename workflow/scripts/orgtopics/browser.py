"""Headless Chromium: print the report to PDF, and load pages offline for tests.

Chromium is started with networking switched off (every host resolves to nothing, a dead proxy, no
background services), so a page that tried to fetch anything would fail visibly, and with a net log
that records every request it made.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from .errors import OrgtopicsError

CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
OFFLINE_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--disable-extensions",
    "--host-resolver-rules=MAP * ~NOTFOUND",
    "--proxy-server=127.0.0.1:9",
    "--allow-file-access-from-files",
)


def find_chromium() -> str | None:
    """Path of a Chromium/Chrome binary, or None."""
    for name in CANDIDATES:
        p = shutil.which(name)
        if p:
            return p
    return None


def run_chromium(url: str, *extra: str, timeout: int = 120) -> subprocess.CompletedProcess:
    """Run headless Chromium offline on ``url`` with ``extra`` flags (fresh profile each time).

    Raises
    ------
    OrgtopicsError
        If no Chromium is installed.
    """
    exe = find_chromium()
    if exe is None:
        raise OrgtopicsError("Chromium is not installed. Fix: `apt-get install chromium` (Debian) or install Chrome")
    with tempfile.TemporaryDirectory(prefix="orgtopics-chromium-") as profile:
        cmd = [exe, *OFFLINE_FLAGS, f"--user-data-dir={profile}", *extra, url]
        return subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)


def print_pdf(html: str | Path, pdf: str | Path) -> None:
    """Print an HTML file to PDF (A4, no header/footer); page breaks follow the page's print CSS."""
    html, pdf = Path(html).resolve(), Path(pdf).resolve()
    pdf.parent.mkdir(parents=True, exist_ok=True)
    res = run_chromium(html.as_uri(), f"--print-to-pdf={pdf}", "--no-pdf-header-footer", "--virtual-time-budget=10000")
    if not pdf.exists() or pdf.stat().st_size == 0:
        raise OrgtopicsError(f"Chromium did not write {pdf}: {res.stderr[-2000:]}")


def page_requests(netlog: str | Path) -> list[str]:
    """URLs the *page* asked for, read from a Chromium net log (``--log-net-log``).

    Chromium's own background requests (update checks, network time) carry the initiator
    ``"not an origin"`` and are left out; a page opened from disk has the opaque initiator ``"null"``.
    ``file:`` and ``data:`` URLs are not network requests and are left out too.
    """
    import json

    d = json.loads(Path(netlog).read_text(encoding="utf-8", errors="replace"))
    types = {v: k for k, v in d["constants"]["logEventTypes"].items()}
    out = []
    for e in d["events"]:
        p = e.get("params") or {}
        if types.get(e["type"]) != "URL_REQUEST_START_JOB" or "url" not in p:
            continue
        if p.get("initiator") == "not an origin" or p["url"].startswith(("file:", "data:", "blob:")):
            continue
        out.append(p["url"])
    return sorted(set(out))


def load_offline(url: str, *, budget_ms: int = 5000) -> tuple[str, list[str]]:
    """Open ``url`` offline, let its scripts run; return the resulting DOM and the page's requests."""
    with tempfile.TemporaryDirectory(prefix="orgtopics-netlog-") as tmp:
        netlog = Path(tmp) / "netlog.json"
        res = run_chromium(url, "--dump-dom", f"--virtual-time-budget={budget_ms}", f"--log-net-log={netlog}")
        return res.stdout, page_requests(netlog) if netlog.exists() else []


#: Measures a page once it has loaded and writes them, as JSON, into an element that ``--dump-dom`` returns.
_MEASURE = """<script>
window.addEventListener("load", function () {
  var out = {window: window.innerWidth, page: document.documentElement.scrollWidth, tables: [], figures: []};
  document.querySelectorAll("table").forEach(function (t, i) {
    if (t.closest("details") && !t.closest("details").open) t.closest("details").open = true;
    if (t.scrollWidth > t.clientWidth + 1)
      out.tables.push({index: i, head: t.rows.length ? t.rows[0].textContent.slice(0, 80) : "",
                       width: t.scrollWidth, shown: t.clientWidth});
  });
  document.querySelectorAll("figure img").forEach(function (img) {
    out.figures.push({id: img.closest("figure").id, shown_width: img.clientWidth, shown_height: img.clientHeight,
                      natural_width: img.naturalWidth, natural_height: img.naturalHeight});
  });
  var pre = document.createElement("pre");
  pre.id = "orgtopics-layout";
  pre.textContent = JSON.stringify(out);
  document.body.appendChild(pre);
});
</script>"""


def measure_layout(html: str | Path, *, width: int = 1280, height: int = 1000) -> dict:
    """Lay a page out in a ``width`` x ``height`` window, offline, and measure it.

    Returns
    -------
    dict
        ``window`` and ``page`` (the document's scroll width: wider than the window means a horizontal scroll
        bar), ``tables`` (those wider than their box, every ``<details>`` opened) and ``figures`` (each image's
        shown and natural size, in CSS and image pixels).
    """
    import json
    import re

    text = Path(html).read_text(encoding="utf-8")
    with tempfile.TemporaryDirectory(prefix="orgtopics-layout-") as tmp:
        page = Path(tmp) / Path(html).name
        page.write_text(text.replace("</body>", _MEASURE + "</body>"), encoding="utf-8")
        res = run_chromium(
            page.as_uri(), "--dump-dom", "--virtual-time-budget=10000", f"--window-size={width},{height}"
        )
    m = re.search(r'<pre id="orgtopics-layout">(.*?)</pre>', res.stdout, re.S)
    if not m:
        raise OrgtopicsError(f"the page was not measured: {res.stderr[-2000:]}")
    import html as html_lib

    return json.loads(html_lib.unescape(m.group(1)))
