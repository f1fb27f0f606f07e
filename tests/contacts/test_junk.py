"""Junk in every field of every follow-up form and API route: a clean 4xx or success,
never a 500, and never unescaped HTML."""

import pytest
from flask import current_app

from edcamp.extensions import db
from edcamp.models import Attendee
from tests.contacts.test_attendee_pages import as_attendee
from tests.helpers import bearer

JUNK = [None, 0, -1, 10**40, 1.5, True, "", " ", "x" * 10_000, [], ["a"], {}, {"a": 1},
        "<script>alert(1)</script>", "\u202eevil", "http://[::1",
        "javascript:alert(1)"]  # fmt: skip
FORM_JUNK = ["", " ", "x" * 10_000, "<script>alert(1)</script>", "-1", "\u202eevil",
             "javascript:alert(1)", "https://", "@", "@@", "http://[::1", "a" * 301]  # fmt: skip


def contacts_api_routes():
    for rule in current_app.url_map.iter_rules():
        if rule.endpoint.split(".")[0] != "contacts_api":
            continue
        meta = current_app.view_functions[rule.endpoint]._openapi
        fields = [name.rstrip("?") for name in (meta.get("body") or {})]
        for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
            yield rule, method, fields


def test_junk_in_every_contacts_api_field(client, scene):
    routes = list(contacts_api_routes())
    assert len(routes) >= 8
    for rule, method, fields in routes:
        url = rule.rule.replace("<slug>", scene.event.slug).replace(
            "<int:session_id>", str(scene.podcasts.id)
        )
        for field in fields or [None]:
            for junk in JUNK:
                body = {} if field is None else {field: junk}
                if field == "handles" and isinstance(junk, str):
                    body = {"handles": {"website": junk}}
                token = scene.dee_token if method != "DELETE" else scene.ann_token
                response = client.open(url, method=method, json=body, headers=bearer(token))
                assert response.status_code < 500, (method, url, field, junk)
                if response.status_code >= 400:
                    assert set(response.get_json()) == {"error"}, (method, url, field)
                if response.status_code != 204:  # JSON, never HTML, even with HTML in a name
                    assert response.mimetype == "application/json", (method, url, field)
                db.session.rollback()


PROFILE_FIELDS = ["name", "email", "role", "subjects", "grade_levels", "mastodon", "bluesky",
                  "x", "linkedin", "website", "blog_feed", "share_contact",
                  "share_email"]  # fmt: skip


@pytest.mark.parametrize("field", PROFILE_FIELDS)
def test_junk_in_any_profile_field_is_never_a_500(client, scene, field):
    as_attendee(client, scene.bob)
    for junk in FORM_JUNK:
        data = {"name": "Bob", field: junk}
        response = client.post(f"/events/{scene.event.slug}/me", data=data)
        assert response.status_code in (302, 422), (field, junk)
        assert "<script>alert(1)</script>" not in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Attendee, scene.bob.id).website in (None, "https://x.example/")


def test_junk_in_the_other_forms_is_never_a_500(client, login, scene):
    slug = scene.event.slug
    as_attendee(client, scene.ann)
    for junk in FORM_JUNK:
        for url, data in [
            (f"/events/{slug}/resources", {"url": junk, "note": junk}),
            (f"/events/{slug}/resources", {"url": "https://ok.example/", "note": junk}),
            (f"/events/{slug}/sessions/{scene.podcasts.id}/checkin", {"here": junk}),
        ]:
            response = client.post(url, data=data)
            assert response.status_code < 500, (url, junk)
            assert "<script>alert(1)</script>" not in response.get_data(as_text=True)
    login(scene.organizer)
    for junk in FORM_JUNK:
        for url, data in [
            (f"/events/{slug}/purge", {"confirm": junk}),
            (f"/events/{slug}/contacts/settings", {"people_from_votes": junk}),
        ]:
            response = client.post(url, data=data)
            assert response.status_code < 500, (url, junk)
            assert "<script>alert(1)</script>" not in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Attendee, scene.ann.id).name == "Ann <b>Bold</b>"  # never purged
