from datetime import date, time

import pytest

from edcamp.contacts.privacy import delete_attendee
from edcamp.contacts.record import (
    LearningRecord,
    RecordLine,
    attendee_for_record,
    learning_record,
    record_token,
)
from edcamp.errors import NotFound


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
