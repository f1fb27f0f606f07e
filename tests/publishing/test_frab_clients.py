"""What conference apps read from our frab / c3voc schedule, read the way they read it.

ConfClerk (C++, not installable here) keeps a `<person>` only when it has an `id`
attribute; pyfahrplan names speakers from each JSON person's `public_name`. Both also
show the abstract above the description, so the two must differ.
"""

from __future__ import annotations

import json
from dataclasses import replace

import pytest
from lxml import etree

from edcamp.publishing.abstract import MAX_ABSTRACT, split_abstract
from edcamp.publishing.frab import build_json, build_xml
from edcamp.publishing.model import ScheduleInfo

from .factories import make_event, make_person, make_schedule
from .test_frab import events_of, validate_json, validate_xml


def _with(schedule: ScheduleInfo, **changes) -> ScheduleInfo:
    return replace(schedule, sessions=tuple(replace(s, **changes) for s in schedule.sessions))


def confclerk_persons(data: bytes) -> dict[str, list[tuple[int, str]]]:
    """Per event id, the persons ConfClerk keeps: those with an integer `id` attribute."""
    root = etree.fromstring(data)
    kept: dict[str, list[tuple[int, str]]] = {}
    for event in root.iter("event"):
        people = []
        for person in event.findall("persons/person"):
            raw = person.get("id")
            if raw is not None and raw.lstrip("-").isdigit():
                people.append((int(raw), person.text or ""))
        kept[event.get("id")] = people
    return kept


def pyfahrplan_speakers(document: dict) -> list[str]:
    """pyfahrplan 1.1's `flatten_fahrplans`: speakers joined from `public_name`."""
    return [
        ", ".join(
            person.get("public_name", person.get("full_public_name", ""))
            for person in talk.get("persons", [])
        )
        for talk in events_of(document)
    ]


def test_confclerk_keeps_every_facilitator_of_the_xml():
    schedule = make_schedule()
    data = build_xml(schedule)

    validate_xml(data)
    kept = confclerk_persons(data)
    assert len(kept) == len(schedule.sessions)
    assert all(
        [name for _, name in kept[str(s.id)]] == list(s.facilitators) for s in schedule.sessions
    )
    root = etree.fromstring(data)
    guids = [p.get("guid") for p in root.iter("person")]
    assert all(guids)
    assert len(set(guids)) == 2


def test_pyfahrplan_shows_speakers_and_the_json_validates():
    document = json.loads(json.dumps(build_json(make_schedule())))

    validate_json(document)
    assert set(pyfahrplan_speakers(document)) == {"Ada Lovelace, Grace Hopper"}
    person = events_of(document)[0]["persons"][0]
    assert set(person) == {"id", "guid", "public_name"}


def test_c3voc_schema_refuses_name_next_to_public_name():
    """Why persons carry no `name`: the schema's person rule is oneOf frab or pretalx."""
    document = json.loads(json.dumps(build_json(make_schedule())))
    events_of(document)[0]["persons"][0]["name"] = "Ada Lovelace"

    with pytest.raises(AssertionError, match="persons"):
        validate_json(document)


def test_facilitators_without_show_name_are_not_listed_as_persons():
    schedule = make_schedule(rooms=1)
    first = schedule.sessions[0]
    hidden = replace(
        first,
        facilitators=("Ada Lovelace", "a participant"),
        persons=(first.persons[0], make_person("a participant", named=False)),
    )
    schedule = replace(schedule, sessions=(hidden, *schedule.sessions[1:]))

    item = events_of(build_json(schedule))[0]
    assert [p["public_name"] for p in item["persons"]] == ["Ada Lovelace"]
    assert confclerk_persons(build_xml(schedule))[str(first.id)] == [
        (first.persons[0].id, "Ada Lovelace")
    ]


def test_abstract_is_the_first_sentence_and_description_the_rest():
    text = "Let's share math games. Bring one you love!\nWe will play for 30 minutes."
    schedule = _with(make_schedule(), description=text)

    item = events_of(build_json(schedule))[0]
    assert item["abstract"] == "Let's share math games."
    assert item["description"] == "Bring one you love!\nWe will play for 30 minutes."
    root = etree.fromstring(build_xml(schedule))
    event = next(root.iter("event"))
    assert event.findtext("abstract") != event.findtext("description")
    assert event.findtext("abstract") == "Let's share math games."


@pytest.mark.parametrize(
    "text",
    [
        "One sentence only.",
        "No full stop at all",
        "Grading less: e.g. portfolios. Then what? More",
        "x" * 500,
        "Un débat. ¿Qué opinas? Ça va.",
        "First line\nSecond line",
    ],
)
def test_abstract_and_description_never_repeat_each_other(text):
    abstract, description = split_abstract(text)

    assert abstract
    assert abstract != description
    assert len(abstract) <= MAX_ABSTRACT
    assert abstract not in description or len(text) > MAX_ABSTRACT


def test_long_first_sentence_is_shortened_and_kept_whole_in_description():
    text = "word " * 80 + "end. Next."
    abstract, description = split_abstract(text)

    assert abstract.endswith("\u2026")
    assert len(abstract) <= MAX_ABSTRACT
    assert description == text.strip()


def test_language_is_the_events_unless_the_session_says_otherwise():
    schedule = make_schedule(make_event(language="fr"), rooms=1)
    first, *rest = schedule.sessions
    schedule = replace(schedule, sessions=(replace(first, language="es"), *rest))

    items = events_of(build_json(schedule))
    assert [i["language"] for i in items] == ["es"] + ["fr"] * len(rest)
    languages = [
        e.findtext("language") for e in etree.fromstring(build_xml(schedule)).iter("event")
    ]
    assert languages == ["es"] + ["fr"] * len(rest)
    validate_xml(build_xml(schedule))


def test_event_url_session_url_and_links_in_both_formats():
    schedule = _with(make_schedule(rooms=1), video_url="https://video.example.org/v/1")
    document = build_json(schedule)
    validate_json(json.loads(json.dumps(document)))
    data = build_xml(schedule)
    validate_xml(data)

    assert document["schedule"]["conference"]["url"] == schedule.event.url
    item = events_of(document)[0]
    session = schedule.sessions[0]
    assert item["url"] == session.url
    assert [(link["type"], link["url"]) for link in item["links"]] == [
        ("web", session.notes_url),
        ("media", "https://video.example.org/v/1"),
    ]
    root = etree.fromstring(data)
    assert root.findtext("conference/url") == schedule.event.url
    event = next(root.iter("event"))
    assert event.findtext("url") == session.url
    assert [link.get("href") for link in event.findall("links/link")] == [
        session.notes_url,
        "https://video.example.org/v/1",
    ]
