"""Full-text search: the Pagefind index of the built site.

Pagefind (PyPI ``pagefind[bin]``) writes a chunked index: a reader downloads
only the fragments a query needs, which keeps one search light at thousands of
fiches (Material's search ships the whole index to every reader). Pages opt in
with ``data-pagefind-body``; plan and axis travel as metadata and filters.

Only what a reader searches for is indexed: the generated labels and
boilerplate repeated on every page (summary-box labels, table headings,
"non précisé", the timeline's past/future marks, charts whose figures the
tables already give) are left out by ``EXCLUDE``, and the templates mark with
``data-pagefind-ignore`` what repeats a fact of another page (a fiche's plan,
the fiches listed on an axis page). Common chrome words then weigh on no
posting list, labels no longer stick to the value that follows them
(« Statutréalisée »), and result fragments are smaller.

Pages are indexed as soon as MkDocs has their final content, while it converts
the others' Markdown: only the searchable part of each page (``document``) goes
to Pagefind's service process (``pagefind --service``), which works on the
other core; the index files are written by two other processes as soon as it
sends them, often while the last pages go through their template. The service is spoken to directly
(base64 JSON messages separated by commas, as the ``pagefind`` Python package
does) because that package waits 0.1 s before reading each reply: ten pages a
second. The word chunks are cut again before they are written
(``recherche_decoupe``).
"""
from __future__ import annotations

import base64
import gc
import json
import os
import queue
import subprocess
import sys
import threading
import traceback
from pathlib import Path

from pagefind.service import get_executable

from . import recherche_decoupe
from .parallele import larger_pipe

# Generated labels and boilerplate, the same on every page: not indexed (CSS selectors, as Pagefind reads them).
EXCLUDE = [
    ".resume-liste dt",                      # Plan, Axe, Statut, Pilotes… of the summary boxes
    ".resume-fiche > h3",                    # Calendrier, Budget, Indicateurs
    "table.budget caption", "table.budget thead",
    "table.indicateurs caption", "table.indicateurs thead",
    ".tableau-fiches", ".tableau-axes",      # an axis' fiches, a plan's axes: facts of those pages
    "figure.graphique",                      # charts: the figures of the tables next to them
    ".frise-etat", ".frise-aujourdhui",      # passé / à venir, date of publication
    ".np",                                   # non précisé
    ".ecarts .admonition-title",
    ".headerlink",                           # ¶
    ".telechargement",                       # Télécharger en PDF, its size
]
CONFIG = {"force_language": "fr", "exclude_selectors": EXCLUDE}
OUTPUT = "pagefind"


class SearchIndexError(RuntimeError):
    pass


class Indexer:
    """One Pagefind index, fed page by page, written by ``finish``."""

    def __init__(self):
        binary = get_executable()
        if binary is None:
            raise SearchIndexError("l'exécutable Pagefind est introuvable (paquet pagefind[bin])")
        self._proc = subprocess.Popen([str(binary), "--service"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                      stderr=subprocess.STDOUT)
        self._next = 0
        self._replies: dict[int, dict] = {}
        self._cond = threading.Condition()
        self._errors: list[str] = []
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        # Messages are written by a thread: while Pagefind is busy, the build goes on
        # instead of waiting for room in the pipe (4 s of a 5,000-fiche build).
        self._outbox: queue.SimpleQueue = queue.SimpleQueue()
        larger_pipe(self._proc.stdin.fileno())
        self._writer = threading.Thread(target=self._write, daemon=True)
        self._writer.start()
        self._index = self._call({"type": "NewIndex", "config": CONFIG})["index_id"]
        self._files_request: int | None = None
        self._writing = None  # what waits for the processes writing the index files

    def _read(self) -> None:
        pending: list[bytes] = []  # pieces of a message not yet complete (the last one can be megabytes)
        out = self._proc.stdout
        while chunk := out.read1(1 << 16):
            if b"," not in chunk:
                pending.append(chunk)
                continue
            *messages, rest = chunk.split(b",")
            messages[0] = b"".join(pending) + messages[0]
            pending = [rest] if rest else []
            for raw in messages:
                reply = json.loads(base64.b64decode(raw))
                payload = reply.get("payload") or {}
                with self._cond:
                    if payload.get("type") == "Error":
                        self._errors.append(payload.get("message", "?"))
                    if reply.get("message_id") is not None:
                        self._replies[reply["message_id"]] = payload
                    self._cond.notify_all()
        with self._cond:
            self._replies[-1] = {}  # the service has stopped
            self._cond.notify_all()

    def _send(self, payload: dict) -> int:
        self._next += 1
        message = {"message_id": self._next, "payload": payload}
        self._outbox.put(base64.b64encode(json.dumps(message).encode("utf-8")) + b",")
        return self._next

    def _write(self) -> None:
        """Writes the queued messages in order, all those waiting at once, until ``None``;
        then closes the service's input (it stops once it has answered)."""
        fd, done = self._proc.stdin.fileno(), False
        try:
            while not done:
                batch = [self._outbox.get()]
                while True:
                    try:
                        batch.append(self._outbox.get_nowait())
                    except queue.Empty:
                        break
                done = batch[-1] is None
                data = memoryview(b"".join(m for m in batch if m is not None))
                while data:
                    data = data[os.write(fd, data):]
        except OSError as err:  # the service stopped: _wait reports it
            with self._cond:
                self._errors.append(f"écriture vers Pagefind impossible ({err})")
        finally:
            self._proc.stdin.close()

    def _wait(self, message_id: int) -> dict:
        with self._cond:
            self._cond.wait_for(lambda: message_id in self._replies or -1 in self._replies)
            if message_id not in self._replies:
                raise SearchIndexError("le service Pagefind s'est arrêté : " + "; ".join(self._errors))
            payload = self._replies.pop(message_id)
        if payload.get("type") == "Error":
            raise SearchIndexError("l'index de recherche n'a pas pu être construit : " + payload.get("message", "?"))
        return payload

    def _call(self, payload: dict) -> dict:
        return self._wait(self._send(payload))

    def add(self, url: str, html: str) -> None:
        """Queue one page (its URL from the site's root, e.g. ``/fiches/plan/fiche/``)."""
        if self._files_request is not None:  # Pagefind builds the index from the pages it has when asked
            raise SearchIndexError(f"la page {url} arrive après la construction de l'index de recherche")
        self._send({"type": "AddFile", "index_id": self._index, "url": url, "file_contents": html})

    def request(self) -> None:
        """Ask for the index files now (every page is added): Pagefind builds them on
        its own core while the build does something else, until ``finish``."""
        if self._files_request is None:
            self._files_request = self._send({"type": "GetFiles", "index_id": self._index})

    def write_when_ready(self, site_dir: Path | str) -> None:
        """Once Pagefind has sent the index files it was asked for (``request``), have
        other processes write them while this one goes on; ``finish`` waits for them.
        Asked after each page is written: the files often come while the last pages
        go through their template, with a core to spare."""
        if self._writing is not None or self._files_request is None:
            return
        with self._cond:
            payload = self._replies.get(self._files_request)
            if payload is None or payload.get("type") == "Error" or self._errors:
                return  # not yet, or an error that finish reports
            del self._replies[self._files_request]
        self._writing = _start_writing(Path(site_dir) / OUTPUT, payload["files"])

    def finish(self, site_dir: Path | str) -> None:
        """Write the index into ``site_dir/pagefind`` and stop the service.

        The files are asked for and written by this module: the service answers
        a ``WriteFiles`` request before its writes are done, and stops when its
        input closes, which left truncated files at 5,000 fiches. Two other
        processes write them (``_start_writing``), started by ``write_when_ready``
        when the files came in time, else here."""
        try:
            self.request()
            if self._writing is None:
                files = self._wait(self._files_request)["files"]
                self._check_errors()
                self._writing = _start_writing(Path(site_dir) / OUTPUT, files)
            written = self._writing()
            self._check_errors()
            if not written:
                raise SearchIndexError("l'index de recherche est incomplet (écriture ou découpe interrompue)")
            out = Path(site_dir) / OUTPUT
            entry = out / "pagefind-entry.json"
            if not entry.exists() or not entry.stat().st_size:
                raise SearchIndexError("l'index de recherche est incomplet (pagefind-entry.json vide)")
        finally:
            self._outbox.put(None)
            self._writer.join()
            self._proc.wait()

    def _check_errors(self) -> None:
        with self._cond:
            if self._errors:
                raise SearchIndexError("l'index de recherche n'a pas pu être construit : " + "; ".join(self._errors))


def _start_writing(out: Path, files: list[dict]):
    """Pagefind's files (``path`` and base64 ``content`` each) written under ``out`` by
    two other processes while this one goes on: one writes the files that the word
    chunks' re-cut leaves alone (the pages' fragments, mostly), the other cuts the
    chunks again (``recherche_decoupe``) and writes the rest. Returns what waits for
    both and tells whether every file was written, each checked once written."""
    kept = [f for f in files if not recherche_decoupe.may_change(f["path"])]
    changing = [f for f in files if recherche_decoupe.may_change(f["path"])]
    waits = [_elsewhere(lambda: _write_all(out, _decoded(kept))),
             _elsewhere(lambda: _write_all(out, recherche_decoupe.rechunk(_decoded(changing))))]

    def wait() -> bool:
        done = all([w() for w in waits])  # every process waited for
        return done and all((out / f["path"]).is_file() for f in kept)

    return wait


def _decoded(files: list[dict]) -> dict[str, bytes]:
    return {f["path"]: base64.b64decode(f["content"]) for f in files}


def _elsewhere(work):
    """Start ``work`` in a forked process, and return what waits for it and tells
    whether it went through (its error is printed). Writing thousands of small
    files is mostly the kernel's work: in a thread of this process it would wait
    for the interpreter's lock at every file while the build goes on (one file
    every 5 ms). Where there is no fork, a thread."""
    try:
        pid = os.fork()
    except (AttributeError, OSError):
        failed: list[BaseException] = []

        def run() -> None:
            try:
                work()
            except BaseException as err:  # noqa: BLE001 - told by the waiter
                failed.append(err)
                traceback.print_exc()

        thread = threading.Thread(target=run)
        thread.start()
        return lambda: thread.join() or not failed
    if pid == 0:  # the child: work, then leave at once (no cleanup of the parent's state)
        code = 1
        try:
            # The cycle collector would walk (and so copy) the whole build's memory,
            # shared with the parent until written to; this process lives a second or two.
            gc.disable()
            work()
            code = 0
        except BaseException:  # noqa: BLE001 - told on the build's output and by the exit code
            traceback.print_exc()
        finally:
            sys.stderr.flush()
            os._exit(code)
    return lambda: os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]) == 0


def _write_all(out: Path, files: dict[str, bytes]) -> None:
    folders = {(out / name).parent for name in files}
    for folder in folders:
        folder.mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        (out / name).write_bytes(data)


def document(body: str) -> str:
    """A page as Pagefind needs it: its ``data-pagefind-body`` part (metadata and
    filters included) in an empty document. Half the bytes of the whole page to
    encode and send; the index is the same (``tests/test_recherche.py``)."""
    return f'<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"></head><body>{body}</body></html>'


def page_url(site_dir: Path, path: Path) -> str:
    """The URL Pagefind gives a built page (``fiches/a/b/index.html`` → ``/fiches/a/b/``)."""
    rel = path.relative_to(site_dir).as_posix()
    return "/" + (rel[: -len("index.html")] if rel.endswith("index.html") else rel)
