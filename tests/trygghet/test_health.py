import pytest
from django.db import connection


@pytest.mark.django_db
def test_healthz_reports_each_service(client, redis_url):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"database": "ok", "redis": "ok", "celery": "eager"}


@pytest.mark.django_db
def test_healthz_reports_redis_down_but_stays_200(client, settings):
    # A port where nothing listens: Redis is really unreachable, the database is fine.
    settings.REDIS_URL = "redis://127.0.0.1:1/0"
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["redis"] == "unavailable"


def test_healthz_answers_503_when_the_database_does_not(client, django_db_blocker):
    with django_db_blocker.unblock():
        original = connection.settings_dict["PORT"]
        connection.close()
        connection.settings_dict["PORT"] = "1"  # nothing listens there: a real refusal
        try:
            response = client.get("/healthz")
        finally:
            connection.close()
            connection.settings_dict["PORT"] = original
    assert response.status_code == 503
    assert response.json()["database"] == "error"
