"""Command line: check the whole content tree and print every error in French.

    python -m macros.valider [--racine DOSSIER] [--plan ID]

Exit 0 when the content is valid, 1 otherwise; never a traceback.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .validation import validate_tree
from . import messages


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m macros.valider", description="Vérifie le contenu du site.")
    parser.add_argument("--racine", default=str(Path(__file__).resolve().parent.parent), help="dossier du projet")
    parser.add_argument("--plan", help="n'afficher que les erreurs des fichiers de ce plan")
    parser.add_argument("--format", choices=["texte", "github", "gitlab"], default="texte",
                        help="github : annotations de GitHub Actions ; gitlab : rapport Code Quality (JSON)")
    parser.add_argument("--sortie", help="fichier du rapport (format gitlab)")
    args = parser.parse_args(argv)
    try:
        catalogue, problems = validate_tree(args.racine)
    except Exception as exc:  # a bug of ours must still not print a traceback to contributors
        print(f"Erreur interne du validateur : {exc!r}", file=sys.stderr)
        return 2
    if args.plan:
        problems = [p for p in problems if args.plan in p.file]
    if args.format == "github":
        for p in problems:
            where = f"file={p.file},line={p.line}" if p.line else f"file={p.file}"
            text = str(p).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
            print(f"::error {where},title=Contenu invalide::{text}")
    elif args.format == "gitlab":
        import hashlib
        import json

        report = [{
            "description": str(p), "check_name": "contenu", "severity": "major",
            "fingerprint": hashlib.sha1(str(p).encode()).hexdigest(),
            "location": {"path": p.file, "lines": {"begin": p.line or 1}},
        } for p in problems]
        Path(args.sortie or "rapport-contenu.json").write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
    for p in problems:
        print(p)
    if problems:
        print(messages.summary(len(problems)))
        return 1
    print(
        f"Contenu valide : {len(catalogue.plans)} plan(s), {len(catalogue.axes)} axe(s), "
        f"{len(catalogue.fiches)} fiche(s), {len(catalogue.acteurs)} acteur(s)."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
