"""The « Agenda » page: every dated event of every plan, upcoming first, from
the same rows as jalons.csv and agenda.ics."""
from __future__ import annotations

import datetime as dt

from ..catalogue import Catalogue
from ..exports import milestone_rows
from . import templates
from .format import etiquette


def agenda_page(cat: Catalogue, today: dt.date) -> str:
    rows = milestone_rows(cat)
    for r in rows:
        plan = cat.plans[r["plan"]]
        r["plan_titre"] = plan.data.titre_court
        r["contexte"] = etiquette(plan.data.vocabulaire.fiche, cat.fiches[f"{r['plan']}/{r['fiche']}"].data.numero) if r["fiche"] else None
        p = r["periode"]
        r["datetime"] = p.debut.isoformat() if p and p.debut else None
    dated = [r for r in rows if r["periode"] and r["periode"].debut]
    upcoming = sorted((r for r in dated if r["periode"].fin >= today), key=lambda r: (r["periode"].debut, r["periode"].fin))
    past = sorted((r for r in dated if r["periode"].fin < today), key=lambda r: (r["periode"].fin, r["periode"].debut), reverse=True)
    undated = [r for r in rows if not (r["periode"] and r["periode"].debut)]
    return templates.render("agenda.html", "agenda/", a_venir=upcoming, passes=past, sans_date=undated, today=today)
