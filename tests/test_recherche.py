"""The search index fed page by page while MkDocs writes them is the index the
Pagefind command line makes of the finished site."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "outils"))
from comparer import pagefind_index  # noqa: E402

from macros.recherche import Indexer, SearchIndexError, page_url  # noqa: E402


def test_streamed_index_equals_the_command_line_index(site, tmp_path):
    cli = tmp_path / "cli"
    subprocess.run([sys.executable, "-m", "pagefind", "--site", str(site), "--output-path", str(cli / "pagefind"),
                    "--force-language", "fr", "--silent"], check=True)
    built = pagefind_index(site / "pagefind")
    assert built == pagefind_index(cli / "pagefind")
    assert len(built["pages"]) > 130  # plans, axes and fiches
    assert "/fiches/crpe-2026/fiche-action-1/" in {url for url, _ in built["pages"]}


def test_page_urls():
    site = Path("/s")
    assert page_url(site, site / "fiches/p/f/index.html") == "/fiches/p/f/"
    assert page_url(site, site / "index.html") == "/"


def test_an_error_of_pagefind_fails_the_build(tmp_path):
    ix = Indexer()
    ix.add("/a/", "<html lang='fr'><body data-pagefind-body><p>Texte</p></body></html>")
    ix.finish(tmp_path)
    assert (tmp_path / "pagefind" / "pagefind-entry.json").exists()
    ix = Indexer()
    with pytest.raises(SearchIndexError, match="does not yet exist"):
        ix._call({"type": "WriteFiles", "index_id": 999})
    with pytest.raises(SearchIndexError):  # remembered: the index is not written as if nothing happened
        ix.finish(tmp_path / "autre")
