"""The Jinja environment our renderers use: autoescape on, undefined is an error.

Templates live in ``overrides/gabarits/`` (apart from the theme's partials:
Material never includes them). Contributor Markdown never passes through here.
"""
from __future__ import annotations

import posixpath
from functools import lru_cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from . import format as fmt

TEMPLATES = Path(__file__).resolve().parents[2] / "overrides" / "gabarits"


@lru_cache(maxsize=65536)
def relative(from_url: str, to_url: str) -> str:
    """Link from one page's directory URL to another's (``use_directory_urls``)."""
    base = posixpath.dirname(from_url) if not from_url.endswith("/") else from_url.rstrip("/")
    target = to_url
    rel = posixpath.relpath("/" + target, "/" + base) if base else target
    if (to_url == "" or to_url.endswith("/")) and not rel.endswith("/"):
        rel += "/"
    return "./" if rel in (".", "./") else rel


@lru_cache(maxsize=1)
def environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(
        nombre=fmt.nombre, euros=fmt.euros, montant=fmt.montant, valeur=fmt.valeur, date_longue=fmt.date_longue, liste=fmt.liste,
        etiquette=lambda numero, mot: fmt.etiquette(mot, numero), minuscule=fmt.minuscule,
    )
    env.globals["lien"] = _lien
    return env


_page_url = [""]  # the page being rendered, for lien(); templates render one at a time


def _lien(target: str) -> str:
    return relative(_page_url[-1], target)


def render(name: str, page_url: str, **context) -> str:
    """Render a template for the page at ``page_url``; blank lines are dropped so
    the result stays one raw-HTML block wherever it is placed."""
    _page_url.append(page_url)
    try:
        html = environment().get_template(name).render(**context)
    finally:
        _page_url.pop()
    return "\n".join(line for line in html.splitlines() if line.strip())
