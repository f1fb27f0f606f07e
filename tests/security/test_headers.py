"""Security headers: a CSP without inline script, no framing but for the embed page,
nosniff, a Referrer-Policy, no-store on personal answers; plain HTTP stays the default."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.helpers import TEST_PASSWORD, bearer

ROOT = Path(__file__).resolve().parents[2]


def csp(response) -> dict[str, str]:
    header = response.headers["Content-Security-Policy"]
    return dict(part.strip().split(" ", 1) for part in header.split(";"))


def test_pages_get_a_csp_without_inline_script_and_no_framing(client, make_event):
    event = make_event()

    response = client.get(f"/events/{event.slug}/join")

    policy = csp(response)
    assert policy["script-src"] == "'self'"
    assert "unsafe-inline" not in response.headers["Content-Security-Policy"]
    assert policy["frame-ancestors"] == "'none'"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"


def test_the_embeddable_schedule_is_the_one_framable_page(client, make_event):
    event = make_event()

    response = client.get(f"/events/{event.slug}/embed")

    assert response.status_code == 200
    policy = csp(response)
    assert policy["frame-ancestors"] == "*"
    assert policy["script-src"] == "'self'"  # the rest of the policy still holds
    assert "X-Frame-Options" not in response.headers


def test_json_answers_and_feeds_carry_the_headers_too(client, make_event):
    event = make_event()

    for path in (f"/api/v1/events/{event.slug}", f"/events/{event.slug}/schedule.ics"):
        response = client.get(path)
        assert response.headers["X-Content-Type-Options"] == "nosniff", path
        assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"], path


def test_personal_answers_are_not_stored(client, make_event, make_attendee, make_organizer):
    event = make_event()
    _attendee, token = make_attendee(event)
    organizer = make_organizer()

    me = client.get(f"/api/v1/events/{event.slug}/me", headers=bearer(token))
    exchanged = client.post(
        "/api/v1/token", json={"email": organizer.email, "password": TEST_PASSWORD}
    )
    client.post(f"/events/{event.slug}/join", data={"code": event.join_code, "name": "Pat"})
    page = client.get(f"/events/{event.slug}/me")
    connect = client.get(f"/events/{event.slug}/me/connect")

    for response in (me, exchanged, page, connect):
        assert response.status_code == 200
        assert response.headers["Cache-Control"] == "no-store"


def test_public_feeds_keep_their_own_caching(client, make_event):
    event = make_event()

    response = client.get(f"/events/{event.slug}/schedule.ics")

    assert response.headers["Cache-Control"] == "public, max-age=0, must-revalidate"


def test_plain_http_is_the_default_and_gets_no_hsts(client):
    response = client.get("/healthz", base_url="http://laptop.local")

    assert response.status_code == 200
    assert "Strict-Transport-Security" not in response.headers
    assert "Secure" not in response.headers.get("Set-Cookie", "")


def test_force_https_redirects_and_sends_hsts(make_app):
    app = make_app(FORCE_HTTPS=True)
    client = app.test_client()

    plain = client.get("/healthz", base_url="http://edcamp.example")
    secure = client.get("/healthz", base_url="https://edcamp.example")

    assert plain.status_code in (301, 302)
    assert plain.headers["Location"].startswith("https://")
    assert "max-age=" in secure.headers["Strict-Transport-Security"]


TEMPLATES = sorted((ROOT / "templates").rglob("*.html"))


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_template_has_inline_script(template):
    html = template.read_text()

    scripts = re.findall(r"<script\b([^>]*)>", html)
    inline = [attrs for attrs in scripts if "src=" not in attrs and "application/json" not in attrs]
    handlers = re.findall(r"<[^>]*\son[a-z]+\s*=", html)
    javascript_urls = re.findall(r"""(?:href|action)\s*=\s*["']\s*javascript:""", html, re.I)
    assert (inline, handlers, javascript_urls) == ([], [], [])
