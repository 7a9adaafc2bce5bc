"""Benchmark: synthetic, schema-valid corpora of N fiches built with the real project.

    .venv/bin/python outils/banc.py 100 1000 5000 [--pdf-max 1000] [--sans-navigateur]

For each size it prints: HTML build time (search index and exports included,
PDF excluded), time per fiche, peak memory, validation time alone, the floor
(python-markdown alone on the same bodies, same extensions, before and after the
build) and the ratio to the lower of the two;
site size, one fiche page's HTML, bytes a reader downloads for one search and
the time to its first result (Chromium), Material's search index for
comparison; PDF time, pages and completeness, and plain WeasyPrint's time on
the same content with a lean stylesheet; the time from saving an edited
fiche to its new page being served by ``mkdocs serve --dirty``.
Measures only: the figures go in the README by hand.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PY = str(ROOT / ".venv" / "bin" / "python") if (ROOT / ".venv/bin/python").exists() else sys.executable
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DATE_PUBLICATION": "2026-11-23"}

WORDS = (
    "accompagnement formation emploi compétences territoire partenaires insertion orientation jeunes "
    "demandeurs entreprises apprentissage qualification parcours sécurisation transition écologique "
    "numérique mobilité logement recrutement tension métiers branches observatoire diagnostic pilotage "
    "comité régional départemental local acteurs dispositif financement évaluation indicateurs "
    "calendrier réunion atelier questionnaire synthèse perspectives freins leviers publics seniors "
    "salariés allocataires bénéficiaires handicap égalité professionnelle attractivité certification"
).split()
STATUTS = ["proposée", "à l'étude", "priorisée", "validée", "en cours", "réalisée"]
PLANS = 5


def sentence(rng: random.Random, n: int) -> str:
    words = [rng.choice(WORDS) for _ in range(n)]
    return " ".join(words).capitalize() + "."


#: Sections of a fiche's text: four make about 7.8 KB of Markdown (the default corpus), one about 2 KB.
SECTIONS = ("Contexte", "Description", "Mise en œuvre", "Perspectives")


def body(rng: random.Random, sections: int = 4) -> str:
    parts = []
    for i in range(sections):
        title = SECTIONS[i % len(SECTIONS)] + ("" if i < len(SECTIONS) else f" ({i // len(SECTIONS) + 1})")
        parts.append(f"## {title}\n")
        for _ in range(3):
            parts.append(" ".join(sentence(rng, rng.randint(12, 22)) for _ in range(3)) + "\n")
        parts.append("- " + sentence(rng, 8) + "\n- " + sentence(rng, 9) + "\n- " + sentence(rng, 7) + "\n")
    return "\n".join(parts)


def yaml_str(s: str) -> str:
    return json.dumps(s, ensure_ascii=False)


def generate(n: int, dest: Path, seed: int = 7, sections: int = 4) -> list[str]:
    """A project tree with ``n`` fiches of ``sections`` sections of text; returns the fiche bodies (for the floor)."""
    rng = random.Random(seed)
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    shutil.copy(ROOT / "mkdocs.yml", dest / "mkdocs.yml")
    shutil.copytree(ROOT / "overrides", dest / "overrides")
    (dest / "macros").symlink_to(ROOT / "macros")
    (dest / "docs").mkdir()
    shutil.copy(ROOT / "docs" / "index.md", dest / "docs" / "index.md")
    shutil.copytree(ROOT / "docs" / "assets", dest / "docs" / "assets")
    for d in ("plans", "acteurs", "territoires", "glossaire", "jalons"):
        (dest / "data" / d).mkdir(parents=True)
    shutil.copy(ROOT / "data" / "territoires" / "communs.yml", dest / "data" / "territoires" / "communs.yml")
    actors = [f"acteur-{i:03d}" for i in range(300)]
    (dest / "data/acteurs/banc.yml").write_text("".join(
        f"- {{id: {a}, nom: {yaml_str('Organisation ' + a[-3:] + ' ' + rng.choice(WORDS))}, sigle: ORG{a[-3:]}, type: {rng.choice(['État', 'Région', 'Département', 'OPCO', 'association'])}}}\n"
        for a in actors), encoding="utf-8")
    (dest / "data/glossaire/banc.yml").write_text("".join(
        f"- {{sigle: SIG{i:02d}, definition: {yaml_str(sentence(rng, 4)[:-1])}}}\n" for i in range(80)), encoding="utf-8")
    n_axes = max(3, n // 50 // PLANS)
    depts = ["calvados", "eure", "manche", "orne", "seine-maritime"]
    bodies = []
    per_plan = [n // PLANS + (1 if i < n % PLANS else 0) for i in range(PLANS)]
    for p in range(1, PLANS + 1):
        pid = f"banc-{p}"
        (dest / "data/plans" / f"{pid}.yml").write_text(
            f"titre: Plan de banc d'essai {p}\ntitre_court: Banc {p}\nordre: {p}\nregion: Normandie\n"
            f"emetteurs: [{actors[p]}]\nperiode: \"2024-2027\"\nstatut: adopté\n"
            "vocabulaire: {axe: Axe, axes: Axes, fiche: Fiche action, fiches: Fiches actions}\n"
            "source: {titre: Document synthétique, editeur: Banc d'essai}\n"
            f"resume: {yaml_str(sentence(rng, 30))}\n", encoding="utf-8")
        (dest / "docs/plans").mkdir(exist_ok=True)
        (dest / "docs/plans" / f"{pid}.md").write_text("---\n---\n\n" + body(rng), encoding="utf-8")
        (dest / "docs/axes" / pid).mkdir(parents=True)
        (dest / "docs/fiches" / pid).mkdir(parents=True)
        for a in range(1, n_axes + 1):
            (dest / "docs/axes" / pid / f"axe-{a}.md").write_text(
                f"---\ntitre: {yaml_str(sentence(rng, 7)[:-1])}\nnumero: \"{a}\"\npilotes: [{rng.choice(actors)}]\n"
                f"orientations: [{yaml_str(sentence(rng, 10))}]\n---\n\n" + sentence(rng, 40) + "\n", encoding="utf-8")
        (dest / "data/jalons" / f"{pid}.yml").write_text(
            f"- {{id: seance, plan: {pid}, quand: 13 avril 2026, libelle: Séance plénière}}\n", encoding="utf-8")
        for k in range(1, per_plan[p - 1] + 1):
            b = body(rng, sections)
            bodies.append(b)
            year = rng.choice([2025, 2026, 2027])
            fm = [
                f"titre: {yaml_str(sentence(rng, rng.randint(6, 14))[:-1])}",
                f"numero: \"{k}\"",
                f"axe: axe-{rng.randint(1, n_axes)}",
                f"resume: {yaml_str(sentence(rng, 25))}",
                f"pilotes: [{rng.choice(actors)}]",
                f"partenaires: [{', '.join(rng.sample(actors, 3))}]",
                f"territoire: {{niveaux: [CRPE], region: Normandie, departements: [{rng.choice(depts)}]}}",
                f"publics: [{yaml_str(rng.choice(['Demandeurs d emploi', 'Jeunes', 'Seniors', 'Salariés', 'Entreprises']))}]",
                f"statut: {yaml_str(rng.choice(STATUTS))}",
                "calendrier:",
                f"  - {{quand: T1 {year}, libelle: lancement}}",
                f"  - {{quand: T2-T3 {year}, libelle: mise en œuvre}}",
                f"  - {{quand: {rng.randint(1, 28)} mars {year + 1}, libelle: bilan}}",
                "budget:",
                f"  - {{montant: {rng.randint(10, 900) * 1000}, objet: ingénierie, financeurs: [Région], periode: \"{year}\"}}",
                "  - {montant: à définir, objet: fonctionnement}",
                "indicateurs:",
                f"  - {{libelle: Personnes accompagnées, unite: personnes, cible: {rng.randint(50, 500)}, valeurs: {{\"2023\": {rng.randint(10, 300)}, \"2024\": {rng.randint(10, 300)}}}}}",
                f"  - {{libelle: Taux d'accès à l'emploi, unite: \"%\", valeurs: {{\"2023\": {rng.randint(20, 80)}, \"2024\": {rng.randint(20, 80)}}}}}",
            ]
            (dest / "docs/fiches" / pid / f"fiche-{k:04d}.md").write_text("---\n" + "\n".join(fm) + "\n---\n\n" + b, encoding="utf-8")
    return bodies


def timed(cmd: list[str], env: dict, cwd: Path) -> tuple[float, int, str]:
    """Wall time, peak RSS (MB) of the command, and its output."""
    wrapper = ("import resource,subprocess,sys,time;t=time.perf_counter();r=subprocess.run(sys.argv[1:],capture_output=True,text=True);"
               "print(time.perf_counter()-t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, r.returncode);"
               "sys.stderr.write(r.stdout+r.stderr)")
    r = subprocess.run([sys.executable, "-c", wrapper, *cmd], capture_output=True, text=True, env=env, cwd=cwd)
    secs, rss, code = r.stdout.split()
    if code != "0":
        raise SystemExit(f"échec de {' '.join(cmd)} :\n{r.stderr[-3000:]}")
    return float(secs), int(rss) // 1024, r.stderr


def floor(bodies: list[str]) -> float:
    import markdown

    md = markdown.Markdown(extensions=["tables", "attr_list", "admonition", "abbr", "toc"])
    start = time.perf_counter()
    for b in bodies:
        md.reset()
        md.convert(b)
    return time.perf_counter() - start


def validation(dest: Path) -> tuple[float, float]:
    """validate_tree's time on the fresh corpus (cold: nothing cached), then again (warm:
    the parsed headers are in dest/.cache/). Each in a new process, as a build would."""
    code = ("import sys,time;sys.path.insert(0,sys.argv[2]);from macros.validation import validate_tree;"
            "t=time.perf_counter();_,p=validate_tree(sys.argv[1]);e=time.perf_counter()-t;assert not p,p[:3];print(e)")
    times = []
    for _ in range(2):
        r = subprocess.run([PY, "-c", code, str(dest), str(ROOT)], capture_output=True, text=True, env=ENV, check=True)
        times.append(float(r.stdout))
    return times[0], times[1]


def preview(dest: Path, fiche_url: str, src: Path) -> float:
    """``mkdocs serve --dirty --no-strict`` (MkDocs warns about every dirty build): seconds from saving an edited fiche to the new page being served."""
    import socket
    import urllib.request

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    log = open(dest / "serve.log", "w")
    proc = subprocess.Popen([PY, "-m", "mkdocs", "serve", "--dirty", "--no-strict", "-a", f"127.0.0.1:{port}"], cwd=dest,
                            env={**ENV, "PDF": "0"}, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/{fiche_url}"

    def get() -> str:
        try:
            with urllib.request.urlopen(url, timeout=5) as r:
                return r.read().decode("utf-8")
        except OSError:
            return ""

    try:
        deadline = time.time() + 1800
        while "data-pagefind-body" not in get():
            if time.time() > deadline or proc.poll() is not None:
                raise SystemExit(f"mkdocs serve n'a pas démarré : {(dest / 'serve.log').read_text()[-2000:]}")
            time.sleep(0.5)
        time.sleep(2)  # the watcher is set up once the first build is served
        marker = f"Contexte modifié {random.randint(10**6, 10**7)}"
        src.write_text(src.read_text(encoding="utf-8").replace("## Contexte", "## " + marker, 1), encoding="utf-8")
        start = time.perf_counter()
        while marker not in get():
            if time.perf_counter() - start > 300:
                raise SystemExit("la fiche modifiée n'a pas été servie en 5 minutes")
            time.sleep(0.05)
        return time.perf_counter() - start
    finally:
        proc.terminate()
        proc.wait()
        log.close()


def du(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def search_cost(site: Path, query: str = "sécurisation") -> tuple[int, float]:
    """Bytes a reader downloads for one search (Pagefind files only) and time to the first result."""
    import functools
    import http.server
    import threading

    from playwright.sync_api import sync_playwright

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    handler = functools.partial(Quiet, directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{httpd.server_address[1]}"
    sizes: dict[str, int] = {}
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path="/usr/bin/chromium",
                              args=["--no-sandbox", "--disable-background-networking", "--disable-component-update"])
        page = b.new_page()
        page.goto(f"{url}/recherche/")
        page.on("response", lambda r: sizes.__setitem__(r.url, len(r.body())) if "/pagefind/" in r.url else None)
        start = time.perf_counter()
        page.fill("#recherche-q", query)
        page.press("#recherche-q", "Enter")
        page.wait_for_selector("#recherche-resultats li", timeout=60000)
        first = time.perf_counter() - start
        b.close()
    httpd.shutdown()
    return sum(sizes.values()), first


def plain_weasyprint(site: Path, dest: Path, limit: int | None) -> tuple[float, int]:
    """WeasyPrint alone on the fiche articles, concatenated, with a lean print stylesheet."""
    from weasyprint import HTML

    articles = []
    for page in sorted((site / "fiches").glob("*/*/index.html"))[:limit]:
        text = page.read_text(encoding="utf-8")
        m = re.search(r"<article[^>]*>(.*?)</article>", text, re.S)
        articles.append(f'<section style="break-before: page">{m.group(1)}</section>')
    css = "@page { size: A4; margin: 20mm } body { font-family: 'Liberation Sans', sans-serif; font-size: 9.5pt } svg { max-width: 100% }"
    html = f"<html lang='fr'><head><meta charset='utf-8'><style>{css}</style></head><body>{''.join(articles)}</body></html>"
    start = time.perf_counter()
    doc = HTML(string=html).render()
    doc.write_pdf(dest / "plain.pdf")
    return time.perf_counter() - start, len(doc.pages)


def material_search_index(dest: Path) -> int:
    """Size of Material's search index (what each reader downloads) for the same corpus."""
    cfg = (dest / "mkdocs.yml").read_text(encoding="utf-8")
    alt = cfg.replace("plugins:\n", "plugins:\n  - search:\n      lang: fr\n", 1)
    (dest / "mkdocs-material-search.yml").write_text(alt, encoding="utf-8")
    timed([PY, "-m", "mkdocs", "build", "-q", "-f", "mkdocs-material-search.yml", "-d", str(dest / "site-ms")], {**ENV, "PDF": "0"}, dest)
    return (dest / "site-ms/search/search_index.json").stat().st_size


def run(n: int, work: Path, pdf_max: int, browser: bool, material: bool, sections: int = 4) -> dict:
    dest = work / f"corpus-{n}"
    bodies = generate(n, dest, sections=sections)
    out = {"fiches": n}
    out["validation_s"], out["validation_warm_s"] = validation(dest)
    floors = [floor(bodies)]
    site = dest / "site"
    shutil.rmtree(dest / ".cache", ignore_errors=True)  # the build is measured cold
    secs, rss, log = timed([PY, "-m", "mkdocs", "build", "-q", "-d", str(site)], {**ENV, "PDF": "0"}, dest)
    # The floor again, right after the build: on a shared machine the speed drifts, and the
    # faster of the two (the lower floor) gives the ratio least in our favour.
    floors.append(floor(bodies))
    out["floor_s"], out["floor_after_s"] = floors
    out.update(html_s=secs, per_fiche_ms=secs / n * 1000, peak_mb=rss, ratio=secs / min(floors))
    out["site_mb"] = du(site) / 1e6
    fiche_pages = sorted((site / "fiches").glob("*/*/index.html"))
    out["fiche_page_kb"] = max(p.stat().st_size for p in fiche_pages[:50]) / 1000
    if browser:
        # A word of nearly every fiche (the worst case), then an acronym found on a few.
        out["search_kb"], out["search_first_s"] = search_cost(site)
        out["search_kb"] /= 1000
        out["search_rare_kb"] = search_cost(site, "ORG007")[0] / 1000
    if material:
        out["material_index_kb"] = material_search_index(dest) / 1000
    # Preview: one fiche edited while ``mkdocs serve --dirty`` runs.
    one = fiche_pages[0].relative_to(site / "fiches").parent
    src = dest / "docs/fiches" / one.parent / f"{one.name}.md"
    out["preview_s"] = preview(dest, f"fiches/{one.as_posix()}/", src)
    if n <= pdf_max:
        site_pdf = dest / "site-pdf"
        secs, rss_pdf, log = timed([PY, "-m", "mkdocs", "build", "-d", str(site_pdf)], {**ENV, "PDF": "1"}, dest)
        out["pdf_s"] = secs - out["html_s"]
        out["pdf_peak_mb"] = rss_pdf
        full = site_pdf / "pdf" / "plans-emploi-formation.pdf"
        from pypdf import PdfReader

        reader = PdfReader(str(full))
        out["pdf_pages"] = len(reader.pages)
        text = " ".join(" ".join((p.extract_text() or "").split()) for p in reader.pages)
        from macros.validation import validate_tree

        cat, _ = validate_tree(dest)
        missing = [f for f in cat.fiches.values() if " ".join(f.data.titre.split())[:50] not in text]
        out["pdf_complete"] = not missing
        out["plain_weasyprint_s"], out["plain_pages"] = plain_weasyprint(site, dest, None)
        out["pdf_ratio"] = out["pdf_s"] / out["plain_weasyprint_s"]
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[100, 1000, 5000])
    parser.add_argument("--pdf-max", type=int, default=1000, help="largest corpus whose PDF is built")
    parser.add_argument("--sans-navigateur", action="store_true", help="skip the search measures in Chromium")
    parser.add_argument("--sans-material", action="store_true", help="skip the Material search comparison")
    parser.add_argument("--dossier", help="where to write the corpora (default: a temporary folder)")
    parser.add_argument("--sections", type=int, default=4,
                        help="sections of text per fiche: 4 (default) make about 7.8 KB of Markdown, 1 about 2 KB")
    args = parser.parse_args()
    work = Path(args.dossier) if args.dossier else Path(tempfile.mkdtemp(prefix="banc-"))
    rows = []
    for n in args.sizes:
        r = run(n, work, args.pdf_max, not args.sans_navigateur, not args.sans_material, args.sections)
        rows.append(r)
        print(json.dumps(r, ensure_ascii=False), flush=True)
    cols = [("fiches", "{:d}"), ("validation_s", "{:.2f}"), ("validation_warm_s", "{:.2f}"), ("floor_s", "{:.1f}"), ("floor_after_s", "{:.1f}"), ("html_s", "{:.1f}"), ("ratio", "{:.2f}"),
            ("per_fiche_ms", "{:.1f}"), ("peak_mb", "{:d}"), ("site_mb", "{:.1f}"), ("fiche_page_kb", "{:.1f}"),
            ("search_kb", "{:.0f}"), ("search_rare_kb", "{:.0f}"), ("search_first_s", "{:.2f}"), ("material_index_kb", "{:.0f}"), ("preview_s", "{:.1f}"),
            ("pdf_s", "{:.1f}"), ("pdf_pages", "{:d}"), ("pdf_complete", "{}"), ("plain_weasyprint_s", "{:.1f}"), ("pdf_ratio", "{:.2f}")]
    print("\n| " + " | ".join(c for c, _ in cols) + " |")
    print("|" + "---|" * len(cols))
    for r in rows:
        print("| " + " | ".join(f.format(r[c]) if c in r else "–" for c, f in cols) + " |")


if __name__ == "__main__":
    main()
