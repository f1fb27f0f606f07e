"""The privacy sweep for what comes after the day (#15): feedback, connections, partner
classes, reflections and the learning record, the follow-up mail, the report.

The sweep's people (``people.py``) act through the API: Quinn, who consented to nothing,
leaves feedback with a comment and writes a reflection; Erin asks Nadia to connect (Nadia
accepts), lists a partner class, reflects, gives feedback and gets her record link; the
organizer sends the follow-up mail. Then every output someone else reads must hold nothing
of Quinn, and after Erin's self-delete or the organizer's purge nothing of Erin: not her
connection, her listing, her comment, her record link, nor mail still waiting to reach her.
"""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from edcamp.extensions import db
from edcamp.models import Attendee, OutboxMail, utcnow
from tests.helpers import TEST_PASSWORD, bearer

from .people import Sweep, build_sweep, leaks

QUINN_SAYS = "The pacing felt rushed"
ERIN_SAYS = "Loved the glazing demo"


@pytest.fixture
def sweep(make_event, organizer_token) -> Sweep:
    sweep = build_sweep(make_event)
    sweep.organizer_token = organizer_token(sweep.event.organizers[0])
    for key in ("nadia", "erin", "quinn"):
        db.session.get(Attendee, sweep.people[key].id).email_confirmed_at = utcnow()
    db.session.commit()
    return sweep


def _ok(response, *statuses):
    assert response.status_code in (statuses or (200, 201, 202)), response.get_data(as_text=True)
    return response.get_json()


def _act(client, sweep: Sweep) -> dict:
    """Everyone's after-the-day activity, through the API."""
    s, people = sweep.slug, sweep.people
    quiet, named, erased = sweep.session_ids
    quinn, nadia, erin = (bearer(people[k].token) for k in ("quinn", "nadia", "erin"))
    feedback = f"/api/v1/events/{s}/sessions/{named}/feedback"
    _ok(client.put(feedback, json={"useful": False, "comment": QUINN_SAYS}, headers=quinn))
    _ok(client.put(feedback, json={"useful": True, "comment": ERIN_SAYS}, headers=erin))
    reflection = {"learned": "Wait time matters", "will_try": "Exit tickets", "on_record": True}
    _ok(client.put(f"/api/v1/events/{s}/me/reflections/{quiet}", json=reflection, headers=quinn))
    _ok(client.put(f"/api/v1/events/{s}/me/reflections/{erased}", json=reflection, headers=erin))
    listing = {"subject": "Art", "grade_levels": ["3-5"], "idea": "Pen pals in clay"}
    _ok(client.put(f"/api/v1/events/{s}/me/partner-class", json=listing, headers=erin))
    _ok(client.put(f"/api/v1/events/{s}/me/partner-class", json=listing, headers=nadia))
    asked = _ok(
        client.post(
            f"/api/v1/events/{s}/connections",
            json={"to": people["nadia"].id, "message": "Clay?", "share": ["email"]},
            headers=erin,
        )
    )
    _ok(client.post(f"/api/v1/events/{s}/connections/{asked['id']}/accept", headers=nadia))
    record = _ok(client.post(f"/api/v1/events/{s}/me/record-link", headers=erin))
    sent = _ok(
        client.post(f"/api/v1/events/{s}/follow-up/send", headers=bearer(sweep.organizer_token))
    )
    assert sent["queued"] == 3
    return {"erin_record": record["verify_url"]}


def _outputs(client, sweep: Sweep) -> dict[str, str]:
    """What others read: Nadia (a facilitator, Erin's connection), and the organizer."""
    s, named = sweep.slug, sweep.session_ids[1]
    nadia = bearer(sweep.people["nadia"].token)
    organizer = bearer(sweep.organizer_token)
    api = f"/api/v1/events/{s}"
    reads = {
        f"{api}/sessions/{named}/feedback": nadia,
        f"{api}/me/connections": nadia,
        f"{api}/me/connection-requests": nadia,
        f"{api}/partner-classes": nadia,
        f"{api}/me/record": nadia,
        f"{api}/report": organizer,
        f"{api}/follow-up": organizer,
    }
    bodies = {path: _ok(client.get(path, headers=headers), 200) for path, headers in reads.items()}
    bodies = {path: json.dumps(body) for path, body in bodies.items()}
    organizer_email = sweep.event.organizers[0].email
    client.post("/login", data={"email": organizer_email, "password": TEST_PASSWORD})
    for page in (f"/events/{s}/report", f"/events/{s}/follow-up", f"/events/{s}/report.csv"):
        response = client.get(page)
        assert response.status_code == 200, page
        bodies[page] = response.get_data(as_text=True)
    client.post("/logout")
    db.session.commit()
    to_nadia = db.session.scalars(
        select(OutboxMail).where(OutboxMail.to_address == sweep.people["nadia"].email)
    ).all()
    bodies["follow-up mail to Nadia"] = "\n".join(m.body_text for m in to_nadia)
    return bodies


def _leaking(bodies: dict[str, str], person, *words: str) -> dict[str, list[str]]:
    found = {}
    for path, body in bodies.items():
        # Attendee-facing answers carry ids of people who are listed (to ask them): only
        # this person's own name, email or id counts here.
        hits = [h for h in leaks(body, [person]) if not h.startswith("key ")]
        hits += [w for w in words if w in body]
        if hits:
            found[path] = hits
    return found


def _mail_left_for(person) -> list[tuple[str, str]]:
    db.session.commit()
    rows = db.session.scalars(select(OutboxMail)).all()
    return [
        (m.subject, m.status)
        for m in rows
        if person.email in (m.to_address or "")
        or person.name in (m.body_text or "")
        or person.email in (m.body_text or "")
    ]


def test_nothing_of_someone_who_consented_to_nothing_after_the_day(client, sweep):
    _act(client, sweep)
    bodies = _outputs(client, sweep)
    assert QUINN_SAYS in bodies[f"/api/v1/events/sweep/sessions/{sweep.session_ids[1]}/feedback"]
    assert "Erin Erasable" in bodies["/api/v1/events/sweep/me/connections"]  # accepted
    assert _leaking(bodies, sweep.people["quinn"]) == {}


def test_self_delete_reaches_everything_after_the_day(client, sweep):
    links = _act(client, sweep)
    erin = sweep.people["erin"]
    assert _leaking(_outputs(client, sweep), erin) != {}  # she is there before
    assert client.get(links["erin_record"]).status_code == 200

    gone = client.delete("/api/v1/events/sweep/me", headers=bearer(erin.token))

    assert gone.status_code == 204
    assert _leaking(_outputs(client, sweep), erin, ERIN_SAYS) == {}
    assert client.get(links["erin_record"]).status_code == 404
    assert _mail_left_for(erin) == []
    # Waiting mail that named Erin went with her: "Erin asks to connect" and Nadia's
    # follow-up ("Your connections: Erin ..."); Quinn's, which does not name her, stays.
    left = db.session.scalars(select(OutboxMail)).all()
    assert [m.to_address for m in left] == [sweep.people["quinn"].email]
    # The next send gives Nadia her follow-up again, composed without Erin.
    again = client.post(
        "/api/v1/events/sweep/follow-up/send", headers=bearer(sweep.organizer_token)
    )
    assert again.get_json() == {"queued": 1}
    assert "Your sessions" in _outputs(client, sweep)["follow-up mail to Nadia"]
    assert _mail_left_for(erin) == []
    assert _mail_left_for(erin) == []


def test_the_organizers_purge_reaches_everything_after_the_day(client, sweep):
    links = _act(client, sweep)
    organizer_email = sweep.event.organizers[0].email
    client.post("/login", data={"email": organizer_email, "password": TEST_PASSWORD})
    purged = client.post("/events/sweep/purge", data={"confirm": "sweep"})
    assert purged.status_code in (200, 302)
    client.post("/logout")
    assert client.get(links["erin_record"]).status_code == 404
    for key in ("quinn", "nadia", "leo", "erin"):
        assert _mail_left_for(sweep.people[key]) == [], key
