"""The state of one build: the catalogue, its problems, the build date, the mode.

Loaded once per build (by ``define_env``, the first event) and shared with the
hooks. ``APERCU=1`` in the environment asks for a preview: invalid files are
left out and listed instead of failing the build.
"""
from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from pathlib import Path

from jinja2 import BytecodeCache

from .catalogue import Catalogue
from .loading import Problem
from .validation import validate_tree


@dataclass
class Build:
    root: Path
    catalogue: Catalogue
    problems: list[Problem]
    today: dt.date
    preview: bool = False
    left_out: set[str] = field(default_factory=set)  # files not published (preview)
    pdf: bool = True  # build the PDF edition (not while serving, nor with PDF=0)
    contents: dict[str, str] = field(default_factory=dict)  # page URL -> rendered content, for the PDF
    dirty: bool = False
    ahead: object = None  # avance.Ahead: page parts, generated pages and open data computed on the other core
    indexer: object = None  # recherche.Indexer: the search index, fed as pages are written
    index_later: list[str] = field(default_factory=list)  # pages indexed after the post-build changes


class _CompiledTemplates(BytecodeCache):
    """Templates compiled by an earlier build of this process. ``mkdocs serve``
    builds again after each save, each time with a new Jinja environment, which
    compiled Material's templates again (about a second). Jinja keys each
    template by its name and file, and compiles it again when its source changed
    (checksum)."""

    def __init__(self):
        self.compiled: dict[str, tuple[str, object]] = {}

    def load_bytecode(self, bucket) -> None:
        found = self.compiled.get(bucket.key)
        if found is not None and found[0] == bucket.checksum:
            bucket.code = found[1]

    def dump_bytecode(self, bucket) -> None:
        self.compiled[bucket.key] = (bucket.checksum, bucket.code)


#: Kept from one build of ``mkdocs serve`` to the next (set in the hooks' on_env).
templates = _CompiledTemplates()

_current: Build | None = None
_command = "build"  # set by the hooks' on_startup: "build", "serve" or "gh-deploy"
_dirty = False  # --dirty: MkDocs renders only the pages whose source changed


def set_command(command: str, dirty: bool = False) -> None:
    global _command, _dirty
    _command, _dirty = command, dirty


def command() -> str:
    return _command


def build_date() -> dt.date:
    """The publication date: ``DATE_PUBLICATION`` (AAAA-MM-JJ) or today."""
    value = os.environ.get("DATE_PUBLICATION")
    return dt.date.fromisoformat(value) if value else dt.date.today()


def start(root: Path | str) -> Build:
    """Load and validate the content for a new build."""
    global _current
    root = Path(root).resolve()
    catalogue, problems = validate_tree(root)
    published = {e.file for e in list(catalogue.fiches.values()) + list(catalogue.axes.values())}
    published |= {p.page_file for p in catalogue.plans.values() if p.page_file}
    left_out = {p.file for p in problems} - published
    pdf = _command != "serve" and os.environ.get("PDF", "1") != "0"
    _current = Build(root, catalogue, problems, build_date(), os.environ.get("APERCU") == "1", left_out, pdf, dirty=_dirty)
    return _current


def current() -> Build:
    if _current is None:
        raise RuntimeError("le contenu n'a pas été chargé (define_env n'a pas tourné)")
    return _current
