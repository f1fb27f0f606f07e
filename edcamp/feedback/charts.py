"""Bar charts drawn on the server as SVG: no script, no CDN, readable without colour.

A pure builder on plain data. Each chart is an ``<svg role="img">`` with a <title> and a
<desc> that says every value in words, and each bar carries its value as visible text; the
report shows the same numbers in a table beside it. Colours come from CSS classes (the
page's Content-Security-Policy allows no inline style), with presentation attributes as a
fallback for a saved file.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _
from markupsafe import Markup, escape

WIDTH = 480
ROW = 44  # label line, then the bar
BAR = 16
VALUE_ROOM = 170  # space right of the longest bar for its value text, at least
CHAR_WIDTH = 8  # a generous width of one character at font-size 13, in viewBox units
LABEL_CHARS = 48
FILL = ("#1d4ed8", "#92400e")  # the page's --brand and --warn
CLASSES = ("chart-bar", "chart-bar-alt")
LABEL = 'class="chart-label" font-size="13" fill="#111827"'
VALUE = 'class="chart-value" font-size="13" fill="#111827"'


@dataclass(frozen=True)
class ChartRow:
    label: str
    values: tuple[float, ...]  # one value, or two stacked (e.g. useful, not for me)
    text: str  # the value as people read it: "12 votes", "3 useful · 1 not for me"


def _short(label: str) -> str:
    label = " ".join(label.split())
    return label if len(label) <= LABEL_CHARS else label[: LABEL_CHARS - 1] + "\u2026"


def bar_chart(
    chart_id: str,
    title: str,
    rows: list[ChartRow],
    *,
    summary: str = "",
    legend: tuple[str, ...] = (),
) -> Markup:
    """A horizontal bar chart; ``legend`` names the stacked parts (colour and pattern)."""
    top = 28 if legend else 4
    height = top + ROW * max(1, len(rows)) + 4
    biggest = max((sum(r.values) for r in rows), default=0) or 1
    scale = (WIDTH - _value_room(rows)) / biggest
    no_data = _("No data yet.")
    words = "; ".join(_("%(label)s: %(value)s", label=r.label, value=r.text) for r in rows)
    words = words or no_data
    desc = f"{summary} {words}".strip()
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 {WIDTH} {height}" '
        f'width="{WIDTH}" height="{height}" class="bar-chart" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(desc)}</desc>',
    ]
    parts.extend(_legend(legend))
    for i, row in enumerate(rows):
        parts.extend(_row(row, top + i * ROW, scale))
    if not rows:
        parts.append(f'<text x="0" y="{top + 20}" {LABEL}>{escape(no_data)}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))


def _value_room(rows: list[ChartRow]) -> int:
    """Room right of the longest bar for the longest value text ("3 Stimmen · 2 Vorschläge"
    is longer than "3 votes · 2 proposals"), so no language's text runs out of the chart;
    the bars keep at least a quarter of the width."""
    longest = max((len(r.text) for r in rows), default=0)
    return min(max(VALUE_ROOM, 12 + CHAR_WIDTH * longest), WIDTH * 3 // 4)


def _legend(names: tuple[str, ...]) -> list[str]:
    out, x = [], 0
    for i, name in enumerate(names[:2]):
        out.append(
            f'<rect x="{x}" y="6" width="14" height="14" class="{CLASSES[i]}" fill="{FILL[i]}"/>'
            f'<text x="{x + 20}" y="18" {LABEL}>{escape(name)}</text>'
        )
        x += 40 + 8 * len(name)
    return out


def _row(row: ChartRow, y: int, scale: float) -> list[str]:
    out = [
        f'<g class="chart-row"><text x="0" y="{y + 14}" {LABEL}>{escape(_short(row.label))}</text>'
    ]
    x = 0.0
    for i, value in enumerate(row.values[:2]):
        width = max(0.0, value * scale)
        if width:
            out.append(
                f'<rect x="{x:.1f}" y="{y + 20}" width="{width:.1f}" height="{BAR}" '
                f'class="{CLASSES[i]}" fill="{FILL[i]}"/>'
            )
        x += width
    out.append(f'<text x="{x + 6:.1f}" y="{y + 33}" {VALUE}>{escape(row.text)}</text></g>')
    return out
