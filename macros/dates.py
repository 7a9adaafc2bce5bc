"""Calendar expressions of the plans (« T2-T3 2026 », « 5 mars 2026 »…) → periods.

``parse`` returns a ``Periode`` (first and last day, precision), ``None`` for
free text it cannot read, and raises ``DateImpossible`` for a date that does
not exist (« 31 février 2026 »). Imports nothing local.
"""
from __future__ import annotations

import calendar
import datetime as dt
import re
import unicodedata
from dataclasses import dataclass

MOIS = {
    "janvier": 1, "fevrier": 2, "mars": 3, "avril": 4, "mai": 5, "juin": 6, "juillet": 7,
    "aout": 8, "septembre": 9, "octobre": 10, "novembre": 11, "decembre": 12,
}
MOIS_FR = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
           "septembre", "octobre", "novembre", "décembre"]


class DateImpossible(ValueError):
    """A date that looks like one but does not exist; ``str()`` is French."""


@dataclass(frozen=True)
class Periode:
    debut: dt.date | None
    fin: dt.date | None
    precision: str  # jour, mois, quinzaine, trimestre, semestre, année, relatif
    mois_relatifs: int | None = None  # for « 18 mois »: a duration from the plan's start

    @property
    def relative(self) -> bool:
        return self.debut is None


def _norm(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.lower())
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.replace("’", "'").replace("–", "-").replace("—", "-")
    return re.sub(r"\s+", " ", text).strip()


def _day(year: int, month: int, day: int, raw: str) -> dt.date:
    if not 1 <= month <= 12:
        raise DateImpossible(f"le mois {month} n'existe pas")
    last = calendar.monthrange(year, month)[1]
    if not 1 <= day <= last:
        raise DateImpossible(f"le {day} {MOIS_FR[month - 1]} {year} n'existe pas")
    return dt.date(year, month, day)


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _months(a: int, ya: int, b: int, yb: int, precision: str) -> Periode:
    return Periode(dt.date(ya, a, 1), _month_end(yb, b), precision)


_M = "(" + "|".join(MOIS) + ")"
_Y = r"((?:19|20)\d\d)"
_D = r"(\d{1,2})(?:er)?"

_PATTERNS: list[tuple[re.Pattern, callable]] = []


def _rule(pattern: str):
    def register(fn):
        _PATTERNS.append((re.compile("^" + pattern + "$"), fn))
        return fn
    return register


@_rule(_Y + r"-(\d\d)-(\d\d)")
def _iso(m, raw):
    d = _day(int(m[1]), int(m[2]), int(m[3]), raw)
    return Periode(d, d, "jour")


@_rule(r"(\d{1,2})/(\d{1,2})/" + _Y)
def _slashed(m, raw):
    d = _day(int(m[3]), int(m[2]), int(m[1]), raw)
    return Periode(d, d, "jour")


@_rule(r"(?:du )?(\d{1,2})/(\d{1,2})/" + _Y + r" (?:au|-) (\d{1,2})/(\d{1,2})/" + _Y)
def _slashed_range(m, raw):
    a = _day(int(m[3]), int(m[2]), int(m[1]), raw)
    b = _day(int(m[6]), int(m[5]), int(m[4]), raw)
    return Periode(a, b, "jour")


@_rule(r"(?:le )?" + _D + " " + _M + " " + _Y)
def _day_month(m, raw):
    d = _day(int(m[3]), MOIS[m[2]], int(m[1]), raw)
    return Periode(d, d, "jour")


@_rule(r"(?:du )?" + _D + r"(?: " + _M + r")? (?:au|-) " + _D + " " + _M + " " + _Y)
def _day_range(m, raw):
    year, m2 = int(m[5]), MOIS[m[4]]
    m1 = MOIS[m[2]] if m[2] else m2
    return Periode(_day(year, m1, int(m[1]), raw), _day(year, m2, int(m[3]), raw), "jour")


@_rule(r"(?:en )?(?:debut |fin |mi-)?" + _M + " " + _Y)
def _month(m, raw):
    mo, y = MOIS[m[1]], int(m[2])
    return _months(mo, y, mo, y, "mois")


@_rule(r"(?:de )?" + _M + r" ?(?:-|/|a|et) ?" + _M + " " + _Y)
def _month_range(m, raw):
    y = int(m[3])
    a, b = MOIS[m[1]], MOIS[m[2]]
    return _months(a, y if a <= b else y - 1, b, y, "mois")


@_rule(_M + " " + _Y + r" ?(?:-|a) ?" + _M + " " + _Y)
def _month_year_range(m, raw):
    return _months(MOIS[m[1]], int(m[2]), MOIS[m[3]], int(m[4]), "mois")


@_rule(r"(premiere|seconde|deuxieme|1re|2e) quinzaine (?:d'|de )" + _M + " " + _Y)
def _fortnight(m, raw):
    mo, y = MOIS[m[2]], int(m[3])
    if m[1] in ("premiere", "1re"):
        return Periode(dt.date(y, mo, 1), dt.date(y, mo, 15), "quinzaine")
    return Periode(dt.date(y, mo, 16), _month_end(y, mo), "quinzaine")


SAISONS = {"printemps": ((3, 20), (6, 20)), "ete": ((6, 21), (9, 22)), "automne": ((9, 23), (12, 20))}


@_rule(r"(?:au |a l'|en |l')?(printemps|ete|automne) " + _Y)
def _season(m, raw):
    (ma, da), (mb, db) = SAISONS[m[1]]
    y = int(m[2])
    return Periode(dt.date(y, ma, da), dt.date(y, mb, db), "saison")


@_rule(r"(?:l')?hiver " + _Y + r" ?- ?" + _Y)
def _winter(m, raw):
    return Periode(dt.date(int(m[1]), 12, 21), dt.date(int(m[2]), 3, 19), "saison")


@_rule(r"(fin|debut) " + _Y)
def _start_end_of_year(m, raw):
    """« fin 2025 » → last quarter, « début 2027 » → first quarter (shown as written)."""
    y = int(m[2])
    return _months(10, y, 12, y, "trimestre") if m[1] == "fin" else _months(1, y, 3, y, "trimestre")


@_rule(r"t([1-4]) " + _Y)
def _quarter(m, raw):
    q, y = int(m[1]), int(m[2])
    return _months(3 * q - 2, y, 3 * q, y, "trimestre")


@_rule(r"t([1-4]) ?- ?t([1-4]) " + _Y)
def _quarter_range(m, raw):
    a, b, y = int(m[1]), int(m[2]), int(m[3])
    if b < a:
        raise DateImpossible(f"le trimestre T{b} précède T{a}")
    return _months(3 * a - 2, y, 3 * b, y, "trimestre")


@_rule(r"t([1-4]) " + _Y + r" ?- ?t([1-4]) " + _Y)
def _quarter_year_range(m, raw):
    a, ya, b, yb = int(m[1]), int(m[2]), int(m[3]), int(m[4])
    return _months(3 * a - 2, ya, 3 * b, yb, "trimestre")


@_rule(r"(1er|premier|1|2e|2nd|second|deuxieme|2) semestre " + _Y)
def _semester(m, raw):
    s = 1 if m[1] in ("1er", "premier", "1") else 2
    y = int(m[2])
    return _months(6 * s - 5, y, 6 * s, y, "semestre")


@_rule(r"s([12]) " + _Y)
def _semester_short(m, raw):
    s, y = int(m[1]), int(m[2])
    return _months(6 * s - 5, y, 6 * s, y, "semestre")


@_rule(r"(?:annee )?" + _Y)
def _year(m, raw):
    y = int(m[1])
    return _months(1, y, 12, y, "année")


@_rule(_Y + r" ?(?:-|/|a) ?" + _Y)
def _year_range(m, raw):
    a, b = int(m[1]), int(m[2])
    if b < a:
        raise DateImpossible(f"l'année {b} précède {a}")
    return _months(1, a, 12, b, "année")


@_rule(r"(?:sur |en |d'ici )?(\d{1,3}) mois")
def _relative(m, raw):
    return Periode(None, None, "relatif", int(m[1]))


@_rule(r"m\+?(\d{1,3})(?: ?- ?m\+?(\d{1,3}))?")
def _relative_m(m, raw):
    return Periode(None, None, "relatif", int(m[2] or m[1]))


def parse(expression: str) -> Periode | None:
    """Read one calendar expression; ``None`` when it is free text."""
    text = _norm(expression).rstrip(" .")
    for pattern, fn in _PATTERNS:
        m = pattern.match(text)
        if m:
            return fn(m, expression)
    return None
