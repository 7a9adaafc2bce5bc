"""Le Pacte normand d'investissement dans les compétences 2019-2023 (bilan).

Every expected value below is typed from the source document
(/work/shared/seeds/004_f14d634e95ea1e6f.txt), not copied from the YAML.
"""
from __future__ import annotations

import re
import unicodedata

import pytest

PLAN = "pacte-normand-2019-2023"
P = f"plans/{PLAN}/"


def F(n: int) -> str:
    return f"fiches/{PLAN}/realisation-{n:02d}/"


# Table des matières, « Les principales réalisations », as printed: (axis heading, title, page).
SOMMAIRE = [
    ("AXE 1", "Cellule prospective et data emploi", 6),
    ("AXE 1", "Evolution du programme qualifiant", 7),
    ("AXE 1", "La formation en situation de travail", 8),
    ("AXE 1", "Formation des salariés en insertion", 9),
    ("AXE 1", "Dispositif jeunes diplômés", 10),
    ("AXE 1", "Emploi Normandie", 11),
    ("AXE 2", "Initiatives territoriales", 14),
    ("AXE 2", "Orientation et information métiers innovants", 15),
    ("AXE 2", "Socle de compétences", 16),
    ("AXE 2", "Plan régional seniors", 17),
    ("AXE 2", "#Avenir", 18),
    ("AXE 2", "Formation des détenus", 19),
    ("AXE 2", "Inclusion des personnes en situation de handicap", 20),
    ("AXE TRANSVERSE", "Professionnalisation et accompagnement des acteurs", 23),
    ("AXE TRANSVERSE", "Badges numériques", 24),
    ("AXE TRANSVERSE", "Favoriser les innovations en formation", 25),
    ("AXE TRANSVERSE", "Eco-citoyenneté dans les organismes de formation", 26),
    ("AXE TRANSVERSE", "Systèmes d'information", 27),
    ("AXE TRANSVERSE", "Sécurisation des parcours", 28),
]

# « ENJEU n … (k actions) » under each axis, as printed.
ENJEUX = {
    "ENJEU 1": ("AXE 1", 1),
    "ENJEU 2": ("AXE 1", 5),
    "ENJEU 3": ("AXE 2", 2),
    "ENJEU 4": ("AXE 2", 2),
    "ENJEU 5": ("AXE 2", 3),
    "ENJEU 6": ("AXE TRANSVERSE", 6),
}


def plain(text: str) -> str:
    """Lower case without accents: « Évolution » and « Evolution » compare equal."""
    return "".join(c for c in unicodedata.normalize("NFD", text.lower()) if unicodedata.category(c) != "Mn")


def test_plan_counts_and_hierarchy(catalogue):
    assert PLAN in catalogue.plans
    top = catalogue.axes_of(PLAN, None)
    assert [a.data.numero for a in top] == ["AXE 1", "AXE 2", "AXE TRANSVERSE"]
    enjeux = [a for a in catalogue.axes_of(PLAN) if a.data.parent]
    assert len(enjeux) == 6
    by_id = {a.id: a for a in catalogue.axes_of(PLAN)}
    for enjeu in enjeux:
        parent_numero, n_actions = ENJEUX[enjeu.data.numero]
        parent = by_id[enjeu.data.parent]
        assert parent.data.parent is None
        assert parent.data.numero == parent_numero, enjeu.data.numero
        assert len(catalogue.fiches_of_axis(enjeu)) == n_actions, enjeu.data.numero
    fiches = catalogue.fiches_of_plan(PLAN)
    assert len(fiches) == 19
    for f in fiches:
        axe = catalogue.axe_of(f)
        assert axe.data.parent is not None, f"{f.id} n'est pas rattachée à un enjeu"
        assert axe.data.numero.startswith("ENJEU ")


def test_every_sommaire_entry_has_its_fiche(catalogue):
    fiches = catalogue.fiches_of_plan(PLAN)
    by_page = {}
    for f in fiches:
        by_page.setdefault(f.data.source.page, []).append(f)
    assert sorted(by_page) == [page for _, _, page in SOMMAIRE]
    for axis, title, page in SOMMAIRE:
        (fiche,) = by_page[page]
        enjeu = catalogue.axe_of(fiche)
        assert catalogue.parent_of(enjeu).data.numero == axis, title
        if plain(fiche.data.titre) != plain(title):
            # The sheet's own title is kept; the TOC's must then be recorded as a discrepancy.
            assert any(title in e for e in fiche.data.ecarts), (title, fiche.data.titre)
    # Realisation 8: the sheet prints « MÉTIERES » (typo), the TOC « métiers ».
    r8 = catalogue.fiches[f"{PLAN}/realisation-08"].data
    assert r8.titre == "Orientation et information métieres innovants"


def _dd(pg, label: str) -> str:
    for dt in pg.soup.select("article dt"):
        if dt.get_text(strip=True) == label:
            dd = dt.find_next_sibling("dd")
            return " ".join(dd.get_text(" ").replace("\u202f", " ").replace("\u00a0", " ").split())
    raise AssertionError(f"champ « {label} » absent")


@pytest.mark.parametrize("url, label, names", [
    (F(1), "Pilotes", ["Région Normandie", "Carif-Oref"]),
    (F(10), "Pilotes", ["Région Normandie", "CFDT"]),
    (F(13), "Pilotes", ["Région Normandie", "ARS"]),
    (F(14), "Pilotes", ["Carif-Oref"]),
    (F(3), "Partenaires", ["AFPA", "Retravailler"]),
    (F(12), "Partenaires", ["Direction interrégionale des Services Pénitentiaires", "Service Pénitentiaire d'Insertion et de Probation"]),
    (P, "Émis par", ["Région Normandie", "Préfet de la région Normandie"]),
])
def test_people_in_charge(page, url, label, names):
    value = _dd(page(url), label)
    for name in names:
        assert name in value, (label, value)


FACTS = [
    # --- Plan: dates, multi-year budget, global figures
    (P, "Adoption 21 mars 2019"),
    (P, "31 décembre 2023"),
    (P, "3 axes, 6 enjeux, 19 réalisations"),
    (P, "38 900 000 € Abondement spécifique"),
    (P, "« 1 jeune 1 solution », après la pandémie de COVID-19 État 2021"),
    (P, "15 300 000 € Actions dans le cadre du plan national de réduction des tensions de recrutement"),
    (P, "Entrées en formation (2019 - 2023) 133 190"),
    (P, "Part des BRSA 18 %"),
    (P, "Part des BOE 11 %"),
    (P, "Part des plus de 50 ans 17 %"),
    (P, "Part des pas ou peu qualifiés (niv 4 et infra) 67 %"),
    (P, "Taux de réussite à la certification des stagiaires Qualif 82 %"),
    (P, "Taux de sortie positive (formation et emploi) à 6 mois des stagiaires Qualif 69 %"),
    (P, "24 accords de partenariat"),
    (P, "28 personnes"),
    # --- Axe 1
    (F(1), "Cellule prospective et data emploi"),
    (F(1), "200 000 €"),
    (F(1), "6 chartes de partage des données signées"),
    (F(2), "Évolution du programme qualifiant"),
    (F(2), "327 600 000 €"),
    (F(2), "30 clauses de réexamen depuis 2022"),
    (F(2), "44 068"),
    (F(3), "674 911 €"),
    (F(3), "2 500 000 €"),
    (F(3), "octobre 2022 - février 2024"),
    (F(4), "316 645 €"),
    (F(4), "261 bénéficiaires sur la durée du Pacte"),
    (F(5), "6 800 000 €"),
    (F(5), "234 en emploi à 6 mois"),
    (F(5), "novembre 2020"),
    (F(5), "novembre 2022"),
    (F(6), "12 122 comptes candidats"),
    (F(6), "60 000 € Licence informatique 18 mois"),
    (F(6), "20 000 €"),
    # --- Axe 2
    (F(7), "6 330 000 €"),
    (F(7), "4 340 000"),
    (F(7), "88 projets déposés, 26 retenus"),
    (F(8), "Orientation et information métieres innovants"),
    (F(8), "998 000 €"),
    (F(8), "678 742"),
    (F(8), "29 projets déposés"),
    (F(9), "94 021 486 €"),
    (F(9), "2019-2022"),
    (F(9), "49 033 entrées de 2019 à 2023"),
    (F(9), "7 526 11 339"),
    (F(10), "5 400 000 €"),
    (F(10), "990 stagiaires"),
    (F(10), "32 % de stagiaires en emploi"),
    (F(11), "#Avenir"),
    (F(11), "134 117 422 €"),
    (F(11), "23 735"),
    (F(11), "5 300"),
    (F(12), "9 500 000 €"),
    (F(12), "Entrées en formation stagiaires 349 525"),
    (F(13), "187 stagiaires"),
    (F(13), "16 filières professionnelles"),
    # --- Axe transverse
    (F(14), "854 982 €"),
    (F(14), "4 600 participants"),
    (F(14), "160 actions de formation / 370 sessions"),
    (F(15), "18 000 €"),
    (F(15), "3 000 badges délivrés"),
    (F(16), "71 900 €"),
    (F(16), "1 800 000 €"),
    (F(16), "23 projets instruits, 14 subventionnés"),
    (F(17), "200 000 €"),
    (F(17), "Statut en cours"),
    (F(18), "3 200 000 €"),
    (F(18), "97 % des stagiaires intégrés dans Agora"),
    (F(19), "70 800 000 € Rémunération des stagiaires 2023"),
    (F(19), "5 530 € Aide équipement 2023"),
    (F(19), "31 690 € Aide au permis 2023"),
    (F(19), "septembre 2019"),
    # --- Axes and enjeux pages
    (f"axes/{PLAN}/axe-2/", "Accès des publics les plus fragiles aux parcours qualifiants par la consolidation des compétences clés"),
    (f"axes/{PLAN}/enjeu-6/", "Moderniser les contenus et les modes de mise en œuvre de la formation et de l'accompagnement pendant les parcours"),
]


@pytest.mark.parametrize("url, expected", FACTS)
def test_fact_on_built_page(page, url, expected):
    assert expected in page(url).text


def test_fiche_budget_totals_do_not_double_count(page):
    # Realisation 7: the Région's 4,34 M€ is part of the 6,33 M€ global cost.
    assert "Budget 6 330 000 € au total" in page(F(7)).text
    # Realisation 8: 678 742 € of Région support within 998 000 € of projects.
    assert "Budget 998 000 € au total" in page(F(8)).text


def test_no_heading_made_from_a_hashtag(page):
    # « #Avenir » at the start of a line must not become a level-1 heading.
    h1 = page(F(11)).soup.select("article h1")
    assert len(h1) == 1 and re.sub(r"\s+", " ", h1[0].get_text(" ")).strip().startswith("#Avenir")
