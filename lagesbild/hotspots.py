"""Hot spots: incidents binned on a metric grid and the Getis-Ord Gi* statistic per cell.

Points are WGS84 (lat, lon, weight), weight being the number of incidents at the point.
They are projected to SWEREF 99 TM (EPSG:3006, metres), binned on square cells of
`cell_size` metres anchored at the projection's origin (so a cell has the same index
whatever the period or filter), and for every cell of the study area Gi* is computed with
binary queen-contiguity weights that include the cell itself (a neighbour outside the
study area does not exist):

    G_i* = (Σ_j w_ij x_j − X̄ Σ_j w_ij) / (S √((n Σ_j w_ij² − (Σ_j w_ij)²) / (n − 1)))

with n the number of cells, X̄ their mean count and S the population standard deviation.
G_i* is a z-score; the two-sided p-value comes from the standard normal distribution.

The study area is `study_cells` when given: a fixed set of cells where incidents can
happen (the pages pass the cells with any incident in the past year, the built-up part of
the municipality), the same for every week so that weeks compare. Without it, the
bounding rectangle of the occupied cells (empty cells included) — mostly fields, forest
and water at municipal scale, which makes any built-up cell look hot. With `fdr` (the
default, settings.HOTSPOT_FDR) a cell is in a class only when it passes the
Benjamini–Hochberg step at that level over all cells of the study area, as ArcGIS's
Hot Spot Analysis and esda.fdr do; cold spots are classed the same way.
docs/methods.md explains the method, its thresholds and caveats for analysts.

    result = getis_ord_gi_star([(59.61, 16.54, 3), ...], cell_size=250)
    result.hot_spots        # significant hot cells with incidents, highest z first (the table)
    result.neighbourhood_cells  # significant but empty: "part of a hot neighbourhood"
    result.to_geojson()     # cells as polygons for Leaflet
    result.method           # the Swedish sentence the page prints under the map

    getis_ord_gi_star(points, study_cells=[(2348, 23844), ...])  # a fixed study area
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property, lru_cache

import numpy as np
from django.conf import settings
from pyproj import Transformer

# scipy (ndimage, stats) is imported where Gi* is computed: ~1 s at every start else.
from core.formatting import number

WGS84 = "EPSG:4326"
SWEREF99TM = "EPSG:3006"
# A grid larger than this (e.g. all of Sweden in 250 m cells) is a caller's mistake,
# not something to allocate: 4 million cells is ~500 × 500 km at 250 m.
MAX_CELLS = 4_000_000
# Two-sided p-value limits of the classes, as in ArcGIS's Gi_Bin: 99, 95, 90 %.
CONFIDENCE_LEVELS = ((99, 0.01), (95, 0.05), (90, 0.10))
QUEEN = np.ones((3, 3))


@lru_cache(maxsize=1)
def to_sweref() -> Transformer:
    """WGS84 (lon, lat) → SWEREF 99 TM (easting, northing) in metres; built once."""
    return Transformer.from_crs(WGS84, SWEREF99TM, always_xy=True)


@lru_cache(maxsize=1)
def to_wgs84() -> Transformer:
    """SWEREF 99 TM (easting, northing) → WGS84 (lon, lat); built once."""
    return Transformer.from_crs(SWEREF99TM, WGS84, always_xy=True)


@dataclass(frozen=True)
class HotspotCell:
    """One grid cell: its index, centre (WGS84), count, Gi* z-score, p-value and class."""

    col: int  # floor(easting / cell_size) in SWEREF 99 TM
    row: int  # floor(northing / cell_size)
    lat: float
    lon: float
    count: float
    z: float
    p: float
    confidence: int  # 99, 95, 90, or 0 when not significant even at 90 %
    significant: bool  # at the result's chosen level (settings.HOTSPOT_SIGNIFICANCE)

    @property
    def index(self) -> tuple[int, int]:
        return (self.col, self.row)

    @property
    def kind(self) -> str:
        """'hot', 'near' (part of a hot neighbourhood: tests hot with no incident of its
        own), 'cold' or '' (not significant at 90 %)."""
        if not self.confidence:
            return ""
        if self.z > 0:
            return "hot" if self.count > 0 else "near"
        return "cold"

    @property
    def classification(self) -> str:
        """A stable class for CSS and map styling: 'hot-99' … 'near-95' … 'cold-90', or 'ns'."""
        return f"{self.kind}-{self.confidence}" if self.confidence else "ns"

    @property
    def label(self) -> str:
        """Swedish: 'Het punkt (99 %)', 'Del av het omgivning (95 %)', 'Kall punkt (95 %)',
        'Inte signifikant'."""
        if not self.confidence:
            return "Inte signifikant"
        name = {"hot": "Het punkt", "near": "Del av het omgivning", "cold": "Kall punkt"}
        return f"{name[self.kind]} ({self.confidence}\u00a0%)"


@dataclass(frozen=True)
class ShownCells:
    """The cells worth showing (occupied or significant) as arrays, in row-major order.

    HotspotCell objects are made only for the cells asked for: the weekly page wants
    its 20 hot spots, not the ~1 000 occupied cells of a busy week.
    """

    col: np.ndarray
    row: np.ndarray
    count: np.ndarray
    z: np.ndarray
    p: np.ndarray
    integral: bool = True

    @classmethod
    def empty(cls) -> "ShownCells":
        nothing = np.zeros(0)
        return cls(nothing.astype(np.int64), nothing.astype(np.int64), nothing, nothing, nothing)

    def objects(
        self, index: np.ndarray, cell_size: float, alpha: float, limits=None
    ) -> list[HotspotCell]:
        """HotspotCell objects for the cells at `index`, in that order.

        `alpha` is the p-value limit of the chosen level and `limits` those of the classes
        (after the FDR step when there was one)."""
        col, row = self.col[index], self.row[index]
        lon, lat = to_wgs84().transform((col + 0.5) * cell_size, (row + 0.5) * cell_size)
        cells = []
        for k, i in enumerate(index.tolist()):
            count, cell_p = float(self.count[i]), float(self.p[i])
            cells.append(
                HotspotCell(
                    col=int(col[k]),
                    row=int(row[k]),
                    lat=float(lat[k]),
                    lon=float(lon[k]),
                    count=round(count) if self.integral else count,
                    z=float(self.z[i]),
                    p=cell_p,
                    confidence=confidence_of(cell_p, limits),
                    significant=cell_p <= alpha,
                )
            )
        return cells


@dataclass(frozen=True)
class HotspotResult:
    """Gi* over a grid: the cells worth showing, the study area and the method text."""

    shown: ShownCells = field(repr=False, compare=False)
    cell_size: float
    significance: float
    n_cells: int  # cells in the study area, empty ones included
    shape: tuple[int, int]  # (rows, cols) of the study area
    total: float  # sum of the weights binned
    dropped: int = 0  # points without usable coordinates
    degenerate: bool = False  # no spatial variation (or one cell): no z can be computed
    method: str = field(default="")
    # The p-value limits of the classes (99, 95, 90 %) and of the chosen level: the raw
    # ones, or after the Benjamini–Hochberg step over the study area's cells.
    limits: tuple[tuple[int, float], ...] = CONFIDENCE_LEVELS
    alpha: float | None = None
    fdr: bool = False
    fixed_area: bool = False  # the study area was given (study_cells), not the bounding box

    @cached_property
    def cells(self) -> list[HotspotCell]:
        """Every cell worth showing: occupied, or significant at 90 % (row-major order)."""
        return self._objects(np.arange(len(self.shown.p)))

    @cached_property
    def hot_spots(self) -> list[HotspotCell]:
        """Cells significantly hot at the chosen level with incidents of their own,
        highest z first."""
        return sorted(self._objects(np.nonzero(self._hot)[0]), key=lambda c: -c.z)

    @cached_property
    def neighbourhood_cells(self) -> list[HotspotCell]:
        """Cells that test hot at the chosen level but have no incident of their own:
        part of a hot neighbourhood (their neighbours' incidents make them hot), not a
        place to act on. Highest z first."""
        return sorted(self._objects(np.nonzero(self._near)[0]), key=lambda c: -c.z)

    @property
    def neighbourhood_count(self) -> int:
        return int(np.count_nonzero(self._near))

    @cached_property
    def cold_spots(self) -> list[HotspotCell]:
        """Cells significantly cold at the chosen level, lowest z first."""
        return sorted(self._objects(np.nonzero(self._cold)[0]), key=lambda c: c.z)

    @property
    def hot_spot_count(self) -> int:
        return int(np.count_nonzero(self._hot))

    @property
    def cold_spot_count(self) -> int:
        return int(np.count_nonzero(self._cold))

    def top_hot_spots(self, limit: int) -> list[HotspotCell]:
        """The `limit` hot spots to list first: highest z (to 6 decimals), then most incidents.

        Gi* ties across a neighbourhood (the cells around one busy cell share its sum);
        the tie goes to the cell where the incidents were recorded.
        """
        index = np.nonzero(self._hot)[0]
        z, count = self.shown.z[index], self.shown.count[index]
        order = np.lexsort((-z, -count, -np.round(z, 6)))
        return self._objects(index[order[:limit]])

    @property
    def _alpha(self) -> float:
        return 1 - self.significance if self.alpha is None else self.alpha

    @property
    def _hot_or_near(self) -> np.ndarray:
        return (self.shown.p <= self._alpha) & (self.shown.z > 0)

    @property
    def _hot(self) -> np.ndarray:
        """Hot at the chosen level with incidents in the cell itself."""
        return self._hot_or_near & (self.shown.count > 0)

    @property
    def _near(self) -> np.ndarray:
        """Hot at the chosen level, but empty: part of a hot neighbourhood."""
        return self._hot_or_near & (self.shown.count <= 0)

    @property
    def _cold(self) -> np.ndarray:
        return (self.shown.p <= self._alpha) & (self.shown.z < 0)

    def top_neighbourhood_cells(self, limit: int) -> list[HotspotCell]:
        """The `limit` empty hot cells (part of a hot neighbourhood) with the highest z."""
        index = np.nonzero(self._near)[0]
        order = np.argsort(-np.round(self.shown.z[index], 6), kind="stable")
        return self._objects(index[order[:limit]])

    def top_cold_spots(self, limit: int) -> list[HotspotCell]:
        """The `limit` cold spots to list first: lowest z first."""
        index = np.nonzero(self._cold)[0]
        order = np.argsort(np.round(self.shown.z[index], 6), kind="stable")
        return self._objects(index[order[:limit]])

    def _objects(self, index: np.ndarray) -> list[HotspotCell]:
        return self.shown.objects(index, self.cell_size, self._alpha, self.limits)

    def to_geojson(self, *, significant_only: bool = False) -> dict:
        """The cells as a GeoJSON FeatureCollection of square polygons (WGS84, [lon, lat]).

        With `significant_only`, only cells in a hot or cold class (90 % or stricter).
        """
        cells = [c for c in self.cells if c.confidence] if significant_only else self.cells
        if not cells:
            return {"type": "FeatureCollection", "features": []}
        size = self.cell_size
        cols = np.array([c.col for c in cells], dtype=float)
        rows = np.array([c.row for c in cells], dtype=float)
        # Exterior ring counter-clockwise (RFC 7946): SW, SE, NE, NW, back to SW.
        dx = np.array([0, 1, 1, 0, 0])
        dy = np.array([0, 0, 1, 1, 0])
        lon, lat = to_wgs84().transform((cols[:, None] + dx) * size, (rows[:, None] + dy) * size)
        rings = np.stack([np.round(lon, 6), np.round(lat, 6)], axis=-1).tolist()
        features = [
            {
                "type": "Feature",
                "geometry": {"type": "Polygon", "coordinates": [ring]},
                "properties": {
                    "col": cell.col,
                    "row": cell.row,
                    "count": cell.count,
                    "z": round(cell.z, 2),
                    "p": round(cell.p, 4),
                    "class": cell.classification,
                    "label": cell.label,
                    "significant": cell.significant,
                },
            }
            for cell, ring in zip(cells, rings, strict=True)
        ]
        return {"type": "FeatureCollection", "features": features}


def gi_star_grid(grid: np.ndarray, mask: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Gi* z-scores and two-sided p-values for a 2-D array of cell counts.

    Binary queen contiguity including the cell itself; cells outside the array — or,
    with a boolean `mask`, outside the mask — do not exist (edge cells have fewer
    neighbours) and get z 0, p 1. Where z is undefined — fewer than two cells, no
    variation at all, or a cell whose neighbourhood is the whole study area — z is 0
    and p is 1, so nothing is called significant.
    """
    x = np.asarray(grid, dtype=float)
    inside = np.ones(x.shape, dtype=bool) if mask is None else np.asarray(mask, dtype=bool)
    x = np.where(inside, x, 0.0)
    values = x[inside]
    n = values.size
    z = np.zeros_like(x)
    if n < 2 or np.ptp(values) == 0:
        return z, np.ones_like(x)
    from scipy import ndimage, stats

    local_sum = ndimage.convolve(x, QUEEN, mode="constant", cval=0.0)
    weight_sum = ndimage.convolve(inside.astype(float), QUEEN, mode="constant", cval=0.0)
    mean = values.mean()
    s = values.std()  # population standard deviation (ddof=0), as Gi* prescribes
    # Binary weights: Σ w_ij² = Σ w_ij.
    spread = n * weight_sum - weight_sum**2
    defined = inside & (spread > 0)
    denominator = s * np.sqrt(np.where(defined, spread, 1.0) / (n - 1))
    z = np.where(defined, (local_sum - mean * weight_sum) / denominator, 0.0)
    p = 2.0 * stats.norm.sf(np.abs(z))
    return z, p


def fdr_limit(p: np.ndarray, alpha: float) -> float:
    """The Benjamini–Hochberg p-value limit at false discovery rate `alpha`.

    The largest p_(k) with p_(k) ≤ k·alpha/m over the m p-values (sorted ascending);
    a p-value at or below it is significant. 0.0 when none passes (nothing is), as
    esda.fdr, which returns the same limit.
    """
    values = np.sort(np.asarray(p, dtype=float).ravel())
    m = values.size
    if not m:
        return 0.0
    passing = np.nonzero(values <= np.arange(1, m + 1) * alpha / m)[0]
    return float(values[passing[-1]]) if passing.size else 0.0


def confidence_of(p: float, limits=None) -> int:
    """99, 95 or 90 for the strictest level the two-sided p-value reaches, else 0.

    `limits` are (level, p-value limit) pairs, by default the raw ones (0.01, 0.05, 0.10)."""
    for level, limit in limits or CONFIDENCE_LEVELS:
        if p <= limit:
            return level
    return 0


def _as_array(points) -> np.ndarray:
    if isinstance(points, np.ndarray):
        array = np.asarray(points, dtype=float)
        if array.ndim == 2 and array.shape[1] == 2:
            array = np.column_stack([array, np.ones(len(array))])
    else:
        # np.array (not fromiter) so that a missing coordinate (None) becomes NaN.
        array = np.array(list(points), dtype=float)
        if array.size == 0:
            array = array.reshape(0, 3)
    if array.ndim != 2 or array.shape[1] != 3:
        raise ValueError("Punkterna ska anges som (latitud, longitud, antal).")
    return array


def _method_text(result_shape, n_cells, cell_size, significance, total, degenerate, **how) -> str:
    rows, cols = result_shape
    level = number(significance * 100, 0 if float(significance * 100).is_integer() else 1)
    if how.get("fixed_area"):
        area = (
            f"{number(total)} händelser i ett fast studieområde av {number(n_cells)} rutor "
            f"(rutor med någon händelse under det senaste året, inte bara under perioden)"
        )
    else:
        area = (
            f"{number(total)} händelser i {number(n_cells)} rutor "
            f"({rows} × {cols}, tomma rutor inom området räknas med)"
        )
    text = (
        f"Getis-Ord Gi* på ett rutnät med {number(cell_size)} m rutor i SWEREF 99 TM: "
        f"{area}, grannar är de åtta omgivande rutorna och rutan själv. En ruta är en het "
        f"eller kall punkt när z-värdet är signifikant på {level} %-nivån (tvåsidigt test"
    )
    text += (
        ", efter korrigering för att alla rutor testas samtidigt enligt Benjamini–Hochberg)."
        if how.get("fdr")
        else ")."
    )
    if not total:
        text += " Inga händelser med kartläge finns i urvalet."
    elif degenerate:
        text += " Antalet varierar inte mellan rutorna, så inga heta punkter kan beräknas."
    return text


def getis_ord_gi_star(
    points: Iterable[tuple[float, float, float]] | np.ndarray,
    *,
    cell_size: float | None = None,
    significance: float | None = None,
    extent: tuple[float, float, float, float] | None = None,
    study_cells: Iterable[tuple[int, int]] | None = None,
    fdr: bool | None = None,
) -> HotspotResult:
    """Bin (lat, lon, weight) points on a SWEREF 99 TM grid and compute Gi* per cell.

    `study_cells` ((col, row) on the `cell_size` grid), when given, is the study area:
    the same cells for every period, so that periods compare (a cell of the points
    outside it is added: an incident happened there). Otherwise the study area is the
    bounding rectangle of the occupied cells, widened by `extent` (south, west, north,
    east in WGS84) when given. `fdr` (default settings.HOTSPOT_FDR) applies the
    Benjamini–Hochberg step to the classes. `cell_size` and `significance` default to
    settings.HOTSPOT_CELL_SIZE_M and HOTSPOT_SIGNIFICANCE. Points with missing or
    non-finite coordinates are dropped and counted in `dropped`.
    """
    cell_size, significance, fdr = _checked(cell_size, significance, fdr)

    array = _as_array(points)
    lat, lon, weight = array[:, 0], array[:, 1], array[:, 2]
    if np.any(weight < 0):
        raise ValueError("Antalet händelser i en punkt kan inte vara negativt.")
    east, north = to_sweref().transform(lon, lat)
    usable = np.isfinite(east) & np.isfinite(north) & np.isfinite(weight)
    dropped = int(np.count_nonzero(~usable))
    usable &= weight > 0
    east, north, weight = east[usable], north[usable], weight[usable]

    cols = np.floor(east / cell_size).astype(np.int64)
    rows = np.floor(north / cell_size).astype(np.int64)
    return _gi_star_binned(
        cols, rows, weight, cell_size, significance, extent, dropped, study_cells, fdr
    )


def getis_ord_gi_star_cells(
    cells: Iterable[tuple[int, int, float]],
    *,
    cell_size: float,
    significance: float | None = None,
    extent: tuple[float, float, float, float] | None = None,
    study_cells: Iterable[tuple[int, int]] | None = None,
    fdr: bool | None = None,
) -> HotspotResult:
    """Gi* over counts already binned as (col, row, count) on the `cell_size` grid.

    The same result as getis_ord_gi_star over the points those counts came from: the
    weekly lägesbild passes the cells its stored incident counts hold.
    """
    cell_size, significance, fdr = _checked(cell_size, significance, fdr)
    array = np.array(list(cells), dtype=np.int64).reshape(-1, 3)
    array = array[array[:, 2] > 0]
    return _gi_star_binned(
        array[:, 0],
        array[:, 1],
        array[:, 2].astype(float),
        cell_size,
        significance,
        extent,
        0,
        study_cells,
        fdr,
    )


def _checked(cell_size, significance, fdr=None) -> tuple[float, float, bool]:
    if cell_size is None:
        cell_size = settings.HOTSPOT_CELL_SIZE_M
    if significance is None:
        significance = settings.HOTSPOT_SIGNIFICANCE
    if fdr is None:
        fdr = settings.HOTSPOT_FDR
    if not cell_size > 0:
        raise ValueError("Rutstorleken måste vara större än noll.")
    if not 0 < significance < 1:
        raise ValueError("Signifikansnivån ska ligga mellan 0 och 1, t.ex. 0,95.")
    return cell_size, significance, bool(fdr)


def _gi_star_binned(
    cols, rows, weight, cell_size, significance, extent, dropped, study_cells=None, fdr=False
) -> HotspotResult:
    """Gi* over points already binned: column, row and weight per point (or cell)."""
    fixed = study_cells is not None
    if fixed:
        area = np.array(list(study_cells), dtype=np.int64).reshape(-1, 2)
        area_cols = np.concatenate([area[:, 0], cols])
        area_rows = np.concatenate([area[:, 1], rows])
    else:
        area_cols, area_rows = cols, rows
    col_bounds = [area_cols.min(), area_cols.max()] if area_cols.size else []
    row_bounds = [area_rows.min(), area_rows.max()] if area_rows.size else []
    if extent is not None and not fixed:
        south, west, north_edge, east_edge = extent
        corner_e, corner_n = to_sweref().transform(
            [west, east_edge, west, east_edge], [south, south, north_edge, north_edge]
        )
        col_bounds += np.floor(np.asarray(corner_e) / cell_size).astype(np.int64).tolist()
        row_bounds += np.floor(np.asarray(corner_n) / cell_size).astype(np.int64).tolist()

    how = {"fdr": fdr, "fixed_area": fixed}
    if not col_bounds:
        return HotspotResult(
            shown=ShownCells.empty(),
            cell_size=cell_size,
            significance=significance,
            n_cells=0,
            shape=(0, 0),
            total=0,
            dropped=dropped,
            degenerate=True,
            method=_method_text((0, 0), 0, cell_size, significance, 0, True, **how),
            fdr=fdr,
            fixed_area=fixed,
        )

    col0, row0 = int(min(col_bounds)), int(min(row_bounds))
    width = int(max(col_bounds)) - col0 + 1
    height = int(max(row_bounds)) - row0 + 1
    if width * height > MAX_CELLS:
        raise ValueError(
            f"Området är för stort för {number(cell_size)} m rutor "
            f"({number(width * height)} rutor); välj större rutor eller ett mindre område."
        )
    flat = (rows - row0) * width + (cols - col0)
    grid = np.bincount(flat, weights=weight, minlength=width * height).reshape(height, width)
    if fixed:
        mask = np.zeros(width * height, dtype=bool)
        mask[(area_rows - row0) * width + (area_cols - col0)] = True
        mask = mask.reshape(height, width)
    else:
        mask = np.ones((height, width), dtype=bool)
    n_cells = int(np.count_nonzero(mask))

    z, p = gi_star_grid(grid, mask if fixed else None)
    inside = grid[mask]
    degenerate = bool(inside.size < 2 or np.ptp(inside) == 0)
    alpha = 1 - significance
    limits = CONFIDENCE_LEVELS
    if fdr:
        tested = p[mask]
        limits = tuple((level, fdr_limit(tested, limit)) for level, limit in CONFIDENCE_LEVELS)
        alpha = fdr_limit(tested, alpha)
    show = (grid > 0) | (mask & (p <= CONFIDENCE_LEVELS[-1][1]))
    r_idx, c_idx = np.nonzero(show)
    shown = ShownCells(
        col=c_idx + col0,
        row=r_idx + row0,
        count=grid[r_idx, c_idx],
        z=z[r_idx, c_idx],
        p=p[r_idx, c_idx],
        integral=bool(np.all(np.mod(weight, 1) == 0)),
    )
    total = float(weight.sum())
    integral = shown.integral
    return HotspotResult(
        shown=shown,
        cell_size=cell_size,
        significance=significance,
        n_cells=n_cells,
        shape=(height, width),
        total=round(total) if integral else total,
        dropped=dropped,
        degenerate=degenerate,
        method=_method_text(
            (height, width), n_cells, cell_size, significance, total, degenerate, **how
        ),
        limits=limits,
        alpha=alpha,
        fdr=fdr,
        fixed_area=fixed,
    )
