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


def start_index(site_dir: Path | str) -> subprocess.Popen:
    """Start indexing in the background (the exports are written meanwhile)."""
    return subprocess.Popen(
        [sys.executable, "-m", "pagefind", "--site", str(site_dir), "--output-subdir", "pagefind",
         "--force-language", "fr", "--silent"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )


def finish_index(proc: subprocess.Popen) -> None:
    out, err = proc.communicate()
    if proc.returncode != 0:
        raise SearchIndexError(f"l'index de recherche n'a pas pu être construit : {err or out}")

