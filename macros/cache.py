"""A cache of parsed YAML keyed by the bytes of each file, so that an unchanged
file is not parsed again, and, for pages, not even read again.

A key is a hash of what was parsed (the file's bytes and its kind, front matter
or data file); its value is the plain value the YAML gave (dicts, lists, text,
numbers; for a page, with its body and the text of its header), stored with
``marshal``. Only YAML that parsed without a problem is stored: a file with a
YAML problem is parsed, and reported, every time, and the model and the
cross-references are checked again on every run. An edited file has other
bytes, hence another key.

Beside the entries, the cache remembers which key each page had when it was
last read, with its size, times (modification and change, in nanoseconds),
inode and device: a page whose ``stat`` still says exactly that is taken from
its entry without being read. A file modified less than ``RACY`` seconds
before it was read is not remembered that way (it may be changed again within
the same tick of the file system's clock, keeping its times and size): it is
read and hashed again on the next run. The change time cannot be set by any
tool, so a file rewritten with its old modification time is read again.

The whole cache is keyed on the version of the code that fills it (given by
the caller, and this module's own source): another version starts empty. It
is one file, rewritten (atomically) when what it holds changes, with only the
entries of the last run; an unreadable or unwritable cache is ignored. The
file is the length of a header, the header (``marshal``: version, keys, sizes
of the entries, files) and the entries one after the other: they are read as
views into the file and written as they are (``os.writev``), never copied
into one ``marshal`` blob; ``save_later`` writes it in a thread, while the
caller goes on (the result of a validation does not wait for the cache of the
next one). The thread is not a daemon: the process waits for it before it
exits; and a cache opened in this process waits for it first.
Imports nothing local.
"""
from __future__ import annotations

import hashlib
import marshal
import os
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

#: Where the cache lives, under the project's root (ignored by git).
DOSSIER = Path(".cache") / "validation"

#: A file modified this recently (seconds) when it was read is hashed again next time.
RACY = 2.0

_OWN = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()


def signature(st: os.stat_result) -> tuple:
    """What must not have changed for a file to be taken as unchanged."""
    return (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, st.st_dev)


class ParseCache:
    """Parsed YAML values by content hash, read from and saved to ``path`` (None: kept in memory)."""

    def __init__(self, path: Path | None, version: str):
        self.path = None if path is None else Path(path)
        self.version = f"{version} {_OWN}".encode()
        self.stored: dict[bytes, bytes] = {}  # as read from the file
        self.known: dict[bytes, bytes] = {}  # the same, and what this run parsed
        self.used: dict[bytes, bytes] = {}  # what this run asked for: saved for the next one
        self.files: dict[str, tuple] = {}  # file → (signature, key): as read, and told by the other process
        self.seen: dict[str, tuple] = {}  # this run: file → (signature or None when racy, key)
        self.now = time.time_ns()
        if self.path is not None:
            finish_saves()  # its file first (and no thread writing while the validation forks)
            try:
                self.stored, self.files = _load(self.path.read_bytes(), self.version)
            except (OSError, ValueError, EOFError, TypeError, KeyError):
                self.stored, self.files = {}, {}  # no cache, or one from another version: start empty
        self.known = dict(self.stored)
        self.files_read = dict(self.files)

    @staticmethod
    def key(data: bytes, kind: str) -> bytes:
        """The kind, and SHA-256 of the bytes (twice as fast as BLAKE2 with the processor's
        instructions for it), cut to 20 bytes."""
        return kind.encode() + b":" + hashlib.sha256(data).digest()[:20]

    def get(self, data: bytes, kind: str) -> tuple[bool, Any]:
        """(True, value) when these bytes were parsed before, else (False, None)."""
        return self.get_key(self.key(data, kind))

    def get_key(self, key: bytes) -> tuple[bool, Any]:
        stored = self.known.get(key)
        if stored is None:
            return False, None
        self.used[key] = stored
        return True, marshal.loads(stored)

    def keep(self, key: bytes) -> None:
        """The entry of ``key`` is still wanted, though this run did not need its value."""
        stored = self.known.get(key)
        if stored is not None:
            self.used[key] = stored

    def put(self, data: bytes, kind: str, value: Any) -> None:
        self.put_key(self.key(data, kind), value)

    def put_key(self, key: bytes, value: Any) -> None:
        stored = encode(value)
        if stored is not None:
            self.known[key] = self.used[key] = stored

    def add(self, key: bytes, stored: bytes) -> None:
        """An entry parsed elsewhere (``key`` and ``encode(value)``)."""
        self.known[key] = stored

    # --- which key each file had ------------------------------------------
    def unchanged(self, file: str, st: os.stat_result | None) -> bytes | None:
        """The key of ``file``'s bytes when its ``stat`` is the one remembered, else None."""
        if st is None or self.path is None:
            return None
        found = self.files.get(file)
        if found is None or found[0] != signature(st):
            return None
        self.seen[file] = found
        return found[1]

    def read(self, file: str, st: os.stat_result | None, key: bytes) -> None:
        """``file``, whose ``stat`` was ``st`` just before it was read, has bytes of key ``key``."""
        if st is None:
            self.seen.pop(file, None)
            return
        self.seen[file] = (None if self.racy(signature(st)) else signature(st), key)

    def racy(self, sig: tuple) -> bool:
        """Whether a file of this signature was modified too recently to be known by it."""
        return max(sig[1], sig[2]) > self.now - RACY * 1e9

    def learn(self, file: str, sig: tuple, key: bytes) -> None:
        """``file`` had signature ``sig`` just before another process read bytes of key ``key``."""
        if self.path is not None and not self.racy(sig):
            self.files[file] = (sig, key)

    def key_of(self, file: str) -> bytes | None:
        """The key of ``file``'s bytes in this run, once it was read or found unchanged."""
        found = self.seen.get(file)
        return None if found is None else found[1]

    def save(self) -> None:
        """Write the entries of this run, when they differ from those read."""
        files = {f: v for f, v in self.seen.items() if v[0] is not None}
        if self.path is None or (self.used == self.stored and files == self.files_read):
            return
        keys = list(self.used)
        entries = [self.used[k] for k in keys]
        header = marshal.dumps({b"version": self.version, b"keys": keys, b"sizes": [len(e) for e in entries], b"files": files})
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".entetes-")
            try:
                _write_all(fd, [len(header).to_bytes(8, "little"), header] + entries)
            finally:
                os.close(fd)
            os.replace(tmp, self.path)
        except OSError:
            pass  # a read-only tree validates as well, only slower

    def save_later(self):
        """``save`` in a thread (writing mostly waits for the system); returns what waits for it.
        Nothing may be added to the cache in the meantime."""
        thread = threading.Thread(target=self.save, name="cache-save")  # not a daemon: finished before exit
        if self.path is not None:
            _saving[os.path.abspath(self.path)] = thread
        thread.start()
        return thread.join


#: The save under way in this process for each cache file (ParseCache.save_later).
_saving: dict[str, threading.Thread] = {}


def finish_saves() -> None:
    """Wait for the saves under way in this process (before a fork: a thread may hold a lock)."""
    for thread in list(_saving.values()):
        thread.join()


def _load(data: bytes, version: bytes) -> tuple[dict, dict]:
    """(entries, files) of a cache file of this version; raises ValueError (or the like) for any other file."""
    view = memoryview(data)
    size = int.from_bytes(view[:8], "little")
    header = marshal.loads(view[8 : 8 + size])
    if not isinstance(header, dict) or header.get(b"version") != version:
        return {}, {}
    entries, pos = {}, 8 + size
    for key, length in zip(header[b"keys"], header[b"sizes"], strict=True):
        entries[key] = view[pos : pos + length]
        pos += length
    if pos != len(data):
        raise ValueError("cache file of the wrong length")
    return entries, dict(header[b"files"])


def _write_all(fd: int, pieces: list) -> None:
    """Every piece written to ``fd``, in order, a few hundred per system call."""
    for start in range(0, len(pieces), 512):
        chunk = pieces[start : start + 512]
        done = os.writev(fd, chunk)
        rest = sum(map(len, chunk)) - done
        if rest:  # written in part (a signal, a full disk): the rest one by one
            tail = b"".join(chunk)[done:]
            while tail:
                tail = tail[os.write(fd, tail):]


def encode(value: Any) -> bytes | None:
    """The stored form of a parsed value, or None for one marshal cannot store."""
    try:
        return marshal.dumps(value)
    except ValueError:
        return None
