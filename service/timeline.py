"""Timelines: how many matching items (or mentions) there are per month or quarter and council, as an
accessible inline SVG bar chart (title, description, one labelled bar per period) with the same figures
as a table for screen readers and for browsers without SVG. Drawn on the server; no client-side library."""

from __future__ import annotations

import zlib
from collections import Counter
from dataclasses import dataclass
from html import escape

from markupsafe import Markup

COLOURS = (  # Tableau 10: ten colours told apart also by most colour-blind readers
    "#4e79a7",
    "#f28e2b",
    "#e15759",
    "#76b7b2",
    "#59a14f",
    "#edc948",
    "#b07aa1",
    "#ff9da7",
    "#9c755f",
    "#bab0ac",
)
WIDTH, HEIGHT, LEFT, BOTTOM, TOP = 720, 180, 34, 34, 10


@dataclass
class Timeline:
    periods: list[str]  # '2024 Q3' or '2024-07', oldest first, every period in the span
    councils: list[str]
    counts: dict[tuple[str, str], int]  # (period, council) -> count
    unit: str  # 'quarter' or 'month'
    undated: int = 0

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def rows(self) -> list[tuple[str, list[int], int]]:
        """(period, count per council, total) for the table."""
        out = []
        for period in self.periods:
            per = [self.counts.get((period, c), 0) for c in self.councils]
            out.append((period, per, sum(per)))
        return out


def _period(date: str, unit: str) -> str:
    year, month = date[:4], int(date[5:7] or 1)
    return f"{year}-{month:02d}" if unit == "month" else f"{year} Q{(month - 1) // 3 + 1}"


def _span(first: str, last: str, unit: str) -> list[str]:
    year, month = int(first[:4]), int(first[5:7])
    end = (int(last[:4]), int(last[5:7]))
    out: list[str] = []
    while (year, month) <= end:
        label = _period(f"{year}-{month:02d}", unit)
        if not out or out[-1] != label:
            out.append(label)
        month += 1
        if month > 12:
            year, month = year + 1, 1
    return out


def _colours(councils: list[str]) -> list[str]:
    """A colour per council, the same in every chart where it can be (chosen by the name), never shared
    within one chart (the next free colour when two names pick the same)."""
    taken: set[int] = set()
    out = []
    for council in councils:
        pick = zlib.crc32(council.encode("utf-8")) % len(COLOURS)
        while pick in taken and len(taken) < len(COLOURS):
            pick = (pick + 1) % len(COLOURS)
        taken.add(pick)
        out.append(COLOURS[pick])
    return out


def build(events: list[tuple[str | None, str]]) -> Timeline | None:
    """A timeline of (date, council) events: by month when they span 24 months or less, else by quarter."""
    dated = sorted((d, c) for d, c in events if d and len(d) >= 7 and d[:4].isdigit() and d[5:7].isdigit())
    if not dated:
        return None
    first, last = dated[0][0], dated[-1][0]
    months = (int(last[:4]) - int(first[:4])) * 12 + int(last[5:7]) - int(first[5:7])
    unit = "month" if months <= 24 else "quarter"
    counts = Counter((_period(d, unit), c) for d, c in dated)
    by_council = Counter(c for _, c in dated)
    councils = [c for c, _ in by_council.most_common()]
    return Timeline(_span(first, last, unit), councils, dict(counts), unit, len(events) - len(dated))


def svg(timeline: Timeline, what: str, chart_id: str) -> Markup:
    """The chart as inline SVG: a stacked bar per period, one colour per council, with a legend."""
    rows = timeline.rows()
    peak = max((total for _, _, total in rows), default=1) or 1
    plot_w, plot_h = WIDTH - LEFT - 8, HEIGHT - BOTTOM - TOP
    step = plot_w / max(1, len(rows))
    bar = min(max(2.0, step * 0.8), 48.0)  # a lone period is a bar, not a wall
    colours = _colours(timeline.councils)
    parts = [
        f'<svg class="timeline-chart" role="img" viewBox="0 0 {WIDTH} {HEIGHT + 18 * len(timeline.councils)}"'
        f' aria-labelledby="{chart_id}-t {chart_id}-d" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{chart_id}-t">{escape(what)} per {timeline.unit}</title>',
        f'<desc id="{chart_id}-d">{timeline.total} in all, from {escape(rows[0][0])} to {escape(rows[-1][0])};'
        f" the busiest {timeline.unit} had {peak}. The table below gives every figure.</desc>",
        f'<line x1="{LEFT}" y1="{TOP + plot_h}" x2="{WIDTH - 8}" y2="{TOP + plot_h}" stroke="#888"/>',
        f'<text x="{LEFT - 6}" y="{TOP + 8}" text-anchor="end" font-size="11">{peak}</text>',
        f'<text x="{LEFT - 6}" y="{TOP + plot_h}" text-anchor="end" font-size="11">0</text>',
    ]
    label_every = max(1, len(rows) // 8)
    for n, (period, per, _total) in enumerate(rows):
        x = LEFT + n * step + (step - bar) / 2
        y: float = TOP + plot_h
        for k, count in enumerate(per):
            if not count:
                continue
            h = plot_h * count / peak
            y -= h
            council = escape(timeline.councils[k])
            parts.append(
                f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar:.1f}" height="{h:.1f}" fill="{colours[k]}">'
                f"<title>{escape(period)}, {council}: {count}</title></rect>"
            )
        if n % label_every == 0:
            last = n + label_every >= len(rows) and len(rows) > 1  # kept inside the chart at the right edge
            anchor, at = ("end", x + bar) if last else ("middle", x + bar / 2)
            parts.append(
                f'<text x="{at:.1f}" y="{TOP + plot_h + 16}" text-anchor="{anchor}" font-size="11">'
                f"{escape(period)}</text>"
            )
    for k, council in enumerate(timeline.councils):
        y = HEIGHT + 4 + 18 * k
        parts.append(f'<rect x="{LEFT}" y="{y}" width="12" height="12" fill="{colours[k]}"/>')
        parts.append(f'<text x="{LEFT + 18}" y="{y + 10}" font-size="12">{escape(council)}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))
