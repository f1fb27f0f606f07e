from datetime import date, time

import pytest
from itsdangerous import URLSafeSerializer

from edcamp.contacts.privacy import delete_attendee
from edcamp.errors import NotFound
from edcamp.extensions import db
from edcamp.learning.confirmation import confirm_records
from edcamp.learning.record import (
    LearningRecord,
    RecordLine,
    attendee_for_record,
    learning_record,
    record_token,
    rotate_record_link,
)
from edcamp.learning.reflections import ReflectionText, add_evidence, save_reflection


def line(title, start, end, slot_id, part="Attended"):
    return RecordLine(title, part, "Library", time(*start), time(*end), slot_id)


def test_total_counts_each_slot_once():
    record = LearningRecord(
        "Ann", "Edcamp", date(2026, 6, 13), "", ("Olivia",),
        (
            line("A", (9, 0), (9, 50), 1, "Facilitated"),
            line("B", (9, 0), (9, 50), 1),  # rule of two feet: same slot
            line("C", (10, 0), (10, 45), 2),
        ),
    )  # fmt: skip
    assert record.total_minutes == 95
    assert record.total_hours == 1.58


def test_a_slot_ending_before_it_starts_counts_nothing():
    assert line("X", (10, 0), (9, 0), 1).minutes == 0


def test_record_lists_facilitated_and_checked_in_sessions(scene):
    ann = learning_record(scene.ann)
    assert [(r.title, r.part) for r in ann.lines] == [("Makerspaces", "Facilitated")]
    cy = learning_record(scene.cy)
    assert [(r.title, r.part) for r in cy.lines] == [("Makerspaces", "Attended")]
    bob = learning_record(scene.bob)  # starred Makerspaces, facilitated Podcasts
    assert [(r.title, r.part) for r in bob.lines] == [("Podcasts", "Facilitated")]
    assert ann.organizers == ("Olivia Organizer",)


def test_verification_token_round_trip_and_tampering(scene):
    token = record_token(scene.cy, "secret")
    assert attendee_for_record(scene.event, token, "secret").id == scene.cy.id
    with pytest.raises(NotFound):
        attendee_for_record(scene.event, token, "another-secret")
    with pytest.raises(NotFound):
        attendee_for_record(scene.event, token[:-2] + "xx", "secret")


def test_an_erased_attendee_has_no_record(scene):
    token = record_token(scene.cy, "secret")
    delete_attendee(scene.cy)
    with pytest.raises(NotFound):
        attendee_for_record(scene.event, token, "secret")


def test_rotating_the_link_makes_every_older_link_404(scene):
    first = record_token(scene.cy, "secret")
    rotate_record_link(scene.cy)
    db.session.commit()
    second = record_token(scene.cy, "secret")
    assert second != first
    with pytest.raises(NotFound, match="replaced"):
        attendee_for_record(scene.event, first, "secret")
    assert attendee_for_record(scene.event, second, "secret").id == scene.cy.id
    rotate_record_link(scene.cy)
    db.session.commit()
    with pytest.raises(NotFound):
        attendee_for_record(scene.event, second, "secret")


def test_links_from_before_rotation_existed_still_verify_until_rotated(scene):
    old = URLSafeSerializer("secret", salt="edcamp.learning-record").dumps(
        [scene.event.id, scene.cy.id]
    )
    assert attendee_for_record(scene.event, old, "secret").id == scene.cy.id
    rotate_record_link(scene.cy)
    db.session.commit()
    with pytest.raises(NotFound):
        attendee_for_record(scene.event, old, "secret")


@pytest.mark.parametrize(
    "payload", [["x", 1, 1], [1, True, 1], [1, 2**40, 1], "text", [1, 2, 3, 4], {"a": 1}]
)
def test_tokens_with_odd_payloads_are_404_not_500(scene, payload):
    token = URLSafeSerializer("secret", salt="edcamp.learning-record").dumps(payload)
    with pytest.raises(NotFound):
        attendee_for_record(scene.event, token, "secret")


def test_record_shows_facilitation_reflections_on_record_and_the_confirmation(scene):
    save_reflection(scene.ann, scene.maker.id, ReflectionText("Kids build", "Cardboard", True))
    add_evidence(scene.ann, scene.maker.id, "https://ann.example/maker-post", "My post")
    save_reflection(scene.cy, scene.maker.id, ReflectionText("Private thought", "", False))
    confirm_records(scene.event, by=scene.organizer, note="Check-ins at the door")
    db.session.commit()

    ann = learning_record(scene.ann)
    assert [line.title for line in ann.facilitated] == ["Makerspaces"]
    assert ann.facilitated_minutes == 90
    [reflection] = ann.reflections
    assert (reflection.title, reflection.learned, reflection.will_try) == (
        "Makerspaces", "Kids build", "Cardboard",
    )  # fmt: skip
    assert [(e.label, e.url) for e in reflection.evidence] == [
        ("My post", "https://ann.example/maker-post")
    ]
    assert ann.confirmation.confirmed_by == "Olivia Organizer"
    assert ann.confirmation.note == "Check-ins at the door"
    cy = learning_record(scene.cy)
    assert cy.reflections == ()
    assert cy.private_reflections == 1
