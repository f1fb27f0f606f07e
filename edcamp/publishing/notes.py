"""A session's links (shared notes, recording) and language, set by organizers.

The notes link is the event's URL template unless one is set on the session.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from flask_babel import gettext as _
from flask_babel import ngettext

from edcamp.errors import Invalid, NotFound
from edcamp.extensions import db
from edcamp.models import Event, Organizer, Proposal
from edcamp.proposals.service import clean_session_language

MAX_LENGTH = 500


def _too_long(field: str) -> str:
    if field == "video_url":
        return ngettext(
            "The video link must be at most %(num)d character.",
            "The video link must be at most %(num)d characters.",
            MAX_LENGTH,
        )
    return ngettext(
        "The notes link must be at most %(num)d character.",
        "The notes link must be at most %(num)d characters.",
        MAX_LENGTH,
    )


def _not_web(field: str) -> str:
    if field == "video_url":
        return _("The video link must be a web address starting with http:// or https://.")
    return _("The notes link must be a web address starting with http:// or https://.")


def clean_link(value: str, *, field: str = "notes_url") -> str:
    """'' clears the link; anything else must be an absolute http(s) URL. `field` is
    notes_url or video_url (the message names that link)."""
    url = (value or "").strip()
    if not url:
        return ""
    if len(url) > MAX_LENGTH:
        raise Invalid(_too_long(field), field=field)
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc or any(c.isspace() for c in url):
        raise Invalid(_not_web(field), field=field)
    return url


def clean_notes_url(value: str) -> str:
    return clean_link(value)


def _session(event: Event, proposal_id: int, by: Organizer) -> Proposal:
    proposal = db.session.get(Proposal, proposal_id) if event.is_organizer(by) else None
    if proposal is None or proposal.event_id != event.id:
        raise NotFound(_("There is no such session at this event."), code="session_not_found")
    return proposal


def set_session_details(
    event: Event,
    proposal_id: int,
    *,
    by: Organizer,
    notes_url: str | None = None,
    video_url: str | None = None,
    language: str | None = None,
) -> Proposal:
    """An organizer sets (or clears, with '') what is given; None leaves a field as it is.

    A session's own notes link wins over the event's template; an empty language means
    the event's.
    """
    proposal = _session(event, proposal_id, by)
    # Every value is checked before any is set: a bad one leaves the session as it was.
    changes = {}
    if notes_url is not None:
        changes["notes_url"] = clean_notes_url(notes_url)
    if video_url is not None:
        changes["video_url"] = clean_link(video_url, field="video_url")
    if language is not None:
        changes["language"] = clean_session_language(language)
    for name, value in changes.items():
        setattr(proposal, name, value)
    db.session.flush()
    return proposal


def set_notes_url(event: Event, proposal_id: int, value: str, *, by: Organizer) -> Proposal:
    return set_session_details(event, proposal_id, by=by, notes_url=value)
