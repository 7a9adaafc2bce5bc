"""mkdocs-macros entry point: load and validate the content, register macros.

Only pages that opt in (``render_macros: true``: the home page and our own
pages) are rendered by Jinja; contributor fiches never are.
"""
from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.exceptions import Abort

from . import build as _build
from . import decap, ecriture, liens, recherche
from . import messages
from .render import home


log = logging.getLogger("mkdocs.plugins.plans")


def define_env(env):
    b = _build.start(env.project_dir)
    if b.problems:
        report = "\n".join(f"  - {p}" for p in b.problems)
        if not b.preview:
            raise Abort(f"\n{messages.summary(len(b.problems))}\n{report}\n")
        log.info("Aperçu : %d erreur(s), fichiers laissés de côté (voir la page apercu/) :\n%s", len(b.problems), report)
    cat = b.catalogue

    @env.macro
    def liste_plans() -> str:
        """The home page's cards of plans."""
        return home.plans_cards(cat, env.page.url)

    @env.macro
    def telechargements() -> str:
        """Links to the PDF editions (their size and page count are filled in after the build)."""
        if not b.pdf:
            return ""
        return home.downloads(cat, env.page.url)

    env.variables["nb_fiches"] = len(cat.fiches)
    env.variables["nb_plans"] = len(cat.plans)


def on_post_build(env):
    """Open data under site/donnees/, from the same catalogue as the pages."""
    b = _build.current()
    site_dir = Path(env.conf["site_dir"])
    try:
        ecriture.finish()  # every page on disk before anything reads the site
    except ecriture.WriteError as err:
        raise Abort(str(err)) from err
    if b.pdf:
        from . import pdf  # pikepdf and WeasyPrint: loaded only for the PDF edition

        # The PDFs' sizes go into the pages' download links before they are indexed.
        results = pdf.build(b.catalogue, b.contents, site_dir, b.today, env.conf.get("site_url") or "")
        pdf.fill_download_links(site_dir, results)
        for r in results:
            log.info("PDF %s : %d pages, %s, %.1f s", r.path.name, r.pages, pdf.human_size(r.size), r.seconds)
    if b.indexer is not None:
        for dest in b.index_later:
            b.indexer.add(recherche.page_url(site_dir, site_dir / dest), (site_dir / dest).read_text(encoding="utf-8"))
        b.indexer.request()  # Pagefind builds the index meanwhile (None in a --dirty preview)
    b.ahead.finish()  # open data and editor, written by the process that worked ahead (macros/avance.py)
    if (missing := decap.bundle_missing()) is not None:
        log.warning(missing)
    if b.dirty:
        return  # a --dirty preview: the link list and the search index stay as first built
    links = liens.external_links(site_dir)
    log.info("Liens externes : %d adresse(s) distincte(s) (liste dans donnees/liens-externes.csv)", len(links))
    for url, pages in sorted(links.items())[:30]:
        log.info("  %s (%d page(s), dont %s)", url, len(pages), pages[0])
    if len(links) > 30:
        log.info("  … et %d autre(s)", len(links) - 30)
    if b.indexer is not None:
        b.indexer.finish(site_dir)
