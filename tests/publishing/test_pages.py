"""Schedule pages: phone schedule with now/next, session, room, projector, print, door signs."""

from __future__ import annotations

import re

import pytest
import zxingcpp
from PIL import Image

from edcamp.extensions import db
from edcamp.publishing.qr import qr_png

from .helpers import add_proposal, publish


@pytest.fixture
def published(make_event, make_attendee):
    event = make_event(
        slug="edcamp-pages",
        rooms=[("Library", 30), ("Room 1", 20)],
        slots=[("09:00", "09:50"), ("10:00", "10:50")],
        hashtag="edcamppages",
        notes_url_template="https://notes.example.org/{event}/{session}",
    )
    host, _ = make_attendee(event, name="Grace Host", show_name=True)
    first = add_proposal(event, host, "Math games", tags=["math"], description="Dice & cards")
    second = add_proposal(event, host, "Podcasts", tags=["media"])
    third = add_proposal(event, host, "Grading less", tags=["assessment"])
    library, room1 = event.rooms
    slot1, slot2 = event.slots
    publish(event, [(first, library, slot1), (second, room1, slot1), (third, library, slot2)])
    return {"event": event, "proposals": (first, second, third), "rooms": (library, room1)}


def text(response) -> str:
    return response.get_data(as_text=True)


def test_phone_schedule_marks_now_and_next(client, published):
    response = client.get("/events/edcamp-pages/schedule?at=2026-06-13T09:15")

    html = text(response)
    assert response.status_code == 200
    now_section = re.search(r'<section class="slot slot-now"[^>]*aria-current="time"', html)
    assert now_section is not None
    shown_now = html.index('badge-now">Now')
    shown_next = html.index('badge-next">Next')
    assert shown_now < html.index("Math games") < shown_next
    assert html.count('badge-now">Now') == html.count('badge-next">Next') == 1
    assert "Grading less" in html
    assert "data-live-clock" not in html  # a preview at a given time stays put


def test_phone_schedule_moves_now_along_by_itself(client, published):
    html = text(client.get("/events/edcamp-pages/schedule"))

    assert "data-live-clock" in html
    assert 'data-starts="2026-06-13T09:00:00-04:00"' in html


def test_phone_schedule_at_takes_an_offset(client, published):
    # 13:15 UTC is 09:15 in New York (EDT)
    html = text(client.get("/events/edcamp-pages/schedule?at=2026-06-13T13:15:00%2B00:00"))

    assert 'id="slot-' in html
    assert html.count('badge-now">Now') == 1


def test_filters_by_room_and_tag(client, published):
    library, room1 = published["rooms"]

    by_room = text(client.get(f"/events/edcamp-pages/schedule?room={room1.id}"))
    by_tag = text(client.get("/events/edcamp-pages/schedule?tag=ASSESSMENT"))

    assert "Podcasts" in by_room
    assert "Math games" not in by_room
    assert "Grading less" in by_tag
    assert "Podcasts" not in by_tag


@pytest.mark.parametrize(
    "query", ["room=abc", "room=999999", "at=yesterday", "at=2026-13-45T99:00"]
)
def test_bad_filters_are_a_clear_4xx(client, published, query):
    response = client.get(f"/events/edcamp-pages/schedule?{query}")

    assert response.status_code == 422
    assert "must be" in text(response) or "no such room" in text(response)


def test_unpublished_schedule_says_so(client, make_event):
    make_event(slug="edcamp-draft")

    response = client.get("/events/edcamp-draft/schedule")

    assert response.status_code == 200
    assert "not published yet" in text(response)


def test_session_page_has_notes_hashtag_and_calendar_links(client, published):
    first = published["proposals"][0]

    response = client.get(f"/events/edcamp-pages/sessions/{first.id}")

    html = text(response)
    assert response.status_code == 200
    assert "Math games" in html
    assert "Dice &amp; cards" in html
    assert "Grace Host" in html
    assert f"https://notes.example.org/edcamp-pages/{first.id}" in html
    assert "#edcamppages" in html
    assert "webcal://edcamp.test/events/edcamp-pages/schedule.ics" in html
    assert f"/events/edcamp-pages/sessions/{first.id}/calendar.ics" in html
    assert "09:00" in html
    assert "Library" in html


def test_per_session_notes_link_wins_over_the_template(client, published):
    first = published["proposals"][0]
    first.notes_url = "https://pad.example.org/math"
    db.session.commit()

    html = text(client.get(f"/events/edcamp-pages/sessions/{first.id}"))

    assert "https://pad.example.org/math" in html
    assert "notes.example.org" not in html


def test_session_not_on_the_grid_is_404(client, published, make_attendee):
    event = published["event"]
    host, _ = make_attendee(event)
    loose = add_proposal(event, host, "Not scheduled")

    response = client.get(f"/events/edcamp-pages/sessions/{loose.id}")

    assert response.status_code == 404


def test_room_page_lists_its_sessions_with_now(client, published):
    library, _ = published["rooms"]

    html = text(client.get(f"/events/edcamp-pages/rooms/{library.id}?at=2026-06-13T10:05"))

    assert "Math games" in html
    assert "Grading less" in html
    assert "Podcasts" not in html
    assert "badge-now" in html
    assert "webcal://edcamp.test/events/edcamp-pages/rooms/" in html


def test_projector_shows_now_and_next_per_room(client, published):
    html = text(client.get("/events/edcamp-pages/now/rows?at=2026-06-13T09:30"))

    library_row = re.search(r"<th scope=\"row\">Library</th>(.*?)</tr>", html, re.S)
    assert library_row is not None
    assert "Math games" in library_row.group(1)
    assert "Grading less" in library_row.group(1)
    page = text(client.get("/events/edcamp-pages/now"))
    assert 'hx-trigger="every 15s, refresh"' in page
    assert "/events/edcamp-pages/now/stream" in page


def test_print_grid_has_rooms_as_columns_and_slots_as_rows(client, published):
    html = text(client.get("/events/edcamp-pages/schedule/print"))

    assert html.count('<th scope="col"') == 3  # time + 2 rooms
    assert html.count('<th scope="row"') == 2
    assert "print-grid.css" in html


def test_door_signs_one_per_room_with_a_qr_of_the_room_page(client, published):
    library, room1 = published["rooms"]

    html = text(client.get("/events/edcamp-pages/door-signs"))

    assert html.count('class="door-sign"') == 2
    assert f"https://edcamp.test/events/edcamp-pages/rooms/{library.id}" in html
    assert html.count("<svg") >= 2


def decode(png: bytes) -> list[str]:
    import io

    image = Image.open(io.BytesIO(png))
    return [result.text for result in zxingcpp.read_barcodes(image)]


def test_room_qr_png_decodes_to_the_room_page(client, published):
    library, _ = published["rooms"]

    response = client.get(f"/events/edcamp-pages/rooms/{library.id}/qr.png")

    assert response.status_code == 200
    assert response.mimetype == "image/png"
    assert decode(response.data) == [f"https://edcamp.test/events/edcamp-pages/rooms/{library.id}"]


def test_qr_urls_are_ascii_even_for_an_international_base_url(client, published, app):
    library, _ = published["rooms"]
    app.config["EDCAMP_BASE_URL"] = "https://édcamp.example"
    try:
        response = client.get(f"/events/edcamp-pages/rooms/{library.id}/qr.png")
    finally:
        app.config["EDCAMP_BASE_URL"] = "https://edcamp.test"

    (url,) = decode(response.data)
    host = "édcamp.example".encode("idna").decode()
    assert url == f"https://{host}/events/edcamp-pages/rooms/{library.id}"
    assert url.isascii()


def test_qr_png_builder_round_trips():
    assert decode(qr_png("https://edcamp.test/events/x/rooms/1")) == [
        "https://edcamp.test/events/x/rooms/1"
    ]


def test_room_qr_of_unknown_room_is_404(client, published):
    response = client.get("/events/edcamp-pages/rooms/999999/qr.svg")

    assert response.status_code == 404
    assert response.get_json()["error"]["code"] == "room_not_found"


def test_star_form_needs_an_attendee(client, published):
    first = published["proposals"][0]

    response = client.post(f"/events/edcamp-pages/sessions/{first.id}/star", data={"starred": "1"})

    assert response.status_code == 302
    assert response.headers["Location"].endswith("/events/edcamp-pages/join")


def test_star_from_the_phone_page(client, published, join_as):
    first = published["proposals"][0]
    join_as(published["event"])

    response = client.post(
        f"/events/edcamp-pages/sessions/{first.id}/star",
        data={"starred": "1", "next": "/events/edcamp-pages/schedule"},
    )
    partial = client.post(
        f"/events/edcamp-pages/sessions/{first.id}/star",
        data={"starred": "0"},
        headers={"HX-Request": "true"},
    )

    assert response.status_code == 302
    assert response.headers["Location"] == "/events/edcamp-pages/schedule"
    assert 'aria-pressed="false"' in text(partial)
    mine = text(client.get("/events/edcamp-pages/schedule"))
    assert "Subscribe to my sessions" in mine
    assert "webcal://edcamp.test/feeds/" in mine


def test_star_redirect_refuses_other_sites(client, published, join_as):
    first = published["proposals"][0]
    join_as(published["event"])

    response = client.post(
        f"/events/edcamp-pages/sessions/{first.id}/star",
        data={"starred": "1", "next": "//evil.example/x"},
    )

    assert response.headers["Location"] == "/events/edcamp-pages/schedule"


def test_starring_an_unknown_session_is_404(client, published, join_as):
    join_as(published["event"])

    response = client.post("/events/edcamp-pages/sessions/999999/star", data={"starred": "1"})

    assert response.status_code == 404


def test_only_my_schedule_filter(client, published, join_as):
    first, second, _ = published["proposals"]
    join_as(published["event"])
    client.post(f"/events/edcamp-pages/sessions/{second.id}/star", data={"starred": "1"})

    html = text(client.get("/events/edcamp-pages/schedule?mine=1"))

    assert "Podcasts" in html
    assert "Math games" not in html


def my_feed_path(client) -> str:
    """The path of the personal calendar link on "Subscribe to my sessions"."""
    html = client.get("/events/edcamp-pages/schedule?mine=1").get_data(as_text=True)
    match = re.search(r'href="webcal://[^/"]+(/feeds/[^"]+\.ics)"', html)
    assert match, "no personal calendar link on the schedule page"
    return match.group(1)


def test_rotating_the_feed_from_the_page(client, published, join_as):
    anonymous = client.post("/events/edcamp-pages/feed/rotate")
    join_as(published["event"])
    before = my_feed_path(client)

    response = client.post("/events/edcamp-pages/feed/rotate")
    after = my_feed_path(client)

    assert anonymous.status_code == 403
    assert response.status_code == 302
    assert after != before
    assert client.get(before).status_code == 404
    assert client.get(after).status_code == 200


def test_star_form_checks_csrf(published, make_app):
    csrf_app = make_app(WTF_CSRF_ENABLED=True)
    first = published["proposals"][0]
    client = csrf_app.test_client()

    response = client.post(f"/events/edcamp-pages/sessions/{first.id}/star", data={"starred": "1"})

    assert response.status_code == 400


@pytest.mark.parametrize(
    "path", ["schedule", "now", "now/rows", "schedule/print", "door-signs", "rooms/{room}"]
)
def test_pages_of_an_unpublished_event_say_so(client, make_event, path):
    event = make_event(slug="edcamp-unpublished")

    response = client.get(f"/events/edcamp-unpublished/{path.format(room=event.rooms[0].id)}")

    assert response.status_code == 200
    assert "not published yet" in text(response)


@pytest.mark.parametrize(
    "path",
    ["schedule", "now", "schedule/print", "door-signs", "sessions/1", "rooms/1", "rooms/1/qr.png"],
)
def test_pages_of_an_unknown_event_are_404(client, path):
    assert client.get(f"/events/no-such-event/{path}").status_code == 404
