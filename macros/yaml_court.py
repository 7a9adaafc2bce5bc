"""The value of simple YAML, read straight from its lines, or ``Unsure``.

Most headers are block mappings and sequences of one-line scalars and one-line
flow collections. Building their value from libyaml's events costs most of a
cold validation's parsing, nearly all of it in the Python objects PyYAML makes
for each event and its marks. This module reads that subset of YAML line by
line and gives the value PyYAML would build; whatever is outside the subset
raises ``Unsure``, and the caller parses the text with PyYAML
(``macros.loading``), which stays the reference. Plain scalars are resolved by
PyYAML's own resolver (the caller's ``plain``), so ``yes``, ``012``, ``1e3`` or
``12:30`` mean here what they mean there. ``tests/test_yaml_court.py`` checks
the values against PyYAML's on every real header, on synthetic ones and on
thousands of mutated ones.

The subset (anything else is ``Unsure``):
- spaces for indentation, ``\\n`` for line breaks, printable characters only
  (no tab, carriage return, other line break, byte-order mark or control);
- each line is ``key: value``, ``key:`` (its value on the next, more indented
  lines, or a sequence at the same indentation, or null), ``- value`` or
  ``- key: value`` (a mapping whose next keys line up with the first one);
  blank lines and comment lines are skipped; no comment after a value, no
  directive, document marker, ``-`` alone, ``? `` key or ``- -``;
- a key is an ASCII word (letters, digits, ``_``, ``-``) or a quoted scalar;
- a value is a plain scalar, a quoted scalar or a flow collection, all on its
  line;
- a plain scalar does not begin with an indicator (``-?:,[]{}#&*!|>'"%@```)
  and contains no ``#``; in a block, no ``: `` and no ``:`` at its end; in a
  flow collection, no ``:`` and no flow indicator;
- double-quoted scalars have no backslash; single-quoted ones may double their
  quote;
- no duplicate key (PyYAML's path words the problem), no empty entry or
  trailing comma in a flow collection, no flow key without a value.
Imports nothing local.
"""
from __future__ import annotations

import re
from typing import Any, Callable


class Unsure(Exception):
    """The text is outside the subset: parse it with PyYAML."""


#: A character outside the subset: tab, carriage return, controls, NEL, line and
#: paragraph separators, byte-order mark, non-characters.
_OUTSIDE = re.compile("[^\n\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]")

#: Each line: its indentation, an optional « - », an optional plain key (followed by
#: « : » and spaces, or the end) and what follows, without trailing spaces.
_LINE = re.compile(r"^( *)(- +)?(?:([A-Za-z0-9_][A-Za-z0-9_-]{0,99}):(?: +|$))?(.*[^ \n])? *$", re.M)

#: Characters a plain scalar may not begin with.
_INDICATORS = frozenset("-?:,[]{}#&*!|>'\"%@`")

#: The tokens of a one-line flow collection, after their spaces: a flow indicator, « : »,
#: a double-quoted scalar (no escape), a single-quoted one, a plain scalar (without
#: trailing spaces) or any other character (an indicator: ``Unsure``).
_TOKEN = re.compile(
    r""" *([^ ,\[\]{}#:&*!|>'"%@`?-](?:[^,\[\]{}#:]*[^ ,\[\]{}#:])?|[\[\]{},]|: |"[^"\\]*"|'(?:[^']|'')*'|.)"""
)

_SHORT_KEY = 200  # libyaml refuses simple keys longer than 1,024 characters: long ones left to it


def value(text: str, plain: Callable[[str], Any], resolved: frozenset) -> Any:
    """The value of ``text``. ``plain`` gives a plain scalar's value (and raises ``Unsure``
    for anything but text, numbers, booleans and null); a plain scalar whose first
    character is not in ``resolved`` is text."""
    if _OUTSIDE.search(text):
        raise Unsure
    # No blank line, no comment line.
    lines = [line for line in _LINE.findall(text) if line[1] or line[2] or line[3] and line[3][0] != "#"]
    if not lines:
        raise Unsure  # nothing, or only blanks: PyYAML's path
    reader = _Reader(lines, plain, resolved)
    try:
        out = reader.block(lines[0][0])
    except RecursionError:  # collections nested by the thousand: PyYAML's path words it
        raise Unsure from None
    if reader.i != len(lines):
        raise Unsure
    return out


def as_key(key: Any) -> Any:
    """A mapping's key as the project keeps it, whichever way its YAML was read: text,
    number or boolean, else its text (``None`` → ``"None"``)."""
    if type(key) is not str and (not isinstance(key, (int, float, bool)) or key is None):
        return str(key)
    return key


class _Reader:
    """The lines of one text, as (indentation, « - », plain key, rest), read from ``i`` on."""

    def __init__(self, lines: list, plain: Callable[[str], Any], resolved: frozenset):
        self.lines = lines
        self.plain = plain
        self.resolved = resolved
        self.i = 0

    def block(self, indent: str) -> Any:
        """The block collection starting at line ``i``, indented by ``indent``."""
        if self.lines[self.i][1]:
            return self.sequence(indent)
        return self.mapping(indent, False)

    def sequence(self, indent: str) -> list:
        out = []
        lines = self.lines
        while self.i < len(lines):
            col, dash, key, rest = lines[self.i]
            if col != indent or not dash:
                if len(col) > len(indent):
                    raise Unsure  # a scalar going on, or an error
                break
            if key or rest[:1] in ("'", '"') and self.quoted_key(rest) is not None:
                out.append(self.mapping(col + " " * len(dash), True))  # « - key: value »: a mapping at the key's column
                continue
            if not rest or rest[0] == "-" and rest[1:2] in ("", " "):
                raise Unsure  # « - » alone, or « - - »
            out.append(self.scalar_or_flow(rest))
            self.i += 1
        return out

    def mapping(self, indent: str, after_dash: bool) -> dict:
        """The block mapping at ``indent`` from line ``i``; ``after_dash``: its first key
        follows a « - »."""
        out: dict = {}
        lines = self.lines
        plain, resolved = self.plain, self.resolved
        while self.i < len(lines):
            col, dash, key, rest = lines[self.i]
            if after_dash:
                after_dash = False
            elif col != indent or dash:
                if len(col) >= len(indent):
                    raise Unsure  # more indented, or « - » after a value: a scalar going on, or an error
                break
            if key:
                if key[0] in resolved:
                    key = as_key(plain(key))
            else:
                found = self.quoted_key(rest) if rest[:1] in ("'", '"') else None
                if found is None:
                    raise Unsure
                key, rest = found
            if key in out:
                raise Unsure  # a duplicate key: worded by PyYAML's path
            self.i += 1
            if rest:
                c = rest[0]
                if c in _INDICATORS or "#" in rest or ": " in rest or rest[-1] == ":":
                    out[key] = self.scalar_or_flow(rest)
                else:
                    out[key] = plain(rest) if c in resolved else rest
            elif self.i < len(lines) and (len(lines[self.i][0]) > len(indent) or lines[self.i][0] == indent and lines[self.i][1]):
                out[key] = self.block(lines[self.i][0])
            else:
                out[key] = None
        return out

    @staticmethod
    def quoted_key(rest: str) -> tuple | None:
        """(key, what follows « key: ») when ``rest`` starts with a quoted key, else None."""
        text, end = _quoted(rest)
        if end is None or rest[end : end + 1] != ":":
            if end is not None and rest[end:].lstrip(" ")[:1] == ":":
                raise Unsure  # « "a" : b »
            return None
        after = rest[end + 1 :]
        if after[:1] not in ("", " ") or len(text) > _SHORT_KEY:
            raise Unsure
        return text, after.lstrip(" ")

    def scalar_or_flow(self, rest: str) -> Any:
        c = rest[0]
        if c == "[" or c == "{":
            tokens = _TOKEN.findall(rest)
            out, i = _collection(tokens, 0, self.plain, self.resolved)
            if i != len(tokens):
                raise Unsure
            return out
        if c == '"' or c == "'":
            text, end = _quoted(rest)
            if end != len(rest):
                raise Unsure
            return text
        if c in _INDICATORS or "#" in rest or ": " in rest or rest[-1] == ":":
            raise Unsure
        return self.plain(rest) if c in self.resolved else rest


def _quoted(s: str) -> tuple[str, int | None]:
    """The quoted scalar at the start of ``s`` and the index after it (None when it does
    not end on this line); raises ``Unsure`` for an escape in double quotes."""
    if s[0] == '"':
        end = s.find('"', 1)
        if end < 0:
            return "", None
        text = s[1:end]
        if "\\" in text:
            raise Unsure
        return text, end + 1
    parts = []
    j = 1
    while True:
        end = s.find("'", j)
        if end < 0:
            return "", None
        parts.append(s[j:end])
        if s[end + 1 : end + 2] != "'":
            return "'".join(parts), end + 1
        j = end + 2


def _collection(tokens: list, i: int, plain, resolved: frozenset) -> tuple[Any, int]:
    """The flow collection opened by ``tokens[i]``, and the index of the token after it."""
    mapping = tokens[i] == "{"
    close = "}" if mapping else "]"
    out: Any = {} if mapping else []
    try:
        i += 1
        token = tokens[i]
        if token == close:
            return out, i + 1
        while True:
            if mapping:  # the key, then « : »
                c = token[0]
                if c in _INDICATORS:
                    key = _quoted_token(token)
                elif c in resolved:
                    key = as_key(plain(token))
                else:
                    key = token
                if tokens[i + 1] != ": " or key in out or len(token) > _SHORT_KEY:
                    raise Unsure
                i += 2
                token = tokens[i]
            c = token[0]
            if c not in _INDICATORS:
                value = plain(token) if c in resolved else token
                i += 1
            elif c == "[" or c == "{":
                value, i = _collection(tokens, i, plain, resolved)
            else:
                value = _quoted_token(token)
                i += 1
            if mapping:
                out[key] = value
            else:
                out.append(value)
            token = tokens[i]
            if token == ",":
                i += 1
                token = tokens[i]
                if token == "," or token == "]" or token == "}":  # an empty entry, or a trailing comma
                    raise Unsure
            elif token == close:
                return out, i + 1
            else:
                raise Unsure
    except IndexError:  # the line ends inside the collection
        raise Unsure from None


def _quoted_token(token: str) -> str:
    """The text of a quoted token of a flow collection; raises ``Unsure`` for any other
    token beginning with an indicator (an unclosed quote is a token of one character)."""
    c = token[0]
    if c == '"' and len(token) > 1:
        return token[1:-1]
    if c == "'" and len(token) > 1:
        return token[1:-1].replace("''", "'")
    raise Unsure
