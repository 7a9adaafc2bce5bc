"""The content model, defined once: pydantic models for every kind of content.

Front-matter keys and data keys are French because contributors type them.
Every other part of the project (validation, pages, exports, JSON Schema,
the Decap configuration, the *Contribuer* page) derives from these classes.
This module imports nothing local.
"""
from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal, Optional, Union

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

# --- Shared vocabularies -------------------------------------------------

#: The shared status scale; each plan's own word is kept in ``statut_source``.
STATUTS = (
    "proposée",
    "à l'étude",
    "priorisée",
    "validée",
    "en cours",
    "réalisée",
    "abandonnée",
    "non précisé",
)
Statut = Literal[STATUTS]  # type: ignore[valid-type]

NIVEAUX_TERRITOIRE = ("CLPE", "CDPE", "CRPE")
NiveauTerritoire = Literal[NIVEAUX_TERRITOIRE]  # type: ignore[valid-type]

TYPES_ACTEUR = (
    "État",
    "Région",
    "Département",
    "collectivité",
    "opérateur public",
    "établissement public",
    "OPCO",
    "partenaire social",
    "chambre consulaire",
    "association",
    "réseau",
    "organisme de formation",
    "entreprise",
    "instance",
    "autre",
)
TypeActeur = Literal[TYPES_ACTEUR]  # type: ignore[valid-type]

TYPES_TERRITOIRE = ("région", "département", "territoire local", "zone d'emploi", "commune", "autre")
TypeTerritoire = Literal[TYPES_TERRITOIRE]  # type: ignore[valid-type]

#: What a budget line may say instead of an amount.
MONTANTS_TEXTE = ("à définir", "pas de budget dédié", "non précisé")
MontantTexte = Literal[MONTANTS_TEXTE]  # type: ignore[valid-type]

# Identifiers: lower-case ASCII words joined by dashes (they become URLs).
Ident = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", max_length=80)]
Texte = Annotated[str, StringConstraints(min_length=1, max_length=5000)]
TexteCourt = Annotated[str, StringConstraints(min_length=1, max_length=400)]
Nombre = Annotated[float, Field(allow_inf_nan=False)]
NombrePositif = Annotated[float, Field(ge=0, allow_inf_nan=False)]


class Strict(BaseModel):
    """Base of every model: unknown keys are errors, values are immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True, coerce_numbers_to_str=True)


# --- Building blocks ------------------------------------------------------


class Source(Strict):
    """Where in the source document a fact is printed."""

    document: Optional[TexteCourt] = Field(None, description="Titre du document, s'il diffère de celui du plan.")
    page: Optional[Union[int, TexteCourt]] = Field(None, description="Page ou pages (ex. 9 ou « 9-11 »).")


class Territoire(Strict):
    niveaux: list[NiveauTerritoire] = Field(default_factory=list, description="Cases cochées : CLPE, CDPE, CRPE.")
    region: Optional[TexteCourt] = Field(None, description="Région concernée.")
    departements: list[Ident] = Field(default_factory=list, description="Départements (identifiants de data/territoires).")
    territoires: list[Ident] = Field(default_factory=list, description="Autres territoires (identifiants de data/territoires).")
    lieux: list[TexteCourt] = Field(default_factory=list, description="Lieux nommés (communes, sites).")
    precision: Optional[Texte] = Field(None, description="Périmètre tel que le document le décrit.")


class EntreeCalendrier(Strict):
    quand: TexteCourt = Field(description="Date ou période : « 5 mars 2026 », « T2-T3 2026 », « 1er semestre 2020 », « 2026-03-05 »…")
    libelle: TexteCourt = Field(description="Ce qui se passe.")


class LigneBudget(Strict):
    montant: Union[NombrePositif, MontantTexte] = Field(
        description="Montant en euros, ou « à définir », « pas de budget dédié », « non précisé »."
    )
    montant_max: Optional[NombrePositif] = Field(
        None, description="Borne haute quand le document donne une fourchette (« de 35 000 à 50 000 € ») ; montant = borne basse."
    )
    par: Optional[TexteCourt] = Field(
        None, description="Montant unitaire : « par territoire », « par action sectorielle »… (exclu des totaux)."
    )
    objet: Optional[TexteCourt] = Field(None, description="Ce que finance la ligne.")
    financeurs: list[TexteCourt] = Field(default_factory=list, description="Financeurs tels que nommés.")
    periode: Optional[TexteCourt] = Field(None, description="Période (ex. « 2026-2027 »).")
    note: Optional[Texte] = None


class Moyen(Strict):
    libelle: TexteCourt = Field(description="Nature du moyen (ex. « jours de diagnostic »).")
    jours: Optional[NombrePositif] = None
    personnes: Optional[NombrePositif] = None
    acteur: Optional[Ident] = Field(None, description="Acteur qui apporte ce moyen.")


Valeur = Union[Nombre, TexteCourt]


class Indicateur(Strict):
    libelle: TexteCourt
    unite: Optional[TexteCourt] = Field(None, description="Unité (%, personnes, €, entreprises…).")
    cible: Optional[Valeur] = Field(None, description="Valeur visée.")
    valeurs: dict[str, Valeur] = Field(default_factory=dict, description="Valeurs par année ou période : {\"2023\": 1200}.")
    source: Optional[TexteCourt] = Field(None, description="Source de la donnée (ex. « France Travail »).")
    note: Optional[Texte] = None


class Action(Strict):
    """A sub-action or example action inside a fiche (its own pilot and budget)."""

    numero: Optional[TexteCourt] = None
    titre: TexteCourt
    pilotes: list[Ident] = Field(default_factory=list, description="Porteurs (identifiants d'acteurs).")
    porteurs: list[TexteCourt] = Field(default_factory=list, description="Porteurs nommés hors registre.")
    territoire: Optional[TexteCourt] = None
    resume: Optional[Texte] = Field(None, description="Résumé rédigé pour le site.")
    chiffres: list[TexteCourt] = Field(default_factory=list, description="Chiffres clés exacts.")
    budget: list[LigneBudget] = Field(default_factory=list)
    note: Optional[Texte] = None


class GraphiqueTableau(Strict):
    """Draw one numeric column of a table as bars (the first column names the bars)."""

    colonne: TexteCourt = Field(description="Nom de la colonne dont les valeurs sont tracées.")
    unite: Optional[TexteCourt] = None


class Tableau(Strict):
    """A table of figures printed in the document (key figures, progress rates…)."""

    titre: TexteCourt
    colonnes: list[TexteCourt] = Field(min_length=1)
    lignes: list[list[Optional[Valeur]]] = Field(default_factory=list)
    unite: Optional[TexteCourt] = None
    source: Optional[TexteCourt] = None
    note: Optional[Texte] = None
    graphique: Optional[GraphiqueTableau] = Field(None, description="Tracer une colonne en barres.")

    @model_validator(mode="after")
    def _colonne_connue(self):
        if self.graphique and self.graphique.colonne not in self.colonnes:
            raise ValueError(f"la colonne « {self.graphique.colonne} » n'existe pas dans ce tableau")
        return self


# --- Pages ---------------------------------------------------------------


class Fiche(Strict):
    """Front-matter of ``docs/fiches/<plan>/<id>.md``; the file name is the id."""

    titre: TexteCourt
    numero: TexteCourt = Field(description="Numéro tel que le plan l'écrit (« Fiche action 1 », « Proposition 2-3 », « 1.A »).")
    ordre: Optional[int] = Field(None, description="Rang dans l'axe (sinon, ordre du numéro).")
    axe: Ident = Field(description="Axe du même plan (nom du fichier dans docs/axes/<plan>/).")
    resume: Optional[Texte] = Field(None, description="Résumé en une ou deux phrases.")
    pilotes: list[Ident] = Field(default_factory=list, description="Pilotes (identifiants d'acteurs).")
    pilotage: Optional[Texte] = Field(None, description="Pilotage tel que le document le décrit.")
    partenaires: list[Ident] = Field(default_factory=list, description="Partenaires (identifiants d'acteurs).")
    autres_partenaires: list[TexteCourt] = Field(default_factory=list, description="Partenaires cités sans être des organisations précises.")
    territoire: Territoire = Field(default_factory=Territoire)
    publics: list[TexteCourt] = Field(default_factory=list)
    themes: list[TexteCourt] = Field(default_factory=list, description="Thèmes (ex. thématiques COP).")
    statut: Statut = Field(description="Statut sur l'échelle commune.")
    statut_source: Optional[TexteCourt] = Field(None, description="Statut dans les mots du plan.")
    avancement: Optional[Annotated[int, Field(ge=0, le=100)]] = Field(None, description="Avancement en %.")
    objectifs: list[Texte] = Field(default_factory=list)
    calendrier: list[EntreeCalendrier] = Field(default_factory=list)
    budget: list[LigneBudget] = Field(default_factory=list)
    moyens: list[Moyen] = Field(default_factory=list)
    indicateurs: list[Indicateur] = Field(default_factory=list)
    actions: list[Action] = Field(default_factory=list, description="Sous-actions ou exemples d'actions.")
    tableaux: list[Tableau] = Field(default_factory=list, description="Tableaux de chiffres imprimés dans la fiche.")
    source: Source = Field(default_factory=Source)
    mise_a_jour: Optional[dt.date] = Field(None, description="Date de dernière mise à jour (AAAA-MM-JJ).")
    ecarts: list[Texte] = Field(default_factory=list, description="Écarts relevés dans le document source.")


class Axe(Strict):
    """Front-matter of ``docs/axes/<plan>/<id>.md``; the file name is the id."""

    titre: TexteCourt
    numero: TexteCourt = Field(description="Numéro tel que le plan l'écrit (« 1 », « Chantier 2 », « Enjeu 3 »).")
    ordre: Optional[int] = None
    parent: Optional[Ident] = Field(None, description="Axe parent du même plan (les enjeux du Pacte).")
    axe_lie: Optional[Annotated[str, StringConstraints(pattern=r"^[a-z0-9-]+/[a-z0-9-]+$")]] = Field(
        None, description="Axe d'un autre plan détaillé ici, sous la forme plan/axe."
    )
    resume: Optional[Texte] = None
    pilotes: list[Ident] = Field(default_factory=list)
    pilotage: Optional[Texte] = None
    orientations: list[Texte] = Field(default_factory=list)
    objectifs: list[Texte] = Field(default_factory=list)
    indicateurs: list[Indicateur] = Field(default_factory=list)
    budget: list[LigneBudget] = Field(default_factory=list)
    tableaux: list[Tableau] = Field(default_factory=list)
    source: Source = Field(default_factory=Source)
    ecarts: list[Texte] = Field(default_factory=list)


class PagePlan(Strict):
    """Front-matter of ``docs/plans/<plan>.md``: only the plan page's own text lives there."""

    titre: Optional[TexteCourt] = None


# --- data/ ---------------------------------------------------------------


class Vocabulaire(Strict):
    axe: TexteCourt = Field(description="Le mot du plan pour ses divisions : Axe, Chantier, Ambition…")
    axes: TexteCourt
    sous_axe: Optional[TexteCourt] = Field(None, description="Divisions filles (Enjeu).")
    sous_axes: Optional[TexteCourt] = None
    fiche: TexteCourt = Field(description="Fiche action, Proposition, Fiche-ambition, Réalisation…")
    fiches: TexteCourt
    action: TexteCourt = Field("Action", description="Le mot pour les actions d'une fiche.")
    actions: TexteCourt = "Actions"


class DocumentSource(Strict):
    titre: TexteCourt
    date: Optional[TexteCourt] = Field(None, description="Date telle qu'imprimée.")
    editeur: TexteCourt
    fichier: Optional[TexteCourt] = None


class Plan(Strict):
    """``data/plans/<id>.yml``."""

    titre: TexteCourt
    titre_court: TexteCourt
    ordre: int = 0
    region: TexteCourt
    emetteurs: list[Ident] = Field(min_length=1, description="Instances émettrices (identifiants d'acteurs).")
    periode: TexteCourt = Field(description="Période couverte, ex. « 2023-2028 ».")
    date_adoption: Optional[dt.date] = None
    statut: TexteCourt = Field(description="Statut du plan (« feuille de route adoptée », « bilan »…).")
    vocabulaire: Vocabulaire
    source: DocumentSource
    resume: Texte
    plan_lie: Optional[Ident] = None
    indicateurs: list[Indicateur] = Field(default_factory=list)
    budget: list[LigneBudget] = Field(default_factory=list)
    tableaux: list[Tableau] = Field(default_factory=list)
    ecarts: list[Texte] = Field(default_factory=list)


class Acteur(Strict):
    id: Ident
    nom: TexteCourt
    sigle: Optional[TexteCourt] = None
    type: TypeActeur
    variantes: list[TexteCourt] = Field(default_factory=list, description="Autres graphies rencontrées dans les documents.")
    note: Optional[Texte] = None


class Terme(Strict):
    sigle: TexteCourt
    definition: TexteCourt
    plans: list[Ident] = Field(default_factory=list)


class TerritoireRef(Strict):
    id: Ident
    nom: TexteCourt
    type: TypeTerritoire
    parent: Optional[Ident] = None
    plans: list[Ident] = Field(default_factory=list)
    note: Optional[Texte] = None


class Jalon(Strict):
    id: Ident
    plan: Ident
    quand: TexteCourt
    libelle: TexteCourt
    lieu: Optional[TexteCourt] = None
    axe: Optional[Ident] = None
    source: Source = Field(default_factory=Source)
    note: Optional[Texte] = None


#: Each data folder, the model of its records, and whether a file holds a list.
DATA_KINDS = {
    "acteurs": Acteur,
    "glossaire": Terme,
    "territoires": TerritoireRef,
    "jalons": Jalon,
}
