"""Hostile and broken contributions: each gives a clear French error naming
file, line and field, or renders safely; never a traceback, and never a
script from content running in a reader's browser."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import mini_site, run_build
from macros.validation import validate_tree

HOSTILE = Path(__file__).parent / "hostile"
F = "docs/fiches/essai/fiche-1.md"


def hostile_site(tmp_path: Path, case: str | None) -> Path:
    root = mini_site(tmp_path)
    if case and (HOSTILE / case).exists():
        shutil.copytree(HOSTILE / case, root, dirs_exist_ok=True)
    return root


def write_bytes(root: Path, data: bytes) -> None:
    (root / F).write_bytes(data)


BASE = (Path(__file__).parent / "fixtures/base" / F).read_bytes()

# case → (file, line, field, words of the message); cases built from bytes come after.
ERRORS = {
    "indentation-incoherente": (F, 8, None, "indentation incohérente"),
    "fichier-vide": (F, 1, None, "le fichier est vide."),
    "sans-en-tete": (F, 1, None, "en-tête manquant"),
    "montant-non-numerique": (F, 7, "budget › n° 1 › montant", "« 1 452 000 € » : attendu un montant en euros (nombre positif, sans espace ni symbole"),
    "plan-inconnu": ("docs/fiches/inconnu/fiche-9.md", 1, None, "plan « inconnu » inconnu : aucun fichier data/plans/inconnu.yml."),
    "avancement-hors-limites": (F, 6, "avancement", "« 140 » : attendu un nombre entre 0 et 100."),
    "numero-en-double": ("docs/fiches/essai/fiche-2.md", 3, "numero", "numéro « 1 » en double (déjà défini dans docs/fiches/essai/fiche-1.md)"),
    "liste-attendue": (F, 6, "pilotes", "attendu : une liste"),
    # the eight kinds of test_validation.py are the rest of the corpus: tabs, unclosed quotes,
    # duplicate keys, missing, unknown, wrong type, impossible dates, negative amounts,
    # duplicate ids, unknown actor and axis.
}
BYTES = {
    "non-utf8": (BASE.replace("Première".encode(), "Première".encode("latin-1")), (F, 2, None, "n'est pas encodé en UTF-8")),
    "trop-gros": (BASE + b"\n" + b"x" * 5_000_000, (F, None, None, "fichier trop volumineux (5")),
    # a YAML alias inside its own anchor's value never ends (it gave « Erreur interne »)
    "ancre-recursive": (BASE.replace(b"---\n", b"---\na: &a [*a]\n", 1), (F, 2, "a", "alias YAML placé dans la valeur de sa propre ancre")),
    "ancre-recursive-profonde": (BASE.replace(b"numero:", b"titre2: {x: &b [1, {y: *b}]}\nnumero:", 1),
                                 (F, 3, "titre2", "alias YAML placé dans la valeur de sa propre ancre")),
    # aliases of aliases (« billion laughs »): a few lines that would expand to 9**8 values
    "alias-en-cascade": (BASE.replace(b"---\n", b"---\na0: &a0 [x, x, x, x, x, x, x, x, x]\n" + b"".join(
        b"a%d: &a%d [%s]\n" % (i, i, b", ".join([b"*a%d" % (i - 1)] * 9)) for i in range(1, 8)), 1),
        (F, 7, "a5", "alias YAML trop nombreux")),
}


@pytest.mark.parametrize("case", sorted(ERRORS))
def test_hostile_error(tmp_path, case):
    file, line, field, words = ERRORS[case]
    _, problems = validate_tree(hostile_site(tmp_path, case))
    assert problems, case
    first = problems[0]
    assert (first.file, first.line, first.field) == (file, line, field), str(first)
    assert words in first.message, str(first)


@pytest.mark.parametrize("case", sorted(BYTES))
def test_hostile_bytes(tmp_path, case):
    data, (file, line, field, words) = BYTES[case]
    root = hostile_site(tmp_path, None)
    write_bytes(root, data)
    _, problems = validate_tree(root)
    first = problems[0]
    assert (first.file, first.line, first.field) == (file, line, field), str(first)
    assert words in first.message


@pytest.mark.parametrize("variant", ["bom", "crlf", "bom+crlf"])
def test_bom_and_crlf_are_accepted(tmp_path, variant):
    root = hostile_site(tmp_path, None)
    data = BASE.replace(b"\n", b"\r\n") if "crlf" in variant else BASE
    write_bytes(root, (b"\xef\xbb\xbf" if "bom" in variant else b"") + data)
    cat, problems = validate_tree(root)
    assert problems == [] and cat.fiches["essai/fiche-1"].data.titre == "Première fiche"


def test_a_hostile_file_never_gives_a_traceback_in_the_build(tmp_path):
    root = hostile_site(tmp_path, None)
    write_bytes(root, b"---\n\x00\x01: [\n---\n")
    result = run_build(root / "mkdocs.yml", tmp_path / "out")
    assert result.returncode != 0 and "Traceback" not in result.stdout + result.stderr
    assert f"{F}, ligne" in result.stdout + result.stderr


SAFE = {
    "titre-script": ("fiches/essai/fiche-1/index.html", ["&lt;script&gt;alert(", "&lt;iframe src="], ["<script>alert(", "<iframe"]),
    "acteur-onerror": ("acteurs/operateur-essai/index.html", ["&lt;img src=x onerror="], ["<img src=x onerror", "<img src=\"x\" onerror"]),
    "corps-hostile": ("fiches/essai/fiche-1/index.html",
                      ["Texte gardé", "{{ config.site_name }}", "{% if vrai %}un bloc{% endif %}"],
                      ["alert('corps')", "onerror", "javascript:", "<iframe", "onclick", "<form", "position:fixed", "exemple.invalid"]),
}


@pytest.fixture(scope="module")
def hostile_builds(tmp_path_factory):
    out = {}
    for case in SAFE:
        tmp = tmp_path_factory.mktemp(case)
        root = hostile_site(tmp, case)
        result = run_build(root / "mkdocs.yml", tmp / "site", {"PDF": "0"})
        assert result.returncode == 0, result.stdout + result.stderr
        out[case] = tmp / "site"
    return out


@pytest.mark.parametrize("case", sorted(SAFE))
def test_hostile_text_is_escaped_or_removed(hostile_builds, case):
    import re

    rel, present, absent = SAFE[case]
    page = (hostile_builds[case] / rel).read_text(encoding="utf-8")
    article = re.search(r"<article.*?</article>", page, re.S).group(0)
    head = re.search(r"<head>.*?</head>", page, re.S).group(0)
    for text in present:
        assert text in article, text
    for text in absent:
        assert text not in article, text
        assert text not in head, text  # the <title> too


@pytest.mark.navigateur
@pytest.mark.parametrize("case", sorted(SAFE))
def test_no_script_from_content_runs(hostile_builds, browser, case):
    import functools
    import http.server
    import threading

    site = hostile_builds[case]

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *a):
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(site)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    dialogs = []
    context = browser.new_context()
    tab = context.new_page()
    tab.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    for rel in (SAFE[case][0].removesuffix("index.html"), "trouver-une-fiche/", "acteurs/"):
        tab.goto(f"http://127.0.0.1:{httpd.server_address[1]}/{rel}")
        tab.wait_for_load_state("load")
        for link in tab.locator("article a").all()[:20]:
            href = link.get_attribute("href") or ""
            assert not href.startswith("javascript:")
    context.close()
    httpd.shutdown()
    assert dialogs == []


def test_preview_builds_the_rest_and_lists_what_was_left_out(tmp_path):
    root = mini_site(tmp_path, "valeur-inconnue")
    (root / "docs/fiches/essai/fiche-2.md").write_text(
        "---\ntitre: Fiche valide\nnumero: \"2\"\naxe: axe-1\nstatut: en cours\n---\n\nTexte.\n", encoding="utf-8")
    strict = run_build(root / "mkdocs.yml", tmp_path / "strict", {"PDF": "0"})
    assert strict.returncode != 0
    preview = run_build(root / "mkdocs.yml", tmp_path / "apercu", {"PDF": "0", "APERCU": "1"})
    assert preview.returncode == 0, preview.stdout + preview.stderr
    site = tmp_path / "apercu"
    assert (site / "fiches/essai/fiche-2/index.html").exists()
    assert not (site / "fiches/essai/fiche-1/index.html").exists()
    listing = (site / "apercu/index.html").read_text(encoding="utf-8")
    assert "docs/fiches/essai/fiche-1.md" in listing and "« enc ours » n&#39;est pas une valeur permise" in listing
    # nothing of the contributor's is lost
    assert "enc ours" in (root / "docs/fiches/essai/fiche-1.md").read_text(encoding="utf-8")


def test_failing_build_never_replaces_the_published_site(tmp_path):
    import subprocess
    import sys

    root = mini_site(tmp_path)
    published = root / "site"
    ok = subprocess.run([sys.executable, "-m", "macros.publier"], cwd=root, capture_output=True, text=True,
                        env={**__import__("os").environ, "PDF": "0"})
    assert ok.returncode == 0, ok.stderr
    before = (published / "fiches/essai/fiche-1/index.html").read_text(encoding="utf-8")
    (root / F).write_text((root / F).read_text(encoding="utf-8").replace("statut: en cours", "statut: enc ours"), encoding="utf-8")
    bad = subprocess.run([sys.executable, "-m", "macros.publier"], cwd=root, capture_output=True, text=True,
                         env={**__import__("os").environ, "PDF": "0"})
    assert bad.returncode != 0 and "n'a pas été modifié" in bad.stderr
    assert (published / "fiches/essai/fiche-1/index.html").read_text(encoding="utf-8") == before
    assert not (root / "site.nouveau").exists()
