"""The form-based editor at ``/admin/`` (Decap CMS), generated from the content model.

``config(cat, repo_url, edit_uri)`` turns ``model.Fiche`` and the catalogue
into Decap's configuration: one collection of fiches per plan, one form field
per model field, in the model's order (the order Decap writes the keys in),
select lists fed by the catalogue. ``write_admin`` writes ``admin/config.yml``
and ``admin/index.html`` into the built site and copies Decap's bundle there
from ``node_modules`` (``npm ci``): the editor is served by the site itself.

Checks the form makes before saving carry the build's own French messages
(``messages``), with « {valeur} » standing for what was typed: Decap's own
``pattern`` option would wrap them in its own sentence and cannot name the
value. Imports model, messages, catalogue.
"""
from __future__ import annotations

import datetime as dt
import html
import json
import logging
import re
import shutil
import typing
from pathlib import Path
from urllib.parse import urlsplit

import yaml
from pydantic import BaseModel, StringConstraints
from pydantic.fields import FieldInfo

from . import messages
from .catalogue import Catalogue
from .model import MONTANTS_TEXTE, Fiche

log = logging.getLogger("mkdocs.plugins.plans")

ROOT = Path(__file__).resolve().parent.parent
BUNDLE = ROOT / "node_modules" / "decap-cms" / "dist"
VALEUR = "{valeur}"  # replaced by the typed value in the form (index.html)
DATE = r"^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$"
NOMBRE = r"^\d+(\.\d+)?$"

# The form's words for the keys (the keys themselves are ASCII).
LABELS = {
    "numero": "Numéro", "resume": "Résumé", "autres_partenaires": "Autres partenaires", "region": "Région",
    "departements": "Départements", "precision": "Précision", "themes": "Thèmes", "statut_source": "Statut dans le document",
    "montant_max": "Montant maximal", "par": "Montant unitaire : par…", "periode": "Période", "libelle": "Libellé",
    "unite": "Unité", "mise_a_jour": "Mise à jour", "ecarts": "Écarts relevés", "valeurs": "Valeurs par période",
    "lignes": "Lignes", "graphique": "Graphique", "colonne": "Colonne tracée", "acteur": "Acteur", "quand": "Quand",
}
# Fields whose values are ids of the catalogue's actors or territories.
ACTOR_FIELDS = {"pilotes", "partenaires", "acteur"}
TERRITORY_FIELDS = {"departements", "territoires"}


def label(name: str) -> str:
    return LABELS.get(name) or name.replace("_", " ").capitalize()


def _unwrap(annotation, metadata=()) -> tuple[object, bool, list]:
    """``Optional[Annotated[X, …]]`` → (X, optional, constraints)."""
    constraints, optional = list(metadata), False
    while True:
        origin = typing.get_origin(annotation)
        args = typing.get_args(annotation)
        if origin is typing.Annotated:
            annotation, more = args[0], args[1:]
            for m in more:
                constraints += m.metadata if isinstance(m, FieldInfo) else [m]
        elif origin is typing.Union and type(None) in args and len(args) == 2:
            optional, annotation = True, next(a for a in args if a is not type(None))
        else:
            return annotation, optional, constraints


def _bound(constraints, name: str):
    for c in constraints:
        if getattr(c, name, None) is not None and not isinstance(c, StringConstraints):
            return getattr(c, name)
    return None


def _string_checks(constraints) -> list[list[str]]:
    """[regex, message] pairs for a string field, each message from ``messages``."""
    checks = []
    for c in constraints:
        if isinstance(c, StringConstraints):
            if c.pattern:
                text = messages.bad_link(VALEUR) if "/" in c.pattern else messages.bad_ident(VALEUR)
                checks.append([c.pattern, text])
            if c.max_length:
                checks.append([rf"^[\s\S]{{0,{c.max_length}}}$", messages.too_long(c.max_length)])
    return checks


def _options(name: str, ctx: dict):
    if name in ACTOR_FIELDS:
        return ctx["acteurs"]
    if name in TERRITORY_FIELDS:
        return ctx["territoires"]
    if name == "axe":
        return ctx["axes"]
    return None


def field(name: str, info: FieldInfo, ctx: dict) -> dict:
    """The Decap field for one model field."""
    annotation, optional, constraints = _unwrap(info.annotation, info.metadata)
    out = {"name": name, "label": label(name), "required": info.is_required()}
    if info.description:
        out["hint"] = info.description
    out.update(_widget(name, annotation, constraints, ctx))
    if optional and out["widget"] == "object":
        out["required"] = False
    return out


def _widget(name: str, annotation, constraints, ctx: dict) -> dict:
    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    options = _options(name, ctx)
    if origin is list:
        inner, _, inner_constraints = _unwrap(args[0])
        if options is not None or typing.get_origin(inner) is typing.Literal:
            values = options if options is not None else list(typing.get_args(inner))
            return {"widget": "select", "multiple": True, "options": values}
        if isinstance(inner, type) and issubclass(inner, BaseModel):
            return {"widget": "list", "collapsed": True, "summary": _summary(inner), "fields": fields(inner, ctx)}
        if typing.get_origin(inner) is list:
            return {"widget": "hidden"}  # rows of cells: edited in the file (see README)
        item = {"name": name, "label": label(name), **_widget(name, inner, inner_constraints, ctx)}
        return {"widget": "list", "collapsed": False, "summary": f"{{{{fields.{name}}}}}", "field": item}
    if origin is dict:
        return {"widget": "hidden"}  # free keys (periods): edited in the file (see README)
    if origin is typing.Literal:
        return {"widget": "select", "options": list(args)}
    if origin is typing.Union:
        members = [_unwrap(a) for a in args if a is not type(None)]
        literals = [v for m, _, _ in members if typing.get_origin(m) is typing.Literal for v in typing.get_args(m)]
        if literals and tuple(literals) == MONTANTS_TEXTE:
            words = "|".join(map(re.escape, MONTANTS_TEXTE))
            return _text("string", [[r"^(?!-)", messages.negative(VALEUR)],
                                    [rf"^({NOMBRE[1:-1]}|{words})$", messages.amount(VALEUR)]])
        return _text("string", [[r"^[\s\S]{0,400}$", messages.number_or_text(VALEUR)]])  # number or short text
    if options is not None:
        return {"widget": "select", "options": options}
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return {"widget": "object", "collapsed": True, "fields": fields(annotation, ctx)}
    if annotation is dt.date:
        return _text("string", [[DATE, messages.bad_date(VALEUR)]])
    if annotation in (int, float):
        out = {"widget": "number", "value_type": "int" if annotation is int else "float"}
        low, high = _bound(constraints, "ge"), _bound(constraints, "le")
        out.update({k: v for k, v in (("min", low), ("max", high)) if v is not None})
        return out
    checks = _string_checks(constraints)
    long_text = any(isinstance(c, StringConstraints) and (c.max_length or 0) > 400 for c in constraints)
    return _text("text" if long_text else "string", checks)


def _text(base: str, checks: list) -> dict:
    """A string or text widget with the build's checks (custom widgets of index.html)."""
    if not checks:
        return {"widget": base}
    return {"widget": "texte-controle" if base == "string" else "paragraphe-controle", "controles": checks}


def _summary(model: type[BaseModel]) -> str:
    names = [n for n in ("numero", "quand", "libelle", "titre", "montant", "objet") if n in model.model_fields]
    return " – ".join(f"{{{{fields.{n}}}}}" for n in names[:2])


def fields(model: type[BaseModel], ctx: dict) -> list[dict]:
    return [field(name, info, ctx) for name, info in model.model_fields.items()]


def _acteur_label(a) -> str:
    return f"{a.nom} ({a.sigle})" if a.sigle and a.sigle not in a.nom else a.nom


def collection(cat: Catalogue, plan_id: str, ctx: dict) -> dict:
    plan = cat.plans[plan_id]
    axes = [{"label": f"{a.data.numero} – {a.data.titre}", "value": a.id} for a in cat.axes_of(plan_id)]
    voc = plan.data.vocabulaire
    return {
        "name": f"fiches-{plan_id}",
        "label": f"{voc.fiches} – {plan.data.titre_court}",
        "label_singular": voc.fiche,
        "description": plan.data.titre,
        "folder": f"docs/fiches/{plan_id}",
        "extension": "md",
        "format": "frontmatter",
        "create": True,
        # The rule of « python -m macros.nouvelle_fiche »: axis, then the number, as an identifier.
        "slug": "{{axe}}-{{numero}}",
        "identifier_field": "titre",
        "summary": "{{numero}} – {{titre}}",
        "sortable_fields": ["numero", "titre", "statut"],
        "editor": {"preview": False},
        "fields": [dict(f, label=voc.axe) if f["name"] == "axe" else f for f in fields(Fiche, {**ctx, "axes": axes})] + [
            {"name": "body", "label": "Texte de la fiche", "widget": "markdown",
             # Markdown as written: the rich-text mode would rewrite the whole text (abbreviations, attributes…).
             "modes": ["raw"],
             "sanitize_preview": True,
             "hint": "Titres de section avec « ## », listes avec « - ». Le titre de la page vient du champ « titre »."},
        ],
    }


def backend(repo_url: str | None, edit_uri: str | None) -> dict:
    """The production backend for the forge of ``repo_url`` (``DEPOT_URL``)."""
    branch = (re.search(r"(?:edit|blob)/([^/]+)/", edit_uri or "") or [None, "main"])[1]
    parts = urlsplit(repo_url or "")
    repo = parts.path.strip("/").removesuffix(".git")
    if parts.hostname == "github.com" and repo.count("/") == 1:
        return {"name": "github", "repo": repo, "branch": branch}
    if parts.hostname and "gitlab" in parts.hostname and repo:
        out = {"name": "gitlab", "repo": repo, "branch": branch}
        if parts.hostname != "gitlab.com":
            out.update(base_url=f"https://{parts.hostname}", api_root=f"https://{parts.hostname}/api/v4")
        return out
    return {"name": "git-gateway", "branch": branch}


def config(cat: Catalogue, repo_url: str | None = None, edit_uri: str | None = None, site_url: str | None = None) -> dict:
    ctx = {
        "acteurs": [{"label": _acteur_label(a), "value": i} for i, a in sorted(cat.acteurs.items(), key=lambda kv: kv[1].nom.casefold())],
        "territoires": [{"label": f"{t.nom} ({t.type})", "value": i} for i, t in sorted(cat.territoires.items(), key=lambda kv: kv[1].nom.casefold())],
    }
    out = {
        "locale": "fr",
        "backend": backend(repo_url, edit_uri),
        "local_backend": True,  # decap-server on this machine, only when the page is opened on localhost
        "publish_mode": "simple",
        "media_folder": "docs/assets/medias",
        "public_folder": "/assets/medias",
        "slug": {"encoding": "ascii", "clean_accents": True, "sanitize_replacement": "-"},
        "collections": [collection(cat, p.id, ctx) for p in cat.plans_ordered()],
    }
    if site_url:
        out["site_url"] = out["display_url"] = site_url
    return out


def api_hosts(back: dict) -> list[str]:
    """Hosts the editor may call in production (its backend's API), for the page's CSP."""
    return {"github": ["https://api.github.com"], "gitlab": [back.get("api_root", "https://gitlab.com/api/v4").rsplit("/api/", 1)[0]],
            "git-gateway": ["https://api.netlify.com"]}.get(back["name"], [])


def index_html(back: dict) -> str:
    connect = " ".join(["'self'", "http://localhost:*", "http://127.0.0.1:*", "blob:", "data:", *api_hosts(back)])
    text = (Path(__file__).parent / "decap_index.html").read_text(encoding="utf-8")
    phrases = {"required": messages.missing_field()}
    return (text.replace("@CONNECT@", html.escape(connect))
                .replace("@PHRASES@", json.dumps(phrases, ensure_ascii=False).replace("</", "<\\/")))


def bundle_missing() -> str | None:
    """The warning to give when Decap's bundle is not installed, or None."""
    if (BUNDLE / "decap-cms.js").exists():
        return None
    return f"Éditeur /admin/ : Decap CMS absent ({BUNDLE / 'decap-cms.js'}) ; lancez « npm ci » à la racine du dépôt."


def write_admin(cat: Catalogue, site_dir: Path | str, repo_url=None, edit_uri=None, site_url=None, warn: bool = True) -> Path:
    """site/admin/: config.yml, index.html and Decap's bundle. ``warn=False`` when the
    caller gives the missing-bundle warning itself (a worker process: MkDocs' strict
    mode counts the warnings of its own process only)."""
    admin = Path(site_dir) / "admin"
    admin.mkdir(parents=True, exist_ok=True)
    conf = config(cat, repo_url, edit_uri, site_url)
    (admin / "config.yml").write_text(
        "# Généré par macros/decap.py à partir du modèle (macros/model.py) : ne pas modifier à la main.\n"
        + yaml.safe_dump(conf, allow_unicode=True, sort_keys=False, width=120), encoding="utf-8")
    (admin / "index.html").write_text(index_html(conf["backend"]), encoding="utf-8")
    if (missing := bundle_missing()) is not None:
        if warn:
            log.warning(missing)
        return admin
    # The main file and the chunks it loads on demand (same folder, same origin); no source maps.
    for f in [BUNDLE / "decap-cms.js", BUNDLE / "decap-cms.js.LICENSE.txt", *sorted(BUNDLE.glob("[0-9]*.decap-cms.js"))]:
        shutil.copyfile(f, admin / f.name)
    return admin
