"""The headless Chromium that prints report HTML to PDF, driven over the DevTools pipe (no third-party
client).

May import the standard library only; nothing else of analysis.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from pathlib import Path
from typing import Any, Callable

__all__ = ["ReportBuildError", "RefusedLoad", "find_chromium"]


class ReportBuildError(RuntimeError):
    """A report could not be built; the message names the notebook, the study and the cell."""


class RefusedLoad(ReportBuildError):
    """A page tried to load something besides itself (a local file, a frame, a redirect); nothing was
    loaded and nothing was printed."""


def find_chromium() -> str:
    """Path of a Chromium executable, or a :class:`ReportBuildError` that says how to install one."""
    env = os.environ.get("REANALYSIS_CHROMIUM")
    candidates = [env] if env else []
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        p = shutil.which(name)
        if p:
            candidates.append(p)
    candidates += ["/usr/bin/chromium", "/usr/lib/chromium/chromium"]
    for c in candidates:
        if c and os.path.isfile(c) and os.access(c, os.X_OK):
            return c
    raise ReportBuildError(
        "PDF output needs Chromium, which was not found on PATH or at /usr/bin/chromium. Install it with: "
        "sudo apt-get install --no-install-recommends chromium  (or set $REANALYSIS_CHROMIUM, "
        "or build HTML only with --format html)"
    )


_CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-extensions",
    "--mute-audio",
)
#: Put argv[1] on fd 3 and argv[2] on fd 4, then exec argv[3:] (for --remote-debugging-pipe).
_FD_WRAPPER = (
    "import os, sys\n"
    "a, b = os.dup(int(sys.argv[1])), os.dup(int(sys.argv[2]))\n"
    "os.dup2(a, 3)\n"
    "os.dup2(b, 4)\n"
    "os.set_inheritable(3, True)\n"
    "os.set_inheritable(4, True)\n"
    "os.execv(sys.argv[3], sys.argv[3:])\n"
)


class _Browser:
    """A headless Chromium kept open for a worker, driven over the DevTools pipe.

    ``--remote-debugging-pipe`` makes Chromium read DevTools commands from fd 3 and
    write replies to fd 4 (NUL-separated JSON); a tiny Python wrapper maps our pipe
    ends onto those numbers and execs Chromium (no ``preexec_fn``: we run in threads;
    no ``sh``: dash cannot redirect descriptors above 9). Printing a report this way is much faster than
    starting a Chromium per report (benchmarks/README.md, ``bench_report.py``).

    Pages run no script (``Emulation.setScriptExecutionDisabled``) and load nothing but
    themselves: every request goes through ``Fetch`` interception, the report's own address is
    let through and anything else (a ``file://`` frame, image or style, a meta refresh) is
    failed and makes :meth:`print_pdf` raise :class:`RefusedLoad` naming it. The reports embed
    their images as ``data:`` URLs, which make no request.

    Not Playwright: no faster on the reports (benchmarks/README.md), and it would add a Node.js driver
    and bind each browser to the thread that made it.
    """

    def __init__(self, chromium: str, timeout: float = 120.0):
        self.timeout = timeout
        self._profile = tempfile.mkdtemp(prefix="reanalysis-chromium-")
        r_in, self._w = os.pipe()
        self._r, w_out = os.pipe()
        try:
            self._proc = subprocess.Popen(
                [
                    sys.executable,
                    "-c",
                    _FD_WRAPPER,
                    str(r_in),
                    str(w_out),
                    chromium,
                    *_CHROMIUM_FLAGS,
                    "--remote-debugging-pipe",
                    f"--user-data-dir={self._profile}",
                    "about:blank",
                ],
                pass_fds=(r_in, w_out),
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
        finally:
            os.close(r_in)
            os.close(w_out)
        self._buf = b""
        self._id = 0
        self._allowed: str | None = None  # the one address the page may load
        self.refused: list[str] = []  # what it tried to load besides, since the last print began
        try:
            target = self._call("Target.createTarget", {"url": "about:blank"})["targetId"]
            self._session = self._call("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
            self._call("Page.enable", session=True)
            self._call("Page.setLifecycleEventsEnabled", {"enabled": True}, session=True)
            self._call("Emulation.setScriptExecutionDisabled", {"value": True}, session=True)
            self._call("Fetch.enable", {"patterns": [{"urlPattern": "*"}]}, session=True)
        except Exception:
            self.close()
            raise

    def _send(self, method: str, params: dict | None, session: bool) -> int:
        self._id += 1
        msg = {"id": self._id, "method": method, "params": params or {}}
        if session:
            msg["sessionId"] = self._session
        os.write(self._w, json.dumps(msg).encode() + b"\0")
        return self._id

    def _wait(self, match, timeout: float) -> dict:
        import select
        import time

        end = time.monotonic() + timeout
        while True:
            while b"\0" in self._buf:
                raw, self._buf = self._buf.split(b"\0", 1)
                msg = json.loads(raw)
                if msg.get("method") == "Fetch.requestPaused":
                    self._decide(msg["params"])
                    continue
                if match(msg):
                    return msg
            ready, _, _ = select.select([self._r], [], [], max(0.0, end - time.monotonic()))
            if not ready:
                raise TimeoutError(f"Chromium did not answer within {timeout:.0f} s")
            chunk = os.read(self._r, 1 << 20)
            if not chunk:
                raise ReportBuildError("Chromium closed its DevTools pipe (it exited)")
            self._buf += chunk

    def _call(self, method: str, params: dict | None = None, session: bool = False) -> dict:
        i = self._send(method, params, session)
        msg = self._wait(lambda m: m.get("id") == i, self.timeout)
        if "error" in msg:
            raise ReportBuildError(f"Chromium {method} failed: {msg['error'].get('message', msg['error'])}")
        return msg.get("result", {})

    def _decide(self, params: dict) -> None:
        """Let the page's own address through; fail every other request and remember it."""
        url = params.get("request", {}).get("url", "")
        if url == self._allowed:
            self._send("Fetch.continueRequest", {"requestId": params["requestId"]}, True)
        else:
            self.refused.append(url)
            self._send("Fetch.failRequest", {"requestId": params["requestId"], "errorReason": "BlockedByClient"}, True)

    def _check_refused(self, html_path: Path) -> None:
        if self.refused:
            shown = ", ".join(u[:100] for u in dict.fromkeys(self.refused))
            raise RefusedLoad(
                f"{html_path.name} tried to load {shown}; refused: a report loads nothing "
                "but itself, and it was not printed"
            )

    def print_pdf(self, html_path: Path, pdf_path: Path) -> None:
        """Print ``html_path`` to ``pdf_path`` (no script, no load but the page itself)."""
        import base64

        sid = self._session
        if self._allowed:  # a page printed before: its document (and any load it still tries) ends first
            self._call("Page.navigate", {"url": "about:blank"}, session=True)
        self._allowed = html_path.resolve().as_uri()
        self.refused = []  # a load the page before tried late was refused, and is not this page's
        nav = self._call("Page.navigate", {"url": self._allowed}, session=True)
        if nav.get("errorText"):
            self._check_refused(html_path)
            raise ReportBuildError(f"Chromium could not open {html_path.name}: {nav['errorText']}")
        loader = nav.get("loaderId")
        self._wait(
            lambda m: (
                m.get("method") == "Page.lifecycleEvent"
                and m.get("sessionId") == sid
                and m["params"].get("name") == "load"
                and m["params"].get("loaderId") == loader
            ),
            self.timeout,
        )
        self._check_refused(html_path)
        try:
            res = self._call(
                "Page.printToPDF",
                {"printBackground": True, "preferCSSPageSize": True, "displayHeaderFooter": False},
                session=True,
            )
        except ReportBuildError:
            self._check_refused(html_path)
            raise
        self._check_refused(html_path)
        data = base64.b64decode(res["data"])
        if data[:5] != b"%PDF-":
            raise ReportBuildError(f"Chromium returned no PDF for {html_path.name}")
        pdf_path.write_bytes(data)

    def close(self) -> None:
        try:
            if self._proc.poll() is None:
                try:
                    self._send("Browser.close", None, False)
                    self._proc.wait(timeout=10)
                except Exception:
                    self._proc.kill()
                    self._proc.wait(timeout=10)
        finally:
            for fd in (self._w, self._r):
                try:
                    os.close(fd)
                except OSError:
                    pass
            shutil.rmtree(self._profile, ignore_errors=True)


def _print_pdf(chromium: str, html_path: Path, pdf_path: Path, timeout: float = 120.0) -> None:
    """Print ``html_path`` with a Chromium started for it alone, by the route of :class:`_Browser` (no
    script, no load but the page itself: :class:`RefusedLoad` otherwise); the browser is closed after."""
    try:
        browser = _Browser(chromium, timeout)
    except ReportBuildError as exc:
        raise ReportBuildError(f"Chromium could not print {html_path.name}: {exc}") from None
    except (OSError, TimeoutError, ValueError) as exc:  # no such program, no answer, not DevTools JSON
        raise ReportBuildError(f"Chromium could not print {html_path.name}: {type(exc).__name__}: {exc}") from None
    try:
        browser.print_pdf(html_path, pdf_path)
    except TimeoutError as exc:
        raise ReportBuildError(f"Chromium could not print {html_path.name}: {exc}") from None
    finally:
        browser.close()


class Kept:
    """What the builds of this process keep for the next build (idle kernels, a browser), by key; nothing
    until :meth:`turn_on` (the test suite turns it on). ``stop`` ends one kept thing."""

    def __init__(self, stop: Callable[[Any], None]):
        self.items: dict[Any, list] | None = None
        self._stop = stop
        self._lock = threading.Lock()

    def turn_on(self, at_exit: Callable[[], None] | None = None) -> None:
        """Keep from now on; at exit, ``at_exit`` (default: :meth:`close`) stops what is kept."""
        import atexit

        with self._lock:
            if self.items is None:
                self.items = {}
                atexit.register(at_exit or self.close)

    def close(self) -> None:
        """Stop everything kept, and keep nothing from now on."""
        with self._lock:
            kept, self.items = self.items or {}, None
        for thing in [t for ts in kept.values() for t in ts]:
            self._stop(thing)

    def put(self, key: Any, things: list) -> bool:
        """Keep ``things`` under ``key``; False (nothing kept) when keeping is off."""
        with self._lock:
            if self.items is None:
                return False
            self.items.setdefault(key, []).extend(things)
            return True

    def take(self, key: Any) -> Any:
        """One thing kept under ``key`` (no longer kept), or None."""
        with self._lock:
            things = self.items.get(key) if self.items is not None else None
            return things.pop() if things else None


#: Browsers kept between the builds of this process, by Chromium program (:func:`keep_between_builds`).
_KEPT = Kept(lambda browser: browser.close())


def keep_between_builds() -> None:
    """Keep the shared browser of a build open for the next build of this process (starting a Chromium costs
    more CPU than printing a small report). Only a browser that printed without a refused load and is
    still running is kept; it keeps refusing every load but the page it prints. The test suite calls it;
    :func:`close_kept` closes the kept browsers (also at exit)."""
    _KEPT.turn_on()


def close_kept() -> None:
    """Close every browser :func:`keep_between_builds` kept, and keep none from now on."""
    _KEPT.close()


def _take_kept(chromium: str) -> _Browser | None:
    """A kept browser of ``chromium`` that is still running, or None."""
    while (browser := _KEPT.take(chromium)) is not None:
        if browser._proc.poll() is None:
            return browser
        browser.close()
    return None


class _BrowserPool:
    """The printer of a build. ``shared`` (the default): one :class:`_Browser` for the whole build, shared
    by the worker threads (one print at a time: printing is a small part of a report's build, and a second
    Chromium costs more CPU to start than it saves; benchmarks/README.md); :meth:`start` opens it in the
    background while the kernels start, or takes one an earlier build kept (:func:`keep_between_builds`).
    Not shared, or once the shared browser has failed: a Chromium started per report (:func:`_print_pdf`).
    Both print by the same route, which refuses every load but the page itself; a refused load is never
    retried, and the browser that met it is closed, never kept.
    """

    def __init__(self, chromium: str, shared: bool = True):
        import threading

        self.chromium = chromium
        self.shared = shared
        self._lock = threading.Lock()
        self._browser: _Browser | None = None
        self._starting: Any = None
        self.fallback_reason: str | None = None

    def start(self) -> None:
        """Open the browser in a background thread (the first :meth:`print_pdf` waits for it)."""
        import concurrent.futures

        if self.shared and self._starting is None and self._browser is None:
            self._browser = _take_kept(self.chromium)
            if self._browser is not None:
                return
            ex = concurrent.futures.ThreadPoolExecutor(max_workers=1)
            self._starting = ex.submit(_Browser, self.chromium)
            ex.shutdown(wait=False)

    def _get(self) -> _Browser:
        if self._browser is None:
            started, self._starting = self._starting, None
            if started is not None:
                self._browser = started.result()
            else:
                self._browser = _take_kept(self.chromium) or _Browser(self.chromium)
        return self._browser

    def print_pdf(self, html_path: Path, pdf_path: Path) -> None:
        """Print ``html_path`` to ``pdf_path`` (see the class)."""
        with self._lock:
            if self.shared:
                try:
                    self._get().print_pdf(html_path, pdf_path)
                    return
                except RefusedLoad:
                    self._discard()
                    raise
                except Exception as exc:  # the shared browser died: one Chromium per report from now on
                    self.shared = False
                    self.fallback_reason = f"{type(exc).__name__}: {exc}"
                    sys.stderr.write(
                        f"reanalysis report: the shared Chromium failed ({self.fallback_reason}); "
                        "starting Chromium once per report instead\n"
                    )
                    pdf_path.unlink(missing_ok=True)
                    self._discard()
        _print_pdf(self.chromium, html_path, pdf_path)

    def _discard(self) -> None:
        """Close the browser (a page that was refused may still be navigating); the next print opens another."""
        browser, self._browser = self._browser, None
        if browser is not None:
            browser.close()

    def close(self) -> None:
        with self._lock:
            if self._starting is not None:
                try:
                    self._browser = self._starting.result()
                except Exception:  # it never started: nothing to close
                    pass
                self._starting = None
            browser = self._browser
            if (
                self.shared
                and browser is not None
                and browser._proc.poll() is None
                and _KEPT.put(self.chromium, [browser])
            ):
                self._browser = None
            self._discard()
