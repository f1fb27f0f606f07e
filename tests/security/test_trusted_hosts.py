"""No absolute link comes from a forged Host header (edcamp.hosts).

A forged ``Host: evil.example`` must be a clean 400 (never a 500) whenever links would be
built from the request's host: with ``TRUSTED_HOSTS`` set, and with neither it nor
``EDCAMP_BASE_URL`` set outside debug (then only this machine's names and addresses count).
Tested with the test client and with a real gunicorn.
"""

from __future__ import annotations

import json
import socket

import pytest
from sqlalchemy import func, select

from edcamp import config as config_module
from edcamp.extensions import db
from edcamp.hosts import machine_names
from edcamp.models import Attendee, OutboxMail, utcnow
from tests.servers import gunicorn

MESSAGE = "This server does not answer to that host name."  # English: no ?lang=

EVIL = "http://evil.example"


def _join(client, event, base_url: str):
    return client.post(
        f"/api/v1/events/{event.slug}/join",
        json={"join_code": event.join_code, "name": "Ada"},
        base_url=base_url,
    )


def _attendees() -> int:
    db.session.commit()
    return db.session.scalar(select(func.count(Attendee.id)))


def _sign_in_mails() -> list[OutboxMail]:
    db.session.commit()  # another app wrote it: end this session's snapshot
    return list(db.session.scalars(select(OutboxMail).where(OutboxMail.kind == "attendee_sign_in")))


def _assert_refused(response, *, api: bool) -> None:
    assert response.status_code == 400, response.data[:300]
    assert response.headers["Cache-Control"] == "no-store"
    assert b"evil.example" not in response.data
    if api:
        assert response.get_json() == {"error": {"code": "untrusted_host", "message": MESSAGE}}
    else:
        assert response.mimetype == "text/html"
        assert MESSAGE.encode() in response.data


@pytest.fixture
def trusting(make_app):
    """An app that answers edcamp.example.org and any *.school.org, without a base URL."""
    return make_app(TRUSTED_HOSTS=["edcamp.example.org", ".school.org"], EDCAMP_BASE_URL=None)


def test_a_forged_host_is_a_clean_400_on_every_kind_of_route(trusting, make_event):
    event = make_event()
    client = trusting.test_client()
    for path in (
        "/",
        f"/events/{event.slug}/schedule",
        f"/events/{event.slug}/schedule.ics",
        "/no/such/page",  # routing never ran: the 404 must not become a 500 either
        f"/events/{event.slug}/join",
    ):
        _assert_refused(client.get(path, base_url=EVIL), api=False)
    _assert_refused(client.post("/login", data={"email": "x"}, base_url=EVIL), api=False)
    _assert_refused(_join(client, event, EVIL), api=True)
    _assert_refused(client.get("/api/v1/openapi.json", base_url=EVIL), api=True)
    assert _attendees() == 0  # nothing ran behind the refusal


def test_trusted_hosts_build_the_links(trusting, make_event):
    event = make_event()
    client = trusting.test_client()
    joined = _join(client, event, "http://edcamp.example.org")
    assert joined.status_code == 201, joined.get_json()
    assert joined.get_json()["feed_url"].startswith("http://edcamp.example.org/feeds/")
    # A leading dot trusts the subdomains (and the name itself); the port does not matter.
    joined = _join(client, event, "https://edcamp.school.org:8443")
    assert joined.get_json()["feed_url"].startswith("https://edcamp.school.org:8443/feeds/")
    assert _join(client, event, "http://school.org").status_code == 201
    _assert_refused(_join(client, event, "http://evilschool.org"), api=True)
    _assert_refused(_join(client, event, "http://edcamp.example.org.evil.example"), api=True)


def test_a_forged_host_cannot_put_its_address_into_a_sign_in_mail(
    trusting, make_event, make_attendee
):
    """The attack the check is for: "send me my link" for someone else's address, from a
    forged host, would mail them a real sign-in link pointing at the attacker."""
    event = make_event()
    attendee, _ = make_attendee(event, email="ada@school.test")
    attendee.email_confirmed_at = utcnow()
    db.session.commit()
    client = trusting.test_client()
    asked = client.post(
        f"/api/v1/events/{event.slug}/attendee-link",
        json={"email": "ada@school.test"},
        base_url=EVIL,
    )
    _assert_refused(asked, api=True)
    assert _sign_in_mails() == []
    asked = client.post(
        f"/api/v1/events/{event.slug}/attendee-link",
        json={"email": "ada@school.test"},
        base_url="https://edcamp.example.org",
    )
    assert asked.status_code == 202
    [mail] = _sign_in_mails()
    assert f"https://edcamp.example.org/events/{event.slug}/signin/" in mail.body_text


def test_without_a_base_url_outside_debug_only_this_machine_is_trusted(make_app, make_event):
    app = make_app(TESTING=False, EDCAMP_BASE_URL=None)
    event = make_event()
    client = app.test_client()
    _assert_refused(_join(client, event, EVIL), api=True)
    _assert_refused(client.get(f"/events/{event.slug}/schedule", base_url=EVIL), api=False)
    for name in machine_names():
        joined = _join(client, event, f"http://{name}:8000")
        assert joined.status_code == 201, (name, joined.data[:300])
        assert joined.get_json()["feed_url"].startswith(f"http://{name}:8000/feeds/")
    assert socket.gethostname().lower() in machine_names()


def test_with_a_base_url_any_host_is_answered_and_links_never_use_it(make_app, make_event):
    app = make_app(TESTING=False, EDCAMP_BASE_URL="https://edcamp.example.org")
    event = make_event()
    joined = _join(app.test_client(), event, EVIL)
    assert joined.status_code == 201
    assert joined.get_json()["feed_url"].startswith("https://edcamp.example.org/feeds/")


def test_debug_answers_any_host(make_app, make_event):
    app = make_app(TESTING=False, DEBUG=True, EDCAMP_BASE_URL=None)
    joined = _join(app.test_client(), make_event(), "http://laptop.example:5000")
    assert joined.get_json()["feed_url"].startswith("http://laptop.example:5000/feeds/")


def test_trusted_hosts_come_from_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("TRUSTED_HOSTS", " Edcamp.Example.org, .school.org ,")
    loaded = config_module.load(tmp_path)
    assert loaded["TRUSTED_HOSTS"] == ["edcamp.example.org", ".school.org"]
    monkeypatch.delenv("TRUSTED_HOSTS")
    assert config_module.load(tmp_path)["TRUSTED_HOSTS"] is None


@pytest.mark.slow
def test_gunicorn_refuses_a_forged_host_and_answers_its_own_address(app, make_event):
    """Production settings, no EDCAMP_BASE_URL: 127.0.0.1 (the address the connection came
    in on) builds the links; a forged Host is a 400 on every worker."""
    event = make_event()
    join = f"/api/v1/events/{event.slug}/join"
    body = json.dumps({"join_code": event.join_code, "name": "Ada"}).encode()
    headers = {"Content-Type": "application/json"}
    with gunicorn(app, EDCAMP_BASE_URL=None, TRUSTED_HOSTS=None) as server:
        for _ in range(4):  # both workers
            status, answer_headers, answer = server.request(
                "POST", join, host="evil.example", headers=headers, body=body
            )
            assert status == 400, answer
            assert json.loads(answer)["error"]["code"] == "untrusted_host"
            status, _, page = server.request("GET", f"/events/{event.slug}", host="evil.example")
            assert status == 400
            assert MESSAGE.encode() in page
        status, _, answer = server.request("POST", join, headers=headers, body=body)
        assert status == 201, answer
        assert json.loads(answer)["feed_url"].startswith(f"http://127.0.0.1:{server.port}/")


@pytest.mark.slow
def test_gunicorn_with_trusted_hosts_answers_only_those(app, make_event):
    event = make_event()
    trusted = "edcamp.example.org"
    with gunicorn(app, host=trusted, EDCAMP_BASE_URL=None, TRUSTED_HOSTS=trusted) as server:
        page = f"/events/{event.slug}"
        assert server.request("GET", page)[0] == 200
        assert server.request("GET", page, host="evil.example")[0] == 400
        own_address = f"127.0.0.1:{server.port}"  # not on the list: probes must send a name
        assert server.request("GET", "/healthz", host=own_address)[0] == 400
