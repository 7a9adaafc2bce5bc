"""The CSV files open in a spreadsheet with their accents (LibreOffice, headless)."""
from __future__ import annotations

import csv
import io
import shutil
import subprocess

import pytest
from bs4 import BeautifulSoup


@pytest.mark.parametrize("name", ["fiches", "acteurs"])
def test_libreoffice_reads_accents_and_every_row(site, tmp_path, name):
    soffice = shutil.which("soffice")
    assert soffice, "LibreOffice absent : lancez « bash outils/tester.sh », qui l'installe."
    src = tmp_path / f"{name}.csv"
    shutil.copy(site / "donnees" / f"{name}.csv", src)
    # The import options a reader picks (and the Données page gives): comma, double quote, UTF-8.
    subprocess.run(
        [soffice, "--headless", "--norestore", "--infilter=CSV:44,34,76,1", "--convert-to", "html", "--outdir", str(tmp_path / "out"), str(src)],
        check=True, capture_output=True, timeout=180, env={"HOME": str(tmp_path), "PATH": "/usr/bin:/bin"},
    )
    html = (tmp_path / "out" / f"{name}.html").read_text(encoding="utf-8", errors="strict")
    rows = BeautifulSoup(html, "html.parser").select("tr")
    expected = list(csv.reader(io.StringIO((site / "donnees" / f"{name}.csv").read_text(encoding="utf-8-sig"))))
    assert len(rows) == len(expected)
    cells = [" ".join(td.get_text().split()) for td in rows[1].select("td")]
    assert cells[: len(expected[1])][:4] == [" ".join(v.split()) for v in expected[1][:4]]
    assert "Ã" not in html  # no mojibake
    assert any(ch in html for ch in "éèàç")
