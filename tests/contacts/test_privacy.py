"""Nobody without consent appears anywhere; attendees see only their own sessions' people."""

import pytest

from edcamp.contacts.exports import EXPORTS
from tests.contacts.test_attendee_pages import as_attendee
from tests.helpers import bearer

SECRET_BITS = ("Cy Private", "cy@school.test", "@cy@mastodon.social", "cy.example/feed")


def assert_no_trace_of_cy(text: str, where: str) -> None:
    for bit in SECRET_BITS:
        assert bit not in text, f"{bit!r} leaked in {where}"


def organizer_urls(scene):
    slug = scene.event.slug
    urls = [f"/events/{slug}/contacts", f"/events/{slug}/resources"]
    for name in EXPORTS:
        urls.append(f"/events/{slug}/export/{name}")
        for proposal in (scene.maker, scene.podcasts, scene.unscheduled):
            urls.append(f"/events/{slug}/export/{name}?proposal={proposal.id}")
    return urls


def attendee_urls(scene):
    slug = scene.event.slug
    urls = [
        f"/events/{slug}/me/connect",
        f"/events/{slug}/me/follow-up",
        f"/events/{slug}/resources",
    ]
    for name in ("mastodon.csv", "blogs.opml", "bluesky.txt", "bluesky-handles.txt"):
        urls.append(f"/events/{slug}/me/export/{name}")
        urls.append(f"/events/{slug}/me/export/{name}?proposal={scene.maker.id}")
    return urls


@pytest.mark.parametrize("votes_count", [False, True])
def test_a_non_consenting_attendee_is_in_no_organizer_page_or_export(
    client, login, scene, votes_count
):
    from edcamp.extensions import db

    scene.event.people_from_votes = votes_count
    db.session.commit()
    login(scene.organizer)
    for url in organizer_urls(scene):
        response = client.get(url)
        assert response.status_code == 200, url
        assert_no_trace_of_cy(response.get_data(as_text=True), url)


@pytest.mark.parametrize("who", ["ann", "bob", "dee"])
def test_a_non_consenting_attendee_is_in_no_attendee_page_or_download(client, scene, who):
    as_attendee(client, getattr(scene, who))
    for url in attendee_urls(scene):
        response = client.get(url)
        assert response.status_code in (200, 403), url
        assert_no_trace_of_cy(response.get_data(as_text=True), url)


def test_emails_only_with_email_consent(client, scene, organizer_token):
    headers = bearer(organizer_token(scene.organizer))
    for name in ("contacts.csv", "contacts.vcf"):
        text = client.get(f"/events/{scene.event.slug}/export/{name}", headers=headers).text
        assert "ann@school.test" in text
        assert "bob@school.test" not in text


def test_withdrawn_consent_takes_effect_at_once(client, scene, organizer_token):
    headers = bearer(organizer_token(scene.organizer))
    client.patch(
        f"/api/v1/events/{scene.event.slug}/me",
        json={"share_contact": False},
        headers=bearer(scene.bob_token),
    )
    text = client.get(f"/events/{scene.event.slug}/export/contacts.csv", headers=headers).text
    assert "Bob" not in text
    as_attendee(client, scene.ann)
    page = client.get(f"/events/{scene.event.slug}/me/connect").get_data(as_text=True)
    assert "hachyderm.io" not in page


def test_an_attendee_sees_no_list_of_a_session_they_were_not_part_of(client, scene):
    as_attendee(client, scene.dee)
    slug = scene.event.slug
    page = client.get(f"/events/{slug}/me/connect").get_data(as_text=True)
    assert "Makerspaces" not in page
    assert "ann.example" not in page
    denied = client.get(f"/events/{slug}/me/export/mastodon.csv?proposal={scene.maker.id}")
    assert denied.status_code == 403
    assert "@ann@" not in denied.get_data(as_text=True)


def test_an_attendee_cannot_use_organizer_pages(client, scene):
    as_attendee(client, scene.ann)
    slug = scene.event.slug
    for path in ("contacts", "report", "report.csv", "purge", "export/contacts.csv"):
        response = client.get(f"/events/{slug}/{path}")
        assert response.status_code in (302, 401, 403), path
        assert b"Bob" not in response.data


def test_another_events_attendee_sees_nothing_of_this_event(
    client, scene, make_event, make_attendee
):
    other = make_event()
    outsider, token = make_attendee(other, share_contact=True)
    as_attendee(client, outsider)
    slug = scene.event.slug
    assert client.get(f"/events/{slug}/me/connect").status_code == 302  # not joined here
    response = client.get(
        f"/events/{slug}/me/export/mastodon.csv?proposal={scene.maker.id}", headers=bearer(token)
    )
    assert response.status_code == 302
