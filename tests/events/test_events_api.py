"""Events through the API: create, read, change; who may; every bad input a clear 4xx."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from sqlalchemy import insert

from edcamp.events import service
from edcamp.events.service import JOIN_CODE_ALPHABET, new_join_code
from edcamp.extensions import db
from edcamp.models import Event
from tests.helpers import bearer, error_code

VALID = {"slug": "spring-26", "name": "Edcamp Spring", "date": "2026-05-09", "timezone": "UTC"}


@pytest.fixture
def organizer_headers(make_organizer, organizer_token):
    organizer = make_organizer()
    return organizer, bearer(organizer_token(organizer))


def stored_events() -> list[Event]:
    db.session.rollback()
    return db.session.query(Event).all()


# Create --------------------------------------------------------------------------------------


def test_create_event_returns_201_with_join_code(client, organizer_headers):
    organizer, headers = organizer_headers

    response = client.post(
        "/api/v1/events",
        json={**VALID, "venue": "Lincoln High", "votes_per_attendee": 3},
        headers=headers,
    )

    assert response.status_code == 201
    body = response.get_json()
    assert body["slug"] == "spring-26"
    assert body["venue"] == "Lincoln High"
    assert body["votes_per_attendee"] == 3
    assert body["voting"] == "open"
    assert len(body["join_code"]) == 6
    assert set(body["join_code"]) <= set(JOIN_CODE_ALPHABET)
    assert body["organizers"] == [organizer.email]
    [event] = stored_events()
    assert event.join_code == body["join_code"]
    assert event.is_organizer(organizer)


def test_create_event_defaults_to_five_votes(client, organizer_headers):
    _organizer, headers = organizer_headers

    response = client.post("/api/v1/events", json=VALID, headers=headers)

    assert response.get_json()["votes_per_attendee"] == 5


def test_create_event_needs_an_organizer(client):
    response = client.post("/api/v1/events", json=VALID)

    assert response.status_code == 401
    assert error_code(response) == "unauthorized"
    assert stored_events() == []


def test_attendee_cannot_create_an_event(client, make_event, make_attendee):
    _attendee, token = make_attendee(make_event())

    response = client.post("/api/v1/events", json=VALID, headers=bearer(token))

    assert response.status_code == 401
    assert len(stored_events()) == 1


def test_duplicate_slug_is_409(client, organizer_headers, make_event):
    make_event(slug="spring-26")
    _organizer, headers = organizer_headers

    response = client.post("/api/v1/events", json=VALID, headers=headers)

    assert response.status_code == 409
    assert error_code(response) == "slug_taken"
    assert len(stored_events()) == 1


@pytest.mark.parametrize(
    "slug",
    [
        "Spring",
        "spring 26",
        "-spring",
        "spring-",
        "spring_26",
        "new",
        "join",
        "api",
        "a" * 65,
        "<script>",
        "",
        "ünï",
    ],
)
def test_bad_slug_is_422(client, organizer_headers, slug):
    _organizer, headers = organizer_headers

    response = client.post("/api/v1/events", json={**VALID, "slug": slug}, headers=headers)

    assert response.status_code == 422
    assert response.get_json()["error"]["field"] == "slug"
    assert stored_events() == []


@pytest.mark.parametrize("slug", ["ab", "a1", "edcamp-boston-2026", "a" * 64])
def test_good_slugs_are_accepted(client, organizer_headers, slug):
    _organizer, headers = organizer_headers

    response = client.post("/api/v1/events", json={**VALID, "slug": slug}, headers=headers)

    assert response.status_code == 201
    assert response.get_json()["slug"] == slug


@pytest.mark.parametrize("timezone", ["Mars/Olympus", "EST5", "utc ", "../../etc/passwd", "x" * 64])
def test_invalid_timezone_is_422(client, organizer_headers, timezone):
    _organizer, headers = organizer_headers

    response = client.post("/api/v1/events", json={**VALID, "timezone": timezone}, headers=headers)

    assert response.status_code == 422
    assert error_code(response) == "invalid"
    assert response.get_json()["error"]["field"] == "timezone"
    assert stored_events() == []


@pytest.mark.parametrize("votes", [0, -1, 51, 10**30, "5", 5.5, True, None, [5]])
def test_votes_per_attendee_out_of_bounds_or_wrong_type_is_422(client, organizer_headers, votes):
    _organizer, headers = organizer_headers

    response = client.post(
        "/api/v1/events", json={**VALID, "votes_per_attendee": votes}, headers=headers
    )

    if votes is None:  # null means "use the default"
        assert response.status_code == 201
        assert response.get_json()["votes_per_attendee"] == 5
        return
    assert response.status_code == 422
    assert response.get_json()["error"]["field"] == "votes_per_attendee"
    assert stored_events() == []


@pytest.mark.parametrize("votes", [1, 50])
def test_votes_per_attendee_bounds_are_inclusive(client, organizer_headers, votes):
    _organizer, headers = organizer_headers

    response = client.post(
        "/api/v1/events", json={**VALID, "votes_per_attendee": votes}, headers=headers
    )

    assert response.status_code == 201
    assert response.get_json()["votes_per_attendee"] == votes


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"name": None}, "name"),
        ({"name": "   "}, "name"),
        ({"name": 12}, "name"),
        ({"name": "x" * 10_000}, "name"),
        ({"date": "09/05/2026"}, "date"),
        ({"date": "2026-02-30"}, "date"),
        ({"date": 20260509}, "date"),
        ({"date": "9999-12-31"}, "date"),
        ({"date": "0001-01-01"}, "date"),
        ({"timezone": None}, "timezone"),
        ({"timezone": ["UTC"]}, "timezone"),
        ({"venue": "v" * 10_000}, "venue"),
        ({"venue": {"a": 1}}, "venue"),
        ({"hashtag": "#two words"}, "hashtag"),
        ({"slug": None}, "slug"),
        ({"slug": 7}, "slug"),
        ({"colour": "red"}, "colour"),
    ],
)
def test_create_event_with_bad_field_is_422_and_stores_nothing(
    client, organizer_headers, change, field
):
    _organizer, headers = organizer_headers
    body = {**VALID, **change}
    body = {k: v for k, v in body.items() if v is not None}

    response = client.post("/api/v1/events", json=body, headers=headers)

    assert response.status_code == 422
    assert error_code(response) == "invalid"
    assert response.get_json()["error"]["field"] == field
    assert stored_events() == []


def test_notes_template_must_be_a_web_link(client, organizer_headers):
    _organizer, headers = organizer_headers

    response = client.post(
        "/api/v1/events",
        json={**VALID, "notes_url_template": "javascript:alert(1)"},
        headers=headers,
    )

    assert response.status_code == 422
    assert response.get_json()["error"]["field"] == "notes_url_template"
    assert stored_events() == []


def test_hashtag_is_normalised_with_a_hash(client, organizer_headers):
    _organizer, headers = organizer_headers

    response = client.post("/api/v1/events", json={**VALID, "hashtag": "EdcampX"}, headers=headers)

    assert response.get_json()["hashtag"] == "#EdcampX"


def test_html_in_event_name_is_kept_as_text(client, organizer_headers):
    _organizer, headers = organizer_headers
    name = '<script>alert("x")</script>'

    response = client.post("/api/v1/events", json={**VALID, "name": name}, headers=headers)

    assert response.get_json()["name"] == name
    page = client.get("/events/spring-26").get_data(as_text=True)
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert" in page


@pytest.mark.parametrize(
    ("data", "content_type"),
    [
        ("slug=x&name=y", "application/x-www-form-urlencoded"),
        ("{not json", "application/json"),
        ('["a", "list"]', "application/json"),
        ('"a string"', "application/json"),
        ("42", "application/json"),
    ],
)
def test_non_object_body_is_400(client, organizer_headers, data, content_type):
    _organizer, headers = organizer_headers

    response = client.post("/api/v1/events", data=data, content_type=content_type, headers=headers)

    assert response.status_code == 400
    assert error_code(response) == "bad_json"
    assert stored_events() == []


def test_double_submit_creates_one_event(client, organizer_headers):
    _organizer, headers = organizer_headers

    first = client.post("/api/v1/events", json=VALID, headers=headers)
    second = client.post("/api/v1/events", json=VALID, headers=headers)

    assert first.status_code == 201
    assert second.status_code == 409
    assert len(stored_events()) == 1


# Join codes -------------------------------------------------------------------------------


def test_join_codes_avoid_ambiguous_characters():
    assert not set("0O1IL") & set(JOIN_CODE_ALPHABET)


def test_join_codes_are_unique_across_events(make_event):
    events = [make_event() for _ in range(15)]

    codes = [e.join_code for e in events]

    assert len(set(codes)) == len(codes)
    assert all(len(c) == 6 and set(c) <= set(JOIN_CODE_ALPHABET) for c in codes)


def test_new_join_code_skips_taken_codes(app, make_event, monkeypatch):
    event = make_event()
    picks = iter(event.join_code + "ABCDEF")  # first draw repeats a taken code
    monkeypatch.setattr("edcamp.events.service.secrets.choice", lambda _alphabet: next(picks))

    code = new_join_code()

    assert code == "ABCDEF"


# Read ---------------------------------------------------------------------------------------


def test_get_event_shows_join_code_only_to_its_organizers(
    client, make_event, make_organizer, organizer_token, make_attendee
):
    event = make_event()
    _attendee, attendee_token = make_attendee(event)
    stranger = make_organizer()

    anonymous = client.get(f"/api/v1/events/{event.slug}").get_json()
    attendee = client.get(f"/api/v1/events/{event.slug}", headers=bearer(attendee_token)).get_json()
    other = client.get(
        f"/api/v1/events/{event.slug}", headers=bearer(organizer_token(stranger))
    ).get_json()
    own = client.get(
        f"/api/v1/events/{event.slug}", headers=bearer(organizer_token(event.organizers[0]))
    ).get_json()

    for body in (anonymous, attendee, other):
        assert "join_code" not in body
        assert "organizers" not in body
        assert body["name"] == "Edcamp Test"
    assert own["join_code"] == event.join_code


def test_get_event_lists_rooms_and_sorted_slots_with_offsets(client, make_event):
    event = make_event(
        rooms=[("Library", 30)], slots=[("13:00", "13:50"), ("09:00", "09:50"), ("10:00", "10:50")]
    )

    body = client.get(f"/api/v1/events/{event.slug}").get_json()

    assert [r["name"] for r in body["rooms"]] == ["Library"]
    assert [s["starts_at"] for s in body["slots"]] == [
        "2026-06-13T09:00:00-04:00",
        "2026-06-13T10:00:00-04:00",
        "2026-06-13T13:00:00-04:00",
    ]


def test_get_unknown_event_is_404(client):
    response = client.get("/api/v1/events/nope")

    assert response.status_code == 404
    assert error_code(response) == "event_not_found"


# Change -------------------------------------------------------------------------------------


@pytest.fixture
def event_and_headers(make_event, organizer_token):
    event = make_event()
    return event, bearer(organizer_token(event.organizers[0]))


def test_patch_changes_fields(client, event_and_headers):
    event, headers = event_and_headers

    response = client.patch(
        f"/api/v1/events/{event.slug}",
        json={"name": "Renamed", "venue": "Gym", "votes_per_attendee": 3},
        headers=headers,
    )

    assert response.status_code == 200
    assert response.get_json()["name"] == "Renamed"
    [stored] = stored_events()
    assert (stored.name, stored.venue, stored.votes_per_attendee) == ("Renamed", "Gym", 3)


def test_patch_closes_and_opens_voting(client, event_and_headers):
    event, headers = event_and_headers

    closed = client.patch(
        f"/api/v1/events/{event.slug}", json={"voting": "closed"}, headers=headers
    )
    assert closed.get_json()["voting"] == "closed"
    assert stored_events()[0].voting == "closed"

    opened = client.patch(f"/api/v1/events/{event.slug}", json={"voting": "open"}, headers=headers)
    assert opened.get_json()["voting"] == "open"
    assert stored_events()[0].voting == "open"


def test_patch_schedules_and_clears_the_voting_close(client, event_and_headers):
    event, headers = event_and_headers
    url = f"/api/v1/events/{event.slug}"
    closed = client.patch(url, json={"voting": "closed"}, headers=headers)
    assert closed.get_json()["voting"] == "closed"

    # A local time is in the event's zone (America/New_York: UTC-4 in June); scheduling
    # a close opens voting until then.
    scheduled = client.patch(url, json={"voting_closes_at": "2099-06-13T11:30"}, headers=headers)
    assert scheduled.status_code == 200, scheduled.get_json()
    body = scheduled.get_json()
    assert body["voting"] == "open"
    assert body["voting_closes_at"] == "2099-06-13T11:30:00-04:00"
    assert stored_events()[0].voting_closes_at == datetime(2099, 6, 13, 15, 30)

    with_offset = client.patch(
        url, json={"voting_closes_at": "2099-06-13T16:00:00+00:00"}, headers=headers
    )
    assert with_offset.get_json()["voting_closes_at"] == "2099-06-13T12:00:00-04:00"

    cleared = client.patch(url, json={"voting_closes_at": None}, headers=headers)
    assert cleared.get_json()["voting"] == "open"
    assert cleared.get_json()["voting_closes_at"] is None


@pytest.mark.parametrize(
    "value",
    [
        "2000-01-01T10:00",
        "tomorrow",
        "2099-13-40T10:00",
        "9999-12-31T23:59",
        1700000000,
        "2099-06-13",
        "x" * 100,
    ],
)
def test_patch_refuses_a_bad_or_past_voting_close(client, event_and_headers, value):
    event, headers = event_and_headers
    response = client.patch(
        f"/api/v1/events/{event.slug}", json={"voting_closes_at": value}, headers=headers
    )
    assert response.status_code == 422
    assert response.get_json()["error"]["field"] == "voting_closes_at"
    assert stored_events()[0].voting_closes_at is None


def test_patch_refuses_closing_now_and_later_at_once(client, event_and_headers):
    event, headers = event_and_headers
    response = client.patch(
        f"/api/v1/events/{event.slug}",
        json={"voting": "closed", "voting_closes_at": "2099-06-13T11:30"},
        headers=headers,
    )
    assert response.status_code == 422
    assert stored_events()[0].voting == "open"


def test_patch_toggles_show_counts(client, event_and_headers):
    event, headers = event_and_headers

    response = client.patch(
        f"/api/v1/events/{event.slug}", json={"show_counts": False}, headers=headers
    )

    assert response.get_json()["show_counts"] is False
    assert stored_events()[0].show_counts is False


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"voting": "maybe"}, "voting"),
        ({"voting": True}, "voting"),
        ({"show_counts": "yes"}, "show_counts"),
        ({"show_counts": 1}, "show_counts"),
        ({"votes_per_attendee": 0}, "votes_per_attendee"),
        ({"timezone": "Nowhere/Land"}, "timezone"),
        ({"name": ""}, "name"),
        ({"slug": "renamed"}, "slug"),
        ({"join_code": "AAAAAA"}, "join_code"),
    ],
)
def test_patch_with_bad_field_changes_nothing(client, event_and_headers, change, field):
    event, headers = event_and_headers

    response = client.patch(
        f"/api/v1/events/{event.slug}",
        json={"name": "Should not stick", "show_counts": False, **change},
        headers=headers,
    )

    assert response.status_code == 422
    assert response.get_json()["error"]["field"] == field
    [stored] = stored_events()
    assert stored.name == "Edcamp Test"
    assert stored.show_counts is True
    assert stored.voting == "open"


def test_patch_by_another_organizer_is_403(client, make_event, make_organizer, organizer_token):
    event = make_event()

    response = client.patch(
        f"/api/v1/events/{event.slug}",
        json={"name": "Taken over"},
        headers=bearer(organizer_token(make_organizer())),
    )

    assert response.status_code == 403
    assert error_code(response) == "forbidden"
    assert stored_events()[0].name == "Edcamp Test"


def test_patch_by_anonymous_is_401(client, make_event):
    event = make_event()

    response = client.patch(f"/api/v1/events/{event.slug}", json={"name": "Taken over"})

    assert response.status_code == 401
    assert stored_events()[0].name == "Edcamp Test"


def test_patch_by_attendee_is_401(client, make_event, make_attendee):
    event = make_event()
    _attendee, token = make_attendee(event)

    response = client.patch(
        f"/api/v1/events/{event.slug}", json={"voting": "closed"}, headers=bearer(token)
    )

    assert response.status_code == 401
    assert stored_events()[0].voting == "open"


def test_patch_unknown_event_is_404(client, organizer_headers):
    _organizer, headers = organizer_headers

    response = client.patch("/api/v1/events/nope", json={"name": "x"}, headers=headers)

    assert response.status_code == 404
    assert error_code(response) == "event_not_found"


def test_patch_timezone_moves_the_offsets_of_slot_times(client, event_and_headers):
    event, headers = event_and_headers

    response = client.patch(
        f"/api/v1/events/{event.slug}", json={"timezone": "Europe/Berlin"}, headers=headers
    )

    assert response.status_code == 200
    assert response.get_json()["slots"][0]["starts_at"] == "2026-06-13T09:00:00+02:00"
    assert stored_events()[0].timezone == "Europe/Berlin"


def test_slug_taken_by_a_concurrent_request_is_409(client, organizer_headers, monkeypatch):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("SQLite serialises writing requests: this race needs PostgreSQL")
    _organizer, headers = organizer_headers
    real_new_join_code = service.new_join_code

    def rival_commits_in_between() -> str:
        """Runs after the slug check: another request inserts the same slug and commits."""
        with db.engine.begin() as connection:
            connection.execute(
                insert(Event).values(
                    slug=VALID["slug"],
                    name="Rival",
                    date=date(2026, 5, 9),
                    timezone="UTC",
                    join_code="RIVAL2",
                )
            )
        return real_new_join_code()

    monkeypatch.setattr(service, "new_join_code", rival_commits_in_between)

    response = client.post("/api/v1/events", json=VALID, headers=headers)

    assert response.status_code == 409
    assert error_code(response) == "slug_taken"
    assert [e.name for e in stored_events()] == ["Rival"]
