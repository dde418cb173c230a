"""Every chapter reads the same live as in the book.

A real JupyterLab with jupyterlab-myst (what Binder installs from
environment.yml), with the settings the repository ships (no news pop-up),
opens each of the twelve chapters in turn, runs every cell, and a headless
Chromium reads what a reader would see: the prose must show its numbers
(``{eval}`key``` evaluated in the kernel, the same values the book glues),
every figure must be drawn with its caption, and no raw MyST markup
(``{glue``, ``{cite``, ``{numref``, a directive fence) nor a ``NameError`` may
be left on the page; citations must read as the book prints them, never as
bibliography keys. One JupyterLab, loaded once in one browser page, and one smoke
store serve all chapters; each chapter's kernel is shut down when it has been read.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import jupytext
import nbformat
import pytest
import yaml
from browser import CHROMIUM_ARGS, chromium_path

from negresults.citations import bibliography, parse_call, render_call
from negresults.studies import get

ROOT = Path(__file__).resolve().parents[1]
# Every chapter of the book, from the table of contents: ("shape_color", "01_introduction"), ...
CHAPTERS = [
    tuple(c["file"].split("/")[1:])
    for part in yaml.safe_load((ROOT / "_toc.yml").read_text())["parts"]
    for c in part["chapters"]
    if c["file"].startswith("notebooks/")
]
# The JupyterLab settings the repository ships (pyproject's data-files, Binder's postBuild).
LAB_SETTINGS = ROOT / "jupyterlab-settings" / "negresults.json"
NEWS_POPUP = "official Jupyter news"
RAW_MARKUP = ("{glue", "{cite", "{numref", "{eval", "{doc}", "```{", ":::{")
TOKEN = "negresults-test"
PANEL = ".jp-NotebookPanel:not(.lm-mod-hidden)"  # the notebook in view

pytestmark = [pytest.mark.slow, pytest.mark.timeout(900)]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def lab(tmp_path_factory, smoke_store, smoke_results):
    if chromium_path() is None:
        pytest.fail("headless Chromium is missing: apt-get install chromium (.ci/browser-deps.sh)")
    for module in ("jupyterlab", "jupyterlab_myst"):
        if importlib.util.find_spec(module) is None:
            pytest.fail(f"{module} is not installed: pip install -e '.[lab]' (or make lab)")
    for name in sorted({name for name, _ in CHAPTERS}):
        smoke_results(name)  # train once here, so the kernel only reads the store
    root = tmp_path_factory.mktemp("lab")
    for name, page in CHAPTERS:
        dest = root / name / f"{page}.ipynb"
        dest.parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(jupytext.read(ROOT / "notebooks" / name / f"{page}.py"), dest)
    # Render every cell, not only those in view (JupyterLab 4 windows long notebooks).
    settings = root / ".settings" / "@jupyterlab" / "notebook-extension"
    settings.mkdir(parents=True)
    (settings / "tracker.jupyterlab-settings").write_text(json.dumps({"windowingMode": "none"}))
    # The repository's settings override, installed where an install puts it.
    overrides = root / ".app-settings" / "overrides.d"
    overrides.mkdir(parents=True)
    (overrides / LAB_SETTINGS.name).write_text(LAB_SETTINGS.read_text())
    env = {
        **os.environ,
        "NEGRESULTS_PRESET": "smoke",
        "NEGRESULTS_STORE": str(smoke_store.root),
        "JUPYTERLAB_SETTINGS_DIR": str(root / ".settings"),
        # A fresh workspace: no tab a previous JupyterLab session left open.
        "JUPYTERLAB_WORKSPACES_DIR": str(root / ".workspaces"),
    }
    env.pop("NEGRESULTS_STATIC", None)  # a live kernel, as on Binder
    port = _free_port()
    log = (root / "lab.log").open("w")
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "jupyterlab",
            "--no-browser",
            f"--port={port}",
            "--ServerApp.ip=127.0.0.1",
            f"--ServerApp.token={TOKEN}",
            f"--ServerApp.root_dir={root}",
            "--ServerApp.allow_root=True",
            f"--LabApp.app_settings_dir={root / '.app-settings'}",
            # window.jupyterapp: chapters open in one loaded page (see lab_page).
            "--LabApp.expose_app_in_browser=True",
        ],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(240):
            try:
                urllib.request.urlopen(f"{base}/api/status?token={TOKEN}", timeout=2)
                break
            except OSError:
                if proc.poll() is not None:
                    pytest.fail(f"JupyterLab exited: {(root / 'lab.log').read_text()[-2000:]}")
                time.sleep(0.5)
        else:
            pytest.fail("JupyterLab did not answer within 120 s")
        yield base, root
    finally:
        proc.terminate()
        try:
            proc.wait(20)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


def plain(text: str) -> str:
    """Text as compared: no Markdown emphasis, straight quotes, plain spaces."""
    text = re.sub(r"[*`_]", "", text).replace("\xa0", " ")
    return text.translate(str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"'}))


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def _api(base: str, path: str, method: str = "GET"):
    req = urllib.request.Request(f"{base}{path}?token={TOKEN}", method=method)
    with urllib.request.urlopen(req, timeout=30) as resp:
        body = resp.read()
    return json.loads(body) if body else None


@pytest.fixture(scope="module")
def lab_page(lab, browser):
    """One JupyterLab page for every chapter: the app loads once, and each chapter
    opens in it as a reader opens one from the file browser (loading the app
    again for each of the twelve took about 7 s of the machine apiece)."""
    base, _ = lab
    page = browser.new_page(viewport={"width": 1280, "height": 1000})
    # ?reset: a fresh workspace, with no tab from an earlier session restored.
    page.goto(f"{base}/lab?reset&token={TOKEN}")
    page.wait_for_function("window.jupyterapp !== undefined", timeout=120_000, polling=500)
    page.evaluate("() => window.jupyterapp.restored")
    yield page
    page.close()


# Closes every document in the main area without the "save changes?" dialog (the
# outputs a run adds make each notebook dirty): the page is ready for the next chapter.
CLOSE_ALL = """() => {
    for (const w of Array.from(window.jupyterapp.shell.widgets('main'))) {
        if (w.context) { w.context.model.dirty = false; w.dispose(); }
    }
}"""


def run_all(page, base: str, notebook: str, screenshot: Path, expect: list[str]) -> dict:
    """Open ``notebook`` in the page's JupyterLab, Run All, wait for the kernel; what it shows."""
    try:
        page.evaluate(
            "async path => { await window.jupyterapp.commands.execute('docmanager:open', {path}); }",
            notebook,
        )
        page.wait_for_selector(f"{PANEL} .jp-Cell", timeout=120_000)
        # Run All before the kernel is connected does nothing: wait for "Idle".
        idle = "document.body.innerText.includes('| Idle')"
        page.wait_for_function(idle, timeout=120_000, polling=500)
        page.click('.lm-MenuBar-itemLabel:text-is("Run")', timeout=30_000)
        page.click('.lm-Menu-itemLabel:text-is("Run All Cells")', timeout=30_000)
        # Done when every code cell has a number in its prompt (a page without
        # code cells has none to wait for) and the kernel is idle again.
        deadline = time.monotonic() + 600
        while time.monotonic() < deadline:
            prompts = page.eval_on_selector_all(
                f"{PANEL} .jp-CodeCell .jp-InputPrompt", "els => els.map(e => e.textContent)"
            )
            if all(re.search(r"\[\d+\]", p) for p in prompts) and page.evaluate(idle):
                break
            time.sleep(0.25)
        else:
            raise AssertionError(f"Run All did not finish: prompts {prompts}")
        # The markdown cells' inline expressions come back from the kernel after
        # their cells run: wait (up to a minute) until every expected text shows.
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            text = page.inner_text(f"{PANEL} .jp-Notebook")
            complete = all(plain(e) in plain(text) for e in expect)
            if complete:
                break
            time.sleep(0.25)
        shown = {
            "text": page.inner_text(f"{PANEL} .jp-Notebook"),
            "body": page.inner_text("body"),
            "images": page.eval_on_selector_all(
                f"{PANEL} .jp-OutputArea img", "els => els.map(e => e.naturalWidth)"
            ),
            "errors": page.eval_on_selector_all(
                f"{PANEL} .jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr'], "
                f"{PANEL} .jp-MarkdownCell [data-mime-type='application/vnd.jupyter.stderr']",
                "els => els.map(e => e.textContent.slice(0, 200))",
            ),
        }
        if not complete or shown["errors"]:  # for whoever reads the failure
            page.screenshot(path=str(screenshot), full_page=True)
    finally:
        page.evaluate(CLOSE_ALL)
        # The next chapter gets the machine: this chapter's kernel is shut down.
        for session in _api(base, "/api/sessions") or []:
            _api(base, f"/api/sessions/{session['id']}", method="DELETE")
    return shown


@pytest.mark.parametrize("name,chapter", CHAPTERS)
def test_a_chapter_run_live_shows_its_numbers_figures_and_no_raw_markup(
    lab, lab_page, name, chapter, smoke_results
):
    base, root = lab
    source = (ROOT / "notebooks" / name / f"{chapter}.py").read_text()
    # What the page must show: the values the library computes for it (those the
    # book glues), every figure's caption, and each citation as the book prints it.
    study = get(name)
    results = smoke_results(name)
    values = study.page_values(chapter, results.cfg, results)  # {} for a page of prose only
    figures = re.findall(r'page\.figure\("([^"]+)"\)', source)
    evaluated = set(re.findall(r"\{eval\}`([^`]+)`", source))
    cited = {k for k in evaluated if parse_call(k)}
    expected = {k: values[k] for k in sorted(evaluated - cited)}
    citations = {c: render_call(c) for c in sorted(cited)}
    captions = {k: values[f"{k}_caption"][:60] for k in figures}
    expect = [*expected.values(), *citations.values(), *captions.values()]

    shown = run_all(
        lab_page, base, f"{name}/{chapter}.ipynb", root / f"{name}_{chapter}.png", expect
    )
    text = shown["text"]
    (root / f"{name}_{chapter}.txt").write_text(text)  # beside the screenshot, for a failure

    leftovers = [m for m in RAW_MARKUP if m in text]
    assert not leftovers, f"raw MyST markup visible live: {leftovers}"
    assert not shown["errors"], f"errors on the page: {shown['errors']}"
    assert "NameError" not in text and "Traceback" not in text, "an error shows on the page"
    assert NEWS_POPUP not in shown["body"], "JupyterLab greets the reader with its news pop-up"
    # Live on the smoke preset (as on Binder), a results page says first that its
    # numbers are not the book's; a page of prose only has no numbers to warn about.
    notice = "Live run on the smoke preset, not the book's cpu preset."
    assert (notice in plain(text)) == study.pages[chapter].needs_runs, "live-preset notice"
    # ... and how far they are from the book's recorded claims (book/published).
    far = "How far from the book. Of the book's"
    assert (far in plain(text)) == study.pages[chapter].needs_runs, "distance from the book"

    # Every figure drawn, and followed by its caption.
    drawn = [w for w in shown["images"] if w > 0]
    assert len(drawn) >= len(figures), f"{len(drawn)} images drawn for {len(figures)} figures"
    for n, key in enumerate(figures, start=1):
        assert f"Figure {n}." in text and plain(captions[key]) in plain(text), key

    # The prose shows the page's values.
    missing = [k for k, v in expected.items() if plain(v) not in plain(text)]
    assert not missing, f"values not shown in the prose: {missing[:5]}"

    # Citations read as the book prints them, and no bibliography key shows instead.
    for call, words in citations.items():
        assert words in text, call
    keys = [k for k in bibliography() if re.search(rf"\b{k}\b", text)]
    assert not keys, f"citation keys visible instead of citations: {keys}"
