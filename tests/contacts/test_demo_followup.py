import csv
import io

from edcamp.demo import DEMO_EMAIL, DEMO_PASSWORD, build_demo
from edcamp.extensions import db
from edcamp.models import Attendee, CheckIn, Organizer, Resource
from tests.contacts.test_attendee_pages import as_attendee


def test_demo_event_has_a_resource_wall(app):
    event, _ = build_demo()
    db.session.commit()
    assert db.session.query(Resource).filter_by(event_id=event.id).count() >= 5


def test_demo_followup_works_through_pages_and_exports(app, client, login):
    event, _ = build_demo(publish_schedule=True)  # what `flask demo` builds
    db.session.commit()
    assert db.session.query(CheckIn).count() > 100

    login(db.session.query(Organizer).filter_by(email=DEMO_EMAIL).one(), DEMO_PASSWORD)
    assert client.get("/events/demo/contacts").status_code == 200
    assert b"Demand by tag" in client.get("/events/demo/report").data
    rows = list(csv.DictReader(io.StringIO(client.get("/events/demo/export/contacts.csv").text)))
    sharing = db.session.query(Attendee).filter_by(event_id=event.id, share_contact=True).count()
    assert len(rows) == sharing

    attendee = db.session.query(Attendee).filter_by(event_id=event.id, share_contact=True).first()
    as_attendee(client, attendee)
    for path in ("me", "me/connect", "me/follow-up", "me/record", "resources"):
        assert client.get(f"/events/demo/{path}").status_code == 200, path
