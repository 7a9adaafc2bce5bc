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


def _pf(path: Path):
    data = gzip.decompress(path.read_bytes())[len(b"pagefind_dcd"):]
    if data[:1] == b"{":  # fragments are JSON
        return json.loads(data)
    import cbor2

    return cbor2.loads(data)


def pagefind_index(folder: Path) -> dict:
    """Pagefind's index with page numbers replaced by URLs: Pagefind numbers pages
    in the order it reads them (directory order for the CLI), so two equal
    indexes can differ byte for byte."""
    meta = _pf(next(folder.glob("pagefind.*.pf_meta")))
    fragments = {p.name.split(".")[0]: _pf(p) for p in folder.glob("fragment/*.pf_fragment")}
    urls = [fragments[h]["url"] for h, _ in meta[1]]

    def postings(items) -> list:
        """Postings start with the page number, then the difference with the previous one."""
        page, out = -1, []
        for posting in items:
            page += posting[0] + (1 if not out else 0)
            out.append((urls[page], repr(posting[1:])))
        return sorted(out)

    words: dict = {}
    for chunk in folder.glob("index/*.pf_index"):
        for entry in _pf(chunk)[0]:
            variants = sorted((v[0], postings(v[1])) for part in entry[2:] for v in part)
            words[entry[0]] = (postings(entry[1]), variants)
    filters = {}
    for f in folder.glob("filter/*.pf_filter"):
        name, values = _pf(f)
        filters[name] = {v: sorted(urls[i] for i in pages) for v, pages in values}
    return {
        "pages": sorted((urls[i], n) for i, (_, n) in enumerate(meta[1])),
        "fragments": sorted(json.dumps(v, sort_keys=True, ensure_ascii=False) for v in fragments.values()),
        "words": words, "filters": filters, "other": repr(meta[4:]),
    }


def content(path: Path) -> bytes | str:
    if path.name == "pagefind-entry.json":
        return HASH.sub("#", path.read_text(encoding="utf-8"))
    if path.suffix == ".gz":
        return gzip.decompress(path.read_bytes())
    if path.suffix == ".pdf":
        from pypdf import PdfReader

        return "\n\f".join(p.extract_text() or "" for p in PdfReader(str(path)).pages)
    return path.read_bytes()


def compare(a: Path, b: Path) -> list[str]:
    """The differences between two built sites, one line (or a short diff) each."""
    files_a = {p.relative_to(a) for p in a.rglob("*") if p.is_file() and not p.suffix.startswith(".pf_")}
    files_b = {p.relative_to(b) for p in b.rglob("*") if p.is_file() and not p.suffix.startswith(".pf_")}
    out = [f"seulement avant : {p}" for p in sorted(files_a - files_b)]
    out += [f"seulement après : {p}" for p in sorted(files_b - files_a)]
    if (a / "pagefind").is_dir() and (b / "pagefind").is_dir():
        ia, ib = pagefind_index(a / "pagefind"), pagefind_index(b / "pagefind")
        for part in ia:
            if ia[part] != ib[part]:
                detail = ""
                if isinstance(ia[part], dict):
                    keys = sorted(k for k in set(ia[part]) | set(ib[part]) if ia[part].get(k) != ib[part].get(k))
                    detail = f" : {len(keys)} entrée(s), dont {', '.join(map(str, keys[:8]))}"
                out.append(f"index de recherche différent ({part}{detail})")
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
        if (ROOT / "node_modules").exists():  # npm packages are not in git (the editor at /admin/)
            (before / "node_modules").symlink_to(ROOT / "node_modules")
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
