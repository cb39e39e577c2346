"""The site's charts, drawn as inline SVG by this small module (no library, no script, same bytes each run).

Every text reaches the SVG through ``html.escape``; every chart has a ``<title>`` and
``role="img"`` so a screen reader names it, and the numbers are always in a table beside it.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

BAR_HEIGHT = 22
LABEL_WIDTH = 300
CHART_WIDTH = 720


def _num(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def bars(title: str, rows: Sequence[tuple[str, float, str]], maximum: float | None = None) -> str:
    """Horizontal bars: ``(label, value, value text)`` each, scaled to ``maximum`` (the largest value by default)."""
    if not rows:
        return ""
    top = maximum if maximum is not None else max((abs(v) for _, v, _ in rows), default=0.0)
    top = top or 1.0
    span = CHART_WIDTH - LABEL_WIDTH - 120
    height = BAR_HEIGHT * len(rows) + 10
    parts = [
        f'<svg role="img" viewBox="0 0 {CHART_WIDTH} {height}" width="{CHART_WIDTH}" height="{height}">'
        f"<title>{escape(title)}</title>"
    ]
    for i, (label, value, text) in enumerate(rows):
        y = 5 + i * BAR_HEIGHT
        width = max(0.0, min(1.0, abs(value) / top)) * span
        short = label if len(label) <= 48 else label[:47] + "…"
        parts.append(
            f'<text x="{LABEL_WIDTH - 6}" y="{y + 15}" text-anchor="end">{escape(short)}</text>'
            f'<rect class="empty" x="{LABEL_WIDTH}" y="{y + 3}" width="{span}" height="{BAR_HEIGHT - 6}"/>'
            f'<rect class="bar" x="{LABEL_WIDTH}" y="{y + 3}" width="{_num(width)}" height="{BAR_HEIGHT - 6}"/>'
            f'<text x="{LABEL_WIDTH + span + 6}" y="{y + 15}">{escape(text)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def neighbourhood(title: str, centre: str, around: Sequence[tuple[str, str]]) -> str:
    """The entity in the middle, its neighbours on a circle, each a link: ``(label, href)``."""
    import math

    size, radius = 520, 190
    mid = size / 2
    parts = [
        # a group, not an image: it holds links, which an image may not (axe: nested-interactive)
        f'<svg role="group" aria-label="{escape(title, quote=True)}" viewBox="0 0 {size} {size}" width="{size}" '
        f'height="{size}"><title>{escape(title)}</title>'
    ]
    points = []
    for i, _ in enumerate(around):
        angle = 2 * math.pi * i / max(1, len(around)) - math.pi / 2
        points.append((mid + radius * math.cos(angle), mid + radius * math.sin(angle)))
    for x, y in points:
        parts.append(f'<line x1="{_num(mid)}" y1="{_num(mid)}" x2="{_num(x)}" y2="{_num(y)}" stroke="#9aa5b1"/>')
    for (label, href), (x, y) in zip(around, points):
        short = label if len(label) <= 28 else label[:27] + "…"
        anchor = "start" if x > mid + 1 else "end" if x < mid - 1 else "middle"
        dx = 9 if anchor == "start" else -9 if anchor == "end" else 0
        parts.append(
            f'<a href="{escape(href, quote=True)}"><circle cx="{_num(x)}" cy="{_num(y)}" r="6" fill="#2b7bb9"/>'
            f'<text x="{_num(x + dx)}" y="{_num(y + 4)}" text-anchor="{anchor}">{escape(short)}</text></a>'
        )
    short = centre if len(centre) <= 36 else centre[:35] + "…"
    parts.append(
        f'<circle cx="{_num(mid)}" cy="{_num(mid)}" r="10" fill="#c0392b"/>'
        f'<text x="{_num(mid)}" y="{_num(mid - 16)}" text-anchor="middle">{escape(short)}</text></svg>'
    )
    return "".join(parts)


__all__ = ["bars", "neighbourhood"]
