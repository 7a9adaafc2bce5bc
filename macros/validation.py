"""Raw values → models → one catalogue, collecting every error before failing.

``validate_tree(root)`` reads ``data/`` and ``docs/`` under ``root`` and
returns ``(catalogue, problems)``; the catalogue leaves out what failed, so a
preview can still be built. The YAML of unchanged files comes from a cache
(``macros.cache``, under ``root/.cache/``); everything else is checked on every
run; a second process parses pages ahead (``macros.parallele``). Imports loading,
messages, model, catalogue, dates, cache, parallele.
"""
from __future__ import annotations

import gc
import os
import re
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from . import dates, messages
from .cache import DOSSIER, ParseCache
from .catalogue import AxeEntry, Catalogue, FicheEntry, JalonEntry, PlanEntry
from .loading import PARSER_VERSION, Problem, Raw, load_data, load_page, may_have_h1
from .parallele import Ahead
from .model import DATA_KINDS, Axe, Fiche, PagePlan, Plan

IDENT = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")

# Fields whose value may take several forms: one message for the whole union.
_UNION_MESSAGES = {
    "montant": messages.amount,
    "cible": messages.number_or_text,
    "page": messages.number_or_text,
}


def _clean_loc(loc: tuple, value: Any, kind: str) -> tuple:
    """Drop union-member tags from a pydantic location, keeping real keys."""
    out, current = [], value
    for i, part in enumerate(loc):
        if isinstance(current, dict) and part in current:
            out.append(part)
            current = current[part]
        elif isinstance(current, dict) and str(part) in {str(k) for k in current}:
            out.append(part)
            current = {str(k): v for k, v in current.items()}[str(part)]
        elif isinstance(current, list) and isinstance(part, int) and part < len(current):
            out.append(part)
            current = current[part]
        elif isinstance(current, dict) and kind in ("missing", "extra_forbidden") and i == len(loc) - 1:
            out.append(part)
    return tuple(out)


def field_label(path: tuple) -> str:
    """("budget", 1, "montant") → « budget › n° 2 › montant »."""
    return " › ".join(f"n° {p + 1}" if isinstance(p, int) else str(p) for p in path)


def _allowed_keys(model: type[BaseModel], path: tuple) -> list[str]:
    """Field names of the (sub)model that holds ``path``'s last key."""
    current: Any = model
    for part in path[:-1]:
        if isinstance(part, int):
            continue
        info = getattr(current, "model_fields", {}).get(part)
        if info is None:
            return []
        current = _inner_model(info.annotation)
    return list(getattr(current, "model_fields", {}))


def _inner_model(annotation):
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()) or ():
        found = _inner_model(arg)
        if found is not None:
            return found
    return None


def _message(err: dict, model: type[BaseModel], path: tuple) -> str:
    kind, value, ctx = err["type"], err.get("input"), err.get("ctx") or {}
    if kind == "missing":
        return messages.missing_field()
    if kind == "extra_forbidden":
        return messages.unknown_field(str(path[-1]) if path else "?", _allowed_keys(model, path))
    if kind == "literal_error":
        allowed = re.findall(r"'((?:[^'\\]|\\.)*)'|\"([^\"]*)\"", ctx.get("expected", ""))
        return messages.not_allowed(value, [a or b for a, b in allowed])
    if kind.startswith("date") or kind.startswith("datetime"):
        return messages.bad_date(value)
    if kind == "string_pattern_mismatch":
        pattern = ctx.get("pattern", "")
        return messages.bad_link(value) if "/" in pattern else messages.bad_ident(value)
    if kind == "string_too_short":
        return messages.empty_text()
    if kind == "string_too_long":
        return messages.too_long(ctx.get("max_length"))
    if kind == "too_short":
        return messages.too_few(ctx.get("min_length"))
    if kind in ("greater_than_equal", "greater_than"):
        return messages.negative(value) if ctx.get("ge", ctx.get("gt")) == 0 else messages.out_of_range(value)
    if kind in ("less_than_equal", "less_than"):
        return messages.out_of_range(value, 0, ctx.get("le", ctx.get("lt")))
    if kind == "finite_number":
        return messages.not_finite(value)
    if kind == "value_error":
        return f"{ctx.get('error', err.get('msg', ''))}."
    if kind in messages.TYPE_WORDS:
        return messages.wrong_type(kind, value)
    return messages.invalid(err.get("msg", kind))


def model_problems(raw: Raw, model: type[BaseModel], value: Any, prefix: tuple = ()) -> tuple[Any, list[Problem]]:
    """Validate one value; every pydantic error becomes a French problem."""
    try:
        return model.model_validate(value), []
    except ValidationError as exc:
        grouped: dict[tuple, list[dict]] = {}
        for err in exc.errors():
            path = _clean_loc(tuple(err["loc"]), value, err["type"])
            grouped.setdefault(path, []).append(err)
        problems = []
        for path, errs in grouped.items():
            full = prefix + path
            if len(errs) > 1 and path and path[-1] in _UNION_MESSAGES:
                neg = [e for e in errs if e["type"] == "greater_than_equal"]
                text = messages.negative(neg[0]["input"]) if neg else _UNION_MESSAGES[path[-1]](errs[0].get("input"))
                problems.append(Problem(raw.file, raw.line_of(full), field_label(full), text))
                continue
            for err in errs:
                text = _message(err, model, path)
                problems.append(Problem(raw.file, raw.line_of(full), field_label(full) or None, text))
        return None, problems


class _Collector:
    """Walks the tree, keeps what is valid, and every problem."""

    def __init__(self, root: Path, cache: ParseCache, memo: dict | None = None):
        self.root = root
        self.cache = cache
        self.problems: list[Problem] = []
        self.sources: dict[str, dict[str, str]] = {k: {} for k in DATA_KINDS}
        self.memo = memo  # the pages' results of the last run in this process, or None
        self.memo_now: dict[tuple, tuple] = {}  # those of this run
        self.body_problems: dict[str, list[Problem]] = {}  # file → its body's problems

    def rel(self, path: Path) -> str:
        return path.relative_to(self.root).as_posix()

    def add(self, problems):
        self.problems.extend(problems)

    # --- data/ -----------------------------------------------------------
    def data_list(self, kind: str, key: str = "id") -> dict[str, tuple]:
        """Every record of data/<kind>/*.yml (or data/<kind>.yml) → {key: (model, raw, index)}."""
        model = DATA_KINDS[kind]
        files = sorted((self.root / "data" / kind).glob("*.yml"))
        single = self.root / "data" / f"{kind}.yml"
        if single.exists():
            files.insert(0, single)
        out: dict[str, tuple] = {}
        for path in files:
            raw, problems = load_data(path, self.rel(path), self.cache)
            self.add(problems)
            if raw is None:
                continue
            if not isinstance(raw.value, list):
                self.add([Problem(raw.file, 1, None, messages.wrong_type("list_type", ""))])
                continue
            for i, item in enumerate(raw.value):
                record, problems = model_problems(raw, model, item, (i,))
                self.add(problems)
                if record is None:
                    continue
                ident = getattr(record, key)
                scope = ident if kind != "jalons" else f"{record.plan}/{ident}"
                if kind == "glossaire":
                    # The same acronym may be expanded by several documents: same
                    # expansion → one entry for all their plans; another → a variant.
                    scope = f"{ident.casefold()}|{' '.join(record.definition.casefold().split())}"
                    if scope in out:
                        first = out[scope][0]
                        plans = list(dict.fromkeys(first.plans + record.plans))
                        out[scope] = (first.model_copy(update={"plans": plans}),) + out[scope][1:]
                        continue
                if scope in out:
                    other = out[scope][1].file
                    self.add([Problem(raw.file, raw.line_of((i, key)), key, messages.duplicate_id("identifiant" if key == "id" else key, ident, other))])
                    continue
                out[scope] = (record, raw, i)
                self.sources[kind][scope] = raw.file
        return out

    def plans(self) -> dict[str, tuple]:
        out = {}
        for path in sorted((self.root / "data" / "plans").glob("*.yml")):
            raw, problems = load_data(path, self.rel(path), self.cache)
            self.add(problems)
            if raw is None:
                continue
            if not IDENT.match(path.stem):
                self.add([Problem(raw.file, None, None, messages.bad_file_name(path.stem))])
                continue
            if not isinstance(raw.value, dict):
                self.add([Problem(raw.file, 1, None, messages.not_a_mapping())])
                continue
            plan, problems = model_problems(raw, Plan, raw.value)
            self.add(problems)
            if plan is not None:
                out[path.stem] = (plan, raw)
        return out

    # --- docs/ -----------------------------------------------------------
    def start_pages(self, folders: list[tuple[str, type[BaseModel], bool]]) -> None:
        """Lists the pages of each (folder, model, nested), and has another process start
        parsing them (``macros.parallele``) while this one goes on with the data."""
        self.listings: dict[str, tuple[list, bool]] = {}
        self.named: list[tuple[str, str, type[BaseModel]]] = []  # (path, file, model) of each page to load
        for folder, model, nested in folders:
            files = self._listing(folder, nested)
            self.listings[folder] = (files, nested)
            self.named += [(f[3], f[1], model) for f in files if f[3]]
        self.ahead = Ahead([n[0] for n in self.named], self.cache, names=[n[1] for n in self.named])

    def _listing(self, folder: str, nested: bool) -> list[tuple]:
        """(parts, file, stem, path or None when its name is wrong) of each page of ``folder``, in order."""
        base = self.root / "docs" / folder
        if not base.exists():
            return []
        prefix = self.rel(base) + "/"
        inside = os.fspath(base) + os.sep  # os.path.join(base, *parts) is inside + os.sep.join(parts)
        files = []
        for parts in _markdown_files(base):
            stem = parts[-1][:-3] if len(parts[-1]) > 3 else parts[-1]  # as Path.stem
            named = len(parts) == (2 if nested else 1) and IDENT.match(stem) and (not nested or IDENT.match(parts[0]))
            files.append((parts, prefix + "/".join(parts), stem, inside + os.sep.join(parts) if named else None))
        return files

    def check_pages(self) -> None:
        """Every page listed by ``start_pages`` loaded and checked, in the order the other process allows."""
        results: list = [None] * len(self.named)
        for i in self.ahead.indices():
            results[i] = self.page(*self.named[i])
        self.results = iter(results)

    def pages(self, folder: str) -> dict[str, tuple]:
        """The valid pages of ``folder`` (checked by ``check_pages``), and every problem, in order."""
        files, nested = self.listings[folder]
        out = {}
        for parts, rel, stem, path in files:
            if len(parts) != (2 if nested else 1):
                self.add([Problem(rel, None, None, messages.misplaced(rel))])
                continue
            if path is None:
                self.add([Problem(rel, None, None, messages.bad_file_name(stem))])
                continue
            raw, record, problems, body = next(self.results)
            self.add(problems)
            if record is not None:
                key = f"{parts[0]}/{stem}" if nested else stem
                out[key] = (record, raw)
                self.body_problems[rel] = body
        return out

    def page(self, path: str, rel: str, model: type[BaseModel]) -> tuple:
        """(raw, record or None, problems, problems of its body) of one page. The
        result depends only on the page's bytes (and this code): a page whose bytes
        were checked in the last run of this process is not checked again, and
        one whose ``stat`` did not change is not even read."""
        try:
            st = os.stat(path)
        except OSError:
            st = None  # load_page reports it
        memo = self.memo
        key = self.cache.unchanged(rel, st) if memo else None  # else load_page asks
        found = None if key is None else memo.get((rel, model, key))
        if found is not None:
            self.cache.keep(key)  # for the next process
        else:
            raw, problems = load_page(path, rel, self.cache, st)
            key = None if memo is None else self.cache.key_of(rel)
            found = None if key is None else memo.get((rel, model, key))
            if found is None:
                record = body = None
                if raw is not None:
                    record, more = model_problems(raw, model, raw.value)
                    problems = problems + more
                    body = _check_body(raw) if record is not None else None
                found = (raw, record, problems, body)
        if key is not None:
            self.memo_now[(rel, model, key)] = found
        return found


def _markdown_files(base: Path) -> list[tuple[str, ...]]:
    """What ``sorted(base.rglob("*.md"))`` gives, as parts relative to ``base``, at a
    fraction of its cost: names ending in .md (folders too), links to folders not
    followed, in the order of sorted paths."""
    found = []

    def fail(err: OSError):
        if not isinstance(err, FileNotFoundError):
            raise err

    for folder, dirs, files in os.walk(base, onerror=fail):
        rel = os.path.relpath(folder, base)
        inside = () if rel == "." else tuple(rel.split(os.sep))
        found += [inside + (name,) for name in dirs + files if name.endswith(".md")]
    found.sort()
    return found


def _impossible(quand: str, seen: dict) -> str | None:
    """Why ``quand`` is an impossible date, or None; ``seen`` remembers answers (calendars repeat)."""
    if quand not in seen:
        try:
            dates.parse(quand)
            seen[quand] = None
        except dates.DateImpossible as exc:
            seen[quand] = str(exc)
    return seen[quand]


def _check_calendar(raw: Raw, entries, prefix: tuple, seen: dict) -> list[Problem]:
    problems = []
    for i, entry in enumerate(entries):
        why = _impossible(entry.quand, seen)
        if why is not None:
            path = prefix + (i, "quand")
            problems.append(Problem(raw.file, raw.line_of(path), field_label(path), messages.impossible_date(entry.quand, why)))
    return problems


_H1 = re.compile(r"^#(?!#)")


def _check_body(raw: Raw) -> list[Problem]:
    """Markdown headings of level 1 in a body (the page's title comes from the model)."""
    if not (raw.h1 if raw.h1 is not None else may_have_h1(raw.body_text)):
        return []
    problems, fenced = [], False
    for n, line in enumerate(raw.body.split("\n")):
        if line.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
        elif not fenced and _H1.match(line):
            problems.append(Problem(raw.file, raw.body_line + n, None, messages.body_h1()))
    return problems


def validate_tree(root: Path | str, cache: bool = True) -> tuple[Catalogue, list[Problem]]:
    """Every file under ``root`` checked; ``cache=False`` parses every file's YAML again."""
    root = Path(root)
    # The values read so far only grow until the end: the cycle collector would
    # walk all of them again and again, which made the time grow faster than the
    # number of files. The few cycles made here (exceptions) are collected afterwards.
    collecting = gc.isenabled()
    gc.disable()
    try:
        parse_cache = ParseCache(root / DOSSIER / "entetes.marshal" if cache else None, PARSER_VERSION)
        memo = _MEMO.pop(str(root), {}) if cache else None
        result, memo_now = _validate(root, parse_cache, memo)
        parse_cache.save_later()  # in a thread: the result does not wait for the next run's cache
        if cache:
            _MEMO[str(root)] = memo_now
            while len(_MEMO) > _MEMO_ROOTS:
                del _MEMO[next(iter(_MEMO))]
        return result
    finally:
        if collecting:
            _age(gc)
            gc.enable()


def _age(gc) -> None:
    """Everything made so far counted as old: the cycle collector would otherwise walk,
    at its next young collection, every value read (0.1 s at 5,000 pages) only to find
    them alive. Done only when nothing else froze objects."""
    if gc.get_freeze_count() == 0:
        gc.freeze()
        gc.unfreeze()


#: The pages' results of the last run in this process, by project (``mkdocs serve``
#: validates the same tree again after each save): root → {(file, model, key of
#: its bytes): (raw, record, problems, problems of its body)}. A result depends only
#: on the bytes and on the code, which does not change within a process.
_MEMO: dict[str, dict] = {}
_MEMO_ROOTS = 4


def _validate(root: Path, parse_cache: ParseCache, memo: dict | None):
    """((catalogue, problems), the pages' results)."""
    c = _Collector(root, parse_cache, memo)
    c.start_pages([("plans", PagePlan, False), ("axes", Axe, True), ("fiches", Fiche, True)])
    try:
        acteurs = c.data_list("acteurs")
        territoires = c.data_list("territoires")
        glossaire = c.data_list("glossaire", key="sigle")  # merged, never a duplicate
        jalons = c.data_list("jalons")
        plans = c.plans()
        c.check_pages()
    finally:
        c.ahead.close(kill=True)  # done already, but after an error
    plan_pages = c.pages("plans")
    axes = c.pages("axes")
    fiches = c.pages("fiches")

    def bad(raw: Raw, path: tuple, text: str):
        c.add([Problem(raw.file, raw.line_of(path), field_label(path), text)])

    def actors(raw: Raw, ids, path: tuple) -> bool:
        ok = True
        for i, a in enumerate(ids):
            if a not in acteurs:
                bad(raw, path + (i,), messages.unknown_actor(a))
                ok = False
        return ok

    def terr(raw: Raw, ids, path: tuple) -> bool:
        ok = True
        for i, t in enumerate(ids):
            if t not in territoires:
                bad(raw, path + (i,), messages.unknown_territory(t))
                ok = False
        return ok

    for tid, (t, raw, i) in territoires.items():
        if t.parent and t.parent not in territoires:
            bad(raw, (i, "parent"), messages.unknown_territory(t.parent))

    plan_entries = {}
    for pid, (plan, raw) in plans.items():
        if actors(raw, plan.emetteurs, ("emetteurs",)):
            page = plan_pages.get(pid)
            plan_entries[pid] = PlanEntry(pid, plan, raw.file, page[1].file if page else None, page[1].body if page else "")
    for pid, (plan, raw) in plans.items():
        if plan.plan_lie and plan.plan_lie not in plans:
            bad(raw, ("plan_lie",), messages.unknown_plan(plan.plan_lie))
    for pid, (_, raw) in plan_pages.items():
        if pid not in plans:
            c.add([Problem(raw.file, 1, None, messages.unknown_plan(pid))])

    for _, raw in list(axes.values()) + list(fiches.values()) + list(plan_pages.values()):
        c.add(c.body_problems[raw.file])

    axe_entries = {}
    for key, (axe, raw) in axes.items():
        plan_id, axe_id = key.split("/")
        ok = plan_id in plans or not c.add([Problem(raw.file, 1, None, messages.unknown_plan(plan_id))])
        ok &= actors(raw, axe.pilotes, ("pilotes",))
        if axe.parent and f"{plan_id}/{axe.parent}" not in axes:
            bad(raw, ("parent",), messages.unknown_axis(plan_id, axe.parent))
            ok = False
        elif axe.parent == axe_id:
            bad(raw, ("parent",), messages.parent_loop(axe_id))
            ok = False
        if axe.axe_lie and axe.axe_lie not in axes:
            lp, la = axe.axe_lie.split("/")
            bad(raw, ("axe_lie",), messages.unknown_axis(lp, la))
            ok = False
        if ok:
            axe_entries[key] = AxeEntry(axe_id, plan_id, axe, raw.file, raw.body_text, raw.body_line)

    fiche_entries = {}
    numeros: dict[tuple, str] = {}
    seen: dict[str, str | None] = {}
    for key, (fiche, raw) in fiches.items():
        plan_id, fiche_id = key.split("/")
        ok = True
        if plan_id not in plans:
            c.add([Problem(raw.file, 1, None, messages.unknown_plan(plan_id))])
            ok = False
        elif f"{plan_id}/{fiche.axe}" not in axes:
            bad(raw, ("axe",), messages.unknown_axis(plan_id, fiche.axe))
            ok = False
        elif f"{plan_id}/{fiche.axe}" not in axe_entries:
            ok = False  # the axis itself is invalid and already reported
        ok &= actors(raw, fiche.pilotes, ("pilotes",))
        ok &= actors(raw, fiche.partenaires, ("partenaires",))
        for i, action in enumerate(fiche.actions):
            ok &= actors(raw, action.pilotes, ("actions", i, "pilotes"))
        for i, moyen in enumerate(fiche.moyens):
            if moyen.acteur and moyen.acteur not in acteurs:
                bad(raw, ("moyens", i, "acteur"), messages.unknown_actor(moyen.acteur))
                ok = False
        ok &= terr(raw, fiche.territoire.departements, ("territoire", "departements"))
        ok &= terr(raw, fiche.territoire.territoires, ("territoire", "territoires"))
        cal = _check_calendar(raw, fiche.calendrier, ("calendrier",), seen)
        c.add(cal)
        ok &= not cal
        dup = numeros.get((plan_id, fiche.numero))
        if dup:
            bad(raw, ("numero",), messages.duplicate_id("numéro", fiche.numero, dup))
            ok = False
        else:
            numeros[(plan_id, fiche.numero)] = raw.file
        if ok:
            fiche_entries[key] = FicheEntry(fiche_id, plan_id, fiche, raw.file, raw.body_text, raw.body_line)

    jalon_entries = []
    for scope, (jalon, raw, i) in jalons.items():
        ok = True
        if jalon.plan not in plans:
            bad(raw, (i, "plan"), messages.unknown_plan(jalon.plan))
            ok = False
        elif jalon.axe and f"{jalon.plan}/{jalon.axe}" not in axes:
            bad(raw, (i, "axe"), messages.unknown_axis(jalon.plan, jalon.axe))
            ok = False
        why = _impossible(jalon.quand, seen)
        if why is not None:
            bad(raw, (i, "quand"), messages.impossible_date(jalon.quand, why))
            ok = False
        if ok:
            jalon_entries.append(JalonEntry(jalon, raw.file))

    catalogue = Catalogue(
        plans=plan_entries,
        axes=axe_entries,
        fiches=fiche_entries,
        acteurs={k: v[0] for k, v in acteurs.items()},
        glossaire=tuple(v[0] for v in sorted(glossaire.values(), key=lambda v: (v[0].sigle.casefold(), v[0].definition))),
        territoires={k: v[0] for k, v in territoires.items()},
        jalons=tuple(jalon_entries),
        sources=c.sources,
    )
    return (catalogue, c.problems), c.memo_now
