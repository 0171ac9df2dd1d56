"""The Swedish catalogues are complete and their compiled .mo files are current."""

import subprocess
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parents[2]
CATALOGUES = sorted(
    p for p in ROOT.glob("**/locale/sv/LC_MESSAGES/django.po") if ".venv" not in p.parts
)


def test_there_is_a_catalogue_per_app():
    apps = {p.parts[len(ROOT.parts)] for p in CATALOGUES}
    assert {"councils", "lagesbild", "measures", "budget", "trygghet", "locale"} <= apps


@pytest.mark.parametrize("po_path", CATALOGUES, ids=lambda p: str(p.relative_to(ROOT)))
def test_catalogue_is_complete_and_compiled(po_path):
    po = polib.pofile(str(po_path))
    missing = [e.msgid for e in po.untranslated_entries()] + [e.msgid for e in po.fuzzy_entries()]
    assert missing == [], f"untranslated in {po_path.relative_to(ROOT)}"
    compiled = subprocess.run(
        ["msgfmt", "--check-format", "-o", "-", str(po_path)], capture_output=True, check=True
    ).stdout
    mo_path = po_path.with_suffix(".mo")
    assert mo_path.read_bytes() == compiled, "stale .mo: run `make messages`"
