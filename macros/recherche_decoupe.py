"""Pagefind's word index cut again into chunks of the size Pagefind means.

Pagefind 1.5 groups words into chunks of about 20,000 postings (a page plus
its positions), but it counts only the postings of a word's unaccented form:
a word indexed with accents (« sécurisation », « région ») stores its postings
under a variant and counts as empty. Such words pile up in one chunk: at
5,000 synthetic fiches, five words found on every page (« régional »,
« réunion », « salariés », « sécurisation », « seniors ») made one 509 KB
chunk that a search for any of them downloaded whole.

``rechunk`` takes the files Pagefind wrote (path → bytes), cuts every chunk
that holds more than the target into chunks of the target (a word is never
cut, so one very common word keeps a chunk of its own), names the new chunks
by their content as Pagefind does, and writes the metadata file that lists
them (with a new name, and the entry file pointing at it). Words, postings,
fragments and filters are unchanged: only the way words are grouped into files.

The format is Pagefind's (``pagefind_dcd`` then CBOR, gzipped), read and
written with cbor2; re-encoding Pagefind's own files gives the same bytes,
which ``tests/test_recherche.py`` checks, so a change of format in a new
Pagefind fails the tests rather than the search.
"""
from __future__ import annotations

import gzip
import hashlib
import json

import cbor2

TARGET = 20000  # postings and positions per chunk: Pagefind's own figure
SIGNATURE = b"pagefind_dcd"


def decode(data: bytes):
    raw = gzip.decompress(data)
    if not raw.startswith(SIGNATURE):
        raise ValueError("fichier Pagefind inattendu")
    return cbor2.loads(raw[len(SIGNATURE):])


def encode(value) -> bytes:
    return gzip.compress(SIGNATURE + cbor2.dumps(value), compresslevel=6, mtime=0)


def size(word: list) -> int:
    """Postings and positions of a word, its accented variants included.
    A word is ``[form, postings, *variant_groups]``, a variant ``[form, postings]``,
    a posting ``[page, positions, ...]``."""
    postings = list(word[1]) + [p for group in word[2:] for variant in group for p in variant[1]]
    return sum(len(p[1]) + 1 for p in postings)


def split(words: list, target: int = TARGET) -> list[list]:
    """Pagefind's cut, with every posting counted: close a chunk once it reaches ``target``."""
    chunks, current, total = [], [], 0
    for word in words:
        current.append(word)
        total += size(word)
        if total >= target:
            chunks.append(current)
            current, total = [], 0
    if current:
        chunks.append(current)
    return chunks


def prefixes(a: str, b: str) -> tuple[str, str]:
    """The shortest prefixes that tell the last word of a chunk from the first of the next."""
    common = 0
    for x, y in zip(a, b):
        if x != y:
            break
        common += 1
    return a[: common + 1], b[: common + 1]


def _name(language: str, data: bytes, taken: set[str], length: int = 7) -> str:
    digest = hashlib.sha1(data).hexdigest()
    while f"{language}_{digest[:length]}" in taken:
        length += 1
    return f"{language}_{digest[:length]}"


def may_change(name: str) -> bool:
    """Whether ``rechunk`` may replace the file of this name (word chunks, their list, the entry file)."""
    return name.startswith("index/") or name.endswith(".pf_meta") or name == "pagefind-entry.json"


def rechunk(files: dict[str, bytes], target: int = TARGET) -> dict[str, bytes]:
    """The bundle ``files`` (paths relative to the bundle) with oversized word chunks cut."""
    entry = json.loads(files["pagefind-entry.json"])
    out, cut = dict(files), False
    for language, info in entry["languages"].items():
        meta_path = f"pagefind.{info['hash']}.pf_meta"
        meta = decode(files[meta_path])
        chunks, changed = [], False
        taken = {c[2] for c in meta[2]}
        for bounds in meta[2]:
            path = f"index/{bounds[2]}.pf_index"
            words = decode(files[path])[0]
            parts = split(words, target)
            if len(parts) == 1:
                chunks.append(bounds)
                continue
            changed = True
            del out[path]
            edges = [[p[0][0], p[-1][0]] for p in parts]
            edges[0][0], edges[-1][1] = bounds[0], bounds[1]  # the outer bounds Pagefind chose
            for left, right in zip(edges, edges[1:]):
                left[1], right[0] = prefixes(left[1], right[0])
            for part, (start, end) in zip(parts, edges):
                data = encode([part])
                name = _name(language, data, taken)
                taken.add(name)
                out[f"index/{name}.pf_index"] = data
                chunks.append([start, end, name])
        if not changed:
            continue
        cut = True
        meta[2] = chunks
        data = encode(meta)
        name = _name(language, data, set(), 10)
        del out[meta_path]
        out[f"pagefind.{name}.pf_meta"] = data
        info["hash"] = name
    if cut:
        out["pagefind-entry.json"] = json.dumps(entry, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return out
