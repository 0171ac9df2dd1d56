"""`.env.example` documents every environment variable the settings read."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_every_setting_read_from_the_environment_is_documented():
    read = set()
    for module in (ROOT / "trygghet" / "settings").glob("*.py"):
        read |= set(re.findall(r'env(?:\.[a-z]+)?\(\s*"([A-Z_]+)"', module.read_text()))
        read |= set(re.findall(r'_required\("([A-Z_]+)"\)', module.read_text()))
    documented = set(re.findall(r"^([A-Z_]+)=", (ROOT / ".env.example").read_text(), re.M))
    assert read, "found no environment variables: the pattern is wrong"
    assert sorted(read - documented) == []
