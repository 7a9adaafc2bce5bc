"""Plan gt-ecte-normandie: slides of the CREFOP Normandie ad hoc working group ECTE
(« groupe de travail ad hoc ECTE 2_14.02.2026 »): 26 action sheets from 14 contributors.

Every expected value below is typed from the source document (the slides), not from the YAML.
"""
from __future__ import annotations

import pytest

PLAN = "gt-ecte-normandie"

# Slide « 2 - Contributeurs porteurs d'actions », in the order printed (contributor, sheet).
# The document does not number the sheets; the site numbers them 1-26 in this order.
# (« Webinaires  d'outillage des pros » is printed with a double space.)
FICHES_DU_DOCUMENT = [
    ("DREETS / État", "Fonds de transition juste"),
    ("FPEPP", "T@ct Environnement"),
    ("Constructys", "EDEC de la construction (Constructys)"),
    ("OPCO EP", "EDEC Transition écologique et énergétique"),
    ("OPCO 2i", "EDEC Automobile Normandie (OPCO 2i)"),
    ("OPCO 2i", "EDEC Inter-industrie Normandie (OPCO 2i)"),
    ("UDES / DREETS", "EDEC ESS en Normandie (UDES)"),
    ("CGT", "Recyclage du cuivre"),
    ("Agence régionale de l'orientation et des métiers", "Démarche RSO de l'Agence"),
    ("Agence régionale de l'orientation et des métiers", "La Green Box"),
    ("Agence régionale de l'orientation et des métiers", "Webinaires d'outillage des pros"),
    ("Région Normandie / partenaires", "Normandurable – Festival des métiers et formations de demain"),
    ("Carif-Oref Normandie", "Filière du réemploi des matériaux de construction"),
    ("Éducation nationale – Académie de Normandie", "Devenir un E3D – Établissement DD"),
    ("Académie de Normandie", "Parcours de formation Éducation au DD"),
    ("Carif-Oref Normandie", "Emploi et compétences vers une économie transformée"),
    ("Carif-Oref Normandie", "Transport fluvial de fret en Normandie"),
    ("Carif-Oref Normandie", "Besoins en compétences pour la transition écologique"),
    ("Carif-Oref Normandie / Transitions Pro", "Lettre d'A : Automobile – Transport – Agriculture"),
    ("Carif-Oref Normandie / partenaires", "Webinaire EFOP – Énergies décarbonées"),
    ("Carif-Oref Normandie", "Webinaire métiers et compétences pour demain"),
    ("France Travail Normandie", "ROME 4.0 et transition écologique"),
    ("France Travail Normandie", "Amélioration du taux de pourvoi des offres vertes"),
    ("CAPEB", "Accompagner l'entreprise dans ses besoins de formation"),
    ("CAPEB", "Stratégie de l'offre de formation initiale Batiment"),
    ("CAPEB", "RENOBOOST"),
]

# Sheets that the SGPE slides themselves designate through their examples:
# 4.1 « Diagnostics emplois/compétences (EDEC, FTJ, filières) », « Outils d'observation
# et d'aide à la décision (SITEL, Lettres d'A) »; 4.2. « Outillage des acteurs EFOP
# (webinaires, démarches sectorielles) »; « 4.3 & 4. » « Actions d'orientation (Green Box,
# Normandurable, événements) » (the site files the two orientation actions under 4.3).
CLASSEES_PAR_LE_DOCUMENT = {
    "Fonds de transition juste": "sgpe-1",
    "EDEC de la construction (Constructys)": "sgpe-1",
    "EDEC Transition écologique et énergétique": "sgpe-1",
    "EDEC Automobile Normandie (OPCO 2i)": "sgpe-1",
    "EDEC Inter-industrie Normandie (OPCO 2i)": "sgpe-1",
    "EDEC ESS en Normandie (UDES)": "sgpe-1",
    "Lettre d'A : Automobile – Transport – Agriculture": "sgpe-1",
    "Webinaires d'outillage des pros": "sgpe-2",
    "Webinaire EFOP – Énergies décarbonées": "sgpe-2",
    "Webinaire métiers et compétences pour demain": "sgpe-2",
    "La Green Box": "sgpe-3",
    "Normandurable – Festival des métiers et formations de demain": "sgpe-3",
}


def test_comptes_du_plan(catalogue):
    assert PLAN in catalogue.plans
    axes = catalogue.axes_of(PLAN, None)
    # Four SGPE categories: 4.1, 4.2., and « 4.3 & 4. » split into 4.3 and 4.4.
    assert [a.data.numero for a in axes] == ["4.1", "4.2.", "4.3", "4.4"]
    fiches = catalogue.fiches_of_plan(PLAN)
    assert len(fiches) == 26  # « 26 fiches produites par 14 contributeurs »
    titres = {f.data.titre: f for f in fiches}
    # Every sheet of the contributors' slide has its fiche, with the title as printed.
    for rang, (contributeur, titre) in enumerate(FICHES_DU_DOCUMENT, start=1):
        assert titre in titres, titre
        fiche = titres[titre]
        assert fiche.data.numero == str(rang)
        assert f"« {contributeur} »" in (fiche.data.pilotage or ""), titre
    assert len(titres) == 26


def test_chaque_fiche_a_un_pilote_du_registre(catalogue):
    for f in catalogue.fiches_of_plan(PLAN):
        assert f.data.pilotes, f.id
        for a in f.data.pilotes:
            assert a in catalogue.acteurs, (f.id, a)
    # 14 contributors: 13 lead organisations + Transitions Pro as co-contributor.
    pilotes = {a for f in catalogue.fiches_of_plan(PLAN) for a in f.data.pilotes}
    assert len(pilotes) == 14


def test_comptes_par_categorie_sgpe(catalogue):
    par_axe = {a.id: len(catalogue.fiches_of_axis(a)) for a in catalogue.axes_of(PLAN, None)}
    # The document's only statement: 4.1 is « Catégorie la plus représentée dans les 26 fiches ».
    assert all(par_axe["sgpe-1"] > n for k, n in par_axe.items() if k != "sgpe-1")
    assert sum(par_axe.values()) == 26
    # The sheets the document designates sit in the category that designates them.
    titres = {f.data.titre: f for f in catalogue.fiches_of_plan(PLAN)}
    for titre, axe in CLASSEES_PAR_LE_DOCUMENT.items():
        assert titres[titre].data.axe == axe, titre
    # The site's filing of the other 14 (explained on each fiche): 15 / 6 / 2 / 3.
    assert par_axe == {"sgpe-1": 15, "sgpe-2": 6, "sgpe-3": 2, "sgpe-4": 3}


def test_chaque_fiche_dit_si_le_document_la_classe(catalogue, page):
    for f in catalogue.fiches_of_plan(PLAN):
        texte = page(f.url).text
        if f.data.titre in CLASSEES_PAR_LE_DOCUMENT:
            assert "Classement SGPE : donné par le document" in texte, f.id
        else:
            assert ("Classement SGPE : le document ne classe pas cette fiche" in texte
                    or "Classement SGPE : le document ne nomme pas cette fiche" in texte), f.id


P = "plans/gt-ecte-normandie/"
F = "fiches/gt-ecte-normandie/"
A = "axes/gt-ecte-normandie/"

FAITS = [
    # Recensement, budgets, dates
    (P, "26 fiches produites par 14 contributeurs"),
    (P, "du 12/01/2025 au 04/02/2026"),
    (P, "présenté le 05/12/2025"),
    (P, "1 452 000 €"),
    (P, "de 52 000 à 600 000 euros"),
    (P, "Clarisse Dautrey"),
    (P, "Laure Barazzutti"),
    (P, "2,8 millions de personnes à former d'ici 2030"),
    (P, "2,5 millions de techniciens et ouvriers"),
    (P, "14 février 2026"),
    # Annex COP: average progress rates of the 2025 review
    (P, "Mieux se déplacer 67 %"),
    (P, "Mieux se loger 78 %"),
    (P, "Mieux préserver et valoriser nos écosystèmes 56 %"),
    (P, "Mieux produire 63 %"),
    (P, "Mieux se nourrir 34 %"),
    (P, "Mieux consommer 61 %"),
    # Annex COP: 2026 actions
    (P, "action n°4_12 Renforcer le programme d'observation Climat-Air-Energies ORECAN"),
    (P, "action n°1_112 Renouveler le programme ECLORE"),
    (P, "action n°4_51 Promouvoir le dispositif PACTE Industrie"),
    (P, "Centraliser et valoriser les projets vertueux de désimperméabilisation et renaturation en Normandie Nouvelle ANBDD"),
    (P, "Renforcer les actions de prévention des feux de forêt en Normandie Reconduite DREAL/DRAAF"),
    (P, "Conseil régional / DRAAF Normandie"),
    (P, "CMA, Collectivités lauréates de l'Appel à Candidature ASSTR 2025"),
    (P, "Plus de 4500 friches (>3200 ha) recensées"),
    (P, "250 000 rénovations à engager d'ici 2050"),
    (P, "6 mars 2025"),
    (P, "25 avril 2025"),
    (P, "Mise en œuvre des premières actions en faveur des tourbières"),
    # Categories
    (A + "sgpe-1/", "Améliorer la connaissance des enjeux emplois-compétences"),
    (A + "sgpe-1/", "catégorie la plus représentée parmi les 26 fiches"),
    (A + "sgpe-2/", "Accompagner et sensibiliser les acteurs"),
    (A + "sgpe-3/", "4.3 & 4. Attractivité des métiers et ajustement des formations"),
    # Fiches: titles and contributors as printed
    (F + "fiche-01/", "Fonds de transition juste"),
    (F + "fiche-01/", "« DREETS / État »"),
    (F + "fiche-02/", "T@ct Environnement"),
    (F + "fiche-02/", "« FPEPP »"),
    (F + "fiche-07/", "« UDES / DREETS »"),
    (F + "fiche-08/", "Recyclage du cuivre"),
    (F + "fiche-12/", "Normandurable – Festival des métiers et formations de demain"),
    (F + "fiche-12/", "« Région Normandie / partenaires »"),
    (F + "fiche-14/", "« Éducation nationale – Académie de Normandie »"),
    (F + "fiche-19/", "Lettre d'A : Automobile – Transport – Agriculture"),
    (F + "fiche-19/", "« Carif-Oref Normandie / Transitions Pro »"),
    (F + "fiche-19/", "SITEL, Lettres d'A"),
    (F + "fiche-20/", "Webinaire EFOP – Énergies décarbonées"),
    (F + "fiche-23/", "Amélioration du taux de pourvoi des offres vertes"),
    (F + "fiche-25/", "Stratégie de l'offre de formation initiale Batiment"),
    (F + "fiche-26/", "RENOBOOST"),
    (F + "fiche-26/", "« CAPEB »"),
    (F + "fiche-10/", "Actions d'orientation (Green Box, Normandurable, événements)"),
]


@pytest.mark.parametrize("url,attendu", FAITS)
def test_faits_exacts(page, url, attendu):
    assert attendu in page(url).text
