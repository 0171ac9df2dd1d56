"""The SVG charts: figures a reader sees, escaped labels, Swedish numbers."""

from decimal import Decimal

from core.charts import Band, Series, bar_chart, grouped_bar_chart, line_chart


def test_bar_chart_shows_each_value_and_escapes_labels():
    svg = bar_chart([("<script>x</script>", 12), ("Brand", 3)], title="Per kategori")
    assert "<script>" not in svg
    assert "&lt;script&gt;" in svg
    assert ">12<" in svg and ">3<" in svg
    assert svg.startswith("<svg") and 'role="img"' in svg and "<title>Per kategori</title>" in svg


def test_line_chart_describes_series_and_gaps():
    svg = line_chart(
        ["v1", "v2", "v3"],
        [Series("Råby", [3, None, 5]), Series("Jämförelse", [2, 2, 2], dashed=True)],
        title="Per vecka",
        bands=[Band(1, 2, "Insats")],
    )
    assert "Råby: v1: 3; v2: –; v3: 5" in svg
    assert svg.count("<path") == 2 and "stroke-dasharray" in svg
    assert ">Insats<" in svg


def test_grouped_bars_for_budget():
    svg = grouped_bar_chart(
        ["Kulturnämnden"],
        [Series("Fördelat", [Decimal(3000000)]), Series("Utfall", [Decimal(1250000)])],
        title="Budget",
        unit="kr",
    )
    assert "Kulturnämnden: Fördelat 3\u202f000\u202f000 kr, Utfall 1\u202f250\u202f000 kr" in svg


def test_axis_ticks_keep_their_decimals():
    svg = line_chart(["v1", "v2"], [Series("A", [4, 9])], title="t")
    # The axis of 0–10 has ticks at 2,5 and 7,5: written as such, not rounded to 2 and 8.
    assert ">2,5<" in svg and ">7,5<" in svg
