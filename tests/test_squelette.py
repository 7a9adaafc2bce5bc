"""Pages rebuilt from learned pieces (macros/squelette.py) are byte for byte the
pages the template renders, and a kind of page whose output the pieces cannot
tell is always rendered by the template."""
from __future__ import annotations

import types
from pathlib import Path

from jinja2 import DictLoader, Environment

from conftest import ROOT, run_build
from macros import squelette

TOC_ITEM = "{% for t in page.toc %}<li><a href=\"{{ t.url }}\">{{ t.title }}</a></li>{% endfor %}"
TEMPLATES = {
    "main.html": '{% extends "squelette.html" if squelette.pret(page, cle) else "base.html" %}',
    "squelette.html": "{{ squelette.remplir(page) }}",
    "base.html": (
        "<title>{{ page.title | striptags }} – Site</title>\n<header>{{ page.title }}</header>\n"
        "{% if page.toc | first is defined %}<a href=\"{{ (page.toc | first).url }}\">Aller</a>{% endif %}\n"
        "<nav>{% include \"partials/toc.html\" %}</nav>\n"
        "{% if page.edit_url %}<a href=\"{{ page.edit_url }}\" rel=\"edit\">Modifier</a>{% endif %}\n"
        "{% if \"<h1\" not in page.content %}<h1>{{ page.title }}</h1>{% endif %}\n"
        "<main>{{ page.content }}</main>{{ extra }}\n"
    ),
    "partials/toc.html": open(ROOT / "overrides/partials/toc.html", encoding="utf-8").read(),
    "partials/language.html": "{% macro t(key) %}{{ key }}{% endmacro %}",
    "material/partials/toc.html": "<ul>" + TOC_ITEM + "</ul>",
}


class Toc(list):
    @property
    def items(self):
        return list(self)


def page(n: int, title: str = "Fiche {n}", edit: bool = True, headings: int = 2, h1: bool = True):
    toc = Toc(types.SimpleNamespace(url=f"#titre-{n}-{i}", title=f"Titre {i}", level=1, children=[])
              for i in range(headings))
    return types.SimpleNamespace(
        title=title.format(n=n), edit_url=f"https://forge.invalid/edit/fiche-{n}.md" if edit else None,
        canonical_url=None, content=("<h1>Fiche</h1>" if h1 else "") + f"<p>Texte {n} {{{{ pas jinja }}}}</p>",
        toc=toc, meta={}, url=f"fiches/p/fiche-{n}/", previous_page=None, next_page=None, is_homepage=False,
        ancestors=[], file=types.SimpleNamespace(src_uri=f"fiches/p/fiche-{n}.md"))


def render_all(pages, extra=lambda p: ""):
    """Each page through main.html as MkDocs does, then the after-page hook; and as the template alone renders it."""
    env = Environment(loader=DictLoader(TEMPLATES))
    sq = squelette.Squelettes()
    env.globals["squelette"] = sq
    out, expected = [], []
    for p in pages:
        ctx = {"page": p, "cle": "hors-menu 3", "extra": extra(p)}
        html = env.get_template("main.html").render(ctx)
        sq.apres(html, p)
        out.append(html)
        expected.append(env.get_template("base.html").render(ctx))
    return sq, out, expected


def test_pages_after_the_first_two_of_a_kind_are_rebuilt_identically():
    pages = [page(n) for n in range(1, 9)]
    # A title with markup: printed as it is in <header>, without tags in <title>. A plain
    # title looks the same either way, so page 5 is rendered by the template, which tells
    # the forms apart; page 8 is then rebuilt too.
    pages[4] = page(5, title="Emploi &amp; formation <em>jeunes</em>")
    pages[7] = page(8, title="Santé &amp; <b>social</b>")
    sq, out, expected = render_all(pages)
    assert out == expected
    assert sq.used == 5  # pages 3, 4, 6, 7, 8
    assert "<title>Emploi & formation jeunes – Site</title>" in out[4]
    assert "<title>Santé & social – Site</title>" in out[7]


def test_each_kind_of_page_is_learned_on_its_own():
    pages = [page(1), page(2, edit=False), page(3), page(4, edit=False), page(5, headings=0), page(6),
             page(7, edit=False), page(8, h1=False), page(9, headings=0), page(10, headings=0), page(11, h1=False),
             page(12, h1=False)]
    sq, out, expected = render_all(pages)
    assert out == expected
    assert sq.used == 4  # page 6, page 7, page 10 and page 12: third of their kind
    assert len(sq.kinds) == 4


def test_a_value_the_pieces_do_not_know_turns_the_kind_off():
    # The template prints something of each page that is none of the marked values.
    sq, out, expected = render_all([page(n) for n in range(1, 6)], extra=lambda p: p.url)
    assert out == expected
    assert sq.used == 0
    assert [k.state for k in sq.kinds.values()] == ["never"]


def test_an_attribute_the_module_does_not_know_turns_the_kind_off():
    templates = dict(TEMPLATES, **{"base.html": TEMPLATES["base.html"] + "{{ page.file.src_uri }}"})
    env = Environment(loader=DictLoader(templates))
    sq = squelette.Squelettes()
    env.globals["squelette"] = sq
    for p in [page(n) for n in range(1, 5)]:
        html = env.get_template("main.html").render({"page": p, "cle": "k", "extra": ""})
        sq.apres(html, p)
        assert html == env.get_template("base.html").render({"page": p, "cle": "k", "extra": ""})
    assert sq.used == 0


SITECUSTOMIZE = """
import sys
sys.path.insert(0, {root!r})
from jinja2 import pass_context
import macros.squelette as s
s.Squelettes.pret = pass_context(lambda self, ctx, page, key: False)
"""

COUNT = """
import atexit, sys
sys.path.insert(0, {root!r})
import macros.squelette as s
made = []
real = s.Squelettes.__init__
def init(self):
    real(self)
    made.append(self)
s.Squelettes.__init__ = init
atexit.register(lambda: open({out!r}, "w").write(str(sum(m.used for m in made))))
"""


def test_the_real_site_is_the_same_with_every_page_rendered_by_the_template(tmp_path):
    """The real site built as usual, and with the learned pages turned off (a sitecustomize
    that makes ``pret`` always say no): every HTML file is the same."""
    for name, code in (("sans", SITECUSTOMIZE), ("compte", COUNT)):
        (tmp_path / name).mkdir()
        (tmp_path / name / "sitecustomize.py").write_text(
            code.format(root=str(ROOT), out=str(tmp_path / "compte.txt")), encoding="utf-8")
    site, out = tmp_path / "avec", tmp_path / "sans-squelette"
    for folder, env in ((site, {"PDF": "0", "PYTHONPATH": str(tmp_path / "compte")}),
                        (out, {"PDF": "0", "PYTHONPATH": str(tmp_path / "sans")})):
        result = run_build(ROOT / "mkdocs.yml", folder, env)
        assert result.returncode == 0, result.stdout + result.stderr
    pages = sorted(p.relative_to(out) for p in out.rglob("*.html"))
    assert len(pages) > 100
    assert sorted(p.relative_to(site) for p in site.rglob("*.html")) == pages
    differ = [str(p) for p in pages if (out / p).read_bytes() != (site / p).read_bytes()]
    assert differ == []
    rebuilt = int((tmp_path / "compte.txt").read_text())
    assert rebuilt > len(pages) / 3, rebuilt  # the fiches and actor pages, but the first two of each kind
