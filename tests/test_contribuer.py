"""Contributing: edit links, the fiche template and the Contribuer page cover
every field of the model, the scaffold command, and the review workflows."""
from __future__ import annotations

import re
from pathlib import Path

import yaml

from conftest import ROOT, mini_site
from macros.model import Fiche
from macros.render.contribuer import fields, template_example


def model_paths() -> set[str]:
    return {f["path"] for f in fields(Fiche)}


def example_paths(example: dict, prefix: str = "") -> set[str]:
    out = set()
    for k, v in example.items():
        out.add(prefix + k)
        children = [i for i in v if isinstance(i, dict)] if isinstance(v, list) else [v]
        for child in children:
            if isinstance(child, dict) and k != "valeurs":
                out |= example_paths(child, prefix + k + " › ")
    return out


def test_template_covers_every_field_and_is_valid():
    example = template_example()
    assert model_paths() <= example_paths(example)
    filled = yaml.safe_load(yaml.safe_dump(example).replace("PILOTE", "region-normandie").replace("PARTENAIRE", "dreets-normandie").replace("AXE", "axe-1").replace("NUMERO", "1"))
    Fiche.model_validate(filled)


def test_contribuer_page_lists_every_field(page):
    html = page("contribuer/")
    listed = {code.get_text() for code in html.soup.select("table th[scope=row] code")}
    assert model_paths() <= listed
    assert "python -m macros.nouvelle_fiche" in html.text


def test_edit_links(page):
    fiche = page("fiches/crpe-2026/fiche-action-1/").soup.select_one("a.md-content__button[href]")
    assert fiche["href"].endswith("edit/main/docs/fiches/crpe-2026/fiche-action-1.md")
    actor = page("acteurs/dreets-normandie/").soup.select_one("a.md-content__button[href]")
    assert actor["href"].endswith("edit/main/data/acteurs/communs.yml")
    assert page("trouver-une-fiche/").soup.select_one("a.md-content__button") is None


def test_scaffold_makes_the_next_valid_fiche(tmp_path):
    from macros.nouvelle_fiche import next_number, scaffold
    from macros.validation import validate_tree

    assert next_number(["Proposition 2-3", "Proposition 2-4"]) == "Proposition 2-5"
    assert next_number(["1.A"]) == "2.A"
    assert next_number([]) == "1"
    root = mini_site(tmp_path)
    path = scaffold(root, "essai", "axe-1", titre="Nouvelle action")
    cat, problems = validate_tree(root)
    assert problems == []
    new = cat.fiches[f"essai/{path.stem}"]
    assert (new.data.numero, new.data.titre, new.data.statut) == ("2", "Nouvelle action", "proposée")


def readme_commands() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"^## Quick start.*?```bash\n(.*?)```", text, re.S | re.M).group(1)
    return [l.strip() for l in block.splitlines() if l.strip() and not l.strip().startswith("#")]


def test_workflows_run_exactly_the_readme_commands():
    commands = readme_commands()
    assert commands == ["bash outils/construire.sh", "bash outils/tester.sh"]
    github = yaml.safe_load((ROOT / ".github/workflows/site.yml").read_text(encoding="utf-8"))
    steps = [s.get("run", "").strip() for s in github["jobs"]["verifier-et-construire"]["steps"]]
    assert [s for s in steps if s.startswith("bash ")] == commands
    gitlab = yaml.safe_load((ROOT / ".gitlab-ci.yml").read_text(encoding="utf-8"))
    assert gitlab["site"]["script"] == commands
    ci = (ROOT / ".ci/run").read_text(encoding="utf-8")
    assert commands[1] in ci


def test_validator_annotations(tmp_path, capsys):
    from macros.valider import main

    root = mini_site(tmp_path, "valeur-inconnue")
    assert main(["--racine", str(root), "--format", "github"]) == 1
    out = capsys.readouterr().out
    assert "::error file=docs/fiches/essai/fiche-1.md,line=5,title=Contenu invalide::" in out
    report = tmp_path / "rapport.json"
    assert main(["--racine", str(root), "--format", "gitlab", "--sortie", str(report)]) == 1
    import json

    data = json.loads(report.read_text(encoding="utf-8"))
    assert data[0]["location"] == {"path": "docs/fiches/essai/fiche-1.md", "lines": {"begin": 5}}
