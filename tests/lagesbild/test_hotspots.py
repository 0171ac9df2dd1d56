"""Hot spots: Gi* against a hand computation and PySAL, projection, edge cases, speed."""

import math
import warnings

import numpy as np
import pytest
from esda import fdr as esda_fdr
from esda.getisord import G_Local
from libpysal.weights import W, lat2W
from pyproj import Geod

from lagesbild.hotspots import (
    confidence_of,
    fdr_limit,
    getis_ord_gi_star,
    getis_ord_gi_star_cells,
    gi_star_grid,
    to_sweref,
    to_wgs84,
)

STORA_TORGET = (59.6099, 16.5448)  # Västerås city centre
GEOD = Geod(ellps="GRS80")

# Counts of a 4 × 4 study area (row, col); every other cell is empty.
HAND_GRID = np.array(
    [
        [0, 0, 0, 0],
        [0, 4, 2, 0],
        [0, 2, 0, 0],
        [0, 0, 0, 0],
    ]
)


def test_gi_star_against_hand_computation():
    # G_i* = (Σ_j w_ij x_j − X̄ Σ_j w_ij) / (S √((n Σ_j w_ij² − (Σ_j w_ij)²) / (n − 1)))
    # n = 16, Σx = 8 → X̄ = 0.5; Σx² = 16 + 4 + 4 = 24 → S² = 24/16 − 0.5² = 1.25.
    # Binary weights, so Σ w_ij² = Σ w_ij = W_i (neighbours including the cell itself).
    z, p = gi_star_grid(HAND_GRID)

    # (1, 1), interior: W = 9, Σ w x = 4 + 2 + 2 = 8
    #   (8 − 0.5·9) / √(1.25 · (16·9 − 81)/15) = 3.5 / √(1.25 · 4.2) = 3.5 / √5.25
    assert z[1, 1] == pytest.approx(3.5 / math.sqrt(5.25), abs=1e-12)  # 1.527525
    # (0, 0), corner: W = 4, Σ w x = 4 → (4 − 2) / √(1.25 · (64 − 16)/15) = 2 / √4 = 1
    assert z[0, 0] == pytest.approx(1.0, abs=1e-12)
    # (3, 3), corner with nothing around: (0 − 2) / 2 = −1
    assert z[3, 3] == pytest.approx(-1.0, abs=1e-12)
    # (0, 1), edge: W = 6, Σ w x = 4 + 2 = 6 → (6 − 3) / √(1.25 · (96 − 36)/15) = 3 / √5
    assert z[0, 1] == pytest.approx(3 / math.sqrt(5), abs=1e-12)  # 1.341641
    # two-sided p for z = 1: 2(1 − Φ(1)) = 0.3173105
    assert p[0, 0] == pytest.approx(0.3173105, abs=1e-7)
    assert p[3, 3] == pytest.approx(0.3173105, abs=1e-7)


@pytest.mark.parametrize(("rows", "cols", "seed"), [(7, 9, 1), (12, 5, 2), (20, 20, 3)])
def test_gi_star_matches_pysal(rows, cols, seed):
    rng = np.random.default_rng(seed)
    grid = rng.poisson(2.0, size=(rows, cols))
    grid[rows // 2, cols // 2] += 15  # a hot spot so that large z are compared too
    z, p = gi_star_grid(grid)
    # lat2W numbers cells row-major like numpy's flatten; queen contiguity (rook=False).
    # transform="B" keeps the weights binary and star=True puts 1 on the diagonal.
    reference = G_Local(
        grid.flatten().astype(float),
        lat2W(rows, cols, rook=False),
        transform="B",
        star=True,
        permutations=0,
    )
    np.testing.assert_allclose(z.flatten(), reference.Zs, rtol=0, atol=1e-6)
    # esda's p_norm is one-sided; ours is two-sided.
    np.testing.assert_allclose(p.flatten(), 2 * reference.p_norm, rtol=0, atol=1e-9)


def test_projection_puts_points_250_m_apart_in_adjacent_cells():
    lat, lon = STORA_TORGET
    east, north = to_sweref().transform(lon, lat)
    # SWEREF 99 TM (EPSG:3006) of Stora torget, Västerås: a lat/lon swap would be far off.
    assert east == pytest.approx(587_172.6, abs=1)
    assert north == pytest.approx(6_608_981.7, abs=1)

    [centre] = getis_ord_gi_star([(lat, lon, 1)], cell_size=250).cells
    # Start from the middle of a cell and walk 250 m due north on the ellipsoid.
    north_lon, north_lat, _ = GEOD.fwd(centre.lon, centre.lat, 0, 250)
    result = getis_ord_gi_star(
        [(centre.lat, centre.lon, 1), (north_lat, north_lon, 1)], cell_size=250
    )
    south_cell, north_cell = sorted(result.cells, key=lambda c: c.row)
    assert north_cell.col == south_cell.col == centre.col
    assert north_cell.row == south_cell.row + 1
    assert result.shape == (2, 1)
    # The cell centre given back for the map is where the point is (well within a metre).
    assert GEOD.inv(centre.lon, centre.lat, south_cell.lon, south_cell.lat)[2] < 1


def test_cell_index_does_not_depend_on_the_other_points():
    alone = getis_ord_gi_star([(*STORA_TORGET, 1)], cell_size=250).cells[0].index
    with_others = getis_ord_gi_star(
        [(*STORA_TORGET, 1), (59.62, 16.60, 3), (59.58, 16.48, 2)], cell_size=250
    )
    assert alone in [cell.index for cell in with_others.cells]


def _cluster_points():
    """10 × 10 cells of 250 m from Stora torget: 1 incident in each, a block of 8 around 15.

    Built from SWEREF 99 TM cell centres so that every point falls in its intended cell.
    Gi* of this grid (computed with the formula of the hand test): the centre 9.54, the
    block's edge cells 6.39 and corners 4.30 (all p < 0.01), the cells two steps straight
    out from the centre 2.20 (p = 0.028), a corner of the area −0.61.
    """
    lat, lon = STORA_TORGET
    east, north = to_sweref().transform(lon, lat)
    col0, row0 = math.floor(east / 250), math.floor(north / 250)
    grid = np.ones((10, 10), dtype=int)
    grid[4:7, 4:7] = 8
    grid[5, 5] = 15
    rows, cols = np.indices(grid.shape)
    lons, lats = to_wgs84().transform(
        (col0 + cols.ravel() + 0.5) * 250, (row0 + rows.ravel() + 0.5) * 250
    )
    return list(zip(lats.tolist(), lons.tolist(), grid.ravel().tolist(), strict=True))


def test_cluster_is_a_hot_spot_at_99_percent():
    # The raw classes, as ArcGIS without its FDR correction (the step is tested below).
    result = getis_ord_gi_star(_cluster_points(), cell_size=250, significance=0.95, fdr=False)
    assert result.total == 91 + 8 * 8 + 15 and result.shape == (10, 10)
    top = result.hot_spots[0]
    assert top.count == 15 and top.z == pytest.approx(9.54, abs=0.01)
    assert top.classification == "hot-99" and top.label == "Het punkt (99\u00a0%)"
    assert top.significant and top.p < 0.01
    cells = {cell.index: cell for cell in result.cells}
    assert cells[(top.col + 1, top.row + 1)].classification == "hot-99"
    two_out = cells[(top.col, top.row + 2)]
    assert two_out.count == 1 and two_out.classification == "hot-95" and two_out.significant
    corner = cells[(top.col - 5, top.row - 5)]
    assert corner.classification == "ns" and not corner.significant
    assert len(result.hot_spots) == 13 and result.cold_spots == []
    assert "Getis-Ord Gi*" in result.method and "250 m" in result.method
    assert "95 %" in result.method


def test_significance_level_decides_what_counts_as_a_hot_spot(settings):
    settings.HOTSPOT_SIGNIFICANCE = 0.99
    settings.HOTSPOT_FDR = False
    strict = getis_ord_gi_star(_cluster_points(), cell_size=250)
    loose = getis_ord_gi_star(_cluster_points(), cell_size=250, significance=0.95)
    assert strict.significance == 0.99 and "99 %" in strict.method
    # The 3 × 3 block is hot at 99 %; the four cells at z = 2.2 only at 95 %.
    assert len(strict.hot_spots) == 9 and len(loose.hot_spots) == 13
    two_out = [cell for cell in strict.cells if cell.confidence == 95]
    assert len(two_out) == 4 and not any(cell.significant for cell in two_out)


def test_confidence_classes():
    assert [confidence_of(p) for p in (0.001, 0.01, 0.03, 0.05, 0.07, 0.1, 0.2)] == [
        99,
        99,
        95,
        95,
        90,
        90,
        0,
    ]


def test_geojson_squares_for_leaflet():
    result = getis_ord_gi_star(_cluster_points(), cell_size=250, fdr=False)
    collection = result.to_geojson()
    assert collection["type"] == "FeatureCollection"
    assert len(collection["features"]) == len(result.cells) == 100
    feature = next(f for f in collection["features"] if f["properties"]["count"] == 15)
    ring = feature["geometry"]["coordinates"][0]
    assert len(ring) == 5 and ring[0] == ring[-1]
    # [lon, lat] order, and the square is 250 m on a side on the ground (SWEREF scale).
    assert 16 < ring[0][0] < 17 and 59 < ring[0][1] < 60
    side = GEOD.inv(ring[0][0], ring[0][1], ring[1][0], ring[1][1])[2]
    assert side == pytest.approx(250, abs=1)
    assert feature["properties"]["class"] == "hot-99"
    only = result.to_geojson(significant_only=True)["features"]
    assert len(only) == 13 and all(f["properties"]["class"] != "ns" for f in only)


def test_no_points():
    result = getis_ord_gi_star([], cell_size=250)
    assert result.cells == [] and result.n_cells == 0 and result.degenerate
    assert result.to_geojson() == {"type": "FeatureCollection", "features": []}
    assert "Inga händelser" in result.method


@pytest.mark.parametrize(
    "points",
    [
        [(*STORA_TORGET, 1)],
        [(*STORA_TORGET, 7)] * 5,  # all in one cell
    ],
    ids=["one point", "all in one cell"],
)
def test_one_cell_has_no_significant_hot_spot(points):
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no division-by-zero RuntimeWarning
        result = getis_ord_gi_star(points, cell_size=250)
    [cell] = result.cells
    assert cell.count == sum(weight for *_, weight in points)
    assert (cell.z, cell.p, cell.classification) == (0.0, 1.0, "ns")
    assert result.degenerate and result.hot_spots == []
    assert "varierar inte" in result.method


def test_equal_counts_everywhere_give_zero_variance_without_error():
    with warnings.catch_warnings(), np.errstate(all="raise"):
        warnings.simplefilter("error")
        z, p = gi_star_grid(np.full((5, 5), 3))
    assert not z.any() and (p == 1).all()


def test_missing_coordinates_are_dropped_and_counted():
    result = getis_ord_gi_star(
        [(*STORA_TORGET, 2), (None, 16.5, 1), (float("nan"), float("nan"), 1)], cell_size=250
    )
    assert result.dropped == 2 and result.total == 2


def test_bad_input_is_refused_with_a_swedish_message():
    with pytest.raises(ValueError, match="negativt"):
        getis_ord_gi_star([(*STORA_TORGET, -1)], cell_size=250)
    with pytest.raises(ValueError, match="Rutstorleken"):
        getis_ord_gi_star([(*STORA_TORGET, 1)], cell_size=0)
    with pytest.raises(ValueError, match="för stort"):
        # Västerås to Kiruna in 10 m cells
        getis_ord_gi_star([(*STORA_TORGET, 1), (67.85, 20.22, 1)], cell_size=10)


def test_extent_widens_the_study_area():
    # south, west, north, east around Västerås: 1 point is no longer one cell alone.
    result = getis_ord_gi_star(
        [(*STORA_TORGET, 1)], cell_size=250, extent=(59.59, 16.50, 59.63, 16.60)
    )
    assert result.n_cells > 100 and not result.degenerate
    assert result.cells[0].z > 0


def test_a_million_points_over_40_km_in_one_grid():
    rng = np.random.default_rng(7)
    n = 1_000_000
    # ~40 × 40 km around Västerås
    points = np.column_stack(
        [59.45 + rng.random(n) * 0.36, 16.20 + rng.random(n) * 0.71, np.ones(n)]
    )
    result = getis_ord_gi_star(points, cell_size=250)
    # Every point binned into one ~160 × 160 grid (its time is the benchmark's).
    assert result.total == n and 150 * 150 < result.n_cells < 170 * 170


def test_gi_star_over_binned_cells_equals_gi_star_over_the_points():
    """The incident counts hand Gi* cells, not points: the result must not change."""
    rng = np.random.default_rng(5)
    lat = np.concatenate([rng.normal(59.611, 0.004, 400), rng.uniform(59.58, 59.65, 300)])
    lon = np.concatenate([rng.normal(16.545, 0.008, 400), rng.uniform(16.45, 16.62, 300)])
    weight = rng.integers(1, 4, lat.size)
    from_points = getis_ord_gi_star(np.column_stack([lat, lon, weight]), cell_size=250)
    east, north = to_sweref().transform(lon, lat)
    binned: dict[tuple[int, int], int] = {}
    for col, row, n in zip(
        np.floor(east / 250).astype(int).tolist(),
        np.floor(north / 250).astype(int).tolist(),
        weight.tolist(),
        strict=True,
    ):
        binned[(col, row)] = binned.get((col, row), 0) + n
    from_cells = getis_ord_gi_star_cells(
        [(col, row, n) for (col, row), n in binned.items()], cell_size=250
    )
    assert from_cells.cells == from_points.cells
    assert from_cells.hot_spots == from_points.hot_spots
    assert (from_cells.n_cells, from_cells.total) == (from_points.n_cells, from_points.total)
    assert from_cells.hot_spot_count == len(from_points.hot_spots) > 0
    # The table's order: highest z (to 6 decimals), then the cell with most incidents.
    expected = sorted(from_points.hot_spots, key=lambda c: (-round(c.z, 6), -c.count))[:20]
    assert from_cells.top_hot_spots(20) == expected


# --- The study area and the FDR step (issue #26) -------------------------------------


def _blob_mask(rows: int, cols: int) -> np.ndarray:
    """An irregular study area: a disc with a bay cut out, like a town by a lake."""
    r, c = np.mgrid[:rows, :cols]
    mask = (r - rows / 2) ** 2 + (c - cols / 2) ** 2 <= (min(rows, cols) / 2) ** 2
    mask[: rows // 3, cols // 3 : 2 * cols // 3] = False
    return mask


@pytest.mark.parametrize("seed", [11, 12])
def test_gi_star_over_an_irregular_study_area_matches_pysal(seed):
    rows, cols = 18, 22
    mask = _blob_mask(rows, cols)
    rng = np.random.default_rng(seed)
    grid = np.where(mask, rng.poisson(1.5, size=(rows, cols)), 0)
    grid[rows // 2, cols // 2] += 12
    z, p = gi_star_grid(grid, mask)
    # The oracle: queen contiguity among the study area's cells only.
    index = {cell: k for k, cell in enumerate(zip(*np.nonzero(mask), strict=True))}
    neighbours = {
        k: [
            index[(r + dr, c + dc)]
            for dr in (-1, 0, 1)
            for dc in (-1, 0, 1)
            if (dr or dc) and (r + dr, c + dc) in index
        ]
        for (r, c), k in index.items()
    }
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        reference = G_Local(
            grid[mask].astype(float), W(neighbours), transform="B", star=True, permutations=0
        )
    np.testing.assert_allclose(z[mask], reference.Zs, rtol=0, atol=1e-9)
    np.testing.assert_allclose(p[mask], 2 * reference.p_norm, rtol=0, atol=1e-9)
    # Outside the study area there is no test.
    assert not z[~mask].any() and (p[~mask] == 1).all()


@pytest.mark.parametrize("alpha", [0.01, 0.05, 0.10])
def test_fdr_limit_is_esdas(alpha):
    rng = np.random.default_rng(3)
    p = np.concatenate([rng.uniform(size=400), rng.uniform(0, 2e-5, size=15)])
    # esda returns the step's bound k·alpha/m (a p-value below it passes); ours is the
    # largest passing p-value itself: the same cells pass.
    passed = p <= fdr_limit(p, alpha)
    assert 10 <= passed.sum() < 40
    np.testing.assert_array_equal(passed, p < esda_fdr(p, alpha))
    # Nothing passes: esda falls back to the Bonferroni bound, which no p-value is under.
    nothing = rng.uniform(0.5, 1, size=50)
    assert fdr_limit(nothing, alpha) == 0.0 and not (nothing < esda_fdr(nothing, alpha)).any()


def test_fdr_step_removes_the_chance_hot_spots_of_pure_noise():
    # 40 × 40 cells of pure chance (the same mean everywhere): at 95 % about 5 % of
    # cells come out "significant" one by one; after the step none may remain.
    rng = np.random.default_rng(21)
    grid = rng.poisson(2.0, size=(40, 40))
    cells = [(c, r, n) for (r, c), n in np.ndenumerate(grid)]
    raw = getis_ord_gi_star_cells(cells, cell_size=250, fdr=False)
    corrected = getis_ord_gi_star_cells(cells, cell_size=250, fdr=True)
    assert raw.hot_spot_count + raw.cold_spot_count > 20
    assert corrected.hot_spot_count + corrected.cold_spot_count == 0
    assert "Benjamini–Hochberg" in corrected.method
    # A real cluster survives the step.
    grid[18:21, 18:21] += 6
    cells = [(c, r, n) for (r, c), n in np.ndenumerate(grid)]
    hot = getis_ord_gi_star_cells(cells, cell_size=250, fdr=True).hot_spots
    assert {(c.col, c.row) for c in hot} >= {(19, 19)}
    assert all(16 <= c.col <= 22 and 16 <= c.row <= 22 for c in hot)


def test_a_far_off_report_does_not_change_a_fixed_study_area():
    # The town: a busy centre in a 20 × 20 block of cells with incidents now and then.
    rng = np.random.default_rng(8)
    grid = rng.poisson(0.4, size=(20, 20))
    grid[9:12, 9:12] += 5
    area = [(2000 + c, 26000 + r) for r in range(20) for c in range(20)]
    cells = [(2000 + c, 26000 + r, n) for (r, c), n in np.ndenumerate(grid)]
    far = (2000 - 120, 26000 - 60, 1)  # one report 30 km away (Kvicksund)
    boxed = getis_ord_gi_star_cells(cells, cell_size=250, fdr=False)
    boxed_far = getis_ord_gi_star_cells([*cells, far], cell_size=250, fdr=False)
    fixed = getis_ord_gi_star_cells(cells, cell_size=250, study_cells=area)
    fixed_far = getis_ord_gi_star_cells([*cells, far], cell_size=250, study_cells=area)
    # Over the bounding box the far report adds ~17 000 empty cells and the town's
    # ordinary cells turn hot; over the fixed area it adds one cell and nothing changes.
    assert boxed_far.hot_spot_count > 2 * boxed.hot_spot_count
    assert fixed_far.n_cells == fixed.n_cells + 1 == 401
    assert [c.index for c in fixed_far.hot_spots] == [c.index for c in fixed.hot_spots]
    assert fixed.fixed_area and "fast studieområde av 400 rutor" in fixed.method


def test_cold_spots_are_classed_and_listed_where_they_exist():
    # A busy district with a quiet park in it: the park is a cold spot.
    rng = np.random.default_rng(4)
    grid = rng.poisson(6.0, size=(24, 24))
    grid[10:15, 10:15] = 0
    cells = [(c, r, n) for (r, c), n in np.ndenumerate(grid)]
    result = getis_ord_gi_star_cells(cells, cell_size=250, study_cells=[c[:2] for c in cells])
    assert result.cold_spot_count >= 1
    coldest = result.cold_spots[0]
    # The park's inner cells have nothing in their whole neighbourhood.
    assert 11 <= coldest.col <= 13 and 11 <= coldest.row <= 13
    assert coldest.kind == "cold" and coldest.label.startswith("Kall punkt")
    assert result.top_cold_spots(3) == result.cold_spots[:3]


# --- Classes at their edges: empty hot cells, the FDR limit, small study areas ---------


def _block(size: int, value: int, hole: int, hole_value: int) -> list[tuple[int, int, int]]:
    """A size × size study area of `value` per cell with a centred hole × hole block of
    `hole_value`, as (col, row, count) cells."""
    grid = np.full((size, size), value)
    start = (size - hole) // 2
    grid[start : start + hole, start : start + hole] = hole_value
    return [(c, r, int(n)) for (r, c), n in np.ndenumerate(grid)]


def test_an_empty_cell_in_a_busy_neighbourhood_is_part_of_it_not_a_hot_spot():
    """A quiet square ringed by eight busy cells tests hot, but nothing happened there:
    it is listed as part of a hot neighbourhood, never as a place to act on."""
    ring = [cell for cell in _block(9, 0, 3, 6) if cell[:2] != (4, 4)]
    area = [cell[:2] for cell in ring] + [(4, 4)]
    result = getis_ord_gi_star_cells(ring, cell_size=250, study_cells=area, fdr=False)
    [centre, *_] = result.neighbourhood_cells
    assert centre.index == (4, 4) and centre.count == 0
    assert centre.kind == "near" and centre.classification == "near-99"
    assert centre.label == "Del av het omgivning (99\u00a0%)"
    assert (4, 4) not in [cell.index for cell in result.hot_spots]
    assert result.hot_spot_count == 8 and all(cell.count == 6 for cell in result.hot_spots)
    assert result.neighbourhood_count == len(result.neighbourhood_cells) == 5
    assert [cell.index for cell in result.top_neighbourhood_cells(1)] == [(4, 4)]


def test_the_cells_at_the_fdr_limit_are_still_hot_spots():
    """The Benjamini–Hochberg limit is the largest p-value that passes: cells at exactly
    that p-value pass too (here the four busy cells beside the empty centre)."""
    ring = [cell for cell in _block(9, 0, 3, 6) if cell[:2] != (4, 4)]
    area = [cell[:2] for cell in ring] + [(4, 4)]
    result = getis_ord_gi_star_cells(ring, cell_size=250, study_cells=area, fdr=True)
    at_limit = [cell for cell in result.cells if cell.p == result.alpha]
    assert len(at_limit) == 4 and all(cell.significant for cell in at_limit)
    assert result.hot_spot_count == 4
    assert {cell.index for cell in result.hot_spots} == {cell.index for cell in at_limit}


def test_the_cells_at_the_fdr_limit_are_still_cold_spots():
    """A quiet 3 × 3 block in a busy town: all nine are cold, the block's corners at
    exactly the FDR limit included; the middle, quietest around, comes first."""
    result = getis_ord_gi_star_cells(_block(9, 6, 3, 0), cell_size=250, fdr=True)
    assert result.cold_spot_count == 9 and result.hot_spot_count == 0
    assert sum(cell.p == result.alpha for cell in result.cold_spots) == 4
    assert result.cold_spots[0].index == (4, 4)
    assert result.cold_spots[0].label == "Kall punkt (99\u00a0%)"


def test_fdr_limit_at_exactly_k_alpha_over_m():
    # m = 4 at alpha = 0.5: the limits are 0.125, 0.25, 0.375, 0.5 (exact in binary).
    assert fdr_limit([0.25, 0.125, 0.9, 0.95], 0.5) == 0.25
    assert fdr_limit([0.26, 0.13, 0.9, 0.95], 0.5) == 0.0
    assert fdr_limit([], 0.05) == 0.0


def test_two_cells_of_a_fixed_study_area_apart_are_compared():
    """Two cells that are not neighbours each have only themselves around: z = ±1."""
    z, p = gi_star_grid(np.array([[1, 0, 3]]), np.array([[True, False, True]]))
    assert z.tolist() == [[-1.0, 0.0, 1.0]]
    assert p[0, 0] == pytest.approx(0.3173105, abs=1e-7) and p[0, 1] == 1.0


def test_a_cell_whose_neighbourhood_is_the_whole_study_area_gets_no_z():
    """Two neighbouring cells: each one's neighbourhood is all there is, nothing to compare."""
    with warnings.catch_warnings(), np.errstate(all="raise"):
        warnings.simplefilter("error")
        z, p = gi_star_grid(np.array([[0, 3]]))
    assert z.tolist() == [[0.0, 0.0]] and p.tolist() == [[1.0, 1.0]]


def test_counts_that_differ_by_one_still_vary():
    z, _p = gi_star_grid(np.array([[1, 0, 0], [0, 0, 0], [0, 0, 0]]))
    assert z[0, 0] == pytest.approx(math.sqrt(1.25), abs=1e-12)
    two = getis_ord_gi_star_cells([(0, 0, 1), (1, 0, 2)], cell_size=250)
    assert not two.degenerate and "varierar inte" not in two.method
    same = getis_ord_gi_star_cells([(0, 0, 1), (1, 0, 1)], cell_size=250)
    assert same.degenerate and "varierar inte" in same.method


def test_a_place_with_no_incidents_does_not_widen_the_study_area():
    alone = getis_ord_gi_star([(*STORA_TORGET, 1), (59.62, 16.60, 0)], cell_size=250)
    assert (alone.n_cells, alone.shape, alone.total, alone.dropped) == (1, (1, 1), 1, 0)
    cells = getis_ord_gi_star_cells([(0, 0, 1), (5, 0, 0)], cell_size=250)
    assert cells.n_cells == 1


def test_whole_counts_stay_whole_and_weights_keep_their_fractions():
    whole = getis_ord_gi_star([(*STORA_TORGET, 2), (59.62, 16.60, 1)], cell_size=250)
    assert type(whole.total) is int and whole.total == 3
    assert all(type(cell.count) is int for cell in whole.cells)
    part = getis_ord_gi_star([(*STORA_TORGET, 0.5), (59.62, 16.60, 1.25)], cell_size=250)
    assert part.total == 1.75
    assert sorted(cell.count for cell in part.cells if cell.count) == [0.5, 1.25]


def test_an_array_of_bare_coordinates_counts_one_incident_each():
    result = getis_ord_gi_star(np.array([STORA_TORGET, STORA_TORGET, (59.62, 16.60)]))
    assert result.total == 3 and sorted(c.count for c in result.cells if c.count) == [1, 2]
    with pytest.raises(ValueError, match="latitud, longitud, antal"):
        getis_ord_gi_star([STORA_TORGET])


def test_significance_level_must_lie_strictly_between_0_and_1():
    for level in (0, 1):
        with pytest.raises(ValueError, match="Signifikansnivån"):
            getis_ord_gi_star([(*STORA_TORGET, 1)], significance=level)
    assert getis_ord_gi_star([(*STORA_TORGET, 1)], cell_size=1, significance=0.5).n_cells == 1


def test_the_grid_size_limit_allows_exactly_max_cells(monkeypatch):
    """A study area of exactly MAX_CELLS cells is computed; one row more is refused."""
    from lagesbild import hotspots

    monkeypatch.setattr(hotspots, "MAX_CELLS", 12)
    assert getis_ord_gi_star_cells([(0, 0, 1), (3, 2, 2)], cell_size=250).n_cells == 12
    with pytest.raises(ValueError, match="för stort"):
        getis_ord_gi_star_cells([(0, 0, 1), (3, 3, 2)], cell_size=250)


def test_a_hot_spot_with_one_incident_is_a_place_to_act_on_not_a_neighbourhood():
    """One incident in a cell ringed by busy cells: it tests hot and something happened
    there, so it is a hot spot (with its one incident), not an empty neighbour."""
    ring = [cell if cell[:2] != (4, 4) else (4, 4, 1) for cell in _block(9, 0, 3, 6)]
    area = [cell[:2] for cell in ring]
    result = getis_ord_gi_star_cells(ring, cell_size=250, study_cells=area, fdr=False)
    centre = next(cell for cell in result.hot_spots if cell.index == (4, 4))
    assert centre.count == 1 and centre.kind == "hot"
    assert (4, 4) not in [cell.index for cell in result.neighbourhood_cells]


def test_a_lenient_level_calls_moderate_clusters_hot_or_cold_never_both():
    """Whatever level is set (HOTSPOT_SIGNIFICANCE; here a lenient 60 %, where |z| > 0.84
    is significant), a significant cell is hot when z > 0, cold when z < 0, never both."""
    rng = np.random.default_rng(7)
    cells = [(c, r, int(n)) for (r, c), n in np.ndenumerate(rng.poisson(3, (14, 14)))]
    result = getis_ord_gi_star_cells(cells, cell_size=250, significance=0.6, fdr=False)
    hot = {cell.index: cell.z for cell in result.hot_spots}
    cold = {cell.index: cell.z for cell in result.cold_spots}
    assert any(0 < z < 1 for z in hot.values()), "a mildly hot cell to test the limit with"
    assert any(-1 < z < 0 for z in cold.values()), "a mildly cold cell"
    assert all(z > 0 for z in hot.values()) and all(z < 0 for z in cold.values())
    assert not set(hot) & set(cold)


def test_each_map_square_is_drawn_over_its_own_cell():
    """The map's square for a cell runs from the cell's south-west corner to its
    north-east one (250 m cells in SWEREF 99 TM): the incidents lie inside it."""
    result = getis_ord_gi_star(_cluster_points(), cell_size=250, fdr=False)
    features = result.to_geojson()["features"]
    for feature in features:
        col, row = feature["properties"]["col"], feature["properties"]["row"]
        ring = feature["geometry"]["coordinates"][0]
        east, north = to_sweref().transform([p[0] for p in ring], [p[1] for p in ring])
        assert min(east) == pytest.approx(col * 250, abs=0.5)
        assert max(east) == pytest.approx((col + 1) * 250, abs=0.5)
        assert min(north) == pytest.approx(row * 250, abs=0.5)
        assert max(north) == pytest.approx((row + 1) * 250, abs=0.5)


def test_too_large_an_area_is_refused_naming_its_number_of_cells(monkeypatch):
    from lagesbild import hotspots

    monkeypatch.setattr(hotspots, "MAX_CELLS", 12)
    with pytest.raises(ValueError, match=r"\(20 rutor\)"):
        getis_ord_gi_star_cells([(0, 0, 1), (3, 4, 2)], cell_size=250)


def test_two_cells_apart_with_different_counts_vary():
    """A fixed study area of two cells that differ is tested (z = ±1), not called
    degenerate: the method text says nothing of missing variation."""
    result = getis_ord_gi_star_cells(
        [(0, 0, 1), (2, 0, 3)], cell_size=250, study_cells=[(0, 0), (2, 0)], fdr=False
    )
    assert not result.degenerate and result.n_cells == 2
    assert sorted(round(cell.z, 6) for cell in result.cells) == [-1.0, 1.0]
