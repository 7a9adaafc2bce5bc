"""The cache of parsed YAML (macros/cache.py) and the second process that fills
it (macros/parallele.py): a warm run gives exactly what a cold one gives, an
edited file is parsed again, and no error is ever kept out of the report."""
from __future__ import annotations

import time

import pytest

import macros.parallele as parallele
from conftest import ROOT, mini_site
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


def test_warm_run_gives_what_a_cold_run_gives(tmp_path, monkeypatch):
    import macros.cache as cache_module
    import macros.validation as validation

    root = mini_site(tmp_path)
    cold = fiches(root)
    cache_module.finish_saves()  # written in a thread
    assert (root / DOSSIER / "entetes.marshal").exists()
    assert fiches(root) == cold  # from what this process checked already
    validation._MEMO.clear()
    assert fiches(root) == cold  # from the cache, as another process
    monkeypatch.setattr(cache_module, "RACY", 0)
    validation._MEMO.clear()
    fiches(root)
    validation._MEMO.clear()
    assert fiches(root) == cold  # from the cache, the pages not even read
    cache = ParseCache(root / DOSSIER / "entetes.marshal", PARSER_VERSION)
    assert len(cache.stored) == 8  # 5 data files, 3 pages


def test_the_validation_does_not_wait_for_its_cache_and_a_reader_does(tmp_path, monkeypatch):
    """The cache of the next run is written while the build goes on; whoever opens the
    same cache file in this process waits for it, and the process waits before it exits."""
    import subprocess
    import sys
    import time

    import macros.cache as cache_module

    root = mini_site(tmp_path)
    save = ParseCache.save

    def slow_save(self):
        time.sleep(0.5)
        save(self)

    monkeypatch.setattr(ParseCache, "save", slow_save)
    path = root / DOSSIER / "entetes.marshal"
    start = time.perf_counter()
    report(root)
    assert time.perf_counter() - start < 0.5 and not path.exists()  # returned before the cache was written
    assert len(ParseCache(path, PARSER_VERSION).stored) == 8  # waited for it
    path.unlink()
    code = ("import sys, time; sys.path.insert(0, sys.argv[2]); from macros.cache import ParseCache\n"
            "from macros.validation import validate_tree\n"
            "save = ParseCache.save\n"
            "ParseCache.save = lambda self: (time.sleep(0.5), save(self))\n"
            "validate_tree(sys.argv[1])")
    subprocess.run([sys.executable, "-c", code, str(root), str(ROOT)], check=True)
    assert path.exists()  # the process finished writing it before exiting


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


def test_a_saved_cache_is_read_back_and_a_truncated_one_ignored(tmp_path):
    path = tmp_path / "entetes.marshal"
    cache = ParseCache(path, PARSER_VERSION)
    values = {f"a: {i}".encode(): {"a": i, "liste": [i, str(i)]} for i in range(1500)}  # several writev calls
    for data, value in values.items():
        cache.put(data, "page", value)
    cache.save_later()()  # saved in a thread, waited for
    again = ParseCache(path, PARSER_VERSION)
    assert all(again.get(data, "page") == (True, value) for data, value in values.items())
    whole = path.read_bytes()
    for cut in (whole[:-1], whole[:20], whole + b"x"):
        path.write_bytes(cut)
        assert ParseCache(path, PARSER_VERSION).get(b"a: 1", "page") == (False, None)


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


def tree_parsed_ahead(tmp_path, monkeypatch):
    """33 pages, one of them with broken YAML, parsed ahead by a second process; and their report without it."""
    root = mini_site(tmp_path, "renvoi-inconnu")
    more_fiches(root, 30)
    (root / "docs/fiches/essai/fiche-7.md").write_text("---\ntitre: [\n---\n", encoding="utf-8")
    expected = report(root, cache=False)
    monkeypatch.setattr(parallele, "MINIMUM", 1)
    return root, expected


@pytest.mark.parametrize("batch", [1, 16])
def test_pages_parsed_ahead_in_another_process_give_the_same_report(tmp_path, monkeypatch, batch):
    root, expected = tree_parsed_ahead(tmp_path, monkeypatch)
    monkeypatch.setattr(parallele, "BATCH", batch)
    started = []
    real = parallele.Ahead.__init__

    def spy(self, *args, **kw):
        real(self, *args, **kw)
        started.append(self.process is not None)

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


# --- Pages not read, or not checked, again ----------------------------------------


class Spy:
    """Counts the pages read (loading.read_bytes) and checked against the model."""

    def __init__(self, monkeypatch):
        import macros.loading as loading
        import macros.validation as validation

        self.read, self.checked = [], []
        real_read, real_check = loading.read_bytes, validation.model_problems

        def read(path, rel):
            self.read.append(rel)
            return real_read(path, rel)

        def check(raw, model, value, prefix=()):
            self.checked.append(raw.file)
            return real_check(raw, model, value, prefix)

        monkeypatch.setattr(loading, "read_bytes", read)
        monkeypatch.setattr(validation, "model_problems", check)

    def pages(self, found: list[str]) -> list[str]:
        names = [f for f in found if f.startswith("docs/")]
        found.clear()
        return names


def test_an_unchanged_page_is_neither_read_nor_checked_again(tmp_path, monkeypatch):
    import macros.cache as cache_module
    import macros.validation as validation

    monkeypatch.setattr(cache_module, "RACY", 0)  # the files were written before the run: trusted at once
    root = mini_site(tmp_path, "renvoi-inconnu")
    spy = Spy(monkeypatch)
    first = report(root)
    assert first and len(spy.pages(spy.read)) == 3 and len(spy.pages(spy.checked)) == 3
    assert report(root) == first  # same process: nothing read, nothing checked again
    assert spy.pages(spy.read) == [] and spy.pages(spy.checked) == []
    validation._MEMO.clear()  # as a new process: taken from the cache without being read, checked again
    assert report(root) == first
    assert spy.pages(spy.read) == [] and len(spy.pages(spy.checked)) == 3
    # An edit of another size: read and checked again, the others still not.
    fiche = root / F
    fiche.write_text(fiche.read_text(encoding="utf-8").replace("statut: en cours", "statut: enc oursss"), encoding="utf-8")
    assert any("enc oursss" in p for p in report(root))
    assert spy.pages(spy.read) == [F] and spy.pages(spy.checked) == [F]


def test_a_page_written_again_within_the_same_tick_is_read_again(tmp_path):
    """Same size, maybe the same modification time: a file modified less than RACY
    seconds before it was read is hashed again on the next run."""
    root = mini_site(tmp_path)
    assert report(root) == []
    fiche = root / F
    good = fiche.read_text(encoding="utf-8")
    for _ in range(3):
        fiche.write_text(good.replace("statut: en cours", "statut: enc ours"), encoding="utf-8")
        assert [p for p in report(root) if "enc ours" in p]
        fiche.write_text(good, encoding="utf-8")
        assert report(root) == []


def test_a_cross_file_error_is_found_though_the_page_was_not_checked_again(tmp_path, monkeypatch):
    import macros.cache as cache_module

    monkeypatch.setattr(cache_module, "RACY", 0)
    root = mini_site(tmp_path)
    assert report(root) == []
    spy = Spy(monkeypatch)
    actors = root / "data/acteurs/acteurs.yml"
    actors.write_text(actors.read_text(encoding="utf-8").replace("operateur-essai", "operateur-autre"), encoding="utf-8")
    problems = validate_tree(root)[1]
    assert spy.pages(spy.read) == []
    assert [(p.file, p.line, p.field) for p in problems if p.file == F] == [(F, 5, "pilotes › n° 1")]
    from macros import messages

    assert [p.message for p in problems if p.file == F] == [messages.unknown_actor("operateur-essai")]


def test_another_version_of_the_code_starts_from_an_empty_cache(tmp_path):
    root = mini_site(tmp_path)
    report(root)
    path = root / DOSSIER / "entetes.marshal"
    assert len(ParseCache(path, PARSER_VERSION).stored) == 8
    other = ParseCache(path, PARSER_VERSION + " changed")
    assert other.stored == {} and other.files == {}


def test_pages_read_by_the_other_process_are_not_read_again(tmp_path, monkeypatch):
    import macros.cache as cache_module

    root, expected = tree_parsed_ahead(tmp_path, monkeypatch)
    monkeypatch.setattr(cache_module, "RACY", 0)
    spy = Spy(monkeypatch)
    assert report(root) == expected
    read = spy.pages(spy.read)
    assert len(read) < 20 and "docs/fiches/essai/fiche-7.md" in read  # its YAML is parsed here, for the message
    assert len(spy.pages(spy.checked)) == 33 - 1  # every page checked against the model here, but the one whose YAML fails


def test_a_heading_of_level_one_is_reported_from_the_cache_too(tmp_path, monkeypatch):
    import macros.cache as cache_module
    import macros.validation as validation

    root = mini_site(tmp_path)
    fiche = root / F
    fiche.write_text(fiche.read_text(encoding="utf-8") + "\n# Un titre de trop\n", encoding="utf-8")
    monkeypatch.setattr(cache_module, "RACY", 0)
    first = report(root, cache=False)
    assert len(first) == 1 and "titre de niveau 1" in first[0]
    for _ in range(2):
        assert report(root) == first  # this process
        validation._MEMO.clear()
        assert report(root) == first  # another one, from the cache
