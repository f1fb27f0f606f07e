"""/healthz, /readyz and /metrics: what a load balancer and Prometheus read."""

from __future__ import annotations

import pytest

from tests.helpers import bearer


def test_healthz_answers_while_the_process_serves(client):
    response = client.get("/healthz")
    assert response.get_json() == {"status": "ok"}


def test_readyz_reports_database_and_broker_separately(client, app):
    body = client.get("/readyz").get_json()
    assert body["database"] == "ok"
    expected = "ok" if app.config["REDIS_URL"] else "in-process"
    assert body["broker"] == expected
    assert body["status"] == "ok"


def test_readyz_is_503_with_retry_after_when_the_database_is_away(make_app, tmp_path):
    unreachable = make_app(SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path}/no/such/dir/db.sqlite")
    response = unreachable.test_client().get("/readyz")
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "1"
    broker = "ok" if unreachable.config["REDIS_URL"] else "in-process"
    assert response.get_json() == {"status": "down", "database": "down", "broker": broker}


def test_readyz_says_degraded_when_redis_is_down(make_app):
    app = make_app(REDIS_URL="redis://127.0.0.1:1/0", RATELIMIT_STORAGE_URI="memory://")
    response = app.test_client().get("/readyz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "degraded", "database": "ok", "broker": "down"}


def test_metrics_are_closed_without_a_configured_token(client):
    assert client.get("/metrics").status_code == 404
    assert client.get("/metrics", headers=bearer("guess")).status_code == 404


@pytest.fixture
def metrics_client(make_app):
    return make_app(METRICS_TOKEN="s3cret-metrics").test_client()


def test_metrics_need_the_token(metrics_client):
    assert metrics_client.get("/metrics", headers=bearer("wrong")).status_code == 404
    assert metrics_client.get("/metrics").status_code == 404


def sample(client, name: str) -> float:
    """One sample's value on /metrics (0 when absent)."""
    text = client.get("/metrics", headers=bearer("s3cret-metrics")).get_data(as_text=True)
    for line in text.splitlines():
        if line.startswith(name + " "):
            return float(line.rsplit(" ", 1)[1])
    return 0.0


VOTES_OK = 'edcamp_http_requests_total{endpoint="voting_api.cast_vote",method="POST",status="200"}'
VOTE_TIMED = 'edcamp_http_request_seconds_count{endpoint="voting_api.cast_vote"}'


def test_metrics_count_requests_votes_and_open_streams(metrics_client, make_event, make_attendee):
    event = make_event(votes_per_attendee=2)
    _attendee, token = make_attendee(event)
    proposal = metrics_client.post(
        f"/api/v1/events/{event.slug}/proposals",
        json={"title": "Maker spaces"},
        headers=bearer(token),
    ).get_json()["id"]
    before = {name: sample(metrics_client, name) for name in (VOTES_OK, VOTE_TIMED)}

    metrics_client.post(
        f"/api/v1/events/{event.slug}/proposals/{proposal}/vote", headers=bearer(token)
    )
    stream = metrics_client.get(f"/api/v1/events/{event.slug}/board/stream", buffered=False)

    assert sample(metrics_client, "edcamp_votes") == 1
    assert sample(metrics_client, "edcamp_live_streams_open") == 1
    assert sample(metrics_client, "edcamp_outbox_queued") == 0
    assert sample(metrics_client, VOTES_OK) == before[VOTES_OK] + 1
    assert sample(metrics_client, VOTE_TIMED) == before[VOTE_TIMED] + 1
    stream.close()
    assert sample(metrics_client, "edcamp_live_streams_open") == 0
