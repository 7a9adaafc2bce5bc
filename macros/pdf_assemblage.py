"""Page numbers stamped on rendered PDFs, and the full edition assembled from
the plans' renderings (pikepdf), so that every page is laid out only once.

WeasyPrint lays out each plan once, without page numbers. A plan's PDF gets
its *page X / N* stamped on; the full edition is its own cover and *Sommaire*
followed by each plan's pages after that plan's own cover and *Sommaire*,
numbered through. The tagged structure (PDF/UA) is carried over: the
structure elements of the kept pages go under one ``Document`` element, the
parent tree is numbered again, named destinations are merged (internal links
and the *Sommaire* keep working) and the outline becomes plan › axis › fiche
across the plans. Page numbers are drawn as pagination artifacts.
"""
from __future__ import annotations

import html
from dataclasses import dataclass
from pathlib import Path

import pikepdf
from pikepdf import Array, Dictionary, Name, OutlineItem

def page_label(number: int, total: int) -> str:
    return f"page {number} / {total}"


def stamp_html(labels: list[str], css: str) -> str:
    """A document of blank pages whose footers carry ``labels`` (one per page), with
    the editions' print stylesheet ``css`` (same page size, margins and footer style)."""
    divs = "".join(f'<div class="pied" data-pied="{html.escape(label)}"></div>' for label in labels)
    return f'<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><style>{css}</style></head><body>{divs}</body></html>'


def render_stamps(labels: list[str], path, css: str) -> None:
    """Write to ``path`` blank pages whose footers carry ``labels``."""
    from weasyprint import HTML

    HTML(string=stamp_html(labels, css)).write_pdf(path)


def footer_labels(total: int) -> list[str]:
    """*page X / N* on every page but the cover (page 1)."""
    return [page_label(i, total) if i > 1 else "" for i in range(1, total + 1)]


def stamp(pdf: pikepdf.Pdf, labels: list[str], stamps: list[pikepdf.Pdf]) -> None:
    """Draw ``labels[i]`` in the footer of page ``i`` of ``pdf``, taken from the
    pages of ``stamps`` (the documents ``render_stamps`` wrote, in order), as a pagination artifact."""
    sources = [page for doc in stamps for page in doc.pages]
    if len(sources) != len(labels) or len(labels) != len(pdf.pages):
        raise RuntimeError(f"numérotation des pages : {len(sources)} numéros pour {len(pdf.pages)} pages")
    for page, label, source in zip(pdf.pages, labels, sources):
        if not label:
            continue
        form = pdf.copy_foreign(source.as_form_xobject())
        name = page.add_resource(form, Name.XObject, prefix="Pied")
        page.contents_add(pdf.make_stream(b"q"), prepend=True)
        page.contents_add(pdf.make_stream(
            b"Q /Artifact <</Type /Pagination /Subtype /Footer>> BDC q " + str(name).encode() + b" Do Q EMC"))


def save(pdf: pikepdf.Pdf, path) -> None:
    """Compressed, with objects in object streams (tens of thousands of structure elements)."""
    pdf.save(path, object_stream_mode=pikepdf.ObjectStreamMode.generate, compress_streams=True)


@dataclass
class Part:
    """One plan's rendering and the page its content starts on (after its cover and Sommaire)."""
    path: Path
    start: int


def _copy(out: pikepdf.Pdf, obj):
    """``obj`` of another PDF copied into ``out`` (direct arrays and dictionaries member by member)."""
    if isinstance(obj, (pikepdf.Array, pikepdf.Dictionary)) and not obj.is_indirect:
        if isinstance(obj, pikepdf.Array):
            return Array([_copy(out, x) for x in obj])
        return Dictionary({k: _copy(out, v) for k, v in obj.items()})
    if isinstance(obj, pikepdf.Object) and obj.is_indirect:
        return out.copy_foreign(obj)
    return obj


def _struct_root(pdf: pikepdf.Pdf):
    root = pdf.Root.get("/StructTreeRoot")
    if root is None:
        raise RuntimeError("PDF sans structure balisée")
    return root


def _nums(tree) -> dict[int, object]:
    nums = tree.ParentTree.Nums
    return {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}


def _page_of(elem) -> object | None:
    """The page (object generation pair) a top structure element lies on."""
    pg = elem.get("/Pg")
    if pg is not None:
        return pg.objgen
    for kid in elem.get("/K", []):
        if isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/StructElem":
            found = _page_of(kid)
            if found is not None:
                return found
    return None


def _names(pdf: pikepdf.Pdf) -> list[tuple[str, object]]:
    names = pdf.Root.get("/Names")
    if names is None or "/Dests" not in names:
        return []
    out = []
    tree = pikepdf.NameTree(names.Dests)
    for key, value in tree.items():
        out.append((key, value))
    return out


def assemble(front_path: Path, parts: list[Part], out_path: Path, url_anchors: dict[str, str], base: str = "") -> int:
    """The full edition: ``front_path`` (cover and Sommaire) then each part's
    pages from ``part.start``; returns the page count. Links to a page of the
    edition given as a web address (``url_anchors``: address → anchor) become
    internal links."""
    out = pikepdf.open(front_path)
    sroot = _struct_root(out)
    document = sroot.K[0]
    front_nums = _nums(sroot)
    nums: list[tuple[int, object]] = []  # parent tree entries of the pages, by page index
    annots: list[tuple[object, object]] = []  # (annotation, its structure element), numbered after the pages

    for i, page in enumerate(out.pages):
        nums.append((i, front_nums.get(int(page.obj.get("/StructParents", i)), Array())))
        page.obj.StructParents = i
        for annot in page.obj.get("/Annots", []):
            if "/StructParent" in annot:
                annots.append((annot, front_nums.get(int(annot.StructParent))))

    dests = dict(_names(out))  # the front's own (its Sommaire entries point to placeholders, replaced below)
    for part in parts:
        src = pikepdf.open(part.path)
        s_root = _struct_root(src)
        s_nums = _nums(s_root)
        kept = list(src.pages)[part.start:]
        kept_ids = {p.obj.objgen for p in kept}
        offset = len(out.pages) - part.start
        # Structure elements of the kept pages, detached from their document before copying
        # (WeasyPrint also gives the document as parent to elements it does not list under it).
        s_doc = s_root.K[0].objgen
        tops = [e for e in s_root.K[0].K if _page_of(e) in kept_ids]
        for obj in src.objects:
            if isinstance(obj, Dictionary) and "/P" in obj and obj.get("/Type") == "/StructElem" and obj.P.objgen == s_doc:
                del obj["/P"]
        for page in kept:
            out.pages.append(page)
            new = out.pages[-1]
            index = len(out.pages) - 1
            nums.append((index, _copy(out, s_nums.get(int(page.obj.StructParents), Array()))))
            new.obj.StructParents = index
            for annot, s_annot in zip(new.obj.get("/Annots", []), page.obj.get("/Annots", [])):
                if "/StructParent" in s_annot:
                    elem = s_nums.get(int(s_annot.StructParent))
                    annots.append((annot, _copy(out, elem) if elem is not None else None))
        document.K.extend(_copy(out, e) for e in tops)
        for key, value in _names(src):
            if isinstance(value, pikepdf.Array) and value[0].objgen in kept_ids:
                dests[key] = _copy(out, value)
        _copy_outline(out, src, offset)

    for obj in out.objects:
        if isinstance(obj, Dictionary) and obj.get("/Type") == "/StructElem" and "/P" not in obj:
            obj.P = document
    total = len(out.pages)
    flat = Array()
    for key, value in nums:
        flat.extend([key, value])
    for n, (annot, elem) in enumerate(annots):
        annot.StructParent = total + n
        if elem is not None:
            flat.extend([total + n, elem])
    sroot.ParentTree = out.make_indirect(Dictionary(Nums=flat))
    if "/ParentTreeNextKey" in sroot:
        sroot.ParentTreeNextKey = total + len(annots)

    names = Array()
    for key in sorted(dests):
        names.extend([pikepdf.String(key), dests[key]])
    if "/Names" not in out.Root:
        out.Root.Names = Dictionary()
    out.Root.Names.Dests = out.make_indirect(Dictionary(Names=names))
    _internal_links(out, url_anchors, set(dests), base)
    save(out, out_path)
    return total


def _internal_links(pdf: pikepdf.Pdf, url_anchors: dict[str, str], names: set[str], base: str) -> None:
    """Links to another plan's page, written as addresses in that plan's
    rendering, made internal: ``url_anchors`` maps the page's address (relative
    to the site, as resolved against ``base`` when the site has no address) to its anchor."""
    for page in pdf.pages:
        for annot in page.obj.get("/Annots", []):
            action = annot.get("/A")
            if action is None or action.get("/S") != "/URI":
                continue
            url = str(action.URI)
            if base and url.startswith(base):
                url = url[len(base):]
            target = url_anchors.get(url)
            if target is None and "#" in url:
                base, frag = url.split("#", 1)
                if base in url_anchors and f"{url_anchors[base]}--{frag}" in names:
                    target = f"{url_anchors[base]}--{frag}"
            if target is not None and target in names:
                del annot["/A"]
                annot.Dest = pikepdf.String(target)


def _copy_outline(out: pikepdf.Pdf, src: pikepdf.Pdf, offset: int) -> None:
    pages = {p.obj.objgen: i for i, p in enumerate(src.pages)}

    def convert(item: OutlineItem) -> OutlineItem:
        dest = item.destination
        index = pages[dest[0].objgen] + offset
        new = OutlineItem(item.title, index, pikepdf.PageLocation.XYZ, left=float(dest[2]), top=float(dest[3]))
        new.children.extend(convert(c) for c in item.children)
        return new

    with src.open_outline() as so, out.open_outline() as oo:
        oo.root.extend(convert(item) for item in so.root)
