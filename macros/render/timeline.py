"""Calendar entries and milestones → an ordered HTML list with <time> elements.

Built at build time (no JavaScript): past and future are told apart against
the build date, relative durations (« 18 mois ») are placed from the plan's
start when it has one, and free text is kept as written at the end.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .. import dates
from . import templates


@dataclass(frozen=True)
class Point:
    quand: str
    libelle: str
    periode: dates.Periode | None
    lien: str | None = None  # URL of the page the point comes from
    contexte: str | None = None  # e.g. the fiche it belongs to
    lieu: str | None = None

    @property
    def debut(self) -> dt.date | None:
        return self.periode.debut if self.periode else None

    @property
    def fin(self) -> dt.date | None:
        return self.periode.fin if self.periode else None

    def etat(self, today: dt.date) -> str:
        if not self.periode or self.periode.relative:
            return "indéterminé"
        if self.fin < today:
            return "passé"
        if self.debut > today:
            return "à venir"
        return "en cours"

    def datetime_attr(self) -> str | None:
        """A valid HTML datetime: a day, a month or a year."""
        p = self.periode
        if not p or p.relative:
            return None
        if p.debut == p.fin:
            return p.debut.isoformat()
        if p.precision == "mois" and p.debut.month == p.fin.month and p.debut.year == p.fin.year:
            return p.debut.strftime("%Y-%m")
        if p.precision == "année" and p.debut.year == p.fin.year:
            return str(p.debut.year)
        return p.debut.isoformat()


def point(quand: str, libelle: str, **kw) -> Point:
    try:
        periode = dates.parse(quand)
    except dates.DateImpossible:
        periode = None
    return Point(quand, libelle, periode, **kw)


def ordered(points: list[Point]) -> list[Point]:
    """Dated points by start then end; undated ones after, in their given order."""
    dated = sorted((p for p in points if p.debut), key=lambda p: (p.debut, p.fin))
    return dated + [p for p in points if not p.debut]


def render(points: list[Point], page_url: str, today: dt.date, titre: str) -> str:
    items = ordered(points)
    marker = next((i for i, p in enumerate(items) if p.debut and p.debut > today), None)
    return templates.render(
        "frise.html", page_url, points=items, today=today, marker=marker, titre=titre
    )
