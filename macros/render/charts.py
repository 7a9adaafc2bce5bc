"""Charts as SVG built at build time (no JavaScript), each with a title, a
description and the same data as an HTML table below it.

Two shapes cover the plans' figures: horizontal bars (one series) and pairs of
bars (two periods, with the change in %). Series differ by fill *and* hatching
so they read in black and white; every bar carries its value as text.
"""
from __future__ import annotations

import itertools
from dataclasses import dataclass, field

from . import format as fmt
from . import templates

_ids = itertools.count(1)


@dataclass
class Row:
    label: str
    values: list[float | None]  # one per series
    url: str | None = None
    texts: list[str] = field(default_factory=list)  # values as printed


@dataclass
class Chart:
    title: str
    description: str
    series: list[str]  # series names (1 or 2)
    rows: list[Row]
    unit: str = ""
    per_row_scale: bool = False  # each row its own scale (indicators of different units)
    value_header: str = "Valeur"

    def change(self, row: Row) -> str:
        a, b = (row.values + [None, None])[:2]
        if a in (None, 0) or b is None:
            return ""
        pct = (b - a) / abs(a) * 100
        sign = "+" if pct > 0 else ("−" if pct < 0 else "")
        return f"{sign}{fmt.nombre(round(abs(pct), 1))}\u00a0%"


WIDTH = 680
LABEL_H = 16
BAR_H = 14
GAP = 10
BAR_X = 4
BAR_MAX = 430


def layout(chart: Chart) -> dict:
    """Positions of every label and bar; the template only draws them."""
    top = 8
    global_max = max((v for r in chart.rows for v in r.values if v is not None), default=0) or 1
    items = []
    for r in chart.rows:
        scale = max((v for v in r.values if v is not None), default=0) or 1 if chart.per_row_scale else global_max
        y = top + LABEL_H
        bars = []
        for i, v in enumerate(r.values):
            text = r.texts[i] if i < len(r.texts) and r.texts[i] else (fmt.valeur(v, chart.unit) if v is not None else "non précisé")
            w = 0 if v is None or v <= 0 else max(1.5, BAR_MAX * v / scale)
            bars.append(dict(y=y + i * (BAR_H + 3), w=round(w, 1), text=text, series=i))
        height = LABEL_H + len(r.values) * (BAR_H + 3)
        label = r.label if len(r.label) <= 95 else r.label[:92] + "…"
        items.append(dict(label=label, y_label=top + 12, bars=bars, change=chart.change(r) if len(r.values) == 2 else ""))
        top += height + GAP
    legend_y = top + 6
    return dict(items=items, height=legend_y + (22 if len(chart.series) > 1 else 0), legend_y=legend_y)


def render(chart: Chart, page_url: str) -> str:
    n = next(_ids)
    return templates.render(
        "graphique.html", page_url, chart=chart, geo=layout(chart), uid=f"g{n}",
        width=WIDTH, bar_x=BAR_X, bar_h=BAR_H, bar_max=BAR_MAX,
    )
