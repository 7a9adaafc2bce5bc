"""crpe-2026: CRPE Normandie, dossier de séance du 13 avril 2026.

Every expected value below is typed from the source document
(/work/shared/seeds/000_654a7e0abfc7863d.txt), not copied from the YAML.
"""
from __future__ import annotations

import pytest

PLAN = "crpe-2026"

# « 3. Annexes : sommaire » : one GT per axis of the feuille de route, with its page.
SOMMAIRE_ANNEXES = {
    "1": ("Améliorer l'accès à la formation des allocataires du RSA", 3),
    "2": ("Développer l'emploi des travailleurs expérimentés", 5),
    "3": ("Accompagner la transition écologique", 15),
    "4": ("Accompagner la transition démographique", 17),
}
# « 5. Fiches actions proposées à l'étude » : number => page.
SOMMAIRE_FICHES_ACTIONS = {"Fiche action 1": 9, "Fiche action 2": 12}

# Pistes / axes / priorités of each GT note, with the status the document gives them.
PRIORISEES_GT_RSA = {  # « Actions prioritées par le GT » / « Action priorisée par le GT »
    "Créer une FAQ régionale à destination des référents",
    "Organiser des réunions d'information collective ou \"cafés\" pour les référents départementaux.",
    "Systématiser la transmission dématérialisée des bilans de formation par l'OF au prescripteur (via la plateforme SI)",
    "Identifier des référents formation spécialisée au sein des départements.",
    "Organiser une journée de rencontre des OF sur le département (ex-Manche et Eure)",
    "Développer une plateforme unique par département en créant un événement pour les acteurs locaux "
    "et en désignant un référent modérateur dans chaque structure (ex : DORA ou autre)",
}
AUTRES_GT_RSA = {  # « Autres actions proposées »
    "Evolution du simulateur de calculs de droits pour être au plus juste des situations des personnes en lien avec les aides de la CAF",
    "Faire connaître \"Mes ressources formations\"",
    "Mieux communiquer aux CD les critères des Aides Individuelles à la formation",
    "Systématiser la transmission dématérialisée de la bonne entrée en formation du bénéficiaire au référent",
    "Donner accès au SI plateforme aux OF (Tableau de bord RPE)",
}
AXES_GT_50 = {  # « Le GT propose d'engager 3 axes majeurs »
    "Structuration d'un \"bouquet de services\" lisible pour l'accès et le maintien dans l'emploi",
    "Stratégie RH et accompagnement renforcé des entreprises",
    "Mobilisation des employeurs et des relais",
}
PRIORITES_GT_TE = {"Mieux se déplacer", "Mieux produire"}  # « 2 priorités stabilisées »
PISTES_GT_DEMO = {  # « Pistes d'actions envisagées » a) b) c)
    "Promotion et attractivité des métiers : le levier de l'immersion professionnelle",
    "Structuration d'un outil d'appui aux professionnels",
    "Convergence des instances en vue de faire émerger une stratégie régionale unifiée",
}
FICHES_ACTIONS = {
    "Fiche action 1": "Accompagnement des entreprises du Transport et de la Logistique pour le maintien en emploi "
    "des seniors, par un dispositif court et opérationnel inspiré de l'expérimentation OPCO Santé",
    "Fiche action 2": "Déploiement d'un dispositif d'accompagnement des entreprises du Bâtiment pour le maintien "
    "en emploi des seniors, inspiré de l'expérimentation OPCO Santé",
}


def titles_by_axis(catalogue, axe_id):
    return {f.data.titre: f for f in catalogue.fiches_of_axis(catalogue.axes[f"{PLAN}/{axe_id}"])}


def test_counts_and_sommaire(catalogue):
    plan = catalogue.plans[PLAN]
    assert plan.data.region == "Normandie"
    assert str(plan.data.date_adoption) == "2025-09-29"
    # No guessed period: the document gives no end date to the feuille de route.
    assert "2027" not in plan.data.periode

    axes = catalogue.axes_of(PLAN, None)
    assert len(axes) == 4
    assert {a.data.numero: a.data.titre for a in axes} == {n: t for n, (t, _) in SOMMAIRE_ANNEXES.items()}
    for a in axes:  # each annex starts on the page the sommaire gives
        assert str(a.data.source.page).split("-")[0] == str(SOMMAIRE_ANNEXES[a.data.numero][1])

    fiches = catalogue.fiches_of_plan(PLAN)
    # 11 pistes GT RSA + 3 axes GT 50+ + 2 fiches actions + 2 priorités GT TE + 3 pistes GT démographie
    assert len(fiches) == 11 + 3 + 2 + 2 + 3 == 21
    per_axis = {a.id: len(catalogue.fiches_of_axis(a)) for a in axes}
    assert per_axis == {"axe-1": 11, "axe-2": 5, "axe-3": 2, "axe-4": 3}

    numeros = {f.data.numero: f for f in fiches}
    for numero, page in SOMMAIRE_FICHES_ACTIONS.items():
        assert numero in numeros, f"fiche absente : {numero}"
        fiche = numeros[numero]
        assert fiche.data.titre == FICHES_ACTIONS[numero]
        assert fiche.data.source.page == page
        assert fiche.data.axe == "axe-2"

    assert set(titles_by_axis(catalogue, "axe-1")) == PRIORISEES_GT_RSA | AUTRES_GT_RSA
    assert set(titles_by_axis(catalogue, "axe-2")) == AXES_GT_50 | set(FICHES_ACTIONS.values())
    assert set(titles_by_axis(catalogue, "axe-3")) == PRIORITES_GT_TE
    assert set(titles_by_axis(catalogue, "axe-4")) == PISTES_GT_DEMO


def test_statuses_as_the_document_gives_them(catalogue):
    expected = {t: "priorisée" for t in PRIORISEES_GT_RSA}
    expected |= {t: "proposée" for t in AUTRES_GT_RSA | AXES_GT_50 | PISTES_GT_DEMO}
    expected |= {t: "priorisée" for t in PRIORITES_GT_TE}
    expected |= {t: "à l'étude" for t in FICHES_ACTIONS.values()}
    got = {f.data.titre: f.data.statut for f in catalogue.fiches_of_plan(PLAN)}
    assert got == expected


def test_every_page_exists(catalogue, page):
    assert "Comité Régional pour l'Emploi" in page(f"plans/{PLAN}/").text
    for axe in catalogue.axes_of(PLAN, None):
        assert axe.data.titre in page(axe.url).text
    for fiche in catalogue.fiches_of_plan(PLAN):
        assert fiche.data.titre in page(fiche.url).text


# Pilots of each axis, as the feuille de route table names them, plus one registry name.
AXIS_PILOTS = [
    ("axe-1", "Conseils départementaux Eure et Calvados", ["Conseil départemental de l'Eure", "Conseil départemental du Calvados"]),
    ("axe-2", "DREETS et la commission Emploi Insertion du CREFOP représentée par CPME/CFDT Normandie", ["DREETS", "CPME", "CFDT"]),
    ("axe-3", "Région pilote principal au titre de la COP régionale et de son expertise emploi-compétences liées à la transition", ["Région Normandie"]),
    ("axe-4", "Conseils départementaux de la Seine-Maritime, de la Manche et de l'Orne",
     ["Conseil départemental de la Seine-Maritime", "Conseil départemental de la Manche", "Conseil départemental de l'Orne"]),
]


@pytest.mark.parametrize("axe, pilotage, names", AXIS_PILOTS)
def test_axis_page_shows_its_pilots(page, axe, pilotage, names):
    text = page(f"axes/{PLAN}/{axe}/").text
    assert f"Pilotage : {pilotage}" in text
    pilots = text.split("Pilotes", 1)[1].split("Pilotage :", 1)[0]
    for name in names:
        assert name in pilots


FICHE_ACTION_FACTS = {
    "fiche-action-1": [
        # pilotage (no « pilote » row: the comité de pilotage of « 2. Pilotage du dispositif »)
        "Pilotage : Comité de pilotage associant OPCO Mobilités / DREETS / ARACT + réseaux professionnels (ex : LSN)",
        # territoire concerné: ☐ CLPE ☐ CDPE ☑ CRPE
        "Niveau : CRPE.",
        "☐ CLPE ☐ CDPE ☑ CRPE",
        # publics visés
        "Entreprises de transport", "Plateformes logistiques", "Responsables d'exploitation", "Représentants du personnel",
        # partenaires impliqués
        "OPCO Mobilités", "DREETS Normandie", "CARSAT", "Organisations professionnelles du secteur", "Services de santé au travail",
        # objectifs
        "Intégrer les contraintes réglementaires", "Améliorer la soutenabilité des parcours",
        # description
        "2 jours par entreprise", "12 entreprises", "5 items",
        # grands jalons
        "Mobilisation, diagnostics, capitalisation, diffusion",
        # moyens mobilisés
        "jours de diagnostic : 24 jours", "jours de coordination (COPIIL) : 3 jours", "jours de capitalisation : 3 jours",
        "Mobilisation ponctuelle des partenaires",
        "volume estimatif de l'action pour l'ARACT Normandie en 2026-2027 : 30 jours",
        "BOP 103, OPCO Mobilité (à valider), FSE+ 2026-2027",
    ],
    "fiche-action-2": [
        "Pilotage : Comité de pilotage associant OPCO Constructys / DREETS / ARACT + réseaux professionnels (CAPEB, FFB)",
        "Niveau : CLPE, CRPE.",
        "☑ CLPE ☐ CDPE ☑ CRPE",
        "Dirigeants de TPE/PME du Bâtiment", "Encadrants de chantier", "Représentants du personnel / CSE",
        "OPCO Constructys", "DREETS Normandie", "CARSAT", "(CAPEB)", "(FFB)", "Services de santé au travail",
        "Coconstruire des plans d'action adaptés aux contraintes chantier", "Favoriser la transmission des compétences",
        "2 jours par entreprise", "12 entreprises", "5 items",
        "Mobilisation, Diagnostics, Capitalisation, Diffusion",
        "jours de diagnostic : 24 jours", "jours de coordination (COFIL) : 3 jours", "jours de capitalisation : 3 jours",
        "Mobilisation ponctuelle des partenaires",
        "volume estimatif de l'action pour l'ARACT Normandie en 2026-2027 : 30 jours",
        "BOP 103, OPCO Constructys (à valider), FSE+ 2026-2027",
    ],
}
CALENDRIER = [("T2-T3 2026", "mobilisation"), ("T3-T4 2026", "diagnostics"), ("T1 2027", "Capitalisation"), ("T2 2027", "Diffusion")]
INDICATEURS = ["12 entreprises accompagnées", "12 plans d'action", "diffusion d'un livrable sectoriel"]


@pytest.mark.parametrize("fiche", sorted(FICHE_ACTION_FACTS))
def test_fiche_action_shows_every_field(page, fiche):
    p = page(f"fiches/{PLAN}/{fiche}/")
    text = p.text
    for fact in FICHE_ACTION_FACTS[fiche]:
        assert fact in text, fact
    # pilots block names the three members of the comité de pilotage
    pilots = text.split("Pilotes", 1)[1].split("Pilotage :", 1)[0]
    for name in ("OPCO", "DREETS", "ARACT"):
        assert name in pilots
    # calendar: exactly the four entries of the document, in order
    points = p.soup.select("article .frise-point")
    assert [(pt.select_one(".frise-quand").get_text(strip=True), pt.select_one(".frise-quoi").get_text(strip=True))
            for pt in points] == CALENDRIER
    # indicators: the table rows, and the three results as printed
    rows = [[c.get_text(" ", strip=True) for c in tr.find_all(["th", "td"])]
            for tr in p.soup.select("article table.indicateurs tbody tr")]
    assert [r[:3] for r in rows] == [
        ["Entreprises accompagnées", "entreprises", "12"],
        ["Plans d'action", "plans d'action", "12"],
        ["Diffusion d'un livrable sectoriel", "livrable", "1"],
    ]
    for indicateur in INDICATEURS:
        assert indicateur in text
    # no amount in euros is given by the document
    assert "€" not in text
    assert "à l'étude (« proposées à l'étude »)" in text
    if fiche == "fiche-action-1":  # partner printed « Logistique seine Normandie »
        assert "logistique seine normandie" in text.lower()


# Exact facts read from the built pages, typed from the source document.
FACTS = [
    (f"plans/{PLAN}/", "Feuille de route adoptée le 29 septembre 2025 ; séance du 13 avril 2026"),
    (f"plans/{PLAN}/", "Adoption 29 septembre 2025"),
    (f"plans/{PLAN}/", "Conseils départementaux Eure et Calvados"),
    (f"plans/{PLAN}/", "(30 minutes, État / Région / France Travail)"),
    (f"axes/{PLAN}/axe-1/", "passe de 29 % à 64 %"),
    (f"axes/{PLAN}/axe-1/", "mobilité (41 %)"),
    (f"axes/{PLAN}/axe-1/", "garde d'enfants (24 %)"),
    (f"axes/{PLAN}/axe-1/", "63 % des professionnels"),
    (f"axes/{PLAN}/axe-1/", "72,2 %"),
    (f"axes/{PLAN}/axe-1/", "150 réponses"),
    (f"axes/{PLAN}/axe-1/", "37 participants"),
    (f"axes/{PLAN}/axe-1/", "4,6/5"),
    (f"axes/{PLAN}/axe-1/", "5 mars 2026"),
    (f"axes/{PLAN}/axe-2/", "5 098 licenciements pour inaptitude en 2023"),
    (f"axes/{PLAN}/axe-2/", "9,4 %"),
    (f"axes/{PLAN}/axe-2/", "9 mars 2026"),
    (f"axes/{PLAN}/axe-2/", "10 retours"),
    (f"axes/{PLAN}/axe-2/", "11 OPCO régionaux"),
    (f"axes/{PLAN}/axe-3/", "26 fiches-actions"),
    (f"axes/{PLAN}/axe-3/", "Mieux préserver et valoriser nos écosystèmes"),
    (f"axes/{PLAN}/axe-4/", "28 novembre 2025"),
    (f"axes/{PLAN}/axe-4/", "17 mars 2026"),
    (f"axes/{PLAN}/axe-4/", "seconde quinzaine d'avril 2026"),
    (f"fiches/{PLAN}/fiche-action-1/", "Accompagnement des entreprises du Transport et de la Logistique pour le maintien en emploi des seniors"),
    (f"fiches/{PLAN}/fiche-action-2/", "Déploiement d'un dispositif d'accompagnement des entreprises du Bâtiment"),
    (f"fiches/{PLAN}/gt50-axe-1-bouquet-de-services/", "Pilotes pressentis : DREETS"),
    (f"fiches/{PLAN}/gt50-axe-2-strategie-rh/", "loi séniors de 2025"),
    (f"fiches/{PLAN}/rsa-1-faq-regionale/", "Créer une FAQ régionale à destination des référents"),
    (f"fiches/{PLAN}/rsa-1-faq-regionale/", "priorisée"),
    (f"fiches/{PLAN}/rsa-2-journee-rencontre-of/", "(ex-Manche et Eure)"),
    (f"fiches/{PLAN}/rsa-3-plateforme-unique-departement/", "(ex : DORA ou autre)"),
    (f"fiches/{PLAN}/demo-a-immersion-professionnelle/", "pilote : FT – contributeurs : CD, branches professionnelles et représentants des employeurs"),
    (f"fiches/{PLAN}/demo-a-immersion-professionnelle/", "Je Teste un Métier"),
    (f"fiches/{PLAN}/demo-b-outil-appui-professionnels/", "pilotes : CD – contributeurs : France Travail, Agence de l'orientation et des métiers, ARS, RPE"),
    (f"fiches/{PLAN}/demo-c-convergence-instances/", "pilotes : Région/ARS + FT - Contributeurs : RPE"),
    (f"fiches/{PLAN}/te-priorite-1-mieux-se-deplacer/", "1/3"),
    (f"fiches/{PLAN}/te-priorite-2-mieux-produire/", "décarbonation industrielle et l'énergie"),
]


@pytest.mark.parametrize("url, expected", FACTS)
def test_fact_on_built_page(page, url, expected):
    assert expected in page(url).text
