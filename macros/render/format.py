"""French formatting of numbers, amounts, dates and lists (through Babel).

Spaces inside numbers are narrow no-break spaces (U+202F), as Babel's fr_FR
locale prints them; tests normalise spaces before comparing.
"""
from __future__ import annotations

import datetime as dt
from functools import lru_cache

from babel.dates import format_date
from babel.numbers import format_decimal

from ..model import LigneBudget

LOCALE = "fr_FR"


def nombre(value) -> str:
    """1452000 → « 1 452 000 »; 72.2 → « 72,2 »; text stays as printed."""
    if isinstance(value, bool) or value is None:
        return "" if value is None else str(value)
    if isinstance(value, (int, float)):
        if float(value).is_integer():
            value = int(value)
        return _decimal(value)
    return str(value)


@lru_cache(maxsize=8192)
def _decimal(value: int | float) -> str:
    """Babel's figure (it parses its locale at every call: a fifth of a fiche's summary
    box). Keyed by value: ints and non-integer floats only, so 2 and 2.0 never meet."""
    return format_decimal(value, locale=LOCALE, decimal_quantization=False)


def montant(line) -> str:
    """A budget line's amount as a reader should read it: range, unit, or words."""
    text = euros(line.montant)
    if line.montant_max is not None and isinstance(line.montant, (int, float)):
        text = f"de {nombre(line.montant)} à {euros(line.montant_max)}"
    if line.par:
        text += f" {line.par}"
    return text


def euros(value) -> str:
    """An amount in euros, or the budget line's words (« à définir »…)."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return f"{nombre(value)}\u00a0€"
    return str(value)


def valeur(value, unite: str | None = None) -> str:
    """An indicator value with its unit: « 72,2 % », « 12 entreprises »."""
    text = nombre(value)
    if not unite or not isinstance(value, (int, float)):
        return text
    if unite in ("%", "€"):
        return f"{text}\u00a0{unite}"
    return f"{text} {unite}"


@lru_cache(maxsize=4096)
def date_longue(value: dt.date) -> str:
    """« 13 avril 2026 », « 1er mars 2026 »."""
    text = format_date(value, format="d MMMM y", locale=LOCALE)
    return "1er" + text[1:] if value.day == 1 else text


def liste(items) -> str:
    """« a, b et c »."""
    items = [str(i) for i in items if i]
    if len(items) < 2:
        return "".join(items)
    return ", ".join(items[:-1]) + " et " + items[-1]


def total_budget(lines: list[LigneBudget]) -> float | None:
    """Sum of the amounts given; None when no line has an amount."""
    amounts = [
        l.montant for l in lines
        if isinstance(l.montant, (int, float)) and l.montant_max is None and not l.par
    ]
    return sum(amounts) if amounts else None


def etiquette(mot: str, numero: str) -> str:
    """« Fiche action » + « 1 » → « Fiche action 1 »; a number that already
    carries the word (« Fiche action 1 », « Chantier n° 2 ») is kept as is."""
    if numero.lower().startswith(mot.lower()[:5]):
        return numero
    return f"{mot} {numero}"


def minuscule(text: str) -> str:
    """Lower-case a word of the vocabulary for use inside a sentence, keeping
    acronyms: « Fiches actions » → « fiches actions », « Catégories SGPE » →
    « catégories SGPE »."""
    words = text.split(" ")
    return " ".join(w if (len(w) > 1 and w[1:].isupper()) or w.isupper() and len(w) > 1 else w[:1].lower() + w[1:] for w in words)
