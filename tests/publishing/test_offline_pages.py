"""Offline, server side: the service worker and its scope, an installable manifest per event,
the page for pages a phone never saved, and the note every attendee page carries (the time
of the copy on the event's clock, the key its saved copies are kept under)."""

from __future__ import annotations

import io
import re
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from PIL import Image

from tests.publishing.helpers import add_proposal, publish


def note(html: str) -> str:
    match = re.search(r'<div id="offline-note".*?</div>', html, re.S)
    assert match, "no offline note"
    return match.group(0)


def test_the_service_worker_is_served_from_the_root_and_always_checked_again(client):
    response = client.get("/sw.js")

    assert response.status_code == 200
    assert response.mimetype in ("text/javascript", "application/javascript")
    assert response.headers["Cache-Control"] == "no-cache"
    assert response.headers["Service-Worker-Allowed"] == "/"
    body = response.get_data(as_text=True)
    assert 'addEventListener("fetch"' in body
    assert "edcamp-pages-" in body


def test_an_event_has_an_installable_manifest(client, make_event):
    event = make_event(name="Edcamp Lakeside")

    response = client.get(f"/events/{event.slug}/manifest.webmanifest")

    assert response.status_code == 200
    assert response.mimetype == "application/manifest+json"
    manifest = response.get_json(force=True)
    assert manifest["name"] == "Edcamp Lakeside"
    assert manifest["start_url"] == f"/events/{event.slug}"
    assert manifest["display"] == "standalone"
    assert manifest["scope"] == "/"
    sizes = set()
    for icon in manifest["icons"]:
        image = client.get(icon["src"])
        assert image.status_code == 200
        assert image.mimetype == "image/png"
        width, height = Image.open(io.BytesIO(image.data)).size
        assert icon["sizes"] == f"{width}x{height}"
        sizes.add(width)
    assert {192, 512} <= sizes  # what browsers ask of an installable app
    assert client.get("/events/no-such-event/manifest.webmanifest").status_code == 404


def test_the_offline_page_needs_no_event(client):
    response = client.get("/offline")

    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "You're offline" in html
    assert 'id="saved-pages"' in html
    assert "/static/js/offline.js" in html


def test_attendee_pages_carry_the_note_manifest_and_worker(
    client, make_event, make_attendee, join_as
):
    event = make_event(timezone="Asia/Tokyo")
    host, _ = make_attendee(event, name="Host")
    talk = add_proposal(event, host, "Talk")
    publish(event, [(talk, event.rooms[0], event.slots[0])])
    join_as(event)
    before = datetime.now(UTC)

    pages = {
        path: client.get(path).get_data(as_text=True)
        for path in (
            f"/events/{event.slug}",
            f"/events/{event.slug}/schedule",
            f"/events/{event.slug}/sessions/{talk.id}",
            f"/events/{event.slug}/rooms/{event.rooms[0].id}",
            f"/events/{event.slug}/vote",
        )
    }

    after = datetime.now(UTC)
    tokyo = {m.astimezone(ZoneInfo("Asia/Tokyo")).strftime("%H:%M") for m in (before, after)}
    keys = set()
    for path, html in pages.items():
        found = note(html)
        assert html.count('data-served="network"') == 1, path  # what sw.js turns into "cache"
        assert "hidden" in found.split(">")[0], path  # shown only by offline.js
        shown = re.search(r"showing (the schedule|this page) of <time[^>]*>(\d\d:\d\d)</", found)
        assert shown[2] in tokyo, path
        # the vote page is no schedule, and says itself when it is offline (data-quiet)
        is_vote = path.endswith("/vote")
        assert shown[1] == ("this page" if is_vote else "the schedule"), path
        assert ("data-quiet" in found) is is_vote, path
        assert 'data-schedule-version="1"' in found
        keys.add(re.search(r'data-copy-key="([0-9a-f]{16})"', found)[1])
        assert f'<link rel="manifest" href="/events/{event.slug}/manifest.webmanifest">' in html
        assert '<script src="/static/js/offline.js" defer></script>' in html
    assert len(keys) == 1  # one key for the event's content


def test_the_copy_key_changes_with_a_new_version_and_with_a_name_withdrawn(
    client, make_event, make_attendee
):
    event = make_event()
    host, token = make_attendee(event, name="Nadia Namesake", show_name=True)
    talk = add_proposal(event, host, "Talk")

    def key() -> str:
        html = client.get(f"/events/{event.slug}").get_data(as_text=True)
        return re.search(r'data-copy-key="([0-9a-f]+)"', html)[1]

    unpublished = key()
    assert "showing this page of" in note(
        client.get(f"/events/{event.slug}").get_data(as_text=True)
    )
    publish(event, [(talk, event.rooms[0], event.slots[0])])
    first = key()
    client.patch(
        f"/api/v1/events/{event.slug}/me",
        json={"show_name": False},
        headers={"Authorization": f"Bearer {token}"},
    )
    withdrawn = key()
    publish(event, [(talk, event.rooms[1], event.slots[0])])

    assert len({unpublished, first, withdrawn, key()}) == 4


def test_organizer_pages_are_not_kept_offline(client, make_event, login):
    event = make_event()
    login(event.organizers[0])

    html = client.get(f"/events/{event.slug}/manage").get_data(as_text=True)

    assert "offline-note" not in html
    assert "offline.js" not in html


def test_the_copy_key_belongs_to_the_viewer_so_an_erased_person_leaves_the_saved_pages(
    app, make_event, join_as
):
    """A saved page shows its viewer's name, stars and calendar link: when the phone's person
    changes, the key does, and the service worker fetches every saved page again."""
    event = make_event()

    def key(client) -> str:
        html = client.get(f"/events/{event.slug}").get_data(as_text=True)
        return re.search(r'data-copy-key="([0-9a-f]+)"', html)[1]

    anonymous, pat_phone, kim_phone = (app.test_client() for _ in range(3))
    join_as(event, name="Pat Teacher", target=pat_phone)
    join_as(event, name="Kim Teacher", target=kim_phone)
    pat = key(pat_phone)

    assert pat == key(pat_phone)  # the same viewer keeps their copies
    assert len({key(anonymous), pat, key(kim_phone)}) == 3
    erased = pat_phone.post(f"/events/{event.slug}/me/delete", data={"confirm": "y"})
    assert erased.status_code == 302, erased.get_data(as_text=True)[:300]
    assert key(pat_phone) == key(anonymous) != pat
