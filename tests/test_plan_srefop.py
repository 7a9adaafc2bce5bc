"""SREFOP Pays de la Loire 2023-2028 (bilan intermédiaire 2023-2024): the plan against its source document.

Every expected value below was typed from the source document
(/work/shared/seeds/002_11823d98dea9973a.txt), not copied from the YAML.
"""
from __future__ import annotations

import re

import pytest

PLAN = "srefop-pdl-2023-2028"
FICHES = f"fiches/{PLAN}"


def norm(text: str) -> str:
    return " ".join(text.replace("\u202f", " ").replace("\u00a0", " ").split())


# --- Counts -------------------------------------------------------------------

#: Numbers of the fiches-ambition as the sommaire prints them ("Fiche-ambition 1.A : …").
SOMMAIRE = ["1.A", "1.B", "1.C", "2.A", "2.B", "3.A", "3.B", "4.A", "4.B", "5"]

#: Rows of each fiche's table « Indicateurs de réalisation / d'impact » in the document.
#: 4.B prints 6 rows, each with a MEN and a MASA value: the site keeps one indicator per ministry (12).
INDICATEURS = {"1.A": 4, "1.B": 3, "1.C": 6, "2.A": 5, "2.B": 6, "3.A": 1, "3.B": 2, "4.A": 1, "4.B": 12, "5": 1}

#: Boxes of « Exemples d'actions » counted in the document, fiche by fiche
#: (3.A: the opening text on sector cooperation, the portraits sectoriels box and the Transitions Pro box).
ACTIONS = {"1.A": 14, "1.B": 12, "1.C": 12, "2.A": 21, "2.B": 11, "3.A": 3, "3.B": 3, "4.A": 20, "4.B": 1, "5": 1}

#: Ambition of each fiche.
AXE_DE = {"1.A": "1", "1.B": "1", "1.C": "1", "2.A": "2", "2.B": "2", "3.A": "3", "3.B": "3", "4.A": "4", "4.B": "4", "5": "5"}


def test_counts(catalogue):
    assert PLAN in catalogue.plans
    axes = catalogue.axes_of(PLAN, None)
    assert [a.data.numero for a in axes] == ["1", "2", "3", "4", "5"]
    fiches = catalogue.fiches_of_plan(PLAN)
    assert len(fiches) == 10
    numeros = [f.data.numero for f in fiches]
    assert numeros == SOMMAIRE
    by_num = {f.data.numero: f for f in fiches}
    axes_by_id = {a.id: a.data.numero for a in axes}
    for num in SOMMAIRE:
        fiche = by_num[num]
        assert axes_by_id[fiche.data.axe] == AXE_DE[num], num
        assert len(fiche.data.indicateurs) == INDICATEURS[num], num
        assert len(fiche.data.actions) == ACTIONS[num], num
    # 98 example boxes on the fiches (the document announces 99 actions communicated by contributors).
    assert sum(len(f.data.actions) for f in fiches) == 98
    # Every fiche of the sommaire has its page.
    for fiche in fiches:
        assert fiche.url.strip("/").startswith(FICHES)


def test_territoires_clpe(catalogue):
    """The 18 CLPE territories (ex-CLEFOP): 4 per département for 44, 49 and 85, 3 for 53 and 72."""
    clpe = [t for t in catalogue.territoires.values() if PLAN in t.plans and t.id.startswith("clpe-")]
    assert len(clpe) == 18
    per_dep = {}
    for t in clpe:
        per_dep[t.parent] = per_dep.get(t.parent, 0) + 1
    assert per_dep == {"loire-atlantique": 4, "maine-et-loire": 4, "vendee": 4, "mayenne": 3, "sarthe": 3}


#: Annexe 1 (glossaire) as printed: every sigle with its expansion (final full stop left out).
#: CLPE is expanded as on page 3 (« Comités locaux pour l'emploi »): the annex prints « … Emploi Emploi ».
ANNEXE_1 = {
    "AFEST": "Actions de Formation En Situation de Travail",
    "AFPR": "Action de Formation Préalable au Recrutement",
    "BRSA": "Bénéficiaires du Revenu de Solidarité Active (RSA)",
    "CEP": "Conseil en Évolution Professionnelle",
    "CFA": "Centre de Formation d'Apprentis",
    "CLPE": "Comités locaux pour l'emploi",
    "CLEE": "Comités locaux école entreprises",
    "CMQ": "Campus des Métiers et des Qualifications",
    "CNSA": "Caisse Nationale de Solidarité pour l'Autonomie",
    "COS": "Contrats d'Objectifs Sectoriels",
    "CPF": "Compte Personnel de Formation",
    "CPRDFOP": "Contrat de Plan Régional de Développement de la Formation et de l'Orientation Professionnelles",
    "CREFOP": "Comité Régional de l'Emploi, de la Formation et de l'Orientation Professionnelles",
    "CT2E": "Comité Territorial Entreprises-Emploi",
    "DE": "Demandeurs d'Emploi",
    "DEBOE": "Demandeurs d'Emploi Bénéficiaires de l'Obligation d'Emploi",
    "DELD / DETLD": "Demandeurs d'Emploi de Longue et Très Longue Durée",
    "DIR.NAMO": "Direction Interrégionale de la Mer Nord Atlantique-Manche Ouest",
    "DRAAF": "Direction Régionale de l'Agriculture et de la Forêt",
    "DREETS": "Direction Régionale de l'Economie, de l'Emploi, du Travail et des Solidarités",
    "EDEC": "Engagements de Développement de l'Emploi et des Compétences",
    "EPCI": "Établissement Public de Coopération Intercommunale",
    "FAP": "Famille Professionnelle",
    "FPA": "Formation Par l'Alternance",
    "FPI": "Formation Professionnelle Initiale",
    "FPC": "Formation Professionnelle Continue",
    "GEPPMM": "Gestion des Emplois et des Parcours Professionnels et la Mixité des Métiers",
    "GPEC": "Gestion Prévisionnelle des Emplois et des Compétences",
    "GPECT": "Gestion Prévisionnelle des Emplois et Compétences Territoriale",
    "OPCO": "Opérateurs de Compétences",
    "PRITH": "Plan Régional d'Insertion des Travailleurs Handicapés",
    "PSAD": "Plates-formes de Suivi et d'Appui aux Décrocheurs",
    "QPV": "Quartiers Prioritaires de la politique de la Ville",
    "MEN": "Ministère de l'Éducation Nationale",
    "MASA": "Ministère de l'Agriculture et de la Souveraineté alimentaire",
    "PME": "Petites et Moyennes Entreprises",
    "POEC": "Préparations Opérationnelles à l'Emploi Collectives",
    "QVTC": "Qualité de Vie et des Conditions de Travail",
    "ROME": "Répertoire Opérationnel des Métiers et des Emplois",
    "SPE": "Service Public de l'Emploi",
    "SPRO": "Service Public Régional de l'Orientation",
    "SREFOP": "Schéma régional de l'emploi, de la formation et de l'orientation professionnelles",
    "SRFSS": "Schéma Régional des Formations Sanitaires et Sociales",
    "Territoire EFOP": "Territoire d'Emploi, de Formation et d'Orientation Professionnelles",
    "VAE": "Valorisation des Acquis de l'Expérience",
}


def test_glossaire_annexe_1(catalogue):
    assert len(ANNEXE_1) == 45
    ours = {}
    for t in catalogue.glossaire:
        if PLAN in t.plans:
            ours.setdefault(t.sigle, set()).add(t.definition.casefold())
    # Entries shared with another plan's glossary are merged, keeping that file's capitalisation.
    for sigle, definition in ANNEXE_1.items():
        assert sigle in ours, sigle
        assert definition.casefold() in ours[sigle], (sigle, ours[sigle])


# --- Exact facts read from the built pages --------------------------------------

FACTS = [
    # plan page
    (f"plans/{PLAN}/", "33 contributions"),
    (f"plans/{PLAN}/", "99 actions"),
    (f"plans/{PLAN}/", "18 territoires"),
    (f"plans/{PLAN}/", "11 dialogues sectoriels"),
    (f"plans/{PLAN}/", "mars 2025"),
    (f"plans/{PLAN}/", "36 876"),
    (f"plans/{PLAN}/", "Les Sables-d'Olonne"),
    # axes
    (f"axes/{PLAN}/ambition-2/", "Accompagner les Ligériens et sécuriser leurs parcours professionnels"),
    (f"axes/{PLAN}/ambition-4/", "49 Centre, 49 Ouest, 49 Est, 49 Sud"),
    # fiche titles, exactly as the sheets print them
    (f"{FICHES}/fiche-ambition-1-a/", "Accompagner les employeurs dans la transition écologique"),
    (f"{FICHES}/fiche-ambition-1-b/", "Soutenir l'entreprise apprenante"),
    (f"{FICHES}/fiche-ambition-1-c/", "Impliquer les employeurs en faveur du plein emploi et de l'employabilité des seniors"),
    (f"{FICHES}/fiche-ambition-2-a/", "Accroître la visibilité et l'attractivité des métiers à fort potentiel de recrutement aujourd'hui et demain et des formations qui y conduisent"),
    (f"{FICHES}/fiche-ambition-2-b/", "Accompagner vers l'emploi tous les publics sans emploi"),
    (f"{FICHES}/fiche-ambition-3-a/", "Soutenir et diffuser les études prospectives sectorielles et renforcer la coopération sectorielle des acteurs à l'échelle régionale"),
    (f"{FICHES}/fiche-ambition-3-b/", "Faire évoluer l'offre de formation, toutes voies confondues"),
    (f"{FICHES}/fiche-ambition-4-a/", "Animer le Comité Territorial Entreprises Emploi (CT2E) sur les dix-huit territoires EFOP"),
    (f"{FICHES}/fiche-ambition-4-b/", "Adapter localement l'offre de formation pour répondre aux besoins identifiés pour la formation professionnelle initiale"),
    (f"{FICHES}/fiche-ambition-5/", "Assurer un suivi régulier de la SREFOP pour garantir son agilité et l'efficacité des actions qui en découlent"),
    # publics cibles
    (f"{FICHES}/fiche-ambition-1-a/", "Employeurs et actifs ligériens"),
    (f"{FICHES}/fiche-ambition-5/", "Membres du CREFOP"),
    (f"{FICHES}/fiche-ambition-5/", "Membres des CLPE"),
    # example actions: names, amounts, figures
    (f"{FICHES}/fiche-ambition-1-a/", "EDEC TEE 2023-2025 : Un levier pour la transition écologique des entreprises ligériennes"),
    (f"{FICHES}/fiche-ambition-1-a/", "73 760 €"),
    (f"{FICHES}/fiche-ambition-1-a/", "639 entreprises"),
    (f"{FICHES}/fiche-ambition-1-a/", "1,06M€"),
    (f"{FICHES}/fiche-ambition-1-b/", "Le Mois de la Découverte des Métiers"),
    (f"{FICHES}/fiche-ambition-1-c/", "19 950"),
    (f"{FICHES}/fiche-ambition-1-c/", "8 626"),
    (f"{FICHES}/fiche-ambition-2-a/", "Vidéos 360° diffusées dans les Orientibus"),
    (f"{FICHES}/fiche-ambition-2-a/", "Le Hub de l'Alternance"),
    (f"{FICHES}/fiche-ambition-2-b/", "L'offre de repérage et de remobilisation (O2R)"),
    (f"{FICHES}/fiche-ambition-2-b/", "Prépa Avenir Sup"),
    (f"{FICHES}/fiche-ambition-3-b/", "DEFFINOV"),
    (f"{FICHES}/fiche-ambition-3-b/", "1 826 552 €"),
    (f"{FICHES}/fiche-ambition-3-b/", "5 121"),
    (f"{FICHES}/fiche-ambition-3-b/", "1 934"),
    (f"{FICHES}/fiche-ambition-4-a/", "Séminaire à Abbaretz"),
    (f"{FICHES}/fiche-ambition-4-a/", "Rénover pour louer"),
    (f"{FICHES}/fiche-ambition-4-b/", "D-23-014675"),
    (f"{FICHES}/fiche-ambition-4-b/", "13 juillet 2023"),
    (f"{FICHES}/fiche-ambition-5/", "décembre 2024"),
]


@pytest.mark.parametrize("url,expected", FACTS)
def test_fact_on_page(page, url, expected):
    assert expected in page(url).text, f"« {expected} » absent de {url}"


# --- Indicator values, checked in the table row of their label -----------------

#: (fiche url, label fragment, 2023 value as printed on the site, 2024 value as printed on the site).
#: Percent indicators show the number in the cell and « % » in the unit column.
INDICATOR_ROWS = [
    ("fiche-ambition-1-a", "Nombre de salariés stagiaires bénéficiaires", "4 792", "7 507"),
    ("fiche-ambition-1-a", "Nombre d'établissements bénéficiaires d'actions de sensibilisation", "1 901", "2 320"),
    ("fiche-ambition-1-a", "Nombre d'actions de contrat d'objectifs sectoriel", "2", "2"),
    ("fiche-ambition-1-a", "PCRH » cumulées avec un volet Transition écologique", "3", "4"),
    ("fiche-ambition-1-b", "parties prenantes d'une action de formation en apprentissage", "33 269", "-"),
    ("fiche-ambition-1-b", "qui ont formé un maître d'apprentissage ou un tuteur", "689", "801"),
    ("fiche-ambition-1-b", "entrés dans une formation au cours de l'année", "nc", "nc"),
    ("fiche-ambition-1-c", "ayant mobilisé le dispositif PCRH", "502", "606"),
    ("fiche-ambition-1-c", "Part des 55 ans et plus dans la DELD", "23", "23"),
    ("fiche-ambition-1-c", "Taux d'emploi des seniors ligériens", "51,5", "52,9"),
    ("fiche-ambition-1-c", "Taux d'activité des seniors ligériens", "-", "57,5"),
    ("fiche-ambition-1-c", "Taux de retour à l'emploi des travailleurs handicapés", "-", "18,6"),
    ("fiche-ambition-2-a", "labellisées SPRO", "3", "3"),
    ("fiche-ambition-2-a", "action de professionnalisation proposée par le Cariforef", "1 458", "1 361"),
    ("fiche-ambition-2-a", "Part des filles parmi les vœux d'orientation", "26", "27"),
    ("fiche-ambition-2-a", "ayant bénéficié de l'Orientibus",
     "29 400 scolaires (26 200 collégiens et 3 000 Lycéens)", "32 000 scolaires (29 395 collégiens et 2 628 lycéens)"),
    ("fiche-ambition-2-b", "Nombre de décrocheurs suivis par les PSAD", "3 412", "3 110"),
    ("fiche-ambition-2-b", "dispositifs de remise à niveau", "5 051", "4 755"),
    ("fiche-ambition-2-b", "dispositifs de remise en activité", "27 761", "non stabilisé"),
    ("fiche-ambition-2-b", "à l'issue d'une formation qualifiante", "65,3", "66,9"),
    ("fiche-ambition-3-a", "Nombre de contrats d'objectifs sectoriels (COS) signés en cours", "4", "3"),
    ("fiche-ambition-3-b", "Nombre de métiers actualisés avec des préconisations concertées", "311",
     "137 préconisations d'évolution de l'offre de formation professionnelle + 3 nouvelles préconisations pour des nouveaux métiers"),
    ("fiche-ambition-3-b", "Nombre d'entrées en formation sur la liste", "233 424", "Automne 2025"),
    ("fiche-ambition-4-b", "Taux de transformation de la carte de formation professionnelle initiale scolaire — MEN", "5,4", "5,3"),
    ("fiche-ambition-4-b", "Taux de transformation de la carte de formation professionnelle initiale scolaire — MASA", "1", "0,6"),
    ("fiche-ambition-4-b", "Nombre d'ouvertures de places, y compris dans le champ agricole — MEN", "785", "644"),
    ("fiche-ambition-4-b", "Nombre d'ouvertures de places, y compris dans le champ agricole — MASA", "120", "110"),
    ("fiche-ambition-4-b", "Nombre de fermetures de places, y compris dans le champ agricole — MASA", "0", "40"),
    ("fiche-ambition-4-b", "validation académique régionale — MEN", "0", "132"),
    ("fiche-ambition-4-b", "Taux de poursuite d'étude à 6 mois en sortie de Bac pro — MEN", "59", "nd"),
    ("fiche-ambition-4-b", "Taux d'insertion professionnelle à 6 mois en sortie de Bac pro — MEN", "51", "nd"),
    ("fiche-ambition-5", "Nombre de réunions annuelles du Groupe SREFOP", "8", "8"),
]


def indicator_row(page, url: str, label: str):
    """The header cells and the cells of the one indicator row whose first cell holds ``label``."""
    soup = page(url).soup
    article = soup.select_one("article") or soup
    for table in article.find_all("table"):
        rows = table.find_all("tr")
        if not rows:
            continue
        header = [norm(c.get_text(" ")) for c in rows[0].find_all(["th", "td"])]
        if "2023" not in header or "2024" not in header:
            continue
        for tr in rows[1:]:
            cells = [norm(c.get_text(" ")) for c in tr.find_all(["th", "td"])]
            if cells and label in cells[0]:
                return header, cells
    return None, None


@pytest.mark.parametrize("fiche,label,v2023,v2024", INDICATOR_ROWS)
def test_indicator_values(page, fiche, label, v2023, v2024):
    header, cells = indicator_row(page, f"{FICHES}/{fiche}/", label)
    assert cells is not None, f"ligne « {label} » absente de {fiche}"
    assert cells[header.index("2023")] == v2023
    assert cells[header.index("2024")] == v2024


def test_ct2e_indicator(page):
    """4.A: one merged cell « Pour 2023-2024 : 136 situations d'entreprises dans les 15 CTEE »."""
    header, cells = indicator_row_any(page, f"{FICHES}/fiche-ambition-4-a/", "Nombre de situations d'entreprises examinées en CT2E")
    assert cells is not None
    assert cells[header.index("2023-2024")] == "136"


def indicator_row_any(page, url: str, label: str):
    soup = page(url).soup
    for tr in (soup.select_one("article") or soup).find_all("tr"):
        cells = [norm(c.get_text(" ")) for c in tr.find_all(["th", "td"])]
        if cells and label in cells[0]:
            header = [norm(c.get_text(" ")) for c in tr.find_parent("table").find("tr").find_all(["th", "td"])]
            return header, cells
    return None, None


def test_prf_table(page):
    """2.B: the PRF table « Dispositifs pour les demandeurs d'emploi » is shown as data (chiffres clés)."""
    text = page(f"{FICHES}/fiche-ambition-2-b/").text
    for expected in ["Prépa Clés Avenir 3 320 2 692", "1 emploi = 1 formation 4 997 4 970", "Pass Entreprendre 542 486",
                     "Formations des personnes détenues 533 589"]:
        assert re.sub(r"\s+", " ", expected) in text, expected
