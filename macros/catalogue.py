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


def _decoded(entry) -> str:
    """An entry's body, decoded once (a validation run from the cache does not need it)."""
    text = entry.body_text
    if isinstance(text, bytes):
        text = text.decode("utf-8")
        object.__setattr__(entry, "body_text", text)
    return text


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
    body_text: str | bytes = field(default="", repr=False)  # the body, or its UTF-8 bytes until first asked for
    body_line: int = 0

    @property
    def body(self) -> str:
        return _decoded(self)

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
    body_text: str | bytes = field(default="", repr=False)  # the body, or its UTF-8 bytes until first asked for
    body_line: int = 0

    @property
    def body(self) -> str:
        return _decoded(self)

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
        axes = self._axes_by_plan.get(plan_id, [])
        if parent is not False:
            axes = [a for a in axes if a.data.parent == parent]
        return list(axes)

    def children(self, axe: AxeEntry) -> list[AxeEntry]:
        return self.axes_of(axe.plan, axe.id)

    # Indexes built once: pages ask these for every fiche, so a scan of all
    # fiches each time would make the build grow with the square of their number.
    @cached_property
    def _by_axis(self) -> dict[str, list[FicheEntry]]:
        return _grouped(self.fiches.values(), lambda f: f.axe_key)

    @cached_property
    def _axes_by_plan(self) -> dict[str, list[AxeEntry]]:
        return _grouped(self.axes.values(), lambda a: a.plan)

    def fiches_of_axis(self, axe: AxeEntry, deep: bool = False) -> list[FicheEntry]:
        fiches = list(self._by_axis.get(axe.key, []))
        if deep:
            for c in self.children(axe):
                fiches += self._by_axis.get(c.key, [])
            fiches.sort(key=lambda f: f.sort_key)
        return fiches

    @cached_property
    def _by_plan(self) -> dict[str, list[FicheEntry]]:
        out = {}
        for plan_id in self.plans:
            fiches = []
            for top in self.axes_of(plan_id, None):
                for axe in [top] + self.children(top):
                    fiches += self._by_axis.get(axe.key, [])
            out[plan_id] = fiches
        return out

    def fiches_of_plan(self, plan_id: str) -> list[FicheEntry]:
        """In reading order: axis by axis (children after their parent), then by number."""
        return list(self._by_plan.get(plan_id, []))

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
        return sorted(self._linked.get(axe.key, []), key=lambda a: (a.plan, a.sort_key))

    @cached_property
    def _roles(self) -> dict[str, dict[str, list]]:
        roles: dict[str, dict[str, list]] = {a: {"pilote": [], "partenaire": [], "axe": [], "emetteur": []} for a in self.acteurs}
        for f in self.all_fiches():
            pilots = set(f.data.pilotes)
            for a in dict.fromkeys(f.data.pilotes):
                roles[a]["pilote"].append(f)
            others = list(f.data.partenaires) + [a for action in f.data.actions for a in action.pilotes]
            for a in dict.fromkeys(others):
                if a not in pilots:
                    roles[a]["partenaire"].append(f)
        for ax in sorted(self.axes.values(), key=lambda a: (self.plans[a.plan].data.ordre, a.sort_key)):
            for a in dict.fromkeys(ax.data.pilotes):
                roles[a]["axe"].append(ax)
        for p in self.plans_ordered():
            for a in dict.fromkeys(p.data.emetteurs):
                roles[a]["emetteur"].append(p)
        return roles

    def roles_of(self, actor_id: str) -> dict[str, list]:
        return self._roles[actor_id]

    @cached_property
    def _linked(self) -> dict[str, list[AxeEntry]]:
        index: dict[str, list[AxeEntry]] = {}
        for a in self.axes.values():
            if a.data.axe_lie:
                index.setdefault(a.data.axe_lie, []).append(a)
        return index

    def jalons_of(self, plan_id: str) -> list[JalonEntry]:
        return [j for j in self.jalons if j.data.plan == plan_id]


def _grouped(entries, key) -> dict:
    """{key: entries with that key, in their sort order}."""
    index: dict = {}
    for e in entries:
        index.setdefault(key(e), []).append(e)
    return {k: sorted(v, key=lambda e: e.sort_key) for k, v in index.items()}
