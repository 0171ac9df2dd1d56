"""Settings that would disagree with stored data are refused at start (system checks)."""

import importlib

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from lagesbild.incident_counts import CELL_SIZE


def test_the_triggers_and_the_code_count_in_the_same_cell_size():
    migration = importlib.import_module("lagesbild.migrations.0006_incident_counts")
    assert float(migration.CELL_SIZE) == CELL_SIZE == 250.0


def test_the_default_cell_size_passes_the_checks(settings):
    settings.HOTSPOT_CELL_SIZE_M = 250.0
    call_command("check")


@pytest.mark.parametrize("size", [500.0, "abc"])
def test_another_hotspot_cell_size_is_refused_with_what_to_do(settings, size):
    settings.HOTSPOT_CELL_SIZE_M = size
    with pytest.raises(SystemCheckError) as exc:
        call_command("check")
    message = str(exc.value)
    assert "lagesbild.E001" in message
    assert "stored in 250 m grid cells" in message
    assert "Set HOTSPOT_CELL_SIZE_M=250" in message and "incident_counts --rebuild" in message
