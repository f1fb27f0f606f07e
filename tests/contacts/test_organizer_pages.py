import csv
import io
from xml.etree import ElementTree as ET

import pytest
import vobject

from edcamp.contacts.exports import CSV_HEADER
from edcamp.extensions import db
from edcamp.models import Attendee
from edcamp.voting.service import vote_counts
from tests.helpers import bearer, error_code

EXPORT_NAMES = ["contacts.csv", "contacts.vcf", "mastodon.csv", "blogs.opml", "bluesky.txt"]


def test_contract_exports_for_the_organizer(client, scene, organizer_token):
    headers = bearer(organizer_token(scene.organizer))
    base = f"/events/{scene.event.slug}/export"

    contacts = client.get(f"{base}/contacts.csv", headers=headers)
    assert contacts.status_code == 200
    assert contacts.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in contacts.headers["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(contacts.get_data(as_text=True))))
    assert list(rows[0]) == list(CSV_HEADER)
    assert sorted(r["Name"] for r in rows) == ["Ann <b>Bold</b>", "Bob", "Dee"]
    assert {r["Name"]: r["Email"] for r in rows}["Bob"] == ""  # no email consent

    cards = list(vobject.readComponents(client.get(f"{base}/contacts.vcf", headers=headers).text))
    assert sorted(c.fn.value for c in cards) == ["Ann <b>Bold</b>", "Bob", "Dee"]

    mastodon = client.get(f"{base}/mastodon.csv", headers=headers).get_data(as_text=True)
    assert mastodon.splitlines()[0] == "Account address,Show boosts,Notify on new posts,Languages"
    assert "@bob@hachyderm.io,true,false," in mastodon.splitlines()

    opml = ET.fromstring(client.get(f"{base}/blogs.opml", headers=headers).data)
    assert [o.get("xmlUrl") for o in opml.iter("outline")] == ["https://ann.example/feed.xml"]

    bluesky = client.get(f"{base}/bluesky.txt", headers=headers).get_data(as_text=True)
    assert "https://bsky.app/profile/bob.example.org" in bluesky


def test_export_for_one_session(client, scene, organizer_token):
    headers = bearer(organizer_token(scene.organizer))
    url = f"/events/{scene.event.slug}/export/contacts.csv?proposal={scene.podcasts.id}"
    rows = list(
        csv.DictReader(io.StringIO(client.get(url, headers=headers).get_data(as_text=True)))
    )
    assert sorted(r["Name"] for r in rows) == ["Bob", "Dee"]


@pytest.mark.parametrize(
    ("query", "status", "code"),
    [("?proposal=abc", 422, "invalid"), ("?proposal=-1", 422, "invalid"),
     ("?proposal=%C2%B2", 422, "invalid"), ("?proposal=0", 422, "invalid"),
     ("?proposal=99999999999999999999", 422, "invalid"),
     ("?proposal=999999", 404, "proposal_not_found")],
)  # fmt: skip
def test_export_bad_proposal_is_a_clear_error(client, scene, organizer_token, query, status, code):
    headers = bearer(organizer_token(scene.organizer))  # a script: JSON errors without asking
    response = client.get(f"/events/{scene.event.slug}/export/contacts.csv{query}", headers=headers)
    assert response.status_code == status
    assert error_code(response) == code


def test_export_of_another_events_session_is_404(client, scene, make_event, organizer_token):
    other = make_event(scene.organizer)
    headers = {**bearer(organizer_token(scene.organizer)), "Accept": "application/json"}
    url = f"/events/{other.slug}/export/contacts.csv?proposal={scene.maker.id}"
    assert client.get(url, headers=headers).status_code == 404


def test_unknown_export_is_404(client, scene, organizer_token):
    headers = bearer(organizer_token(scene.organizer))
    assert (
        client.get(f"/events/{scene.event.slug}/export/all.xlsx", headers=headers).status_code
        == 404
    )


@pytest.mark.parametrize("name", EXPORT_NAMES)
def test_exports_refuse_everyone_but_the_events_organizers(
    client, scene, make_organizer, organizer_token, name
):
    url = f"/events/{scene.event.slug}/export/{name}"
    anonymous = client.get(url)
    assert anonymous.status_code == 302
    assert "/login" in anonymous.headers["Location"]
    bad = client.get(url, headers=bearer("nonsense"))
    assert bad.status_code == 401
    assert error_code(bad) == "unauthorized"
    other = bearer(organizer_token(make_organizer()))
    assert client.get(url, headers={**other, "Accept": "application/json"}).status_code == 403
    attendee = bearer(scene.ann_token)
    assert client.get(url, headers=attendee).status_code in (401, 403)


def test_organizer_contacts_page(client, login, scene):
    login(scene.organizer)
    page = client.get(f"/events/{scene.event.slug}/contacts").get_data(as_text=True)
    assert "3 of 4 attendees chose to share" in page
    assert "Ann &lt;b&gt;Bold&lt;/b&gt;" in page
    assert "Cy Private" not in page
    assert "cy@school.test" not in page


def test_another_organizer_sees_nothing(client, login, scene, make_organizer):
    login(make_organizer())
    slug = scene.event.slug
    for path in ("contacts", "report", "report.csv", "purge"):
        response = client.get(f"/events/{slug}/{path}")
        assert response.status_code == 403, path
        assert b"Ann" not in response.data


def test_people_settings_change_who_counts(client, login, scene):
    login(scene.organizer)
    response = client.post(
        f"/events/{scene.event.slug}/contacts/settings", data={"people_from_votes": "y"}
    )
    assert response.status_code == 302
    db.session.expire_all()
    event = scene.event
    assert (event.people_from_checkins, event.people_from_stars, event.people_from_votes) == (
        False,
        False,
        True,
    )


def test_report_page_and_csv(client, login, scene):
    login(scene.organizer)
    page = client.get(f"/events/{scene.event.slug}/report").get_data(as_text=True)
    assert "Demand by tag" in page
    assert "Unpopular idea" in page
    csv_response = client.get(f"/events/{scene.event.slug}/report.csv")
    rows = list(csv.DictReader(io.StringIO(csv_response.get_data(as_text=True))))
    by_title = {r["Proposal"]: r for r in rows}
    assert by_title["Makerspaces"]["Votes"] == "3"
    assert by_title["Makerspaces"]["Check-ins"] == "1"
    assert by_title["Makerspaces"]["Room"] == "Library"
    assert by_title["Unpopular idea"]["Scheduled"] == "no"


def test_report_flags_overflow_and_demand_by_tag(scene):
    from edcamp.contacts.report import event_report

    scene.event.rooms[0].capacity = 2
    db.session.commit()
    report = event_report(scene.event)
    assert [r.title for r in report.overflowed] == ["Makerspaces"]
    assert report.overflowed[0].overflow == 1
    assert [r.title for r in report.not_on_grid] == ["Unpopular idea"]
    stem = next(d for d in report.demand_by_tag if d.tag.casefold() == "stem")
    assert (stem.proposals, stem.votes) == (2, 3)


def test_purge_is_one_confirmed_action(client, login, scene):
    login(scene.organizer)
    counts = vote_counts(scene.event)
    url = f"/events/{scene.event.slug}/purge"
    assert b"cannot be undone" in client.get(url).data
    wrong = client.post(url, data={"confirm": "nope"})
    assert wrong.status_code == 422
    db.session.expire_all()
    assert db.session.get(Attendee, scene.ann.id).name == "Ann <b>Bold</b>"
    done = client.post(url, data={"confirm": scene.event.slug})
    assert done.status_code == 302
    db.session.expire_all()
    assert db.session.get(Attendee, scene.ann.id).name is None
    assert vote_counts(scene.event) == counts
    response = client.get(f"/events/{scene.event.slug}/export/contacts.csv")
    assert response.get_data(as_text=True).strip().splitlines() == [",".join(map(str, CSV_HEADER))]


def test_report_csv_neutralises_formulas_in_titles(client, login, scene):
    scene.maker.title = '=HYPERLINK("http://evil.example")'
    db.session.commit()
    login(scene.organizer)
    text = client.get(f"/events/{scene.event.slug}/report.csv").get_data(as_text=True)
    titles = [row["Proposal"] for row in csv.DictReader(io.StringIO(text))]
    assert '\'=HYPERLINK("http://evil.example")' in titles
