"""Generated parts of plan, axis and fiche pages (what comes before and after
the contributor's own Markdown), from the catalogue only."""
from __future__ import annotations

import datetime as dt
from collections import Counter

from ..catalogue import AxeEntry, Catalogue, FicheEntry, PlanEntry
from ..model import STATUTS
from . import format as fmt
from . import graphiques, templates, timeline
from .vocab import axis_word


def territoire_court(cat: Catalogue, fiche: FicheEntry) -> str:
    t = fiche.data.territoire
    parts = list(t.niveaux)
    parts += [cat.territoires[x].nom for x in t.departements + t.territoires]
    parts += list(t.lieux)
    if not parts and t.region:
        parts.append(t.region)
    return ", ".join(parts) or "non précisé"


def budget_court(fiche: FicheEntry) -> str:
    if not fiche.data.budget:
        return "non précisé"
    total = fmt.total_budget(fiche.data.budget)
    if total is not None:
        return fmt.euros(total)
    words = {str(l.montant) for l in fiche.data.budget}
    return " / ".join(sorted(words))


def fiches_table(cat: Catalogue, fiches: list[FicheEntry], page_url: str, legende: str) -> str:
    return templates.render(
        "tableau-fiches.html", page_url, fiches=fiches, cat=cat, legende=legende,
        territoire=lambda f: territoire_court(cat, f), budget=budget_court,
    )


def status_counts(fiches: list[FicheEntry]) -> list[tuple[str, int]]:
    counts = Counter(f.data.statut for f in fiches)
    return [(s, counts[s]) for s in STATUTS if counts[s]]


def fiche_calendar(cat: Catalogue, fiche: FicheEntry, page_url: str, today: dt.date) -> str:
    if not fiche.data.calendrier:
        return ""
    points = [timeline.point(e.quand, e.libelle) for e in fiche.data.calendrier]
    return timeline.render(points, page_url, today, f"Calendrier de la fiche {fiche.data.numero}")


def fiche_parts(cat: Catalogue, fiche: FicheEntry, page_url: str, today: dt.date) -> tuple[str, str]:
    axe = cat.axe_of(fiche)
    plan = cat.plans[fiche.plan]
    siblings = cat.fiches_of_axis(axe)
    i = next(n for n, f in enumerate(siblings) if f is fiche)
    ctx = dict(
        cat=cat, fiche=fiche, axe=axe, plan=plan, mot_axe=axis_word(cat, axe), total=fmt.total_budget(fiche.data.budget),
        calendrier=fiche_calendar(cat, fiche, page_url, today),
        graphiques=graphiques.fiche_charts(cat, fiche, page_url),
        precedente=siblings[i - 1] if i > 0 else None,
        suivante=siblings[i + 1] if i + 1 < len(siblings) else None,
    )
    return templates.render("fiche-entete.html", page_url, **ctx), templates.render("fiche-pied.html", page_url, **ctx)


def axe_parts(cat: Catalogue, axe: AxeEntry, page_url: str) -> tuple[str, str]:
    plan = cat.plans[axe.plan]
    fiches = cat.fiches_of_axis(axe)
    all_fiches = cat.fiches_of_axis(axe, deep=True)
    mot = axis_word(cat, axe)
    ctx = dict(
        cat=cat, axe=axe, plan=plan, mot=mot, parent=cat.parent_of(axe), enfants=cat.children(axe),
        fiches=fiches, nb_fiches=len(all_fiches), statuts=status_counts(all_fiches),
        lie=cat.axes.get(axe.data.axe_lie) if axe.data.axe_lie else None,
        detaille_par=cat.linked_from(axe),
        tableau=fiches_table(cat, fiches, page_url, f"{plan.data.vocabulaire.fiches} – {mot} {axe.data.numero}"),
    )
    return templates.render("axe-entete.html", page_url, **ctx), templates.render("axe-pied.html", page_url, **ctx)


def plan_parts(cat: Catalogue, plan: PlanEntry, page_url: str, today: dt.date, pdf: bool = False) -> tuple[str, str]:
    axes = cat.axes_of(plan.id, None)
    fiches = cat.fiches_of_plan(plan.id)
    statuts = [s for s, _ in status_counts(fiches)]
    lignes = []
    for top in axes:
        for axe in [top] + cat.children(top):
            fs = cat.fiches_of_axis(axe, deep=axe is top)
            lignes.append(dict(
                axe=axe, total=len(fs), parstatut=dict(status_counts(fs)),
                budget=fmt.total_budget([l for f in fs for l in f.data.budget]),
            ))
    points = [timeline.point(j.data.quand, j.data.libelle, lieu=j.data.lieu) for j in cat.jalons_of(plan.id)]
    for f in fiches:
        label = fmt.etiquette(plan.data.vocabulaire.fiche, f.data.numero)
        points += [timeline.point(e.quand, e.libelle, lien=f.url, contexte=label) for e in f.data.calendrier]
    ctx = dict(
        cat=cat, plan=plan, axes=axes, sous_axes=[a for a in cat.axes_of(plan.id) if a.data.parent],
        nb_fiches=len(fiches), statuts=statuts, lignes=lignes,
        total=fmt.total_budget([l for f in fiches for l in f.data.budget]),
        total_plan=fmt.total_budget(plan.data.budget),
        lie=cat.plans.get(plan.data.plan_lie) if plan.data.plan_lie else None,
        jalons=timeline.render(points, page_url, today, f"Dates du plan {plan.data.titre_court}") if points else "",
        graphiques=graphiques.plan_charts(cat, plan, page_url), pdf=pdf,
    )
    return templates.render("plan-entete.html", page_url, **ctx), templates.render("plan-pied.html", page_url, **ctx)


def search_meta(cat: Catalogue, kind: str, key: str, page_url: str) -> str:
    """Hidden metadata and filters for the search index (plan, axis, kind)."""
    if kind == "fiche":
        f = cat.fiches[key]
        plan, axe = cat.plans[f.plan], cat.axe_of(f)
    elif kind == "axe":
        axe = cat.axes[key]
        plan = cat.plans[axe.plan]
    else:
        plan, axe = cat.plans[key], None
    return templates.render(
        "recherche-meta.html", page_url, plan=plan,
        axe=fmt.etiquette(axis_word(cat, axe), axe.data.numero) + " – " + axe.data.titre if axe else "",
        genre={"fiche": plan.data.vocabulaire.fiche, "axe": axis_word(cat, axe) if axe else "", "plan": "Plan"}[kind],
    )
