"""The search index fed page by page while MkDocs writes them is the index the
Pagefind command line makes of the finished site; generated labels are not
indexed; word chunks are cut to Pagefind's own target."""
from __future__ import annotations

import gzip
import subprocess
import sys
import time
from pathlib import Path

import cbor2
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "outils"))
from comparer import _pf, pagefind_index  # noqa: E402

from macros import recherche_decoupe as decoupe  # noqa: E402
from macros.recherche import EXCLUDE, Indexer, SearchIndexError, page_url  # noqa: E402


@pytest.fixture(scope="module")
def cli_bundle(site, tmp_path_factory) -> Path:
    """The index the Pagefind command line makes of the built site, with the same exclusions (not re-chunked)."""
    out = tmp_path_factory.mktemp("cli") / "pagefind"
    excluded = [arg for selector in EXCLUDE for arg in ("--exclude-selectors", selector)]
    subprocess.run([sys.executable, "-m", "pagefind", "--site", str(site), "--output-path", str(out),
                    "--force-language", "fr", "--silent", *excluded], check=True)
    return out


def test_streamed_index_equals_the_command_line_index(site, cli_bundle):
    built = pagefind_index(site / "pagefind")
    assert built == pagefind_index(cli_bundle)  # words, pages, fragments, filters: only the chunks differ
    assert len(built["pages"]) > 130  # plans, axes and fiches
    assert "/fiches/crpe-2026/fiche-action-1/" in {url for url, _ in built["pages"]}


def test_pagefind_format_is_read_and_written_back_unchanged(cli_bundle):
    """The re-chunking reads and writes Pagefind's files: a new Pagefind format fails here."""
    for path in [*cli_bundle.glob("pagefind.*.pf_meta"), *cli_bundle.glob("index/*.pf_index")]:
        raw = gzip.decompress(path.read_bytes())
        assert raw.startswith(decoupe.SIGNATURE)
        assert cbor2.dumps(decoupe.decode(path.read_bytes())) == raw[len(decoupe.SIGNATURE):], path.name


def test_word_chunks_are_cut_to_the_target(site, cli_bundle):
    def chunks(bundle: Path) -> list[list]:
        return [decoupe.decode(p.read_bytes())[0] for p in bundle.glob("index/*.pf_index")]

    assert any(sum(decoupe.size(w) for w in c[:-1]) >= decoupe.TARGET for c in chunks(cli_bundle))  # Pagefind piles them
    for words in chunks(site / "pagefind"):
        assert sum(decoupe.size(w) for w in words[:-1]) < decoupe.TARGET  # closed once the target is reached


def test_rechunk_replaces_only_the_files_it_says_it_may(cli_bundle):
    """The index files written while the chunks are cut (``may_change`` false) are
    those the cut leaves as they are; on Pagefind's own bundle, some chunks are cut."""
    files = {p.relative_to(cli_bundle).as_posix(): p.read_bytes() for p in cli_bundle.rglob("*") if p.is_file()}
    cut = decoupe.rechunk(files, target=2000)
    assert {n for n in files if not decoupe.may_change(n)} == {n for n in cut if not decoupe.may_change(n)}
    assert all(cut[n] == files[n] for n in files if not decoupe.may_change(n))
    assert set(cut) != set(files) and any(n.startswith("fragment/") for n in files)


def test_variant_postings_count():
    """A word with accents keeps its postings under a variant: they count."""
    accented = ["securis", [], [["sécurisation", [[0, [3, 9]], [2, [4]]]]]]
    plain = ["senior", [[0, [1]], [1, [5, 6]]], []]
    assert decoupe.size(accented) == 5 and decoupe.size(plain) == 5
    assert decoupe.split([accented, plain, accented], target=5) == [[accented], [plain], [accented]]
    assert decoupe.prefixes("securis", "sein") == ("sec", "sei")


def test_labels_and_boilerplate_are_not_indexed_but_fiche_text_is(site, catalogue):
    fiche = catalogue.fiches["crpe-2026/fiche-action-1"]
    fragment = next(f for f in map(_pf, (site / "pagefind/fragment").iterdir()) if f["url"] == "/" + fiche.url)
    text = fragment["content"]
    assert fiche.data.resume.split()[0] in text and "OPCO Mobilités" in text and "à l'étude" in text
    for label in ("Pilotes", "Partenaires", "Statut", "Calendrier", "Lignes de budget", "Date de publication", "passé"):
        assert label not in text, label
    assert text.startswith(fiche.data.titre)  # the hidden metadata is not indexed as text
    assert fragment["meta"]["plan"] == "CRPE Normandie 2026" and fragment["filters"]["plan"] == ["CRPE Normandie 2026"]
    words = pagefind_index(site / "pagefind")["words"]
    assert not [w for w in words if w.startswith(("statut", "pilotes", "partenair")) and len(w) > 11]  # « Statutréalisée »


def test_page_urls():
    site = Path("/s")
    assert page_url(site, site / "fiches/p/f/index.html") == "/fiches/p/f/"
    assert page_url(site, site / "index.html") == "/"


def test_an_error_of_pagefind_fails_the_build(tmp_path):
    ix = Indexer()
    ix.add("/a/", "<html lang='fr'><body data-pagefind-body><p>Texte</p></body></html>")
    ix.finish(tmp_path)
    assert (tmp_path / "pagefind" / "pagefind-entry.json").exists()
    ix = Indexer()
    with pytest.raises(SearchIndexError, match="does not yet exist"):
        ix._call({"type": "WriteFiles", "index_id": 999})
    with pytest.raises(SearchIndexError):  # remembered: the index is not written as if nothing happened
        ix.finish(tmp_path / "autre")


def test_a_page_added_once_the_index_is_asked_for_is_an_error(tmp_path):
    ix = Indexer()
    ix.add("/a/", "<html lang='fr'><body data-pagefind-body><p>Texte</p></body></html>")
    ix.request()  # the hooks ask once every page's Markdown is converted (on_env)
    with pytest.raises(SearchIndexError, match="/b/ arrive après"):
        ix.add("/b/", "<html lang='fr'><body data-pagefind-body><p>Autre</p></body></html>")
    ix.finish(tmp_path)
    assert (tmp_path / "pagefind" / "pagefind-entry.json").exists()


def _tree(folder: Path) -> dict[str, bytes]:
    return {f.relative_to(folder).as_posix(): f.read_bytes() for f in sorted(folder.rglob("*")) if f.is_file()}


def _indexer(pages: int) -> Indexer:
    ix = Indexer()
    for i in range(pages):
        ix.add(f"/p{i}/", f"<html lang='fr'><body data-pagefind-body><h1>Page {i}</h1>"
                          f"<p>Emploi formation région numéro {i} compétences {i * 7}</p></body></html>")
    return ix


def test_index_written_while_the_build_goes_on_is_the_index_written_at_the_end(tmp_path):
    """The hooks ask after each page whether Pagefind has sent the files: once it has,
    two other processes write them; ``finish`` waits for them. Same files either way."""
    late = _indexer(40)
    late.finish(tmp_path / "late")
    early = _indexer(40)
    early.write_when_ready(tmp_path / "early")
    assert early._writing is None  # nothing asked for yet
    early.request()
    for _ in range(2000):  # the files come within seconds
        early.write_when_ready(tmp_path / "early")
        if early._writing is not None:
            break
        time.sleep(0.005)
    assert early._writing is not None
    early.finish(tmp_path / "early")
    written = _tree(tmp_path / "early" / "pagefind")
    assert written == _tree(tmp_path / "late" / "pagefind")
    assert "pagefind-entry.json" in written and any(n.startswith("fragment/") for n in written)


@pytest.mark.parametrize("fork", [True, False])
def test_files_written_by_other_processes_are_all_there_or_reported(tmp_path, monkeypatch, fork, capfd):
    from macros import recherche

    if not fork:
        def no_fork():
            raise OSError("no fork here")
        monkeypatch.setattr(recherche.os, "fork", no_fork)
    files = {f"fragment/fr_{i:05d}.pf_fragment": bytes([i % 256]) * (i + 1) for i in range(600)}
    assert recherche._elsewhere(lambda: recherche._write_all(tmp_path / "pagefind", files))() is True
    assert all((tmp_path / "pagefind" / name).read_bytes() == data for name, data in files.items())
    (tmp_path / "fichier").write_text("pas un dossier")
    assert recherche._elsewhere(lambda: recherche._write_all(tmp_path / "fichier", files))() is False
    assert "NotADirectoryError" in capfd.readouterr().err  # the cause, on the build's output


def test_a_failed_rechunk_fails_the_build(tmp_path, monkeypatch):
    from macros import recherche

    def broken(files):
        raise ValueError("fichier Pagefind inattendu")

    monkeypatch.setattr(recherche.recherche_decoupe, "rechunk", broken)
    ix = _indexer(3)
    with pytest.raises(SearchIndexError, match="incomplet"):
        ix.finish(tmp_path)
