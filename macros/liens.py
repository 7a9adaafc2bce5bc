"""External links of the built site, listed for the build log and in
``donnees/liens-externes.csv`` (a person checks them; the build never
fetches anything from other hosts)."""
from __future__ import annotations

import csv
import re
from pathlib import Path

_A = re.compile(r'<a\s[^>]*>')
_URL = re.compile(r'href="(https?://[^"]+)"')


def external_links(site_dir: Path | str) -> dict[str, list[str]]:
    """{url: [pages that link to it]} for links in the pages' content (not the theme's chrome)."""
    site = Path(site_dir)
    found: dict[str, list[str]] = {}
    for page in sorted(site.rglob("index.html")):
        text = page.read_text(encoding="utf-8")
        start = text.find("<article")
        end = text.find("</article>", start)
        if start < 0 or end < 0:
            continue
        rel = page.parent.relative_to(site).as_posix() + "/"
        urls = []
        for tag in _A.findall(text, start, end + len("</article>")):
            u = _URL.search(tag)
            if u and "md-content__button" not in tag:  # the theme's edit button is not content
                urls.append(u.group(1))
        for url in dict.fromkeys(urls):
            found.setdefault(url.replace("&amp;", "&"), []).append("" if rel == "./" else rel)
    out = site / "donnees" / "liens-externes.csv"
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["url", "pages"])
        for url, pages in sorted(found.items()):
            w.writerow([url, " ".join(pages)])
    return found
