"""Command line: scaffold a new, valid fiche for a plan and axis.

    python -m macros.nouvelle_fiche PLAN AXE [--titre "…"] [--pilote ACTEUR]

The file is made from ``modeles/fiche.md`` with the next free number of the
axis, then checked against the content model; the path is printed.
"""
from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

import yaml

from .validation import validate_tree

ROOT = Path(__file__).resolve().parent.parent


def next_number(numbers: list[str]) -> str:
    """« Proposition 2-3 » → « Proposition 2-4 »; nothing yet → « 1 »."""
    for last in reversed(numbers):
        m = re.search(r"(\d+)(?!.*\d)", last)
        if m:
            return last[: m.start()] + str(int(m.group(1)) + 1) + last[m.end():]
    return "1"


def scaffold(root: Path, plan: str, axe: str, titre: str | None = None, pilote: str | None = None) -> Path:
    cat, problems = validate_tree(root)
    key = f"{plan}/{axe}"
    if plan not in cat.plans:
        raise SystemExit(f"Plan « {plan} » inconnu ; plans : {', '.join(sorted(cat.plans))}.")
    if key not in cat.axes:
        raise SystemExit(f"Axe « {axe} » inconnu dans {plan} ; axes : {', '.join(a.id for a in cat.axes_of(plan))}.")
    siblings = cat.fiches_of_axis(cat.axes[key])
    numero = next_number([f.data.numero for f in siblings])
    slug = re.sub(r"[^a-z0-9]+", "-", numero.lower()).strip("-") or "fiche"
    folder = root / "docs" / "fiches" / plan
    ident, n = f"{axe}-{slug}", 2
    while (folder / f"{ident}.md").exists():
        ident, n = f"{axe}-{slug}-{n}", n + 1
    text = (ROOT / "modeles" / "fiche.md").read_text(encoding="utf-8")
    head, body = text.split("\n---\n", 1)
    data = yaml.safe_load(head.removeprefix("---\n"))
    pilot = pilote or (cat.axes[key].data.pilotes[0] if cat.axes[key].data.pilotes else None)
    keep = {
        "titre": titre or "Intitulé de la nouvelle fiche",
        "numero": numero,
        "ordre": (siblings[-1].data.ordre or len(siblings)) + 1 if siblings else 1,
        "axe": axe,
        "statut": "proposée",
    }
    if pilot:
        keep["pilotes"] = [pilot]
    lines = ["---", "# Fiche créée par « python -m macros.nouvelle_fiche » : complétez-la à partir du document."]
    lines += [f"{k}: {yaml.safe_dump(v, allow_unicode=True, default_flow_style=True).strip().removesuffix('...').strip()}" for k, v in keep.items()]
    lines += ["---", "", body.strip(), ""]
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{ident}.md"
    path.write_text("\n".join(lines), encoding="utf-8")
    _, after = validate_tree(root)
    mine = [p for p in after if p.file.endswith(f"{ident}.md")]
    if mine:
        path.unlink()
        raise SystemExit("La fiche créée ne serait pas valide :\n" + "\n".join(map(str, mine)))
    assert data  # the template itself parses
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m macros.nouvelle_fiche", description="Crée une nouvelle fiche valide.")
    parser.add_argument("plan")
    parser.add_argument("axe")
    parser.add_argument("--titre")
    parser.add_argument("--pilote")
    parser.add_argument("--racine", default=str(ROOT))
    args = parser.parse_args(argv)
    path = scaffold(Path(args.racine), args.plan, args.axe, args.titre, args.pilote)
    print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
