"""The « Trouver une fiche » catalogue: every fiche of every plan, with facets.

The full list is in the HTML (it works without JavaScript); ``trouver.js``
filters it in place and keeps the filters in the URL. Facet values and their
counts come from the catalogue, so a new fiche file shows up by itself.
"""
from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass

from .. import dates
from ..catalogue import Catalogue, FicheEntry
from . import templates
from .pages import territoire_court
from .vocab import axis_word
from .format import etiquette

URL = "trouver-une-fiche/"


def slug(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.casefold())
    text = "".join(c for c in text if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")[:60] or "x"


def fiche_years(cat: Catalogue, fiche: FicheEntry) -> list[int]:
    """Years of the fiche's calendar; without one, the years of its plan's period."""
    years: set[int] = set()
    for entry in fiche.data.calendrier:
        try:
            p = dates.parse(entry.quand)
        except dates.DateImpossible:
            p = None
        if p and p.debut:
            years.update(range(p.debut.year, p.fin.year + 1))
    if not years:
        p = dates.parse(cat.plans[fiche.plan].data.periode)
        if p and p.debut:
            years.update(range(p.debut.year, p.fin.year + 1))
    return sorted(years)


@dataclass(frozen=True)
class Facet:
    key: str  # URL parameter and data attribute
    label: str
    values: list[tuple[str, str, int]]  # (value key, label, count)


def facet_values(cat: Catalogue, fiche: FicheEntry) -> dict[str, list[tuple[str, str]]]:
    """Every facet of one fiche: {facet: [(value key, label)]}."""
    d = fiche.data
    t = d.territoire
    axe = cat.axe_of(fiche)
    plan = cat.plans[fiche.plan]
    territoires = [(n.lower(), n) for n in t.niveaux]
    territoires += [(x, cat.territoires[x].nom) for x in t.departements + t.territoires]
    if t.region:
        territoires.append((slug(t.region), t.region))
    return {
        "plan": [(fiche.plan, plan.data.titre_court)],
        "axe": [(fiche.axe_key.replace("/", "--"), f"{plan.data.titre_court} – {etiquette(axis_word(cat, axe), axe.data.numero)} : {axe.data.titre}")],
        "pilote": [(a, cat.acteurs[a].nom) for a in d.pilotes],
        "partenaire": [(a, cat.acteurs[a].nom) for a in d.partenaires],
        "territoire": territoires,
        "public": [(slug(p), p) for p in d.publics],
        "statut": [(slug(d.statut), d.statut)],
        "annee": [(str(y), str(y)) for y in fiche_years(cat, fiche)],
    }


FACETS = [
    ("plan", "Plan"), ("axe", "Axe"), ("pilote", "Pilote"), ("partenaire", "Partenaire"),
    ("territoire", "Territoire"), ("public", "Public"), ("statut", "Statut"), ("annee", "Année"),
]


def build(cat: Catalogue) -> str:
    rows = []
    counts: dict[str, Counter] = {k: Counter() for k, _ in FACETS}
    labels: dict[str, dict[str, str]] = {k: {} for k, _ in FACETS}
    for fiche in cat.all_fiches():
        values = facet_values(cat, fiche)
        attrs = {}
        for key, _ in FACETS:
            keys = list(dict.fromkeys(v for v, _ in values[key]))
            attrs[key] = " ".join(keys)
            for v, label in values[key]:
                labels[key].setdefault(v, label)
            counts[key].update(keys)
        axe = cat.axe_of(fiche)
        rows.append(dict(fiche=fiche, axe=axe, plan=cat.plans[fiche.plan], attrs=attrs,
                         territoire=territoire_court(cat, fiche), mot=axis_word(cat, axe)))
    order = {"plan": [p.id for p in cat.plans_ordered()]}
    facets = []
    for key, label in FACETS:
        keys = list(counts[key])
        if key in order:
            keys.sort(key=order[key].index)
        elif key == "annee":
            keys.sort()
        elif key == "axe":
            pass  # already in reading order
        else:
            keys.sort(key=lambda v: labels[key][v].casefold())
        facets.append(Facet(key, label, [(v, labels[key][v], counts[key][v]) for v in keys]))
    return templates.render("trouver.html", URL, cat=cat, rows=rows, facets=facets)
