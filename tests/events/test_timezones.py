"""Finding a time zone by what people know, and reading what they typed as one zone."""

from __future__ import annotations

from datetime import date

import pytest

from edcamp.errors import Invalid
from edcamp.events.timezones import resolve_zone, zone_choices


def test_every_zone_has_a_city_a_country_and_an_offset():
    choices = {c.name: c for c in zone_choices(date(2026, 7, 1))}
    assert len(choices) > 300
    berlin = choices["Europe/Berlin"]
    assert berlin.label == "Berlin, Germany · UTC+02:00"  # summer time on that day
    assert choices["America/Argentina/Buenos_Aires"].city == "Buenos Aires"
    assert choices["Asia/Kolkata"].offset == "UTC+05:30"
    assert zone_choices(date(2026, 1, 15))[0].name < zone_choices(date(2026, 1, 15))[1].name
    winter = {c.name: c for c in zone_choices(date(2026, 1, 15))}
    assert winter["Europe/Berlin"].offset == "UTC+01:00"
    assert choices["UTC"].label == "UTC · UTC+00:00"


@pytest.mark.parametrize(
    ("typed", "zone"),
    [
        ("Europe/Berlin", "Europe/Berlin"),
        ("europe/berlin", "Europe/Berlin"),
        ("  berlin ", "Europe/Berlin"),
        ("Buenos Aires", "America/Argentina/Buenos_Aires"),
        ("new york", "America/New_York"),
        ("UTC", "UTC"),
        ("US/Eastern", "US/Eastern"),  # an old name Python still knows
    ],
)
def test_what_people_type_becomes_one_zone(typed, zone):
    assert resolve_zone(typed) == zone


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "Choose the event's time zone."),
        ("Mars/Olympus", "“Mars/Olympus” is not a time zone we know."),
        ("Germany", "could be one of several time zones (Europe/Berlin, Europe/Busingen)"),
        ("x" * 65, "at most 64 characters"),
        ("<script>", "is not a time zone we know"),
    ],
)
def test_what_is_not_one_zone_says_what_to_do(typed, message):
    with pytest.raises(Invalid) as raised:
        resolve_zone(typed)
    assert message in raised.value.message
    assert raised.value.field == "timezone"


def test_the_picker_shows_offsets_as_on_the_events_day(client, make_event, login):
    summer = make_event(date=date(2026, 7, 1))
    winter = make_event(summer.organizers[0], date=date(2026, 1, 15))
    login(summer.organizers[0])
    for event, offset in ((summer, "UTC+02:00"), (winter, "UTC+01:00")):
        html = client.get(f"/events/{event.slug}/manage").get_data(as_text=True)
        assert f'value="Europe/Berlin" label="Berlin, Germany · {offset}"' in html
    new = client.post("/events/new", data={"date": "9999-12-31", "timezone": "x"})
    assert new.status_code == 422  # a date no offset can be worked out for: no 500
