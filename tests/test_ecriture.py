"""Pages written by another process: every file on disk, in order, once ``finish``
returns; a file that cannot be written fails the build with its path."""
from __future__ import annotations

import pytest
from mkdocs import utils

from macros import ecriture


def test_every_file_is_written_in_order(tmp_path):
    writer = ecriture.Writer()
    files = {tmp_path / f"fiches/plan-{i % 3}/fiche-{i}/index.html": f"<p>Fiche {i} é</p>".encode() * (i + 1)
             for i in range(300)}
    for path, data in files.items():
        writer.write(data, str(path))
    writer.write(b"premier", str(tmp_path / "double.html"))
    writer.write(b"second", str(tmp_path / "double.html"))
    writer.write(b"", str(tmp_path / "vide.txt"))
    writer.finish()
    assert all(path.read_bytes() == data for path, data in files.items())
    assert (tmp_path / "double.html").read_bytes() == b"second"  # the later write wins, as with MkDocs alone
    assert (tmp_path / "vide.txt").read_bytes() == b""


def test_a_file_that_cannot_be_written_is_reported_with_its_path(tmp_path):
    (tmp_path / "fichier").write_text("pas un dossier")
    writer = ecriture.Writer()
    writer.write(b"ok", str(tmp_path / "a/index.html"))
    writer.write(b"non", str(tmp_path / "fichier/index.html"))
    for i in range(200):  # the writer has stopped: these are dropped, never an error here
        writer.write(b"x" * 10_000, str(tmp_path / f"b/{i}.html"))
    with pytest.raises(ecriture.WriteError, match=r"écriture du site impossible : .*fichier/index\.html"):
        writer.finish()
    assert (tmp_path / "a/index.html").read_bytes() == b"ok"


def test_mkdocs_writes_through_the_writer_only_between_start_and_finish(tmp_path):
    ecriture.install()
    assert utils.write_file is ecriture._write_file
    writer = ecriture.start()
    seen = []
    original = writer.write
    writer.write = lambda content, path: seen.append(path) or original(content, path)
    utils.write_file(b"page", str(tmp_path / "p/index.html"))
    ecriture.finish()
    assert seen == [str(tmp_path / "p/index.html")]
    assert (tmp_path / "p/index.html").read_bytes() == b"page"
    utils.write_file(b"seul", str(tmp_path / "q/index.html"))  # no writer: MkDocs' own function
    assert seen == [str(tmp_path / "p/index.html")] and (tmp_path / "q/index.html").read_bytes() == b"seul"
    ecriture.finish()  # nothing to wait for


def test_the_build_never_waits_for_the_disk(tmp_path):
    """More than the pipe holds, given at once: what it cannot take yet waits in memory,
    in order, and is all written once ``finish`` returns."""
    writer = ecriture.Writer()
    files = {tmp_path / f"gros/{i}.html": bytes([65 + i % 26]) * (1 << 20) for i in range(40)}
    for path, data in files.items():
        writer.write(data, str(path))
    assert writer._waiting  # 40 MiB given faster than any disk takes them: none of it waited for
    writer.finish()
    assert all(path.read_bytes() == data for path, data in files.items())


def test_a_process_forked_meanwhile_does_not_hold_the_writer_open(tmp_path):
    """The search index's writers are forked while pages are being written: the page
    writer still ends as soon as the build is done with it."""
    import os
    import time

    writer = ecriture.start()
    ecriture._write_file(b"avant", str(tmp_path / "a.html"))
    pid = os.fork()
    if pid == 0:  # a child that outlives the build's use of the writer, and writes by itself
        utils.write_file(b"enfant", str(tmp_path / "enfant.html"))
        time.sleep(3)
        os._exit(0)
    try:
        start = time.perf_counter()
        ecriture.finish()
        assert time.perf_counter() - start < 2
        assert (tmp_path / "a.html").read_bytes() == b"avant" and writer._proc.returncode == 0
    finally:
        os.waitpid(pid, 0)
    assert (tmp_path / "enfant.html").read_bytes() == b"enfant"
