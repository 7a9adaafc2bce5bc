"""Work done ahead, on the machine's other core.

While MkDocs converts each page's Markdown on one core, a forked process
computes, in the order MkDocs will ask for them, what depends on the catalogue
alone: the generated parts of plan, axis and fiche pages, the generated pages,
then the open data files. The parent reads the results as they come (a thread
drains the pipe so the child never waits), and falls back to computing a result
itself if the child failed or went silent: the output is the same either way.

Plain Python, no MkDocs: ``jobs`` are (key, function) pairs; ``after`` runs in
the child once every job is sent and its share of the parent's work is done
(the parent waits for it in ``finish`` only).

That share is taken from the other end:
``tail`` lists (key, function) pairs in the order the parent meets them (each
function gets the result of the job with the same key). The child runs them
from the last one backwards, and stops where the parent has got to (``reach``,
a number in shared memory); the parent ``take``s a result that came in time and
computes the others itself. A tail function that fails only leaves its page to
the parent.
"""
from __future__ import annotations

import multiprocessing
import os
import threading
import traceback
from typing import Callable, Hashable, Iterable

BATCH = 40  # results per message: fewer, larger messages through the pipe
SILENCE = 120.0  # seconds without a message before the parent stops waiting and computes on its own


def _child(conn, jobs, after, tail, reached) -> None:
    try:
        batch = []
        kept = {}  # job results the tail functions need
        wanted = {key for _, key, _ in tail}
        for key, fn in jobs:
            result = fn()
            batch.append((key, result))
            if key in wanted:
                kept[key] = result
            if len(batch) >= BATCH:
                conn.send(("résultats", batch))
                batch = []
        conn.send(("résultats", batch))  # the last ones (maybe none): every job is sent
        del batch
        _tail(conn, tail, kept, reached)  # until the parent is there
        kept.clear()
        if after is not None:
            after()
        conn.send(("après", None))
    except BaseException:  # reported to the parent, which computes what is missing itself
        try:
            conn.send(("erreur", traceback.format_exc()))
        except (OSError, EOFError):
            pass  # the parent is gone
    finally:
        conn.close()
        os._exit(0)  # no atexit handlers or buffers inherited from the parent


def _tail(conn, tail, kept, reached) -> None:
    for position, key, fn in reversed(tail):
        if position <= reached.value:
            break  # the parent is there already
        try:
            conn.send(("suite", (key, fn(kept.pop(key, None)))))  # pickled whole before anything is written
        except (OSError, EOFError):
            raise  # the pipe: the parent is gone
        except Exception:  # noqa: BLE001 (the parent computes this one itself, and reports its error)
            continue


class Ahead:
    """Results computed ahead in a child process, looked up by key."""

    def __init__(self, jobs: Iterable[tuple[Hashable, Callable[[], object]]], after: Callable[[], None] | None = None,
                 parallel: bool = True, tail: Iterable[tuple[Hashable, Callable[[object], object]]] = (),
                 order: Iterable[Hashable] = ()):
        """``order``: every key the parent will ``reach``, in its order (the tail's
        keys among them); the tail is left out when it is empty."""
        self._fns = dict(jobs)
        self._after = after
        self._results: dict = {}
        self._tail_results: dict = {}
        self._positions = {key: i for i, key in enumerate(order)}
        tail = [(self._positions[key], key, fn) for key, fn in tail if key in self._positions]
        self._sent = threading.Event()  # nothing more will come for the jobs
        self._done = threading.Event()  # nor from the child at all (``after`` is done)
        self._cond = threading.Condition()
        self.error: str | None = None
        self._silent = False  # the child went quiet: it is stopped and never waited for again
        self._proc = None
        if parallel and (os.cpu_count() or 1) > 1:
            ctx = multiprocessing.get_context("fork")
            recv, send = ctx.Pipe(duplex=False)
            self._reached = ctx.RawValue("q", -1)
            self._proc = ctx.Process(target=_child, args=(send, list(self._fns.items()), after, tail, self._reached),
                                     daemon=True)
            self._proc.start()
            send.close()
            threading.Thread(target=self._drain, args=(recv,), daemon=True).start()
        else:
            self._reached = None
            self._sent.set()
            self._done.set()

    def _drain(self, conn) -> None:
        try:
            while True:
                kind, payload = conn.recv()
                if kind == "suite":
                    self._tail_results[payload[0]] = payload[1]
                    continue
                with self._cond:
                    if kind == "résultats":
                        self._results.update(payload)
                        if len(payload) < BATCH:
                            self._sent.set()  # the last batch
                    elif kind == "erreur":
                        self.error = payload
                    if kind in ("après", "erreur"):
                        self._sent.set()
                        self._done.set()
                    self._cond.notify_all()
                if kind in ("après", "erreur"):
                    break
        except (EOFError, OSError):
            if not self._done.is_set():
                self.error = self.error or "le processus de calcul anticipé s'est arrêté"
        finally:
            with self._cond:
                self._sent.set()
                self._done.set()
                self._cond.notify_all()
            conn.close()

    def get(self, key: Hashable):
        """The result for ``key``: from the child, or computed here if it cannot come."""
        with self._cond:
            while key not in self._results and not self._sent.is_set() and not self._silent:
                if not self._cond.wait(SILENCE):
                    self._stop("le processus de calcul anticipé ne répond plus")
            if key in self._results:
                return self._results.pop(key)
        return self._fns[key]()

    def reach(self, key: Hashable) -> None:
        """The parent is at ``key`` (in ``order``): the child does not start on it
        nor on anything before it."""
        position = self._positions.get(key)
        if self._reached is not None and position is not None and position > self._reached.value:
            self._reached.value = position

    def take(self, key: Hashable):
        """The tail result for ``key`` if the child sent it (once), else None."""
        return self._tail_results.pop(key, None)

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
        self._reached.value = len(self._positions)  # the tail stops after the page it is on
        if not self._done.wait(SILENCE):
            self._stop("le processus de calcul anticipé ne répond plus")
        self._proc.join(SILENCE)
        if self.error is not None and self._after is not None:
            self._after()
