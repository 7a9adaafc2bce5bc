"""MkDocs hooks: the thin layer between the catalogue and MkDocs.

Builds the navigation from the catalogue (fiches stay out of it, so a page's
size does not grow with their number), adds generated pages, and wraps plan,
axis and fiche pages with their generated parts. No logic worth testing alone.
"""
from __future__ import annotations

import functools
import gc
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from jinja2 import ChoiceLoader, FileSystemLoader, PrefixLoader  # noqa: E402
from markupsafe import Markup, escape  # noqa: E402
from mkdocs.structure.files import File  # noqa: E402
from mkdocs.utils import meta as front_matter  # noqa: E402

from macros import avance, build, cache, conversion, decap, ecriture, exports, markdown_unique, recherche, squelette  # noqa: E402
from macros.render import acteurs, agenda, assainir, contribuer, donnees, glossaire, pages, templates, trouver  # noqa: E402
from macros.render.format import etiquette  # noqa: E402
from macros.render.vocab import axis_word  # noqa: E402

markdown_unique.install()
conversion.install()
ecriture.install()


def _kind(src_uri: str):
    parts = src_uri[:-3].split("/") if src_uri.endswith(".md") else []
    if len(parts) == 3 and parts[0] == "fiches":
        return "fiche", f"{parts[1]}/{parts[2]}"
    if len(parts) == 3 and parts[0] == "axes":
        return "axe", f"{parts[1]}/{parts[2]}"
    if len(parts) == 2 and parts[0] == "plans":
        return "plan", parts[1]
    return None, None


def _published(cat, kind: str | None, key: str | None, kinds=("fiche", "axe", "plan")) -> bool:
    """Whether the page is a plan, axis or fiche of the catalogue (of ``kinds``)."""
    found = {"fiche": cat.fiches, "axe": cat.axes, "plan": cat.plans}
    return kind in kinds and key in found[kind]


def _body_entry(cat, kind: str | None, key: str | None):
    """The fiche or axis whose page this is, or None: its body is the page's Markdown."""
    return cat.fiches.get(key) if kind == "fiche" else cat.axes.get(key) if kind == "axe" else None


def _nav(cat, docs_dir: Path):
    plans = []
    for plan in cat.plans_ordered():
        items = [{"Présentation du plan": f"plans/{plan.id}.md"}]
        for top in cat.axes_of(plan.id, None):
            for axe in [top] + cat.children(top):
                word = axis_word(cat, axe)
                label = f"{etiquette(word, axe.data.numero)} – {axe.data.titre}"
                items.append({str(escape(label)): f"axes/{axe.plan}/{axe.id}.md"})
        plans.append({str(escape(plan.data.titre_court)): items})
    return [
        {"Accueil": "index.md"},
        {"Plans": plans},
        {"Rechercher": "recherche.md"},
        {"Trouver une fiche": "trouver-une-fiche.md"},
        {"Qui fait quoi": "acteurs/index.md"},
        {"Agenda": "agenda.md"},
        {"Glossaire": "glossaire.md"},
        {"Données": "donnees.md"},
        {"À propos": [{"Contribuer": "contribuer.md"}] + [
            {label: path} for label, path in ABOUT if (docs_dir / path).exists()
        ]},
    ]


ABOUT = [
    ("Accessibilité", "a-propos/accessibilite.md"),
    ("Mentions légales", "a-propos/mentions-legales.md"),
    ("Données personnelles", "a-propos/donnees-personnelles.md"),
]


def generated_pages(cat, today) -> dict[str, tuple[str, object, str | None]]:
    """Pages made from the catalogue alone: {source path: (title, function giving
    its HTML, data file it comes from, which its « Modifier » button opens; None
    when it has no single one)}. The HTML is computed ahead (macros/avance.py)."""
    out = {
        "trouver-une-fiche.md": ("Trouver une fiche", lambda: trouver.build(cat), None),
        "acteurs/index.md": ("Qui fait quoi", lambda: acteurs.index_page(cat), None),
        "glossaire.md": ("Glossaire", lambda: glossaire.glossary_page(cat), None),
        "donnees.md": ("Données ouvertes", lambda: donnees.data_page(cat), None),
        "agenda.md": ("Agenda", lambda: agenda.agenda_page(cat, today), None),
        "recherche.md": ("Rechercher", lambda: templates.render("recherche.html", "recherche/"), None),
        "contribuer.md": ("Contribuer", lambda: contribuer.contribute_page(cat), None),
    }
    for actor_id, actor in cat.acteurs.items():
        out[f"acteurs/{actor_id}.md"] = (actor.nom, functools.partial(acteurs.actor_page, cat, actor_id),
                                         cat.sources["acteurs"].get(actor_id))
    return out


def _parts(b, kind: str, key: str, url: str):
    """What a content page gets around its body: (head, foot, search metadata)."""
    cat = b.catalogue
    if kind == "fiche":
        head, foot = pages.fiche_parts(cat, cat.fiches[key], url, b.today)
    elif kind == "axe":
        head, foot = pages.axe_parts(cat, cat.axes[key], url)
    else:
        head, foot = pages.plan_parts(cat, cat.plans[key], url, b.today, b.pdf)
    return head, foot, pages.search_meta(cat, kind, key, url)


def _after(b, config) -> None:
    """Written by the process that works ahead once the pages' parts are sent: the
    open data (not while serving a preview: nothing there reads it) and the editor
    at /admin/ (once per preview)."""
    site_dir, site_url = Path(config["site_dir"]), config.get("site_url") or ""
    if build.command() != "serve":
        exports.write_all(b.catalogue, site_dir, site_url)
    if not (b.dirty and (site_dir / "admin" / "config.yml").exists()):
        decap.write_admin(b.catalogue, site_dir, config.get("repo_url"), config.get("edit_uri"), site_url, warn=False)


def _jobs(b, files):
    """(source path, function) for every page MkDocs will render, in its order."""
    cat = b.catalogue
    for f in files.documentation_pages():
        if b.dirty and not f.is_modified():
            continue
        if f.src_uri in _generated:
            yield f.src_uri, _generated[f.src_uri][1]
            continue
        kind, key = _kind(f.src_uri)
        if _published(cat, kind, key):
            yield f.src_uri, functools.partial(_parts, b, kind, key, f.url)


def _order(b, files) -> list[str]:
    """Every page MkDocs will convert, in its order."""
    return [f.src_uri for f in files.documentation_pages() if not (b.dirty and not f.is_modified())]


def _tail(b, config, files):
    """(source path, function) for the fiche and axis pages whose Markdown the
    process that works ahead converts too, from the last one back (macros/avance.py)."""
    cat = b.catalogue
    for f in files.documentation_pages():
        kind, key = _kind(f.src_uri)
        if _published(cat, kind, key, ("fiche", "axe")):
            yield f.src_uri, functools.partial(_converted_ahead, b, config, files, kind, key, f)


def _converted_ahead(b, config, files, kind, key, file, parts):
    """In the child: the page's Markdown converted as MkDocs converts it (the body
    ``on_page_read_source`` gives, read as ``Page.read_source`` reads it), and the
    page's content made from it."""
    cat = b.catalogue
    markdown, _ = front_matter.get_data(_body_entry(cat, kind, key).body)
    converted = conversion.convert(config, files, file, markdown)
    if parts is None:
        parts = _parts(b, kind, key, file.url)
    return converted, _compose(cat, key, parts, converted.content)


class _GeneratedFile(File):
    """A generated page. MkDocs counts every generated file as modified, so a
    ``--dirty`` preview would rebuild all of them (hundreds of actor pages, the
    catalogue of every fiche) after each save: there, they are built once."""

    dirty = False

    def is_modified(self) -> bool:
        return not (self.dirty and Path(self.abs_dest_path).exists())


_generated: dict[str, tuple[str, str, str | None]] = {}


def on_startup(command, dirty):
    build.set_command(command, dirty)


def on_shutdown():
    """The command ends: everything it made counted as permanent, so that the
    interpreter's last cycle collections, as it exits, do not walk the whole
    build's memory (1.2 s of 1.5 s at 5,000 fiches). Only when MkDocs runs as a
    command: other code calling it goes on with its cycles collected as usual."""
    main = sys.modules.get("__main__")
    spec = getattr(main, "__spec__", None)
    if (spec is not None and spec.name == "mkdocs.__main__") or Path(sys.argv[0]).name == "mkdocs":
        gc.freeze()


def on_build_error(error):
    """A failed build stops its writer too (what it was given is written, nothing after)."""
    try:
        ecriture.finish()
    except ecriture.WriteError:
        pass  # the build's own error is the one told


def on_config(config):
    b = build.current()
    if not config.get("nav"):
        config["nav"] = _nav(b.catalogue, Path(config["docs_dir"]))
    return config


def on_files(files, config):
    b = build.current()
    _GeneratedFile.dirty = b.dirty
    for plan in b.catalogue.plans.values():
        if plan.page_file is None:
            files.append(File.generated(config, f"plans/{plan.id}.md", content=""))
    _generated.clear()
    for src, content in generated_pages(b.catalogue, b.today).items():
        # Already HTML: MkDocs gets a one-line stand-in and the HTML is put back in
        # on_page_content, so Markdown never re-parses large generated pages.
        _generated[src] = content
        files.append(_GeneratedFile.generated(config, src, content="<!-- page générée -->"))
    if b.preview:
        cat = b.catalogue
        for f in list(files.documentation_pages()):
            kind, key = _kind(f.src_uri)
            if kind and not _published(cat, kind, key):
                b.left_out.add("docs/" + f.src_uri)
                files.remove(f)
        _generated["apercu.md"] = ("Aperçu : contenus laissés de côté", lambda: templates.render("apercu.html", "apercu/", build=b), None)
        files.append(File.generated(config, "apercu.md", content="<!-- page générée -->"))
    cache.finish_saves()  # the validation's cache, written meanwhile: done before the fork
    b.ahead = avance.Ahead(_jobs(b, files), functools.partial(_after, b, config),
                           tail=_tail(b, config, files), order=_order(b, files))
    # Search: pages go to Pagefind as they are written (not while serving a preview,
    # nor in a --dirty build, which writes only the changed pages: the index would lack the others).
    b.indexer = None if build.command() == "serve" or b.dirty else recherche.Indexer()
    return files


class _Memo:
    """Template fragments kept for the rest of one build (see overrides/partials/nav.html)."""

    def __init__(self):
        self._store: dict[str, Markup] = {}

    def has(self, key: str) -> bool:
        return key in self._store

    def put(self, key: str, html) -> str:
        self._store[key] = Markup(html)
        return ""

    def get(self, key: str) -> Markup:
        return self._store[key]


_in_nav: set[str] = set()
_squelettes: squelette.Squelettes | None = None


def on_nav(nav, config, files):
    _in_nav.clear()
    _in_nav.update(p.file.src_uri for p in nav.pages)
    return nav


def on_env(env, config, files):
    """Material's own partials stay reachable as ``material/…`` for the overrides
    that wrap them, and a fresh memo serves each build."""
    import material

    theme_dir = Path(material.__file__).parent / "templates"
    env.loader = ChoiceLoader([env.loader, PrefixLoader({"material": FileSystemLoader(str(theme_dir))})])
    env.globals["memo"] = _Memo()
    global _squelettes
    _squelettes = env.globals["squelette"] = squelette.Squelettes()
    if build.command() == "serve":
        env.bytecode_cache = build.templates  # compiled once for all the builds of a preview
    b = build.current()
    if build.command() == "build":
        ecriture.start()  # pages written by another process from here on (macros/ecriture.py)
    if b.indexer is not None and not b.index_later:
        # Every page's Markdown is converted, so every page is with Pagefind (unless some
        # wait for the PDFs' sizes): it builds the index on the other core while the
        # pages are put in their template.
        b.indexer.request()
    return env


def on_page_context(context, page, config, nav):
    # Pages outside the menu share its rendering with the others at the same depth.
    context["memo_cle"] = None if page.file.src_uri in _in_nav else f"hors-menu {page.url.count('/')}"
    return context


def on_pre_page(page, config, files):
    build.current().ahead.reach(page.file.src_uri)  # the child works on pages further on
    return page


def on_page_read_source(page, config):
    """Our pages' front matter is already read and validated: MkDocs gets the
    body alone (its own reader would parse the YAML again, and leniently)."""
    kind, key = _kind(page.file.src_uri)
    entry = _body_entry(build.current().catalogue, kind, key)
    return None if entry is None else entry.body


def _title(text: str) -> str:
    """Material prints page titles (in <title>, the nav, the path) without
    escaping: titles that come from content are escaped once, here."""
    return str(escape(text))


def _data_edit_url(config, data_file: str | None) -> str | None:
    """Edit link of a generated page: the data file it comes from, or none."""
    if not data_file or not config.get("repo_url") or not config.get("edit_uri"):
        return None
    edit = config["edit_uri"].rstrip("/")
    base = edit[: -len("docs")] if edit.endswith("docs") else edit + "/"
    return config["repo_url"].rstrip("/") + "/" + base.lstrip("/") + data_file


def on_page_markdown(markdown, page, config, files):
    if page.file.src_uri in _generated:
        title, _, data_file = _generated[page.file.src_uri]
        page.meta["title"] = _title(title)
        page.edit_url = _data_edit_url(config, data_file)
        return markdown
    kind, key = _kind(page.file.src_uri)
    b = build.current()
    cat = b.catalogue
    ahead = b.ahead.take(page.file.src_uri)
    if ahead is not None:  # this page's conversion came from the child
        conversion.offer(page, ahead[0])
        page.__dict__[_AHEAD] = ahead
    if kind == "fiche" and key in cat.fiches:
        page.meta["title"] = _title(cat.fiches[key].data.titre)
    elif kind == "axe" and key in cat.axes:
        axe = cat.axes[key]
        page.meta["title"] = _title(f"{etiquette(axis_word(cat, axe), axe.data.numero)} – {axe.data.titre}")
    elif kind == "plan" and key in cat.plans:
        page.meta["title"] = _title(cat.plans[key].data.titre)
    return markdown


def on_page_content(html, page, config, files):
    content = _content(html, page)
    _index(page, content)
    return content


def _content(html, page):
    b = build.current()
    if page.file.src_uri in _generated:
        return b.ahead.get(page.file.src_uri)
    kind, key = _kind(page.file.src_uri)
    cat = b.catalogue
    if not _published(cat, kind, key):
        return html
    parts = b.ahead.get(page.file.src_uri)
    ahead = page.__dict__.pop(_AHEAD, None)
    if ahead is not None and html is ahead[0].content:
        content = ahead[1]  # made in the child from this very HTML
    else:
        content = _compose(cat, key, parts, html)
    if b.pdf:
        b.contents[page.url] = content
    return f'<div data-pagefind-body>\n{parts[2]}\n{content}\n</div>'


_AHEAD = "_page_anticipee"  # on a page: (conversion, content) computed by the child


def _compose(cat, key: str, parts, html: str) -> str:
    """A content page: its generated parts around the contributor's text (sanitised),
    the first use of each acronym explained."""
    head, foot, _ = parts
    body = f'<div class="texte-contributeur">\n{assainir.clean(html)}\n</div>' if html.strip() else ""
    return glossaire.abbreviate(cat, f"{head}\n{body}\n{foot}", key.split("/")[0])


def _index(page, content: str) -> None:
    """A page goes to the search index as soon as its content is final (this hook runs
    after every plugin's): Pagefind works on the other core while MkDocs converts the
    other pages' Markdown, instead of waiting for the pages to be written. A page that
    shows the PDFs' sizes is indexed once they are written in."""
    b = build.current()
    if b.indexer is None or "data-pagefind-body" not in content:
        return
    if 'class="pdf-info"' in content and b.pdf:
        b.index_later.append(page.file.dest_uri)
    else:
        b.indexer.add("/" + page.url, recherche.document(content))



_TOGGLE_AUTOCOMPLETE = re.compile(r'(<input class="md-(?:nav__)?toggle[^>]*?type="checkbox"[^>]*?) autocomplete="off"')


def on_post_page(output, page, config):
    """Three bits of Material 9.8's markup that the Nu HTML Checker rejects:
    ``autocomplete`` on checkboxes, empty ``tabindex`` on nav labels, and the
    table-of-contents label pointing at a toggle that pages outside the nav lack."""
    if _squelettes is not None:
        _squelettes.apres(output, page)
    if (indexer := build.current().indexer) is not None:
        indexer.write_when_ready(config["site_dir"])  # the search index, written meanwhile if it is ready
    output = _TOGGLE_AUTOCOMPLETE.sub(r"\1", output).replace(' tabindex=""', "")
    if 'id="__toc"' not in output:
        output = output.replace(' for="__toc"', "")
    return output
