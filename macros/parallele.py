"""Parsing the front matter of many pages in a second process, ahead of the
sequential pass, on a machine with more than one core.

The second process reads and parses its share of the pages and sends back only
what parsed without a problem, as cache entries (``macros.cache``), with each
page's ``stat`` taken before reading it; the sequential pass of ``validation``
then finds them in the cache, without reading again a page whose ``stat`` is
still the same (unless it was modified too recently to tell). A page the
second process could not parse, or any failure of that process, only means
the sequential pass parses it itself and reports what is wrong: this module
never decides whether content is valid. Imports loading and cache.
"""
from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import Future, ProcessPoolExecutor

from . import loading
from .cache import ParseCache, encode, signature

#: Below this many pages a second process costs more than it saves.
MINIMUM = 400

#: The share of the pages parsed by the other process: the first one reads and checks
#: every page against the model, and parses the others.
SHARE = 0.62

#: Seconds to wait for the other process, plus 10 ms a page, before going on alone.
PATIENCE = 60.0


def _parse_pages(paths: list[str], known: set[bytes] | None) -> list[tuple[int, tuple | None, bytes, bytes | None]]:
    """(index in ``paths``, signature of the file before it was read, key of its bytes,
    stored value or None when the cache knows it already) of every page of ``paths``
    whose front matter parses: the first process need not read these pages again."""
    out = []
    for i, path in enumerate(paths):
        try:
            sig = signature(os.stat(path))
        except OSError:
            sig = None
        text, problems, data = loading._read(path, "")
        if text is None:
            continue
        key = ParseCache.key(data, "page")
        if known is not None and key in known:
            out.append((i, sig, key, None))
            continue
        parts = loading.split_front_matter(text)
        if parts is None:
            continue
        head, body, body_line = parts
        ok, value = loading._fast_value(head)
        stored = encode(loading.page_entry(value, body, body_line, head)) if ok else None
        if stored is not None:
            out.append((i, sig, key, stored))
    return out


class Ahead:
    """The last ``share`` of ``paths`` parsed in another process; ``collect()`` fills the cache."""

    def __init__(self, paths: list[str], cache: ParseCache, share: float = SHARE, names: list[str] | None = None):
        self.cache = cache
        self.names = names  # the name of each page in the cache (its path from the project's root)
        self.start = len(paths)
        self.future: Future | None = None
        self.pool: ProcessPoolExecutor | None = None
        if len(paths) - len(cache.stored) < MINIMUM or (os.cpu_count() or 1) < 2:
            return  # few pages, or most of them probably in the cache already
        self.start = int(len(paths) * (1 - share))
        self.count = len(paths) - self.start
        try:
            # fork: the child has every module loaded already.
            self.pool = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("fork"))
            self.future = self.pool.submit(_parse_pages, paths[self.start :], set(cache.known))
        except (OSError, ValueError, RuntimeError):
            self.close()

    def collect(self) -> None:
        """Wait for the other process and put what it parsed in the cache; never raises."""
        if self.future is not None:
            try:
                # A bound, should the other process ever hang (a fork taken while
                # another thread held a lock): the sequential pass goes on alone.
                for i, sig, key, stored in self.future.result(timeout=PATIENCE + self.count / 100):
                    if stored is not None:
                        self.cache.add(key, stored)
                    if self.names is not None and sig is not None:
                        self.cache.learn(self.names[self.start + i], sig, key)
            except Exception:  # the sequential pass parses these pages itself
                self.close(kill=True)
        self.close()

    def close(self, kill: bool = False) -> None:
        if self.pool is not None:
            if kill:
                for process in list(getattr(self.pool, "_processes", {}).values()):
                    process.terminate()
            self.pool.shutdown(wait=False, cancel_futures=True)
        self.pool = self.future = None
