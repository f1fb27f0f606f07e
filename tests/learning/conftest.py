"""The contacts tests' small event (people, sessions, check-ins, a published grid)."""

from __future__ import annotations

import pytest

from edcamp.extensions import db
from edcamp.models import utcnow
from tests.contacts.conftest import Scene, build_scene


@pytest.fixture
def scene(make_organizer, make_event, make_attendee) -> Scene:
    return build_scene(make_organizer, make_event, make_attendee)


@pytest.fixture
def confirmed(scene) -> Scene:
    """The scene with every email address confirmed (mail goes only to confirmed ones)."""
    for attendee in (scene.ann, scene.bob, scene.cy):
        attendee.email_confirmed_at = utcnow()
    db.session.commit()
    return scene


def as_attendee(client, attendee):
    """Make the test client the phone of ``attendee`` (the cookie joining sets)."""
    with client.session_transaction() as session:
        session["attendees"] = {str(attendee.event_id): attendee.id}
    return client
