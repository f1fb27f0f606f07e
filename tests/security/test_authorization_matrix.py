"""Every route x every role, against the declarations in ``access.py``.

A new route without a declaration fails ``test_every_route_is_declared``; a route that lets a
role through that its declaration does not name, or turns away one it names, fails its own
case. Each role that should get through gets a fresh world, so one role's successful DELETE
cannot make the next one's answer a 404.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest

from edcamp.extensions import db, limiter
from tests.conftest import _empty_tables

from .access import ACCESS, ROLES
from .world import VALUES, World, build_world, client_as

HOW_TO_DECLARE = (
    "Declare each route in tests/security/access.py (ACCESS: 'METHOD /rule' -> roles), and "
    "give any new URL variable a value in tests/security/world.py (VALUES)."
)


def app_routes(app) -> set[str]:
    return {
        f"{method} {rule.rule}"
        for rule in app.url_map.iter_rules()
        if rule.endpoint != "static"
        for method in rule.methods - {"HEAD", "OPTIONS"}
    }


def test_every_route_is_declared(app):
    routes = app_routes(app)

    missing = sorted(routes - set(ACCESS))
    stale = sorted(set(ACCESS) - routes)

    assert missing == [], f"{HOW_TO_DECLARE} Undeclared: {missing}"
    assert stale == [], f"These declarations name routes that no longer exist: {stale}"


def turned_away(response) -> bool:
    """401, 403, 404, or sent to sign in (with a way back) or to join the event."""
    if response.status_code in (401, 403, 404):
        return True
    if response.status_code in (301, 302, 303, 307, 308):
        target = urlsplit(response.headers.get("Location", ""))
        return (target.path == "/login" and "next=" in target.query) or bool(
            re.fullmatch(r"/events/[^/]+/join", target.path)
        )
    return False


def _url(app, world: World, method: str, rule: str) -> str:
    [matched] = [r for r in app.url_map.iter_rules() if r.rule == rule and method in r.methods]
    missing = [name for name in matched.arguments if name not in VALUES]
    assert not missing, f"No value for {missing} in tests/security/world.py VALUES"
    values = {name: VALUES[name](world, rule) for name in matched.arguments}
    return app.url_map.bind("localhost").build(matched.endpoint, values, method=method)


def call(app, world: World, role: str, method: str, rule: str):
    api = rule.startswith("/api/")
    url = _url(app, world, method, rule)
    body = {} if method == "GET" else ({"json": {}} if api else {"data": {}})
    db.session.commit()  # reading the world began a transaction: let go of the database
    # A context of its own, as in production: nothing (g, the signed-in user) carries over
    # from the previous role's request.
    with app.app_context():
        client, headers = client_as(app, world, role, api=api)
        response = client.open(url, method=method, headers=headers, buffered=False, **body)
        response.close()  # streams (SSE) end here
    return response


def fresh_world() -> World:
    db.session.rollback()
    db.session.remove()
    _empty_tables()
    limiter.reset()
    return build_world()


@pytest.mark.parametrize("route", sorted(ACCESS))
def test_route_lets_through_exactly_the_declared_roles(app, route):
    method, rule = route.split(" ", 1)
    allowed = ACCESS[route]
    world = build_world()
    wrong = {}
    for role in [r for r in ROLES if r not in allowed]:
        response = call(app, world, role, method, rule)
        if not turned_away(response):
            wrong[role] = f"got through with {response.status_code}"
    for number, role in enumerate(r for r in ROLES if r in allowed):
        if method != "GET" and number:  # a role's successful write must not sway the next
            world = fresh_world()
        response = call(app, world, role, method, rule)
        if turned_away(response) or response.status_code >= 500:
            wrong[role] = f"turned away with {response.status_code}"
    assert wrong == {}
