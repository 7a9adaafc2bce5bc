"""The « Contribuer » page: how to change or add a fiche, and every field of
the content model with its meaning and an example, generated from the model
and the fiche template so it never drifts from them."""
from __future__ import annotations

import datetime as dt
import typing
from pathlib import Path

import yaml
from pydantic import BaseModel

from ..catalogue import Catalogue
from ..model import Axe, Fiche
from . import templates

TEMPLATE = Path(__file__).resolve().parents[2] / "modeles" / "fiche.md"


def type_words(annotation) -> str:
    origin = typing.get_origin(annotation)
    args = [a for a in typing.get_args(annotation) if a is not type(None)]
    if origin is typing.Annotated:
        return type_words(args[0])
    if origin is typing.Literal:
        return "une valeur parmi : " + ", ".join(f"« {a} »" for a in typing.get_args(annotation))
    if origin in (list, tuple):
        return "liste de " + type_words(args[0]) if args else "liste"
    if origin is dict:
        return "correspondance période → valeur"
    if origin is typing.Union or str(origin) == "types.UnionType":
        return " ou ".join(dict.fromkeys(type_words(a) for a in args))
    if isinstance(annotation, type):
        if issubclass(annotation, BaseModel):
            return "groupe de champs"
        return {str: "texte", int: "nombre entier", float: "nombre", bool: "oui/non", dt.date: "date (AAAA-MM-JJ)"}.get(annotation, annotation.__name__)
    return str(annotation)


def _submodel(annotation):
    """The model inside an annotation (``Territoire``, ``list[LigneBudget]``…), if any."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        inner = _submodel(arg)
        if inner:
            return inner
    return None


def fields(model: type[BaseModel], prefix: str = "", example: dict | None = None) -> list[dict]:
    """Every field of ``model``, depth first: path, required, type, description, example."""
    rows = []
    example = example or {}
    for name, info in model.model_fields.items():
        path = f"{prefix}{name}"
        value = example.get(name) if isinstance(example, dict) else None
        sub = _submodel(info.annotation)
        shown = None if sub else (yaml.safe_dump(value, allow_unicode=True, default_flow_style=True, width=200).strip().removesuffix("...").strip() if value is not None else None)
        rows.append(dict(path=path, required=info.is_required(), type=type_words(info.annotation),
                         description=info.description or "", example=shown))
        if sub:
            child = value[0] if isinstance(value, list) and value else value
            rows += fields(sub, path + " › ", child if isinstance(child, dict) else {})
    return rows


def template_example() -> dict:
    text = TEMPLATE.read_text(encoding="utf-8")
    return yaml.safe_load(text.split("\n---\n", 1)[0].removeprefix("---\n"))


def contribute_page(cat: Catalogue) -> str:
    example = template_example()
    return templates.render(
        "contribuer.html", "contribuer/", cat=cat,
        fiche_fields=fields(Fiche, example=example), axe_fields=fields(Axe),
        template=TEMPLATE.read_text(encoding="utf-8"),
    )
