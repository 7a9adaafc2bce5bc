"""The preview (``APERCU=1 mkdocs serve --dirty``): after each save the content is
checked again (pages unchanged since the last build are taken as checked), an
error brought by an edit is listed on the apercu/ page and its fiche left out,
and the fiche comes back once corrected."""
from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request

from conftest import ENV, mini_site

F = "docs/fiches/essai/fiche-1.md"


def get(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as r:
            return r.read().decode("utf-8")
    except OSError as err:
        return f"absent ({err})"


def wait_for(url: str, words: str, proc, log, seconds: float = 120) -> str:
    deadline = time.time() + seconds
    while time.time() < deadline:
        text = get(url)
        if words in text:
            return text
        assert proc.poll() is None, log.read_text(encoding="utf-8")[-3000:]
        time.sleep(0.2)
    raise AssertionError(f"« {words} » absent de {url} :\n{log.read_text(encoding='utf-8')[-3000:]}")


def test_an_edit_that_brings_an_error_is_listed_then_its_fix_served(tmp_path):
    root = mini_site(tmp_path)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    log = tmp_path / "serve.log"
    with open(log, "w") as out:
        proc = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--dirty", "--no-strict", "-a", f"127.0.0.1:{port}"],
                                cwd=root, env={**ENV, "APERCU": "1", "PDF": "0"}, stdout=out, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(f"{base}/fiches/essai/fiche-1/", "Première fiche", proc, log)
        time.sleep(1.5)  # the watcher starts once the first build is served
        fiche = root / F
        good = fiche.read_text(encoding="utf-8")
        fiche.write_text(good.replace("statut: en cours", "statut: enc ours"), encoding="utf-8")
        listing = wait_for(f"{base}/apercu/", "docs/fiches/essai/fiche-1.md", proc, log)
        assert "« enc ours » n&#39;est pas une valeur permise" in listing
        fiche.write_text(good.replace("titre: Première fiche", "titre: Fiche corrigée"), encoding="utf-8")
        wait_for(f"{base}/fiches/essai/fiche-1/", "Fiche corrigée", proc, log)
        assert "docs/fiches/essai/fiche-1.md" not in get(f"{base}/apercu/")
    finally:
        proc.terminate()
        proc.wait(timeout=30)
