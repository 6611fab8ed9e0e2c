from __future__ import annotations

import os

import pytest

from tests.conftest import get_in_thread


@pytest.mark.django_db
def test_health_reports_database_and_cache(client):
    response = get_in_thread(client, "/health/", HTTP_ACCEPT="application/json")
    body = response.json()
    assert any("Database" in key for key in body) and any("Cache" in key for key in body)
    if os.environ.get("REDIS_URL"):
        # With a broker configured the Celery workers are checked too; none runs in this test.
        assert any("Ping" in key or "Celery" in key for key in body)
        assert response.status_code == 500
    else:
        assert response.status_code == 200
