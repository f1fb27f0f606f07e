"""Shared-notes links: the event's URL template, or one link set on a session."""

from __future__ import annotations

from urllib.parse import urlsplit

from edcamp.errors import Invalid, NotFound
from edcamp.extensions import db
from edcamp.models import Event, Organizer, Proposal

MAX_LENGTH = 500


def clean_notes_url(value: str) -> str:
    """'' clears the link; anything else must be an absolute http(s) URL."""
    url = (value or "").strip()
    if not url:
        return ""
    if len(url) > MAX_LENGTH:
        raise Invalid(f"The notes link must be at most {MAX_LENGTH} characters.", field="notes_url")
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc or any(c.isspace() for c in url):
        raise Invalid(
            "The notes link must be a web address starting with http:// or https://.",
            field="notes_url",
        )
    return url


def set_notes_url(event: Event, proposal_id: int, value: str, *, by: Organizer) -> Proposal:
    """An organizer sets (or clears) one session's notes link; it wins over the template."""
    if not event.is_organizer(by):
        raise NotFound("There is no such session at this event.", code="session_not_found")
    proposal = db.session.get(Proposal, proposal_id)
    if proposal is None or proposal.event_id != event.id:
        raise NotFound("There is no such session at this event.", code="session_not_found")
    proposal.notes_url = clean_notes_url(value)
    db.session.flush()
    return proposal
