"""The PDF edition, read back with pypdf: complete, with a right Sommaire,
an outline plan › axis › fiche, French metadata, and no site chrome."""
from __future__ import annotations

import re
from functools import lru_cache

import pytest
from pypdf import PdfReader

from macros.pdf import FULL_NAME


def norm(text: str) -> str:
    return " ".join(text.replace("\u202f", " ").replace("\u00a0", " ").replace("’", "'").split())


@lru_cache(maxsize=8)
def read(path: str):
    reader = PdfReader(path)
    pages = [norm(p.extract_text() or "") for p in reader.pages]
    return reader, pages


def editions(catalogue):
    return [(FULL_NAME, [p.id for p in catalogue.plans_ordered()])] + [(p, [p]) for p in catalogue.plans]


def outline(reader):
    out = []

    def walk(items, depth):
        for item in items:
            if isinstance(item, list):
                walk(item, depth + 1)
            else:
                out.append((depth, norm(item.title), reader.get_destination_page_number(item) + 1))

    walk(reader.outline, 1)
    return out


def sommaire_pages(pages):
    end = next(i for i, t in enumerate(pages) if i > 1 and not re.search(r"\.{4,}", t))
    return pages[1:end], end


@pytest.mark.parametrize("name", ["plans-emploi-formation", "crpe-2026", "pra-normandie-2019", "srefop-pdl-2023-2028", "gt-ecte-normandie", "pacte-normand-2019-2023"])
def test_pdf_is_complete_and_well_formed(site, catalogue, name):
    path = site / "pdf" / f"{name}.pdf"
    assert path.exists()
    reader, pages = read(str(path))
    plan_ids = [p.id for p in catalogue.plans_ordered()] if name == FULL_NAME else [name]
    fiches = [f for pid in plan_ids for f in catalogue.fiches_of_plan(pid)]
    axes = [a for pid in plan_ids for a in catalogue.axes_of(pid)]

    # Page count in a plausible range: cover + sommaire + at least one page per fiche and axis.
    assert len(fiches) + len(axes) + 2 <= len(reader.pages) <= 8 * (len(fiches) + len(axes)) + 20

    # Cover in French.
    assert "Édition du 23 novembre 2026" in pages[0]
    assert "None" not in pages[0] and "Table of contents" not in " ".join(pages[:3])
    toc, body_start = sommaire_pages(pages)
    assert toc[0].startswith("Sommaire")

    # Every fiche title in the body (not only in the Sommaire), each on a page of its own start.
    marks = outline(reader)
    depth_of = {}
    for f in fiches:
        title = norm(f.data.titre)
        hits = [i for i, t in enumerate(pages) if i >= body_start and title[:60] in t]
        assert hits, f"{name}: « {title[:60]} » absent du corps"
    # Outline: plan › axis › fiche, one entry each.
    assert len(marks) == len(plan_ids) + len(axes) + len(fiches)
    assert [d for d, _, _ in marks if d == 1] == [1] * len(plan_ids)
    assert max(d for d, _, _ in marks) <= 4

    # Sommaire numbers are the pages where the titles really are.
    numbers = [int(n) for n in re.findall(r"\.{4,}\s*(\d+)", " ".join(toc))]
    assert numbers == [p for _, _, p in marks]
    for depth, title, page_no in marks:
        assert title[:40] in pages[page_no - 1], (title, page_no)

    # Running headers and page numbers.
    assert re.search(rf"page {len(reader.pages)} / {len(reader.pages)}", pages[-1])
    # Metadata and language.
    meta = reader.metadata
    assert meta.title and meta.author and meta.subject and "None" not in meta.author
    assert reader.trailer["/Root"]["/Lang"] == "fr"
    assert reader.trailer["/Root"]["/MarkInfo"]["/Marked"]
    # No site chrome.
    whole = " ".join(pages)
    for chrome in ("Rechercher", "Trouver une fiche", "Effacer les filtres", "Modifier cette page", "Précédente"):
        assert chrome not in whole


@pytest.mark.parametrize("name", ["plans-emploi-formation", "crpe-2026", "srefop-pdl-2023-2028"])
def test_internal_links_point_inside_the_pdf(site, name):
    reader, _ = read(str(site / "pdf" / f"{name}.pdf"))
    named = reader.named_destinations
    internal = external = 0
    broken = []
    for page in reader.pages:
        for annot in page.get("/Annots") or []:
            a = annot.get_object()
            action = a.get("/A")
            dest = a.get("/Dest") if a.get("/Dest") is not None else (action.get("/D") if action and action.get("/S") == "/GoTo" else None)
            if dest is not None:
                internal += 1
                if isinstance(dest, str) and dest not in named:
                    broken.append(dest)
            elif action and action.get("/S") == "/URI":
                external += 1
    assert internal > 50 and broken == []
    assert external < internal


@pytest.mark.parametrize("name", [FULL_NAME, "pra-normandie-2019"])
def test_tags_are_consistent_and_page_numbers_are_artifacts(site, name):
    """The full edition is assembled from the plans' renderings: its tag tree
    must still hold together; the stamped page numbers are pagination artifacts."""
    import pikepdf

    from structure_pdf import footer_artifacts, structure_problems

    with pikepdf.open(site / "pdf" / f"{name}.pdf") as pdf:
        assert structure_problems(pdf) == []
        assert [footer_artifacts(p) for p in pdf.pages] == [0] + [1] * (len(pdf.pages) - 1)


def test_download_links_give_size_and_pages(site, page):
    home = page("")
    infos = [s.get_text() for s in home.soup.select(".pdf-info")]
    assert len(infos) == 6 and all(re.fullmatch(r"\(PDF, [\d ,]+ (Ko|Mo), \d+ pages\)", norm(i)) for i in infos), infos
    plan = page("plans/crpe-2026/")
    link = plan.soup.select_one(".telechargement a")
    assert link.get_text() == "Télécharger en PDF" and link["href"].endswith("pdf/crpe-2026.pdf")
    reader, _ = read(str(site / "pdf" / "crpe-2026.pdf"))
    assert f"{len(reader.pages)} pages" in plan.soup.select_one(".telechargement .pdf-info").get_text()


def test_charts_and_timelines_are_in_the_pdf(site):
    _, pages = read(str(site / "pdf" / "gt-ecte-normandie.pdf"))
    whole = " ".join(pages)
    assert "Fiches actions par catégorie SGPE" in whole
    assert "Données du graphique" in whole
    _, pages = read(str(site / "pdf" / "crpe-2026.pdf"))
    assert "T2-T3 2026 mobilisation" in " ".join(pages)


def test_page_references_are_cached_and_follow_new_pages():
    """pydyf rebuilt the list of every page for each tag and anchor (writes grew with
    pages × elements); the cached list must still be exact when pages are added."""
    import pydyf

    from macros.pdf import _cache_page_references

    _cache_page_references()
    doc = pydyf.PDF()
    for _ in range(3):
        doc.add_page(pydyf.Dictionary({"Type": "/Page"}))
    first = doc.page_references
    assert doc.page_references is first  # not rebuilt
    assert first == tuple(f"{n} 0 R".encode() for n in doc.pages["Kids"][::3])
    doc.add_page(pydyf.Dictionary({"Type": "/Page"}))
    assert len(doc.page_references) == 4 and doc.page_references[:3] == first
