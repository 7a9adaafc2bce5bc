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
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path

from . import pdf_assemblage as assemblage
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


def _sections(cat: Catalogue, plan_ids) -> list[tuple[str, str, object]]:
    """(kind, url, entry) of an edition's pages in reading order: plan, then each axis and its fiches."""
    sections = []
    for pid in plan_ids:
        plan = cat.plans[pid]
        sections.append(("plan", plan.url, plan))
        for top in cat.axes_of(pid, None):
            for axe in [top] + cat.children(top):
                sections.append(("axe", axe.url, axe))
                sections.extend(("fiche", f.url, f) for f in cat.fiches_of_axis(axe))
    return sections


def document_html(cat: Catalogue, ed: Edition, contents: dict[str, str], today: dt.date, site_url: str,
                  pages: dict[str, int] | None = None) -> str:
    """The print document of one edition, as one HTML string. With ``pages``
    (anchor → page number counted from the end of the front matter), only the
    cover and a Sommaire with those numbers: the front of an assembled edition."""
    sections = _sections(cat, ed.plans)
    in_pdf = {url for _, url, _ in sections}
    parts = []
    for kind, url, entry in sections:
        body = "" if pages is not None else print_fragment(contents.get(url, ""), url, in_pdf, site_url)
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
    if pages is not None:
        for part in parts:
            part["page"] = pages[part["anchor"]]
    return templates.render(
        "impression.html", "", edition=ed, parts=parts, edition_date=date_longue(today),
        today=today, css=CSS.read_text(encoding="utf-8"), cat=cat, front=pages is not None,
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


def _render(args) -> tuple[str, float, int, dict[str, int]]:
    """In a worker process: HTML → PDF file, without page numbers; returns
    (path, seconds, pages, page index of each section's anchor)."""
    html_text, out_path = args
    from weasyprint import HTML

    _cache_page_references()
    start = time.perf_counter()
    doc = HTML(string=html_text, base_url=str(Path(out_path).parent)).render(pdf_tags=True)
    doc.write_pdf(out_path, pdf_tags=True)
    starts = {}
    for i, page in enumerate(doc.pages):
        for name in page.anchors:
            if name.startswith("p-") and "--" not in name:
                starts.setdefault(name, i)
    return out_path, time.perf_counter() - start, len(doc.pages), starts


STAMP_CHUNK = 60  # pages per document of page numbers: WeasyPrint's time per page grows with the document


def _stamps(args) -> str:
    """In a worker process: one document of page numbers."""
    labels, path = args
    assemblage.render_stamps(labels, path, CSS.read_text(encoding="utf-8"))
    return path


def _numbered(pdf_path: str, stamp_paths: list[str], out_path: str) -> int:
    """``pdf_path`` with the page numbers of ``stamp_paths`` drawn on, saved to ``out_path``."""
    import pikepdf

    stamps = [pikepdf.open(p) for p in stamp_paths]
    try:
        with pikepdf.open(pdf_path) as pdf:
            assemblage.stamp(pdf, assemblage.footer_labels(len(pdf.pages)), stamps)
            assemblage.save(pdf, out_path)
            return len(pdf.pages)
    finally:
        for doc in stamps:
            doc.close()


def _number_plan(args) -> tuple[str, float, int]:
    """In a worker process: a plan's rendering with its page numbers."""
    raw, pages, out_path = args
    start = time.perf_counter()
    labels = assemblage.footer_labels(pages)
    paths = [_stamps((labels[i:i + STAMP_CHUNK], f"{raw}.pied{i}.pdf")) for i in range(0, pages, STAMP_CHUNK)]
    count = _numbered(raw, paths, out_path)
    return out_path, time.perf_counter() - start, count


_PAGE = re.compile("⟦(\\d+)⟧")


def _front(args) -> tuple[float, int]:
    """In a worker process: the full edition's cover and Sommaire, its numbers
    counted from ``after`` (its own page count); written to ``path`` if given."""
    front_html, after, path = args
    from weasyprint import HTML

    _cache_page_references()
    start = time.perf_counter()
    doc = HTML(string=_PAGE.sub(lambda m: str(int(m.group(1)) + after), front_html)).render(pdf_tags=True)
    if path:
        doc.write_pdf(path, pdf_tags=True)
    return time.perf_counter() - start, len(doc.pages)


def _assemble(args) -> tuple[float, int]:
    """In a worker process: the full edition's front and the plans' pages, without page numbers."""
    front_path, parts, body_path, url_anchors, base = args
    start = time.perf_counter()
    total = assemblage.assemble(Path(front_path), parts, Path(body_path), url_anchors, base)
    return time.perf_counter() - start, total


@dataclass(frozen=True)
class Result:
    name: str
    path: Path
    pages: int
    size: int
    seconds: float


def build(cat: Catalogue, contents: dict[str, str], site_dir: Path, today: dt.date, site_url: str = "",
          workers: int | None = None) -> list[Result]:
    """Each plan is laid out once (in parallel, largest first); its PDF gets
    its page numbers; the full edition is its own front and the plans' pages."""
    out_dir = Path(site_dir) / PDF_DIR
    out_dir.mkdir(parents=True, exist_ok=True)
    eds = editions(cat)
    full, plans = eds[0], eds[1:]
    jobs = {ed.name: document_html(cat, ed, contents, today, site_url) for ed in plans}
    workers = workers or min(2, os.cpu_count() or 1)
    seconds: dict[str, float] = {}
    pages: dict[str, int] = {}
    with tempfile.TemporaryDirectory(prefix="pdf-") as tmp, ProcessPoolExecutor(max_workers=workers) as pool:
        raw = {name: os.path.join(tmp, f"{name}.pdf") for name in jobs}
        rendering = {pool.submit(_render, (jobs[n], raw[n])): n for n in sorted(jobs, key=lambda n: -len(jobs[n]))}
        # The full edition's front, with numbers of three digits, only to count its pages meanwhile.
        rel = {anchor(url): 100 for _, url, _ in _sections(cat, full.plans)}
        measure = pool.submit(_front, (document_html(cat, full, contents, today, site_url, pages=rel), 0, None))
        rendered, numbering = {}, []
        for future in as_completed(rendering):
            name = rendering[future]
            rendered[name] = future.result()
            numbering.append(pool.submit(_number_plan, (raw[name], rendered[name][2], str(out_dir / f"{name}.pdf"))))
        # The full edition: its Sommaire's numbers from where each anchor lies in its plan.
        rel, parts, offset = {}, [], 0
        for ed in plans:
            _, _, count, starts = rendered[ed.name]
            first = starts[anchor(cat.plans[ed.plans[0]].url)]
            rel.update({name: offset + index - first + 1 for name, index in starts.items()})
            parts.append(assemblage.Part(Path(raw[ed.name]), first))
            offset += count - first
        front_html = document_html(cat, full, contents, today, site_url, pages=rel)
        front_path, body = os.path.join(tmp, "debut.pdf"), os.path.join(tmp, "corps.pdf")
        front_pages = measure.result()[1]
        for _ in range(4):
            front_secs, got = pool.submit(_front, (front_html, front_pages, front_path)).result()
            if got == front_pages:
                break
            front_pages = got  # the numbers changed the Sommaire's length: once more with the right count
        else:
            raise RuntimeError("Sommaire de l'édition complète : nombre de pages instable")
        total = front_pages + offset
        labels = assemblage.footer_labels(total)
        stamping = [pool.submit(_stamps, (labels[i:i + STAMP_CHUNK], os.path.join(tmp, f"pied{i}.pdf")))
                    for i in range(0, total, STAMP_CHUNK)]
        in_full = {url: anchor(url) for _, url, _ in _sections(cat, full.plans)}
        url_anchors = {(site_url.rstrip("/") + "/" + url) if site_url else url: a for url, a in in_full.items()}
        assembling = pool.submit(_assemble, (front_path, parts, body, url_anchors, Path(tmp).as_uri() + "/"))
        for future in numbering:
            path, secs, count = future.result()
            seconds[Path(path).stem] = secs + rendered[Path(path).stem][1]
            pages[Path(path).stem] = count
        assembly_secs, _ = assembling.result()
        started = time.perf_counter()
        pages[full.name] = _numbered(body, [f.result() for f in stamping], str(out_dir / f"{full.name}.pdf"))
        seconds[full.name] = front_secs + assembly_secs + time.perf_counter() - started
    return [Result(ed.name, out_dir / f"{ed.name}.pdf", pages[ed.name], (out_dir / f"{ed.name}.pdf").stat().st_size,
                   seconds[ed.name]) for ed in eds]


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
