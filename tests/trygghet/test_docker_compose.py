"""docker-compose.yml describes the production shape (checked by reading, no engine here)."""

import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]


def test_compose_has_the_production_services():
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    services = compose["services"]
    assert set(services) == {"postgres", "redis", "web", "worker", "beat"}
    assert "gunicorn trygghet.wsgi" in services["web"]["command"]
    assert services["worker"]["command"][:4] == ["celery", "-A", "trygghet", "worker"]
    assert "DatabaseScheduler" in " ".join(services["beat"]["command"])
    for name in ("web", "worker", "beat"):
        env = services[name]["environment"]
        assert env["DJANGO_SETTINGS_MODULE"] == "trygghet.settings.production"
        assert env["DATABASE_URL"].startswith("postgres://")


def _compose_client() -> list[str] | None:
    if (
        shutil.which("docker")
        and subprocess.run(["docker", "compose", "version"], capture_output=True).returncode == 0
    ):
        return ["docker", "compose"]
    return None


def test_compose_config_parses_when_the_client_is_available(tmp_path):
    client = _compose_client()
    if client is None:
        pytest.skip("no docker compose client on this machine")
    env_file = ROOT / ".env"
    created = not env_file.exists()
    if created:
        env_file.write_text("DJANGO_SECRET_KEY=x\nDJANGO_ALLOWED_HOSTS=localhost\n")
    try:
        result = subprocess.run([*client, "config", "-q"], cwd=ROOT, capture_output=True)
    finally:
        if created:
            env_file.unlink()
    assert result.returncode == 0, result.stderr
