"""Access in measures, trygghet and the root templates is asked of the capability table.

Roles are named only in councils/permissions.py (and the apps' admin permission lists in
apps.py, which the role groups are synced from).
"""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SCANNED = ("measures", "trygghet", "templates")
ROLE_CHECK = re.compile(
    r"\bRole\.|\bhas_role\b|\broles_of\b|\bRoleRequiredMixin\b|\bHasRole\b|\brole_required\b"
    r"|\brequired_roles\b|\bin roles\b|\bis_samordnare\b|\{% if (not )?roles %\}"
)


def _files():
    for top in SCANNED:
        for path in sorted((ROOT / top).rglob("*")):
            if path.suffix not in {".py", ".html", ".txt"} or "migrations" in path.parts:
                continue
            if path.name == "apps.py":
                continue
            yield path


def test_no_role_checks_outside_the_rulebook():
    hits = [
        f"{path.relative_to(ROOT)}:{n}: {line.strip()}"
        for path in _files()
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if ROLE_CHECK.search(line)
    ]
    assert hits == [], "ask can(user, capability) or {% if can.x.y %} instead"
