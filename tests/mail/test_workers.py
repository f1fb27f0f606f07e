"""Several senders on one outbox: every mail is sent exactly once.

Two app instances (two engines, like two worker processes) deliver side by side; then
``gunicorn wsgi:app`` with two workers and nothing else delivers the outbox on its own.
"""

from __future__ import annotations

import threading
import time
from collections import Counter

import pytest

from edcamp.extensions import db
from edcamp.mail import queue_mail
from edcamp.mail.sender import deliver_due
from tests.servers import gunicorn


def _queue(n: int) -> None:
    for i in range(n):
        queue_mail(f"reader{i}@school.test", f"Mail {i}", f"Body {i}", kind="test")
    db.session.commit()


def test_two_senders_side_by_side_send_each_mail_once(app, make_app, smtp_server):
    _queue(60)
    smtp_server.inbox.delay_s = 0.02  # each send takes a while: the two senders overlap
    workers = [make_app(MAIL_URL=smtp_server.url()) for _ in range(2)]
    start = threading.Barrier(2)
    errors = []

    def work(worker_app):
        try:
            with worker_app.app_context():
                start.wait()
                while deliver_due(limit=5):
                    pass
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)

    threads = [threading.Thread(target=work, args=(w,)) for w in workers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)

    assert errors == []
    counts = Counter(m["Subject"] for m in smtp_server.inbox.messages)
    assert counts == Counter({f"Mail {i}": 1 for i in range(60)})


@pytest.mark.slow
def test_gunicorn_alone_delivers_the_outbox_once_with_two_workers(app, smtp_server):
    _queue(30)
    # gunicorn.conf.py is what `gunicorn wsgi:app` reads by itself: nothing else runs.
    with gunicorn(
        app, MAIL_URL=smtp_server.url(), MAIL_FROM="edcamp@edcamp.test", REDIS_URL=None
    ) as server:
        deadline = time.monotonic() + 40
        while len(smtp_server.inbox.messages) < 30 and time.monotonic() < deadline:
            assert server.process.poll() is None, server.log_tail()
            time.sleep(0.2)
        time.sleep(1.5)  # time enough for a duplicate to show up, if there were one
    counts = Counter(m["Subject"] for m in smtp_server.inbox.messages)
    assert counts == Counter({f"Mail {i}": 1 for i in range(30)})


def test_background_sender_delivers_what_a_commit_queues(app, smtp_server):
    """The thread each web worker runs: woken by the commit, it sends without a poll."""
    from edcamp.mail.background import run_sender

    app.config["MAIL_POLL_S"] = 30.0  # only the wake-up can make it send in time
    stop = threading.Event()
    thread = threading.Thread(target=run_sender, args=(app,), kwargs={"stop": stop})
    try:
        thread.start()
        time.sleep(0.3)  # asleep, nothing due
        _queue(2)
        deadline = time.monotonic() + 10
        while len(smtp_server.inbox.messages) < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        stop.set()
        from edcamp.mail.background import wake_sender

        wake_sender()
        thread.join(10)
        app.config["MAIL_POLL_S"] = 5.0
    assert sorted(m["Subject"] for m in smtp_server.inbox.messages) == ["Mail 0", "Mail 1"]
