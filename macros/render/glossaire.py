"""The glossary page, and the abbreviation definitions added to each page's
Markdown so acronyms show as <abbr> with their expansion."""
from __future__ import annotations

import re
from bisect import bisect_right
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


_SKIP = {"a", "abbr", "code", "pre", "script", "style", "svg", "title", "option", "textarea", "time"}
# A word as the glossary's acronyms are looked up: « CREFOP », « Cap'Emploi », « 2PE »…
_WORD = re.compile(r"(?<![\w-])[A-Z0-9][\w'&+.-]*[A-Z0-9+]|(?<![\w-])[A-Z]")


_SKIP_TAG = re.compile(r"<(/?)(%s)(?![a-zA-Z0-9])[^>]*>" % "|".join(sorted(_SKIP)), re.I)


def _hidden_spans(html):
    """[start, end) spans inside links, code, SVG… (nested skip tags counted as the tag walk did)."""
    starts, ends = [], []
    depth = 0
    for m in _SKIP_TAG.finditer(html):
        if m.group(0).endswith("/>"):
            continue
        if m.group(1):
            depth -= 1
            if depth == 0:
                ends.append(m.end())
        else:
            if depth == 0:
                starts.append(m.start())
            depth += 1
    if len(ends) < len(starts):
        ends.append(len(html))
    return starts, ends


_PATTERNS = {}


def _pattern(by_sigle):
    """The glossary's acronyms as whole words, as _WORD would cut them: not glued to
    a word before, and not followed by more of a word ending in a capital or digit."""
    key = id(by_sigle)
    if key not in _PATTERNS:
        _PATTERNS.clear()
        # Only what _WORD can cut out whole (« BEN BTP », with its space, never is),
        # longest first; grouped by first character, each group opening with that
        # character so that the engine skips every position that cannot start one
        # (a pattern opening with a lookaround is tried at each character: 0.9 ms a
        # page instead of 0.2). « Not glued to a word before » is checked once the
        # first character is read: the same matches.
        groups: dict[str, list[str]] = {}
        for s in sorted(by_sigle, key=len, reverse=True):
            if _WORD.fullmatch(s):
                groups.setdefault(s[0], []).append(s)
        names = "|".join("%s(?<![\\w-]%s)(?:%s)" % (re.escape(c), re.escape(c), "|".join(re.escape(s[1:]) for s in group))
                         for c, group in groups.items())
        _PATTERNS[key] = re.compile(r"(?:%s)(?![\w'&+.-]*[A-Z0-9+])" % names) if groups else re.compile(r"(?!)")
    return _PATTERNS[key]


def _inside_word(html, pos):
    """Whether a word cut by _WORD started earlier and runs over ``pos``: going back over
    the characters a word can hold, one of them starts such a word."""
    q = pos - 1
    while q >= 0 and (html[q].isalnum() or html[q] in "_'&+.-"):
        c = html[q]
        if (c.isdigit() or "A" <= c <= "Z") and c.isascii():
            before = html[q - 1] if q > 0 else " "
            if not (before.isalnum() or before in "_-"):
                return True
        q -= 1
    return False


def abbreviate(cat: Catalogue, html: str, plan_id: str | None) -> str:
    """Wrap the first use of each glossary acronym in the page's text in an
    <abbr> giving its expansion (the plan's own when its document has one).
    Text inside tags, links, code, SVG, options and existing <abbr> is left
    alone. Only the acronyms are searched for (one regular expression), not
    every word and tag of the page."""
    by_sigle = _index(cat)
    if not by_sigle:
        return html
    starts = ends = None
    seen = set()
    out, last = [], 0
    for m in _pattern(by_sigle).finditer(html):
        word = m.group(0)
        if word in seen:
            continue
        pos = m.start()
        if _inside_word(html, pos):
            continue
        if html.rfind("<", 0, pos) > html.rfind(">", 0, pos):
            continue  # inside a tag
        if starts is None:
            starts, ends = _hidden_spans(html)
        i = bisect_right(starts, pos) - 1
        if i >= 0 and pos < ends[i]:
            continue  # inside a link, code, SVG…
        seen.add(word)
        terms = by_sigle[word]
        term = next((t for t in terms if plan_id in t.plans), terms[0])
        out.append(html[last:pos])
        out.append(f'<abbr title="{escape(term.definition, quote=True)}">{word}</abbr>')
        last = m.end()
    if not out:
        return html
    out.append(html[last:])
    return "".join(out)
