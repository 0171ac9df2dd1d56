"""Approximate area boundaries for the seed, written to lagesbild/seed_data/areas.geojson.

Voronoi cells of the areas' centre points (in a locally equidistant plane), clipped to the
municipality's bounding box and capped in size (city districts 2 km, outlying places
5 km from their centre). Marked as an estimate: replace them with the city's own
division (NYKO) through the admin or a new file. Run once, from the project root:

    .venv/bin/python scripts/area_boundaries.py
"""

import json
import math
import os
import sys
from pathlib import Path

import django
from shapely.geometry import MultiPoint, Point, box
from shapely.ops import voronoi_diagram

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "lagesbild" / "seed_data" / "areas.geojson"
K = math.cos(math.radians(59.6))  # a degree of longitude in degrees of latitude, here
OUTLYING = {"Skultuna", "Hökåsen", "Irsta", "Kvicksund", "Tillberga", "Barkarö", "Dingtuna"}
NOTE = (
    "Ungefärliga gränser (uppskattning): Voronoi-celler kring områdenas mittpunkter, "
    "inte stadens officiella indelning."
)


def main() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "trygghet.settings.local")
    django.setup()
    from lagesbild.seed import AREAS

    centres = {name: (lon * K, lat) for name, _group, lat, lon in AREAS}
    frame = box(16.10 * K, 59.45, 16.95 * K, 59.85)
    cells = voronoi_diagram(MultiPoint(list(centres.values())), envelope=frame)
    features = []
    for name, centre in centres.items():
        cell = next(c for c in cells.geoms if c.contains(Point(centre))).intersection(frame)
        radius = 0.045 if name in OUTLYING else 0.018
        cell = cell.intersection(Point(centre).buffer(radius, quad_segs=8))
        ring = [[round(x / K, 5), round(y, 5)] for x, y in cell.exterior.coords]
        features.append(
            {
                "type": "Feature",
                "properties": {"name": name},
                "geometry": {"type": "Polygon", "coordinates": [ring]},
            }
        )
    collection = {"type": "FeatureCollection", "properties": {"note": NOTE}, "features": features}
    OUT.parent.mkdir(exist_ok=True)
    OUT.write_text(json.dumps(collection, ensure_ascii=False, indent=1) + "\n")
    print(f"{len(features)} areas written to {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
