"""Pages converted ahead (macros/conversion.py): a page given the child's result is the
page MkDocs converts itself, messages included; any doubt and MkDocs converts it."""
from __future__ import annotations

import logging
import pickle

import pytest
from mkdocs.config import load_config
from mkdocs.structure.files import get_files
from mkdocs.structure.pages import Page

from conftest import ROOT, run_build
from macros import conversion

SOURCE = "# Titre\n\n## Partie *une*\n\nVoir [l'autre](b.md#x), [ici](#partie-une) et [rien](absent.md).\n\n<span id=\"brut\"></span>\n"


@pytest.fixture()
def mini(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "mkdocs.yml").write_text("site_name: t\nmarkdown_extensions: [toc, abbr, attr_list]\n", encoding="utf-8")
    (tmp_path / "docs" / "a.md").write_text(SOURCE, encoding="utf-8")
    (tmp_path / "docs" / "b.md").write_text("# B\n", encoding="utf-8")
    config = load_config(str(tmp_path / "mkdocs.yml"))
    conversion.install()
    return config, get_files(config)


def state(page) -> dict:
    toc = [(t.title, t.id, t.level, [(c.title, c.id) for c in t.children]) for t in page.toc]
    links = {f.src_uri: v for f, v in (page.links_to_anchors or {}).items()}
    return {"content": page.content, "toc": toc, "title": page.title, "anchors": page.present_anchor_ids,
            "links": links, "targets": [id(f) for f in (page.links_to_anchors or {})]}


def test_a_page_given_the_childs_result_is_the_page_mkdocs_converts(mini, caplog):
    config, files = mini
    file = files.get_file_from_path("a.md")
    converted = pickle.loads(pickle.dumps(conversion.convert(config, files, file, SOURCE)))  # through the pipe
    assert converted.logs and "absent.md" in converted.logs[0][2]

    with caplog.at_level(logging.INFO, logger="mkdocs"):
        mine = Page(None, file, config)
        mine.markdown = SOURCE
        mine.render(config, files)
        own = [r.getMessage() for r in caplog.records]
        caplog.clear()
        given = Page(None, file, config)
        given.markdown = SOURCE
        conversion.offer(given, converted)
        given.render(config, files)
        again = [(r.levelno, r.getMessage()) for r in caplog.records]
    assert state(given) == state(mine)
    assert state(given)["toc"] == [("Titre", "titre", 1, [("Partie une", "partie-une")])]
    assert {f for f in given.links_to_anchors} <= set(files)  # the parent's File objects
    assert own and [m for _, m in again] == own and again[0][0] == logging.WARNING  # the broken link, said again


def test_a_result_made_from_other_markdown_is_not_used(mini):
    config, files = mini
    file = files.get_file_from_path("a.md")
    stale = conversion.convert(config, files, file, "# Ancienne version\n")
    page = Page(None, file, config)
    page.markdown = SOURCE  # a plugin changed the text after the child converted it
    conversion.offer(page, stale)
    page.render(config, files)
    assert "Ancienne" not in page.content and page.title == "Titre"


def test_a_result_linking_to_a_file_this_build_lacks_is_not_used(mini):
    config, files = mini
    file = files.get_file_from_path("a.md")
    converted = conversion.convert(config, files, file, SOURCE)
    converted.links = {"disparu.md": {"x": "disparu.md#x"}}
    page = Page(None, file, config)
    page.markdown = SOURCE
    conversion.offer(page, converted)
    page.render(config, files)
    assert {f.src_uri for f in page.links_to_anchors} == {"b.md", "a.md"}


# The real site built twice: with every fiche and axis page converted by the process
# that works ahead (it is never told where the main process is, and the main process
# waits for each page), and with none.
ALL_AHEAD = """
import atexit, sys, time
sys.path.insert(0, {root!r})
import macros.avance as a, macros.conversion as c
from macros.hooks import _kind
a.Ahead.reach = lambda self, key: None
take = a.Ahead.take
def waiting_take(self, key):
    if _kind(key)[0] in ("fiche", "axe"):
        while key not in self._tail_results and self._proc.is_alive():
            time.sleep(0.005)
        time.sleep(0.01) if key not in self._tail_results else None
    return take(self, key)
a.Ahead.take = waiting_take
here = []
original = c._original
def counted(self, config, files):
    here.append(self.file.src_uri)
    return original(self, config, files)
c._original = counted
atexit.register(lambda: open({out!r}, "w").write("\\n".join(here)))
"""

NONE_AHEAD = """
import sys
sys.path.insert(0, {root!r})
import macros.avance as a
init = a.Ahead.__init__
a.Ahead.__init__ = lambda self, jobs, after=None, parallel=True, tail=(), order=(): init(self, jobs, after, parallel)
"""


def test_the_real_site_is_the_same_whoever_converts_the_pages(tmp_path):
    import sys

    sys.path.insert(0, str(ROOT / "outils"))
    from comparer import compare

    out = tmp_path / "ici.txt"
    for name, code in (("tous", ALL_AHEAD), ("aucun", NONE_AHEAD)):
        (tmp_path / name).mkdir()
        (tmp_path / name / "sitecustomize.py").write_text(code.format(root=str(ROOT), out=str(out)), encoding="utf-8")
        result = run_build(ROOT / "mkdocs.yml", tmp_path / f"site-{name}", {"PDF": "0", "PYTHONPATH": str(tmp_path / name)})
        assert result.returncode == 0, result.stdout + result.stderr
    converted_here = out.read_text(encoding="utf-8").split("\n")
    assert "index.md" in converted_here and any(p.startswith("plans/") for p in converted_here)  # the count works
    fiches = list((tmp_path / "site-tous" / "fiches").rglob("index.html"))
    assert len(fiches) > 100
    assert not [p for p in converted_here if p.startswith(("fiches/", "axes/"))]  # all of them came from the child
    assert compare(tmp_path / "site-aucun", tmp_path / "site-tous") == []
