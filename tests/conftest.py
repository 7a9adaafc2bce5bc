"""Shared fixtures: the real site built once, and mini-sites with one defect each."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
MKDOCS = [sys.executable, "-m", "mkdocs"]
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DATE_PUBLICATION": "2026-11-23"}


def run_build(config: Path, site_dir: Path, extra_env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        MKDOCS + ["build", "--strict", "-f", str(config), "-d", str(site_dir)],
        capture_output=True, text=True, env={**ENV, **(extra_env or {})}, cwd=config.parent,
    )


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    """The real site, built once from the repository's content into a temporary folder."""
    out = tmp_path_factory.mktemp("site")
    result = run_build(ROOT / "mkdocs.yml", out)
    assert result.returncode == 0, result.stdout + result.stderr
    return out


class Page:
    def __init__(self, path: Path):
        self.path = path
        self.html = path.read_text(encoding="utf-8")
        self.soup = BeautifulSoup(self.html, "html.parser")
        # The text as a reader reads it: an <abbr> is part of its sentence.
        plain = BeautifulSoup(re.sub(r"</?abbr[^>]*>", "", self.html), "html.parser")
        article = plain.select_one("article") or plain
        # Text with every kind of space made plain, as a reader sees it.
        self.text = " ".join(article.get_text(" ").replace("\u202f", " ").replace("\u00a0", " ").split())


@pytest.fixture(scope="session")
def page(site):
    cache: dict[str, Page] = {}

    def get(url: str) -> Page:
        url = url.strip("/")
        if url not in cache:
            path = site / url / "index.html" if url else site / "index.html"
            assert path.exists(), f"page absente : {url}"
            cache[url] = Page(path)
        return cache[url]

    return get


@pytest.fixture(scope="session")
def catalogue():
    from macros.validation import validate_tree

    cat, problems = validate_tree(ROOT)
    assert not problems, "\n".join(map(str, problems))
    return cat


def mini_site(tmp_path: Path, case: str | None = None) -> Path:
    """The base mini-site, with the files of ``fixtures/<case>/`` laid over it."""
    dest = tmp_path / (case or "base")
    shutil.copytree(FIXTURES / "base", dest)
    if case:
        shutil.copytree(FIXTURES / case, dest, dirs_exist_ok=True)
    (dest / "mkdocs.yml").write_text(
        "site_name: Essai\n"
        "theme:\n  name: material\n  language: fr\n  font: false\n"
        f"  custom_dir: {ROOT / 'overrides'}\n"
        "plugins:\n  - search:\n      lang: fr\n"
        "  - macros:\n      modules: [macros]\n      render_by_default: false\n"
        "      on_error_fail: true\n      on_undefined: strict\n"
        f"hooks:\n  - {ROOT / 'macros' / 'hooks.py'}\n"
        "validation:\n  nav:\n    omitted_files: ignore\n",
        encoding="utf-8",
    )
    return dest



@pytest.fixture(scope="session")
def server(site):
    """The built site served over HTTP on localhost (a free port)."""
    import functools
    import http.server
    import threading

    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(site))
    handler.log_message = lambda *a, **k: None
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


CHROMIUM = "/usr/bin/chromium"


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright (no browser download)."""
    if not Path(CHROMIUM).exists():
        pytest.fail("Chromium de Debian absent : lancez « bash outils/tester.sh », qui l'installe.")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-background-networking", "--disable-component-update", "--disable-gpu"],
        )
        yield b
        b.close()


@pytest.fixture
def tab(browser):
    context = browser.new_context(locale="fr-FR")
    pg = context.new_page()
    yield pg
    context.close()
