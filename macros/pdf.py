"""The PDF edition: the whole site and one PDF per plan, rendered by WeasyPrint.

The pages' own content (as the site shows it, captured while MkDocs renders
each page) is assembled into one lean print document per edition: French
cover, *Sommaire* with page numbers, plan → axis → fiche, each fiche on a new
page, links turned into internal anchors, bookmarks and metadata set, tagged
PDF. Editions render in parallel processes (one per core).
"""
from __future__ import annotations

import datetime as dt
import html
import os
import posixpath
import re
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from .catalogue import Catalogue
from .render import templates
from .render.format import date_longue, etiquette
from .render.vocab import axis_word

PDF_DIR = "pdf"
FULL_NAME = "plans-emploi-formation"
CSS = Path(__file__).resolve().parent / "impression.css"  # print stylesheet (outside overrides/, which MkDocs copies into the site)


@dataclass(frozen=True)
class Edition:
    name: str  # file name without .pdf
    title: str
    subtitle: str
    plans: tuple[str, ...]
    authors: str


def anchor(url: str) -> str:
    return "p-" + re.sub(r"[^a-z0-9]+", "-", url.strip("/").lower()).strip("-") if url.strip("/") else "p-accueil"


_HREF = re.compile(r'(href|src)="([^"]*)"')
_ID = re.compile(r'\sid="([^"]+)"')
_DROP = [
    re.compile(r'<nav class="fil-ariane".*?</nav>', re.S),
    re.compile(r'<nav class="voisins".*?</nav>', re.S),
    re.compile(r'<a class="headerlink"[^>]*>.*?</a>', re.S),
    re.compile(r'<span hidden[^>]*>.*?</span>', re.S),
    re.compile(r'<p class="telechargement".*?</p>', re.S),
]


_CAPTION = re.compile(r"<table([^>]*)>\s*<caption>(.*?)</caption>", re.S)


def print_fragment(content: str, page_url: str, in_pdf: set[str], site_url: str) -> str:
    """A page's content made fit for the print document: ids made unique,
    links to pages of the edition turned into internal anchors, and table
    captions set as a line above the table (WeasyPrint 68 cannot tag a PDF
    whose tables have a <caption>; the site keeps them)."""
    prefix = anchor(page_url)
    for rx in _DROP:
        content = rx.sub("", content)
    content = _CAPTION.sub(r'<p class="legende-tableau">\2</p><table\1>', content)
    content = _ID.sub(lambda m: f' id="{prefix}--{m.group(1)}"', content)

    def link(m):
        attr, target = m.group(1), html.unescape(m.group(2))
        if attr == "src" or target.startswith(("http:", "https:", "mailto:")):
            return m.group(0)
        if target.startswith("#"):
            return f'{attr}="#{prefix}--{target[1:]}"'
        path, _, frag = target.partition("#")
        base = page_url if page_url.endswith("/") or not page_url else posixpath.dirname(page_url) + "/"
        resolved = posixpath.normpath(posixpath.join("/" + base, path)).lstrip("/")
        resolved = "" if resolved == "." else resolved.rstrip("/") + "/"
        if resolved in in_pdf:
            a = anchor(resolved)
            return f'{attr}="#{a}--{frag}"' if frag else f'{attr}="#{a}"'
        absolute = (site_url.rstrip("/") + "/" + resolved) if site_url else resolved
        return f'{attr}="{html.escape(absolute)}"'

    return _HREF.sub(link, content)


def editions(cat: Catalogue) -> list[Edition]:
    out = []
    plans = cat.plans_ordered()
    emitters = sorted({cat.acteurs[a].nom for p in plans for a in p.data.emetteurs})
    out.append(Edition(FULL_NAME, "Plans d'action emploi-formation", "Édition complète : " + ", ".join(p.data.titre_court for p in plans),
                       tuple(p.id for p in plans), ", ".join(emitters)))
    for p in plans:
        out.append(Edition(p.id, p.data.titre, f"{p.data.region} – {p.data.periode}", (p.id,),
                           ", ".join(cat.acteurs[a].nom for a in p.data.emetteurs)))
    return out


def document_html(cat: Catalogue, ed: Edition, contents: dict[str, str], today: dt.date, site_url: str) -> str:
    """The print document of one edition, as one HTML string."""
    sections = []  # (level, url, content)
    for pid in ed.plans:
        plan = cat.plans[pid]
        sections.append(("plan", plan.url, plan))
        for top in cat.axes_of(pid, None):
            for axe in [top] + cat.children(top):
                sections.append(("axe", axe.url, axe))
                for f in cat.fiches_of_axis(axe):
                    sections.append(("fiche", f.url, f))
    in_pdf = {url for _, url, _ in sections}
    parts = []
    for kind, url, entry in sections:
        body = print_fragment(contents.get(url, ""), url, in_pdf, site_url)
        if kind == "plan":
            parts.append(dict(kind=kind, anchor=anchor(url), html=body, plan=entry.data.titre_court, axe="",
                              titre=entry.data.titre))
        elif kind == "axe":
            parts.append(dict(kind=kind, anchor=anchor(url), html=body, plan=cat.plans[entry.plan].data.titre_court,
                              axe=f"{etiquette(axis_word(cat, entry), entry.data.numero)} – {entry.data.titre}",
                              titre=f"{etiquette(axis_word(cat, entry), entry.data.numero)} – {entry.data.titre}",
                              enfant=bool(entry.data.parent)))
        else:
            v = cat.plans[entry.plan].data.vocabulaire
            parts.append(dict(kind=kind, anchor=anchor(url), html=body, plan=cat.plans[entry.plan].data.titre_court,
                              axe="", titre=f"{etiquette(v.fiche, entry.data.numero)} – {entry.data.titre}"))
    return templates.render(
        "impression.html", "", edition=ed, parts=parts, edition_date=date_longue(today),
        today=today, css=CSS.read_text(encoding="utf-8"), cat=cat,
    )


def _cache_page_references() -> None:
    """Make pydyf's ``PDF.page_references`` cost nothing after its first call.

    pydyf 0.13 rebuilds the tuple of every page's reference each time it is
    read, and WeasyPrint reads it once per tagged element and per anchor: the
    write grows with pages × elements (a quarter of the time at 100 fiches,
    most of it at 1,000). The tuple is kept until a page is added.
    """
    import pydyf

    if getattr(pydyf.PDF, "_refs_cached", False):
        return

    def page_references(self):
        kids = self.pages["Kids"]
        cached = self.__dict__.get("_refs")
        if cached is None or cached[0] != len(kids):
            cached = (len(kids), tuple(f"{number} 0 R".encode("ascii") for number in kids[::3]))
            self.__dict__["_refs"] = cached
        return cached[1]

    pydyf.PDF.page_references = property(page_references)
    pydyf.PDF._refs_cached = True


def _render(args) -> tuple[str, float, int]:
    """In a worker process: HTML → PDF file; returns (path, seconds, pages)."""
    html_text, out_path, title = args
    from weasyprint import HTML

    _cache_page_references()

    start = time.perf_counter()
    doc = HTML(string=html_text, base_url=str(Path(out_path).parent)).render(pdf_tags=True)
    doc.write_pdf(out_path, pdf_tags=True)
    return out_path, time.perf_counter() - start, len(doc.pages)


@dataclass(frozen=True)
class Result:
    name: str
    path: Path
    pages: int
    size: int
    seconds: float


def build(cat: Catalogue, contents: dict[str, str], site_dir: Path, today: dt.date, site_url: str = "",
          workers: int | None = None) -> list[Result]:
    out_dir = Path(site_dir) / PDF_DIR
    out_dir.mkdir(parents=True, exist_ok=True)
    eds = editions(cat)
    jobs = [(document_html(cat, ed, contents, today, site_url), str(out_dir / f"{ed.name}.pdf"), ed.title) for ed in eds]
    # Largest first so the two cores finish together.
    order = sorted(range(len(jobs)), key=lambda i: -len(jobs[i][0]))
    workers = workers or min(2, os.cpu_count() or 1)
    results: dict[int, tuple] = {}
    if workers > 1:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            for i, res in zip(order, pool.map(_render, [jobs[i] for i in order])):
                results[i] = res
    else:
        for i in order:
            results[i] = _render(jobs[i])
    return [Result(ed.name, Path(results[i][0]), results[i][2], Path(results[i][0]).stat().st_size, results[i][1])
            for i, ed in enumerate(eds)]


def human_size(n: int) -> str:
    from .render.format import nombre

    if n >= 1_000_000:
        return f"{nombre(round(n / 1_000_000, 1))}\u00a0Mo"
    return f"{nombre(max(1, round(n / 1000)))}\u00a0Ko"


_INFO = re.compile(r'<span class="pdf-info" data-pdf="([a-z0-9-]+)"></span>')


def fill_download_links(site_dir: Path, results: list[Result]) -> None:
    """Write each PDF's size and page count next to the links that point to it."""
    info = {r.name: f"(PDF, {human_size(r.size)}, {r.pages} pages)" for r in results}
    for page in [Path(site_dir) / "index.html", *Path(site_dir).glob("plans/*/index.html")]:
        text = page.read_text(encoding="utf-8")
        new = _INFO.sub(lambda m: f'<span class="pdf-info" data-pdf="{m.group(1)}">{info.get(m.group(1), "")}</span>', text)
        if new != text:
            page.write_text(new, encoding="utf-8")
