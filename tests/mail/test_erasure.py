"""Erasure reaches the outbox (edcamp.mail.erasure): unsent mail to or about the person is
dropped, sent mail keeps no trace of them, and nobody else's mail is touched."""

from __future__ import annotations

from sqlalchemy import select

from edcamp.contacts.privacy import delete_attendee
from edcamp.extensions import db
from edcamp.mail import queue_mail
from edcamp.models import OutboxMail


def _mail(event, to: str, body: str, *, sent: bool) -> int:
    mail = queue_mail(to, "Hello", body, kind="test", event=event)
    if sent:
        mail.status = "sent"
    db.session.commit()
    return mail.id


def test_sent_mail_is_scrubbed_and_unsent_mail_dropped(make_event, make_attendee):
    event = make_event()
    erin, _ = make_attendee(event, "Erin Erasable", email="Erin@School.test")
    waiting_to_her = _mail(event, "erin@school.test", "Hi Erin Erasable", sent=False)
    sent_to_her = _mail(event, "erin@school.test", "Hi Erin Erasable", sent=True)
    naming_her = _mail(
        event, "nadia@school.test", "Meet Erin Erasable (ERIN@school.test)", sent=True
    )
    waiting_naming_her = _mail(event, "nadia@school.test", "Erin Erasable asks", sent=False)
    someone_else = _mail(event, "nadia@school.test", "Erin Erasablethwaite says hi", sent=False)
    other_event = _mail(make_event(), "erin@school.test", "Hi Erin Erasable", sent=False)

    delete_attendee(erin)
    db.session.commit()

    left = {m.id: m for m in db.session.scalars(select(OutboxMail))}
    assert waiting_to_her not in left
    assert waiting_naming_her not in left
    assert left[sent_to_her].to_address == ""
    assert left[sent_to_her].body_text == "Hi (erased)"
    assert left[naming_her].body_text == "Meet (erased) ((erased))"
    assert "Erin Erasable" not in (left[naming_her].body_html or "")
    assert left[someone_else].body_text == "Erin Erasablethwaite says hi"
    assert left[other_event].to_address == "erin@school.test"
