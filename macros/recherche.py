"""Full-text search: the Pagefind index of the built site.

Pagefind (PyPI ``pagefind[bin]``) writes a chunked index: a reader downloads
only the fragments a query needs, which keeps one search light at thousands of
fiches (Material's search ships the whole index to every reader). Pages opt in
with ``data-pagefind-body``; plan and axis travel as metadata and filters.
"""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path


class SearchIndexError(RuntimeError):
    pass


def build_index(site_dir: Path | str) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "pagefind", "--site", str(site_dir), "--output-subdir", "pagefind",
         "--force-language", "fr", "--silent"],
        capture_output=True, text=True,
    )
    if result.returncode != 0:
        raise SearchIndexError(f"l'index de recherche n'a pas pu être construit : {result.stderr or result.stdout}")
