"""Outgoing mail: an outbox table, a sender with retries, one-click unsubscribe.

Other code queues mail with one function, in the transaction of its change::

    from edcamp.mail import queue_mail
    queue_mail(to, subject, text, kind="invitation", event=event, list_id=f"event:{event.id}")
"""

from flask import Flask

from edcamp.mail.outbox import link, queue_mail

__all__ = ["init_app", "link", "queue_mail"]


def init_app(app: Flask) -> None:
    from edcamp.mail import background, status

    background.init_app(app)
    app.context_processor(lambda: {"mail_configured": status.mail_configured()})
