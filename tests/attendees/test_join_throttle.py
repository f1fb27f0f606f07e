"""Joins and code look-ups are throttled per address and per event, but a whole school
behind one NAT address still gets in; organizers watch the rate, close joining, rotate the code."""

from __future__ import annotations

import pytest

from edcamp.extensions import db
from edcamp.models import Attendee, Event
from tests.helpers import bearer, error_code


def join(client, event, name="Someone", code=None, address="203.0.113.7"):
    return client.post(
        f"/api/v1/events/{event.slug}/join",
        json={"join_code": code or event.join_code, "name": name},
        environ_base={"REMOTE_ADDR": address},
    )


@pytest.mark.slow
def test_a_school_behind_one_address_gets_400_people_in(client, make_event):
    event = make_event()

    answers = [join(client, event, f"Teacher {n}").status_code for n in range(400)]

    assert answers == [201] * 400
    assert db.session.query(Attendee).filter_by(event_id=event.id).count() == 400


def test_joins_per_address_are_limited(app, client, make_event):
    app.config["JOIN_RATE_PER_ADDRESS"] = "5 per minute"
    event = make_event()
    try:
        answers = [join(client, event, f"Fake {n}").status_code for n in range(7)]
        other_address = join(client, event, "Real person", address="198.51.100.9")
        late = join(client, event, "Late")
    finally:
        app.config.pop("JOIN_RATE_PER_ADDRESS")

    assert answers == [201] * 5 + [429, 429]
    assert other_address.status_code == 201
    assert error_code(late) == "too_many_requests"


def test_joins_per_event_are_limited_across_addresses(app, client, make_event):
    app.config["JOIN_RATE_PER_EVENT"] = "3 per minute"
    event, elsewhere = make_event(), make_event()
    try:
        answers = [join(client, event, address=f"192.0.2.{n}").status_code for n in range(5)]
        other_event = join(client, elsewhere, address="192.0.2.99")
    finally:
        app.config.pop("JOIN_RATE_PER_EVENT")

    assert answers == [201] * 3 + [429, 429]
    assert other_event.status_code == 201


def test_wrong_codes_run_out_but_right_ones_do_not_count(app, client, make_event):
    app.config["CODE_FAILURES_PER_ADDRESS"] = "3 per minute"
    event = make_event()
    try:
        good = [join(client, event, f"Real {n}").status_code for n in range(5)]
        wrong = [join(client, event, code="WRONGCODE").status_code for _ in range(4)]
        page = client.get("/join?code=NOPE1234", environ_base={"REMOTE_ADDR": "203.0.113.7"})
    finally:
        app.config.pop("CODE_FAILURES_PER_ADDRESS")

    assert good == [201] * 5
    assert wrong == [403, 403, 403, 429]
    assert page.status_code == 429


def test_code_lookups_on_the_short_link_page_are_limited(app, client, make_event):
    app.config["CODE_FAILURES_PER_ADDRESS"] = "3 per minute"
    make_event()
    try:
        answers = [client.get(f"/join?code=BAD{n}").status_code for n in range(5)]
    finally:
        app.config.pop("CODE_FAILURES_PER_ADDRESS")

    assert answers == [422, 422, 422, 429, 429]


def test_organizers_close_joining_and_see_joins_per_minute(
    client, make_event, make_organizer, organizer_token
):
    organizer = make_organizer()
    event = make_event(organizer)
    headers = bearer(organizer_token(organizer))
    for n in range(3):
        join(client, event, f"Teacher {n}")

    seen = client.get(f"/api/v1/events/{event.slug}", headers=headers).get_json()
    closed = client.patch(
        f"/api/v1/events/{event.slug}", json={"joining": "closed"}, headers=headers
    )
    refused = join(client, event, "Too late")

    assert seen["joins"]["last_minute"] == 3
    assert seen["joins"]["per_minute"][-1] == 3
    assert closed.get_json()["joining"] == "closed"
    assert refused.status_code == 403
    assert error_code(refused) == "joining_closed"
    assert "joins" not in client.get(f"/api/v1/events/{event.slug}").get_json()


def test_rotating_the_code_stops_the_old_one(client, make_event, make_organizer, organizer_token):
    organizer = make_organizer()
    event = make_event(organizer)
    old = event.join_code

    answer = client.post(
        f"/api/v1/events/{event.slug}/join-code", headers=bearer(organizer_token(organizer))
    )

    new = answer.get_json()["join_code"]
    assert new != old
    assert join(client, event, code=old).status_code == 403
    assert join(client, event, code=new).status_code == 201


def test_the_manage_page_shows_the_rate_and_closes_joining(client, make_event, login):
    event = make_event()
    old_code = event.join_code
    login(event.organizers[0])
    join(client, event, "Teacher")

    page = client.get(f"/events/{event.slug}/manage").get_data(as_text=True)
    client.post(f"/events/{event.slug}/joining", data={"joining": "closed"})
    client.post(f"/events/{event.slug}/join-code")

    assert "Joined in the last minute: <strong data-joins-last-minute>1</strong>" in page
    db.session.expire_all()
    refreshed = db.session.get(Event, event.id)
    assert refreshed.joining_open is False
    assert refreshed.join_code != old_code
