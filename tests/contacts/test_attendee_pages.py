import csv
import io
from xml.etree import ElementTree as ET

from edcamp.attendees.session import remember_attendee
from edcamp.extensions import db
from edcamp.models import Attendee, CheckIn, Vote
from tests.contacts.conftest import publish
from tests.helpers import bearer


def as_attendee(client, attendee):
    """Make the test client the phone of ``attendee`` (the cookie joining sets)."""
    with client.session_transaction() as session:
        session["attendees"] = {str(attendee.event_id): [attendee.id, attendee.token_hash]}
    return client


def test_attendee_pages_send_strangers_to_the_join_page(client, scene):
    for path in ("me", "me/connect", "me/follow-up", "me/record", "me/export/mastodon.csv"):
        response = client.get(f"/events/{scene.event.slug}/{path}")
        assert response.status_code == 302, path
        assert response.headers["Location"].endswith(f"/events/{scene.event.slug}/join")


def test_profile_changes_handles_and_consent(client, scene):
    as_attendee(client, scene.cy)
    page = client.get(f"/events/{scene.event.slug}/me")
    assert b"not listed" in page.data
    response = client.post(
        f"/events/{scene.event.slug}/me",
        data={
            "name": "Cy Public",
            "email": "cy@school.test",
            "mastodon": "https://mastodon.social/@cy",
            "bluesky": "",
            "share_contact": "y",
        },
    )
    assert response.status_code == 302
    db.session.expire_all()
    cy = db.session.get(Attendee, scene.cy.id)
    assert cy.name == "Cy Public"
    assert cy.mastodon == "@cy@mastodon.social"
    assert cy.bluesky is None
    assert cy.share_contact is True
    assert cy.share_email is False


def test_profile_rejects_a_bad_handle_with_a_clear_message(client, scene):
    as_attendee(client, scene.ann)
    response = client.post(
        f"/events/{scene.event.slug}/me",
        data={"name": "Ann", "website": "javascript:alert(1)", "share_contact": "y"},
    )
    assert response.status_code == 422
    assert b"only http:// or https:// links are accepted" in response.data
    db.session.expire_all()
    assert db.session.get(Attendee, scene.ann.id).website == "https://ann.example/"


def test_self_delete_needs_confirmation_then_erases_and_signs_out(client, scene):
    as_attendee(client, scene.ann)
    refused = client.post(f"/events/{scene.event.slug}/me/delete", data={})
    assert refused.status_code == 422
    assert b"Tick the box" in refused.data
    done = client.post(f"/events/{scene.event.slug}/me/delete", data={"confirm": "y"})
    assert done.status_code == 302
    db.session.expire_all()
    assert db.session.get(Attendee, scene.ann.id).name is None
    assert db.session.query(Vote).filter_by(attendee_id=scene.ann.id).count() == 1
    assert client.get(f"/events/{scene.event.slug}/me").status_code == 302


def test_checkin_page_and_button(client, scene):
    as_attendee(client, scene.bob)
    url = f"/events/{scene.event.slug}/sessions/{scene.maker.id}/checkin"
    page = client.get(url)
    assert page.status_code == 200
    assert "I'm here" in page.get_data(as_text=True)
    response = client.post(url, data={"here": "1"}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert b"checked in" in response.data
    assert db.session.get(CheckIn, (scene.bob.id, scene.maker.id)) is not None
    client.post(url, data={"here": "0"})
    assert db.session.get(CheckIn, (scene.bob.id, scene.maker.id)) is None


def test_checkin_to_an_unscheduled_session_is_a_clear_409(client, scene):
    as_attendee(client, scene.bob)
    url = f"/events/{scene.event.slug}/sessions/{scene.unscheduled.id}/checkin"
    response = client.post(url, data={"here": "1"}, headers={"HX-Request": "true"})
    assert response.status_code == 409
    assert b"published schedule" in response.data


def test_checkin_to_an_unknown_session_is_404(client, scene):
    as_attendee(client, scene.bob)
    response = client.post(f"/events/{scene.event.slug}/sessions/999999/checkin")
    assert response.status_code == 404


def test_connect_page_lists_consenting_people_of_my_sessions_only(client, scene):
    as_attendee(client, scene.dee)
    page = client.get(f"/events/{scene.event.slug}/me/connect").get_data(as_text=True)
    assert "Podcasts" in page
    assert "Makerspaces" not in page  # Dee was not part of it
    assert "Bob" in page
    assert "https://hachyderm.io/@bob" in page
    assert "Cy Private" not in page
    assert "Ann &lt;b&gt;Bold&lt;/b&gt;" not in page


def test_connect_page_escapes_names(client, scene):
    as_attendee(client, scene.bob)
    page = client.get(f"/events/{scene.event.slug}/me/connect").get_data(as_text=True)
    assert "Ann &lt;b&gt;Bold&lt;/b&gt;" in page
    assert "<b>Bold</b>" not in page
    assert "mailto:ann@school.test" in page


def test_connect_page_waits_for_the_published_schedule(client, scene, make_event, make_attendee):
    event = make_event()
    attendee, _ = make_attendee(event, share_contact=True)
    as_attendee(client, attendee)
    page = client.get(f"/events/{event.slug}/me/connect")
    assert b"open once the schedule is published" in page.data


def test_followup_page_shows_sessions_notes_suggestions_and_wall(client, scene):
    scene.event.notes_url_template = "https://notes.example.org/{event}/{session}"
    db.session.commit()
    as_attendee(client, scene.bob)
    client.post(
        f"/events/{scene.event.slug}/resources",
        data={"url": "https://bob.example/list", "note": "My reading list"},
    )
    page = client.get(f"/events/{scene.event.slug}/me/follow-up").get_data(as_text=True)
    assert f"https://notes.example.org/{scene.event.slug}/{scene.maker.id}" in page
    assert "People to connect with" in page
    assert "1 session in common" in page
    assert "My reading list" in page
    assert "Cy Private" not in page


def test_my_mastodon_and_opml_downloads(client, scene):
    as_attendee(client, scene.bob)
    base = f"/events/{scene.event.slug}/me/export"
    mastodon = client.get(f"{base}/mastodon.csv")
    assert mastodon.status_code == 200
    assert mastodon.headers["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(mastodon.get_data(as_text=True))))
    assert rows[0] == ["Account address", "Show boosts", "Notify on new posts", "Languages"]
    assert sorted(r[0] for r in rows[1:]) == ["@ann@mastodon.social", "@dee@mastodon.social"]
    opml = ET.fromstring(client.get(f"{base}/blogs.opml").data)
    assert [o.get("xmlUrl") for o in opml.iter("outline")] == ["https://ann.example/feed.xml"]
    one = client.get(f"{base}/mastodon.csv?proposal={scene.podcasts.id}").get_data(as_text=True)
    assert "@dee@mastodon.social" in one
    assert "@ann@" not in one


def test_my_downloads_refuse_sessions_i_was_not_part_of(client, scene):
    as_attendee(client, scene.dee)
    base = f"/events/{scene.event.slug}/me/export"
    assert client.get(f"{base}/mastodon.csv?proposal={scene.maker.id}").status_code == 403
    assert client.get(f"{base}/mastodon.csv?proposal=abc").status_code == 422
    assert client.get(f"{base}/contacts.vcf").status_code == 404


def test_learning_record_and_its_verification(app, client, scene):
    as_attendee(client, scene.ann)
    client.post(f"/events/{scene.event.slug}/sessions/{scene.podcasts.id}/checkin")
    page = client.get(f"/events/{scene.event.slug}/me/record").get_data(as_text=True)
    assert "Professional learning record" in page
    assert "Makerspaces" in page
    assert "Facilitated" in page
    assert "Attended" in page
    assert "1.5 h" in page  # two sessions of one 90-minute slot count once
    assert "Olivia Organizer" in page
    assert "<svg" in page
    start = page.index("https://edcamp.test/events/")
    verify_url = page[start : page.index('"', start)]
    stranger = app.test_client()  # anyone holding the link, e.g. a certification office
    verified = stranger.get(verify_url.replace("https://edcamp.test", ""))
    assert verified.status_code == 200
    assert b"Verified" in verified.data
    assert b"Makerspaces" in verified.data


def test_forged_or_foreign_record_links_are_404(client, scene, make_event):
    assert client.get(f"/events/{scene.event.slug}/records/not-a-token").status_code == 404
    as_attendee(client, scene.ann)
    page = client.get(f"/events/{scene.event.slug}/me/record").get_data(as_text=True)
    token = page.split("/records/")[1].split('"')[0]
    other = make_event()
    assert client.get(f"/events/{other.slug}/records/{token}").status_code == 404


def test_resource_wall_form_rejects_bad_links(client, scene):
    as_attendee(client, scene.ann)
    response = client.post(
        f"/events/{scene.event.slug}/resources", data={"url": "data:text/html,hi", "note": "x"}
    )
    assert response.status_code == 422
    assert b"only http" in response.data


def test_record_counts_only_the_published_grid(client, scene):
    publish(scene.event, [(scene.podcasts, 0, 1)], version=2)  # Makerspaces left the grid
    as_attendee(client, scene.ann)
    page = client.get(f"/events/{scene.event.slug}/me/record").get_data(as_text=True)
    assert "Makerspaces" not in page


def test_remember_helper_is_the_same_cookie(app, scene):
    # as_attendee() writes the same session key the join flow writes.
    with app.test_request_context():
        from flask import session

        remember_attendee(scene.ann)
        assert session["attendees"] == {str(scene.event.id): [scene.ann.id, scene.ann.token_hash]}


def test_profile_and_checkin_forms_need_the_csrf_token(make_app, scene):
    strict = make_app(WTF_CSRF_ENABLED=True).test_client()
    as_attendee(strict, scene.cy)
    slug = scene.event.slug
    response = strict.post(f"/events/{slug}/me", data={"name": "Hijacked", "share_contact": "y"})
    assert response.status_code in (400, 422)
    checkin = strict.post(f"/events/{slug}/sessions/{scene.podcasts.id}/checkin")
    assert checkin.status_code == 400
    db.session.expire_all()
    cy = db.session.get(Attendee, scene.cy.id)
    assert cy.name == "Cy Private"
    assert cy.share_contact is False
    assert db.session.get(CheckIn, (scene.cy.id, scene.podcasts.id)) is None


def test_huge_ids_are_404_not_500(client, scene):
    as_attendee(client, scene.bob)
    slug = scene.event.slug
    big = "99999999999999999999"
    assert client.get(f"/events/{slug}/sessions/{big}/checkin").status_code == 404
    assert client.post(f"/events/{slug}/sessions/{2**31}/checkin").status_code == 404
    assert client.post(f"/events/{slug}/resources/{big}/remove").status_code == 404
    api = f"/api/v1/events/{slug}/sessions/{big}/checkin"
    assert client.put(api, headers=bearer(scene.bob_token)).status_code == 404
    export = f"/events/{slug}/me/export/mastodon.csv?proposal={2**31}"
    assert client.get(export).status_code == 422
