"""The server-made PDF (WeasyPrint), checked by reading its text back with pypdf."""

from __future__ import annotations

import io

import pytest

from edcamp.extensions import db
from edcamp.learning.confirmation import confirm_records
from edcamp.learning.reflections import ReflectionText, add_evidence, save_reflection
from tests.learning.conftest import as_attendee

pypdf = pytest.importorskip("pypdf")


def pdf_text(data: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(data))
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


def test_the_pdf_holds_the_record_and_only_what_is_on_it(app, client, scene):
    save_reflection(scene.ann, scene.maker.id, ReflectionText("Kids build", "Cardboard day", True))
    add_evidence(scene.ann, scene.maker.id, "https://ann.example/maker", "Blog post")
    save_reflection(scene.cy, scene.maker.id, ReflectionText("Cy private note", "", False))
    confirm_records(scene.event, by=scene.organizer, note="Door check-ins")
    db.session.commit()
    as_attendee(client, scene.ann)
    answer = client.get(f"/events/{scene.event.slug}/me/record.pdf")
    assert answer.status_code == 200
    assert answer.mimetype == "application/pdf"
    assert "attachment" in answer.headers["Content-Disposition"]
    assert "no-store" in answer.headers["Cache-Control"]
    assert answer.data.startswith(b"%PDF-")
    text = pdf_text(answer.data)
    for expected in (
        "Professional learning record",
        "Bold",  # of "Ann <b>Bold</b>": escaped text, never markup
        "Edcamp Test",
        "Makerspaces",
        "Facilitated",
        "1.5 hours",
        "Kids build",
        "Cardboard day",
        "Blog post",
        "https://ann.example/maker",
        "Confirmed by Olivia Organizer",
        "Door check-ins",
        "https://edcamp.test/events/",
    ):
        assert expected in text, expected
    assert "Cy private note" not in text


def test_a_private_reflection_stays_out_of_its_authors_pdf(client, scene):
    save_reflection(scene.cy, scene.maker.id, ReflectionText("Only for me", "", False))
    db.session.commit()
    as_attendee(client, scene.cy)
    text = pdf_text(client.get(f"/events/{scene.event.slug}/me/record.pdf").data)
    assert "Cy Private" in text
    assert "Only for me" not in text
    assert "No reflections on this record" in text


def test_the_verification_pdf_follows_the_link(app, client, scene):
    as_attendee(client, scene.cy)
    page = client.get(f"/events/{scene.event.slug}/me/record").get_data(as_text=True)
    start = page.index("https://edcamp.test/events/")
    verify = page[start : page.index('"', start)].replace("https://edcamp.test", "")
    stranger = app.test_client()
    verified = stranger.get(verify).get_data(as_text=True)
    pdf_path = f"{verify}/record.pdf"
    assert pdf_path in verified
    answer = stranger.get(pdf_path)
    assert answer.status_code == 200
    assert "Cy Private" in pdf_text(answer.data)
    client.post(f"/events/{scene.event.slug}/me/record/rotate")
    assert stranger.get(pdf_path).status_code == 404
    assert stranger.get(verify).status_code == 404


def test_without_weasyprint_the_pdf_link_says_what_to_do_instead(client, scene, monkeypatch):
    import sys

    monkeypatch.setitem(sys.modules, "weasyprint", None)  # as on a machine without Pango
    as_attendee(client, scene.cy)
    answer = client.get(f"/events/{scene.event.slug}/me/record.pdf")
    assert answer.status_code == 503
    assert "Print or save as PDF" in answer.get_data(as_text=True)
    assert client.get(f"/events/{scene.event.slug}/me/record").status_code == 200
