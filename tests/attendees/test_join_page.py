"""Joining from a phone: the join page, the typed-code entry, the short link, the event hub."""

from __future__ import annotations

import html
import re

import pytest

from edcamp.extensions import db
from edcamp.models import Attendee


def text(response) -> str:
    """The page as a reader sees it: tags dropped, entities decoded, whitespace collapsed."""
    without_tags = re.sub(r"<[^>]+>", " ", response.get_data(as_text=True))
    return " ".join(html.unescape(without_tags).split()).replace(" .", ".")


def attendees() -> list[Attendee]:
    db.session.rollback()
    return db.session.query(Attendee).order_by(Attendee.id).all()


@pytest.fixture
def event(make_event):
    return make_event(slug="spring-26", name="Edcamp Spring", venue="Lincoln High")


# The join page -------------------------------------------------------------------------------


def test_join_page_is_prefilled_from_the_qr_code(client, event):
    response = client.get(f"/events/spring-26/join?code={event.join_code}")

    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Join Edcamp Spring" in page
    assert re.search(rf'name="code"[^>]*value="{event.join_code}"', page)


def test_consent_checkbox_is_unchecked_by_default(client, event):
    page = client.get(f"/events/spring-26/join?code={event.join_code}").get_data(as_text=True)

    consent = re.search(r'<input[^>]*name="share_contact"[^>]*>', page).group(0)
    assert "checked" not in consent
    assert "Leave it unticked and you appear in no list." in " ".join(page.split())


def test_join_creates_the_attendee_and_remembers_the_phone(client, event):
    response = client.post(
        "/events/spring-26/join",
        data={
            "code": event.join_code,
            "name": "  Pat   Teacher ",
            "email": "Pat@School.test",
            "role": "Librarian",
            "subjects": "Math, Science",
            "grade_levels": ["3-5", "6-8"],
            "mastodon": "pat@mastodon.social",
            "share_contact": "y",
        },
    )

    assert response.status_code == 302
    assert response.headers["Location"] == "/events/spring-26"
    [pat] = attendees()
    assert pat.event_id == event.id
    assert pat.name == "Pat Teacher"
    assert pat.email == "pat@school.test"
    assert pat.role == "Librarian"
    assert pat.subjects == ["Math", "Science"]
    assert pat.grade_levels == ["3-5", "6-8"]
    assert pat.mastodon == "@pat@mastodon.social"
    assert pat.share_contact is True
    hub = text(client.get("/events/spring-26"))
    assert "Welcome, Pat Teacher! You're in." in hub
    assert "Signed in on this phone as Pat Teacher." in hub


def test_join_without_consent_stores_no_consent(client, event):
    client.post("/events/spring-26/join", data={"code": event.join_code, "name": "Sam"})

    [sam] = attendees()
    assert sam.share_contact is False
    assert sam.share_email is False


def test_typed_code_is_forgiving_about_case_spaces_and_hyphens(client, event):
    typed = f"{event.join_code[:3].lower()}-{event.join_code[3:].lower()} "

    response = client.post("/events/spring-26/join", data={"code": typed, "name": "Sam"})

    assert response.status_code == 302
    assert len(attendees()) == 1


def test_wrong_code_shows_a_message_and_stores_nothing(client, event):
    response = client.post("/events/spring-26/join", data={"code": "ZZZZZZ", "name": "Sam"})

    assert response.status_code == 422
    assert "That join code is not right. Check the poster and try again." in text(response)
    assert attendees() == []
    assert "Signed in on this phone" not in text(client.get("/events/spring-26"))


def test_another_events_code_does_not_join_this_one(client, event, make_event):
    other = make_event()

    response = client.post("/events/spring-26/join", data={"code": other.join_code, "name": "S"})

    assert response.status_code == 422
    assert attendees() == []


def test_second_join_from_the_same_phone_makes_no_second_attendee(client, event):
    data = {"code": event.join_code, "name": "Sam"}
    client.post("/events/spring-26/join", data=data)

    again = client.post("/events/spring-26/join", data={**data, "name": "Sam again"})
    rescan = client.get(f"/events/spring-26/join?code={event.join_code}")

    assert again.status_code == 302
    assert again.headers["Location"] == "/events/spring-26"
    assert rescan.status_code == 302
    assert [a.name for a in attendees()] == ["Sam"]


def test_joining_one_event_does_not_join_another(client, event, make_event):
    other = make_event(name="Other Edcamp")
    client.post("/events/spring-26/join", data={"code": event.join_code, "name": "Sam"})

    response = client.get(f"/events/{other.slug}/join?code={other.join_code}")

    assert response.status_code == 200
    assert "Join Other Edcamp" in text(response)


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"name": ""}, "This field is required."),
        ({"name": "N" * 10_000}, "Field cannot be longer than 80 characters."),
        ({"code": ""}, "This field is required."),
        ({"code": "C" * 10_000}, "Field cannot be longer than 12 characters."),
        ({"email": "not-an-email"}, "Invalid email address."),
        ({"website": "javascript:alert(1)"}, "Website"),
        ({"website": "example.org/" + "a" * 283}, "Website: too long (at most 300 characters)."),
        ({"blog_feed": "ftp://example.org/feed"}, "Blog feed"),
        ({"mastodon": "not a handle at all"}, "Mastodon"),
        ({"x": "@" + "x" * 40}, "X"),
        ({"role": "Wizard"}, "Not a valid choice."),
        ({"grade_levels": ["Kindergarten+"]}, "not a valid choice"),
        ({"linkedin": "x" * 10_000}, "Field cannot be longer than 300 characters."),
    ],
)
def test_join_form_errors_are_shown_and_nothing_is_stored(client, event, fields, message):
    data = {"code": event.join_code, "name": "Sam", **fields}

    response = client.post("/events/spring-26/join", data=data)

    assert response.status_code == 422
    page = text(response)
    assert "Please fix the" in page
    assert message in page
    assert attendees() == []


def test_javascript_website_error_sits_on_the_website_field(client, event):
    response = client.post(
        "/events/spring-26/join",
        data={"code": event.join_code, "name": "Sam", "website": "javascript:alert(1)"},
    )

    page = response.get_data(as_text=True)
    assert re.search(r'<p class="error" id="website-error">[^<]+</p>', page)
    assert 'href="javascript:' not in page


def test_html_in_the_name_stays_escaped(client, event):
    name = '<script>alert("hi")</script>'

    client.post("/events/spring-26/join", data={"code": event.join_code, "name": name})

    [attendee] = attendees()
    assert attendee.name == name
    raw = client.get("/events/spring-26").get_data(as_text=True)
    assert "<script>alert" not in raw
    assert "&lt;script&gt;alert(" in raw


def test_join_page_of_unknown_event_is_404(client):
    response = client.get("/events/nope/join?code=ABCDEF")

    assert response.status_code == 404
    assert "There is no event at that address." in text(response)


def test_join_form_needs_a_csrf_token_when_enabled(make_app, event):
    phone = make_app(WTF_CSRF_ENABLED=True).test_client()

    refused = phone.post("/events/spring-26/join", data={"code": event.join_code, "name": "Sam"})
    page = phone.get(f"/events/spring-26/join?code={event.join_code}").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    accepted = phone.post(
        "/events/spring-26/join",
        data={"code": event.join_code, "name": "Sam", "csrf_token": token},
    )

    assert refused.status_code == 400
    assert accepted.status_code == 302
    assert len(attendees()) == 1


# Typed code and short link -------------------------------------------------------------------


def test_code_entry_page_asks_for_the_code(client):
    response = client.get("/join")

    assert response.status_code == 200
    assert "Join an event" in text(response)


def test_code_entry_finds_the_event(client, event):
    response = client.post("/join", data={"code": event.join_code.lower()})

    assert response.status_code == 302
    assert response.headers["Location"] == f"/events/spring-26/join?code={event.join_code}"


@pytest.mark.parametrize("code", ["ZZZZZZ", "C" * 10_000, "<b>x</b>"])
def test_code_entry_with_an_unknown_code_says_so(client, event, code):
    response = client.post("/join", data={"code": code})

    assert response.status_code == 422
    assert "Please fix the problem below." in text(response)
    assert "<b>x</b>" not in response.get_data(as_text=True)


def test_code_entry_with_unknown_code_names_the_poster(client, event):
    response = client.post("/join", data={"code": "ZZZZZZ"})

    assert "No event has that code. Check the poster." in text(response)


def test_short_link_leads_to_the_events_join_page(client, event):
    response = client.get(f"/j/{event.join_code}", follow_redirects=True)

    assert response.status_code == 200
    assert response.request.path == "/events/spring-26/join"
    assert "Join Edcamp Spring" in text(response)


def test_short_link_with_a_wrong_code_asks_again(client, event):
    response = client.get("/j/ZZZZZZ", follow_redirects=True)

    assert response.status_code == 422
    assert "No event has that code." in text(response)


def test_short_link_with_a_huge_code_is_a_clear_error(client, event):
    response = client.get("/j/" + "A" * 10_000, follow_redirects=True)

    assert response.status_code == 422
    assert "No event has that code." in text(response)


# The event hub ---------------------------------------------------------------------------------


def test_event_hub_invites_an_anonymous_visitor_to_join(client, event):
    response = client.get("/events/spring-26")

    assert response.status_code == 200
    page = text(response)
    assert "Edcamp Spring" in page
    assert "Lincoln High" in page
    assert 'href="/events/spring-26/join"' in response.get_data(as_text=True)
    assert "Signed in on this phone" not in page


def test_event_hub_greets_the_joined_phone(client, event, join_as):
    join_as(event, name="Robin")

    response = client.get("/events/spring-26")

    assert "Signed in on this phone as Robin." in text(response)
    assert 'href="/events/spring-26/join"' not in response.get_data(as_text=True)


def test_event_hub_of_unknown_event_is_404(client):
    response = client.get("/events/nope")

    assert response.status_code == 404
    assert "Not found" in text(response)


JOIN_FIELDS = [
    "code",
    "name",
    "email",
    "role",
    "subjects",
    "grade_levels",
    "mastodon",
    "bluesky",
    "x",
    "linkedin",
    "website",
    "blog_feed",
    "share_contact",
    "share_email",
]
FORM_JUNK = [
    "",
    " ",
    "x" * 10_000,
    "<script>alert(1)</script>",
    "-1",
    "\u202eevil",
    "javascript:alert(1)",
    "https://",
    "@",
    "@@",
    "http://[::1",
    "a" * 301,
    "ß@ü.de",
]


def test_junk_in_any_join_field_is_never_a_500(app, event):
    for field in JOIN_FIELDS:
        for junk in FORM_JUNK:
            phone = app.test_client()  # a fresh phone each time, so every post really joins
            data = {"code": event.join_code, "name": "Sam", field: junk}

            response = phone.post("/events/spring-26/join", data=data)

            assert response.status_code in (302, 422), (field, junk)
            assert "<script>alert(1)</script>" not in response.get_data(as_text=True)
    db.session.rollback()
    assert all(a.event_id == event.id for a in db.session.query(Attendee))
