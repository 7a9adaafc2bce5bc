"""Golden check: the real site built from a former commit and from the working tree, compared file by file.

    .venv/bin/python outils/comparer.py [REV] [--pdf]

REV (default ``HEAD``) is checked out into a temporary git worktree; both trees
are built with the same publication date, and every file of the two ``site/``
folders is compared: bytes for most files, the decompressed text for ``.gz``,
the text of every page for PDFs (with ``--pdf``; otherwise PDFs are not built).
Exit code 0 when the outputs are the same, 1 with the list of differences
otherwise. Used to show that an optimisation leaves the real output unchanged.
"""
from __future__ import annotations

import argparse
import difflib
import gzip
import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = str(ROOT / ".venv" / "bin" / "python") if (ROOT / ".venv/bin/python").exists() else sys.executable


def build(tree: Path, site: Path, pdf: bool) -> None:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DATE_PUBLICATION": "2026-11-23", "PDF": "1" if pdf else "0",
           "PYTHONPATH": str(tree)}
    r = subprocess.run([PY, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(site)], cwd=tree, env=env,
                       capture_output=True, text=True)
    if r.returncode:
        raise SystemExit(f"La construction de {tree} a échoué :\n{r.stdout[-2000:]}{r.stderr[-2000:]}")


HASH = re.compile(r"\b[a-z]{2}_[0-9a-f]{7,10}\b")


def canonical(value):
    """Pagefind's CBOR with its (random) order and content hashes taken out."""
    if isinstance(value, str):
        return HASH.sub("#", value)
    if isinstance(value, (list, tuple)):
        items = [canonical(v) for v in value]
        return sorted(items, key=repr) if all(isinstance(v, (list, str, tuple)) for v in items) else items
    if isinstance(value, dict):
        return {canonical(k): canonical(v) for k, v in value.items()}
    return value


def content(path: Path) -> bytes | str:
    if path.suffix.startswith(".pf_"):
        import cbor2

        data = gzip.decompress(path.read_bytes())[len(b"pagefind_dcd"):]
        value = json.loads(data) if data[:1] == b"{" else cbor2.loads(data)  # fragments are JSON
        return repr(canonical(value))
    if path.name == "pagefind-entry.json":
        return HASH.sub("#", path.read_text(encoding="utf-8"))
    if path.suffix == ".gz":
        return gzip.decompress(path.read_bytes())
    if path.suffix == ".pdf":
        from pypdf import PdfReader

        return "\n\f".join(p.extract_text() or "" for p in PdfReader(str(path)).pages)
    return path.read_bytes()


def key(rel: Path) -> Path:
    """A file's name without Pagefind's content hash (the content is compared instead)."""
    return rel.with_name(HASH.sub("#", rel.name))


def compare(a: Path, b: Path) -> list[str]:
    """The differences between two built sites, one line (or a short diff) each."""
    files_a = {p.relative_to(a) for p in a.rglob("*") if p.is_file() and not p.suffix.startswith(".pf_")}
    files_b = {p.relative_to(b) for p in b.rglob("*") if p.is_file() and not p.suffix.startswith(".pf_")}
    hashed_a = sorted((str(key(p.relative_to(a).parent / p.suffix)), content(p)) for p in a.rglob("*.pf_*"))
    hashed_b = sorted((str(key(p.relative_to(b).parent / p.suffix)), content(p)) for p in b.rglob("*.pf_*"))
    out = [f"seulement avant : {p}" for p in sorted(files_a - files_b)]
    out += [f"seulement après : {p}" for p in sorted(files_b - files_a)]
    if hashed_a != hashed_b:
        changed = sorted({k for k, _ in set(hashed_a) ^ set(hashed_b)})
        out.append(f"index de recherche différent ({len(set(hashed_a) ^ set(hashed_b))} fichier(s) : {', '.join(changed)})")
    for rel in sorted(files_a & files_b):
        ca, cb = content(a / rel), content(b / rel)
        if ca == cb:
            continue
        if isinstance(ca, bytes):
            try:
                ca, cb = ca.decode("utf-8"), cb.decode("utf-8")
            except UnicodeDecodeError:
                out.append(f"différent : {rel} (binaire, {len(ca)} → {len(cb)} octets)")
                continue
        diff = list(difflib.unified_diff(ca.splitlines(), cb.splitlines(), "avant", "après", lineterm="", n=1))
        out.append(f"différent : {rel}\n" + "\n".join(line[:300] for line in diff[:20]))
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("rev", nargs="?", default="HEAD")
    parser.add_argument("--pdf", action="store_true", help="build and compare the PDF edition too (its text)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="comparer-") as tmp:
        tmp = Path(tmp)
        before = tmp / "avant"
        subprocess.run(["git", "worktree", "add", "--detach", "-q", str(before), args.rev], cwd=ROOT, check=True)
        try:
            build(before, tmp / "site-avant", args.pdf)
            build(ROOT, tmp / "site-apres", args.pdf)
            diffs = compare(tmp / "site-avant", tmp / "site-apres")
        finally:
            subprocess.run(["git", "worktree", "remove", "--force", str(before)], cwd=ROOT, check=True)
    n = sum(1 for _ in (tmp / "site-apres").rglob("*")) if (tmp / "site-apres").exists() else 0
    if diffs:
        print(f"{len(diffs)} différence(s) entre {args.rev} et l'arbre de travail :")
        print("\n".join(diffs))
        return 1
    print(f"Sorties identiques entre {args.rev} et l'arbre de travail.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
