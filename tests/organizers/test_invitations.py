"""Co-organizers: invited by mail, accepted with or without an account, removed, leaving."""

from __future__ import annotations

import pytest

from edcamp.extensions import db
from edcamp.models import Event, Organizer, OrganizerInvitation
from tests.helpers import TEST_PASSWORD, bearer, error_code, link_in


@pytest.fixture
def team(make_event, make_organizer, organizer_token):
    lead = make_organizer(email="lead@school.test", name="Lena Lead")
    event = make_event(lead)
    return event, lead, bearer(organizer_token(lead))


def _invite(client, event, headers, email):
    return client.post(
        f"/api/v1/events/{event.slug}/organizers", json={"email": email}, headers=headers
    )


def _organizer_ids(event) -> set[int]:
    db.session.expire_all()
    return {o.id for o in db.session.get(Event, event.id).organizers}


def test_invitation_answer_is_the_same_whether_or_not_an_account_exists(
    client, team, make_organizer, smtp_server, deliver
):
    event, _lead, headers = team
    make_organizer(email="has@school.test")

    with_account = _invite(client, event, headers, "has@school.test")
    without = _invite(client, event, headers, "new@school.test")
    deliver()

    assert with_account.status_code == without.status_code == 201
    strip = {"id", "email", "sent_at", "expires_at"}
    first = {k: v for k, v in with_account.get_json()["invitation"].items() if k not in strip}
    second = {k: v for k, v in without.get_json()["invitation"].items() if k not in strip}
    assert first == second == {"status": "pending"}
    subjects = {m["To"]: m["Subject"] for m in smtp_server.inbox.messages}
    assert subjects == {
        "has@school.test": "Lena Lead invites you to co-organize Edcamp Test",
        "new@school.test": "Lena Lead invites you to co-organize Edcamp Test",
    }
    # Nobody asked for it: one-click unsubscribe.
    assert all(m["List-Unsubscribe-Post"] for m in smtp_server.inbox.messages)


def test_invitee_without_account_creates_one_on_accepting(app, client, team, smtp_server, deliver):
    event, lead, headers = team
    _invite(client, event, headers, "New@School.test")
    deliver()
    path = link_in(smtp_server.inbox.to("new@school.test")[0])
    invitee = app.test_client()

    page = " ".join(invitee.get(path).get_data(as_text=True).split())
    assert "Lena Lead invites you to co-organize" in page
    response = invitee.post(
        path + "/signup",
        data={"name": "Nia New", "password": TEST_PASSWORD, "email": "x@evil.test"},
    )

    assert response.status_code == 302
    organizer = db.session.query(Organizer).filter_by(email="new@school.test").one()
    assert organizer.name == "Nia New"
    assert organizer.email_confirmed  # the link came to that address
    assert organizer.id in _organizer_ids(event)
    assert invitee.get(f"/events/{event.slug}/manage").status_code == 200
    assert invitee.get(path).status_code == 410  # used


def test_invitee_with_account_accepts_after_signing_in(
    app, client, team, make_organizer, login, smtp_server, deliver
):
    event, _lead, headers = team
    colleague = make_organizer(email="has@school.test")
    _invite(client, event, headers, "has@school.test")
    deliver()
    path = link_in(smtp_server.inbox.to("has@school.test")[0])
    their = login(colleague, target=app.test_client())

    assert their.post(path + "/accept").status_code == 302

    assert colleague.id in _organizer_ids(event)
    assert db.session.query(OrganizerInvitation).one().status == "accepted"


def test_signing_up_through_an_invitation_for_an_existing_account_is_refused(
    app, client, team, make_organizer, smtp_server, deliver
):
    event, _lead, headers = team
    make_organizer(email="has@school.test")
    _invite(client, event, headers, "has@school.test")
    deliver()
    path = link_in(smtp_server.inbox.to("has@school.test")[0])

    response = app.test_client().post(
        path + "/signup", data={"name": "X", "password": TEST_PASSWORD}
    )

    assert response.status_code == 422
    assert "sign in to accept" in response.get_data(as_text=True)
    assert len(_organizer_ids(event)) == 1


def test_closed_policy_lets_only_existing_accounts_accept(
    app, client, team, monkeypatch, smtp_server, deliver
):
    monkeypatch.setitem(app.config, "EDCAMP_SIGNUP", "closed")
    event, _lead, headers = team
    _invite(client, event, headers, "new@school.test")
    deliver()
    path = link_in(smtp_server.inbox.to("new@school.test")[0])

    assert "Create my account" not in app.test_client().get(path).get_data(as_text=True)
    response = app.test_client().post(
        path + "/signup", data={"name": "N", "password": TEST_PASSWORD}
    )
    assert response.status_code == 422
    assert db.session.query(Organizer).count() == 1


def test_revoked_invitation_cannot_be_accepted_and_resend_replaces_the_link(
    app, client, team, smtp_server, deliver
):
    event, _lead, headers = team
    invitation_id = _invite(client, event, headers, "new@school.test").get_json()["invitation"][
        "id"
    ]
    deliver()
    old_path = link_in(smtp_server.inbox.messages[-1])

    resent = client.post(
        f"/api/v1/events/{event.slug}/invitations/{invitation_id}/resend", headers=headers
    )
    deliver()
    new_path = link_in(smtp_server.inbox.messages[-1])

    assert resent.status_code == 200
    assert new_path != old_path
    assert app.test_client().get(old_path).status_code == 410
    assert app.test_client().get(new_path).status_code == 200
    revoked = client.delete(
        f"/api/v1/events/{event.slug}/invitations/{invitation_id}", headers=headers
    )
    assert revoked.status_code == 204
    assert app.test_client().get(new_path).status_code == 410
    listed = client.get(f"/api/v1/events/{event.slug}/organizers", headers=headers).get_json()
    assert listed["invitations"] == []


def test_remove_and_leave_but_never_the_last_organizer(
    client, team, make_organizer, organizer_token
):
    event, lead, headers = team
    colleague = make_organizer()
    event.organizers.append(colleague)
    db.session.commit()

    removed = client.delete(
        f"/api/v1/events/{event.slug}/organizers/{colleague.id}", headers=headers
    )
    assert removed.status_code == 204
    assert _organizer_ids(event) == {lead.id}

    last = client.delete(f"/api/v1/events/{event.slug}/organizers/{lead.id}", headers=headers)
    assert last.status_code == 409
    assert error_code(last) == "last_organizer"
    assert _organizer_ids(event) == {lead.id}

    # A removed organizer can no longer remove anyone.
    theirs = bearer(organizer_token(colleague))
    assert (
        client.delete(
            f"/api/v1/events/{event.slug}/organizers/{lead.id}", headers=theirs
        ).status_code
        == 403
    )


def test_leaving_through_the_page(app, client, team, make_organizer, login):
    event, lead, _headers = team
    colleague = make_organizer()
    event.organizers.append(colleague)
    db.session.commit()
    their = login(colleague, target=app.test_client())

    response = their.post(f"/events/{event.slug}/organizers/{colleague.id}/remove")

    assert response.status_code == 302
    assert _organizer_ids(event) == {lead.id}
    assert their.get(f"/events/{event.slug}/manage").status_code == 403


def test_removing_an_unknown_organizer_is_404(client, team, make_organizer):
    event, _lead, headers = team
    stranger = make_organizer()
    response = client.delete(
        f"/api/v1/events/{event.slug}/organizers/{stranger.id}", headers=headers
    )
    assert response.status_code == 404


def test_other_events_organizer_cannot_invite_or_list(
    client, team, make_organizer, organizer_token
):
    event, _lead, _headers = team
    intruder = bearer(organizer_token(make_organizer()))
    assert _invite(client, event, intruder, "me@school.test").status_code == 403
    assert (
        client.get(f"/api/v1/events/{event.slug}/organizers", headers=intruder).status_code == 403
    )
    assert db.session.query(OrganizerInvitation).count() == 0


@pytest.mark.parametrize("email", ["not-an-email", 42, "", "a" * 10_000, None, "<script>@x.test"])
def test_inviting_an_invalid_email_is_422(client, team, email):
    event, _lead, headers = team
    response = _invite(client, event, headers, email)
    assert response.status_code == 422
    assert response.get_json()["error"]["field"] == "email"
    assert db.session.query(OrganizerInvitation).count() == 0


def test_inviting_twice_sends_the_pending_invitation_again(client, team, smtp_server, deliver):
    event, _lead, headers = team
    _invite(client, event, headers, "new@school.test")
    _invite(client, event, headers, "new@school.test")
    deliver()
    assert db.session.query(OrganizerInvitation).count() == 1
    assert len(smtp_server.inbox.to("new@school.test")) == 2


def test_unsubscribed_address_gets_no_invitation_and_the_inviter_cannot_tell(
    client, team, smtp_server, deliver
):
    from edcamp.mail.unsubscribe import make_token

    event, _lead, headers = team
    client.post(f"/mail/unsubscribe/{make_token('new@school.test', 'invitations')}")

    response = _invite(client, event, headers, "new@school.test")
    deliver()

    assert response.status_code == 201
    assert smtp_server.inbox.messages == []


def test_public_learning_record_shows_no_organizer_email(client, team):
    event, lead, _headers = team
    lead.name = ""
    db.session.commit()
    for path in (f"/events/{event.slug}/schedule", f"/api/v1/events/{event.slug}"):
        assert "lead@school.test" not in client.get(path).get_data(as_text=True)


def test_public_learning_record_names_organizers_without_their_email(
    app, client, make_event, make_organizer, make_attendee
):
    from edcamp.learning.record import record_token

    named = make_organizer(email="named@school.test", name="Nadia Named")
    unnamed = make_organizer(email="unnamed@school.test")
    event = make_event(named)
    event.organizers.append(unnamed)
    db.session.commit()
    attendee, _token = make_attendee(event)

    page = client.get(f"/events/{event.slug}/records/{record_token(attendee, app.secret_key)}")

    text = " ".join(page.get_data(as_text=True).split())
    assert page.status_code == 200
    assert "Nadia Named" in text
    assert "An organizer" in text
    assert "@school.test" not in text


def test_invitation_mail_is_in_the_events_language(tmp_path, make_app, team, make_organizer):
    """Always the event's: the language of an account would tell co-organizers, who read the
    event's outbox, that the address has an edcamp account."""
    from sqlalchemy import select

    from edcamp.models import OutboxMail
    from edcamp.organizers.service import invite
    from tests.catalogs import compile_catalog

    event, lead, _headers = team
    subject = "%(name)s invites you to co-organize %(event)s"
    german = make_app(
        BABEL_TRANSLATION_DIRECTORIES=str(
            compile_catalog(tmp_path, "de", {subject: "%(name)s lädt Sie zu %(event)s ein"})
        )
    )
    make_organizer(email="de@school.test").language = "de"
    db.session.commit()
    event_id, lead_id = event.id, lead.id
    with german.test_request_context("/", headers={"Accept-Language": "en"}):
        english_event = db.session.get(Event, event_id)
        by = db.session.get(Organizer, lead_id)
        invite(english_event, "de@school.test", by=by)
        invite(english_event, "new@school.test", by=by)
        english_event.language = "de"
        invite(english_event, "other@school.test", by=by)
        db.session.commit()
        subjects = dict(db.session.execute(select(OutboxMail.to_address, OutboxMail.subject)).all())
    assert subjects == {
        "de@school.test": "Lena Lead invites you to co-organize Edcamp Test",  # not the account's
        "new@school.test": "Lena Lead invites you to co-organize Edcamp Test",  # the event's
        "other@school.test": "Lena Lead lädt Sie zu Edcamp Test ein",  # the event's, now German
    }
