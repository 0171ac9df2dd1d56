"""Maps on paper: the server-rendered SVG map (no tiles) in the weekly report, the annual
report and the meeting pack, on the demo year; the PDF draws it; members see only
aggregated cells; the hot-spot and trend tables name places and kinds."""

import datetime as dt
import re
import subprocess

import numpy as np
import pytest
from PIL import Image

from core.isoweek import STOCKHOLM
from lagesbild.figures.hotspot_tables import points
from lagesbild.models import Incident
from lagesbild.pictures.services import weekly_picture_publish
from lagesbild.seed import demo_weeks
from lagesbild.svgmap import svg_map
from tests.factories import MeetingFactory
from trygghet.reports.exporters import render_document
from trygghet.reports.exporters.annual import annual_context
from trygghet.reports.exporters.weekly import TEMPLATE, weekly_context
from trygghet.reports.meeting_pack import meeting_pack_context

SQUARE = re.compile(
    r'<rect class="map-cell cell-([a-z0-9-]+)" x="[^"]+" y="[^"]+" width="([^"]+)" height="([^"]+)"'
)


def test_the_builder_draws_square_cells_points_and_escaped_names():
    areas = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {"name": "<Centrum & co>"},
                "geometry": {
                    "type": "Polygon",
                    "coordinates": [
                        [[16.52, 59.60], [16.56, 59.60], [16.56, 59.62], [16.52, 59.60]]
                    ],
                },
            }
        ],
    }
    svg = str(
        svg_map(
            areas=areas,
            places=[(59.61, 16.545, "<script>alert(1)</script>")],
            cells=[(2348, 23844, "hot-99"), (2349, 23844, "near-95")],
            points=[(59.611, 16.541, 2), (59.612, 16.543, 1)],
            title="Karta",
        )
    )
    assert svg.startswith("<svg") and svg.endswith("</svg>")
    cells = SQUARE.findall(svg)
    assert [c[0] for c in cells] == ["hot-99", "near-95"]
    assert all(w == h and float(w) > 0 for _k, w, h in cells)
    assert svg.count('class="map-incident"') == 2
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    assert "&lt;Centrum &amp; co&gt;" in svg
    assert "Inget att visa" in str(svg_map(title="Tom"))


@pytest.fixture
def week():
    return demo_weeks()[-1]


def test_the_weekly_report_map_has_the_weeks_cells_and_incidents(demo_db, week):
    context = weekly_context(week)
    svg = str(context["map_svg"])
    hotspots = context["figures"]["hotspots"]
    drawn = SQUARE.findall(svg)
    listed = hotspots["hot_spots"] + hotspots["neighbourhood"]
    assert sorted(k for k, _w, _h in drawn) == sorted(c["class"] for c in listed)
    located = points(Incident.objects.in_week(week.iso_year, week.iso_week))
    assert svg.count('class="map-incident"') == len(located) > 0
    assert 'class="map-place"' in svg
    html = render_document(TEMPLATE, context, fmt="html", basename="w")[2].decode()
    assert 'class="rep-map"' in html and html.count("<svg") >= 2
    # The hot-spot table names the place in its first column, the class in the last.
    first = re.findall(r'<td class="hotspot-place">([^<]+)</td>', html)
    assert first and not any("Het punkt" in name for name in first)
    assert first[0].startswith(hotspots["hot_spots"][0]["place"] or "I ")
    # The trend table says what kind of row each one is.
    trends = html.split('id="trends"')[1].split("</section>")[0]
    for t in context["figures"]["trends"]:
        kind = {"area": "Område", "place": "Plats", "category": "Huvudkategori"}.get(
            t["dimension"], "Händelsetyp"
        )
        assert f"{kind}:</span> {t['label']}" in trends


def test_the_weekly_pdf_draws_the_map(demo_db, week, tmp_path):
    _name, _type, data = render_document(TEMPLATE, weekly_context(week), fmt="pdf", basename="w")
    pdf = tmp_path / "weekly.pdf"
    pdf.write_bytes(data)
    text = subprocess.run(["pdftotext", pdf, "-"], capture_output=True, text=True).stdout
    page = next(i for i, p in enumerate(text.split("\f"), 1) if "SWEREF 99 TM" in p)
    subprocess.run(
        ["pdftoppm", "-r", "50", "-f", str(page), "-l", str(page), "-png", pdf, tmp_path / "p"],
        check=True,
    )
    [png] = tmp_path.glob("p*.png")
    pixels = np.asarray(Image.open(png).convert("RGB")).astype(int)
    red, green, blue = pixels[..., 0], pixels[..., 1], pixels[..., 2]
    hot = (red > 150) & (green < 110) & (blue < 110)  # the hot cells' #b2182b / #d6604d
    dots = (blue > 120) & (red < 60)  # the incidents' #0072B2
    assert hot.sum() > 50 and dots.sum() > 50


def test_members_see_only_cells_with_enough_incidents(demo_db, demo_users, week):
    meeting = MeetingFactory(
        starts_at=dt.datetime.combine(week.monday, dt.time(13), tzinfo=STOCKHOLM)
    )
    picture = weekly_picture_publish(week=week.shift(-1), user=demo_users["samordnare"])

    def pack_map(user) -> str:
        sections = meeting_pack_context(meeting, user=user)["sections"]
        [section] = [s for s in sections if s.key == "lagesbild"]
        return re.search(r"<svg.*?</svg>", section.html, re.S).group(0)

    svg = pack_map(demo_users["ledamot"])
    assert 'class="map-incident"' not in svg and 'class="map-place"' not in svg
    cells = picture.snapshot["hotspots"]["hot_spots"]
    allowed = [c for c in cells if c["count"] >= 3]
    assert len(SQUARE.findall(svg)) == len(allowed) < len(cells)
    exact = pack_map(demo_users["samordnare"])
    assert 'class="map-incident"' in exact and 'class="map-place"' in exact
    assert len(SQUARE.findall(exact)) > len(allowed)


def test_the_annual_report_has_a_map_for_members(demo_db, week):
    context = annual_context(week.iso_year)
    svg = str(context["map_svg"])
    assert SQUARE.findall(svg) and 'class="map-incident"' not in svg
    html = render_document("reports/annual_report.html", context, fmt="html", basename="a")[2]
    assert b'class="rep-map"' in html
