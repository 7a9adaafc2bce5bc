"""The line reader of simple YAML (macros/yaml_court.py) gives exactly PyYAML's value
(through loading's node path, the reference) or leaves the text to it: on every
real header and data file, on synthetic headers, on cases written by hand and
on thousands of texts mutated at random (``YAML_COURT_FUZZ`` sets how many)."""
from __future__ import annotations

import os
import random
import sys
from pathlib import Path

import pytest

from macros import loading, yaml_court

from test_loading import real_yaml, same  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "outils"))
import banc  # noqa: E402


def court(text: str):
    return yaml_court.value(text, loading._plain_value, loading._RESOLVED)


def check(text: str) -> bool:
    """True when the reader gave a value (PyYAML's), False when it left the text to PyYAML."""
    try:
        value = court(text)
    except yaml_court.Unsure:
        return False
    ok, reference = loading._node_value(text)
    assert ok, f"PyYAML refuses what the reader took: {text!r}"
    assert same(value, reference), f"{text!r}: {value!r} ≠ PyYAML's {reference!r}"
    return True


def headers() -> list[str]:
    return [text for _, text in real_yaml()]


@pytest.fixture(scope="module")
def seeds(tmp_path_factory) -> list[str]:
    corpus = tmp_path_factory.mktemp("banc")
    banc.generate(40, corpus)
    synthetic = [loading._page_parts(p.read_bytes(), "")[0][0] for p in sorted((corpus / "docs").rglob("*.md"))]
    return headers() + [t for t in synthetic if t.strip()]


def test_every_real_file_reads_as_pyyaml_reads_it_and_most_without_pyyaml():
    texts = headers()
    taken = [check(t) for t in texts]
    assert sum(taken) > 0.9 * len(texts)


SURE = [
    ("a: 1\nb: 1.5\nc: true\nd: ~\ne: null\nf: yes\ng: 0o17\nh: 017\ni: 0x1F\nj: .inf\nl: 1_000\nm: 1e3\nn: 12:30\n",
     {"a": 1, "b": 1.5, "c": True, "d": None, "e": None, "f": True, "g": "0o17", "h": 15, "i": 31, "j": float("inf"),
      "l": 1000, "m": "1e3", "n": 750}),
    ("date: 2026-11-23\n", {"date": "2026-11-23"}),
    ("1: un\nno: faux\nnull: rien\n'2': deux\n", {1: "un", False: "faux", "None": "rien", "2": "deux"}),
    ("titre: \"L'emploi : « tous »\"\nnumero: 'l''un'\n", {"titre": "L'emploi : « tous »", "numero": "l'un"}),
    ("liste: [a, 'b', \"c\", 1, {d: e}, [f]]\nvide: [ ]\nrien: {}\n",
     {"liste": ["a", "b", "c", 1, {"d": "e"}, ["f"]], "vide": [], "rien": {}}),
    ("v: {\"2023\": 221, \"2024\": 1 452}\n", {"v": {"2023": 221, "2024": "1 452"}}),
    ("k:\n- a\n- b\nl: c\n", {"k": ["a", "b"], "l": "c"}),
    ("- a: 1\n  b:\n  - x\n  c: [y]\n- z\n-   d: 2\n    e: 3\n", [{"a": 1, "b": ["x"], "c": ["y"]}, "z", {"d": 2, "e": 3}]),
    ("a:\n    b:\n        c: d\n    e: f\ng:\n", {"a": {"b": {"c": "d"}, "e": "f"}, "g": None}),
    ("# commentaire\na: 1   \n\n   # indenté\nb: https://exemple.fr/a:b\n", {"a": 1, "b": "https://exemple.fr/a:b"}),
    ("a: texte, avec [crochets] et {accolades}\nb: l'apostrophe\n", {"a": "texte, avec [crochets] et {accolades}", "b": "l'apostrophe"}),
    ("a: 1\u00a0452\u00a0000 €\nb: \U0001F600\n", {"a": "1\u00a0452\u00a0000 €", "b": "\U0001F600"}),
]


@pytest.mark.parametrize("text, expected", SURE)
def test_what_the_subset_holds_is_read_as_pyyaml_reads_it(text, expected):
    assert same(court(text), expected)
    assert check(text)


UNSURE = [
    "", "\n  \n", "# seulement un commentaire\n", "juste du texte\n", "a: 1\n---\nb: 2\n", "--- \na: 1\n", "%YAML 1.1\n---\na: 1\n",
    "\tindent: tab\n", "a: b\r\n", "a: \ufeffb\n", "a: b\x85c\n", "a: b\u2028c\n",
    "a: &x 1\nb: *x\n", "a: !!str 12\n", "a: !perso 12\n", "? a\n: b\n", "a: =\n", "<<: {a: 1}\n",
    "a: \"\\n\"\n", "a: 'pas fermée\n", "a: \"pas fermée\n  suite\"\n", "a: b # commentaire\n", "a: b: c\n", "a: b:\n",
    "a: plusieurs\n  lignes\n", "a: [1,\n  2]\n", "a: |\n  bloc\n", "a: >\n  plié\n", "a: [a,]\n", "a: [a, , b]\n",
    "a: {b}\n", "a: {b: }\n", "a: {b:c}\n", "a: {b: 12:30}\n", "a: [- b]\n", "a: [b] c\n", "a: \"b\" c\n",
    "a: 1\na: 2\n", "1: a\ntrue: b\n", "a: {b: 1, b: 2}\n", "-\n- a\n", "- - a\n", "- a\nb: c\n", "a: 1\n b: 2\n",
    "a:\n  - b\n c: d\n", "a: -1\n", "a: " + "[" * 5000 + "]" * 5000 + "\n", "".join(f"{' ' * i}a:\n" for i in range(3000)), "a: @b\n", "a: `b`\n", "\"a\" : b\n", "a :b\n", "clé: 1\n",
]


@pytest.mark.parametrize("text", UNSURE)
def test_what_is_outside_the_subset_is_left_to_pyyaml(text):
    with pytest.raises(yaml_court.Unsure):
        court(text)


SNIPPETS = [
    ":", ": ", " :", "#", " #", "- ", "-", "[", "]", "{", "}", ",", ", ", "'", '"', "''", "\\", "\t", "\r", "\n",
    "\n  ", "\n- ", "\n  - ", "  ", " ", "&a ", "*a", "!!str ", "? ", "|", ">", "%", "@", "`", "~", "null", "yes", "No",
    "on", "0x1F", "012", "1_000", "1e3", "1.5", ".inf", "-.5", "+1", "12:30", "2024-01-01", "<<", "=", "\u00a0",
    "\u2028", "\x85", "\ufeff", "é", "---", "...", "0o7", "true", "a: b", "{a: 1}", "[1, 2]", "'x'", '"y"', "\n#c\n",
]


def mutate(text: str, rng: random.Random) -> str:
    for _ in range(rng.randint(1, 3)):
        kind = rng.randrange(5)
        pos = rng.randint(0, len(text))
        if kind <= 1:
            text = text[:pos] + rng.choice(SNIPPETS) + text[pos:]
        elif kind == 2:
            text = text[:pos] + text[pos + rng.randint(1, 5) :]
        else:
            lines = text.split("\n")
            i = rng.randrange(len(lines))
            if kind == 3:
                lines.insert(i, lines[rng.randrange(len(lines))])
            else:
                lines[i] = " " * rng.randint(0, 3) + lines[i].lstrip(" ") if rng.random() < 0.5 else lines[i][1:]
            text = "\n".join(lines)
    return text


def test_mutated_texts_are_read_as_pyyaml_reads_them_or_left_to_it(seeds):
    rng = random.Random(20261123)
    count = int(os.environ.get("YAML_COURT_FUZZ", "4000"))
    taken = 0
    for _ in range(count):
        taken += check(mutate(rng.choice(seeds), rng))
    assert taken > count // 5  # the mutations left enough texts inside the subset to test it


KEYS = ["a", "b", "c", "'d'", '"e"', "1", "yes", "null", "a-b", "x_1", "2024"]
SCALARS = ["x", "y z", "'q'", '"r"', "1", "1.0", "~", "[]", "{}", "[x, 'y']", "{k: v, 'l': [1]}", "a, b", "12:30", "no",
           "{a: {b: [c, {d: e}]}}", "l'un", '"« a : b »"', "0x1F", "-", "[x,", "'open", "x:", "&a x", "a # b"]


def block(rng: random.Random, indent: int, depth: int) -> list[str]:
    """The lines of a block mapping or sequence at ``indent``, in the subset but for a few values."""
    pad = " " * indent
    lines = []
    if rng.random() < 0.6:  # a mapping
        for key in rng.sample(KEYS, rng.randint(1, 4)):
            if depth < 3 and rng.random() < 0.35:
                lines.append(f"{pad}{key}:")
                lines += block(rng, indent + rng.choice([0, 2, 4]) if rng.random() < 0.3 else indent + 2, depth + 1)
            else:
                lines.append(f"{pad}{key}: {rng.choice(SCALARS)}")
    else:
        for _ in range(rng.randint(1, 4)):
            if depth < 3 and rng.random() < 0.35:
                inner = block(rng, indent + 2, depth + 1)
                lines.append(f"{pad}- " + inner[0][indent + 2 :])
                lines += inner[1:]
            else:
                lines.append(f"{pad}- {rng.choice(SCALARS)}")
    return lines


def generated(rng: random.Random) -> str:
    text = "\n".join(block(rng, 0, 0)) + "\n"
    return mutate(text, rng) if rng.random() < 0.3 else text


def test_generated_structures_are_read_as_pyyaml_reads_them_or_left_to_it():
    rng = random.Random(23112026)
    count = int(os.environ.get("YAML_COURT_FUZZ", "4000"))
    taken = sum(check(generated(rng)) for _ in range(count))
    assert taken > count // 5
