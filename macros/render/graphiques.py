"""Which charts a page gets, built from the catalogue: indicators of a fiche
compared between two periods; per plan, fiches by status, by axis and by
theme, budgets by axis, by fiche and by line, and tables marked for a chart."""
from __future__ import annotations

from collections import Counter

from ..catalogue import Catalogue, FicheEntry, PlanEntry
from ..model import STATUTS, Tableau
from . import charts
from . import format as fmt
from .vocab import axis_word


def _num(v):
    return v if isinstance(v, (int, float)) and not isinstance(v, bool) else None


def indicator_pairs(indicators) -> tuple[str, str, list] | None:
    """The two periods most indicators have numbers for, and those indicators."""
    pairs = Counter()
    for ind in indicators:
        periods = sorted(p for p, v in ind.valeurs.items() if _num(v) is not None)
        if len(periods) >= 2:
            pairs[(periods[0], periods[-1])] += 1
    if not pairs:
        return None
    (a, b), _ = pairs.most_common(1)[0]
    chosen = [i for i in indicators if _num(i.valeurs.get(a)) is not None and _num(i.valeurs.get(b)) is not None]
    return a, b, chosen


def fiche_charts(cat: Catalogue, fiche: FicheEntry, page_url: str) -> str:
    found = indicator_pairs(fiche.data.indicateurs)
    if not found:
        return ""
    a, b, inds = found
    rows = [charts.Row(i.libelle + (f" ({i.unite})" if i.unite else ""), [float(i.valeurs[a]), float(i.valeurs[b])],
                       texts=[fmt.valeur(i.valeurs[a], i.unite), fmt.valeur(i.valeurs[b], i.unite)]) for i in inds]
    chart = charts.Chart(
        f"Indicateurs : {a} et {b}",
        f"Pour chacun des {len(rows)} indicateurs chiffrés en {a} et en {b}, deux barres : {a} hachurée, {b} pleine, "
        "chacune à l'échelle de son indicateur, avec l'évolution en pourcentage. Les valeurs sont dans le tableau qui suit.",
        [a, b], rows, per_row_scale=True,
    )
    return charts.render(chart, page_url)


def _bars(title, description, rows, unit="", header="Valeur"):
    return charts.Chart(title, description, [header], rows, unit=unit, value_header=header)


def table_chart(t: Tableau) -> charts.Chart | None:
    g = t.graphique
    if not g:
        return None
    col = t.colonnes.index(g.colonne)
    rows = []
    for line in t.lignes:
        v = line[col] if col < len(line) else None
        rows.append(charts.Row(str(line[0]), [_num(v)], texts=[fmt.valeur(v, g.unite) if v is not None else "non précisé"]))
    return _bars(t.titre, f"{len(rows)} barres horizontales, une par ligne du tableau « {t.titre} », de longueur proportionnelle à « {g.colonne} ».",
                 rows, g.unite or "", g.colonne)


def plan_charts(cat: Catalogue, plan: PlanEntry, page_url: str) -> str:
    v = plan.data.vocabulaire
    fiches = cat.fiches_of_plan(plan.id)
    out: list[charts.Chart] = []
    if fiches:
        counts = Counter(f.data.statut for f in fiches)
        rows = [charts.Row(s, [counts[s]], texts=[fmt.nombre(counts[s])]) for s in STATUTS if counts[s]]
        out.append(_bars(f"{v.fiches} par statut", f"Nombre de {fmt.minuscule(v.fiches)} du plan pour chaque statut de l'échelle commune ({len(fiches)} en tout).", rows, header="Fiches"))
        axes = [a for a in cat.axes_of(plan.id) if cat.fiches_of_axis(a)]
        if len(axes) > 1:
            rows = [charts.Row(f"{fmt.etiquette(axis_word(cat, a), a.data.numero)} – {a.data.titre}", [len(cat.fiches_of_axis(a))], url=a.url) for a in axes]
            out.append(_bars(f"{v.fiches} par {fmt.minuscule(axis_word(cat, axes[0]))}", f"Nombre de {fmt.minuscule(v.fiches)} rattachées à chaque division du plan.", rows, header="Fiches"))
        themes = Counter(t for f in fiches for t in f.data.themes)
        if len(themes) > 1 and len(themes) <= 20:
            rows = [charts.Row(t, [n]) for t, n in sorted(themes.items(), key=lambda x: (-x[1], x[0]))]
            out.append(_bars(f"{v.fiches} par thème", "Nombre de fiches portant chaque thème (une fiche peut en porter plusieurs).", rows, header="Fiches"))
        by_axis = []
        for a in cat.axes_of(plan.id, None):
            total = fmt.total_budget([l for f in cat.fiches_of_axis(a, deep=True) for l in f.data.budget])
            if total is not None:
                by_axis.append(charts.Row(f"{fmt.etiquette(axis_word(cat, a), a.data.numero)} – {a.data.titre}", [total], url=a.url))
        if by_axis:
            out.append(_bars("Budget chiffré par " + fmt.minuscule(v.axe), "Somme des montants en euros donnés par les fiches de chaque division (fourchettes et montants unitaires exclus) ; les divisions sans montant n'apparaissent pas.", by_axis, "€", "Montant"))
        by_fiche = [(f, fmt.total_budget(f.data.budget)) for f in fiches]
        by_fiche = [charts.Row(f"{f.data.numero} – {f.data.titre}", [t], url=f.url) for f, t in by_fiche if t is not None]
        if len(by_fiche) >= 2:
            out.append(_bars(f"Coût par {fmt.minuscule(v.fiche)}", f"Montant en euros de chaque {fmt.minuscule(v.fiche)} qui en donne un.", by_fiche, "€", "Montant"))
    lines = [l for l in plan.data.budget if _num(l.montant) is not None and l.montant_max is None and not l.par]
    if len(lines) >= 2:
        rows = [charts.Row(" – ".join(x for x in [l.objet, ", ".join(l.financeurs), l.periode] if x) or "Ligne", [l.montant]) for l in lines]
        out.append(_bars("Budget du plan par ligne", "Chaque ligne de budget du plan (engagements et abondements, par financeur et par année quand le document les donne), en euros.", rows, "€", "Montant"))
    for t in plan.data.tableaux:
        c = table_chart(t)
        if c:
            out.append(c)
    return "\n".join(charts.render(c, page_url) for c in out)
