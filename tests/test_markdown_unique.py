"""One Markdown converter for all pages (macros/markdown_unique.py): reused,
and nothing of one page left in the next."""
from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure import pages
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from macros import markdown_unique


def render(config, files, name, text):
    page = Page(None, files.get_file_from_path(name), config)
    page.markdown = text
    page.render(config, files)
    return page


def test_pages_share_one_converter_and_keep_nothing_of_each_other(tmp_path):
    markdown_unique.install()
    (tmp_path / "docs").mkdir()
    config = MkDocsConfig()
    config.load_dict({"site_name": "Essai", "docs_dir": str(tmp_path / "docs"),
                      "markdown_extensions": ["tables", "attr_list", "admonition", "abbr", {"toc": {"permalink": True}}]})
    assert config.validate() == ([], [])
    files = Files([File(n, config.docs_dir, config.site_dir, True) for n in ("a.md", "b.md")])
    first = render(config, files, "a.md", "# Un\n\n## Emploi\n\nLe FSE aide.\n\n*[FSE]: Fonds social européen\n\n[vers b](b.md)\n")
    shared = pages.markdown._md
    second = render(config, files, "b.md", "# Deux\n\n## Emploi\n\nLe FSE encore.\n\n[vers a](a.md#emploi)\n")
    assert pages.markdown._md is shared
    assert '<abbr title="Fonds social européen">FSE</abbr>' in first.content
    assert "<abbr" not in second.content  # the first page's abbreviation is gone
    assert [t.title for t in second.toc] == ["Deux"] and [c.title for c in second.toc.items[0].children] == ["Emploi"]
    assert second.title == "Deux" and first.title == "Un"
    assert 'href="../a/#emploi"' in second.content and 'href="../b/"' in first.content  # each page's own links
    assert second.present_anchor_ids == {"deux", "emploi"}
