"""`flask demo` publishes a grid, so the schedule pages and feeds show something at once."""

from __future__ import annotations

import json
import random

from edcamp.demo import build_demo
from edcamp.extensions import db
from edcamp.models import Schedule, Star
from edcamp.publishing.demo import publish_demo_schedule

from .helpers import vevents
from .test_frab import validate_json, validate_xml


def test_demo_with_published_schedule_fills_feeds_and_pages(app, client):
    event, _ = build_demo(publish_schedule=True)
    db.session.commit()

    feed = vevents(client.get("/events/demo/schedule.ics").data)
    frab = client.get("/events/demo/schedule.json")
    page = client.get("/events/demo/schedule")

    assert len(feed) == len(event.rooms) * len(event.slots)
    validate_json(json.loads(frab.data))
    validate_xml(client.get("/events/demo/schedule.xml").data)
    assert page.status_code == 200
    assert "not published yet" not in page.get_data(as_text=True)
    assert db.session.query(Star).count() > 0


def test_publishing_the_demo_again_is_a_no_op(app):
    event, _ = build_demo(publish_schedule=True)
    db.session.commit()

    again = publish_demo_schedule(event, random.Random(0))

    assert db.session.query(Schedule).filter(Schedule.version.is_not(None)).count() == 1
    assert again.version == 1


def test_plain_build_demo_publishes_nothing(app):
    build_demo()
    db.session.commit()

    assert db.session.query(Schedule).filter(Schedule.version.is_not(None)).count() == 0
