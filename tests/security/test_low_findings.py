"""Smaller findings of the security test (issue 12, "Low"), each with its guard."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from edcamp.extensions import db
from tests.helpers import TEST_PASSWORD, bearer, propose
from tests.publishing.helpers import publish

ROOT = Path(__file__).resolve().parents[2]
EVIL = [
    "//evil.example",
    "https://evil.example/x",
    "/\\evil.example",
    "\\\\evil.example",
    "javascript:alert(1)",
    "/%0d%0aevil",
    "/\t/evil.example",
]


def stays_here(response) -> bool:
    target = urlsplit(response.headers.get("Location", ""))
    return (
        not target.scheme
        and not target.netloc
        and target.path.startswith("/")
        and (not target.path.startswith("//") and "\\" not in target.path)
    )


def test_every_next_parameter_in_the_code_goes_through_safe_next():
    """Walks the source: a `next` read anywhere must be checked by urls.safe_next."""
    reads = []
    for path in (ROOT / "edcamp").rglob("*.py"):
        for line in path.read_text().splitlines():
            if re.search(r"""\.get\(\s*["']next["']""", line):
                reads.append((path.name, line.strip()))
    unchecked = [read for read in reads if "safe_next(" not in read[1]]
    assert reads, "no next parameter found: this walk is out of date"
    assert unchecked == []


@pytest.mark.parametrize("target", EVIL)
def test_the_star_form_next_stays_on_the_site(client, make_event, join_as, target):
    event = make_event()
    join_as(event)

    response = client.post(
        f"/events/{event.slug}/sessions/1/star", data={"starred": "1", "next": target}
    )

    assert response.status_code in (302, 404)
    if response.status_code == 302:
        assert stays_here(response), response.headers["Location"]


@pytest.mark.parametrize("target", EVIL)
def test_login_and_join_next_stay_on_the_site(client, make_event, make_organizer, target):
    organizer = make_organizer()
    event = make_event(organizer)

    login = client.post(
        "/login",
        query_string={"next": target},
        data={"email": organizer.email, "password": TEST_PASSWORD},
    )
    client.post("/logout")
    joined = client.post(
        f"/events/{event.slug}/join",
        query_string={"next": target},
        data={"code": event.join_code, "name": "Pat"},
    )

    assert stays_here(login), login.headers["Location"]
    assert stays_here(joined), joined.headers["Location"]


def test_hidden_proposals_are_not_readable_on_the_checkin_page(
    client, make_event, make_attendee, join_as
):
    event = make_event()
    _host, token = make_attendee(event)
    [proposal_id] = propose(client, event, token, "Secret moderated title")
    from edcamp.models import Proposal

    db.session.get(Proposal, proposal_id).hidden = True
    db.session.commit()
    join_as(event)

    page = client.get(f"/events/{event.slug}/sessions/{proposal_id}/checkin")
    api = client.put(
        f"/api/v1/events/{event.slug}/sessions/{proposal_id}/checkin", headers=bearer(token)
    )

    assert page.status_code == 404
    assert "Secret moderated title" not in page.get_data(as_text=True)
    assert api.status_code == 404


def test_deleting_a_room_answers_204_without_a_content_type(
    client, make_event, make_organizer, organizer_token
):
    organizer = make_organizer()
    event = make_event(organizer)
    room = event.rooms[0]

    response = client.delete(
        f"/api/v1/events/{event.slug}/rooms/{room.id}", headers=bearer(organizer_token(organizer))
    )

    assert response.status_code == 204
    assert "Content-Type" not in response.headers
    assert response.data == b""


def test_room_and_session_feed_file_names_end_in_one_ics(client, make_event, make_attendee):
    event = make_event(slug="names")
    host, token = make_attendee(event)
    [proposal_id] = propose(client, event, token, "Robots")
    from edcamp.models import Proposal

    publish(event, [(db.session.get(Proposal, proposal_id), event.rooms[0], event.slots[0])])

    for path in (
        f"/events/names/rooms/{event.rooms[0].id}/schedule.ics",
        f"/events/names/sessions/{proposal_id}/calendar.ics",
        "/events/names/schedule.ics",
    ):
        disposition = client.get(path).headers["Content-Disposition"]
        name = re.search(r'filename="([^"]+)"', disposition).group(1)
        assert name.endswith(".ics"), name
        assert not name.endswith(".ics.ics"), name


@pytest.mark.parametrize(
    ("path", "method", "field"),
    [
        ("/api/v1/events/{slug}/proposals", "get", "proposals"),
        ("/api/v1/events/{slug}/proposals/duplicates", "get", "pairs"),
        ("/api/v1/events/{slug}/resources", "get", "resources"),
        ("/api/v1/events/{slug}/board", "get", "proposals"),
    ],
)
def test_openapi_types_lists_of_objects_as_such(client, path, method, field):
    spec = client.get("/api/v1/openapi.json").get_json()

    operation = spec["paths"][path][method]
    answer = next(r for code, r in operation["responses"].items() if code.startswith("2"))
    schema = answer["content"]["application/json"]["schema"]["properties"][field]

    assert schema == {"type": "array", "items": {"type": "object"}}


def test_control_characters_and_bidi_overrides_never_reach_a_calendar(
    client, make_event, make_attendee, join_as
):
    event = make_event(slug="bidi")
    _host, token = make_attendee(event)
    from tests.helpers import propose as api_propose

    [api_id] = api_propose(client, event, token, "Evil\u202etxt.exe\x1b[31m\x01 maths")
    join_as(event, name="Pat\u202e Teacher\x1b")
    client.post(
        "/events/bidi/propose",
        data={"title": "Form\u2066 title\x07", "facilitating": "yes"},
    )
    from edcamp.models import Attendee, Proposal

    titles = sorted(p.title for p in db.session.query(Proposal))
    names = sorted(a.name for a in db.session.query(Attendee))
    assert titles == ["Eviltxt.exe[31m maths", "Form title"]
    assert "Pat Teacher" in names
    proposals = {p.title: p for p in db.session.query(Proposal)}
    publish(event, [(proposals["Form title"], event.rooms[0], event.slots[0])])
    feed = client.get("/events/bidi/schedule.ics").get_data(as_text=True)
    assert not re.search("[\x01-\x08\x1b\u202a-\u202e\u2066-\u2069]", feed)
    assert api_id
