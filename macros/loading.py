"""Reading content files into raw values, each remembered with its file and line.

YAML is composed into nodes and built by hand so that duplicate keys are
caught (PyYAML silently keeps the last one) and dates stay text until the model
parses them. The line of every key is found only when a problem needs it: the
text is then parsed again, the slow way, which gives the same value with lines.
A file whose YAML does not parse is always parsed the slow way, which gives the
message. YAML that has no anchor, alias or tag is built from libyaml's events
rather than from its nodes (a third faster), with the same values. A page's
body stays in UTF-8 bytes. ``cache`` (see ``macros.cache``) may hold the value
of bytes already parsed. Most headers are simpler still: ``yaml_court`` reads
them line by line (the same values again, a third faster than the events),
and leaves anything else to PyYAML. Nothing here knows the content model.
Imports only ``messages`` and ``yaml_court``.
"""
from __future__ import annotations

import codecs
import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from . import messages, yaml_court

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
    lines: dict | None = None  # Path_ -> line number (1-based, in the file); None: not read yet
    first_line: int = 1  # line where the YAML starts
    body_text: str | bytes = field(default="", repr=False)  # the body, or its UTF-8 bytes (from the cache) until asked for
    body_line: int = 0
    source: str | bytes = field(default="", repr=False)  # the YAML text (or its UTF-8 bytes), to find lines when asked
    offset: int = 0  # the line before the YAML
    h1: bool | None = None  # may_have_h1(body), when the cache told it

    @property
    def body(self) -> str:
        if isinstance(self.body_text, bytes):
            self.body_text = self.body_text.decode("utf-8")
        return self.body_text

    def line_of(self, path: Path_) -> int:
        """The line of ``path``, or of its nearest parent that has one."""
        if self.lines is None:
            if isinstance(self.source, bytes):
                self.source = self.source.decode("utf-8")
            self.lines = parse_yaml(self.source, self.file, self.offset)[1]
        path = tuple(path)
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.first_line


_STR = "tag:yaml.org,2002:str"
_Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml's parser when PyYAML has it: ~10× faster


class _Loader(_Base):
    """Safe loader that leaves dates as text: the model decides what is a date."""

    _tags: dict = {}

    def resolve(self, kind, value, implicit):
        # Called for every node; the answer depends only on its arguments (this
        # loader has no path resolvers), so plain scalars are remembered and
        # quoted ones are text, as PyYAML's own resolve would say.
        if kind is not yaml.ScalarNode:
            return super().resolve(kind, value, implicit)
        if not implicit[0]:
            return _STR
        key = (value, implicit[1])
        tag = self._tags.get(key)
        if tag is None:
            if len(self._tags) > 50_000:
                self._tags.clear()
            tag = self._tags[key] = super().resolve(kind, value, implicit)
        return tag


_Loader.yaml_implicit_resolvers = {
    k: [(tag, rx) for tag, rx in v if tag != "tag:yaml.org,2002:timestamp"]
    for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


_RESOLVER = _Loader("")  # only asked to resolve plain scalars, as the composer does

#: What the parsed values depend on besides the bytes: this code, the line reader's and PyYAML's.
PARSER_VERSION = hashlib.sha256(
    Path(__file__).read_bytes() + Path(yaml_court.__file__).read_bytes() + f"{yaml.__version__} {_Base.__name__}".encode()
).hexdigest()


class _Duplicate(Exception):
    def __init__(self, key: str, line: int, first: int):
        self.key, self.line, self.first = key, line, first


class _Alias(Exception):
    """An alias inside the value of its own anchor (``a: &a [*a]``), or aliases that
    would make too many values (an « alias bomb »), found under ``path``."""

    def __init__(self, path: Path_, recursive: bool):
        self.path, self.recursive = path, recursive


#: Values a document may expand to through aliases, besides one per character
#: of its text (more than it can hold without aliases).
MAX_VALUES = 100_000


class _Guard:
    """Collections being built (an alias to one of them would never end) and a count."""

    def __init__(self, text: str):
        self.open: set[int] = set()
        self.left = MAX_VALUES + len(text)

    def enter(self, node: yaml.Node, path: Path_) -> None:
        if id(node) in self.open:
            raise _Alias(path, True)
        self.left -= len(node.value) + 1
        if self.left < 0:
            raise _Alias(path, False)
        self.open.add(id(node))


def _build(loader: _Loader, node: yaml.Node, path: Path_, lines: dict, offset: int, guard: _Guard) -> Any:
    if isinstance(node, yaml.MappingNode):
        guard.enter(node, path)
        out: dict = {}
        for key_node, value_node in node.value:
            key = yaml_court.as_key(loader.construct_object(key_node, deep=True))
            line = key_node.start_mark.line + 1 + offset
            if key in out:
                raise _Duplicate(str(key), line, lines.get(path + (key,), line))
            lines[path + (key,)] = line
            out[key] = _build(loader, value_node, path + (key,), lines, offset, guard)
        guard.open.discard(id(node))
        return out
    if isinstance(node, yaml.SequenceNode):
        guard.enter(node, path)
        items = []
        for i, child in enumerate(node.value):
            lines[path + (i,)] = child.start_mark.line + 1 + offset
            items.append(_build(loader, child, path + (i,), lines, offset, guard))
        guard.open.discard(id(node))
        return items
    return loader.construct_object(node, deep=True)


def _value(loader: _Loader, node: yaml.Node) -> Any:
    """What ``_build`` gives, without lines; raises ``_Duplicate`` (with no lines) on a duplicate key."""
    cls = type(node)
    if cls is yaml.ScalarNode:
        return node.value if node.tag == _STR else loader.construct_object(node, deep=True)
    if cls is yaml.MappingNode:
        out: dict = {}
        for key_node, value_node in node.value:
            if type(key_node) is yaml.ScalarNode and key_node.tag == _STR:
                key = key_node.value
            else:
                key = yaml_court.as_key(loader.construct_object(key_node, deep=True))
            if key in out:
                raise _Duplicate(str(key), 0, 0)
            out[key] = _value(loader, value_node)
        return out
    if cls is yaml.SequenceNode:
        return [_value(loader, child) for child in node.value]
    return loader.construct_object(node, deep=True)


def _node_value(text: str) -> tuple[bool, Any]:
    """(True, value) when ``text`` parses without any problem, else (False, None)."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is not None and "&" in text:
            _build(loader, node, (), {}, 0, _Guard(text))  # an anchor, maybe: no alias inside its own value, no alias bomb
        return True, None if node is None else _value(loader, node)
    except Exception:  # every problem is worded by parse_yaml, which meets it again
        return False, None
    finally:
        loader.dispose()


_Unsure = yaml_court.Unsure  # something ``_fast_value`` leaves to ``_node_value``


_SCALAR, _MAPPING, _SEQUENCE = yaml.ScalarEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent
_NONE = object()
_PLAIN: dict = {}  # plain scalar → its value (text, number, boolean or None)
_PLAIN_TAGS = {_STR} | {f"tag:yaml.org,2002:{t}" for t in ("null", "bool", "int", "float")}


def _plain(value: str, implicit: tuple) -> Any:
    """The value of a plain scalar, as ``_value`` builds it, remembered."""
    if implicit[1]:
        raise _Unsure
    if len(_PLAIN) > 50_000:
        _PLAIN.clear()
    tag = _Loader.resolve(_RESOLVER, yaml.ScalarNode, value, implicit)
    if tag == _STR:
        out = value
    elif tag in _PLAIN_TAGS:
        out = yaml.constructor.SafeConstructor().construct_object(yaml.ScalarNode(tag, value), deep=True)
    else:
        raise _Unsure
    _PLAIN[value] = out
    return out


def _plain_value(value: str, get=_PLAIN.get) -> Any:
    """The value of a plain scalar (raises ``_Unsure`` as ``_plain`` does)."""
    out = get(value, _NONE)
    return _plain(value, (True, False)) if out is _NONE else out


#: First characters of the plain scalars PyYAML's resolver may take for something
#: other than text (it looks up its resolvers by first character).
_RESOLVED = frozenset(_Loader.yaml_implicit_resolvers)
assert None not in _RESOLVED  # no resolver for every first character


def _fast_value(text: str) -> tuple[bool, Any]:
    """What ``_node_value`` gives: read by ``yaml_court`` when it is simple enough, else
    built from libyaml's events without making nodes. Text with an anchor, an
    alias, a tag, a key that is not a scalar or a value that is not text, number,
    boolean or null, and text with any problem (more than one document, a
    duplicate key, YAML that does not parse), is left to ``_node_value``: what is
    built here is then exactly what it builds."""
    try:
        return True, yaml_court.value(text, _plain_value, _RESOLVED)
    except _Unsure:
        pass
    if _Base is yaml.SafeLoader:  # no libyaml
        return _node_value(text)
    get = yaml.cyaml.CParser(text).get_event
    try:
        get()  # the stream's start
        event = get()
        if type(event) is yaml.StreamEndEvent:
            return True, None
        if type(event) is not yaml.DocumentStartEvent:
            raise _Unsure
        document = _built(get, False, yaml.DocumentEndEvent)
        if type(get()) is not yaml.StreamEndEvent or len(document) != 1:
            raise _Unsure  # another document
        return True, document[0]
    except Exception:  # _Unsure, or a problem: _node_value meets it too
        return _node_value(text)


def _built(get, mapping: bool, end: type, plain=_PLAIN.get) -> dict | list:
    """The mapping or sequence (or document) whose start was just read, up to its ``end``."""
    out: Any = {} if mapping else []
    key = None
    while True:
        event = get()
        if type(event) is end:
            return out
        if mapping:  # the key, then its value
            if type(event) is not _SCALAR or event.tag is not None or event.anchor is not None:
                raise _Unsure
            key = event.value
            if event.implicit[0]:
                key = plain(key, _NONE)
                key = yaml_court.as_key(_plain(event.value, event.implicit) if key is _NONE else key)
            if key in out:
                raise _Unsure  # a duplicate key: worded by parse_yaml
            event = get()
        if event.tag is not None or event.anchor is not None:
            raise _Unsure
        if type(event) is _SCALAR:
            value = event.value
            if event.implicit[0]:
                value = plain(value, _NONE)
                value = _plain(event.value, event.implicit) if value is _NONE else value
        elif type(event) is _MAPPING:
            value = _built(get, True, yaml.MappingEndEvent)
        elif type(event) is _SEQUENCE:
            value = _built(get, False, yaml.SequenceEndEvent)
        else:
            raise _Unsure  # an alias, or events out of order
        if mapping:
            out[key] = value
        else:
            out.append(value)


def parse_yaml(text: str, file: str, offset: int = 0) -> tuple[Any, dict, list[Problem]]:
    """YAML text → (value, lines, problems). ``offset`` is the line before the YAML."""
    lines: dict = {}
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None, lines, []
        return _build(loader, node, (), lines, offset, _Guard(text)), lines, []
    except _Duplicate as dup:
        return None, lines, [Problem(file, dup.line, dup.key, messages.duplicate_key(dup.first))]
    except _Alias as alias:  # told at its top-level field: lines inside point at the anchor
        top = alias.path[:1]
        line, field = (lines[top], str(top[0])) if top in lines else (1 + offset, None)
        return None, lines, [Problem(file, line, field, messages.recursive_alias() if alias.recursive else messages.too_many_aliases())]
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
    text, problems, _ = _read(path, rel)
    return text, problems


def _read(path: Path | str, rel: str) -> tuple[str | None, list[Problem], bytes | None]:
    """``read_text``, with the bytes read (the key of the cache)."""
    data, problems = read_bytes(path, rel)
    if data is None:
        return None, problems, None
    text, problems = _decode(data, rel)
    return text, problems, None if text is None else data


def read_bytes(path: Path | str, rel: str) -> tuple[bytes | None, list[Problem]]:
    """File → its bytes, or a problem when it cannot be read or is too big."""
    try:
        with open(path, "rb") as f:
            data = f.read()
    except OSError as err:
        return None, [Problem(rel, None, None, messages.unreadable(err))]
    if len(data) > MAX_BYTES:
        return None, [Problem(rel, None, None, messages.too_big(len(data), MAX_BYTES))]
    return data, []


def _decode(data: bytes, rel: str) -> tuple[str | None, list[Problem]]:
    """Bytes → text with BOM and CRLF normalised, or the problem of bytes that are not UTF-8."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        return None, [Problem(rel, line, None, messages.not_utf8())]
    text = text.lstrip("\ufeff")
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text, []


_FENCE = re.compile(r"(---|\.\.\.)\s*$")


def _closing_fence(text: str | bytes, start: int) -> int:
    """Index of the first line at or after ``start`` (a line start) that closes a header, or -1."""
    nl, dashes, dots = _MARKS[type(text)]
    pos = start - 1  # the newline before line ``start``
    while True:
        dash = text.find(dashes, pos)
        found = text.find(dots, pos, len(text) if dash < 0 else dash)  # only if before the dashes
        if found < 0:
            found = dash
        if found < 0:
            return -1
        end = text.find(nl, found + 1)
        if _FENCE.match(_line(text[found + 1 : len(text) if end < 0 else end])):
            return found + 1
        pos = found + 1


_MARKS = {str: ("\n", "\n---", "\n..."), bytes: (b"\n", b"\n---", b"\n...")}


def _line(line: str | bytes) -> str:
    """A line as text (the bytes of a line of UTF-8 text are UTF-8 too)."""
    return line if type(line) is str else line.decode("utf-8")


def split_front_matter(text: str | bytes) -> tuple[str, str, int] | tuple[bytes, bytes, int] | None:
    """Markdown text → (yaml, body, body_line), or None when there is no header. Given the
    UTF-8 bytes of a text with no BOM and no carriage return, the same parts, in bytes."""
    nl = _MARKS[type(text)][0]
    first = text.find(nl)
    if first < 0 or _line(text[:first]).strip() != "---":
        return None
    start = _closing_fence(text, first + 1)
    if start < 0:
        return None
    end = text.find(nl, start)
    body = text[:0] if end < 0 else text[end + 1 :]
    return text[first + 1 : start - 1], body, text.count(nl, 0, start) + 2


def _page_parts(data: bytes, rel: str) -> tuple[tuple[str, bytes, int, bytes] | None, list[Problem]]:
    """The UTF-8 bytes of a page → ((yaml, body, body line, yaml's bytes), []), the body and
    the yaml's bytes as ``split_front_matter`` splits its text, encoded; or (None, problems)
    when it is empty or has no header. Bytes that need no normalising are split as they
    are: the body is never decoded."""
    if not data.startswith(codecs.BOM_UTF8) and b"\r" not in data:
        parts = split_front_matter(data)
        if parts is not None:
            head, body, body_line = parts
            return (head.decode("utf-8"), body, body_line, head), []
    text = _decode(data, rel)[0]
    if not text or text.isspace():
        return None, [Problem(rel, 1, None, messages.empty_file())]
    parts = split_front_matter(text)
    if parts is None:
        return None, [Problem(rel, 1, None, messages.no_front_matter())]
    head, body, body_line = parts
    return (head, body.encode("utf-8"), body_line, head.encode("utf-8")), []


def _parse(text: str, rel: str, offset: int, data: bytes, kind: str, cache) -> tuple[Any, dict | None, list[Problem]]:
    """(value, lines or None when not read yet, problems), through the cache when there is one."""
    key = None if cache is None else cache.key(data, kind)
    if key is not None:
        found, value = cache.get_key(key)
        if found:
            return value, None, []
    ok, value = _fast_value(text)
    if not ok:
        return parse_yaml(text, rel, offset)
    if key is not None:
        cache.put_key(key, value)
    return value, None, []


def load_page(path: Path | str, rel: str, cache=None, st=None) -> tuple[Raw | None, list[Problem]]:
    """A Markdown page with its front matter. With ``st``, the file's ``os.stat``
    taken before, a page the cache knows unchanged is not read again."""
    if cache is not None:
        key = cache.unchanged(rel, st)
        if key is not None:
            found, entry = cache.get_key(key)
            if found:
                return _cached_page(rel, *entry)
    data, problems = read_bytes(path, rel)
    key = None
    if data is not None and cache is not None:
        key = cache.key(data, "page")
        found, entry = cache.get_key(key)
        if found:  # bytes that parsed before: UTF-8, with a header
            cache.read(rel, st, key)
            return _cached_page(rel, *entry)
    if data is not None:
        problems = _decode(data, rel)[1] if not data.isascii() else []  # UTF-8, or its problem
        if problems:
            data = key = None
    if cache is not None:
        cache.read(rel, None if key is None else st, key)
    if data is None:
        return None, problems
    entry = page_entry(data)
    if entry is not None:
        if cache is not None:
            cache.put_key(key, entry)
        return _cached_page(rel, *entry)
    parts, problems = _page_parts(data, rel)  # a problem somewhere: found again, and worded
    if parts is None:
        return None, problems
    head, body, body_line, _ = parts
    value, lines, problems = parse_yaml(head, rel, 1)
    if problems:
        return None, problems
    return _page(rel, value, body, body_line, head, lines)


def page_entry(data: bytes) -> tuple | None:
    """What the cache keeps of a page, from its UTF-8 bytes: its value, body and header
    (in bytes), or None when it has a problem (``load_page`` words it)."""
    parts = _page_parts(data, "")[0]
    if parts is None:
        return None
    head, body, body_line, head_bytes = parts
    ok, value = _fast_value(head)
    return (value, body, body_line, head_bytes, may_have_h1(body)) if ok else None


def _page(rel: str, value: Any, body: str | bytes, body_line: int, head: str | bytes, lines: dict | None = None,
          h1: bool | None = None) -> tuple[Raw | None, list[Problem]]:
    if value is None:
        value = {}
    if not isinstance(value, dict):
        return None, [Problem(rel, 2, None, messages.not_a_mapping())]
    return Raw(rel, value, lines, 2, body, body_line, head, 1, h1), []


def _cached_page(rel: str, value: Any, body: bytes, body_line: int, head: bytes, h1: bool) -> tuple[Raw | None, list[Problem]]:
    return _page(rel, value, body, body_line, head, h1=h1)


def may_have_h1(body: str | bytes) -> bool:
    """Whether a line of a page's body may start with a single « # » (a heading of
    level 1, fenced or not): few bodies have one. The same answer for the text and
    for its UTF-8 bytes (only ASCII is looked at). Each « # » is looked at, the
    others skipped at the speed of ``find``: few bodies have many."""
    sharp, nl = ("#", "\n") if isinstance(body, str) else (b"#", b"\n")
    pos = body.find(sharp)
    while pos >= 0:
        if (pos == 0 or body[pos - 1 : pos] == nl) and body[pos + 1 : pos + 2] != sharp:
            return True
        pos = body.find(sharp, pos + 1)
    return False


def load_data(path: Path, rel: str, cache=None) -> tuple[Raw | None, list[Problem]]:
    """A YAML data file."""
    text, problems, data = _read(path, rel)
    if text is None:
        return None, problems
    if not text or text.isspace():
        return None, [Problem(rel, 1, None, messages.empty_file())]
    value, lines, problems = _parse(text, rel, 0, data, "data", cache)
    if problems:
        return None, problems
    return Raw(rel, value, lines, 1, source=text), []
