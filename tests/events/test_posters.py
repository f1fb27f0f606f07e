"""The join QR code (SVG, PNG) and the printable poster: organizer-only, and right."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET

import pytest
import zxingcpp
from PIL import Image

from edcamp.extensions import db
from tests.helpers import bearer, error_code

POSTER_URLS = ("/events/{slug}/join.svg", "/events/{slug}/join.png", "/events/{slug}/poster")


@pytest.fixture
def organizer_client(client, make_event, login):
    event = make_event(slug="spring-26", name="Edcamp Spring", hashtag="#EdcampSpring")
    login(event.organizers[0])
    return client, event


@pytest.mark.parametrize("url", POSTER_URLS)
def test_posters_redirect_anonymous_to_login(client, make_event, url):
    event = make_event()

    response = client.get(url.format(slug=event.slug))

    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login?next=")


@pytest.mark.parametrize("url", POSTER_URLS)
def test_posters_are_403_for_another_organizer(client, make_event, make_organizer, login, url):
    event = make_event()
    login(make_organizer())

    response = client.get(url.format(slug=event.slug))

    assert response.status_code == 403
    assert event.join_code.encode() not in response.data
    assert b"Not allowed" in response.data


@pytest.mark.parametrize("url", POSTER_URLS)
def test_posters_send_an_attendee_to_organizer_login(client, make_event, join_as, url):
    event = make_event()
    join_as(event)

    response = client.get(url.format(slug=event.slug))

    assert response.status_code == 302  # attendees are not signed-in organizers
    assert response.headers["Location"].startswith("/login?next=")
    assert event.join_code.encode() not in response.data


@pytest.mark.parametrize("url", POSTER_URLS)
def test_posters_of_unknown_event_are_404(organizer_client, url):
    client, _event = organizer_client

    response = client.get(url.format(slug="nope"))

    assert response.status_code == 404
    assert b"There is no event at that address." in response.data


def test_png_decodes_to_exactly_the_join_url(organizer_client):
    client, event = organizer_client

    response = client.get("/events/spring-26/join.png")

    assert response.status_code == 200
    assert response.mimetype == "image/png"
    image = Image.open(io.BytesIO(response.data))
    [code] = zxingcpp.read_barcodes(image)
    assert code.text == f"https://edcamp.test/events/spring-26/join?code={event.join_code}"


def test_svg_is_valid_xml_with_the_qr_code(organizer_client):
    client, _event = organizer_client

    response = client.get("/events/spring-26/join.svg")

    assert response.status_code == 200
    assert response.mimetype == "image/svg+xml"
    root = ET.fromstring(response.data)
    assert root.tag.endswith("svg")
    assert len(list(root.iter())) > 1  # it draws something


def test_co_organizer_can_get_the_png(client, make_event, make_organizer, login):
    event = make_event()
    colleague = make_organizer()
    event.organizers.append(colleague)
    db.session.commit()
    login(colleague)

    response = client.get(f"/events/{event.slug}/join.png")

    assert response.status_code == 200
    [code] = zxingcpp.read_barcodes(Image.open(io.BytesIO(response.data)))
    assert code.text.endswith(f"?code={event.join_code}")


def test_poster_page_shows_name_code_and_short_url(organizer_client):
    client, event = organizer_client

    response = client.get("/events/spring-26/poster")

    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Edcamp Spring" in page
    assert event.join_code in page
    assert f"https://edcamp.test/j/{event.join_code}" in page
    assert "#EdcampSpring" in page
    assert 'src="/events/spring-26/join.svg"' in page


def test_short_url_on_the_poster_leads_to_the_join_page(organizer_client, app):
    _client, event = organizer_client
    phone = app.test_client()

    short = phone.get(f"/j/{event.join_code}", follow_redirects=True)

    assert short.status_code == 200
    assert short.request.path == "/events/spring-26/join"
    assert f'value="{event.join_code}"' in short.get_data(as_text=True)


def test_poster_escapes_html_in_the_event_name(client, make_event, login):
    event = make_event(name="<script>alert(1)</script>")
    login(event.organizers[0])

    page = client.get(f"/events/{event.slug}/poster").get_data(as_text=True)

    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


@pytest.mark.parametrize("kind", ["png", "svg"])
def test_join_qr_accepts_an_organizer_bearer_token(client, make_event, organizer_token, kind):
    """Scripts that print posters fetch the QR code the way they fetch exports."""
    event = make_event()
    headers = bearer(organizer_token(event.organizers[0]))

    response = client.get(f"/events/{event.slug}/join.{kind}", headers=headers)

    assert response.status_code == 200
    if kind == "png":
        [code] = zxingcpp.read_barcodes(Image.open(io.BytesIO(response.data)))
        assert code.text.endswith(f"/join?code={event.join_code}")
    else:
        assert ET.fromstring(response.data).tag.endswith("svg")


@pytest.mark.parametrize(
    ("token", "status", "code"),
    [("not-a-token", 401, "unauthorized"), ("foreign", 403, "forbidden")],
)
def test_join_qr_refuses_other_tokens_in_json(
    client, make_event, make_organizer, organizer_token, token, status, code
):
    event = make_event()
    if token == "foreign":
        token = organizer_token(make_organizer())

    response = client.get(f"/events/{event.slug}/join.png", headers=bearer(token))

    assert response.status_code == status
    assert error_code(response) == code
    assert event.join_code.encode() not in response.data
