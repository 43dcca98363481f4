"""A scripted person at a real headless Chromium: the DevTools protocol over ``--remote-debugging-pipe``.

Enough of the protocol to open a page, press keys and click as a person does (``Input.dispatch*`` events, not
JavaScript calls), read the page, reload it and catch a download. Chromium runs with the same offline flags as
:mod:`orgtopics.browser`, and a profile folder that lives as long as the session (so local storage survives a
reload, as in a person's browser).
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any

from orgtopics.browser import OFFLINE_FLAGS, find_chromium


class Chromium:
    """``with Chromium(downloads) as b: b.open(url); b.press("1"); b.eval("document.title")``."""

    def __init__(self, downloads: Path) -> None:
        self.downloads = Path(downloads)
        self._next = 0
        self._events: list[dict] = []

    def __enter__(self) -> Chromium:
        exe = find_chromium()
        assert exe, "Chromium is not installed"
        self._profile = tempfile.TemporaryDirectory(prefix="orgtopics-cdp-", ignore_cleanup_errors=True)
        to_browser_r, self._to_browser = os.pipe()
        self._from_browser, from_browser_w = os.pipe()
        # the protocol's pipes are the browser's fds 3 (in) and 4 (out): bash's redirections put them there
        wire = f'exec "$0" "$@" 3<&{to_browser_r} 4>&{from_browser_w}'
        args = [*OFFLINE_FLAGS, f"--user-data-dir={self._profile.name}", "--remote-debugging-pipe", "about:blank"]
        self._proc = subprocess.Popen(
            ["bash", "-c", wire, exe, *args],
            pass_fds=(to_browser_r, from_browser_w),
            start_new_session=True,  # its own process group: closing kills the renderers and helpers too
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        os.close(to_browser_r)
        os.close(from_browser_w)
        self._buf = b""
        targets = self.call("Target.getTargets")["targetInfos"]
        page = next(t for t in targets if t["type"] == "page")
        self._session = self.call("Target.attachToTarget", targetId=page["targetId"], flatten=True)["sessionId"]
        self.call("Page.enable", session=True)
        self.call("Runtime.enable", session=True)
        self.call("Browser.setDownloadBehavior", behavior="allow", downloadPath=str(self.downloads), eventsEnabled=True)
        return self

    def __exit__(self, *exc: Any) -> None:
        try:
            os.killpg(self._proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self._proc.wait()
        os.close(self._to_browser)
        os.close(self._from_browser)
        self._profile.cleanup()

    # -- the protocol -----------------------------------------------------------------------------------------
    def _read(self, timeout: float = 60) -> dict:
        end = time.monotonic() + timeout
        while b"\0" not in self._buf:
            assert time.monotonic() < end, "Chromium did not answer"
            chunk = os.read(self._from_browser, 1 << 16)
            assert chunk, "Chromium closed the pipe"
            self._buf += chunk
        msg, self._buf = self._buf.split(b"\0", 1)
        return json.loads(msg)

    def call(self, method: str, *, session: bool = False, **params: Any) -> dict:
        self._next += 1
        msg: dict[str, Any] = {"id": self._next, "method": method, "params": params}
        if session:
            msg["sessionId"] = self._session
        os.write(self._to_browser, json.dumps(msg).encode() + b"\0")
        while True:
            m = self._read()
            if m.get("id") == self._next:
                assert "error" not in m, f"{method}: {m['error']}"
                return m.get("result", {})
            self._events.append(m)

    def wait_for(self, method: str, timeout: float = 60) -> dict:
        """The next event named ``method`` (those already received first)."""
        for i, m in enumerate(self._events):
            if m.get("method") == method:
                return self._events.pop(i)
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            m = self._read(timeout)
            if m.get("method") == method:
                return m
            self._events.append(m)
        raise AssertionError(f"no {method} event")

    # -- what a person does -----------------------------------------------------------------------------------
    def open(self, url: str) -> None:
        self._events.clear()
        self.call("Page.navigate", session=True, url=url)
        self.wait_for("Page.loadEventFired")

    def reload(self) -> None:
        self._events.clear()
        self.call("Page.reload", session=True)
        self.wait_for("Page.loadEventFired")

    def eval(self, expression: str) -> Any:
        r = self.call("Runtime.evaluate", session=True, expression=expression, returnByValue=True)
        assert "exceptionDetails" not in r, r["exceptionDetails"]
        return r["result"].get("value")

    def press(self, key: str) -> None:
        """A key pressed and released (a printable key also types its character)."""
        names = {"ArrowLeft": 37, "ArrowRight": 39, "Enter": 13}
        code = names.get(key, ord(key.upper()) if len(key) == 1 else 0)
        down: dict[str, Any] = {"type": "keyDown", "key": key, "windowsVirtualKeyCode": code}
        if len(key) == 1 or key == "Enter":
            down["text"] = "\r" if key == "Enter" else key
        self.call("Input.dispatchKeyEvent", session=True, **down)
        self.call("Input.dispatchKeyEvent", session=True, type="keyUp", key=key, windowsVirtualKeyCode=code)

    def type(self, text: str) -> None:
        self.call("Input.insertText", session=True, text=text)

    def click(self, selector: str) -> None:
        """A mouse click in the middle of the element ``selector`` (scrolled into view first)."""
        box = self.eval(
            f"(function(){{var e=document.querySelector({json.dumps(selector)}); e.scrollIntoView({{block:'center'}});"
            "var r=e.getBoundingClientRect(); return [r.left + r.width / 2, r.top + r.height / 2];})()"
        )
        for kind in ("mousePressed", "mouseReleased"):
            self.call(
                "Input.dispatchMouseEvent", session=True, type=kind, x=box[0], y=box[1], button="left", clickCount=1
            )

    def download(self, selector: str, timeout: float = 30) -> Path:
        """Click ``selector`` and return the file the page downloads."""
        self.click(selector)
        begin = self.wait_for("Browser.downloadWillBegin", timeout)["params"]
        while True:
            p = self.wait_for("Browser.downloadProgress", timeout)["params"]
            if p["guid"] == begin["guid"] and p["state"] == "completed":
                return self.downloads / begin["suggestedFilename"]
            assert p["state"] != "canceled", "the download was canceled"
