"""The home page's list of plans."""
from __future__ import annotations

from ..catalogue import Catalogue
from . import templates


def plans_cards(cat: Catalogue, page_url: str) -> str:
    plans = []
    for p in cat.plans_ordered():
        plans.append(dict(
            plan=p, axes=cat.axes_of(p.id, None), fiches=cat.fiches_of_plan(p.id),
        ))
    return templates.render("accueil-plans.html", page_url, plans=plans, cat=cat)


def downloads(cat: Catalogue, page_url: str) -> str:
    from ..pdf import editions

    return templates.render("telechargements.html", page_url, editions=editions(cat))
