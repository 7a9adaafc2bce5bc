"""Open data: CSV, JSON, JSON Schema and ICS through real serialisers.

Each CSV is described once by a list of columns (name, Table Schema type,
French description, getter); the same list writes the CSV, its Table Schema
(schema.data.gouv.fr conventions) and the *Données* page. Never templated text.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterable

from . import dates
from .catalogue import Catalogue, FicheEntry
from .model import Acteur, Axe, Fiche, Jalon, Plan, Terme, TerritoireRef
from .render.format import total_budget
from .render.trouver import fiche_years

if TYPE_CHECKING:
    from icalendar import Calendar

LICENCE = {
    "name": "etalab-2.0",
    "title": "Licence Ouverte / Open Licence version 2.0",
    "path": "https://www.etalab.gouv.fr/licence-ouverte-open-licence/",
}
SEP = "|"  # separator of several values inside one cell


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # Table Schema type: string, integer, number, date
    description: str
    get: Callable[[Any], Any]
    required: bool = False


@dataclass(frozen=True)
class Table:
    name: str  # file name without extension
    title: str
    description: str
    columns: list[Column]
    rows: Callable[[Catalogue], Iterable[Any]]


def _join(values) -> str:
    return SEP.join(str(v) for v in values)


def _amount(value):
    return value if isinstance(value, (int, float)) else None


def _amount_words(value):
    return None if isinstance(value, (int, float)) else value


# --- rows -----------------------------------------------------------------


def _fiche_rows(cat: Catalogue):
    return [(cat, f) for f in cat.all_fiches()]


def _indicator_rows(cat: Catalogue):
    out = []
    for p in cat.plans_ordered():
        for i in p.data.indicateurs:
            out.append((p.id, "plan", p.id, p.url, i))
        for a in cat.axes_of(p.id):
            for i in a.data.indicateurs:
                out.append((p.id, "axe", a.id, a.url, i))
        for f in cat.fiches_of_plan(p.id):
            for i in f.data.indicateurs:
                out.append((p.id, "fiche", f.id, f.url, i))
    rows = []
    for plan, level, ident, url, ind in out:
        periods = list(ind.valeurs.items()) or [(None, None)]
        for period, value in periods:
            rows.append(dict(plan=plan, niveau=level, id=ident, url=url, ind=ind, periode=period, valeur=value))
    return rows


def _budget_rows(cat: Catalogue):
    rows = []
    for p in cat.plans_ordered():
        for line in p.data.budget:
            rows.append(dict(plan=p.id, niveau="plan", id=p.id, action=None, l=line))
        for a in cat.axes_of(p.id):
            for line in a.data.budget:
                rows.append(dict(plan=p.id, niveau="axe", id=a.id, action=None, l=line))
        for f in cat.fiches_of_plan(p.id):
            for line in f.data.budget:
                rows.append(dict(plan=p.id, niveau="fiche", id=f.id, action=None, l=line))
            for act in f.data.actions:
                for line in act.budget:
                    rows.append(dict(plan=p.id, niveau="action", id=f.id, action=act.titre, l=line))
    return rows


def milestone_rows(cat: Catalogue):
    """Every dated event: the plans' milestones and the fiches' calendar entries."""
    rows = []
    for j in cat.jalons:
        d = j.data
        rows.append(dict(plan=d.plan, origine="jalon", id=d.id, fiche=None, quand=d.quand, libelle=d.libelle,
                         lieu=d.lieu, url=cat.plans[d.plan].url if d.plan in cat.plans else None))
    for f in cat.all_fiches():
        for n, e in enumerate(f.data.calendrier, start=1):
            rows.append(dict(plan=f.plan, origine="fiche", id=f"{f.id}-{n}", fiche=f.id, quand=e.quand,
                             libelle=e.libelle, lieu=None, url=f.url, titre_fiche=f.data.titre))
    for r in rows:
        try:
            r["periode"] = dates.parse(r["quand"])
        except dates.DateImpossible:
            r["periode"] = None
    return rows


def _start(r):
    p = r["periode"]
    return p.debut if p and p.debut else None


def _end(r):
    p = r["periode"]
    return p.fin if p and p.fin else None


TABLES = [
    Table("fiches", "Fiches", "Une ligne par fiche de chaque plan.", [
        Column("plan", "string", "Identifiant du plan.", lambda r: r[1].plan, True),
        Column("id", "string", "Identifiant de la fiche dans son plan (nom du fichier).", lambda r: r[1].id, True),
        Column("numero", "string", "Numéro tel que le plan l'écrit.", lambda r: r[1].data.numero, True),
        Column("titre", "string", "Intitulé de la fiche.", lambda r: r[1].data.titre, True),
        Column("axe", "string", "Identifiant de l'axe de la fiche.", lambda r: r[1].data.axe, True),
        Column("axe_titre", "string", "Intitulé de l'axe.", lambda r: r[0].axe_of(r[1]).data.titre),
        Column("statut", "string", "Statut sur l'échelle commune (proposée, à l'étude, priorisée, validée, en cours, réalisée, abandonnée, non précisé).", lambda r: r[1].data.statut, True),
        Column("statut_source", "string", "Statut dans les mots du plan.", lambda r: r[1].data.statut_source),
        Column("avancement", "integer", "Avancement en pourcentage, quand il est connu.", lambda r: r[1].data.avancement),
        Column("pilotes", "string", f"Identifiants des pilotes, séparés par « {SEP} ».", lambda r: _join(r[1].data.pilotes)),
        Column("pilotes_noms", "string", f"Noms des pilotes, séparés par « {SEP} ».", lambda r: _join(r[0].acteurs[a].nom for a in r[1].data.pilotes)),
        Column("partenaires", "string", f"Identifiants des partenaires, séparés par « {SEP} ».", lambda r: _join(r[1].data.partenaires)),
        Column("autres_partenaires", "string", f"Partenaires cités sans identifiant, séparés par « {SEP} ».", lambda r: _join(r[1].data.autres_partenaires)),
        Column("niveaux", "string", "Niveaux territoriaux cochés (CLPE, CDPE, CRPE).", lambda r: _join(r[1].data.territoire.niveaux)),
        Column("region", "string", "Région concernée.", lambda r: r[1].data.territoire.region),
        Column("departements", "string", "Départements (identifiants).", lambda r: _join(r[1].data.territoire.departements)),
        Column("territoires", "string", "Autres territoires (identifiants).", lambda r: _join(r[1].data.territoire.territoires)),
        Column("lieux", "string", "Lieux nommés.", lambda r: _join(r[1].data.territoire.lieux)),
        Column("publics", "string", "Publics visés.", lambda r: _join(r[1].data.publics)),
        Column("themes", "string", "Thèmes.", lambda r: _join(r[1].data.themes)),
        Column("annees", "string", "Années couvertes par le calendrier (sinon par la période du plan).", lambda r: _join(fiche_years(r[0], r[1]))),
        Column("budget_total", "number", "Somme en euros des montants chiffrés de la fiche (fourchettes et montants unitaires exclus) ; vide si aucun.", lambda r: total_budget(r[1].data.budget)),
        Column("nb_indicateurs", "integer", "Nombre d'indicateurs.", lambda r: len(r[1].data.indicateurs)),
        Column("nb_actions", "integer", "Nombre de sous-actions ou d'exemples d'actions.", lambda r: len(r[1].data.actions)),
        Column("source_page", "string", "Page du document source.", lambda r: r[1].data.source.page),
        Column("mise_a_jour", "date", "Date de dernière mise à jour.", lambda r: r[1].data.mise_a_jour),
        Column("url", "string", "Adresse de la page de la fiche, relative à la racine du site.", lambda r: r[1].url, True),
    ], _fiche_rows),
    Table("indicateurs", "Indicateurs", "Une ligne par valeur d'indicateur (ou par indicateur sans valeur), au niveau du plan, d'un axe ou d'une fiche.", [
        Column("plan", "string", "Identifiant du plan.", lambda r: r["plan"], True),
        Column("niveau", "string", "plan, axe ou fiche.", lambda r: r["niveau"], True),
        Column("id", "string", "Identifiant du plan, de l'axe ou de la fiche.", lambda r: r["id"], True),
        Column("libelle", "string", "Libellé de l'indicateur.", lambda r: r["ind"].libelle, True),
        Column("unite", "string", "Unité.", lambda r: r["ind"].unite),
        Column("cible", "string", "Valeur visée, telle qu'imprimée.", lambda r: r["ind"].cible),
        Column("periode", "string", "Année ou période de la valeur.", lambda r: r["periode"]),
        Column("valeur", "string", "Valeur telle qu'imprimée (nombre au point décimal, ou texte).", lambda r: r["valeur"]),
        Column("valeur_nombre", "number", "La valeur quand c'est un nombre.", lambda r: _amount(r["valeur"])),
        Column("source", "string", "Source de la donnée.", lambda r: r["ind"].source),
        Column("url", "string", "Page où l'indicateur est publié.", lambda r: r["url"]),
    ], _indicator_rows),
    Table("budgets", "Lignes de budget", "Une ligne par ligne de budget d'un plan, d'un axe, d'une fiche ou d'une de ses actions.", [
        Column("plan", "string", "Identifiant du plan.", lambda r: r["plan"], True),
        Column("niveau", "string", "plan, axe, fiche ou action.", lambda r: r["niveau"], True),
        Column("id", "string", "Identifiant du plan, de l'axe ou de la fiche.", lambda r: r["id"], True),
        Column("action", "string", "Intitulé de l'action quand la ligne appartient à une action.", lambda r: r["action"]),
        Column("montant", "number", "Montant en euros (borne basse d'une fourchette).", lambda r: _amount(r["l"].montant)),
        Column("montant_max", "number", "Borne haute quand le document donne une fourchette.", lambda r: r["l"].montant_max),
        Column("montant_texte", "string", "« à définir », « pas de budget dédié » ou « non précisé » quand il n'y a pas de montant.", lambda r: _amount_words(r["l"].montant)),
        Column("par", "string", "Unité d'un montant unitaire (« par territoire »).", lambda r: r["l"].par),
        Column("objet", "string", "Ce que finance la ligne.", lambda r: r["l"].objet),
        Column("financeurs", "string", f"Financeurs, séparés par « {SEP} ».", lambda r: _join(r["l"].financeurs)),
        Column("periode", "string", "Période.", lambda r: r["l"].periode),
        Column("note", "string", "Précision.", lambda r: r["l"].note),
    ], _budget_rows),
    Table("acteurs", "Acteurs", "Une ligne par organisation citée par les plans.", [
        Column("id", "string", "Identifiant de l'acteur.", lambda r: r[1].id, True),
        Column("nom", "string", "Nom.", lambda r: r[1].nom, True),
        Column("sigle", "string", "Sigle.", lambda r: r[1].sigle),
        Column("type", "string", "Type d'acteur.", lambda r: r[1].type, True),
        Column("variantes", "string", f"Autres graphies, séparées par « {SEP} ».", lambda r: _join(r[1].variantes)),
        Column("fiches_pilotees", "integer", "Nombre de fiches pilotées.", lambda r: len(r[0].roles_of(r[1].id)["pilote"])),
        Column("fiches_partenaire", "integer", "Nombre de fiches où l'acteur est partenaire ou porte une action.", lambda r: len(r[0].roles_of(r[1].id)["partenaire"])),
        Column("axes_pilotes", "integer", "Nombre d'axes pilotés.", lambda r: len(r[0].roles_of(r[1].id)["axe"])),
        Column("url", "string", "Page de l'acteur.", lambda r: f"acteurs/{r[1].id}/"),
    ], lambda cat: [(cat, a) for a in sorted(cat.acteurs.values(), key=lambda a: a.id)]),
    Table("jalons", "Jalons et calendriers", "Une ligne par date : jalons des plans et entrées de calendrier des fiches.", [
        Column("plan", "string", "Identifiant du plan.", lambda r: r["plan"], True),
        Column("origine", "string", "jalon (du plan) ou fiche (calendrier d'une fiche).", lambda r: r["origine"], True),
        Column("id", "string", "Identifiant du jalon, ou de la fiche suivi du rang de l'entrée.", lambda r: r["id"], True),
        Column("fiche", "string", "Identifiant de la fiche, pour une entrée de calendrier.", lambda r: r["fiche"]),
        Column("quand", "string", "Date ou période telle qu'écrite.", lambda r: r["quand"], True),
        Column("debut", "date", "Premier jour de la période, quand elle est datée.", _start),
        Column("fin", "date", "Dernier jour de la période, quand elle est datée.", _end),
        Column("precision", "string", "jour, quinzaine, mois, trimestre, semestre, année ou relatif.", lambda r: r["periode"].precision if r["periode"] else None),
        Column("libelle", "string", "Ce qui se passe.", lambda r: r["libelle"], True),
        Column("lieu", "string", "Lieu.", lambda r: r["lieu"]),
        Column("url", "string", "Page où la date est publiée.", lambda r: r["url"]),
    ], milestone_rows),
]

JSON_SCHEMAS = {"fiche": Fiche, "axe": Axe, "plan": Plan, "acteur": Acteur, "terme": Terme, "territoire": TerritoireRef, "jalon": Jalon}


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def csv_text(table: Table, cat: Catalogue) -> str:
    """CSV with a byte-order mark: spreadsheets (LibreOffice, Excel in a French
    locale) then read the accents right without asking; csv/pandas/frictionless
    read it with the « utf-8-sig » encoding."""
    buf = io.StringIO()
    buf.write("\ufeff")
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow([c.name for c in table.columns])
    for row in table.rows(cat):
        writer.writerow([_cell(c.get(row)) for c in table.columns])
    return buf.getvalue()


def table_schema(table: Table) -> dict:
    return {
        "$schema": "https://specs.frictionlessdata.io/schemas/table-schema.json",
        "name": table.name,
        "title": table.title,
        "description": table.description,
        "licenses": [LICENCE],
        "fields": [
            {"name": c.name, "type": c.type, "description": c.description,
             **({"constraints": {"required": True}} if c.required else {})}
            for c in table.columns
        ],
        "missingValues": [""],
    }


def fiches_json(cat: Catalogue) -> list[dict]:
    return [
        {"plan": f.plan, "id": f.id, "url": f.url, **f.data.model_dump(mode="json", exclude_defaults=False)}
        for f in cat.all_fiches()
    ]


def calendar(cat: Catalogue, site_url: str = "") -> Calendar:
    """Every dated event and milestone as an RFC 5545 calendar (all-day events)."""
    from icalendar import Calendar, Event  # loaded by the process that writes the open data, when it does

    cal = Calendar()
    cal.add("prodid", "-//Plans d'action emploi-formation//FR")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", "Agenda des plans d'action emploi-formation")
    cal.add("x-wr-timezone", "Europe/Paris")
    # Values shared by many events are encoded once (icalendar keeps an encoded value as it
    # is): the time stamp of every event, and each day that starts or ends one.
    stamp = Event._encode("dtstamp", dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc))
    days: dict[tuple[str, dt.date], Any] = {}

    def day(name: str, value: dt.date):
        if (name, value) not in days:
            days[name, value] = Event._encode(name, value)
        return days[name, value]

    for r in milestone_rows(cat):
        p = r["periode"]
        if not p or not p.debut:
            continue
        plan = cat.plans.get(r["plan"])
        ev = Event()
        ev.add("uid", f"{r['plan']}-{r['origine']}-{r['id']}@plans-emploi-formation")
        ev.add("dtstamp", stamp)
        ev.add("dtstart", day("dtstart", p.debut))
        ev.add("dtend", day("dtend", p.fin + dt.timedelta(days=1)))  # DTEND is exclusive for all-day events
        summary = r["libelle"]
        if r.get("titre_fiche"):
            summary = f"{summary} – {r['titre_fiche']}"
        ev.add("summary", f"[{plan.data.titre_court if plan else r['plan']}] {summary}")
        ev.add("description", f"Date telle qu'écrite dans le document : {r['quand']}.")
        if r.get("lieu"):
            ev.add("location", r["lieu"])
        if site_url and r.get("url"):
            ev.add("url", site_url.rstrip("/") + "/" + r["url"])
        cal.add_component(ev)
    return cal


def ics_bytes(cal: Calendar) -> bytes:
    """``cal.to_ical()``, the same bytes, sooner: a content line shorter than 75 octets
    is never folded, so only the longer ones go through the library's folding (which
    looks at every character of every line: 40 % of the agenda's time at 5,000 fiches)."""
    out = []
    for line in cal.content_lines():
        if line:
            data = line.encode("utf-8")
            out.append(data if len(data) < 75 else line.to_ical())
    return b"\r\n".join(out) + b"\r\n"


def write_all(cat: Catalogue, site_dir: Path, site_url: str = "") -> list[Path]:
    """Write every export under ``site_dir/donnees``; returns the files written."""
    out = Path(site_dir) / "donnees"
    (out / "schemas").mkdir(parents=True, exist_ok=True)
    written = []

    def put(path: Path, text: str):
        path.write_text(text, encoding="utf-8", newline="")
        written.append(path)

    for table in TABLES:
        put(out / f"{table.name}.csv", csv_text(table, cat))
        put(out / "schemas" / f"{table.name}.tableschema.json", json.dumps(table_schema(table), ensure_ascii=False, indent=2))
    put(out / "fiches.json", json.dumps(fiches_json(cat), ensure_ascii=False, indent=1))
    for name, model in JSON_SCHEMAS.items():
        put(out / "schemas" / f"{name}.schema.json", json.dumps(model.model_json_schema(), ensure_ascii=False, indent=2))
    (out / "agenda.ics").write_bytes(ics_bytes(calendar(cat, site_url)))
    written.append(out / "agenda.ics")
    return written
