"""PostgreSQL drops every connection (a restart, a failover): clean 503s, then service.

``pg_terminate_backend`` ends the app's connections as a restart does, without stopping
the server other test runs share.
"""

from __future__ import annotations

import os
import time

import pytest
from sqlalchemy import create_engine, func, select, text
from sqlalchemy.pool import NullPool

from edcamp.extensions import db
from edcamp.models import Vote
from tests.helpers import bearer

pytestmark = pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="needs PostgreSQL (DATABASE_URL)",
)


def terminate_app_connections() -> int:
    """End every other connection to this database (the app's pool); the number ended."""
    outside = create_engine(db.engine.url, poolclass=NullPool)  # not one of the pool's
    with outside.connect() as admin:
        ended = admin.execute(
            text(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
        ).scalar_one()
        admin.commit()
    outside.dispose()
    return ended


def test_killed_connections_give_503_or_success_never_500_and_no_vote_is_lost(
    client, make_event, make_attendee
):
    event = make_event(votes_per_attendee=5)
    _attendee, token = make_attendee(event)
    ids = [
        client.post(
            f"/api/v1/events/{event.slug}/proposals", json={"title": f"T{n}"}, headers=bearer(token)
        ).get_json()["id"]
        for n in range(5)
    ]
    db.session.remove()
    assert terminate_app_connections() >= 1

    acked, answers, started = 0, [], time.monotonic()
    for proposal in ids:
        response = client.post(
            f"/api/v1/events/{event.slug}/proposals/{proposal}/vote", headers=bearer(token)
        )
        answers.append(response.status_code)
        if response.status_code == 503:
            assert response.headers["Retry-After"]
            response = client.post(
                f"/api/v1/events/{event.slug}/proposals/{proposal}/vote", headers=bearer(token)
            )
        acked += response.status_code == 200

    assert set(answers) <= {200, 503}
    assert acked == len(ids)
    assert time.monotonic() - started < 5
    db.session.remove()
    assert db.session.scalar(select(func.count()).select_from(Vote)) == acked
    assert client.get("/readyz").get_json()["database"] == "ok"
