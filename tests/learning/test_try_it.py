"""The "Did you try it?" mail: due N days after the event, once, through a real SMTP server;
its link adds the outcome, which joins the record."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy import func, select

from edcamp.extensions import db
from edcamp.learning.reflections import ReflectionText, save_reflection
from edcamp.learning.try_it import due_at, queue_due_try_it_mails
from edcamp.mail.background import run_periodic_jobs
from edcamp.models import Event, MailOptOut, OutboxMail, TryItMail
from tests.helpers import link_in
from tests.learning.conftest import as_attendee


def _event_day(scene) -> datetime:
    """09:00 on the event's day in its zone, as naive UTC."""
    return due_at(scene.event, None, 0)


def _try_it_mails() -> list[OutboxMail]:
    return list(db.session.scalars(select(OutboxMail).where(OutboxMail.kind == "try_it")))


def test_due_thirty_days_after_the_event_or_after_a_late_will_try():
    event = Event(date=date(2026, 6, 13), timezone="America/New_York")
    assert due_at(event, None, 30) == datetime(2026, 7, 13, 13, 0)  # 09:00 EDT
    early = datetime(2026, 6, 13, 15, 0)
    assert due_at(event, early, 30) == datetime(2026, 7, 13, 13, 0)
    late = datetime(2026, 7, 1, 8, 0)  # written 18 days after the event (04:00 EDT)
    assert due_at(event, late, 30) == datetime(2026, 7, 31, 13, 0)


def test_mailed_once_when_due_and_the_outcome_joins_the_record(
    app, client, confirmed, smtp_server, deliver
):
    scene = confirmed
    save_reflection(scene.cy, scene.maker.id, ReflectionText("Prototyping", "A maker Friday"))
    save_reflection(scene.ann, scene.maker.id, ReflectionText("Facilitation is hard", ""))
    db.session.commit()
    due = _event_day(scene) + timedelta(days=30)
    assert queue_due_try_it_mails(due - timedelta(minutes=1)) == 0
    assert queue_due_try_it_mails(due) == 1  # Cy wrote what she will try; Ann did not
    assert queue_due_try_it_mails(due) == 0  # never twice
    assert queue_due_try_it_mails(due + timedelta(days=40)) == 0
    deliver()  # also the address confirmations the scene's joins queued
    [message] = [m for m in smtp_server.inbox.messages if "try it" in m["Subject"]]
    assert message["To"] == "cy@school.test"
    assert "Did you try it?" in message["Subject"]
    body = message.get_body(("plain",)).get_content()
    assert "Makerspaces: A maker Friday" in body
    assert message["List-Unsubscribe"]  # the event's follow-up list: one click opts out

    path = link_in(message)
    form = client.get(path)  # no sign-in needed: the mailed link is the permission
    assert form.status_code == 200
    assert "A maker Friday" in form.get_data(as_text=True)
    field = f"outcome-{scene.maker.id}"
    assert client.post(path, data={field: "x" * 2001}).status_code == 422
    answer = client.post(path, data={field: "Ran it twice; kids loved it"})
    assert answer.status_code == 302
    save_reflection(
        scene.cy, scene.maker.id, ReflectionText("Prototyping", "A maker Friday", on_record=True)
    )
    db.session.commit()
    phone = as_attendee(app.test_client(), scene.cy)
    record = phone.get(f"/events/{scene.event.slug}/me/record").get_data(as_text=True)
    assert "How it went" in record
    assert "Ran it twice; kids loved it" in record


def test_no_mail_without_a_confirmed_address_or_after_opting_out(confirmed):
    scene = confirmed
    scene.cy.email_confirmed_at = None
    db.session.add(MailOptOut(email="ann@school.test", list_id=f"event:{scene.event.id}"))
    save_reflection(scene.cy, scene.maker.id, ReflectionText("", "Try A"))
    save_reflection(scene.ann, scene.maker.id, ReflectionText("", "Try B"))
    save_reflection(scene.dee, scene.podcasts.id, ReflectionText("", "Try C"))  # no email
    db.session.commit()
    assert queue_due_try_it_mails(_event_day(scene) + timedelta(days=31)) == 0
    assert _try_it_mails() == []
    assert db.session.scalar(select(func.count()).select_from(TryItMail)) == 0
    # Cy confirms her address later: she is asked then (nothing was recorded as sent).
    scene.cy.email_confirmed_at = scene.cy.created_at
    db.session.commit()
    assert queue_due_try_it_mails(_event_day(scene) + timedelta(days=32)) == 1


def test_an_outcome_already_written_needs_no_mail(confirmed):
    scene = confirmed
    reflection = save_reflection(scene.cy, scene.maker.id, ReflectionText("", "Try A"))
    reflection.outcome = "Done already"
    db.session.commit()
    assert queue_due_try_it_mails(_event_day(scene) + timedelta(days=31)) == 0


def test_the_mail_senders_loop_and_the_cli_run_the_job(app, runner, confirmed, monkeypatch):
    scene = confirmed
    save_reflection(scene.cy, scene.maker.id, ReflectionText("", "Try A"))
    save_reflection(scene.ann, scene.maker.id, ReflectionText("", "Try B"))
    db.session.commit()
    # Zero days: due from 09:00 today, event time, and the event's clock is past 11:00.
    monkeypatch.setitem(app.config, "LEARNING_TRY_IT_DAYS", 0)
    monkeypatch.setitem(app.config, "LEARNING_JOB_INTERVAL_S", 0.0)
    run_periodic_jobs(app)
    assert {m.to_address for m in _try_it_mails()} == {"cy@school.test", "ann@school.test"}
    result = runner.invoke(args=["send-try-it-mails", "--days", "0"])
    assert result.exit_code == 0, result.output
    assert "Queued 0 mail(s)." in result.output
    assert len(_try_it_mails()) == 2
    bad = runner.invoke(args=["send-try-it-mails", "--days", "-1"])
    assert bad.exit_code != 0


def test_forged_expired_or_foreign_links_are_404(app, client, confirmed, make_event, monkeypatch):
    import time

    from itsdangerous.timed import TimestampSigner

    from edcamp.learning.try_it import LINK_DAYS, try_it_token

    scene = confirmed
    with monkeypatch.context() as past:  # a link mailed LINK_DAYS + 1 days ago
        ago = int(time.time()) - (LINK_DAYS + 1) * 86400
        past.setattr(TimestampSigner, "get_timestamp", lambda _self: ago)
        old = try_it_token(scene.cy)
    expired = client.get(f"/events/{scene.event.slug}/try-it/{old}")
    assert expired.status_code == 404
    assert "expired" in expired.get_data(as_text=True)
    token = try_it_token(scene.cy)
    assert client.get(f"/events/{scene.event.slug}/try-it/{token}").status_code == 200
    assert client.get(f"/events/{scene.event.slug}/try-it/{token}x").status_code == 404
    other = make_event()
    assert client.get(f"/events/{other.slug}/try-it/{token}").status_code == 404
    client.delete(
        f"/api/v1/events/{scene.event.slug}/me",
        headers={"Authorization": f"Bearer {scene.cy_token}"},
    )
    assert client.get(f"/events/{scene.event.slug}/try-it/{token}").status_code == 404


def test_two_senders_running_the_job_at_once_mail_each_person_once(app, confirmed):
    import threading

    scene = confirmed
    save_reflection(scene.cy, scene.maker.id, ReflectionText("", "Try A"))
    save_reflection(scene.ann, scene.maker.id, ReflectionText("", "Try B"))
    db.session.commit()
    due = _event_day(scene) + timedelta(days=31)
    db.session.close()  # the test's own connection holds nothing while the senders write
    barrier, queued, errors = threading.Barrier(2), [], []

    def sender() -> None:
        # As the mail sender's loop runs it: a writing request context of its own.
        with app.test_request_context("/_mail-sender", method="POST"):
            barrier.wait()
            try:
                queued.append(queue_due_try_it_mails(due))
            except Exception as error:  # noqa: BLE001 - reported below
                errors.append(error)

    threads = [threading.Thread(target=sender) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert errors == []
    assert sum(queued) == 2
    addresses = sorted(m.to_address for m in _try_it_mails())
    assert addresses == ["ann@school.test", "cy@school.test"]
