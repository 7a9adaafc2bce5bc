"""The *Données* page: every open-data file and every field, from the same
column lists that write the files (so the page never drifts from them)."""
from __future__ import annotations

from ..catalogue import Catalogue
from .. import exports
from . import templates


def data_page(cat: Catalogue) -> str:
    schemas = []
    for name, model in exports.JSON_SCHEMAS.items():
        fields = [(k, f.description or "") for k, f in model.model_fields.items()]
        schemas.append((name, model.__name__, fields))
    return templates.render(
        "donnees.html", "donnees/", cat=cat, tables=exports.TABLES, schemas=schemas,
        licence=exports.LICENCE, sep=exports.SEP,
    )
