"""Parsing the front matter of many pages in a second process, at the same time
as the sequential pass, on a machine with more than one core.

The first process takes the pages from the first one on; the second one takes
them from the last one backwards, a few at a time, until they meet; each says
where it is in a few bytes of shared memory. The second process reads and
parses its pages and sends back, after each few, only what parsed without a
problem, as cache entries (``macros.cache``), with each page's ``stat`` taken
before reading it; the first process checks them against the model while the
second one goes on, finding them in the cache without reading again a page
whose ``stat`` is still the same (unless it was modified too recently to
tell). Should both take the same page (they read each other's place without a
lock), the first process's result is kept. A page the second process could not
parse, or any failure of that process, only means the first one parses it
itself and reports what is wrong: this module never decides whether content is
valid. Imports loading and cache.
"""
from __future__ import annotations

import marshal
import mmap
import multiprocessing
import os
import select
import time
from typing import Iterator

from . import loading
from .cache import ParseCache, encode, signature

#: Below this many pages a second process costs more than it saves.
MINIMUM = 400

#: Pages the second process parses before it sends them.
BATCH = 16

#: Seconds to wait for the other process, plus 10 ms a page, before going on alone.
PATIENCE = 60.0


def _parse_pages(paths: list[str], known) -> list[tuple[int, tuple | None, bytes, bytes | None]]:
    """(index in ``paths``, signature of the file before it was read, key of its bytes,
    stored value or None when the cache knows it already) of every page of ``paths``
    whose front matter parses: the first process need not read these pages again."""
    out = []
    for i, path in enumerate(paths):
        try:
            sig = signature(os.stat(path))
        except OSError:
            sig = None
        data = loading.read_bytes(path, "")[0]
        if data is None:
            continue
        key = ParseCache.key(data, "page")
        if key in known:
            out.append((i, sig, key, None))
            continue
        if not data.isascii() and loading._decode(data, "")[0] is None:
            continue  # not UTF-8
        entry = loading.page_entry(data)
        stored = None if entry is None else encode(entry)
        if stored is not None:
            out.append((i, sig, key, stored))
    return out


def _from_the_end(paths: list[str], known, places, conn) -> None:
    """In the second process: the pages from the last one backwards, ``BATCH`` at a time,
    until the first process's place; each batch sent as (start, stop, parsed)."""
    try:
        while True:
            stop = places[1]
            start = max(places[0], stop - BATCH)
            if start >= stop:
                break
            places[1] = start  # before parsing: the first process stops here
            conn.send_bytes(marshal.dumps((start, stop, _parse_pages(paths[start:stop], known))))
        conn.send_bytes(b"")  # done
    except Exception:  # the first process parses what was not sent
        pass
    finally:
        conn.close()


class Ahead:
    """The pages of ``paths`` shared with another process; ``indices()`` gives each index once."""

    def __init__(self, paths: list[str], cache: ParseCache, names: list[str] | None = None):
        self.cache = cache
        self.names = names  # the name of each page in the cache (its path from the project's root)
        self.count = len(paths)
        self.process = self.conn = None
        if len(paths) - len(cache.stored) < MINIMUM or (os.cpu_count() or 1) < 2:
            return  # few pages, or most of them probably in the cache already
        try:
            # Where each process is: [first page not taken by the first one, first page taken by the second].
            self.memory = mmap.mmap(-1, 16)
            self.places = memoryview(self.memory).cast("q")
            self.places[0], self.places[1] = 0, len(paths)
            # fork: the child has every module loaded already.
            context = multiprocessing.get_context("fork")
            self.conn, sender = context.Pipe(duplex=False)
            larger_pipe(sender.fileno())
            self.process = context.Process(target=_from_the_end, args=(paths, cache.known, self.places, sender), daemon=True)
            self.process.start()
            sender.close()
            self.arrived = select.poll()  # asked after each page: cheaper than Connection.poll
            self.arrived.register(self.conn.fileno(), select.POLLIN)
        except (OSError, ValueError, RuntimeError):
            self.close(kill=True)

    def indices(self) -> Iterator[int]:
        """Each index of the pages once: those this process takes, as it goes, and those the
        other process sent, as they come (in the cache by then); never raises."""
        given = bytearray(self.count)
        first = 0  # the next page this process takes
        if self.process is not None:
            places = self.places
            try:
                while True:
                    places[0] = first + 1
                    if first >= places[1]:
                        break  # the other process has it
                    given[first] = 1
                    yield first
                    first += 1
                    if self.arrived.poll(0):
                        yield from self._receive(given)
                # A bound, should the other process ever hang (a fork taken while another
                # thread held a lock): this process goes on alone.
                deadline = time.monotonic() + PATIENCE + (self.count - first) / 100
                while self.conn is not None:
                    if not self.conn.poll(max(0.0, deadline - time.monotonic())):
                        raise TimeoutError
                    yield from self._receive(given)
            except GeneratorExit:
                self.close(kill=True)
                raise
            except Exception:  # the pages not sent are parsed here
                self.close(kill=True)
        for i in range(first, self.count):
            if not given[i]:
                given[i] = 1
                yield i
        self.close()

    def _receive(self, given: bytearray) -> Iterator[int]:
        """The pages of one batch of the other process, once their entries are in the cache."""
        message = self.conn.recv_bytes()
        if not message:
            self.close()
            return
        start, stop, parsed = marshal.loads(message)
        for i, sig, key, stored in parsed:
            if stored is not None:
                self.cache.add(key, stored)
            if self.names is not None and sig is not None:
                self.cache.learn(self.names[start + i], sig, key)
        for i in range(start, stop):
            if not given[i]:
                given[i] = 1
                yield i

    def close(self, kill: bool = False) -> None:
        if self.process is not None and kill:
            self.process.terminate()
            self.process.join(1)
        if self.conn is not None:
            self.conn.close()
        self.process = self.conn = None


def larger_pipe(fd: int) -> None:
    """A pipe of 1 MiB (Linux) for ``fd``'s end: the process writing into it seldom
    waits for the one reading (here, several batches; also the page writer's and
    Pagefind's pipes)."""
    try:
        import fcntl

        fcntl.fcntl(fd, fcntl.F_SETPIPE_SZ, 1 << 20)
    except (ImportError, AttributeError, OSError):
        pass
