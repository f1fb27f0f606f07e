"""Erasure removes reflections and evidence; the organizers' confirmation on the page."""

from __future__ import annotations

from sqlalchemy import func, select

from edcamp.extensions import db
from edcamp.learning.reflections import ReflectionText, add_evidence, save_reflection
from edcamp.models import EvidenceLink, Reflection
from tests.helpers import bearer
from tests.learning.conftest import as_attendee


def _reflect(scene):
    save_reflection(scene.ann, scene.maker.id, ReflectionText("Ann learned", "Ann tries", True))
    add_evidence(scene.ann, scene.maker.id, "https://ann.example/evidence")
    save_reflection(scene.cy, scene.maker.id, ReflectionText("Cy learned", "Cy tries", True))
    add_evidence(scene.cy, scene.maker.id, "https://cy.example/evidence")
    db.session.commit()


def _left() -> list[tuple[int, str]]:
    return list(db.session.execute(select(Reflection.attendee_id, Reflection.learned)))


def test_self_delete_removes_reflections_and_evidence(client, scene):
    _reflect(scene)
    answer = client.delete(f"/api/v1/events/{scene.event.slug}/me", headers=bearer(scene.cy_token))
    assert answer.status_code == 204
    assert _left() == [(scene.ann.id, "Ann learned")]
    urls = db.session.scalars(select(EvidenceLink.url)).all()
    assert urls == ["https://ann.example/evidence"]


def test_purge_removes_every_reflection(client, scene, login):
    _reflect(scene)
    login(scene.organizer)
    answer = client.post(f"/events/{scene.event.slug}/purge", data={"confirm": scene.event.slug})
    assert answer.status_code == 302
    assert _left() == []
    assert db.session.scalar(select(func.count()).select_from(EvidenceLink)) == 0


def test_organizer_confirms_on_the_contacts_page(app, client, scene, login, make_organizer):
    slug = scene.event.slug
    login(scene.organizer)
    page = client.get(f"/events/{slug}/contacts").get_data(as_text=True)
    assert "Confirm the learning records" in page
    answer = client.post(f"/events/{slug}/records/confirmation", data={"note": "At the door"})
    assert answer.status_code == 302
    phone = as_attendee(app.test_client(), scene.cy)
    record = phone.get(f"/events/{slug}/me/record").get_data(as_text=True)
    assert "Confirmed by Olivia Organizer, organizer" in record
    assert "At the door" in record
    client.post(f"/events/{slug}/records/confirmation", data={"action": "withdraw"})
    record = phone.get(f"/events/{slug}/me/record").get_data(as_text=True)
    assert "Not yet confirmed by the organizers" in record
    intruder = app.test_client()
    login(make_organizer(name="Mallory"), target=intruder)
    answer = intruder.post(f"/events/{slug}/records/confirmation", data={"note": "fake"})
    assert answer.status_code == 403
    record = phone.get(f"/events/{slug}/me/record").get_data(as_text=True)
    assert "Mallory" not in record
