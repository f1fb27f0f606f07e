"""Ids in URLs and the reverse-proxy setting."""

from __future__ import annotations

import pytest

from edcamp import create_app


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/events/{slug}/rooms/99999999999999999999",
        "/api/v1/events/{slug}/slots/2147483648",
        "/api/v1/events/{slug}/proposals/99999999999999999999/vote",
    ],
)
def test_ids_beyond_the_database_range_are_404_not_500(client, make_event, path):
    event = make_event()
    method = "delete" if "rooms" in path or "slots" in path else "post"

    response = getattr(client, method)(path.format(slug=event.slug))

    # The route matches (no 405 from a sibling rule), and the unknown id is a plain 404
    # (or 401 when the route first asks who is calling); never an overflow.
    assert response.status_code in (401, 404)
    assert set(response.get_json()) == {"error"}


def test_proxy_hops_trust_forwarded_headers(test_config, monkeypatch):
    monkeypatch.setenv("PROXY_HOPS", "1")
    app = create_app({**test_config})
    seen = {}

    @app.get("/__whoami")
    def whoami():
        from flask import request

        seen.update(addr=request.remote_addr, scheme=request.scheme, host=request.host)
        return "ok"

    app.test_client().get(
        "/__whoami",
        headers={
            "X-Forwarded-For": "203.0.113.9",
            "X-Forwarded-Proto": "https",
            "X-Forwarded-Host": "edcamp.example.org",
        },
    )

    assert seen == {"addr": "203.0.113.9", "scheme": "https", "host": "edcamp.example.org"}


def test_without_proxy_hops_forwarded_headers_are_ignored(test_config, monkeypatch):
    monkeypatch.delenv("PROXY_HOPS", raising=False)
    app = create_app({**test_config})
    seen = {}

    @app.get("/__whoami2")
    def whoami():
        from flask import request

        seen.update(addr=request.remote_addr)
        return "ok"

    app.test_client().get("/__whoami2", headers={"X-Forwarded-For": "203.0.113.9"})

    assert seen == {"addr": "127.0.0.1"}
