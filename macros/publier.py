"""Command line: build the site into a new folder and swap it in only on success.

    python -m macros.publier [--site site] [mkdocs build options…]

A failing build (invalid content, a template error) never replaces the
published site: ``site/`` stays as it was, the half-built folder is removed.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path


def publish(site: Path, extra: list[str], cwd: Path) -> int:
    site = site.resolve()
    new = site.with_name(site.name + ".nouveau")
    old = site.with_name(site.name + ".ancien")
    for leftover in (new, old):
        shutil.rmtree(leftover, ignore_errors=True)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(new), *extra], cwd=cwd, env=env)
    if result.returncode != 0:
        shutil.rmtree(new, ignore_errors=True)
        print(f"La construction a échoué : {site} n'a pas été modifié.", file=sys.stderr)
        return result.returncode or 1
    if site.exists():
        site.rename(old)
    new.rename(site)
    shutil.rmtree(old, ignore_errors=True)
    print(f"Site publié dans {site}.")
    return 0


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    site = Path("site")
    if "--site" in args:
        i = args.index("--site")
        site = Path(args[i + 1])
        del args[i : i + 2]
    return publish(site, args, Path.cwd())


if __name__ == "__main__":
    sys.exit(main())
