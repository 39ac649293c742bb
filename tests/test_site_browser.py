"""The tutorial site in a real headless Chromium with the network off (make site-test; skipped by make test).

The site is built from a copy of the repository's pages into a temporary folder, with a stand-in Japanese notebook
when the Japanese edition does not exist yet, and served on 127.0.0.1. Every page must load with nothing fetched
from outside, every image must have a size, and every formula must be typeset by the site's own MathJax.
Japanese text must be drawn with real glyphs: Chromium draws a character that no installed font covers with the
same missing-glyph box (tofu) as an unassigned code point, so a character with those very pixels is reported.
"""

from __future__ import annotations

import functools
import http.server
import json
import os
import re
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

PROJECT_ROOT = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.browser

BROWSERS = ("chromium-headless-shell", "chromium", "chromium-browser", "google-chrome")
STAND_IN_TITLE = "# 01 · 概念(日本語版の仮ページ:テスト専用)"
STAND_IN_TEXT = "知識の精度と表現の精度、そしてバランスシフト法。"
WAIT_FOR_MATHJAX = """() => new Promise(done => {
    if (typeof MathJax === 'undefined' || !MathJax.Hub) { done(); return; }
    MathJax.Hub.Queue(() => done());
})"""
PAGE_PROBLEMS = """() => {
    const problems = [];
    for (const image of document.images) {
        if (!image.complete || image.naturalWidth === 0 || image.naturalHeight === 0 || image.width === 0) {
            problems.push('image without a size: ' + image.getAttribute('src'));
        }
    }
    const prose = document.querySelector('article') || document.body;
    const copy = prose.cloneNode(true);
    copy.querySelectorAll('pre, code, script, style, .MathJax_Preview').forEach(node => node.remove());
    for (const raw of ['$$', '\\\\[', '\\\\(', '\\\\frac', '\\\\text{']) {
        if (copy.textContent.includes(raw)) problems.push('raw math visible: ' + raw);
    }
    const formulas = document.querySelectorAll('div.math, span.math').length;
    const typeset = document.querySelectorAll('.MathJax, .MathJax_Display').length;
    if (typeset < formulas) problems.push(`${formulas} formulas but ${typeset} typeset`);
    if (document.querySelector('.MathJax_Error, .merror')) problems.push('MathJax error');
    return problems;
}"""


# Every kana, kanji and CJK punctuation mark of the page, per font it is set in, drawn on a canvas and compared with
# U+0378, a code point no font has: identical pixels mean the browser found no glyph for it (tofu).
MISSING_GLYPHS = """() => {
    const cjk = /[\u3000-\u30ff\u4e00-\u9fff\uff01-\uff60]/u;
    const byFont = new Map();
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        if (!cjk.test(node.data) || !node.parentElement) continue;
        const style = getComputedStyle(node.parentElement);
        if (style.display === 'none' || style.visibility === 'hidden') continue;
        const chars = byFont.get(style.fontFamily) || new Set();
        for (const ch of node.data) if (cjk.test(ch)) chars.add(ch);
        byFont.set(style.fontFamily, chars);
    }
    const canvas = document.createElement('canvas');
    canvas.width = canvas.height = 40;
    const context = canvas.getContext('2d', {willReadFrequently: true});
    const pixels = (ch, family) => {
        context.clearRect(0, 0, 40, 40);
        context.font = `32px ${family}`;
        context.fillText(ch, 2, 32);
        return context.getImageData(0, 0, 40, 40).data.join();
    };
    const missing = [];
    for (const [family, chars] of byFont) {
        const tofu = pixels('\u0378', family);
        for (const ch of chars) if (pixels(ch, family) === tofu) missing.push(ch);
    }
    return [...new Set(missing)].sort();
}"""


def _browser() -> str:
    """Path of a Chromium to drive, from $CHROMIUM or the usual names; skip with the fix when there is none."""
    for name in (os.environ.get("CHROMIUM", ""), *BROWSERS):
        if name and (path := shutil.which(name)):
            return path
    pytest.skip("no Chromium found: install Debian's chromium-headless-shell (make site-test does so as root)")


def _copy_pages(destination: Path) -> None:
    """The repository's pages, and a Japanese stand-in notebook when the Japanese edition is missing."""
    for name in ("README.md", "README.ja.md", "ARCHITECTURE.md"):
        if (PROJECT_ROOT / name).exists():
            shutil.copy2(PROJECT_ROOT / name, destination / name)
    skip = shutil.ignore_patterns(".ipynb_checkpoints", "site")
    for folder in ("notebooks", "docs"):
        if (PROJECT_ROOT / folder).exists():
            shutil.copytree(PROJECT_ROOT / folder, destination / folder, ignore=skip)
    japanese = destination / "notebooks" / "ja"
    if not list(japanese.glob("[0-9]*.ipynb")):
        notebook = json.loads((PROJECT_ROOT / "notebooks" / "01_concept.ipynb").read_text(encoding="utf-8"))
        notebook["cells"][0]["source"] = [STAND_IN_TITLE + "\n", "\n", STAND_IN_TEXT]
        japanese.mkdir(parents=True, exist_ok=True)
        (japanese / "01_concept.ipynb").write_text(json.dumps(notebook, ensure_ascii=False), encoding="utf-8")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site built from a copy of the repository's pages."""
    root = tmp_path_factory.mktemp("pages")
    _copy_pages(root)
    out = tmp_path_factory.mktemp("site") / "site"
    build = [sys.executable, str(PROJECT_ROOT / "docs" / "site" / "build.py"), "--root", str(root), "--out", str(out)]
    subprocess.run(build, check=True)
    return out


def _serve(folder: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    """Serve folder on a free loopback port; the server and its base URL."""

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            """Keep the test output to what fails."""

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_port}/"


@pytest.fixture(scope="module")
def base_url(site: Path) -> Iterator[str]:
    """The site served on loopback for the module's tests."""
    server, url = _serve(site)
    yield url
    server.shutdown()


@pytest.fixture(scope="module")
def playwright() -> Iterator[object]:
    """Playwright, to launch Debian's Chromium (never a downloaded one)."""
    _browser()
    sync_api = pytest.importorskip("playwright.sync_api", reason="install the site extra: make site-test")
    with sync_api.sync_playwright() as running:
        yield running


def _launch(playwright, env: dict[str, str] | None = None) -> object:
    """Headless Chromium behind a dead proxy: a request for anything but loopback cannot leave the machine."""
    return playwright.chromium.launch(
        executable_path=_browser(),
        args=["--proxy-server=127.0.0.1:9", "--disable-background-networking", "--disable-component-update"],
        env=env,
    )


@pytest.fixture(scope="module")
def browser(playwright) -> Iterator[object]:
    """Chromium with the machine's fonts."""
    chromium = _launch(playwright)
    yield chromium
    chromium.close()


def _pages(site: Path) -> list[str]:
    """Every HTML page of the site, relative to its root."""
    return sorted(path.relative_to(site).as_posix() for path in site.rglob("*.html"))


def _is_local(url: str, base_url: str) -> bool:
    """A request that stays on the machine: the loopback server, inline data, or the browser's own blank page."""
    return url.startswith((base_url, "data:", "blob:", "about:blank"))


def _problems(browser, base_url: str, pages: list[str]) -> dict[str, list[str]]:
    """What is wrong with each page, loaded from base_url: HTTP errors, unsized images, raw math, remote requests."""
    problems: dict[str, list[str]] = {}
    for page_path in pages:
        page = browser.new_page()
        requested: list[str] = []
        page.on("request", lambda request, seen=requested: seen.append(request.url))
        response = page.goto(base_url + page_path, wait_until="networkidle")
        page.evaluate(WAIT_FOR_MATHJAX)
        found = [] if response and response.ok else [f"HTTP {response.status if response else 'no response'}"]
        found += page.evaluate(PAGE_PROBLEMS)
        if missing := page.evaluate(MISSING_GLYPHS):
            found.append(f"no glyph (tofu) for {len(missing)} characters: {''.join(missing[:40])}")
        found += [f"remote request: {url}" for url in requested if not _is_local(url, base_url)]
        if found:
            problems[page_path] = found
        page.close()
    return problems


def _japanese_page(site: Path) -> str:
    """The first page of the Japanese edition (the stand-in while the edition does not exist)."""
    return sorted(path.relative_to(site).as_posix() for path in (site / "notebooks" / "ja").glob("[0-9]*.html"))[0]


def test_every_page_loads_offline_with_its_figures_and_typeset_math(site: Path, base_url: str, browser) -> None:
    pages = _pages(site)
    assert "index.html" in pages and "notebooks/01_concept.html" in pages and _japanese_page(site) in pages
    assert _problems(browser, base_url, pages) == {}


def test_make_run_html_renders_offline_too(browser) -> None:
    build = PROJECT_ROOT / "build"
    html = (path.relative_to(build) for path in build.rglob("*.html"))
    pages = sorted(path.as_posix() for path in html if path.parts[0] not in {"site", "site-src", "mathjax"})
    if not pages:
        pytest.skip("no HTML from make run in build/: run make run first to check it in the browser too")
    server, url = _serve(build)
    try:
        assert _problems(browser, url, pages) == {}
    finally:
        server.shutdown()


def test_the_formula_of_notebook_01_is_typeset(base_url: str, browser) -> None:
    page = browser.new_page()
    page.goto(base_url + "notebooks/01_concept.html", wait_until="networkidle")
    page.evaluate(WAIT_FOR_MATHJAX)
    assert page.locator(".MathJax_Display").count() >= 1
    page.close()


def test_navigation_lists_every_notebook_and_the_japanese_edition(site: Path, base_url: str, browser) -> None:
    page = browser.new_page()
    page.goto(base_url + "index.html", wait_until="networkidle")
    links = page.eval_on_selector_all(".sidebar-tree a.reference", "nodes => nodes.map(n => n.getAttribute('href'))")
    notebooks = sorted(p.relative_to(site).as_posix() for p in (site / "notebooks").glob("[0-9]*.html"))
    assert notebooks and set(notebooks) <= set(links)
    assert _japanese_page(site) in links
    page.goto(base_url + _japanese_page(site), wait_until="networkidle")
    assert re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", page.locator("h1").first.inner_text())
    page.close()


def test_search_works_offline(base_url: str, browser) -> None:
    page = browser.new_page()
    page.goto(base_url + "search.html?q=tiktoken", wait_until="networkidle")
    page.wait_for_selector("ul.search li", timeout=10_000)
    assert page.locator("ul.search li").count() >= 1
    page.close()


def _fonts_without_japanese(folder: Path) -> Path:
    """A fontconfig configuration that sees only the machine's fonts with no Japanese glyphs, linked into folder."""
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        pytest.skip("fc-list (fontconfig) not found: Chromium on Linux finds its fonts with it")

    def files(*pattern: str) -> set[str]:
        listed = subprocess.run([fc_list, *pattern, "-f", "%{file}\\n"], capture_output=True, text=True, check=True)
        return set(listed.stdout.split("\n")) - {""}

    (fonts := folder / "fonts").mkdir()
    for number, font in enumerate(sorted(files() - files(":lang=ja"))):
        (fonts / f"{number}-{Path(font).name}").symlink_to(font)
    config = folder / "fonts.conf"
    config.write_text(
        f'<?xml version="1.0"?>\n<fontconfig><dir>{fonts}</dir><cachedir>{folder / "cache"}</cachedir></fontconfig>\n',
        encoding="utf-8",
    )
    return config


def test_japanese_text_without_a_japanese_font_is_reported_as_tofu(site: Path, base_url: str, playwright, tmp_path):
    environment = {**os.environ, "FONTCONFIG_FILE": str(_fonts_without_japanese(tmp_path))}
    chromium = _launch(playwright, env=environment)
    try:
        problems = _problems(chromium, base_url, [_japanese_page(site)])
    finally:
        chromium.close()
    assert any(problem.startswith("no glyph (tofu) for ") for problem in problems.get(_japanese_page(site), []))
