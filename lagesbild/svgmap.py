"""A map as SVG, drawn on the server with no tiles: for the PDFs and the printed reports.

Everything is projected to SWEREF 99 TM (metres, as the Gi* grid), so the hot-spot cells
are true squares and distances are true. Pure Python: GeoJSON in, markup out.

    svg = svg_map(
        areas=map_base()["areas"],                   # outlines (GeoJSON FeatureCollection)
        places=[(59.61, 16.54, "Vasaparken")],     # named places: rings, labelled
        cells=[(9380, 95440, "hot-99")],           # (col, row, class) on the Gi* grid
        cell_size=250,
        points=[(59.611, 16.541, 2)],              # incidents (lat, lon, count), or none
        title="Karta vecka 47",
    )

Every text is escaped here, so names entered by users are safe; the result is marked safe.
"""

from collections.abc import Iterable, Sequence
from html import escape

import numpy as np
from django.utils.safestring import SafeString, mark_safe

from .hotspots import to_sweref

WIDTH, HEIGHT = 640, 480
MARGIN = 12
FONT = "font-family:'DejaVu Sans',Arial,sans-serif"
# The same colours as the Leaflet maps (static/js/lagesbild-map.js).
CELL_COLOURS = {
    "hot-99": "#b2182b",
    "hot-95": "#d6604d",
    "hot-90": "#f4a582",
    "near-99": "#b2182b",
    "near-95": "#d6604d",
    "near-90": "#f4a582",
    "cold-99": "#2166ac",
    "cold-95": "#4393c3",
    "cold-90": "#92c5de",
}
MAX_PLACE_LABELS = 12


def _rings(geometry: dict) -> list[list[list[float]]]:
    """The exterior and interior rings of a Polygon or MultiPolygon ([lon, lat] pairs)."""
    kind, coords = geometry.get("type"), geometry.get("coordinates") or []
    if kind == "Polygon":
        return list(coords)
    if kind == "MultiPolygon":
        return [ring for polygon in coords for ring in polygon]
    return []


class _Frame:
    """SWEREF 99 TM metres → SVG pixels for a bounding box, the aspect ratio kept."""

    def __init__(self, east: np.ndarray, north: np.ndarray, width: int, height: int):
        self.west, self.east = float(east.min()), float(east.max())
        self.south, self.north = float(north.min()), float(north.max())
        span_e = max(self.east - self.west, 500.0)
        span_n = max(self.north - self.south, 500.0)
        self.scale = min((width - 2 * MARGIN) / span_e, (height - 2 * MARGIN) / span_n)
        # Centre the box in the picture.
        self.x0 = (width - self.scale * (self.east - self.west)) / 2
        self.y0 = (height - self.scale * (self.north - self.south)) / 2

    def xy(self, east, north) -> tuple[np.ndarray, np.ndarray]:
        x = self.x0 + (np.asarray(east) - self.west) * self.scale
        y = self.y0 + (self.north - np.asarray(north)) * self.scale
        return x, y


def _project(lonlat: Sequence[Sequence[float]]) -> tuple[np.ndarray, np.ndarray]:
    array = np.asarray(lonlat, dtype=float).reshape(-1, 2)
    return to_sweref().transform(array[:, 0], array[:, 1])


def svg_map(
    *,
    areas: dict | None = None,
    places: Iterable[tuple[float, float, str]] = (),
    cells: Iterable[tuple[int, int, str]] = (),
    cell_size: float = 250.0,
    points: Iterable[tuple[float, float, float]] | None = None,
    title: str = "",
    description: str = "",
    width: int = WIDTH,
    height: int = HEIGHT,
    focus: str = "content",
) -> SafeString:
    """The map as an <svg> element.

    The view frames the cells and points (and places) with a margin of a few cells, or —
    when there are none, or with `focus="areas"` — the area outlines.
    """
    outlines = [
        (feature.get("properties", {}).get("name", ""), _rings(feature.get("geometry") or {}))
        for feature in (areas or {}).get("features", [])
    ]
    places = [(float(lat), float(lon), str(name)) for lat, lon, name in places]
    cells = [(int(c), int(r), str(k)) for c, r, k in cells]
    points = [(float(lat), float(lon), float(n)) for lat, lon, n in (points or [])]

    # What to frame.
    frame_e, frame_n = [], []
    if focus != "areas":
        if cells:
            cols = np.array([c for c, _r, _k in cells], dtype=float)
            rows = np.array([r for _c, r, _k in cells], dtype=float)
            pad = 4
            frame_e += [(cols.min() - pad) * cell_size, (cols.max() + 1 + pad) * cell_size]
            frame_n += [(rows.min() - pad) * cell_size, (rows.max() + 1 + pad) * cell_size]
        if points:
            # The middle 90 % of the incidents: one report from the far end of the
            # municipality should not shrink the town to a dot (the rest is clipped).
            e, n = to_sweref().transform([p[1] for p in points], [p[0] for p in points])
            frame_e += list(np.percentile(e, [5, 95]))
            frame_n += list(np.percentile(n, [5, 95]))
    if not frame_e:
        rings = [ring for _name, rs in outlines for ring in rs]
        for ring in rings:
            e, n = _project(ring)
            frame_e += [e.min(), e.max()]
            frame_n += [n.min(), n.max()]
    if not frame_e and places:
        e, n = to_sweref().transform([p[1] for p in places], [p[0] for p in places])
        frame_e += list(e)
        frame_n += list(n)
    body: list[str] = [
        f'<defs><clipPath id="svg-map-clip"><rect width="{width}" height="{height}"/>'
        f"</clipPath></defs>",
        f'<rect width="{width}" height="{height}" fill="#f8f9fa"/>',
        '<g clip-path="url(#svg-map-clip)">',
    ]
    if not frame_e:
        body.append(
            f'<text x="{width / 2:.0f}" y="{height / 2:.0f}" text-anchor="middle" '
            f'fill="#495057">{escape("Inget att visa på kartan.")}</text></g>'
        )
        return _svg(width, height, title, description, body)
    frame = _Frame(np.array(frame_e), np.array(frame_n), width, height)

    # Area outlines, then their names at the centre of their first ring.
    labels = []
    for name, rings in outlines:
        paths = []
        for ring in rings:
            x, y = frame.xy(*_project(ring))
            paths.append(
                "M" + " L".join(f"{a:.1f},{b:.1f}" for a, b in zip(x, y, strict=True)) + " Z"
            )
            if len(paths) == 1:
                labels.append((float(np.mean(x)), float(np.mean(y)), name))
        if paths:
            body.append(
                f'<path d="{" ".join(paths)}" fill="#e9ecef" fill-opacity="0.6" '
                f'stroke="#495057" stroke-width="1" fill-rule="evenodd">'
                f"<title>{escape(name)}</title></path>"
            )
    taken: list[tuple[float, float, float, float]] = []

    def free(x: float, y: float, text: str, size: float) -> bool:
        """Whether a label at (x, y) stays clear of the ones already placed."""
        box = (x, y - size, x + 0.6 * size * len(text), y)
        if any(box[0] < b[2] and b[0] < box[2] and box[1] < b[3] and b[1] < box[3] for b in taken):
            return False
        taken.append(box)
        return True

    for x, y, name in labels:
        if 0 <= x <= width and 0 <= y <= height and free(x - 3 * len(name), y, name, 10):
            body.append(
                f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="middle" font-size="10" '
                f'fill="#6c757d">{escape(name)}</text>'
            )

    # Hot-spot cells: squares on the grid.
    side = cell_size * frame.scale
    for col, row, kind in cells:
        x, y = frame.xy(col * cell_size, (row + 1) * cell_size)
        colour = CELL_COLOURS.get(kind, "#999999")
        if kind.startswith("near-"):
            style = f'fill="{colour}" fill-opacity="0.1" stroke="{colour}" stroke-dasharray="3 2"'
        else:
            style = f'fill="{colour}" fill-opacity="0.6" stroke="{colour}"'
        body.append(
            f'<rect class="map-cell cell-{escape(kind)}" x="{float(x):.1f}" y="{float(y):.1f}" '
            f'width="{side:.1f}" height="{side:.1f}" {style} stroke-width="1"/>'
        )

    # Incidents: dots sized by count.
    if points:
        e, n = to_sweref().transform([p[1] for p in points], [p[0] for p in points])
        xs, ys = frame.xy(e, n)
        for x, y, (_lat, _lon, count) in zip(xs, ys, points, strict=True):
            radius = 2 + min(count, 6) * 0.5
            body.append(
                f'<circle class="map-incident" cx="{x:.1f}" cy="{y:.1f}" r="{radius:.1f}" '
                f'fill="#0072B2" fill-opacity="0.6" stroke="#0072B2" stroke-width="0.5"/>'
            )

    # Places: white rings, the ones in view labelled.
    if places:
        e, n = to_sweref().transform([p[1] for p in places], [p[0] for p in places])
        xs, ys = frame.xy(e, n)
        shown = 0
        for x, y, (_lat, _lon, name) in zip(xs, ys, places, strict=True):
            if not (MARGIN <= x <= width - MARGIN and MARGIN <= y <= height - MARGIN):
                continue
            body.append(
                f'<circle class="map-place" cx="{x:.1f}" cy="{y:.1f}" r="3.5" fill="#fff" '
                f'stroke="#212529" stroke-width="1.5"><title>{escape(name)}</title></circle>'
            )
            if shown < MAX_PLACE_LABELS and free(x + 5, y - 4, name, 9):
                shown += 1
                body.append(
                    f'<text x="{x + 5:.1f}" y="{y - 4:.1f}" font-size="9" fill="#212529">'
                    f"{escape(name)}</text>"
                )

    body.append("</g>")
    # Scale bar: a round length of about a fifth of the width.
    metres = (width / 5) / frame.scale
    nice = min((1, 2, 5, 10), key=lambda k: abs(k * 10 ** np.floor(np.log10(metres)) - metres))
    length = nice * 10 ** np.floor(np.log10(metres))
    bar = length * frame.scale
    label = f"{length / 1000:g} km" if length >= 1000 else f"{length:g} m"
    y = height - MARGIN
    body.append(
        f'<path d="M{MARGIN},{y} h{bar:.1f}" stroke="#212529" stroke-width="2"/>'
        f'<text x="{MARGIN}" y="{y - 4}" font-size="10" fill="#212529">{escape(label)}</text>'
        f'<text x="{width - MARGIN}" y="{y}" font-size="9" text-anchor="end" fill="#6c757d">'
        f"{escape('SWEREF 99 TM · ungefärliga områdesgränser')}</text>"
    )
    return _svg(width, height, title, description, body)


def _svg(width: int, height: int, title: str, description: str, body: list[str]) -> SafeString:
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="svg-map" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" style="{FONT};font-size:12px">'
        f"<title>{escape(title)}</title><desc>{escape(description)}</desc>"
    )
    return mark_safe(head + "".join(body) + "</svg>")  # noqa: S308 - every text is escaped
