"""Server-rendered SVG charts: the page and the PDF show the same picture.

Small, dependency-free builders that return `SafeString` SVG. Every chart has a
`<title>` and `<desc>` (read by screen readers; pages also show the figures in a table),
uses a colour-blind-safe palette (Okabe–Ito) and Swedish number formatting. All text is
escaped here, so callers may pass user-entered labels.

    bar_chart([("Klotter", 12), ("Brand", 3)], title="Händelser per kategori")
    column_chart([("00", 1), ("01", 0), ...], title="Per timme")
    line_chart(["v1", "v2"], [Series("Råby", [3, 5])], title="Per vecka")
    grouped_bar_chart(["KS", "KN"], [Series("Fördelat", [..]), Series("Utfall", [..])])

Used by lagesbild and by the apps above it (measures, budget, reports).
"""

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from html import escape

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from core import formatting

PALETTE = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000"]
TEXT = "#212529"
GRID = "#dee2e6"
FONT = "font-family:DejaVu Sans,Arial,sans-serif"

Number = int | float | Decimal


@dataclass(frozen=True)
class Series:
    """One named line or bar series; `None` values leave a gap."""

    name: str
    values: Sequence[Number | None]
    color: str | None = None
    dashed: bool = False


@dataclass(frozen=True)
class Band:
    """A shaded span of x positions (inclusive indexes), e.g. a measure's period."""

    start: int
    end: int
    label: str
    color: str = "#e7f1ff"


def _axis_top(value: float, decimals: int = 0) -> float:
    """The top of a y axis with four equal steps that read as round numbers with
    `decimals` decimals: counts get whole ticks (0–4 for an empty or tiny series, never
    0,25 / 0,5), the others steps of 1, 2, 2.5, 3, 4, 5, 6 or 8 × 10^n."""
    value = max(value, 0)
    exponent = -decimals
    while True:
        for factor in (1, 2, 2.5, 3, 4, 5, 6, 8):
            if factor == 2.5 and exponent <= -decimals:
                continue  # 2.5 at the last decimal needs one more decimal
            step = factor * 10.0**exponent
            if 4 * step >= value - 1e-9:
                return round(4 * step, decimals + 1)
        exponent += 1


def _nice_max(value: float) -> float:
    """A round axis maximum at or above `value` (1, 2, 2.5, 5 × 10^n)."""
    if value <= 0:
        return 1.0
    exponent = 10 ** (len(str(int(value))) - 1) if value >= 1 else 1
    for step in (1, 2, 2.5, 5, 10):
        if step * exponent >= value:
            return step * exponent
    return 10 * exponent


def _svg(width: int, height: int, title: str, desc: str, body: list[str]) -> SafeString:
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" style="{FONT};font-size:12px">'
        f"<title>{escape(title)}</title><desc>{escape(desc)}</desc>"
    )
    return mark_safe(head + "".join(body) + "</svg>")  # noqa: S308 - every text is escaped


def _text(x: float, y: float, text: str, anchor: str = "start", extra: str = "") -> str:
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" fill="{TEXT}" {extra}>'
        f"{escape(text)}</text>"
    )


def _wrap(text: str, width: int, lines: int = 2) -> list[str]:
    """`text` in at most `lines` lines of about `width` characters, broken between words;
    what does not fit ends in "…"."""
    words, out, line = text.split(), [], ""
    for word in words:
        if line and len(line) + 1 + len(word) > width:
            out.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    out.append(line)
    if len(out) > lines:
        out = out[:lines]
        out[-1] = out[-1][: width - 1].rstrip() + "…"
    return [o if len(o) <= width else o[: width - 1] + "…" for o in out]


def _label(x: float, y: float, text: str, *, width: int, anchor: str = "end", size: int = 12):
    """A label wrapped onto two lines around `y` (its middle); a shortened label keeps its
    full text as a tooltip (<title>), which screen readers also read."""
    lines = _wrap(text, width)
    height = size + 1
    first = y - (len(lines) - 1) * height / 2
    spans = "".join(
        f'<tspan x="{x:.1f}" y="{first + i * height:.1f}">{escape(line)}</tspan>'
        for i, line in enumerate(lines)
    )
    title = f"<title>{escape(text)}</title>" if " ".join(lines) != text else ""
    return (
        f'<text text-anchor="{anchor}" dominant-baseline="middle" fill="{TEXT}" '
        f'font-size="{size}">{title}{spans}</text>'
    )


def _no_data(width: float, y: float) -> str:
    return _text(width / 2, y, _("No data"), "middle", 'fill-opacity="0.7"')


def _describe(pairs: Sequence[tuple[str, Number | None]], decimals: int) -> str:
    return "; ".join(f"{label}: {formatting.number(value, decimals)}" for label, value in pairs)


def bar_chart(
    data: Sequence[tuple[str, Number]],
    *,
    title: str,
    width: int = 640,
    bar_height: int = 20,
    label_width: int = 200,
    decimals: int = 0,
    color: str = PALETTE[0],
    unit: str = "",
) -> SafeString:
    """Horizontal bars, one per (label, value); good for categories and areas."""
    gap = 6
    bar_height = max(bar_height, 24)  # room for a label on two lines
    height = max(len(data), 1) * (bar_height + gap) + 10
    top = max((float(v) for _, v in data), default=0)
    scale = (width - label_width - 90) / _nice_max(top)
    chars = max(int(label_width / 6.6), 12)
    body = []
    for i, (label, value) in enumerate(data):
        y = 5 + i * (bar_height + gap)
        length = max(float(value), 0) * scale
        body.append(_label(label_width - 6, y + bar_height / 2, label, width=chars, size=11))
        body.append(
            f'<rect x="{label_width}" y="{y}" width="{length:.1f}" height="{bar_height}" '
            f'fill="{color}"/>'
        )
        shown = formatting.number(value, decimals) + (f" {unit}" if unit else "")
        body.append(_text(label_width + length + 4, y + bar_height * 0.7, shown))
    if not data:
        body.append(_no_data(width, 20))
    return _svg(width, height, title, _describe(data, decimals), body)


def column_chart(
    data: Sequence[tuple[str, Number]],
    *,
    title: str,
    width: int = 640,
    height: int = 220,
    decimals: int = 0,
    color: str = PALETTE[0],
    label_every: int = 1,
) -> SafeString:
    """Vertical columns over an ordered axis (hours, weekdays, weeks)."""
    left, bottom, top_pad = 40, 24, 10
    plot_w, plot_h = width - left - 10, height - bottom - top_pad
    top = _axis_top(max((float(v) for _, v in data), default=0), decimals)
    step = plot_w / max(len(data), 1)
    body = _y_axis(left, top_pad, plot_w, plot_h, top, decimals)
    if not any(float(v) for _, v in data):
        body.append(_no_data(left + plot_w, top_pad + plot_h / 2))
    for i, (label, value) in enumerate(data):
        h = max(float(value), 0) / top * plot_h
        x = left + i * step
        body.append(
            f'<rect x="{x + step * 0.1:.1f}" y="{top_pad + plot_h - h:.1f}" '
            f'width="{step * 0.8:.1f}" height="{h:.1f}" fill="{color}"/>'
        )
        if i % label_every == 0:
            body.append(_text(x + step / 2, height - 8, label, "middle"))
    return _svg(width, height, title, _describe(data, decimals), body)


def line_chart(
    x_labels: Sequence[str],
    series: Sequence[Series],
    *,
    title: str,
    width: int = 640,
    height: int = 260,
    decimals: int = 0,
    bands: Sequence[Band] = (),
    label_every: int | None = None,
    y_min: float = 0,
) -> SafeString:
    """Lines over an ordered axis, with an optional shaded band and a legend."""
    left, bottom, top_pad, legend_h = 48, 24, 10, 18 * ((len(series) + 2) // 3)
    plot_w, plot_h = width - left - 12, height - bottom - top_pad - legend_h
    values = [float(v) for s in series for v in s.values if v is not None]
    top = _axis_top(max(values, default=0) - y_min, decimals) + y_min
    n = max(len(x_labels), 1)
    step = plot_w / max(n - 1, 1)
    every = label_every or max(1, n // 10)

    def xy(i: int, v: float) -> tuple[float, float]:
        return left + i * step, top_pad + plot_h - (v - y_min) / (top - y_min) * plot_h

    body = []
    for band in bands:
        x0, x1 = xy(band.start, y_min)[0], xy(band.end, y_min)[0]
        body.append(
            f'<rect x="{x0:.1f}" y="{top_pad}" width="{max(x1 - x0, 2):.1f}" height="{plot_h}" '
            f'fill="{band.color}"/>'
        )
        body.append(_text(x0 + 3, top_pad + 12, band.label, extra='font-size="11"'))
    body += _y_axis(left, top_pad, plot_w, plot_h, top, decimals, y_min)
    if not values:
        body.append(_no_data(left + plot_w, top_pad + plot_h / 2))
    for i, label in enumerate(x_labels):
        if i % every == 0:
            body.append(_text(xy(i, y_min)[0], top_pad + plot_h + 16, label, "middle"))
    description = []
    for k, s in enumerate(series):
        color = s.color or PALETTE[k % len(PALETTE)]
        dash = ' stroke-dasharray="5 4"' if s.dashed else ""
        path, pen_down = [], False
        for i, v in enumerate(s.values):
            if v is None:
                pen_down = False
                continue
            x, y = xy(i, float(v))
            path.append(f"{'L' if pen_down else 'M'}{x:.1f} {y:.1f}")
            pen_down = True
        body.append(
            f'<path d="{" ".join(path)}" fill="none" stroke="{color}" stroke-width="2"{dash}/>'
        )
        if len(s.values) <= 60:
            for i, v in enumerate(s.values):
                if v is not None:
                    x, y = xy(i, float(v))
                    body.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="2.5" fill="{color}"/>')
        pairs = list(zip(x_labels, s.values, strict=False))
        description.append(f"{s.name}: {_describe(pairs, decimals)}")
    body += _legend(series, width, height - legend_h + 4)
    return _svg(width, height, title, " | ".join(description), body)


def grouped_bar_chart(
    categories: Sequence[str],
    series: Sequence[Series],
    *,
    title: str,
    width: int = 640,
    bar_height: int = 12,
    label_width: int = 220,
    decimals: int = 0,
    unit: str = "",
) -> SafeString:
    """Horizontal bars grouped per category, one bar per series (e.g. budget vs spent)."""
    group_h = max(bar_height * len(series) + 10, 30)  # room for a label on two lines
    legend_h = 18 * ((len(series) + 2) // 3)
    height = max(len(categories), 1) * group_h + legend_h + 10
    top = max((float(v) for s in series for v in s.values if v is not None), default=0)
    scale = (width - label_width - 110) / _nice_max(top)
    body = []
    description = []
    for i, category in enumerate(categories):
        y0 = 5 + i * group_h
        chars = max(int(label_width / 6.6), 12)
        body.append(_label(label_width - 6, y0 + group_h / 2 - 5, category, width=chars, size=11))
        parts = []
        for k, s in enumerate(series):
            value = s.values[i] if i < len(s.values) else None
            color = s.color or PALETTE[k % len(PALETTE)]
            y = y0 + k * bar_height
            length = max(float(value or 0), 0) * scale
            body.append(
                f'<rect x="{label_width}" y="{y}" width="{length:.1f}" height="{bar_height - 2}" '
                f'fill="{color}"/>'
            )
            shown = formatting.number(value, decimals) + (
                f" {unit}" if unit and value is not None else ""
            )
            body.append(
                _text(label_width + length + 4, y + bar_height - 3, shown, extra='font-size="10"')
            )
            parts.append(f"{s.name} {shown}")
        description.append(f"{category}: {', '.join(parts)}")
    body += _legend(series, width, height - legend_h + 4)
    return _svg(width, height, title, "; ".join(description), body)


def _y_axis(left, top_pad, plot_w, plot_h, top, decimals, y_min: float = 0) -> list[str]:
    lines = []
    ticks = [y_min + (top - y_min) * j / 4 for j in range(5)]
    # Ticks such as 2.5 and 7.5 need a decimal to be read right, whatever the data have.
    if any(abs(t - round(t)) > 1e-9 for t in ticks):
        decimals = max(decimals, 1)
    for j, value in enumerate(ticks):
        y = top_pad + plot_h - plot_h * j / 4
        lines.append(
            f'<line x1="{left}" y1="{y:.1f}" x2="{left + plot_w}" y2="{y:.1f}" stroke="{GRID}"/>'
        )
        lines.append(_text(left - 4, y + 4, formatting.number(value, decimals), "end"))
    return lines


def _legend(series: Sequence[Series], width: int, y: float) -> list[str]:
    items = []
    column = (width - 20) / 3
    for k, s in enumerate(series):
        color = s.color or PALETTE[k % len(PALETTE)]
        x = 10 + (k % 3) * column
        row_y = y + (k // 3) * 18
        items.append(f'<rect x="{x:.1f}" y="{row_y:.1f}" width="12" height="12" fill="{color}"/>')
        name = _clip(s.name, 30)
        tooltip = f"<title>{escape(s.name)}</title>" if name != s.name else ""
        items.append(
            f'<text x="{x + 16:.1f}" y="{row_y + 10:.1f}" fill="{TEXT}">{tooltip}'
            f"{escape(name)}</text>"
        )
    return items


def _clip(text: str, length: int) -> str:
    return text if len(text) <= length else text[: length - 1] + "…"
