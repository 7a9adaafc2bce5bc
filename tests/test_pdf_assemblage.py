"""The full edition assembled from the plans' renderings, and page numbers
stamped on: small documents rendered by WeasyPrint, read back with pikepdf and pypdf."""
from __future__ import annotations

import re

import pikepdf
import pytest
from pypdf import PdfReader

from macros import pdf as P
from macros import pdf_assemblage as A
from structure_pdf import footer_artifacts, structure_problems

SITE = "https://exemple.fr"


def part_html(key: str, other: str, fiches: int) -> str:
    """A plan's print document: cover, Sommaire, plan page, fiches (each on its
    own page), a link inside the plan and one to the other plan's page by its address."""
    items = "".join(f'<li><a href="#p-{key}-f{i}">Fiche {key} {i}</a></li>' for i in range(fiches))
    sections = "".join(
        f'<section id="p-{key}-f{i}" class="pdf-fiche" data-plan="Plan {key}" data-axe="">'
        f'<h1>Fiche {key} {i}</h1><p id="p-{key}-f{i}--texte">Texte de la fiche {key} {i}. '
        f'<a href="#p-{key}">Retour au plan</a> <a href="{SITE}/{other}/">Voir le plan {other}</a></p></section>'
        for i in range(fiches))
    return (f'<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>Plan {key}</title>'
            f'<style>{P.CSS.read_text(encoding="utf-8")}</style></head><body>'
            f'<section class="couverture"><h1>Plan {key}</h1></section>'
            f'<nav class="sommaire"><h1>Sommaire</h1><ol><li><a href="#p-{key}">Plan {key}</a></li>{items}</ol></nav>'
            f'<section id="p-{key}" class="pdf-plan" data-plan="Plan {key}" data-axe=""><h1>Plan {key}</h1><p>Présentation.</p></section>'
            f'{sections}</body></html>')


def front_html(entries: list[str]) -> str:
    items = "".join(f'<li><a href="#{a}" data-page="⟦{n}⟧">{a}</a><span id="{a}"></span></li>' for a, n in entries)
    return (f'<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>Édition complète</title>'
            f'<meta name="author" content="Région"><style>{P.CSS.read_text(encoding="utf-8")}</style></head><body>'
            f'<section class="couverture"><h1>Édition complète</h1></section>'
            f'<nav class="sommaire sommaire-assemble"><h1>Sommaire</h1><ol>{items}</ol></nav></body></html>')


@pytest.fixture(scope="module")
def assembled(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("assemblage")
    rendered = {}
    for key, other, fiches in (("a", "b", 3), ("b", "a", 2)):
        rendered[key] = P._render((part_html(key, other, fiches), str(tmp / f"{key}.pdf")))
    parts, rel, offset = [], [], 0
    for key in ("a", "b"):
        _, _, count, starts = rendered[key]
        first = starts[f"p-{key}"]
        rel += [(name, offset + index - first + 1) for name, index in sorted(starts.items(), key=lambda x: x[1])]
        parts.append(A.Part(tmp / f"{key}.pdf", first))
        offset += count - first
    html = front_html(rel)
    _, front_pages = P._front((html, 0, None))
    _, got = P._front((html, front_pages, str(tmp / "debut.pdf")))
    assert got == front_pages
    total = A.assemble(tmp / "debut.pdf", parts, tmp / "corps.pdf", {f"{SITE}/a/": "p-a", f"{SITE}/b/": "p-b"})
    labels = A.footer_labels(total)
    A.render_stamps(labels, tmp / "pieds.pdf", P.CSS.read_text(encoding="utf-8"))
    out = tmp / "complet.pdf"
    P._numbered(str(tmp / "corps.pdf"), [str(tmp / "pieds.pdf")], str(out))
    for key in ("a",):
        P._number_plan((str(tmp / f"{key}.pdf"), rendered[key][2], str(tmp / f"{key}-final.pdf")))
    return dict(path=out, total=total, front=front_pages, rendered=rendered, tmp=tmp)


def texts(path):
    reader = PdfReader(str(path))
    return reader, [" ".join((p.extract_text() or "").split()) for p in reader.pages]


def test_footer_labels():
    assert A.footer_labels(3) == ["", "page 2 / 3", "page 3 / 3"]
    assert 'data-pied="page 2 / 3"' in A.stamp_html(A.footer_labels(3), "")


def test_assembled_edition_has_every_page_once_in_order_with_its_number(assembled):
    reader, pages = texts(assembled["path"])
    # Front (cover and Sommaire), then plan a (plan page + 3 fiches), then plan b (plan page + 2 fiches).
    assert assembled["total"] == len(pages) == assembled["front"] + 4 + 3
    body = pages[assembled["front"]:]
    expected = ["Présentation", "Fiche a 0", "Fiche a 1", "Fiche a 2", "Présentation", "Fiche b 0", "Fiche b 1"]
    assert [e in t for e, t in zip(expected, body)] == [True] * 7
    assert "Plan a" in body[0] and "Plan b" in body[4]
    assert "page" not in pages[0]
    for i, text in enumerate(pages[1:], start=2):
        assert f"page {i} / {len(pages)}" in text
    with pikepdf.open(assembled["path"]) as pdf:
        assert [footer_artifacts(p) for p in pdf.pages] == [0] + [1] * (len(pages) - 1)


def test_assembled_edition_keeps_a_consistent_tag_tree(assembled):
    with pikepdf.open(assembled["path"]) as pdf:
        assert structure_problems(pdf) == []
        assert str(pdf.Root.Lang) == "fr" and pdf.Root.MarkInfo.Marked
        assert len(pdf.Root.StructTreeRoot.K) == 1 and pdf.Root.StructTreeRoot.K[0].S == "/Document"
    with pikepdf.open(assembled["tmp"] / "a-final.pdf") as pdf:
        assert structure_problems(pdf) == []


def test_sommaire_links_and_outline_lead_to_the_right_pages(assembled):
    reader, pages = texts(assembled["path"])
    named = {k: reader.get_destination_page_number(v) for k, v in reader.named_destinations.items()}
    for key, fiches in (("a", 3), ("b", 2)):
        for i in range(fiches):
            assert f"Fiche {key} {i}" in pages[named[f"p-{key}-f{i}"]]
    # The Sommaire's numbers are those pages, and its links go there.
    sommaire = re.findall(r"(p-[a-z0-9-]+?)\s*\.{3,}\s*(\d+)", " ".join(pages[1:assembled["front"]]))
    assert len(sommaire) == 2 + 3 + 2 and all(int(n) == named[a] + 1 for a, n in sommaire), sommaire
    links = [a.get_object() for p in reader.pages[1:assembled["front"]] for a in p.get("/Annots") or []]
    assert links and all(str(a["/Dest"]) in named for a in links)
    # Outline: plan a and plan b, each with its fiches.
    top = [(o.title, reader.get_destination_page_number(o)) for o in reader.outline if not isinstance(o, list)]
    assert [t for t, _ in top] == ["Plan a", "Plan b"]
    assert [p for _, p in top] == [named["p-a"], named["p-b"]]


def test_links_to_the_other_plans_address_become_internal(assembled):
    reader, _ = texts(assembled["path"])
    dests, uris = [], []
    for page in reader.pages[assembled["front"]:]:
        for annot in page.get("/Annots") or []:
            a = annot.get_object()
            (dests.append(str(a["/Dest"])) if "/Dest" in a else uris.append(a["/A"]["/URI"]))
    assert uris == []
    # In plan a's 3 fiches: back to a, on to b; in plan b's 2 fiches: back to b, on to a.
    assert dests.count("p-a") == 3 + 2 and dests.count("p-b") == 3 + 2
    # In plan a's own PDF the link to plan b stays an address.
    reader, pages = texts(assembled["tmp"] / "a-final.pdf")
    uris = [a.get_object()["/A"]["/URI"] for p in reader.pages for a in p.get("/Annots") or [] if "/A" in a.get_object()]
    assert uris == [f"{SITE}/b/"] * 3
    assert f"page {len(pages)} / {len(pages)}" in pages[-1] and "page" not in pages[0]
