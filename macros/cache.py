"""A cache of parsed YAML keyed by the bytes of each file, so that an unchanged
file is not parsed again.

A key is a hash of what was parsed (the file's bytes and its kind, front matter
or data file) and of the parser's version; its value is the plain value the YAML
gave (dicts, lists, text, numbers), stored with ``marshal``. Only YAML that
parsed without a problem is stored: a file with a YAML problem is parsed, and
reported, every time, and the model and the cross-references are checked again
on every run. An edited file has other bytes, hence another key. The cache is
one file, rewritten (atomically) when what it holds changes, with only the
entries of the last run; an unreadable or unwritable cache is ignored.
Imports nothing local.
"""
from __future__ import annotations

import hashlib
import marshal
import os
import tempfile
from pathlib import Path
from typing import Any

#: Where the cache lives, under the project's root (ignored by git).
DOSSIER = Path(".cache") / "validation"


class ParseCache:
    """Parsed YAML values by content hash, read from and saved to ``path`` (None: kept in memory)."""

    def __init__(self, path: Path | None, version: str):
        self.path = None if path is None else Path(path)
        self.version = version.encode()
        self.stored: dict[bytes, bytes] = {}  # as read from the file
        self.known: dict[bytes, bytes] = {}  # the same, and what this run parsed
        self.used: dict[bytes, bytes] = {}  # what this run asked for: saved for the next one
        if self.path is not None:
            try:
                saved = marshal.loads(self.path.read_bytes())
                if isinstance(saved, dict) and saved.get(b"version") == self.version:
                    self.stored = dict(saved[b"entries"])
            except (OSError, ValueError, EOFError, TypeError, KeyError):
                pass  # no cache, or one from another version: start empty
        self.known = dict(self.stored)

    @staticmethod
    def key(data: bytes, kind: str) -> bytes:
        return hashlib.blake2b(data, digest_size=20, person=kind.encode()[:16]).digest()

    def get(self, data: bytes, kind: str) -> tuple[bool, Any]:
        """(True, value) when these bytes were parsed before, else (False, None)."""
        key = self.key(data, kind)
        stored = self.known.get(key)
        if stored is None:
            return False, None
        self.used[key] = stored
        return True, marshal.loads(stored)

    def put(self, data: bytes, kind: str, value: Any) -> None:
        stored = encode(value)
        if stored is not None:
            key = self.key(data, kind)
            self.known[key] = self.used[key] = stored

    def add(self, key: bytes, stored: bytes) -> None:
        """An entry parsed elsewhere (``key`` and ``encode(value)``)."""
        self.known[key] = stored

    def save(self) -> None:
        """Write the entries of this run, when they differ from those read."""
        if self.path is None or self.used == self.stored:
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".entetes-")
            with os.fdopen(fd, "wb") as f:
                f.write(marshal.dumps({b"version": self.version, b"entries": self.used}))
            os.replace(tmp, self.path)
        except OSError:
            pass  # a read-only tree validates as well, only slower


def encode(value: Any) -> bytes | None:
    """The stored form of a parsed value, or None for one marshal cannot store."""
    try:
        return marshal.dumps(value)
    except ValueError:
        return None
