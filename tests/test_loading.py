"""Reading files (macros/loading.py): the fast YAML path built from libyaml's
events gives exactly what the node path gives, or leaves the text to it; pages
split the same in bytes and in text; the « # » heading test."""
from __future__ import annotations

import math
from pathlib import Path

import pytest

from macros import loading

ROOT = Path(__file__).resolve().parent.parent

TRICKY = [
    "",
    "# only a comment\n",
    "titre: Un titre\nnumero: '1'\n",
    "a: 1\nb: 1.5\nc: true\nd: ~\ne: null\nf: yes\ng: 0o17\nh: 017\ni: 0x1F\nj: .inf\nk: -.Inf\nl: 1_000\n",
    "date: 2026-11-23\nquand: 2026-11-23 10:00:00\n",
    "1: un\n2.5: deux\ntrue: vrai\n~: rien\n",
    "'1': quoted key\n\"x\": \"y\"\n",
    "liste: [a, 'b', 1, {c: d}]\nvide: []\nrien: {}\n",
    "imbrique:\n  - nom: A\n    roles: [pilote]\n  - nom: B\n    montant: 1452000\n",
    "texte: |\n  ligne un\n  ligne {{ deux }}\nplie: >\n  un\n  deux\n",
    "ancre: &a [1, 2]\nalias: *a\n",
    "base: &b {x: 1}\nfusion:\n  <<: *b\n  y: 2\n",
    "etiquette: !!str 12\n",
    "etrange: !perso 12\n",
    "? [a, b]\n: complexe\n",
    "double: 1\ndouble: 2\n",
    "1: a\ntrue: b\n",
    "a: 1\n---\nb: 2\n",
    "--- \na: 1\n...\n",
    "titre: [\n",
    "a: b: c\n",
    "\tindent: tab\n",
    "- un\n- deux\n",
    "juste du texte\n",
    "nan: .nan\n",
    "cle: =\n",
    "valeur: !!binary aGVsbG8=\n",
    "emoji: \"\\U0001F600\"\nnbsp: 1\u00a0452\u00a0000 €\n",
]


def same(a, b) -> bool:
    """Equal values of the same types, all the way down (1 == 1.0 == True is not enough)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return list(a) == list(b) and all(same(k, l) for k, l in zip(a, b)) and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    if isinstance(a, float) and math.isnan(a):
        return math.isnan(b)
    return a == b


@pytest.mark.parametrize("text", TRICKY)
def test_the_event_path_gives_what_the_node_path_gives(text):
    fast, slow = loading._fast_value(text), loading._node_value(text)
    assert fast[0] == slow[0]
    assert same(fast[1], slow[1]), (fast, slow)


def real_yaml() -> list[tuple[str, str]]:
    out = []
    for path in sorted((ROOT / "data").rglob("*.yml")):
        out.append((str(path.relative_to(ROOT)), path.read_text(encoding="utf-8")))
    for path in sorted((ROOT / "docs").rglob("*.md")):
        parts = loading.split_front_matter(path.read_text(encoding="utf-8"))
        if parts:
            out.append((str(path.relative_to(ROOT)), parts[0]))
    return out


def test_every_real_header_and_data_file_parses_the_same_both_ways():
    texts = real_yaml()
    assert len(texts) > 100
    for name, text in texts:
        fast, slow = loading._fast_value(text), loading._node_value(text)
        assert fast[0] and slow[0], name
        assert same(fast[1], slow[1]), name


def test_a_page_splits_the_same_in_bytes_and_in_text():
    for text in ("---\ntitre: A\n---\n# corps\nété\n", "---\na: 1\n...\ncorps", "---\na: 1\n---", "---  \na: é\n--- \n\nx\n",
                 "pas d'en-tête\n", "---\nsans fin\n"):
        in_text = loading.split_front_matter(text)
        in_bytes = loading.split_front_matter(text.encode("utf-8"))
        if in_text is None:
            assert in_bytes is None
        else:
            assert (in_bytes[0].decode(), in_bytes[1].decode(), in_bytes[2]) == in_text


def test_page_entry_normalises_bom_and_crlf_and_rejects_what_has_no_header():
    plain = loading.page_entry("---\ntitre: Été\n---\ncorps\n".encode())
    assert plain[0] == {"titre": "Été"} and plain[1] == b"corps\n" and plain[2] == 4
    crlf = loading.page_entry("\ufeff---\r\ntitre: Été\r\n---\r\ncorps\r\n".encode())
    assert crlf[:3] == plain[:3]
    assert loading.page_entry(b"") is None
    assert loading.page_entry(b"corps sans en-tete\n") is None
    assert loading.page_entry(b"---\ntitre: [\n---\n") is None  # left to load_page, which words the problem


@pytest.mark.parametrize("body, expected", [
    ("", False), ("# Titre\n", True), ("## Sous-titre\n", False), ("texte\n# Titre", True),
    ("texte # pas un titre\n", False), ("a\n## b\n### c\n", False), ("#\n", True), ("a\n#", True),
    ("é\n## x\n#titre\n", True),
])
def test_a_level_one_heading_is_found_in_text_and_in_bytes(body, expected):
    assert loading.may_have_h1(body) is expected
    assert loading.may_have_h1(body.encode("utf-8")) is expected
