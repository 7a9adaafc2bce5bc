"""Checks of a tagged PDF's structure (read with pikepdf), shared by the PDF tests."""
from __future__ import annotations

import pikepdf


def structure_problems(pdf: pikepdf.Pdf) -> list[str]:
    """What is wrong with the tags: every marked content on a page has its
    element in the parent tree and that element lies on that page; every link
    has its element; every element's page is a page of the document; one
    structure root; no page object outside the page tree."""
    problems = []
    root = pdf.Root.StructTreeRoot
    nums = root.ParentTree.Nums
    tree = {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}
    pages = {p.obj.objgen for p in pdf.pages}
    for i, page in enumerate(pdf.pages):
        arr = tree.get(int(page.obj.StructParents))
        for operands, op in pikepdf.parse_content_stream(page):
            if str(op) == "BDC" and isinstance(operands[1], pikepdf.Dictionary) and "/MCID" in operands[1]:
                mcid = int(operands[1].MCID)
                if arr is None or mcid >= len(arr) or arr[mcid].Pg.objgen != page.obj.objgen:
                    problems.append(f"page {i + 1}: contenu marqué {mcid} sans élément sur cette page")
        for annot in page.obj.get("/Annots", []):
            elem = tree.get(int(annot.StructParent)) if "/StructParent" in annot else None
            if elem is None or not any(isinstance(k, pikepdf.Dictionary) and k.get("/Type") == "/OBJR"
                                       and k.Obj.objgen == annot.objgen for k in elem.K):
                problems.append(f"page {i + 1}: lien sans élément de structure")
    roots = 0
    for obj in pdf.objects:
        if not isinstance(obj, pikepdf.Dictionary):
            continue
        kind = obj.get("/Type")
        roots += kind == "/StructTreeRoot"
        if kind == "/StructElem" and ("/P" not in obj or ("/Pg" in obj and obj.Pg.objgen not in pages)):
            problems.append(f"élément {obj.get('/S')} sans parent ou hors des pages")
        if kind == "/Page" and obj.objgen not in pages:
            problems.append("page hors de l'arbre des pages")
    if roots != 1:
        problems.append(f"{roots} racines de structure")
    return problems


def footer_artifacts(page: pikepdf.Page) -> int:
    """How many pagination artifacts are drawn on ``page``."""
    count = 0
    for operands, op in pikepdf.parse_content_stream(page):
        if str(op) == "BDC" and operands[0] == pikepdf.Name.Artifact and isinstance(operands[1], pikepdf.Dictionary) \
                and operands[1].get("/Type") == "/Pagination":
            count += 1
    return count
