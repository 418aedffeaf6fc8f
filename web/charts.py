"""Small server-rendered SVG charts: no script, no inline style (the CSP forbids both).

Colours come from classes in style.css; sizes are SVG attributes, which the CSP allows.
Each chart has a ``<title>`` and ``<desc>`` and every bar a Danish label, so a screen
reader hears "2019: 12 punkter"; a bar that is a link sets that filter.

>>> bars = [Bar("2016", 9, "/?year=2016"), Bar("2019", 12, "/?year=2019")]
>>> svg = str(bar_chart(bars, "Punkter pr. år", "punkter"))
>>> svg.count("<rect"), 'aria-label="2019: 12 punkter"' in svg
(2, True)
"""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup, escape

from search.outcomes import outcome_label

WIDTH = 640
HEIGHT = 150
TOP = 18  # room for the count above the tallest bar
BOTTOM = 22  # room for the labels under the bars


@dataclass(frozen=True)
class Bar:
    label: str
    count: int
    url: str | None = None
    selected: bool = False


def _number(value: int) -> str:
    return f"{value:,}".replace(",", ".")


def bar_chart(bars: list[Bar], title: str, unit: str, ident: str = "chart") -> Markup:
    """Vertical bars, one per label in the order given; ``ident`` names its parts."""
    if not bars:
        return Markup("")
    tallest = max(bar.count for bar in bars) or 1
    slot = WIDTH / len(bars)
    width = max(2.0, min(48.0, slot * 0.7))
    plot = HEIGHT - TOP - BOTTOM
    busiest = max(bars, key=lambda bar: bar.count)
    desc = (
        f"{len(bars)} søjler fra {bars[0].label} til {bars[-1].label}; "
        f"flest i {busiest.label} med {_number(busiest.count)} {unit}."
    )
    parts = [
        f'<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" width="100%" '
        f'preserveAspectRatio="xMidYMid meet" role="group" aria-labelledby="{ident}-title" '
        f'aria-describedby="{ident}-desc">',
        f'<title id="{ident}-title">{escape(title)}</title>',
        f'<desc id="{ident}-desc">{escape(desc)}</desc>',
        f'<line class="chart-axis" x1="0" y1="{HEIGHT - BOTTOM}" x2="{WIDTH}" '
        f'y2="{HEIGHT - BOTTOM}"/>',
    ]
    show_every = max(1, round(len(bars) / 16))  # keep the labels under the bars readable
    for index, bar in enumerate(bars):
        height = max(1.0, plot * bar.count / tallest) if bar.count else 0.0
        x = slot * index + (slot - width) / 2
        y = HEIGHT - BOTTOM - height
        middle = x + width / 2
        label = f"{bar.label}: {_number(bar.count)} {unit}"
        classes = "chart-bar is-selected" if bar.selected else "chart-bar"
        shape = (
            f'<rect class="{classes}" x="{x:.1f}" y="{y:.1f}" width="{width:.1f}" '
            f'height="{height:.1f}"><title>{escape(label)}</title></rect>'
            f'<text class="chart-count" x="{middle:.1f}" y="{y - 4:.1f}" '
            f'text-anchor="middle" aria-hidden="true">{escape(_number(bar.count))}</text>'
        )
        if index % show_every == 0 or bar.selected:
            shape += (
                f'<text class="chart-label" x="{middle:.1f}" y="{HEIGHT - 6}" '
                f'text-anchor="middle" aria-hidden="true">{escape(bar.label)}</text>'
            )
        if bar.url:
            shape = f'<a href="{escape(bar.url)}" aria-label="{escape(label)}">{shape}</a>'
        else:
            shape = f'<g role="img" aria-label="{escape(label)}">{shape}</g>'
        parts.append(shape)
    parts.append("</svg>")
    return Markup("".join(parts))


def share_chart(counts: dict[str, int], title: str) -> Markup:
    """One horizontal bar split by outcome, each part as wide as its share.

    >>> svg = str(share_chart({"godkendt": 3, "udsat": 1}, "Udfald"))
    >>> 'aria-label="Godkendt: 3 punkter (75 %)"' in svg
    True
    """
    total = sum(counts.values())
    if not total:
        return Markup("")
    parts = [
        f'<svg class="chart chart-shares" viewBox="0 0 {WIDTH} 28" width="100%" '
        f'role="group" aria-label="{escape(title)}">',
        f"<title>{escape(title)}</title>",
    ]
    x = 0.0
    for outcome, count in counts.items():
        width = WIDTH * count / total
        label = (
            f"{outcome_label(outcome)}: {_number(count)} punkter ({round(100 * count / total)} %)"
        )
        parts.append(
            f'<rect class="share share-{escape(outcome)}" x="{x:.1f}" y="0" '
            f'width="{width:.1f}" height="28" role="img" aria-label="{escape(label)}">'
            f"<title>{escape(label)}</title></rect>"
        )
        x += width
    parts.append("</svg>")
    return Markup("".join(parts))
