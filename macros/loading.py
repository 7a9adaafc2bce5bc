"""Reading content files into raw values, each remembered with its file and line.

YAML is composed into nodes and built by hand so that every key keeps its line,
duplicate keys are caught (PyYAML silently keeps the last one) and dates stay
text until the model parses them. Nothing here knows the content model.
This module imports only ``messages``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from . import messages

MAX_BYTES = 1_000_000

Path_ = tuple  # a path into a value: ("budget", 0, "montant")


@dataclass(frozen=True)
class Problem:
    """One content error: where it is and what is wrong, in French."""

    file: str
    line: int | None
    field: str | None
    message: str

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}, ligne {self.line}"
        if self.field:
            where += f", champ « {self.field} »"
        return f"{where} : {self.message}"


@dataclass
class Raw:
    """A file's values before validation."""

    file: str  # path relative to the project root, with forward slashes
    value: Any
    lines: dict = field(default_factory=dict)  # Path_ -> line number (1-based, in the file)
    first_line: int = 1  # line where the YAML starts
    body: str = ""
    body_line: int = 0

    def line_of(self, path: Path_) -> int:
        """The line of ``path``, or of its nearest parent that has one."""
        path = tuple(path)
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.first_line


_Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml's parser when PyYAML has it: ~10× faster


class _Loader(_Base):
    """Safe loader that leaves dates as text: the model decides what is a date."""


_Loader.yaml_implicit_resolvers = {
    k: [(tag, rx) for tag, rx in v if tag != "tag:yaml.org,2002:timestamp"]
    for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


class _Duplicate(Exception):
    def __init__(self, key: str, line: int, first: int):
        self.key, self.line, self.first = key, line, first


def _build(loader: _Loader, node: yaml.Node, path: Path_, lines: dict, offset: int) -> Any:
    if isinstance(node, yaml.MappingNode):
        out: dict = {}
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node, deep=True)
            if not isinstance(key, (str, int, float, bool)) or key is None:
                key = str(key)
            line = key_node.start_mark.line + 1 + offset
            if key in out:
                raise _Duplicate(str(key), line, lines.get(path + (key,), line))
            lines[path + (key,)] = line
            out[key] = _build(loader, value_node, path + (key,), lines, offset)
        return out
    if isinstance(node, yaml.SequenceNode):
        items = []
        for i, child in enumerate(node.value):
            lines[path + (i,)] = child.start_mark.line + 1 + offset
            items.append(_build(loader, child, path + (i,), lines, offset))
        return items
    return loader.construct_object(node, deep=True)


def parse_yaml(text: str, file: str, offset: int = 0) -> tuple[Any, dict, list[Problem]]:
    """YAML text → (value, lines, problems). ``offset`` is the line before the YAML."""
    lines: dict = {}
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None, lines, []
        return _build(loader, node, (), lines, offset), lines, []
    except _Duplicate as dup:
        return None, lines, [Problem(file, dup.line, dup.key, messages.duplicate_key(dup.first))]
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line = mark.line + 1 + offset if mark else None
        rows = text.split("\n")
        if mark and mark.line < len(rows) and "\t" in rows[mark.line][: mark.column + 1]:
            return None, lines, [Problem(file, line, None, messages.tab())]
        quote = _unbalanced_quote(text, mark.line if mark else 0)
        if quote is not None:
            return None, lines, [Problem(file, quote + 1 + offset, None, messages.unclosed_quote())]
        return None, lines, [Problem(file, line, None, messages.yaml_error(err))]
    except yaml.reader.ReaderError as err:  # a control character: no mark, but a position
        line = text[: err.position].count("\n") + 1 + offset
        return None, lines, [Problem(file, line, None, messages.control_character(err.character))]
    except yaml.YAMLError as err:
        return None, lines, [Problem(file, None, None, messages.yaml_error(err))]
    finally:
        loader.dispose()


def _unbalanced_quote(text: str, error_line: int) -> int | None:
    """The line (0-based) of a quote opened and never closed just before an error.

    PyYAML reports such a quote where it gives up, often a line later and as
    an indentation problem; the contributor needs to see the quote instead."""
    rows = text.split("\n")
    for i in range(error_line, max(error_line - 3, -1), -1):
        if i >= len(rows):
            continue
        row = rows[i].split(" #")[0]
        value = row.split(":", 1)[1] if ":" in row else row
        value = value.strip().lstrip("- ").strip()
        for q in ('"', "'"):
            if value.startswith(q) and (value.count(q) - value.count("\\" + q)) % 2 == 1:
                return i
    return None


def read_text(path: Path, rel: str) -> tuple[str | None, list[Problem]]:
    """File → text with BOM and CRLF normalised, or a problem."""
    try:
        data = path.read_bytes()
    except OSError as err:
        return None, [Problem(rel, None, None, messages.unreadable(err))]
    if len(data) > MAX_BYTES:
        return None, [Problem(rel, None, None, messages.too_big(len(data), MAX_BYTES))]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        return None, [Problem(rel, line, None, messages.not_utf8())]
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    return text, []


_FENCE = re.compile(r"^(---|\.\.\.)\s*$")


def split_front_matter(text: str) -> tuple[str, str, int] | None:
    """Markdown text → (yaml, body, body_line), or None when there is no header."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        return None
    for i in range(1, len(lines)):
        if _FENCE.match(lines[i]):
            return "\n".join(lines[1:i]), "\n".join(lines[i + 1 :]), i + 2
    return None


def load_page(path: Path, rel: str) -> tuple[Raw | None, list[Problem]]:
    """A Markdown page with its front matter."""
    text, problems = read_text(path, rel)
    if text is None:
        return None, problems
    if not text.strip():
        return None, [Problem(rel, 1, None, messages.empty_file())]
    parts = split_front_matter(text)
    if parts is None:
        return None, [Problem(rel, 1, None, messages.no_front_matter())]
    head, body, body_line = parts
    value, lines, problems = parse_yaml(head, rel, offset=1)
    if problems:
        return None, problems
    if value is None:
        value = {}
    if not isinstance(value, dict):
        return None, [Problem(rel, 2, None, messages.not_a_mapping())]
    return Raw(rel, value, lines, 2, body, body_line), []


def load_data(path: Path, rel: str) -> tuple[Raw | None, list[Problem]]:
    """A YAML data file."""
    text, problems = read_text(path, rel)
    if text is None:
        return None, problems
    if not text.strip():
        return None, [Problem(rel, 1, None, messages.empty_file())]
    value, lines, problems = parse_yaml(text, rel)
    if problems:
        return None, problems
    return Raw(rel, value, lines, 1), []
