"""Reflections through the pages: write, add evidence, put it on the record, bad input."""

from __future__ import annotations

from sqlalchemy import func, select

from edcamp.extensions import db
from edcamp.models import EvidenceLink, Reflection
from tests.learning.conftest import as_attendee


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_an_attendee_reflects_adds_evidence_and_puts_it_on_the_record(app, client, scene):
    slug, maker = scene.event.slug, scene.maker.id
    as_attendee(client, scene.cy)  # checked into Makerspaces
    listing = client.get(f"/events/{slug}/me/reflections").get_data(as_text=True)
    assert "Makerspaces" in listing
    assert "Podcasts" not in listing  # not theirs
    assert f"/me/reflections/{maker}" in listing

    answer = client.post(
        f"/events/{slug}/me/reflections/{maker}",
        data={"learned": "Cardboard prototypes\nwork", "will_try": "A maker Friday"},
    )
    assert answer.status_code == 302
    page = client.get(f"/events/{slug}/me/reflections/{maker}").get_data(as_text=True)
    assert "Cardboard prototypes" in page
    assert "Did you try it?" in page  # the outcome form appears once "will try" is written

    answer = client.post(
        f"/events/{slug}/me/reflections/{maker}/evidence",
        data={"url": "https://cy.example/blog/maker-friday", "label": "My blog post"},
    )
    assert answer.status_code == 302
    record = client.get(f"/events/{slug}/me/record").get_data(as_text=True)
    assert "Cardboard prototypes" not in record  # private until ticked
    assert "1 of your reflections is private" in record

    client.post(
        f"/events/{slug}/me/reflections/{maker}",
        data={
            "learned": "Cardboard prototypes\nwork",
            "will_try": "A maker Friday",
            "on_record": "y",
        },
    )
    record = client.get(f"/events/{slug}/me/record").get_data(as_text=True)
    assert "Cardboard prototypes" in record
    assert "https://cy.example/blog/maker-friday" in record
    start = record.index("https://edcamp.test/events/")
    verify = record[start : record.index('"', start)].replace("https://edcamp.test", "")
    shared = app.test_client().get(verify).get_data(as_text=True)
    assert "Cardboard prototypes" in shared
    assert "My blog post" in shared


def test_the_session_page_leads_to_the_reflection_only_for_its_people(client, scene):
    slug, maker = scene.event.slug, scene.maker.id
    as_attendee(client, scene.cy)
    page = client.get(f"/events/{slug}/sessions/{maker}").get_data(as_text=True)
    assert f"/me/reflections/{maker}" in page
    assert "Reflect: what I learned" in page
    as_attendee(client, scene.dee)  # was in Podcasts only
    page = client.get(f"/events/{slug}/sessions/{maker}").get_data(as_text=True)
    assert f"/me/reflections/{maker}" not in page


def test_no_reflection_on_a_session_one_was_not_in(client, scene):
    slug = scene.event.slug
    as_attendee(client, scene.dee)
    answer = client.post(f"/events/{slug}/me/reflections/{scene.maker.id}", data={"learned": "x"})
    assert answer.status_code == 403
    assert "led or checked into" in answer.get_data(as_text=True)
    assert client.get(f"/events/{slug}/me/reflections/{scene.unscheduled.id}").status_code == 404
    assert client.get(f"/events/{slug}/me/reflections/99999999999").status_code == 404
    assert _count(Reflection) == 0


def test_bad_input_gets_a_form_message_and_stores_nothing(client, scene):
    base = f"/events/{scene.event.slug}/me/reflections/{scene.maker.id}"
    as_attendee(client, scene.cy)
    empty = client.post(base, data={"learned": "  ", "will_try": ""})
    assert empty.status_code == 422
    assert "Write what you learned or what you will try" in empty.get_data(as_text=True)
    huge = client.post(base, data={"learned": "x" * 2001})
    assert huge.status_code == 422
    assert "2000" in huge.get_data(as_text=True)
    for url in ("javascript:alert(1)", "data:text/html,hi", "not a link", "x" * 600):
        answer = client.post(f"{base}/evidence", data={"url": url})
        assert answer.status_code == 422, url
        if url.startswith("javascript"):  # the field is a "Link", not a "Website"
            assert "Link: only http:// or https:// links are accepted." in answer.text
    assert _count(Reflection) == 0
    assert _count(EvidenceLink) == 0


def test_markup_is_shown_as_text(client, scene):
    base = f"/events/{scene.event.slug}/me/reflections/{scene.maker.id}"
    as_attendee(client, scene.cy)
    client.post(base, data={"learned": "<script>alert(1)</script>", "on_record": "y"})
    record = client.get(f"/events/{scene.event.slug}/me/record").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in record
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in record


def test_evidence_is_removed_only_by_its_author(client, scene):
    slug, maker = scene.event.slug, scene.maker.id
    as_attendee(client, scene.ann)
    client.post(f"/events/{slug}/me/reflections/{maker}/evidence", data={"url": "ann.example/x"})
    [link] = db.session.scalars(select(EvidenceLink)).all()
    assert link.url == "https://ann.example/x"
    as_attendee(client, scene.cy)
    assert client.post(f"/events/{slug}/me/evidence/{link.id}/remove").status_code == 404
    assert _count(EvidenceLink) == 1
    as_attendee(client, scene.ann)
    assert client.post(f"/events/{slug}/me/evidence/{link.id}/remove").status_code == 302
    assert _count(EvidenceLink) == 0


def test_deleting_a_reflection_removes_its_evidence(client, scene):
    slug, maker = scene.event.slug, scene.maker.id
    as_attendee(client, scene.ann)
    client.post(f"/events/{slug}/me/reflections/{maker}", data={"learned": "Lots"})
    client.post(
        f"/events/{slug}/me/reflections/{maker}/evidence", data={"url": "https://a.example"}
    )
    assert client.post(f"/events/{slug}/me/reflections/{maker}/delete").status_code == 302
    assert (_count(Reflection), _count(EvidenceLink)) == (0, 0)
    assert client.post(f"/events/{slug}/me/reflections/{maker}/delete").status_code == 404


def test_outcome_form_without_a_will_try_says_why(client, scene):
    slug, maker = scene.event.slug, scene.maker.id
    as_attendee(client, scene.ann)
    client.post(f"/events/{slug}/me/reflections/{maker}", data={"learned": "Lots"})
    answer = client.post(f"/events/{slug}/me/reflections/{maker}/outcome", data={"outcome": "ok"})
    assert answer.status_code == 422
    assert "Write what you will try first" in answer.get_data(as_text=True)
    assert db.session.scalar(select(Reflection.outcome)) == ""


def test_strangers_go_to_the_join_page(client, scene):
    slug = scene.event.slug
    for path in ("me/reflections", f"me/reflections/{scene.maker.id}", "me/record.pdf"):
        answer = client.get(f"/events/{slug}/{path}")
        assert answer.status_code == 302, path
        assert answer.headers["Location"].endswith(f"/events/{slug}/join")


def test_a_double_submit_at_the_same_moment_saves_one_reflection(app, scene):
    import threading

    from edcamp.learning.reflections import ReflectionText, save_reflection

    attendee_id, session_id = scene.cy.id, scene.maker.id
    db.session.close()
    barrier, errors = threading.Barrier(2), []

    def submit(text: str) -> None:
        from edcamp.models import Attendee

        with app.test_request_context("/", method="POST"):
            barrier.wait()  # (SQLite lets one writer in at a time; PostgreSQL races)
            try:
                attendee = db.session.get(Attendee, attendee_id)
                save_reflection(attendee, session_id, ReflectionText(text))
                db.session.commit()
            except Exception as error:  # noqa: BLE001 - reported below
                errors.append(error)

    threads = [threading.Thread(target=submit, args=(t,)) for t in ("first", "second")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert errors == []
    assert db.session.scalars(select(Reflection.learned)).all() in (["first"], ["second"])
