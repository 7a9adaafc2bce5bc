"""Calendar expressions → periods."""
import datetime as dt

import pytest

from macros import dates

D = dt.date


@pytest.mark.parametrize("text, start, end, precision", [
    ("2026-03-05", D(2026, 3, 5), D(2026, 3, 5), "jour"),
    ("5 mars 2026", D(2026, 3, 5), D(2026, 3, 5), "jour"),
    ("1er mars 2026", D(2026, 3, 1), D(2026, 3, 1), "jour"),
    ("28/11/2025", D(2025, 11, 28), D(2025, 11, 28), "jour"),
    ("du 12/01/2025 au 04/02/2026", D(2025, 1, 12), D(2026, 2, 4), "jour"),
    ("mars 2026", D(2026, 3, 1), D(2026, 3, 31), "mois"),
    ("novembre 2026", D(2026, 11, 1), D(2026, 11, 30), "mois"),
    ("janvier-février 2026", D(2026, 1, 1), D(2026, 2, 28), "mois"),
    ("Janvier/Février 2026", D(2026, 1, 1), D(2026, 2, 28), "mois"),
    ("T1 2027", D(2027, 1, 1), D(2027, 3, 31), "trimestre"),
    ("T2-T3 2026", D(2026, 4, 1), D(2026, 9, 30), "trimestre"),
    ("T3-T4 2026", D(2026, 7, 1), D(2026, 12, 31), "trimestre"),
    ("1er semestre 2020", D(2020, 1, 1), D(2020, 6, 30), "semestre"),
    ("2e semestre 2020", D(2020, 7, 1), D(2020, 12, 31), "semestre"),
    ("2026", D(2026, 1, 1), D(2026, 12, 31), "année"),
    ("2026-2027", D(2026, 1, 1), D(2027, 12, 31), "année"),
    ("seconde quinzaine d'avril 2026", D(2026, 4, 16), D(2026, 4, 30), "quinzaine"),
    ("automne 2020", D(2020, 9, 23), D(2020, 12, 20), "saison"),
    ("printemps 2024", D(2024, 3, 20), D(2024, 6, 20), "saison"),
])
def test_parse(text, start, end, precision):
    p = dates.parse(text)
    assert (p.debut, p.fin, p.precision) == (start, end, precision)


def test_relative_duration():
    p = dates.parse("18 mois")
    assert p.relative and p.mois_relatifs == 18


@pytest.mark.parametrize("text", ["31 février 2026", "2026-02-30", "30/02/2026", "T3-T2 2026"])
def test_impossible(text):
    with pytest.raises(dates.DateImpossible):
        dates.parse(text)


def test_free_text_is_none():
    assert dates.parse("dès que possible") is None
