"""The sender inside each web worker: a daemon thread (a greenlet under gunicorn's gevent
workers) that delivers the outbox, so ``gunicorn wsgi:app`` alone sends mail."""

from __future__ import annotations

import logging
import os
import threading

from flask import Flask

log = logging.getLogger("edcamp.mail")
_wake = threading.Event()
_started: dict[int, int] = {}  # id(app) -> pid of the process whose thread serves it
_lock = threading.Lock()


def wake_sender() -> None:
    """Mail was just committed: deliver now rather than at the next poll."""
    _wake.set()


def start_sender(app: Flask) -> bool:
    """Start this process's sender for ``app``, once (also after a fork). False when mail is
    not configured or the thread is switched off (tests; a separate ``send-mail``)."""
    if not app.config.get("MAIL_URL") or not app.config.get("MAIL_SENDER_THREAD"):
        return False
    with _lock:
        if _started.get(id(app)) == os.getpid():
            return False
        _started[id(app)] = os.getpid()
    thread = threading.Thread(
        target=run_sender, args=(app,), name="edcamp-mail-sender", daemon=True
    )
    thread.start()
    return True


def run_sender(app: Flask, *, stop: threading.Event | None = None) -> None:
    """Deliver what is due, then sleep until woken or the poll interval passes."""
    from edcamp.mail.sender import deliver_due, has_due_mail

    poll_s = float(app.config.get("MAIL_POLL_S", 5.0))
    while stop is None or not stop.is_set():
        _wake.clear()
        try:
            run_periodic_jobs(app)
            with app.app_context():
                due = has_due_mail()  # a plain read: no write lock while nothing is due
            if due:
                # As a writing request: on SQLite the database layer then waits for the
                # write lock in Python (BEGIN IMMEDIATE, edcamp.database), never in SQLite's
                # busy handler, which would freeze every greenlet of a gevent worker.
                with app.test_request_context("/_mail-sender", method="POST"):
                    while deliver_due() and (stop is None or not stop.is_set()):
                        pass
        except Exception:  # the database may be restarting: log, and try again later
            log.exception("the mail sender failed; retrying in %.0f s", poll_s)
        _wake.wait(poll_s)


def run_periodic_jobs(app: Flask) -> None:
    """Let periodic jobs queue their mail (``signals.sender_tick``; each job says how often
    it really runs), as a writing request, like the delivery below."""
    from edcamp.signals import sender_tick

    if not sender_tick.receivers:
        return
    with app.test_request_context("/_mail-sender", method="POST"):
        sender_tick.send(app)


def init_app(app: Flask) -> None:
    @app.before_request
    def _ensure_sender() -> None:
        # Servers other than gunicorn (flask run, waitress): the first request starts it.
        start_sender(app)
