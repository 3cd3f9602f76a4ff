"""Charts drawn at build time as inline SVG, each with the same figures as a
table beside it: no JavaScript, readable by screen readers (`role="img"`,
`<title>`/`<desc>`) and in print. Every label is escaped here."""

from __future__ import annotations

import math
from html import escape

from markupsafe import Markup

from cchc.base.formatting import number

WIDTH, PLOT_HEIGHT = 440, 180  # viewBox units; the SVG scales to its column
LEFT, RIGHT, TOP = 40, 8, 12
AXIS = 22  # category labels under the plot (one line)
LINE = 15  # each further line of a wrapped category label
LEGEND_ROW = 20
CHAR = 7.5  # rough width of a 13-unit character, to wrap the legend
# Colours with at least 3:1 contrast on white (WCAG 1.4.11), told apart by the table too.
COLOURS = ["#1a5fb4", "#c64600", "#2a7d2e", "#7b3f9e"]


def _nice_max(value: float) -> float:
    """The top of the axis: four equal whole-number steps (0, 1, 2, 3, 4 … 0, 25, 50, 75, 100)."""
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 2500, 5000, 10000):
        if value <= step * 4:
            return step * 4
    return 10000 * math.ceil(value / 40000) * 4


def _wrap(label: str, room: float) -> list[str]:
    """The category label in lines that fit the room its group has (no label runs into the next)."""
    fits = max(1, int(room // CHAR))
    lines: list[str] = []
    for word in label.split():
        if lines and len(lines[-1]) + 1 + len(word) <= fits:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines or [""]


def bar_chart(
    chart_id: str,
    title: str,
    categories: list[str],
    series: list[tuple[str, list[float | None]]],
    *,
    target: float | None = None,
    target_label: str = "",
    unit: str = "",
    table_head: str = "",
) -> Markup:
    """Grouped bars, one group per category; `None` is "no data" (no bar, "—" in the table).
    `chart_id` must be unique on the page."""
    values = [v for _, vs in series for v in vs if v is not None] + ([target] if target is not None else [])
    top = _nice_max(max(values, default=0))
    legend = [(name, COLOURS[i % len(COLOURS)], "bar") for i, (name, _) in enumerate(series)]
    if target is not None and target_label:
        legend.append((target_label, "", "line"))
    rows: list[list[tuple[float, str, str, str]]] = [[]]
    x: float = LEFT
    for name, colour, shape in legend:
        width = 18 + CHAR * len(name) + 14
        if rows[-1] and x + width > WIDTH:
            rows.append([])
            x = LEFT
        rows[-1].append((x, name, colour, shape))
        x += width
    plot_w, plot_h = WIDTH - LEFT - RIGHT, PLOT_HEIGHT
    group_w = plot_w / max(1, len(categories))
    labels = [_wrap(category, group_w * 0.95) for category in categories]
    # A single word wider than its group ("Quý IV/2024" on 12 groups): label every n-th group only (the table has all).
    widest = max((CHAR * len(line) for lines in labels for line in lines), default=0)
    every = max(1, math.ceil(widest / (group_w * 0.95)))
    axis = AXIS + LINE * (max((len(lines) for lines in labels), default=1) - 1)
    height = TOP + PLOT_HEIGHT + axis + LEGEND_ROW * len(rows)
    bar_w = group_w * 0.8 / max(1, len(series))

    def y(value: float) -> float:
        return TOP + plot_h - plot_h * value / top

    parts = [
        f'<svg class="cchc-chart__svg" viewBox="0 0 {WIDTH} {height}" role="img" aria-labelledby="{chart_id}-t {chart_id}-d" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{chart_id}-t">{escape(title)}</title>',
        f'<desc id="{chart_id}-d">Số liệu chi tiết ở bảng bên cạnh.</desc>',
    ]
    for step in range(5):
        tick = top * step / 4
        parts.append(f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y(tick):.1f}" y2="{y(tick):.1f}" class="cchc-chart__grid"/>')
        parts.append(f'<text x="{LEFT - 5}" y="{y(tick) + 4:.1f}" text-anchor="end" class="cchc-chart__tick">{number(tick, 1)}</text>')
    for index, category in enumerate(categories):
        x0 = LEFT + index * group_w + group_w * 0.1
        for s, (name, vs) in enumerate(series):
            value = vs[index]
            if value is None:
                continue
            x = x0 + s * bar_w
            parts.append(
                f'<rect x="{x:.1f}" y="{y(value):.1f}" width="{bar_w * 0.9:.1f}" height="{TOP + plot_h - y(value):.1f}" fill="{COLOURS[s % len(COLOURS)]}">'
                f"<title>{escape(category)}, {escape(name)}: {number(value, 1)}{escape(unit)}</title></rect>"
            )
        if index % every == 0:
            centre = x0 + group_w * 0.4
            lines = "".join(f'<tspan x="{centre:.1f}" dy="{0 if n == 0 else LINE}">{escape(line)}</tspan>' for n, line in enumerate(labels[index]))
            parts.append(f'<text x="{centre:.1f}" y="{TOP + plot_h + 16}" text-anchor="middle" class="cchc-chart__tick">{lines}</text>')
    if target is not None:
        parts.append(f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y(target):.1f}" y2="{y(target):.1f}" class="cchc-chart__target"/>')
    for row_index, row in enumerate(rows):
        base = TOP + plot_h + axis + LEGEND_ROW * row_index + 12
        for x, name, colour, shape in row:
            if shape == "bar":
                parts.append(f'<rect x="{x:.1f}" y="{base - 10}" width="12" height="12" fill="{colour}"/>')
            else:
                parts.append(f'<line x1="{x:.1f}" x2="{x + 14:.1f}" y1="{base - 4}" y2="{base - 4}" class="cchc-chart__target"/>')
            parts.append(f'<text x="{x + 18:.1f}" y="{base}" class="cchc-chart__tick">{escape(name)}</text>')
    parts.append("</svg>")

    head = "".join(f'<th scope="col">{escape(name)}</th>' for name, _ in series)
    body = "".join(
        f'<tr><th scope="row">{escape(category)}</th>'
        + "".join(f"<td>{'—' if (v := vs[i]) is None else number(v, 1) + escape(unit)}</td>" for _, vs in series)
        + "</tr>"
        for i, category in enumerate(categories)
    )
    table = (
        f'<div class="cchc-table"><table class="cchc-chart__table"><caption>{escape(title)}</caption>'
        f'<thead><tr><th scope="col">{escape(table_head)}</th>{head}</tr></thead><tbody>{body}</tbody></table></div>'
    )
    return Markup(f'<figure class="cchc-chart" id="{chart_id}">{"".join(parts)}{table}</figure>')
