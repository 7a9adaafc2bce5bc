"""mkdocs-macros entry point: load and validate the content, register macros.

Only pages that opt in (``render_macros: true``: the home page and our own
pages) are rendered by Jinja; contributor fiches never are.
"""
from __future__ import annotations

from mkdocs.exceptions import Abort

from . import build as _build
from . import exports, recherche
from . import messages
from .render import home


def define_env(env):
    b = _build.start(env.project_dir)
    if b.problems:
        report = "\n".join(f"  - {p}" for p in b.problems)
        if not b.preview:
            raise Abort(f"\n{messages.summary(len(b.problems))}\n{report}\n")
    cat = b.catalogue

    @env.macro
    def liste_plans() -> str:
        """The home page's cards of plans."""
        return home.plans_cards(cat, env.page.url)

    env.variables["nb_fiches"] = len(cat.fiches)
    env.variables["nb_plans"] = len(cat.plans)


def on_post_build(env):
    """Open data under site/donnees/, from the same catalogue as the pages."""
    b = _build.current()
    exports.write_all(b.catalogue, env.conf["site_dir"], env.conf.get("site_url") or "")
    recherche.build_index(env.conf["site_dir"])
