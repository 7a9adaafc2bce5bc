"""The glossary page, and the abbreviation definitions added to each page's
Markdown so acronyms show as <abbr> with their expansion."""
from __future__ import annotations

import re
from html import escape

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
    _CACHE.clear()
    _CACHE[id(cat.glossaire)] = by_sigle
    return by_sigle


_TAG = re.compile(r"(<[^>]+>)")
_SKIP = {"a", "abbr", "code", "pre", "script", "style", "svg", "title", "option", "textarea", "time"}


_WORD = re.compile(r"(?<![\w-])[A-Z0-9][\w'&+.-]*[A-Z0-9+]|(?<![\w-])[A-Z]")


def abbreviate(cat: Catalogue, html: str, plan_id: str | None) -> str:
    """Wrap the first use of each glossary acronym in the page's text in an
    <abbr> giving its expansion (the plan's own when its document has one).
    Text inside links, code, SVG, options and existing <abbr> is left alone."""
    by_sigle = _index(cat)
    if not by_sigle:
        return html
    seen: set[str] = set()
    depth = 0
    out = []
    for part in _TAG.split(html):
        if not part:
            continue
        if part[0] == "<":
            m = _OPEN.match(part)
            if m and m.group(2).lower() in _SKIP and not part.endswith("/>"):
                depth += -1 if m.group(1) else 1
            out.append(part)
            continue
        if depth > 0:
            out.append(part)
            continue

        def wrap(m):
            word = m.group(0)
            terms = by_sigle.get(word)
            if terms is None or word in seen:
                return word
            seen.add(word)
            term = next((t for t in terms if plan_id in t.plans), terms[0])
            return f'<abbr title="{escape(term.definition, quote=True)}">{word}</abbr>'

        out.append(_WORD.sub(wrap, part))
    return "".join(out)


_OPEN = re.compile(r"<(/?)([a-zA-Z0-9]+)")
