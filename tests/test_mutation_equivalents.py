"""The kept list of equivalent mutants (tests/mutation_equivalents.txt) still names real
mutants: a line moved by an edit would otherwise silently count a live mutant as
equivalent, or leave an equivalent one counted against the score."""

import functools
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
KEPT = ROOT / "tests" / "mutation_equivalents.txt"


def _entries():
    for number, line in enumerate(KEPT.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip() and not line.startswith("#"):
            key, _, reason = line.partition("#")
            module, line_number, description = key.strip().split(":", 2)
            yield number, module, int(line_number), description, reason.strip()


@pytest.mark.parametrize("entry", list(_entries()), ids=lambda e: f"{e[1]}:{e[2]}:{e[3]}")
def test_each_kept_equivalent_is_a_mutant_the_tool_makes_there(entry):
    number, module, line_number, description, reason = entry
    assert (line_number, description) in _mutants(module), (
        f"line {number} of {KEPT.name}: {module} has no '{description}' mutant on line "
        f"{line_number}; find where the line went"
    )
    assert len(reason) > 20, f"line {number} of {KEPT.name}: say why it is equivalent"


@functools.cache
def _mutants(module: str) -> frozenset[tuple[int, str]]:
    """(line, description) of every mutant pytest-gremlins makes of `module`."""
    from pytest_gremlins.instrumentation.transformer import transform_source

    path = ROOT / (module.replace(".", "/") + ".py")
    gremlins, _tree = transform_source(path.read_text(encoding="utf-8"), str(path))
    return frozenset((g.line_number, g.description) for g in gremlins)
