"""The glossary page, and the abbreviation definitions added to each page's
Markdown so acronyms show as <abbr> with their expansion."""
from __future__ import annotations

import re

from ..catalogue import Catalogue
from . import templates


def glossary_page(cat: Catalogue) -> str:
    letters: dict[str, list] = {}
    for term in cat.glossaire:
        letters.setdefault(term.sigle[0].upper(), []).append(term)
    return templates.render("glossaire.html", "glossaire/", cat=cat, lettres=sorted(letters.items()))


_CACHE: dict[int, tuple] = {}


def _index(cat: Catalogue):
    if id(cat.glossaire) in _CACHE:
        return _CACHE[id(cat.glossaire)]
    by_sigle: dict[str, list] = {}
    for term in cat.glossaire:
        by_sigle.setdefault(term.sigle, []).append(term)
    # Longest first so « CREFOP » wins over « CRE… »; only plain acronyms.
    sigles = sorted((s for s in by_sigle if re.fullmatch(r"[\w'&+.-]+", s)), key=len, reverse=True)
    pattern = re.compile(r"(?<![\w-])(" + "|".join(map(re.escape, sigles)) + r")(?![\w-])") if sigles else None
    _CACHE.clear()
    _CACHE[id(cat.glossaire)] = (by_sigle, pattern)
    return by_sigle, pattern


def abbreviations(cat: Catalogue, markdown: str, plan_id: str | None) -> str:
    """Markdown ``*[SIGLE]: expansion`` lines for the acronyms used in ``markdown``.

    When a document expands an acronym its own way, a page of that plan gets
    that plan's expansion."""
    by_sigle, pattern = _index(cat)
    if pattern is None:
        return ""
    found = dict.fromkeys(m.group(1) for m in pattern.finditer(markdown))
    lines = []
    for sigle in found:
        terms = by_sigle[sigle]
        term = next((t for t in terms if plan_id in t.plans), terms[0])
        definition = term.definition.replace("\n", " ").replace("]", ")")
        lines.append(f"*[{sigle}]: {definition}")
    return "\n\n" + "\n".join(lines) + "\n" if lines else ""
