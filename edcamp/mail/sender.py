"""Delivering the outbox: claim due rows, send them, record the outcome.

Several senders (one per web worker, or a separate ``send-mail``) share one outbox. Each
claims a batch with a lease: on PostgreSQL ``FOR UPDATE SKIP LOCKED`` lets two claims run
side by side without waiting for or taking each other's rows; on SQLite writers take turns
anyway. The claim is committed before the SMTP conversation, so no transaction stays open
while a slow server answers; a sender that dies mid-batch leaves rows whose lease simply
expires. A row is marked sent only after the server accepted it: a crash between the two
sends it again (at least once), normal operation sends it once.
"""

from __future__ import annotations

import logging
import secrets
import smtplib
from contextlib import contextmanager
from datetime import timedelta

from flask import current_app
from sqlalchemy import select, update

from edcamp.extensions import db
from edcamp.mail.message import build_message
from edcamp.mail.settings import SmtpSettings, parse_mail_url
from edcamp.models import OutboxMail, utcnow

log = logging.getLogger("edcamp.mail")
BATCH = 20
LEASE = timedelta(minutes=5)


def retry_delay(attempts: int) -> timedelta:
    """Exponential backoff after the ``attempts``-th failure: base, 2x, 4x ... capped."""
    config = current_app.config
    base = float(config.get("MAIL_RETRY_BASE_S", 30.0))
    cap = float(config.get("MAIL_RETRY_MAX_S", 3600.0))
    return timedelta(seconds=min(cap, base * 2 ** max(0, attempts - 1)))


def max_attempts() -> int:
    return int(current_app.config.get("MAIL_MAX_ATTEMPTS", 12))


def settings() -> SmtpSettings | None:
    config = current_app.config
    if not config.get("MAIL_URL"):
        return None
    return parse_mail_url(
        config["MAIL_URL"],
        ca_file=config.get("MAIL_CA_FILE"),
        timeout_s=float(config.get("MAIL_TIMEOUT_S", 20.0)),
    )


def _due(now):
    return (
        OutboxMail.status == "queued",
        OutboxMail.next_attempt_at <= now,
        (OutboxMail.claimed_until.is_(None)) | (OutboxMail.claimed_until < now),
    )


def has_due_mail() -> bool:
    found = db.session.scalar(select(OutboxMail.id).where(*_due(utcnow())).limit(1))
    db.session.rollback()  # end the read at once
    return found is not None


def claim(limit: int = BATCH) -> list[int]:
    """Lease up to ``limit`` due mails to this sender; their ids, oldest first."""
    now = utcnow()
    token = secrets.token_hex(16)
    due = (
        select(OutboxMail.id)
        .where(*_due(now))
        .order_by(OutboxMail.id)
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    db.session.execute(
        update(OutboxMail)
        .where(OutboxMail.id.in_(due))
        .values(claim_token=token, claimed_until=now + LEASE),
        execution_options={"synchronize_session": False},
    )
    db.session.commit()
    return list(
        db.session.scalars(
            select(OutboxMail.id).where(OutboxMail.claim_token == token).order_by(OutboxMail.id)
        )
    )


def deliver_due(limit: int = BATCH) -> int:
    """Send one batch of due mail; how many mails were tried (0: nothing is due)."""
    smtp_settings = settings()
    if smtp_settings is None:
        return 0
    ids = claim(limit)
    if not ids:
        return 0
    sender = current_app.config["MAIL_FROM"]
    pending = list(ids)
    try:
        with _connection(smtp_settings) as smtp:
            while pending:
                mail = db.session.get(OutboxMail, pending[0])
                message = build_message(mail, sender=sender, unsubscribe_url=mail.unsubscribe_url)
                db.session.commit()  # no transaction open while the server answers
                try:
                    smtp.send_message(message)
                except (smtplib.SMTPRecipientsRefused, smtplib.SMTPDataError) as error:
                    _record_failure(pending.pop(0), _describe(error))  # this mail only
                    continue
                _record_sent(pending.pop(0))
    except (OSError, smtplib.SMTPException) as error:
        # The server is down, refused us, or dropped the connection: every mail not yet
        # accepted waits for the next attempt.
        reason = _describe(error)
        log.warning("SMTP delivery failed (%s); %d mail(s) will be retried", reason, len(pending))
        for mail_id in pending:
            _record_failure(mail_id, reason)
    return len(ids)


@contextmanager
def _connection(config: SmtpSettings):
    smtp_class = smtplib.SMTP_SSL if config.security == "tls" else smtplib.SMTP
    extra = {"context": config.tls_context()} if config.security == "tls" else {}
    smtp = smtp_class(config.host, config.port, timeout=config.timeout_s, **extra)
    try:
        if config.security == "starttls":
            smtp.starttls(context=config.tls_context())
        if config.username:
            smtp.login(config.username, config.password or "")
        yield smtp
    finally:
        try:
            smtp.quit()
        except (OSError, smtplib.SMTPException):
            smtp.close()


def _record_sent(mail_id: int) -> None:
    db.session.execute(
        update(OutboxMail)
        .where(OutboxMail.id == mail_id)
        .values(
            status="sent",
            sent_at=utcnow(),
            attempts=OutboxMail.attempts + 1,
            last_error="",
            claim_token=None,
            claimed_until=None,
            next_attempt_at=None,
        ),
        execution_options={"synchronize_session": False},
    )
    db.session.commit()


def _record_failure(mail_id: int, reason: str) -> None:
    mail = db.session.get(OutboxMail, mail_id)
    mail.attempts += 1
    mail.last_error = reason[:500]
    mail.claim_token = None
    mail.claimed_until = None
    if mail.attempts >= max_attempts():
        mail.status = "failed"  # kept, and an organizer can send it again
        mail.next_attempt_at = None
    else:
        mail.next_attempt_at = utcnow() + retry_delay(mail.attempts)
    db.session.commit()


def _describe(error: BaseException) -> str:
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        answers = error.recipients.values()
        codes = [f"{code} {text.decode(errors='replace')}" for code, text in answers]
        return "the server refused the recipient: " + "; ".join(codes)
    if isinstance(error, smtplib.SMTPResponseException):
        return f"the server answered {error.smtp_code} {error.smtp_error.decode(errors='replace')}"
    if isinstance(error, ConnectionRefusedError):
        return "could not connect to the mail server (connection refused)"
    return f"{type(error).__name__}: {error}" if str(error) else type(error).__name__


def retry_mail(mail: OutboxMail) -> None:
    """An organizer's "send again" for a mail that gave up: queued, due now, fresh count."""
    mail.status = "queued"
    mail.attempts = 0
    mail.next_attempt_at = utcnow()
    mail.last_error = ""
