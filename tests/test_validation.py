"""Each kind of content error gives a French message with file, line and field,
and fails the build; valid content builds."""
from __future__ import annotations

import pytest

from conftest import mini_site, run_build
from macros.validation import validate_tree

F = "docs/fiches/essai/fiche-1.md"

# case folder → (file, line, field or None, words of the message)
CASES = {
    "yaml-guillemet-non-ferme": (F, 2, None, "guillemet ouvert mais jamais fermé"),
    "yaml-tabulation": (F, 7, None, "tabulation interdite : indentez avec des espaces"),
    "champ-manquant": (F, 2, "numero", "champ obligatoire manquant"),
    "champ-inconnu": (F, 5, "statu", "champ inconnu. Vouliez-vous dire « statut » ?"),
    "mauvais-type": (F, 7, "budget › n° 1 › montant", "« beaucoup » : attendu un montant en euros"),
    "valeur-inconnue": (F, 5, "statut", "« enc ours » n'est pas une valeur permise (proposée, à l'étude,"),
    "renvoi-inconnu": (F, 6, "pilotes › n° 2", "acteur « dreets-inconnue » inconnu"),
    "identifiant-en-double": ("data/acteurs/autres.yml", 2, "id", "identifiant « region-essai » en double (déjà défini dans data/acteurs/acteurs.yml)"),
    "axe-sans-page": (F, 4, "axe", "l'axe « axe-9 » n'a pas de page (docs/axes/essai/axe-9.md introuvable)"),
    "cle-en-double": (F, 4, "titre", "champ présent deux fois (déjà défini ligne 2)"),
    "date-impossible": (F, 6, "mise_a_jour", "date invalide « 2026-02-30 »"),
    "montant-negatif": (F, 7, "budget › n° 1 › montant", "« -5000 » : attendu un nombre positif ou nul"),
}


def test_base_mini_site_is_valid(tmp_path):
    cat, problems = validate_tree(mini_site(tmp_path))
    assert problems == []
    assert set(cat.fiches) == {"essai/fiche-1"}


@pytest.mark.parametrize("case", sorted(CASES))
def test_error_message(tmp_path, case):
    file, line, field, words = CASES[case]
    _, problems = validate_tree(mini_site(tmp_path, case))
    assert problems, "aucune erreur signalée"
    first = problems[0]
    assert (first.file, first.line, first.field) == (file, line, field), str(first)
    assert words in first.message, str(first)
    rendered = str(first)
    expected_start = f"{file}, ligne {line}" + (f", champ « {field} »" if field else "") + " : "
    assert rendered.startswith(expected_start)


def test_impossible_calendar_date_is_reported_too(tmp_path):
    root = mini_site(tmp_path, "date-impossible")
    fiche = root / F
    fiche.write_text(fiche.read_text(encoding="utf-8").replace("mise_a_jour: 2026-02-30\n", ""), encoding="utf-8")
    _, problems = validate_tree(root)
    assert [str(p) for p in problems] == [
        f"{F}, ligne 7, champ « calendrier › n° 1 › quand » : date impossible « 31 février 2026 » (le 31 février 2026 n'existe pas)."
    ]


@pytest.mark.parametrize("case", ["yaml-tabulation", "champ-inconnu", "valeur-inconnue", "renvoi-inconnu", "identifiant-en-double"])
def test_invalid_content_fails_the_build_with_the_message(tmp_path, case):
    root = mini_site(tmp_path, case)
    result = run_build(root / "mkdocs.yml", tmp_path / "out")
    assert result.returncode != 0
    output = result.stdout + result.stderr
    file, line, field, words = CASES[case]
    assert f"{file}, ligne {line}" in output and words in output
    assert "Traceback" not in output
    assert not (tmp_path / "out" / "index.html").exists()


def test_every_error_is_reported_at_once(tmp_path):
    root = mini_site(tmp_path, "renvoi-inconnu")
    (root / "docs/axes/essai/axe-1.md").write_text("---\ntitre: Axe\nnumero: 1\nstatut: x\n---\n", encoding="utf-8")
    _, problems = validate_tree(root)
    files = {p.file for p in problems}
    assert {"docs/axes/essai/axe-1.md", F} <= files


def test_valid_mini_site_builds_and_keeps_braces_as_text(tmp_path):
    root = mini_site(tmp_path)
    result = run_build(root / "mkdocs.yml", tmp_path / "out")
    assert result.returncode == 0, result.stdout + result.stderr
    html = (tmp_path / "out/fiches/essai/fiche-1/index.html").read_text(encoding="utf-8")
    assert "{{ accolades }}" in html and "{% bloc %}" in html
    assert "1 452 000" in html.replace("\u202f", " ").replace("\u00a0", " ")


def test_level_one_heading_in_body_is_reported(tmp_path):
    root = mini_site(tmp_path)
    fiche = root / F
    fiche.write_text(fiche.read_text(encoding="utf-8") + "\n#Avenir des jeunes\n", encoding="utf-8")
    _, problems = validate_tree(root)
    assert len(problems) == 1 and problems[0].file == F
    assert problems[0].line == len(fiche.read_text(encoding="utf-8").split("\n")) - 1
    assert "titre de niveau 1" in problems[0].message
