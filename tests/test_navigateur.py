"""Browser tests: Debian's Chromium through Playwright, on the built site served
over HTTP on localhost. Filtering the catalogue, shared filter URLs, search."""
from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "outils"))
from comparer import pagefind_index  # noqa: E402

from macros import recherche_decoupe as decoupe  # noqa: E402

pytestmark = pytest.mark.navigateur


def visible_titles(tab) -> list[str]:
    return tab.locator("#resultats > li:not([hidden]) .resultat-titre").all_inner_texts()


def test_filter_by_pilot_and_status(catalogue, server, tab):
    tab.goto(f"{server}/trouver-une-fiche/")
    tab.select_option("#filtre-pilote", "dreets-normandie")
    expected = {f.data.titre for f in catalogue.fiches.values() if "dreets-normandie" in f.data.pilotes}
    assert set(visible_titles(tab)) == expected
    tab.select_option("#filtre-statut", "a-l-etude")
    expected = {f.data.titre for f in catalogue.fiches.values()
                if "dreets-normandie" in f.data.pilotes and f.data.statut == "à l'étude"}
    assert expected and set(visible_titles(tab)) == expected
    n = len(expected)
    assert tab.inner_text("#compte") == f"{n} fiche{'s' if n > 1 else ''}"
    assert tab.locator("#compte").get_attribute("role") == "status"
    assert "pilote=dreets-normandie" in tab.url and "statut=a-l-etude" in tab.url


def test_shared_filter_url(catalogue, server, tab):
    tab.goto(f"{server}/trouver-une-fiche/?plan=srefop-pdl-2023-2028&statut=en-cours")
    expected = {f.data.titre for f in catalogue.fiches.values() if f.plan == "srefop-pdl-2023-2028" and f.data.statut == "en cours"}
    assert set(visible_titles(tab)) == expected
    assert tab.input_value("#filtre-plan") == "srefop-pdl-2023-2028"


def test_free_text_ignores_accents(catalogue, server, tab):
    tab.goto(f"{server}/trouver-une-fiche/")
    tab.fill("#filtre-q", "securisation")
    titles = visible_titles(tab)
    assert titles and all(t in {f.data.titre for f in catalogue.fiches.values()} for t in titles)


def test_keyboard_reaches_every_filter(server, tab):
    tab.goto(f"{server}/trouver-une-fiche/")
    tab.focus("#filtre-q")
    seen = []
    for _ in range(12):
        tab.keyboard.press("Tab")
        seen.append(tab.evaluate("document.activeElement.id"))
    for facet in ("plan", "axe", "pilote", "partenaire", "territoire", "public", "statut", "annee"):
        assert f"filtre-{facet}" in seen
    assert "filtres-effacer" in seen


@pytest.mark.parametrize("query, expected_url", [
    ("securisation", None),
    ("sécurisation", None),
    ("Orientibus", "fiches/srefop-pdl-2023-2028/fiche-ambition-2-a/"),
    ("DEFFINOV", "fiches/srefop-pdl-2023-2028/fiche-ambition-3-b/"),
])
def test_search(server, tab, query, expected_url):
    tab.goto(f"{server}/recherche/?q={query}")
    tab.wait_for_function("document.getElementById('recherche-statut').textContent.includes('pour')")
    hrefs = [a.get_attribute("href") for a in tab.locator("#recherche-resultats .resultat-titre").all()]
    assert hrefs, tab.inner_text("#recherche-statut")
    meta = tab.locator("#recherche-resultats .resultat-meta").first.inner_text()
    assert " › " in meta  # kind › plan › axis
    if expected_url:
        assert any(h.rstrip("/").endswith(expected_url.rstrip("/")) for h in hrefs)


def test_search_accents_and_plurals_give_the_same_results(server, tab):
    results = []
    for q in ("securisation", "sécurisation", "Sécurisations"):
        tab.goto(f"{server}/recherche/?q={q}")
        tab.wait_for_function("document.getElementById('recherche-statut').textContent.includes('pour')")
        results.append(tab.locator("#recherche-resultats .resultat-titre").all_inner_texts())
    assert results[0] == results[1] == results[2] and results[0]
    tab.goto(f"{server}/recherche/?q=formations")
    tab.wait_for_function("document.getElementById('recherche-statut').textContent.includes('pour')")
    assert re.search(r"\d+ résultats", tab.inner_text("#recherche-statut"))


def test_one_search_downloads_little(server, tab):
    """What a reader downloads for one search: no web worker, a few hundred KB at most."""
    sizes = {}
    tab.goto(f"{server}/recherche/")
    tab.on("response", lambda r: sizes.__setitem__(r.url, len(r.body())) if "/pagefind/" in r.url else None)
    tab.fill("#recherche-q", "emploi")
    tab.press("#recherche-q", "Enter")
    tab.wait_for_function("document.getElementById('recherche-statut').textContent.includes('pour')")
    tab.wait_for_function("document.querySelectorAll('#recherche-resultats li').length === 10")
    assert not [u for u in sizes if "worker" in u]
    assert len([u for u in sizes if "/fragment/" in u]) == 10  # the shown results only
    assert sum(sizes.values()) < 300_000, sizes


def test_every_word_chunk_is_found(site, server, tab):
    """The words at both ends of every re-cut chunk are found by the search page's Pagefind."""
    words = pagefind_index(site / "pagefind")["words"]
    ends = set()
    for chunk in (site / "pagefind/index").iterdir():
        entries = decoupe.decode(chunk.read_bytes())[0]
        for w in (entries[0], entries[-1]):
            form = w[0] if w[1] else w[2][0][0]  # an accented word is indexed under its variants
            ends.add((form, len({u for u, _ in words[w[0]][0]} | {u for _, p in words[w[0]][1] for u, _ in p})))
    tab.goto(f"{server}/recherche/")
    found = tab.evaluate("""async (queries) => {
        const pf = await import(new URL("../pagefind/pagefind.js", location.href).href);
        await pf.options({ noWorker: true });
        const out = {};
        for (const q of queries) out[q] = (await pf.search(q)).results.length;
        return out;
    }""", [form for form, _ in ends])
    missing = [(form, n, found[form]) for form, n in ends if found[form] < n]
    assert not missing
