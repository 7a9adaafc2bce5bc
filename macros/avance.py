"""Work done ahead, on the machine's other core.

While MkDocs converts each page's Markdown on one core, a forked process
computes, in the order MkDocs will ask for them, what depends on the catalogue
alone: the generated parts of plan, axis and fiche pages, the generated pages,
then the open data files. The parent reads the results as they come (a thread
drains the pipe so the child never waits), and falls back to computing a result
itself if the child failed or went silent: the output is the same either way.

Plain Python, no MkDocs: ``jobs`` are (key, function) pairs; ``after`` runs in
the child once every job is sent.
"""
from __future__ import annotations

import multiprocessing
import os
import threading
import traceback
from typing import Callable, Hashable, Iterable

BATCH = 40  # results per message: fewer, larger messages through the pipe
SILENCE = 120.0  # seconds without a message before the parent stops waiting and computes on its own


def _child(conn, jobs, after) -> None:
    try:
        batch = []
        for key, fn in jobs:
            batch.append((key, fn()))
            if len(batch) >= BATCH:
                conn.send(("résultats", batch))
                batch = []
        if batch:
            conn.send(("résultats", batch))
        if after is not None:
            after()
        conn.send(("fin", None))
    except BaseException:  # reported to the parent, which computes what is missing itself
        conn.send(("erreur", traceback.format_exc()))
    finally:
        conn.close()
        os._exit(0)  # no atexit handlers or buffers inherited from the parent


class Ahead:
    """Results computed ahead in a child process, looked up by key."""

    def __init__(self, jobs: Iterable[tuple[Hashable, Callable[[], object]]], after: Callable[[], None] | None = None,
                 parallel: bool = True):
        self._fns = dict(jobs)
        self._after = after
        self._results: dict = {}
        self._done = threading.Event()
        self._cond = threading.Condition()
        self.error: str | None = None
        self._silent = False  # the child went quiet: it is stopped and never waited for again
        self._proc = None
        if parallel and (os.cpu_count() or 1) > 1:
            ctx = multiprocessing.get_context("fork")
            recv, send = ctx.Pipe(duplex=False)
            self._proc = ctx.Process(target=_child, args=(send, list(self._fns.items()), after), daemon=True)
            self._proc.start()
            send.close()
            threading.Thread(target=self._drain, args=(recv,), daemon=True).start()
        else:
            self._done.set()

    def _drain(self, conn) -> None:
        try:
            while True:
                kind, payload = conn.recv()
                with self._cond:
                    if kind == "résultats":
                        self._results.update(payload)
                    elif kind == "erreur":
                        self.error = payload
                    self._cond.notify_all()
                if kind != "résultats":
                    break
        except (EOFError, OSError):
            self.error = self.error or "le processus de calcul anticipé s'est arrêté"
        finally:
            with self._cond:
                self._done.set()
                self._cond.notify_all()
            conn.close()

    def get(self, key: Hashable):
        """The result for ``key``: from the child, or computed here if it cannot come."""
        with self._cond:
            while key not in self._results and not self._done.is_set() and not self._silent:
                if not self._cond.wait(SILENCE):
                    self._stop("le processus de calcul anticipé ne répond plus")
            if key in self._results:
                return self._results.pop(key)
        return self._fns[key]()

    def _stop(self, why: str) -> None:
        """A child that hangs (a fork taken while another thread held a lock) is
        stopped once; the parent does the rest itself."""
        self._silent = True
        self.error = self.error or why
        if self._proc is not None and self._proc.is_alive():
            self._proc.terminate()

    def finish(self) -> None:
        """Wait for the child (within the same bound); run ``after`` here if the
        child did not complete it."""
        if self._proc is None:
            if self._after is not None:
                self._after()
            return
        if not self._done.wait(SILENCE):
            self._stop("le processus de calcul anticipé ne répond plus")
        self._proc.join(SILENCE)
        if self.error is not None and self._after is not None:
            self._after()
