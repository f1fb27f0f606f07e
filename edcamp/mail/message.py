"""From an outbox row to an RFC 5322 message, and onto the wire."""

from __future__ import annotations

from email.message import EmailMessage
from email.utils import formatdate

from edcamp.models import OutboxMail


def build_message(mail: OutboxMail, *, sender: str, unsubscribe_url: str | None) -> EmailMessage:
    """Plain text plus simple HTML. The Message-ID was fixed when the mail was queued, so a
    retry after a lost answer is recognisable as the same mail by the receiving side."""
    message = EmailMessage()
    message["From"] = sender
    message["To"] = mail.to_address
    message["Subject"] = mail.subject
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = mail.message_id
    message["Auto-Submitted"] = "auto-generated"
    if unsubscribe_url:
        # RFC 8058: mail clients offer "unsubscribe" and POST to the URL, no page to visit.
        message["List-Unsubscribe"] = f"<{unsubscribe_url}>"
        message["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    message.set_content(mail.body_text)
    if mail.body_html:
        message.add_alternative(mail.body_html, subtype="html")
    return message
