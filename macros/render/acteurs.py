"""Actor pages (what each organisation pilots and where it is a partner, across
plans) and the « Qui fait quoi » index of actors by kind."""
from __future__ import annotations

from ..catalogue import Catalogue
from ..model import TYPES_ACTEUR
from . import templates


def actor_url(actor_id: str) -> str:
    return f"acteurs/{actor_id}/"


def actor_page(cat: Catalogue, actor_id: str) -> str:
    url = actor_url(actor_id)
    roles = cat.roles_of(actor_id)
    return templates.render(
        "acteur.html", url, cat=cat, acteur=cat.acteurs[actor_id], roles=roles,
        source=cat.sources["acteurs"].get(actor_id),
    )


def index_page(cat: Catalogue) -> str:
    groups = []
    for kind in TYPES_ACTEUR:
        members = sorted((a for a in cat.acteurs.values() if a.type == kind), key=lambda a: a.nom.casefold())
        if members:
            rows = []
            for a in members:
                r = cat.roles_of(a.id)
                rows.append((a, len(r["pilote"]), len(r["partenaire"]), len(r["axe"])))
            groups.append((kind, rows))
    return templates.render("acteurs-index.html", "acteurs/", cat=cat, groupes=groups)
