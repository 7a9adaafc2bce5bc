"""The plan's own words for its levels, as used in labels."""
from __future__ import annotations

from ..catalogue import AxeEntry, Catalogue


def axis_word(cat: Catalogue, axe: AxeEntry) -> str:
    """« Axe », « Chantier », « Ambition »…, or « Enjeu » for a child axis."""
    v = cat.plans[axe.plan].data.vocabulaire
    return (v.sous_axe or v.axe) if axe.data.parent else v.axe
