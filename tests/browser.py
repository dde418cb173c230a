"""Load built pages in headless Chromium (Debian's package) and report what is broken."""

from __future__ import annotations

import functools
import http.server
import shutil
import threading
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urldefrag, urlparse

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium_path() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


@contextmanager
def serve(folder: Path):
    """Serve ``folder`` on a free localhost port for the duration of the block."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep pytest output clean
        pass


@dataclass
class PageReport:
    url: str
    console_errors: list[str] = field(default_factory=list)
    uncaught_errors: list[str] = field(default_factory=list)  # exceptions no script caught
    failed_requests: list[str] = field(default_factory=list)
    broken_images: list[str] = field(default_factory=list)
    shrunk_images: list[str] = field(default_factory=list)  # drawn below 70% of their pixels
    wide_tables: list[str] = field(default_factory=list)  # wider than the content column
    links: list[str] = field(default_factory=list)
    text: str = ""


def inspect_pages(
    base: str, paths: list[str], screenshots: dict[str, Path] | None = None
) -> list[PageReport]:
    """Open each page; collect console and uncaught errors, failed local loads, images, links."""
    from playwright.sync_api import sync_playwright

    origin = urlparse(base).netloc
    reports = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        # This machine has no internet: external requests are cut off at once,
        # and only errors from the book's own content count.
        context.route(
            "**/*",
            lambda route: (
                route.continue_() if urlparse(route.request.url).netloc == origin else route.abort()
            ),
        )
        for path in paths:
            page = context.new_page()
            report = PageReport(f"{base}/{path}")
            page.on(
                "console",
                lambda msg, r=report: (
                    r.console_errors.append(f"{msg.text} @ {msg.location.get('url', '')}")
                    if msg.type == "error" and origin in msg.location.get("url", origin)
                    else None
                ),
            )
            # An uncaught exception (a SyntaxError in an inline script, say) is a
            # "pageerror", not a console message: both are collected.
            page.on("pageerror", lambda err, r=report: r.uncaught_errors.append(str(err)))
            # A local file that did not load at all (no HTTP status to look at).
            page.on(
                "requestfailed",
                lambda req, r=report: (
                    r.failed_requests.append(f"{req.failure} {req.url}")
                    if urlparse(req.url).netloc == origin
                    else None
                ),
            )
            page.on(
                "response",
                lambda resp, r=report: (
                    r.failed_requests.append(f"{resp.status} {resp.url}")
                    if resp.status >= 400 and urlparse(resp.url).netloc == origin
                    else None
                ),
            )
            page.goto(report.url, wait_until="load")
            report.broken_images = page.eval_on_selector_all(
                "img", "els => els.filter(e => !(e.complete && e.naturalWidth > 0)).map(e => e.src)"
            )
            report.shrunk_images = page.eval_on_selector_all(
                "article img",
                "els => els.filter(e => e.naturalWidth > 0 && e.clientWidth < 0.7 * e.naturalWidth)"
                ".map(e => `${e.src.slice(-40)} drawn ${e.clientWidth} of ${e.naturalWidth} px`)",
            )
            report.wide_tables = page.evaluate(
                """() => {
                  const article = document.querySelector('article');
                  if (!article) return [];
                  return [...article.querySelectorAll('table')]
                    .filter(t => t.scrollWidth > article.clientWidth + 1)
                    .map(t => `${t.scrollWidth} px in a ${article.clientWidth} px column`);
                }"""
            )
            hrefs = page.eval_on_selector_all("a[href]", "els => els.map(e => e.href)")
            report.links = sorted({urldefrag(h)[0] for h in hrefs if urlparse(h).netloc == origin})
            report.text = (
                page.inner_text("main") if page.query_selector("main") else page.inner_text("body")
            )
            # Real console errors from the page's own content count; the filter
            # above already drops those caused by the aborted external requests.
            report.console_errors = [e for e in report.console_errors if "net::ERR_FAILED" not in e]
            if screenshots and path in screenshots:
                page.screenshot(path=str(screenshots[path]), full_page=True)
            page.close()
            reports.append(report)
        browser.close()
    return reports
