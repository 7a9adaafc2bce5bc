"""Every fiche file appears everywhere it should: its axis table, its actors'
pages, the catalogue, the search index and every export."""
from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from conftest import ROOT


def fiche_files():
    return sorted(ROOT.glob("docs/fiches/*/*.md"))


def test_every_fiche_file_is_in_the_catalogue(catalogue):
    assert len(catalogue.fiches) == len(fiche_files())


def test_axis_tables_link_every_fiche(catalogue, page):
    for axe in catalogue.axes.values():
        html = page(axe.url)
        links = {a["href"] for a in html.soup.select("table.tableau-fiches a")}
        for f in catalogue.fiches_of_axis(axe):
            assert any(h.rstrip("/").endswith(f.url.rstrip("/").split("/", 1)[1]) for h in links), (axe.key, f.key)
        # in the plan's own order
        numbers = [td.get_text(strip=True) for td in html.soup.select("table.tableau-fiches tbody tr td:first-child")]
        assert numbers == [f.data.numero for f in catalogue.fiches_of_axis(axe)]


def test_actor_pages_list_their_fiches(catalogue, page):
    for actor_id in catalogue.acteurs:
        html = page(f"acteurs/{actor_id}/")
        hrefs = " ".join(a["href"] for a in html.soup.select("article a[href]"))
        roles = catalogue.roles_of(actor_id)
        for f in roles["pilote"] + roles["partenaire"]:
            assert f"{f.plan}/{f.id}/" in hrefs, (actor_id, f.key)
    total_roles = sum(len(catalogue.roles_of(a)["pilote"]) for a in catalogue.acteurs)
    assert total_roles == sum(len(f.data.pilotes) for f in catalogue.fiches.values())


def test_catalogue_lists_every_fiche_with_its_facets(catalogue, page):
    html = page("trouver-une-fiche/")
    assert html.soup.select_one("h1").get_text() == "Trouver une fiche"
    items = html.soup.select("#resultats > li")
    assert len(items) == len(fiche_files())
    for li in items:
        for facet in ("plan", "axe", "pilote", "partenaire", "territoire", "public", "statut", "annee"):
            assert li.has_attr(f"data-{facet}")
    selects = {s["name"] for s in html.soup.select("#filtres select")}
    assert selects == {"plan", "axe", "pilote", "partenaire", "territoire", "public", "statut", "annee"}
    # counts per facet value add up
    statut = html.soup.select_one("select[name=statut]")
    counted = sum(int(o.get_text().rsplit("(", 1)[1].rstrip(")")) for o in statut.select("option[value]") if o["value"])
    assert counted == len(items)


def test_search_index_holds_every_fiche_axis_and_plan(catalogue, site):
    entry = json.loads((site / "pagefind/pagefind-entry.json").read_text())
    pages = sum(lang["page_count"] for lang in entry["languages"].values())
    assert pages == len(catalogue.fiches) + len(catalogue.axes) + len(catalogue.plans)
    assert list(entry["languages"]) == ["fr"]


def read_csv(site: Path, name: str) -> list[dict]:
    raw = (site / "donnees" / f"{name}.csv").read_bytes()
    assert raw.startswith("\ufeff".encode()), "BOM attendu"
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))


def test_exports_have_one_row_per_fiche_and_parse_back(catalogue, site):
    rows = read_csv(site, "fiches")
    assert len(rows) == len(fiche_files())
    assert {(r["plan"], r["id"]) for r in rows} == {(f.plan, f.id) for f in catalogue.fiches.values()}
    records = json.loads((site / "donnees/fiches.json").read_text(encoding="utf-8"))
    assert len(records) == len(fiche_files())
    from macros.model import Fiche

    for rec in records:
        key = f"{rec.pop('plan')}/{rec.pop('id')}"
        rec.pop("url")
        assert Fiche.model_validate(rec) == catalogue.fiches[key].data, key


def test_indicator_budget_actor_and_milestone_exports_match_the_content(catalogue, site):
    indicators = read_csv(site, "indicateurs")
    expected = 0
    for f in catalogue.fiches.values():
        expected += sum(max(1, len(i.valeurs)) for i in f.data.indicateurs)
    expected += sum(max(1, len(i.valeurs)) for a in catalogue.axes.values() for i in a.data.indicateurs)
    expected += sum(max(1, len(i.valeurs)) for p in catalogue.plans.values() for i in p.data.indicateurs)
    assert len(indicators) == expected
    budgets = read_csv(site, "budgets")
    lines = sum(len(f.data.budget) + sum(len(a.budget) for a in f.data.actions) for f in catalogue.fiches.values())
    lines += sum(len(a.data.budget) for a in catalogue.axes.values()) + sum(len(p.data.budget) for p in catalogue.plans.values())
    assert len(budgets) == lines
    assert len(read_csv(site, "acteurs")) == len(catalogue.acteurs)
    milestones = read_csv(site, "jalons")
    assert len(milestones) == len(catalogue.jalons) + sum(len(f.data.calendrier) for f in catalogue.fiches.values())


@pytest.mark.parametrize("name", ["fiches", "indicateurs", "budgets", "acteurs", "jalons"])
def test_csv_is_valid_against_its_table_schema(site, name):
    from frictionless import Resource, Schema

    schema = Schema.from_descriptor(json.loads((site / "donnees/schemas" / f"{name}.tableschema.json").read_text()))
    report = Resource(path=f"{name}.csv", basepath=str(site / "donnees"), schema=schema, encoding="utf-8-sig").validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:10]


def test_data_page_describes_every_field(site, page):
    from macros.exports import TABLES

    html = page("donnees/")
    assert "Licence Ouverte" in html.text
    for table in TABLES:
        for column in table.columns:
            assert column.description in html.text, (table.name, column.name)


def test_glossary_page_and_abbreviations(catalogue, page):
    html = page("glossaire/")
    sigles = {t.sigle for t in catalogue.glossaire}
    shown = {a.get_text() for a in html.soup.select("dl.glossaire dt abbr")}
    assert shown == sigles
    # an acronym in a fiche's own text is an <abbr> with its expansion
    found = 0
    for f in catalogue.fiches.values():
        abbrs = page(f.url).soup.select(".texte-contributeur abbr[title]")
        found += len(abbrs)
    assert found > 50


def test_acronym_search_finds_what_a_plain_alternation_finds(catalogue, site):
    """The acronyms' pattern, grouped by first character for speed, finds in every built
    page (and in tricky text) exactly what one alternation behind a lookbehind finds."""
    import re

    from macros.render import glossaire

    by_sigle = glossaire._index(catalogue)
    names = "|".join(re.escape(s) for s in sorted(by_sigle, key=len, reverse=True) if glossaire._WORD.fullmatch(s))
    plain = re.compile(r"(?=[A-Z0-9])(?<![\w-])(?:%s)(?![\w'&+.-]*[A-Z0-9+])" % names)
    grouped = glossaire._pattern(by_sigle)
    texts = [f.read_text(encoding="utf-8") for f in sorted(site.rglob("*.html"))]
    tricky = " ".join(f"{s} X{s} -{s} {s}12 {s}'A {s}. ({s}) _{s} {s}x {s}-{s}" for s in by_sigle)
    assert len(texts) > 100 and len(by_sigle) > 50
    for text in texts + [tricky, " ".join(by_sigle)]:
        assert [(m.start(), m.group()) for m in grouped.finditer(text)] == [(m.start(), m.group()) for m in plain.finditer(text)]


def test_acronyms_cut_as_whole_words_only():
    """The first use of an acronym in text gets its <abbr>; not inside a longer word,
    a tag, a link or SVG, and only once."""
    from types import SimpleNamespace

    from macros.render.glossaire import abbreviate

    terms = [SimpleNamespace(sigle=s, definition=d, plans=[]) for s, d in
             [("CREFOP", "Comité régional"), ("AB", "Autre « sigle »"), ("BEN BTP", "Avec espace")]]
    cat = SimpleNamespace(glossaire=terms)
    cases = {
        "<p>Le CREFOP et le CREFOP</p>": '<p>Le <abbr title="Comité régional">CREFOP</abbr> et le CREFOP</p>',
        "<p>l'CREFOP</p>": '<p>l\'<abbr title="Comité régional">CREFOP</abbr></p>',
        "<p>AB.CREFOP XCREFOP CREFOP-N CREFOP.Normandie</p>": "<p>AB.CREFOP XCREFOP CREFOP-N CREFOP.Normandie</p>",
        '<p title="CREFOP"><a href="#">CREFOP</a> <svg><text>AB</text></svg> AB</p>':
            '<p title="CREFOP"><a href="#">CREFOP</a> <svg><text>AB</text></svg> <abbr title="Autre « sigle »">AB</abbr></p>',
        "<p>BEN BTP</p>": "<p>BEN BTP</p>",  # never a word of its own
    }
    for html, expected in cases.items():
        assert abbreviate(cat, html, None) == expected, html
