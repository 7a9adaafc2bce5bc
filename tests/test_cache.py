"""The cache of parsed YAML (macros/cache.py) and the second process that fills
it (macros/parallele.py): a warm run gives exactly what a cold one gives, an
edited file is parsed again, and no error is ever kept out of the report."""
from __future__ import annotations

import time

import pytest

import macros.parallele as parallele
from conftest import mini_site
from macros.cache import DOSSIER, ParseCache
from macros.loading import PARSER_VERSION
from macros.validation import validate_tree

F = "docs/fiches/essai/fiche-1.md"


def report(root, **kw) -> list[str]:
    return [str(p) for p in validate_tree(root, **kw)[1]]


def fiches(root) -> dict:
    cat, _ = validate_tree(root)
    return {k: (f.data, f.body, f.body_line) for k, f in cat.fiches.items()}


def more_fiches(root, n: int) -> None:
    text = (root / F).read_text(encoding="utf-8")
    for i in range(2, n + 2):
        (root / f"docs/fiches/essai/fiche-{i}.md").write_text(
            text.replace('numero: "1"', f'numero: "{i}"').replace("Première", f"Fiche {i}"), encoding="utf-8")


def test_warm_run_gives_what_a_cold_run_gives(tmp_path):
    root = mini_site(tmp_path)
    cold = fiches(root)
    assert (root / DOSSIER / "entetes.marshal").exists()
    assert fiches(root) == cold
    cache = ParseCache(root / DOSSIER / "entetes.marshal", PARSER_VERSION)
    assert len(cache.stored) == 8  # 5 data files, 3 pages


def test_an_edited_file_is_parsed_again(tmp_path):
    root = mini_site(tmp_path)
    assert report(root) == []
    fiche = root / F
    good = fiche.read_text(encoding="utf-8")
    fiche.write_text(good.replace("statut: en cours", "statut: enc ours"), encoding="utf-8")
    assert len(report(root)) == 1 and "enc ours" in report(root)[0]
    fiche.write_text(good.replace("titre: Première fiche", "titre: Fiche revue"), encoding="utf-8")
    assert report(root) == []
    assert validate_tree(root)[0].fiches["essai/fiche-1"].data.titre == "Fiche revue"


@pytest.mark.parametrize("case", ["yaml-tabulation", "cle-en-double", "valeur-inconnue", "renvoi-inconnu", "date-impossible"])
def test_an_error_is_reported_on_every_run(tmp_path, case):
    root = mini_site(tmp_path, case)
    first = report(root, cache=False)
    assert first
    assert report(root) == first  # cold cache
    assert report(root) == first  # warm cache


def test_lines_of_a_cached_file_are_still_found(tmp_path):
    """An error found by a cross-reference in a file parsed on an earlier run keeps its line."""
    root = mini_site(tmp_path)
    assert report(root) == []
    actors = root / "data/acteurs/acteurs.yml"
    actors.write_text(actors.read_text(encoding="utf-8").replace("operateur-essai", "operateur-autre"), encoding="utf-8")
    problems = validate_tree(root)[1]
    mine = [p for p in problems if p.file == F]
    assert [(p.line, p.field) for p in mine] == [(5, "pilotes › n° 1")]


def test_a_broken_or_foreign_cache_is_ignored(tmp_path):
    root = mini_site(tmp_path, "valeur-inconnue")
    expected = report(root, cache=False)
    path = root / DOSSIER / "entetes.marshal"
    path.parent.mkdir(parents=True)
    for junk in (b"", b"\x00garbage", b"\xff" * 100):
        path.write_bytes(junk)
        assert report(root) == expected
    other = ParseCache(path, "another parser")
    other.put((root / F).read_bytes(), "page", {"titre": "faux"})
    other.save()
    assert report(root) == expected


def test_the_cache_is_keyed_by_bytes_not_by_file_name(tmp_path):
    cache = ParseCache(None, PARSER_VERSION)
    cache.put(b"a: 1", "page", {"a": 1})
    assert cache.get(b"a: 1", "page") == (True, {"a": 1})
    assert cache.get(b"a: 2", "page") == (False, None)
    assert cache.get(b"a: 1", "data") == (False, None)


def test_a_tree_where_the_cache_cannot_be_written_still_validates(tmp_path):
    root = mini_site(tmp_path, "valeur-inconnue")
    (root / ".cache").write_text("not a folder")
    assert report(root) == report(root, cache=False) != []


def test_pages_parsed_ahead_in_another_process_give_the_same_report(tmp_path, monkeypatch):
    root = mini_site(tmp_path, "renvoi-inconnu")
    more_fiches(root, 30)
    (root / "docs/fiches/essai/fiche-7.md").write_text("---\ntitre: [\n---\n", encoding="utf-8")
    expected = report(root, cache=False)
    monkeypatch.setattr(parallele, "MINIMUM", 1)
    started = []
    real = parallele.Ahead.__init__

    def spy(self, paths, cache, share=0.55):
        real(self, paths, cache, share)
        started.append(self.future is not None)

    monkeypatch.setattr(parallele.Ahead, "__init__", spy)
    assert report(root, cache=False) == expected
    assert True in started


def test_a_failing_second_process_changes_nothing(tmp_path, monkeypatch):
    root = mini_site(tmp_path, "renvoi-inconnu")
    more_fiches(root, 10)
    expected = report(root, cache=False)
    monkeypatch.setattr(parallele, "MINIMUM", 1)

    def boom(paths, known):
        raise RuntimeError("second process lost")

    monkeypatch.setattr(parallele, "_parse_pages", boom)
    assert report(root, cache=False) == expected


def hangs(paths, known):
    time.sleep(60)


def test_a_hanging_second_process_is_given_up(tmp_path, monkeypatch):
    root = mini_site(tmp_path, "renvoi-inconnu")
    more_fiches(root, 10)
    expected = report(root, cache=False)
    monkeypatch.setattr(parallele, "MINIMUM", 1)
    monkeypatch.setattr(parallele, "PATIENCE", 0.5)
    monkeypatch.setattr(parallele, "_parse_pages", hangs)
    start = time.perf_counter()
    assert report(root, cache=False) == expected
    assert time.perf_counter() - start < 10
