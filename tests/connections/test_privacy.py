"""Nothing of a person appears before they accept (pages, API, exports, mails, organizer
outputs); a withdrawn connection hides the details again; erasure removes requests."""

from __future__ import annotations

from edcamp.connections.stats import connections_made
from edcamp.contacts.exports import EXPORTS
from edcamp.extensions import db
from edcamp.models import Connection, ConnectionBlock, OutboxMail, PartnerListing
from tests.contacts.test_attendee_pages import as_attendee
from tests.helpers import TEST_PASSWORD, bearer

DANA_SECRETS = ("dana.partner@school.test", "@dana@hachyderm.io", "hachyderm.io/@dana")
BOB_SECRETS = ("bob.private@school.test", "bob-private.bsky.social", "bob-private.example")


def attendee_pages(people, person_id: int) -> list[str]:
    s = people.slug
    pages = [
        f"/events/{s}/me/connections",
        f"/events/{s}/me/connect",
        f"/events/{s}/me/follow-up",
        f"/events/{s}/me/record",
        f"/events/{s}/people/{person_id}/connect",
        f"/events/{s}/me/partner-class",
    ]
    for name in ("mastodon.csv", "blogs.opml", "bluesky.txt", "bluesky-handles.txt"):
        pages.append(f"/events/{s}/me/export/{name}")
    api = ["me/connections", "me/connection-requests", "partner-classes", "me/connect"]
    return pages + [f"/api/v1/events/{s}/{path}" for path in api]


def seen_by(client, people, member, other) -> str:
    """Everything ``member`` can open about the event, as one text."""
    as_attendee(client, member.attendee)
    texts = []
    for path in attendee_pages(people, other.id):
        headers = bearer(member.token) if path.startswith("/api/") else {}
        response = client.get(path, headers=headers)
        assert response.status_code in (200, 302, 403, 404), (path, response.status_code)
        texts.append(response.get_data(as_text=True))
    return "\n".join(texts)


def found(text: str, secrets) -> list[str]:
    return [bit for bit in secrets if bit in text]


def ask_and_wait(client, people) -> int:
    response = client.post(
        f"/api/v1/events/{people.slug}/connections",
        json={"to": people.dana.id, "message": "Hello from Bob"},
        headers=bearer(people.bob.token),
    )
    assert response.status_code == 201
    return response.get_json()["id"]


def accept(client, people, connection_id: int) -> None:
    response = client.post(
        f"/api/v1/events/{people.slug}/connections/{connection_id}/accept",
        headers=bearer(people.dana.token),
    )
    assert response.status_code == 200


def test_before_acceptance_neither_sees_the_others_details_anywhere(client, people):
    ask_and_wait(client, people)

    assert found(seen_by(client, people, people.bob, people.dana), DANA_SECRETS) == []
    dana_sees = seen_by(client, people, people.dana, people.bob)
    assert found(dana_sees, BOB_SECRETS) == []
    assert "Bob Private" in dana_sees  # she sees who asks, and the message
    assert "Hello from Bob" in dana_sees


def test_after_acceptance_both_see_the_details_even_without_public_sharing(client, people):
    accept(client, people, ask_and_wait(client, people))

    bob_sees = seen_by(client, people, people.bob, people.dana)
    dana_sees = seen_by(client, people, people.dana, people.bob)
    assert found(bob_sees, DANA_SECRETS) == list(DANA_SECRETS)
    assert found(dana_sees, BOB_SECRETS) == list(BOB_SECRETS)


def test_a_withdrawn_connection_hides_the_details_again_everywhere(client, people):
    connection_id = ask_and_wait(client, people)
    accept(client, people, connection_id)

    response = client.delete(
        f"/api/v1/events/{people.slug}/connections/{connection_id}",
        headers=bearer(people.bob.token),
    )

    assert response.status_code == 204
    assert found(seen_by(client, people, people.bob, people.dana), DANA_SECRETS) == []
    assert found(seen_by(client, people, people.dana, people.bob), BOB_SECRETS) == []


def test_organizers_see_no_request_message_name_or_detail(client, login, people):
    accept(client, people, ask_and_wait(client, people))
    client.post(
        f"/api/v1/events/{people.slug}/connections",
        json={"to": people.ann.id, "message": "Private note to Ann"},
        headers=bearer(people.bob.token),
    )
    login(people.organizer)
    s = people.slug
    urls = [f"/events/{s}/contacts", f"/events/{s}/report", f"/events/{s}/mail"]
    urls += [f"/events/{s}/export/{name}" for name in EXPORTS]
    urls += [f"/api/v1/events/{s}/mail"]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        text = response.get_data(as_text=True)
        for bit in (*DANA_SECRETS, *BOB_SECRETS, "Bob Private", "Dana Partner", "Hello from Bob"):
            assert bit not in text, (bit, url)
        assert "Private note to Ann" not in text, url


def test_a_request_mail_tells_the_asked_person_and_nothing_of_them_to_the_asker(
    client, people, smtp_server, deliver
):
    connection_id = ask_and_wait(client, people)
    deliver()

    (request_mail,) = [m for m in smtp_server.inbox.messages if "connect" in m["Subject"]]
    assert request_mail["To"] == "dana.partner@school.test"
    body = request_mail.get_body(("plain",)).get_content()
    assert "Bob Private" in body
    assert "Hello from Bob" in body
    assert f"/events/{people.slug}/me/connections" in body
    assert found(body, BOB_SECRETS) == []  # his details only after she accepts
    assert "Bob" not in request_mail["Subject"]

    accept(client, people, connection_id)
    deliver()

    to_bob = [m for m in smtp_server.inbox.messages if m["To"] == "bob.private@school.test"]
    (accepted,) = [m for m in to_bob if "accepted" in m["Subject"]]
    text = accepted.get_body(("plain",)).get_content()
    assert "Dana Partner accepted" in text
    assert found(text, DANA_SECRETS) == []  # details are read on the page, not mailed


def test_no_mail_without_a_confirmed_address_or_after_opting_out(
    client, people, smtp_server, deliver
):
    from edcamp.mail import unsubscribe
    from edcamp.models import MailOptOut

    people.dana.attendee.email_confirmed_at = None
    db.session.add(MailOptOut(email="ann@school.test", list_id=f"event:{people.event.id}"))
    db.session.commit()
    assert unsubscribe  # the list id is the event's, as for every mail of the event

    for to in (people.dana.id, people.ann.id):
        response = client.post(
            f"/api/v1/events/{people.slug}/connections",
            json={"to": to},
            headers=bearer(people.bob.token),
        )
        assert response.status_code == 201
    deliver()

    kinds = [m.kind for m in db.session.query(OutboxMail).all()]
    assert "connection_request" not in kinds
    assert [m for m in smtp_server.inbox.messages if "connect" in m["Subject"]] == []


def test_a_blocked_asker_mails_nobody(client, people, smtp_server, deliver):
    connection_id = ask_and_wait(client, people)
    client.post(
        f"/api/v1/events/{people.slug}/me/blocks",
        json={"attendee_id": people.bob.id},
        headers=bearer(people.dana.token),
    )
    client.delete(
        f"/api/v1/events/{people.slug}/connections/{connection_id}",
        headers=bearer(people.bob.token),
    )
    before = db.session.query(OutboxMail).filter_by(kind="connection_request").count()

    ask_and_wait(client, people)

    after = db.session.query(OutboxMail).filter_by(kind="connection_request").count()
    assert after == before


def test_self_delete_removes_requests_connections_blocks_and_the_listing(client, people):
    connection_id = ask_and_wait(client, people)
    accept(client, people, connection_id)
    client.post(
        f"/api/v1/events/{people.slug}/connections",
        json={"to": people.ann.id},
        headers=bearer(people.dana.token),
    )
    client.post(
        f"/api/v1/events/{people.slug}/me/blocks",
        json={"attendee_id": people.bob.id},
        headers=bearer(people.dana.token),
    )
    dana_id = people.dana.id

    response = client.delete(f"/api/v1/events/{people.slug}/me", headers=bearer(people.dana.token))

    assert response.status_code == 204
    db.session.expire_all()
    assert db.session.query(Connection).count() == 0
    assert db.session.query(ConnectionBlock).count() == 0
    assert db.session.get(PartnerListing, dana_id) is None
    assert (
        found(seen_by(client, people, people.bob, people.ann), ("Dana Partner", *DANA_SECRETS))
        == []
    )
    assert connections_made(people.event) == 0


def test_an_organizers_purge_removes_every_request(client, people):
    accept(client, people, ask_and_wait(client, people))
    organizer = people.organizer
    client.post("/login", data={"email": organizer.email, "password": TEST_PASSWORD})

    response = client.post(f"/events/{people.slug}/purge", data={"confirm": people.slug})

    assert response.status_code in (200, 302)
    db.session.expire_all()
    assert db.session.query(Connection).count() == 0
    assert db.session.query(PartnerListing).count() == 0
