"""Feedback on a session: one tap ("useful" / "not for me") and an optional comment to its
facilitators, once the session has ended.

Who may do what lives here, once, for the pages and the API:
- giving it: an attendee of the event (not one of the session's facilitators), after the
  session's slot ended; one per person per session, and giving it again changes it;
- reading it: the session's facilitators and the event's organizers. Comments are shown
  without names or times, in a fixed order: nobody reads who wrote what.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import delete, select

from edcamp.contacts.checkin_window import utcnow
from edcamp.contacts.people import checkin_window
from edcamp.errors import Conflict, Forbidden, Invalid, NotFound
from edcamp.extensions import db
from edcamp.formatting import clock
from edcamp.models import Attendee, Event, Facilitator, Organizer, Proposal, SessionFeedback

MAX_COMMENT = 1000
# Control characters other than line breaks and tabs: they render as nothing or as garbage.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


@dataclass(frozen=True)
class Comment:
    """No name and no time: in a small session, when someone tapped says who they are."""

    useful: bool
    text: str


@dataclass(frozen=True)
class FeedbackSummary:
    useful: int
    not_for_me: int
    comments: tuple[Comment, ...]

    @property
    def total(self) -> int:
        return self.useful + self.not_for_me


def clean_comment(text: str | None) -> str:
    """The comment as kept: control characters out, blank lines squeezed, at most 1000."""
    text = _CONTROL.sub("", (text or "").replace("\r\n", "\n")).strip()
    text = re.sub(r"\n{3,}", "\n\n", text)
    if len(text) > MAX_COMMENT:
        raise Invalid(
            _(
                "Keep the comment to at most %(max)d characters (it has %(length)d).",
                max=MAX_COMMENT,
                length=len(text),
            ),
            field="comment",
        )
    return text


def is_facilitator(attendee: Attendee | None, proposal: Proposal) -> bool:
    if attendee is None or attendee.deleted_at is not None:
        return False
    return db.session.get(Facilitator, (proposal.id, attendee.id)) is not None


def feedback_state(attendee: Attendee | None, proposal: Proposal, now: datetime | None = None):
    """('open' | 'not_yet' | 'facilitator' | 'unscheduled', the window or None): whether
    this attendee can give feedback on this session now, for the page to say why not."""
    window = checkin_window(proposal)
    if window is None:
        return "unscheduled", None
    if is_facilitator(attendee, proposal):
        return "facilitator", window
    if (now or utcnow()) < window.ends_at:
        return "not_yet", window
    return "open", window


def give_feedback(
    attendee: Attendee,
    proposal: Proposal,
    *,
    useful: bool,
    comment: str | None = "",
    now: datetime | None = None,
) -> SessionFeedback:
    """Give (or change) this attendee's feedback on a session that has ended."""
    if proposal.event_id != attendee.event_id or attendee.deleted_at is not None:
        raise NotFound(_("There is no such session in this event."), code="proposal_not_found")
    if not isinstance(useful, bool):
        raise Invalid(_("Choose \u201cuseful\u201d or \u201cnot for me\u201d."), field="useful")
    text = clean_comment(comment)
    state, window = feedback_state(attendee, proposal, now)
    if state == "unscheduled":
        raise Conflict(
            _("You can give feedback once this session is on the published schedule and over."),
            code="not_scheduled",
        )
    if state == "facilitator":
        raise Conflict(
            _("You led this session: its feedback is for you to read, not to give."),
            code="own_session",
        )
    if state == "not_yet":
        raise Conflict(
            _(
                "Feedback opens when this session ends, at %(time)s.",
                time=clock(window.ends_at, window.ends_at.tzinfo),
            ),
            code="feedback_not_open",
        )
    row = db.session.get(SessionFeedback, (attendee.id, proposal.id))
    if row is None:
        row = SessionFeedback(
            attendee_id=attendee.id, proposal_id=proposal.id, event_id=proposal.event_id
        )
        db.session.add(row)
    row.useful = useful
    row.comment = text
    db.session.flush()
    return row


def withdraw_feedback(attendee: Attendee, proposal: Proposal) -> None:
    db.session.execute(
        delete(SessionFeedback).where(
            SessionFeedback.attendee_id == attendee.id,
            SessionFeedback.proposal_id == proposal.id,
        )
    )


def my_feedback(attendee: Attendee | None, proposal: Proposal) -> SessionFeedback | None:
    if attendee is None:
        return None
    return db.session.get(SessionFeedback, (attendee.id, proposal.id))


def may_read(proposal: Proposal, *, attendee: Attendee | None, organizer: Organizer | None):
    """The session's facilitators and the event's organizers read its feedback."""
    event = db.session.get(Event, proposal.event_id)
    if organizer is not None and event is not None and event.is_organizer(organizer):
        return True
    return is_facilitator(attendee, proposal)


def session_feedback(
    proposal: Proposal, *, attendee: Attendee | None = None, organizer: Organizer | None = None
) -> FeedbackSummary:
    """A session's feedback for one of its facilitators or an organizer; anyone else: 403."""
    if not may_read(proposal, attendee=attendee, organizer=organizer):
        raise Forbidden(
            _("Only this session's facilitators and the event's organizers read its feedback."),
            code="not_your_session",
        )
    rows = list(
        db.session.scalars(
            select(SessionFeedback)
            .join(Attendee, Attendee.id == SessionFeedback.attendee_id)
            .where(SessionFeedback.proposal_id == proposal.id, Attendee.deleted_at.is_(None))
        )
    )
    return _summary(rows)


def _summary(rows: list[SessionFeedback]) -> FeedbackSummary:
    useful = sum(1 for r in rows if r.useful)
    comments = sorted(
        (Comment(r.useful, r.comment) for r in rows if r.comment),
        key=lambda c: (not c.useful, c.text.casefold()),
    )
    return FeedbackSummary(useful=useful, not_for_me=len(rows) - useful, comments=tuple(comments))


def event_feedback(event: Event) -> dict[int, FeedbackSummary]:
    """proposal id -> its feedback, for the organizer's report (one query)."""
    rows = db.session.scalars(
        select(SessionFeedback)
        .join(Attendee, Attendee.id == SessionFeedback.attendee_id)
        .where(SessionFeedback.event_id == event.id, Attendee.deleted_at.is_(None))
    )
    by_proposal: dict[int, list[SessionFeedback]] = defaultdict(list)
    for row in rows:
        by_proposal[row.proposal_id].append(row)
    return {pid: _summary(items) for pid, items in by_proposal.items()}


def led_sessions(attendee: Attendee) -> list[Proposal]:
    """The sessions this attendee facilitates, for a link to their feedback."""
    return list(
        db.session.scalars(
            select(Proposal)
            .join(Facilitator, Facilitator.proposal_id == Proposal.id)
            .where(Facilitator.attendee_id == attendee.id, Proposal.hidden.is_(False))
            .order_by(Proposal.title, Proposal.id)
        )
    )
