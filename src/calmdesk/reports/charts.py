"""Small inline SVG charts, written by hand so a report is one offline file.

Why not a chart library: the HTML report must open from an e-mail attachment or a
file share with no network, and must not carry scripts. Every label goes through
`html.escape`, because brand, agent and topic names come from users.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from html import escape

PALETTE = ("#2f6f9f", "#e07b39", "#4c9a5b", "#b24c63", "#7a5fa8", "#8c8c3c", "#3c8c8c")


def _fmt(value: float) -> str:
    return f"{value:.0f}" if abs(value) >= 10 else f"{value:.2g}"


def _nice_max(value: float) -> float:
    if value <= 0:
        return 1.0
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10000):
        if value <= step:
            return float(step)
    return float(value)


def bar_chart(
    title: str,
    categories: Sequence[str],
    series: dict[str, Sequence[float | None]],
    *,
    unit: str = "",
    max_value: float | None = None,
    width: int = 560,
    height: int = 260,
) -> str:
    """Grouped vertical bars: one group per category, one bar per series. None draws no bar."""
    left, right, top, bottom = 50, 10, 30, 50
    plot_w = width - left - right
    plot_h = height - top - bottom
    values = [v for vs in series.values() for v in vs if v is not None]
    vmax = max_value if max_value is not None else _nice_max(max(values, default=0.0))
    parts = [
        f'<svg class="chart" role="img" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" aria-label="{escape(title)}">',
        f'<title>{escape(title)}</title><text x="{left}" y="18" class="chart-title">{escape(title)}</text>',
    ]
    for i in range(5):
        v = vmax * i / 4
        y = top + plot_h - plot_h * i / 4
        parts.append(
            f'<line x1="{left}" x2="{width - right}" y1="{y:.1f}" y2="{y:.1f}" class="grid"/>'
            f'<text x="{left - 4}" y="{y + 4:.1f}" text-anchor="end" class="tick">{escape(_fmt(v) + unit)}</text>'
        )
    n_cat = max(len(categories), 1)
    n_ser = max(len(series), 1)
    group_w = plot_w / n_cat
    bar_w = group_w * 0.8 / n_ser
    for ci, cat in enumerate(categories):
        gx = left + ci * group_w + group_w * 0.1
        for si, (name, vals) in enumerate(series.items()):
            raw = vals[ci] if ci < len(vals) else None
            if raw is None:
                continue
            v = float(raw)
            h = plot_h * min(max(v, 0.0), vmax) / vmax
            x = gx + si * bar_w
            y = top + plot_h - h
            color = PALETTE[si % len(PALETTE)]
            parts.append(
                f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar_w * 0.92:.1f}" height="{h:.1f}" fill="{color}">'
                f"<title>{escape(f'{cat} {name}: {_fmt(v)}{unit}')}</title></rect>"
            )
        parts.append(
            f'<text x="{gx + group_w * 0.4:.1f}" y="{top + plot_h + 16}" text-anchor="middle" class="tick">'
            f"{escape(cat)}</text>"
        )
    parts.append(_legend(list(series), left, height - 12))
    parts.append("</svg>")
    return "".join(parts)


def line_chart(
    title: str,
    x_labels: Sequence[str],
    series: dict[str, Sequence[float]],
    *,
    width: int = 560,
    height: int = 260,
) -> str:
    """One line per series over shared x labels (e.g. topic counts per week)."""
    left, right, top, bottom = 50, 10, 30, 50
    plot_w = width - left - right
    plot_h = height - top - bottom
    vmax = _nice_max(max((v for vs in series.values() for v in vs), default=0.0))
    parts = [
        f'<svg class="chart" role="img" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" aria-label="{escape(title)}">',
        f'<title>{escape(title)}</title><text x="{left}" y="18" class="chart-title">{escape(title)}</text>',
    ]
    for i in range(5):
        v = vmax * i / 4
        y = top + plot_h - plot_h * i / 4
        parts.append(
            f'<line x1="{left}" x2="{width - right}" y1="{y:.1f}" y2="{y:.1f}" class="grid"/>'
            f'<text x="{left - 4}" y="{y + 4:.1f}" text-anchor="end" class="tick">{escape(_fmt(v))}</text>'
        )
    n = len(x_labels)

    def x_at(i: int) -> float:
        return left + (plot_w / 2 if n <= 1 else plot_w * i / (n - 1))

    every = max(1, n // 8)
    for i, label in enumerate(x_labels):
        if i % every == 0:
            parts.append(
                f'<text x="{x_at(i):.1f}" y="{top + plot_h + 16}" text-anchor="middle" class="tick">'
                f"{escape(label)}</text>"
            )
    for si, (name, vals) in enumerate(series.items()):
        color = PALETTE[si % len(PALETTE)]
        points = " ".join(f"{x_at(i):.1f},{top + plot_h - plot_h * v / vmax:.1f}" for i, v in enumerate(vals))
        parts.append(f'<polyline points="{points}" fill="none" stroke="{color}" stroke-width="2"/>')
        for i, v in enumerate(vals):
            parts.append(
                f'<circle cx="{x_at(i):.1f}" cy="{top + plot_h - plot_h * v / vmax:.1f}" r="3" fill="{color}">'
                f"<title>{escape(f'{name} {x_labels[i]}: {v:g}')}</title></circle>"
            )
    parts.append(_legend(list(series), left, height - 12))
    parts.append("</svg>")
    return "".join(parts)


def _legend(names: list[str], x: int, y: int) -> str:
    out = []
    for i, name in enumerate(names):
        lx = x + i * 110
        out.append(
            f'<rect x="{lx}" y="{y - 9}" width="10" height="10" fill="{PALETTE[i % len(PALETTE)]}"/>'
            f'<text x="{lx + 14}" y="{y}" class="tick">{escape(name[:14])}</text>'
        )
    return "".join(out)


def daily_chart(
    title: str,
    days: Sequence[date],
    series: dict[str, Sequence[float | None]],
    tooltips: Sequence[str],
    *,
    tick: Callable[[float], str] = _fmt,
    max_value: float | None = None,
    width: int = 440,
    height: int = 170,
) -> str:
    """One column per day (grouped when there are several series), for the web report page.

    Why a new chart beside `bar_chart`: a day axis needs every day present (a quiet day is a
    zero, not a missing category), labels only where they help (the first day, Mondays, the
    last day), and a tooltip that says the day's figure with its base. The SVG scales with its
    box (viewBox, no fixed size), so it fits a 360 px phone. A day with no value draws a small
    grey mark, so "nothing to measure" does not read as zero.
    """
    left, right, top, bottom = 44, 8, 10, 34 if len(series) < 2 else 50
    plot_w = width - left - right
    plot_h = height - top - bottom
    values = [v for vs in series.values() for v in vs if v is not None]
    vmax = max_value if max_value is not None else _nice_max(max(values, default=0.0))
    parts = [
        f'<svg class="chart daily" role="img" viewBox="0 0 {width} {height}" '
        f'preserveAspectRatio="xMidYMid meet" aria-label="{escape(title)}"><title>{escape(title)}</title>'
    ]
    for frac in (0.0, 0.5, 1.0):
        y = top + plot_h - plot_h * frac
        parts.append(
            f'<line x1="{left}" x2="{width - right}" y1="{y:.1f}" y2="{y:.1f}" class="grid"/>'
            f'<text x="{left - 4}" y="{y + 4:.1f}" text-anchor="end" class="tick">{escape(tick(vmax * frac))}</text>'
        )
    n = max(len(days), 1)
    slot = plot_w / n
    n_ser = max(len(series), 1)
    bar_w = max(slot * 0.8 / n_ser, 1.0)
    for i, day in enumerate(days):
        x0 = left + i * slot + slot * 0.1
        tip = escape(tooltips[i] if i < len(tooltips) else day.isoformat())
        for si, vals in enumerate(series.values()):
            v = vals[i] if i < len(vals) else None
            x = x0 + si * bar_w
            if v is None:
                parts.append(
                    f'<rect x="{x:.1f}" y="{top + plot_h - 2:.1f}" width="{bar_w * 0.9:.1f}" height="2" '
                    f'class="none"><title>{tip}</title></rect>'
                )
                continue
            h = plot_h * min(max(float(v), 0.0), vmax) / vmax
            parts.append(
                f'<rect x="{x:.1f}" y="{top + plot_h - h:.1f}" width="{bar_w * 0.9:.1f}" height="{h:.1f}" '
                f'fill="{PALETTE[si % len(PALETTE)]}"><title>{tip}</title></rect>'
            )
        if i == 0 or i == len(days) - 1 or (day.weekday() == 0 and 2 < i < len(days) - 3):
            anchor = "start" if i == 0 else "end" if i == len(days) - 1 else "middle"
            x_text = left + i * slot + (0 if anchor == "start" else slot if anchor == "end" else slot / 2)
            parts.append(
                f'<text x="{x_text:.1f}" y="{top + plot_h + 14}" text-anchor="{anchor}" '
                f'class="tick">{escape(day.strftime("%d %b"))}</text>'
            )
    if len(series) > 1:
        parts.append(_legend(list(series), left, height - 8))
    parts.append("</svg>")
    return "".join(parts)
