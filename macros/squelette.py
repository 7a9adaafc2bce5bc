"""Whole pages of Material's template, learned once for the pages outside the menu.

Thousands of fiches (and actor pages) sit outside the menu: at the same depth,
Material's template gives them the same page but for a few values (title, edit
link, canonical address, content, table of contents and the skip link to its
first entry). Rendering that template costs about 1.5 ms a page, more than any
other step after the Markdown conversion.

For each kind of such page (``signature``: depth, which of those values are
empty, whether the content has its own ``<h1>``, the other metadata), the
template is rendered once with a stand-in page whose values are markers
(``Marques``); the first real page of that kind, rendered normally, then shows
what became of each marker (the title is printed as it is, escaped, or without
tags), and the page rebuilt from the learned pieces must equal it byte for byte.
The second page of the kind is rendered normally too and must equal its rebuilt
self. Only then do the next pages of that kind skip the template
(``overrides/squelette.html``). Any difference, an attribute of the page the
template reads that this module does not know, or an error, and that kind of
page is always rendered by the template. Imports nothing local.
"""
from __future__ import annotations

import re
from typing import Any

from jinja2 import pass_context
from markupsafe import Markup, escape

#: Attributes of a page the stand-in gives as markers, or that the signature covers.
KNOWN = {"title", "edit_url", "canonical_url", "content", "toc", "meta", "url", "previous_page", "next_page",
         "is_homepage", "ancestors"}

_MARK = re.compile("\x00([A-Z])\\d+(?:<h1)?\x00")

#: The ways a template may print a text value: as it is, escaped, without tags, both.
_FORMS = (
    lambda s: s,
    lambda s: str(escape(s)),
    lambda s: Markup(s).striptags(),
    lambda s: str(escape(Markup(s).striptags())),
)

_TOC = "{% import \"partials/language.html\" as lang with context %}{% include \"material/partials/toc.html\" %}"


class Marques:
    """Markers handed out during one render, and the page attributes the template read."""

    def __init__(self):
        self.count = 0
        self.read: set[str] = set()

    def mark(self, kind: str, suffix: str = "") -> str:
        self.count += 1
        return f"\x00{kind}{self.count}{suffix}\x00"


class _Meta(dict):
    """A page's metadata whose title is a marker at each reading."""

    def __init__(self, meta: dict, marques: Marques):
        super().__init__(meta)
        self._marques = marques

    def __getitem__(self, key):
        if key == "title" and dict.__contains__(self, "title"):
            return self._marques.mark("T")
        return super().__getitem__(key)

    def get(self, key, default=None):
        return self[key] if key in self else default


class _TocEntry:
    def __init__(self, marques: Marques):
        self.url = "#" + marques.mark("K")


class PageMarquee:
    """Stands for a page in the marker render."""

    def __init__(self, page, marques: Marques):
        self._page, self._marques = page, marques

    def __getattr__(self, name: str) -> Any:
        page, marques = self._page, self._marques
        marques.read.add(name)
        if name == "title":
            return marques.mark("T") if page.title else page.title
        if name in ("edit_url", "canonical_url"):
            return marques.mark("E" if name == "edit_url" else "U") if getattr(page, name) else getattr(page, name)
        if name == "content":
            return marques.mark("C", "<h1" if "<h1" in page.content else "")
        if name == "toc":
            return [_TocEntry(marques)] if len(page.toc) else page.toc
        if name == "meta":
            return _Meta(page.meta, marques)
        return getattr(page, name)


def _frozen(value: Any) -> Any:
    if isinstance(value, dict):
        return tuple(sorted((str(k), _frozen(v)) for k, v in value.items()))
    if isinstance(value, (list, tuple)):
        return tuple(_frozen(v) for v in value)
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return ("objet", id(value))  # unknown: this page only


def signature(page, key: str) -> tuple:
    """What, besides the marked values, may change the template's output for this page."""
    return (key, bool(page.title), bool(page.edit_url), bool(page.canonical_url), "<h1" in page.content,
            bool(len(page.toc)), page.previous_page is None, page.next_page is None, bool(page.is_homepage),
            tuple(id(a) for a in page.ancestors),
            _frozen({k: v for k, v in page.meta.items() if k != "title"}), "title" in page.meta)


class _Kind:
    """One kind of page: its marker render, then its pieces, then whether they are trusted."""

    def __init__(self, marked: str | None):
        self.marked = marked
        self.pieces: list | None = None  # literal text, or (kind of marker, forms it may take)
        self.state = "learn" if marked is not None else "never"  # learn → check → ready, or never

    def see(self, output: str, page, toc: str) -> None:
        """A page of this kind rendered by the template: its output narrows the forms each
        marker may take (a plain title is printed the same in every form), and the pieces
        must give that output back, or the kind is never rebuilt."""
        learned = _learn(self.marked, output, page, toc)
        if learned is None or (self.pieces is not None and len(learned) != len(self.pieces)):
            self.state = "never"
            return
        if self.pieces is not None:
            learned = [p if type(p) is str else (p[0], p[1] & q[1]) for p, q in zip(learned, self.pieces)]
        self.pieces = learned
        if any(type(p) is not str and not p[1] for p in learned) or _fill(learned, page, toc) != output:
            self.state = "never"
        else:
            self.state = {"learn": "check", "check": "ready"}.get(self.state, self.state)


class Squelettes:
    """The learned pages of one build."""

    def __init__(self):
        self.kinds: dict[tuple, _Kind] = {}
        self.waiting: dict[str, tuple] = {}  # page src_uri → (kind, its toc) or its rebuilt HTML
        self.used = 0
        self.toc_template = None

    @pass_context
    def pret(self, ctx, page, key: str | None) -> bool:
        """Whether ``page`` may skip the template (called by ``overrides/main.html``)."""
        if not key or "squelette_marques" in ctx or page is None or not isinstance(getattr(page, "content", None), str):
            return False
        try:
            sig = signature(page, key)
            kind = self.kinds.get(sig)
            if kind is None:
                kind = self.kinds[sig] = _Kind(self._marked(ctx, page))
            if kind.state == "never":
                return False
            toc = self._toc(ctx)
            html = _fill(kind.pieces, page, toc) if kind.state == "ready" else None
            if html is None:  # learning, checking, or a value whose form is not known yet
                self.waiting[page.file.src_uri] = (kind, toc)
                return False
            self.waiting[page.file.src_uri] = (html,)
            self.used += 1
            return True
        except Exception:  # noqa: BLE001 - the template renders the page
            return False

    @staticmethod
    def _marked(ctx, page) -> str | None:
        marques = Marques()
        values = dict(ctx.get_all())
        values["page"], values["squelette_marques"] = PageMarquee(page, marques), marques
        try:
            marked = ctx.environment.get_template(page.meta.get("template", "main.html")).render(values)
        except Exception:  # noqa: BLE001
            return None
        return marked if marques.read <= KNOWN else None

    def _toc(self, ctx) -> str:
        if self.toc_template is None or self.toc_template.environment is not ctx.environment:
            self.toc_template = ctx.environment.from_string(_TOC)
        return self.toc_template.render(ctx.get_all())

    def remplir(self, page) -> Markup:
        """The page rebuilt from its kind's pieces (``overrides/squelette.html``)."""
        return Markup(self.waiting.pop(page.file.src_uri)[0])

    def apres(self, output: str, page) -> None:
        """After MkDocs rendered ``page``: what the template gave teaches its kind."""
        found = self.waiting.pop(page.file.src_uri, None)
        if found is None or len(found) == 1:
            return
        kind, toc = found
        if kind.state != "never":
            try:
                kind.see(output, page, toc)
            except Exception:  # noqa: BLE001
                kind.state = "never"


def _values(page, toc: str) -> dict[str, str]:
    first = page.toc.items[0].url if len(page.toc) else ""  # « #id »: the « # » is the marker's
    first = first[1:] if first.startswith("#") else "\x00"
    return {"T": page.title or "", "E": page.edit_url or "", "U": page.canonical_url or "", "C": page.content,
            "K": first, "O": toc}


def _learn(marked: str, output: str, page, toc: str) -> list | None:
    """The marker render's pieces, each marker with the forms that give what the real
    output shows there, or None when the output does not follow the marker render."""
    parts = _MARK.split(marked)  # literal, kind, literal, kind, …, literal
    values = _values(page, toc)
    if not output.startswith(parts[0]):
        return None
    pieces: list = [parts[0]]
    pos = len(parts[0])
    for i in range(1, len(parts), 2):
        kind, literal = parts[i], parts[i + 1]
        if i + 2 >= len(parts):  # the last literal ends the page
            end = len(output) - len(literal)
            if not output.endswith(literal) or end < pos:
                return None
        else:
            if not literal:
                return None  # two markers side by side: which text is whose cannot be told
            end = output.find(literal, pos)
            if end < 0:
                return None
        seen = output[pos:end]
        forms = frozenset(n for n, f in enumerate(_FORMS) if f(values[kind]) == seen)
        if not forms:
            return None
        pieces += [(kind, forms), literal]
        pos = end + len(literal)
    return pieces


def _fill(pieces: list, page, toc: str) -> str | None:
    """The page from the pieces, or None when a value's forms differ and which one the
    template uses is not known yet."""
    values = _values(page, toc)
    out = []
    for p in pieces:
        if type(p) is str:
            out.append(p)
            continue
        kind, forms = p
        texts = {_FORMS[f](values[kind]) for f in forms}
        if len(texts) != 1:
            return None
        out.append(texts.pop())
    return "".join(out)
