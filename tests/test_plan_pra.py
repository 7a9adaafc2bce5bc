"""Plan régional d'actions (Préfet de la région Normandie, 2019): counts and facts.

Every expected value below was typed from the source document
(/work/shared/seeds/001_1ad84331eee1d4b1.txt), not from the YAML, and is
looked for in the built HTML as a reader sees it (French number format).
"""
from __future__ import annotations

import pytest

PLAN = "pra-normandie-2019"

# The propositions of the table of contents, as printed (« Proposition 1-1 : … »).
SOMMAIRE = [
    "1-1", "1-2", "1-3", "1-4", "1-5", "1-6",
    "2-1", "2-2", "2-3", "2-4", "2-5",
    "3-1", "3-2",
    "4-1", "4-2", "4-3",
    "5-1", "5-2", "5-3", "5-4",
    "6-1", "6-2", "6-3", "6-4",
    "7-1", "7-2", "7-3", "7-4",
]

# Propositions per chantier, as the table of contents lists them.
PAR_CHANTIER = {1: 6, 2: 5, 3: 2, 4: 3, 5: 4, 6: 4, 7: 4}


def test_counts_and_sommaire(catalogue):
    assert PLAN in catalogue.plans
    axes = catalogue.axes_of(PLAN, None)
    assert len(axes) == 7
    assert [a.data.numero for a in axes] == [f"Chantier n° {n}" for n in range(1, 8)]
    fiches = catalogue.fiches_of_plan(PLAN)
    assert len(fiches) == 28
    for axe in axes:
        n = int(axe.data.numero.rsplit(" ", 1)[1])
        assert len(catalogue.fiches_of_axis(axe)) == PAR_CHANTIER[n], axe.id
        # each proposition sits in the chantier its number says
        for f in catalogue.fiches_of_axis(axe):
            assert f.data.numero.startswith(f"Proposition {n}-"), f.id
    numeros = sorted(f.data.numero for f in fiches)
    assert numeros == sorted(f"Proposition {n}" for n in SOMMAIRE)
    for n in SOMMAIRE:
        assert f"{PLAN}/proposition-{n}" in catalogue.fiches, n
    # 7-4 is the only proposition without an « Évaluation / indicateurs » row
    sans_indicateurs = [f.data.numero for f in fiches if not f.data.indicateurs]
    assert sans_indicateurs == ["Proposition 7-4"]


def test_chantier_titles_follow_one_rule(catalogue):
    """All seven chantiers carry the title printed on their own proposition sheets."""
    titres = {a.data.numero: a.data.titre for a in catalogue.axes_of(PLAN, None)}
    assert titres == {
        "Chantier n° 1": "Être au rendez-vous de la forte demande d'apprentissage et de formation",
        "Chantier n° 2": "Résoudre le problème des offres d'emploi non pourvues faute de compétences disponibles correspondant",
        "Chantier n° 3": "Lever les freins à la reprise d'emploi liés à la garde d'enfants",
        "Chantier n° 4": "Faciliter l'accès à l'emploi en contribuant à lever les freins à la mobilité (logement et transport)",
        "Chantier n° 5": "Comment renforcer la mobilisation territoriale en matière écologique et industrielle, en particulier dans les territoires en transition ?",
        "Chantier n° 6": "Comment mettre en place une écologie de proximité ?",
        "Chantier n° 7": "Accompagner la rénovation thermique des logements",
    }


F = f"fiches/{PLAN}/"
A = f"axes/{PLAN}/"

FACTS = [
    # titles
    (F + "proposition-1-1", "Pas de jeune en reprise d'études sans solution"),
    (F + "proposition-1-4", "Pas d'apprenti sans entreprise, pas d'entreprise sans apprenti"),
    (F + "proposition-3-2", "Développer des actions pour répondre aux besoins de garde sur des horaires atypiques ainsi que pour les enfants au-delà de 6 ans"),
    (F + "proposition-6-4", "Accompagner la réalisation de plateforme de regroupements pour la valorisation des déchets du BTP"),
    (A + "chantier-6", "Comment mettre en place une écologie de proximité ?"),
    (A + "chantier-4", "LEVER LES FREINS À LA REPRISE DE L'EMPLOI LOGEMENT ET TRANSPORT"),
    # pilots (as the sheets word them)
    (F + "proposition-1-2", "Action Logement en liaison étroite avec le Conseil régional et Pôle Emploi"),
    (F + "proposition-2-1", "DIRECCTE/CFDT"),
    (F + "proposition-3-1", "Les 5 CAF de Normandie"),
    (F + "proposition-4-2", "DRDJSCS Normandie"),
    (F + "proposition-7-4", "DREAL / ADEME"),
    # figures of the descriptions
    (F + "proposition-1-1", "322 reprises d'études sans aucune solution détectées en Normandie en juin 2019"),
    (F + "proposition-1-2", "3 400 apprentis et alternants"),
    (F + "proposition-1-6", "8 € par nuitée"),
    (F + "proposition-2-1", "27 juin 2019"),
    # amounts
    (F + "proposition-1-1", "50 000 €"),
    (F + "proposition-2-1", "de 35 000 à 50 000 € par an par action territoriale"),
    (F + "proposition-2-3", "100 000 € par territoire"),
    (F + "proposition-2-4", "50 000 € par action sectorielle"),
    (F + "proposition-3-2", "25 000 €"),
    (F + "proposition-5-4", "75 000 €"),
    (F + "proposition-6-2", "34 000 € par an"),
    (F + "proposition-6-3", "11 989 €"),
    (F + "proposition-6-4", "1 245 400 €"),
    (F + "proposition-6-4", "269 700 €"),
    # dates
    (F + "proposition-1-4", "9 décembre 2019"),
    (F + "proposition-7-1", "1er janvier 2021"),
    (F + "proposition-7-4", "septembre 2019"),
    (F + "proposition-1-1", "de mai à septembre"),
    # indicator targets and values
    (F + "proposition-3-2", "Nombre de partenaires ayant participé au comité de pilotage de l'étude partenaires 10"),
    (F + "proposition-3-2", "Nombre de personnes présentes à la restitution personnes 50"),
    (F + "proposition-6-2", "Nombre de structures signataires de la charte REGAL structures 81"),
    # diagnostics
    (A + "chantier-3", "18 935"),
    (A + "chantier-3", "Calvados 75,4"),
    (A + "chantier-4", "213,8"),
    (A + "chantier-7", "1 750 000"),
]


@pytest.mark.parametrize("url,attendu", FACTS)
def test_fact_on_page(page, url, attendu):
    assert attendu in page(url).text, f"{attendu!r} absent de {url}"


def test_pole_emploi_not_france_travail(catalogue):
    """A 2019 document names Pôle emploi, never France Travail; « Directe » is the Direccte."""
    for f in catalogue.fiches_of_plan(PLAN):
        assert "france-travail-normandie" not in f.data.pilotes + f.data.partenaires, f.id
    f12 = catalogue.fiches[f"{PLAN}/proposition-1-2"].data
    assert "pole-emploi-normandie" in f12.partenaires
    assert "direccte-normandie" in f12.partenaires
