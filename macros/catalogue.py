"""The validated whole of the content, immutable, with its look-ups.

Built only by ``validation.validate_tree``; renderers read it and never read
files. Imports ``model`` and ``dates`` only.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property

from .model import Acteur, Axe, Fiche, Jalon, Plan, Terme, TerritoireRef


def natural_key(text: str) -> list:
    """« Proposition 2-10 » after « Proposition 2-9 »."""
    return [int(p) if p.isdigit() else p.lower() for p in re.split(r"(\d+)", text)]


@dataclass(frozen=True)
class PlanEntry:
    id: str
    data: Plan
    file: str
    page_file: str | None = None
    page_body: str = ""

    @property
    def url(self) -> str:
        return f"plans/{self.id}/"


@dataclass(frozen=True)
class AxeEntry:
    id: str
    plan: str
    data: Axe
    file: str
    body: str = ""
    body_line: int = 0

    @property
    def key(self) -> str:
        return f"{self.plan}/{self.id}"

    @property
    def url(self) -> str:
        return f"axes/{self.plan}/{self.id}/"

    @property
    def sort_key(self) -> tuple:
        return (self.data.ordre if self.data.ordre is not None else 10**6, natural_key(self.data.numero))


@dataclass(frozen=True)
class FicheEntry:
    id: str
    plan: str
    data: Fiche
    file: str
    body: str = ""
    body_line: int = 0

    @property
    def key(self) -> str:
        return f"{self.plan}/{self.id}"

    @property
    def axe_key(self) -> str:
        return f"{self.plan}/{self.data.axe}"

    @property
    def url(self) -> str:
        return f"fiches/{self.plan}/{self.id}/"

    @property
    def sort_key(self) -> tuple:
        return (self.data.ordre if self.data.ordre is not None else 10**6, natural_key(self.data.numero))


@dataclass(frozen=True)
class JalonEntry:
    data: Jalon
    file: str


@dataclass(frozen=True)
class Catalogue:
    plans: dict[str, PlanEntry]
    axes: dict[str, AxeEntry]  # key "plan/axe"
    fiches: dict[str, FicheEntry]  # key "plan/fiche"
    acteurs: dict[str, Acteur]
    glossaire: tuple[Terme, ...]
    territoires: dict[str, TerritoireRef]
    jalons: tuple[JalonEntry, ...]
    sources: dict = field(default_factory=dict)  # data kind -> file of each record id

    # --- ordered views -------------------------------------------------
    def plans_ordered(self) -> list[PlanEntry]:
        return sorted(self.plans.values(), key=lambda p: (p.data.ordre, p.id))

    def axes_of(self, plan_id: str, parent: str | None | bool = False) -> list[AxeEntry]:
        """Axes of a plan; ``parent=None`` for top-level ones, an id for children, False for all."""
        axes = [a for a in self.axes.values() if a.plan == plan_id]
        if parent is not False:
            axes = [a for a in axes if a.data.parent == parent]
        return sorted(axes, key=lambda a: a.sort_key)

    def children(self, axe: AxeEntry) -> list[AxeEntry]:
        return self.axes_of(axe.plan, axe.id)

    def fiches_of_axis(self, axe: AxeEntry, deep: bool = False) -> list[FicheEntry]:
        keys = {axe.key}
        if deep:
            keys |= {c.key for c in self.children(axe)}
        return sorted((f for f in self.fiches.values() if f.axe_key in keys), key=lambda f: f.sort_key)

    def fiches_of_plan(self, plan_id: str) -> list[FicheEntry]:
        """In reading order: axis by axis (children after their parent), then by number."""
        order = {}
        for i, top in enumerate(self.axes_of(plan_id, None)):
            order[top.key] = (i, 0)
            for j, child in enumerate(self.children(top), start=1):
                order[child.key] = (i, j)
        return sorted(
            (f for f in self.fiches.values() if f.plan == plan_id),
            key=lambda f: (order.get(f.axe_key, (10**6, 0)), f.sort_key),
        )

    def all_fiches(self) -> list[FicheEntry]:
        out = []
        for plan in self.plans_ordered():
            out.extend(self.fiches_of_plan(plan.id))
        return out

    def axe_of(self, fiche: FicheEntry) -> AxeEntry:
        return self.axes[fiche.axe_key]

    def parent_of(self, axe: AxeEntry) -> AxeEntry | None:
        return self.axes.get(f"{axe.plan}/{axe.data.parent}") if axe.data.parent else None

    def linked_from(self, axe: AxeEntry) -> list[AxeEntry]:
        """Axes of other plans that say they detail this one."""
        return sorted(
            (a for a in self.axes.values() if a.data.axe_lie == axe.key), key=lambda a: (a.plan, a.sort_key)
        )

    @cached_property
    def _roles(self) -> dict[str, dict[str, list]]:
        roles: dict[str, dict[str, list]] = {a: {"pilote": [], "partenaire": [], "axe": [], "emetteur": []} for a in self.acteurs}
        for f in self.all_fiches():
            for a in f.data.pilotes:
                roles[a]["pilote"].append(f)
            for a in f.data.partenaires:
                if f not in roles[a]["pilote"]:
                    roles[a]["partenaire"].append(f)
            for action in f.data.actions:
                for a in action.pilotes:
                    if f not in roles[a]["pilote"] and f not in roles[a]["partenaire"]:
                        roles[a]["partenaire"].append(f)
        for ax in sorted(self.axes.values(), key=lambda a: (self.plans[a.plan].data.ordre, a.sort_key)):
            for a in ax.data.pilotes:
                roles[a]["axe"].append(ax)
        for p in self.plans_ordered():
            for a in p.data.emetteurs:
                roles[a]["emetteur"].append(p)
        return roles

    def roles_of(self, actor_id: str) -> dict[str, list]:
        return self._roles[actor_id]

    def actor_name(self, actor_id: str) -> str:
        return self.acteurs[actor_id].nom

    def jalons_of(self, plan_id: str) -> list[JalonEntry]:
        return [j for j in self.jalons if j.data.plan == plan_id]
