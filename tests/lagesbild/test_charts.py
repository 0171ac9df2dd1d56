"""The SVG charts: figures a reader sees, escaped labels, Swedish numbers."""

from decimal import Decimal

from core.charts import Band, Series, bar_chart, column_chart, grouped_bar_chart, line_chart


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


def _ticks(svg: str) -> list[str]:
    """The y-axis tick labels (right-aligned texts), bottom to top."""
    import re

    return re.findall(r'text-anchor="end" fill="#212529" >([^<]*)</text>', svg)


def test_count_axes_have_whole_ticks():
    # 0–12 in steps of 3, not 0–10 with 2,5 and 7,5: counts are whole numbers.
    svg = line_chart(["v1", "v2"], [Series("A", [4, 9])], title="t")
    assert _ticks(svg) == ["0", "3", "6", "9", "12"]


def test_an_empty_week_has_a_plain_axis_and_says_so():
    svg = column_chart([(f"{h:02d}", 0) for h in range(24)], title="Per timme")
    assert _ticks(svg) == ["0", "1", "2", "3", "4"]
    assert "Inga uppgifter" in svg
    small = column_chart([("mån", 1), ("tis", 0)], title="Per dag")
    assert _ticks(small) == ["0", "1", "2", "3", "4"]
    assert "Inga uppgifter" not in small


def test_axis_ticks_keep_their_decimals():
    svg = line_chart(["2022", "2023"], [Series("Andel", [3.4, 2.9])], title="t", decimals=1)
    assert _ticks(svg) == ["0,0", "1,0", "2,0", "3,0", "4,0"]
    shares = line_chart(["2022", "2023"], [Series("Andel", [0.3, 0.1])], title="t", decimals=1)
    assert _ticks(shares) == ["0,0", "0,1", "0,2", "0,3", "0,4"]


def test_long_labels_wrap_and_keep_their_full_text():
    long = "Otrygghetsskapande samling av personer i trapphus, förråd och källare"
    svg = bar_chart([(long, 3), ("Brand", 1)], title="Per kategori", label_width=200)
    # No label is cut to a fragment: it breaks between words over two lines, and a
    # label that still does not fit ends in "…" with its full text as the tooltip.
    assert ">Otrygghetsskapande samling av</tspan>" in svg
    assert f"<title>{long}</title>" in svg
    assert ">Brand</tspan>" in svg and "<title>Brand</title>" not in svg
    assert "ygghetsskapande samling av p…" not in svg


def test_grouped_bars_name_committees_in_full():
    name = "Nämnden för idrott, fritid och förebyggande"
    svg = grouped_bar_chart([name], [Series("Fördelat", [Decimal(100)])], title="Budget")
    text = svg.replace("</tspan>", " ")
    assert "Nämnden för idrott, fritid och" in text and "förebyggande" in text
