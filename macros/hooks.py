"""MkDocs hooks: the thin layer between the catalogue and MkDocs.

Builds the navigation from the catalogue (fiches stay out of it, so a page's
size does not grow with their number), adds generated pages, and wraps plan,
axis and fiche pages with their generated parts. No logic worth testing alone.
"""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from mkdocs.structure.files import File  # noqa: E402

from macros import build  # noqa: E402
from macros.render import acteurs, agenda, donnees, glossaire, pages, templates, trouver  # noqa: E402
from macros.render.format import etiquette  # noqa: E402
from macros.render.vocab import axis_word  # noqa: E402


def _kind(src_uri: str):
    parts = src_uri[:-3].split("/") if src_uri.endswith(".md") else []
    if len(parts) == 3 and parts[0] == "fiches":
        return "fiche", f"{parts[1]}/{parts[2]}"
    if len(parts) == 3 and parts[0] == "axes":
        return "axe", f"{parts[1]}/{parts[2]}"
    if len(parts) == 2 and parts[0] == "plans":
        return "plan", parts[1]
    return None, None


def _nav(cat):
    plans = []
    for plan in cat.plans_ordered():
        items = [{"Présentation du plan": f"plans/{plan.id}.md"}]
        for top in cat.axes_of(plan.id, None):
            for axe in [top] + cat.children(top):
                word = axis_word(cat, axe)
                items.append({f"{etiquette(word, axe.data.numero)} – {axe.data.titre}": f"axes/{axe.plan}/{axe.id}.md"})
        plans.append({plan.data.titre_court: items})
    return [
        {"Accueil": "index.md"},
        {"Plans": plans},
        {"Rechercher": "recherche.md"},
        {"Trouver une fiche": "trouver-une-fiche.md"},
        {"Qui fait quoi": "acteurs/index.md"},
        {"Agenda": "agenda.md"},
        {"Glossaire": "glossaire.md"},
        {"Données": "donnees.md"},
    ]


def generated_pages(cat, today) -> dict[str, tuple[str, str]]:
    """Pages made from the catalogue alone: {source path: (title, HTML)}."""
    out = {
        "trouver-une-fiche.md": ("Trouver une fiche", trouver.build(cat)),
        "acteurs/index.md": ("Qui fait quoi", acteurs.index_page(cat)),
        "glossaire.md": ("Glossaire", glossaire.glossary_page(cat)),
        "donnees.md": ("Données ouvertes", donnees.data_page(cat)),
        "agenda.md": ("Agenda", agenda.agenda_page(cat, today)),
        "recherche.md": ("Rechercher", templates.render("recherche.html", "recherche/")),
    }
    for actor_id, actor in cat.acteurs.items():
        out[f"acteurs/{actor_id}.md"] = (actor.nom, acteurs.actor_page(cat, actor_id))
    return out


_generated: dict[str, tuple[str, str]] = {}


def on_startup(command, dirty):
    build.set_command(command)


def on_config(config):
    b = build.current()
    if not config.get("nav"):
        config["nav"] = _nav(b.catalogue)
    return config


def on_files(files, config):
    b = build.current()
    for plan in b.catalogue.plans.values():
        if plan.page_file is None:
            files.append(File.generated(config, f"plans/{plan.id}.md", content=""))
    _generated.clear()
    for src, content in generated_pages(b.catalogue, b.today).items():
        # Already HTML: MkDocs gets a one-line stand-in and the HTML is put back in
        # on_page_content, so Markdown never re-parses large generated pages.
        _generated[src] = content
        files.append(File.generated(config, src, content="<!-- page générée -->"))
    for rel in b.left_out:
        if rel.startswith("docs/"):
            f = files.get_file_from_path(rel[len("docs/"):])
            if f is not None:
                files.remove(f)
    return files


def on_page_read_source(page, config):
    """Our pages' front matter is already read and validated: MkDocs gets the
    body alone (its own reader would parse the YAML again, and leniently)."""
    kind, key = _kind(page.file.src_uri)
    cat = build.current().catalogue
    entry = cat.fiches.get(key) if kind == "fiche" else cat.axes.get(key) if kind == "axe" else None
    if entry is not None:
        return entry.body
    return None


def on_page_markdown(markdown, page, config, files):
    if page.file.src_uri in _generated:
        page.meta["title"] = _generated[page.file.src_uri][0]
        return markdown
    kind, key = _kind(page.file.src_uri)
    cat = build.current().catalogue
    if kind == "fiche" and key in cat.fiches:
        page.meta["title"] = cat.fiches[key].data.titre
    elif kind == "axe" and key in cat.axes:
        axe = cat.axes[key]
        page.meta["title"] = f"{etiquette(axis_word(cat, axe), axe.data.numero)} – {axe.data.titre}"
    elif kind == "plan" and key in cat.plans:
        page.meta["title"] = cat.plans[key].data.titre
    return markdown


def on_page_content(html, page, config, files):
    if page.file.src_uri in _generated:
        return _generated[page.file.src_uri][1]
    kind, key = _kind(page.file.src_uri)
    b = build.current()
    cat = b.catalogue
    if kind == "fiche" and key in cat.fiches:
        head, foot = pages.fiche_parts(cat, cat.fiches[key], page.url, b.today)
    elif kind == "axe" and key in cat.axes:
        head, foot = pages.axe_parts(cat, cat.axes[key], page.url)
    elif kind == "plan" and key in cat.plans:
        head, foot = pages.plan_parts(cat, cat.plans[key], page.url, b.today, b.pdf)
    else:
        return html
    body = f'<div class="texte-contributeur">\n{html}\n</div>' if html.strip() else ""
    meta = pages.search_meta(cat, kind, key, page.url)
    content = glossaire.abbreviate(cat, f"{head}\n{body}\n{foot}", key.split("/")[0])
    if b.pdf:
        b.contents[page.url] = content
    return f'<div data-pagefind-body>\n{meta}\n{content}\n</div>'

