"""Timelines, agenda, ICS feed and charts: built at build time, readable
without JavaScript, with the same values as the content."""
from __future__ import annotations

import datetime as dt

import pytest

from macros import dates

# The calendar expressions of the content that are free text (shown as written).
FREE_TEXT = sorted([
    ("pra-normandie-2019/proposition-1-1", "de mai à septembre"),
    ("pra-normandie-2019/proposition-1-5", "non daté"),
    ("pra-normandie-2019/proposition-3-1", "Étape 1"),
    ("pra-normandie-2019/proposition-3-1", "Étape 2"),
    ("pra-normandie-2019/proposition-3-1", "Étape 3"),
    ("pra-normandie-2019/proposition-6-3", "Étape 1 (6 mois)"),
    ("pra-normandie-2019/proposition-6-3", "Étape 2 (12 mois)"),
    ("pra-normandie-2019/proposition-6-4", "Calendrier inconnu"),
    ("pra-normandie-2019/proposition-7-2", "non daté"),
])


def all_expressions(cat):
    for f in cat.fiches.values():
        for e in f.data.calendrier:
            yield f.key, e.quand
    for j in cat.jalons:
        yield j.data.plan, j.data.quand


def test_every_calendar_expression_is_parsed_or_listed(catalogue):
    free = sorted((k, q) for k, q in all_expressions(catalogue) if dates.parse(q) is None)
    assert free == FREE_TEXT
    parsed = [q for _, q in all_expressions(catalogue) if dates.parse(q) is not None]
    assert len(parsed) > 10 * len(free)


def test_free_text_entries_are_shown_as_written(catalogue, page):
    for key, quand in FREE_TEXT:
        assert quand in page(catalogue.fiches[key].url).text


def test_fiche_timeline_is_an_ordered_list_with_time_elements(catalogue, page):
    f = catalogue.fiches["crpe-2026/fiche-action-1"]
    frise = page(f.url).soup.select_one(".frise ol.frise-liste")
    assert frise is not None
    times = [t["datetime"] for t in frise.select("time")]
    assert times[0] == "2026-04-01" and "2026-11-23" in times  # T2-T3 2026 starts 1 April; build-date marker
    states = [s.get_text() for s in frise.select(".frise-etat")]
    assert states == ["passé", "en cours", "à venir", "à venir"]  # on 23 November 2026


def test_plan_timeline_holds_milestones_and_fiche_steps(catalogue, page):
    text = page("plans/crpe-2026/").soup.select_one(".frise").get_text()
    for j in catalogue.jalons_of("crpe-2026"):
        assert j.data.libelle in text
    assert "Capitalisation" in text and "Diffusion" in text


def test_agenda_lists_upcoming_first(page):
    soup = page("agenda/").soup
    headings = [h.get_text() for h in soup.select("article h2")]
    assert headings[0].startswith("À venir") and headings[1].startswith("Passées")
    upcoming = [t["datetime"] for t in soup.select("ol.agenda-liste")[0].select("time")]
    assert upcoming == sorted(upcoming)
    past = [t["datetime"] for t in soup.select("ol.agenda-liste")[1].select("time")]
    assert past and past[0] >= past[-1]


def test_ics_parses_back_with_every_dated_event(catalogue, site):
    from icalendar import Calendar

    from macros.exports import milestone_rows

    cal = Calendar.from_ical((site / "donnees/agenda.ics").read_bytes())
    events = list(cal.walk("VEVENT"))
    dated = [r for r in milestone_rows(catalogue) if r["periode"] and r["periode"].debut]
    assert len(events) == len(dated) > 100
    assert len({str(e["uid"]) for e in events}) == len(events)
    by_summary = {str(e["summary"]): e for e in events}
    seance = next(e for s, e in by_summary.items() if s.startswith("[CRPE Normandie 2026] Séance du CRPE"))
    assert seance.decoded("dtstart") == dt.date(2026, 4, 13)
    assert seance.decoded("dtend") == dt.date(2026, 4, 14)
    mobil = next(e for s, e in by_summary.items() if s.startswith("[CRPE Normandie 2026] mobilisation"))
    assert mobil.decoded("dtstart") == dt.date(2026, 4, 1) and mobil.decoded("dtend") == dt.date(2026, 10, 1)


def test_the_agenda_file_is_the_librarys_own_serialisation(catalogue, site):
    """agenda.ics folds only its long lines through icalendar (exports.ics_bytes): the
    bytes are those of Calendar.to_ical, for the real agenda and for lines of every
    length around the 75-octet limit, accents included."""
    from icalendar import Calendar, Event

    from macros.exports import calendar, ics_bytes

    real = calendar(catalogue)
    assert ics_bytes(real) == real.to_ical()
    cal = Calendar()
    cal.add("prodid", "-//essai//FR")
    cal.add("version", "2.0")
    for n in range(50, 170):
        for text in ("a" * n, "é" * (n // 2) + "a" * (n % 2), "x" * (n - 3) + "\\;"):
            ev = Event()
            ev.add("uid", f"{n}-{len(text)}@essai")
            ev.add("summary", text)
            ev.add("description", text + "\nsuite, et fin")
            cal.add_component(ev)
    assert ics_bytes(cal) == cal.to_ical()


def charts_of(page_obj):
    return page_obj.soup.select("figure.graphique")


def test_every_chart_has_title_description_and_table(catalogue, page):
    urls = [p.url for p in catalogue.plans.values()] + [f.url for f in catalogue.fiches.values()]
    n = 0
    for url in urls:
        for fig in charts_of(page(url)):
            n += 1
            svg = fig.select_one("svg")
            assert svg["role"] == "img"
            title, desc = svg.select_one("title"), svg.select_one("desc")
            assert title.get_text().strip() and desc.get_text().strip()
            assert set(svg["aria-labelledby"].split()) == {title["id"], desc["id"]}
            table = fig.select_one("table")
            assert table is not None and len(table.select("tbody tr")) == len(fig.select("svg text.g-libelle"))
    assert n >= 15


def test_srefop_indicator_chart_matches_the_content(catalogue, page):
    from macros.render.format import valeur
    from macros.render.graphiques import indicator_pairs

    for f in catalogue.fiches_of_plan("srefop-pdl-2023-2028"):
        found = indicator_pairs(f.data.indicateurs)
        if not found:
            continue
        a, b, inds = found
        fig = charts_of(page(f.url))[0]
        rows = fig.select("table tbody tr")
        assert len(rows) == len(inds)
        for ind, tr in zip(inds, rows):
            cells = [" ".join(td.get_text().replace("\u202f", " ").replace("\u00a0", " ").split()) for td in tr.select("td")]
            expect = [" ".join(valeur(ind.valeurs[p], ind.unite).replace("\u202f", " ").replace("\u00a0", " ").split()) for p in (a, b)]
            assert cells[:2] == expect, f.key
            va, vb = float(ind.valeurs[a]), float(ind.valeurs[b])
            if va:
                pct = round(abs((vb - va) / abs(va) * 100), 1)
                assert f"{pct:g}".replace(".", ",") in cells[2]


def test_gt_ecte_charts_match_the_content(catalogue, page):
    figs = {f.select_one("figcaption").get_text(): f for f in charts_of(page("plans/gt-ecte-normandie/"))}
    by_axis = figs["Fiches actions par catégorie SGPE"]
    counts = [int(td.get_text()) for td in by_axis.select("tbody td")]
    assert counts == [len(catalogue.fiches_of_axis(a)) for a in catalogue.axes_of("gt-ecte-normandie")]
    rates = figs[next(k for k in figs if "taux moyen d'avancement" in k)]
    values = [td.get_text().replace("\u00a0", " ") for td in rates.select("tbody td")]
    assert values == ["67 %", "78 %", "56 %", "63 %", "34 %", "61 %"]
    assert "Fiches actions par thème" in figs


def test_pacte_budget_charts(catalogue, page):
    figs = {f.select_one("figcaption").get_text(): f for f in charts_of(page("plans/pacte-normand-2019-2023/"))}
    lines = figs["Budget du plan par ligne"].get_text(" ").replace("\u00a0", " ").replace("\u202f", " ")
    assert "38 900 000 €" in lines and "15 300 000 €" in lines
    assert "Coût par réalisation" in figs
    assert "Fiches par statut" in " ".join(figs) or "Réalisations par statut" in figs
