"""Organizer pages: dashboard, new event, manage page and its room, slot, voting and
co-organizer forms."""

from __future__ import annotations

import html

import pytest

from edcamp.extensions import db
from edcamp.models import Attendee, Event, Proposal, Room, Schedule, ScheduleEntry, Slot

NEW_EVENT = {
    "name": "Edcamp Spring",
    "slug": "spring-26",
    "date": "2026-05-09",
    "timezone": "America/Chicago",
    "venue": "Lincoln High",
    "hashtag": "#EdcampSpring",
    "votes_per_attendee": "4",
}


def text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def fresh(model, ident):
    db.session.rollback()
    return db.session.get(model, ident)


@pytest.fixture
def organizer_client(client, make_event, login):
    """Signed in as the organizer of an event with two rooms and two slots."""
    event = make_event(name="Edcamp Home")
    login(event.organizers[0])
    return client, event


# Dashboard ------------------------------------------------------------------------------------


def test_dashboard_lists_only_my_events(client, make_event, make_organizer, login):
    me = make_organizer()
    make_event(me, name="My Edcamp")
    make_event(name="Someone Else's Edcamp")
    login(me)

    response = client.get("/dashboard")

    assert response.status_code == 200
    page = text(response)
    assert "My Edcamp" in page
    assert "Someone Else's Edcamp" not in page


def test_dashboard_of_a_new_organizer_invites_to_create(client, make_organizer, login):
    login(make_organizer())

    page = text(client.get("/dashboard"))

    assert "No events yet." in page


# New event ----------------------------------------------------------------------------------


def test_new_event_page_needs_sign_in(client):
    response = client.get("/events/new")

    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login?next=")


def test_new_event_form_creates_the_event(client, make_organizer, login):
    me = make_organizer()
    login(me)

    response = client.post("/events/new", data=NEW_EVENT)

    assert response.status_code == 302
    assert response.headers["Location"] == "/events/spring-26/manage"
    event = db.session.query(Event).filter_by(slug="spring-26").one()
    assert (event.name, event.timezone, event.votes_per_attendee) == (
        "Edcamp Spring",
        "America/Chicago",
        4,
    )
    assert event.is_organizer(me)
    assert "Edcamp Spring is ready." in text(client.get(response.headers["Location"]))


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"name": ""}, "This field is required."),
        ({"name": "x" * 10_000}, "Field cannot be longer than 120 characters."),
        ({"slug": "Spring Edcamp"}, "Lowercase letters, digits and hyphens only."),
        ({"slug": "new"}, "The short name may use lowercase letters"),
        ({"timezone": "Mars/Olympus"}, "“Mars/Olympus” is not a time zone we know"),
        ({"timezone": "Germany"}, "could be one of several time zones (Europe/Berlin"),
        ({"date": "next saturday"}, "Not a valid date value."),
        ({"date": "9999-12-31"}, "The date must be between 2000 and 2199."),
        ({"votes_per_attendee": "0"}, "Number must be between 1 and 50."),
        ({"votes_per_attendee": "many"}, "Not a valid integer value."),
        ({"hashtag": "#two words"}, "A hashtag has letters, digits and underscores only."),
        ({"notes_url_template": "javascript:alert(1)"}, "The notes link must start with http"),
    ],
)
def test_new_event_form_shows_validation_messages(client, make_organizer, login, change, message):
    login(make_organizer())

    response = client.post("/events/new", data={**NEW_EVENT, **change})

    assert response.status_code == 422
    page = text(response)
    assert message in page
    assert "Please fix the" in page or 'class="flash' in response.get_data(as_text=True)
    assert db.session.query(Event).count() == 0


def test_new_event_with_a_taken_slug_says_so(client, make_event, make_organizer, login):
    make_event(slug="spring-26")
    login(make_organizer())

    response = client.post("/events/new", data=NEW_EVENT)

    assert response.status_code == 422
    assert "That short name is taken" in text(response)
    assert db.session.query(Event).count() == 1


def test_event_name_with_html_stays_escaped(client, make_organizer, login):
    login(make_organizer())
    client.post("/events/new", data={**NEW_EVENT, "name": "<script>alert(1)</script>"})

    for url in ("/dashboard", "/events/spring-26/manage", "/events/spring-26"):
        raw = client.get(url).get_data(as_text=True)
        assert "<script>alert(1)</script>" not in raw, url
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in raw, url


# Manage page --------------------------------------------------------------------------------


def test_manage_page_shows_the_event(organizer_client):
    client, event = organizer_client

    response = client.get(f"/events/{event.slug}/manage")

    assert response.status_code == 200
    page = text(response)
    assert "Edcamp Home" in page
    assert event.join_code in page
    assert "Library" in page
    assert "09:00–09:50" in page


def test_manage_page_redirects_anonymous_to_login(client, make_event):
    event = make_event()

    response = client.get(f"/events/{event.slug}/manage")

    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login?next=")
    assert event.slug in response.headers["Location"]


def test_manage_page_is_403_for_another_organizer(client, make_event, make_organizer, login):
    event = make_event()
    login(make_organizer())

    response = client.get(f"/events/{event.slug}/manage")

    assert response.status_code == 403
    page = text(response)
    assert "Not allowed" in page
    assert event.join_code not in page


def test_manage_page_of_unknown_event_is_404(organizer_client):
    client, _event = organizer_client

    response = client.get("/events/nope/manage")

    assert response.status_code == 404
    assert "There is no event at that address." in text(response)


def test_another_organizer_cannot_post_any_form(client, make_event, make_organizer, login):
    event = make_event()
    login(make_organizer())
    room, slot = event.rooms[0], event.slots[0]

    responses = [
        client.post(f"/events/{event.slug}/manage", data={**NEW_EVENT, "name": "Mine"}),
        client.post(f"/events/{event.slug}/voting", data={"voting": "closed"}),
        client.post(f"/events/{event.slug}/rooms", data={"name": "Gym", "capacity": "9"}),
        client.post(f"/events/{event.slug}/rooms/{room.id}", data={"action": "remove"}),
        client.post(f"/events/{event.slug}/slots", data={"starts_at": "13:00", "ends_at": "14:00"}),
        client.post(f"/events/{event.slug}/slots/{slot.id}/remove"),
        client.post(f"/events/{event.slug}/organizers", data={"email": "x@school.test"}),
    ]

    assert [r.status_code for r in responses] == [403] * 7
    stored = fresh(Event, event.id)
    assert stored.name == "Edcamp Test"
    assert stored.voting == "open"
    assert len(stored.rooms) == 2
    assert len(stored.slots) == 2


def test_edit_event_details(organizer_client):
    client, event = organizer_client

    response = client.post(
        f"/events/{event.slug}/manage",
        data={**NEW_EVENT, "slug": "ignored", "name": "Edcamp Renamed", "venue": "Gym"},
    )

    assert response.status_code == 302
    stored = fresh(Event, event.id)
    assert (stored.name, stored.venue, stored.slug) == ("Edcamp Renamed", "Gym", event.slug)


def test_edit_event_with_bad_timezone_changes_nothing(organizer_client):
    client, event = organizer_client

    response = client.post(
        f"/events/{event.slug}/manage",
        data={**NEW_EVENT, "name": "Should not stick", "timezone": "Nowhere/Land"},
    )

    assert response.status_code == 422
    assert "is not a time zone we know" in text(response)
    stored = fresh(Event, event.id)
    assert stored.name == "Edcamp Home"
    assert stored.timezone == "America/New_York"


# Voting -----------------------------------------------------------------------------------


def test_voting_form_closes_voting_and_hides_counts(organizer_client):
    client, event = organizer_client

    response = client.post(f"/events/{event.slug}/voting", data={"voting": "closed"})

    assert response.status_code == 302
    stored = fresh(Event, event.id)
    assert stored.voting == "closed"
    assert stored.show_counts is False
    assert "Voting is closed." in text(client.get(f"/events/{event.slug}/manage"))


def test_voting_form_reopens_voting_with_counts(organizer_client):
    client, event = organizer_client
    client.post(f"/events/{event.slug}/voting", data={"voting": "closed"})

    client.post(f"/events/{event.slug}/voting", data={"voting": "open", "show_counts": "y"})

    stored = fresh(Event, event.id)
    assert stored.voting == "open"
    assert stored.show_counts is True


def test_voting_form_rejects_an_unknown_state(organizer_client):
    client, event = organizer_client

    response = client.post(f"/events/{event.slug}/voting", data={"voting": "maybe"})

    assert response.status_code == 422
    assert "Not a valid choice" in text(response)
    assert fresh(Event, event.id).voting == "open"


# Rooms --------------------------------------------------------------------------------------


def room_names(event_id: int) -> list[str]:
    db.session.rollback()
    return [r.name for r in db.session.query(Room).filter_by(event_id=event_id).order_by(Room.id)]


def test_room_form_adds_a_room(organizer_client):
    client, event = organizer_client

    response = client.post(f"/events/{event.slug}/rooms", data={"name": "Gym", "capacity": "80"})

    assert response.status_code == 302
    assert room_names(event.id) == ["Library", "Room 1", "Gym"]
    assert "Room Gym added." in text(client.get(f"/events/{event.slug}/manage"))


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"name": "library", "capacity": "10"}, "There is a room called 'library' already."),
        ({"name": "", "capacity": "10"}, "This field is required."),
        ({"name": "Gym", "capacity": "0"}, "Number must be between 1 and 10000."),
        ({"name": "Gym", "capacity": "lots"}, "Not a valid integer value."),
        ({"name": "G" * 10_000, "capacity": "10"}, "Field cannot be longer than 80 characters."),
    ],
)
def test_room_form_shows_errors(organizer_client, data, message):
    client, event = organizer_client

    response = client.post(f"/events/{event.slug}/rooms", data=data)

    assert response.status_code == 422
    assert message in text(response)
    assert room_names(event.id) == ["Library", "Room 1"]


def test_room_form_renames_a_room(organizer_client):
    client, event = organizer_client
    room = event.rooms[1]

    response = client.post(
        f"/events/{event.slug}/rooms/{room.id}",
        data={"action": "save", "name": "Room 101", "capacity": "22"},
    )

    assert response.status_code == 302
    stored = fresh(Room, room.id)
    assert (stored.name, stored.capacity) == ("Room 101", 22)


def test_room_rename_to_a_taken_name_is_refused(organizer_client):
    client, event = organizer_client
    room = event.rooms[1]

    response = client.post(
        f"/events/{event.slug}/rooms/{room.id}",
        data={"action": "save", "name": "LIBRARY", "capacity": "22"},
    )

    assert response.status_code == 422
    assert room_names(event.id) == ["Library", "Room 1"]
    assert "There is a room called" in text(response)  # next to the row, as typed
    assert 'value="LIBRARY"' in response.get_data(as_text=True)


def test_room_rename_with_bad_capacity_is_refused(organizer_client):
    client, event = organizer_client
    room = event.rooms[1]

    response = client.post(
        f"/events/{event.slug}/rooms/{room.id}",
        data={"action": "save", "name": "Renamed", "capacity": "-3"},
    )

    assert response.status_code == 422
    assert fresh(Room, room.id).capacity == 20
    assert "Number must be between 1 and 10000." in text(response)


def test_room_form_removes_a_room(organizer_client):
    client, event = organizer_client

    response = client.post(
        f"/events/{event.slug}/rooms/{event.rooms[0].id}", data={"action": "remove"}
    )

    assert response.status_code == 302
    assert room_names(event.id) == ["Room 1"]


def _schedule(event, room, slot) -> None:
    attendee = Attendee(event=event, name="Pat", token_hash="h", feed_token="f")
    proposal = Proposal(event=event, proposer=attendee, title="Podcasting")
    schedule = Schedule(event_id=event.id)
    db.session.add_all([attendee, proposal, schedule])
    db.session.flush()
    db.session.add(
        ScheduleEntry(schedule_id=schedule.id, proposal_id=proposal.id, room=room, slot=slot)
    )
    db.session.commit()


def test_room_removal_refused_while_scheduled_on_the_page(organizer_client):
    client, event = organizer_client
    _schedule(event, event.rooms[0], event.slots[0])

    client.post(f"/events/{event.slug}/rooms/{event.rooms[0].id}", data={"action": "remove"})

    assert room_names(event.id) == ["Library", "Room 1"]
    page = text(client.get(f"/events/{event.slug}/manage"))
    assert "Sessions are scheduled in this room. Move them first." in page


def test_another_events_room_is_404_on_the_page(organizer_client, make_event):
    client, event = organizer_client
    other = make_event()

    response = client.post(
        f"/events/{event.slug}/rooms/{other.rooms[0].id}", data={"action": "remove"}
    )

    assert response.status_code == 404
    assert room_names(other.id) == ["Library", "Room 1"]


# Slots ----------------------------------------------------------------------------------------


def slot_times(event_id: int) -> list[str]:
    db.session.rollback()
    slots = db.session.query(Slot).filter_by(event_id=event_id).order_by(Slot.starts_at)
    return [f"{s.starts_at:%H:%M}" for s in slots]


def test_slot_form_adds_a_slot(organizer_client):
    client, event = organizer_client

    response = client.post(
        f"/events/{event.slug}/slots", data={"starts_at": "8:00", "ends_at": "08:45"}
    )

    assert response.status_code == 302
    assert slot_times(event.id) == ["08:00", "09:00", "10:00"]
    page = text(client.get(f"/events/{event.slug}/manage"))
    assert page.index("08:00–08:45") < page.index("09:00–09:50")  # shown sorted


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"starts_at": "09:30", "ends_at": "10:15"}, "That overlaps the 09:00-09:50 slot."),
        ({"starts_at": "12:00", "ends_at": "11:00"}, "A slot must end after it starts."),
        ({"starts_at": "25:00", "ends_at": "26:00"}, "25:00 is not a time of day."),
        ({"starts_at": "13pm", "ends_at": "14:00"}, "with am/pm the hour is 1 to 12"),
        ({"starts_at": "nine", "ends_at": "11:00"}, "Use a time like 9:30, 14:15 or 2:15pm."),
        ({"starts_at": "", "ends_at": "11:00"}, "This field is required."),
        ({"starts_at": "1" * 10_000, "ends_at": "11:00"}, "Use a time like 9:30"),
    ],
)
def test_slot_form_shows_errors(organizer_client, data, message):
    client, event = organizer_client

    response = client.post(f"/events/{event.slug}/slots", data=data)

    assert response.status_code == 422
    assert message in text(response)
    assert slot_times(event.id) == ["09:00", "10:00"]


def test_slot_form_removes_a_slot(organizer_client):
    client, event = organizer_client

    response = client.post(f"/events/{event.slug}/slots/{event.slots[0].id}/remove")

    assert response.status_code == 302
    assert slot_times(event.id) == ["10:00"]


def test_slot_removal_refused_while_scheduled_on_the_page(organizer_client):
    client, event = organizer_client
    _schedule(event, event.rooms[0], event.slots[0])

    client.post(f"/events/{event.slug}/slots/{event.slots[0].id}/remove")

    assert slot_times(event.id) == ["09:00", "10:00"]
    assert "Sessions are scheduled in this slot." in text(
        client.get(f"/events/{event.slug}/manage")
    )


def test_another_events_slot_is_404_on_the_page(organizer_client, make_event):
    client, event = organizer_client
    other = make_event()

    response = client.post(f"/events/{event.slug}/slots/{other.slots[0].id}/remove")

    assert response.status_code == 404
    assert slot_times(other.id) == ["09:00", "10:00"]


# Co-organizers ----------------------------------------------------------------------------


def test_co_organizer_form_mails_an_invitation_whether_or_not_they_have_an_account(
    organizer_client, make_organizer
):
    client, event = organizer_client
    make_organizer(email="colleague@school.test")

    known = client.post(f"/events/{event.slug}/organizers", data={"email": "colleague@school.test"})
    unknown = client.post(f"/events/{event.slug}/organizers", data={"email": "who@school.test"})

    assert known.status_code == unknown.status_code == 302
    page = text(client.get(f"/events/{event.slug}/manage"))
    assert "Invitation sent to colleague@school.test." in page
    assert "Invitation sent to who@school.test." in page
    assert len(fresh(Event, event.id).organizers) == 1  # nobody is added before accepting


def test_co_organizer_form_with_invalid_email_is_422(organizer_client):
    client, event = organizer_client

    response = client.post(f"/events/{event.slug}/organizers", data={"email": "not an email"})

    assert response.status_code == 422
    assert "Invalid email address." in text(response)
    assert len(fresh(Event, event.id).organizers) == 1


def test_forms_need_a_csrf_token_when_enabled(make_app, make_event):
    event = make_event()
    client = make_app(WTF_CSRF_ENABLED=True).test_client()

    response = client.post(f"/events/{event.slug}/rooms", data={"name": "Gym", "capacity": "5"})

    assert response.status_code == 400
    assert "This form has expired." in text(response)
    assert room_names(event.id) == ["Library", "Room 1"]


# Junk in every field of every organizer form ---------------------------------------------------

FORM_JUNK = [
    "",
    " ",
    "x" * 10_000,
    "<script>alert(1)</script>",
    "-1",
    "0",
    "1e5",
    "nan",
    "99999999999999999999999",
    "\u202eevil",
    "25:99",
    "9999-99-99",
    "00:00",
]
FORM_FIELDS = {
    "/events/new": list(NEW_EVENT),
    "/events/{slug}/manage": [f for f in NEW_EVENT if f != "slug"],
    "/events/{slug}/voting": ["voting", "show_counts"],
    "/events/{slug}/rooms": ["name", "capacity"],
    "/events/{slug}/rooms/{room_id}": ["name", "capacity", "action"],
    "/events/{slug}/slots": ["starts_at", "ends_at"],
    "/events/{slug}/slots/{slot_id}/remove": [],
    "/events/{slug}/slots/{slot_id}": ["starts_at", "ends_at", "break_label", "action"],
    "/events/{slug}/organizers": ["email"],
}


def test_junk_in_organizer_forms_is_never_a_500(organizer_client):
    client, event = organizer_client
    ids = {"slug": event.slug, "room_id": event.rooms[1].id, "slot_id": 999_999}
    valid = {
        **NEW_EVENT,
        "voting": "open",
        "capacity": "5",
        "starts_at": "16:00",
        "ends_at": "16:30",
        "email": "x@school.test",
        "action": "save",
        "show_counts": "y",
        "break_label": "",
    }

    for template, fields in FORM_FIELDS.items():
        url = template.format(**ids)
        for field in fields:
            for junk in FORM_JUNK:
                data = {**{f: valid[f] for f in fields}, field: junk}
                response = client.post(url, data=data)
                assert response.status_code < 500, (url, field, junk)
                assert "<script>alert(1)</script>" not in response.get_data(as_text=True)


@pytest.mark.parametrize(
    ("starts", "ends"),
    [("11.00", "11.45"), ("11:00am", "11:45 am"), ("11h00", "11:45"), ("11:00", "11:45a.m.")],
)
def test_slot_form_accepts_times_as_people_type_them(organizer_client, starts, ends):
    client, event = organizer_client

    response = client.post(
        f"/events/{event.slug}/slots", data={"starts_at": starts, "ends_at": ends}
    )

    assert response.status_code == 302
    assert slot_times(event.id) == ["09:00", "10:00", "11:00"]


def test_slot_form_reads_pm_as_afternoon(organizer_client):
    client, event = organizer_client
    client.post(f"/events/{event.slug}/slots", data={"starts_at": "2:15pm", "ends_at": "3 pm"})
    assert slot_times(event.id) == ["09:00", "10:00", "14:15"]


def _steps(client, event) -> dict[str, bool]:
    page = text(client.get(f"/events/{event.slug}/manage"))
    section = page[
        page.index('class="setup-steps"') : page.index("</ol>", page.index("setup-steps"))
    ]
    import re

    return {
        label.strip(): state == "done"
        for state, label in re.findall(
            r'<li class="(done|todo)">.*?<a [^>]*>([^<]+)</a>', section, re.S
        )
    }


def test_setup_checklist_shows_what_is_done(client, make_event, make_attendee, login):
    event = make_event(rooms=[], slots=[])
    login(event.organizers[0])
    steps = _steps(client, event)
    assert steps["Add rooms"] is False
    assert steps["Add time slots"] is False
    assert steps["Put up the join poster"] is False
    assert steps["Publish the schedule"] is False

    client.post(f"/events/{event.slug}/rooms", data={"name": "Gym", "capacity": "30"})
    client.post(f"/events/{event.slug}/slots", data={"starts_at": "9:00", "ends_at": "9:45"})
    make_attendee(event, "Scanner")
    steps = _steps(client, event)
    assert steps["Add rooms"] is True
    assert steps["Add time slots"] is True
    assert steps["Put up the join poster"] is True
    assert steps["Build the grid"] is False
