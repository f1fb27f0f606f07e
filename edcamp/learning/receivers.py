"""What the learning domain does when something happened: the mail sender's tick runs the
"Did you try it?" job, at most once every ``LEARNING_JOB_INTERVAL_S`` per process."""

from __future__ import annotations

import logging
import time

from flask import Flask

from edcamp.signals import sender_tick

log = logging.getLogger("edcamp.learning")
_last_run: dict[int, float] = {}  # id(app) -> monotonic time of the last run


def _run_try_it_job(app: Flask, **_extra) -> None:
    from edcamp.learning.try_it import queue_due_try_it_mails

    every = float(app.config.get("LEARNING_JOB_INTERVAL_S", 300.0))
    now = time.monotonic()
    if now - _last_run.get(id(app), -every) < every:
        return
    _last_run[id(app)] = now
    queue_due_try_it_mails()


def connect() -> None:
    sender_tick.connect(_run_try_it_job)
