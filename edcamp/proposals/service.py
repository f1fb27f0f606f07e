"""Proposing sessions, editing them, and offering to lead them.

Every rule about a proposal's text lives here, so the phone form, the
moderation page and the JSON API say the same thing. Functions flush but
never commit; the caller commits and then announces the board change.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import select, update

from edcamp.attendees.public import public_name
from edcamp.errors import Forbidden, Invalid, NotFound
from edcamp.events.rooms_and_slots import clean_features
from edcamp.events.voting import voting_is_open
from edcamp.extensions import db
from edcamp.languages import clean_language
from edcamp.models import Attendee, Event, Facilitator, Proposal, utcnow
from edcamp.urls import MAX_ID

TITLE_MAX = 120
DESCRIPTION_MAX = 2000
TAG_MAX = 30
TAGS_MAX = 6
_SPACES = re.compile(r"\s+")


@dataclass
class ProposalText:
    """Fields to set; None leaves a field as it is."""

    title: str | None = None
    description: str | None = None
    tags: list[str] | None = None
    language: str | None = None  # "" goes back to the event's language
    needs: list[str] | None = None  # room features the session cannot do without
    length: int | None = None  # 1, or 2 for a double session


def clean_session_language(value: str) -> str | None:
    return clean_language(value) if value.strip() else None


def clean_length(length: int) -> int:
    if isinstance(length, bool) or length not in (1, 2):
        raise Invalid(_("'length' is 1 (one slot) or 2 (a double session)."), field="length")
    return length


def clean_title(title: str) -> str:
    title = _SPACES.sub(" ", title or "").strip()
    if not title:
        raise Invalid(_("A proposal needs a title."), field="title")
    if len(title) > TITLE_MAX:
        raise Invalid(
            ngettext(
                "A title is at most %(num)d character.",
                "A title is at most %(num)d characters.",
                TITLE_MAX,
            ),
            field="title",
        )
    return title


def clean_description(description: str) -> str:
    description = (description or "").strip()
    if len(description) > DESCRIPTION_MAX:
        raise Invalid(
            ngettext(
                "A description is at most %(num)d character.",
                "A description is at most %(num)d characters.",
                DESCRIPTION_MAX,
            ),
            field="description",
        )
    return description


_MARKUP = re.compile(r"<[^>]*>?")


def clean_tags(tags: list[str] | str) -> list[str]:
    """Trimmed, '#'-less, markup-free, unique, in the order given, and as typed: "iPad" stays
    "iPad". Two tags that differ only in case are one tag (the first spelling is kept).

    Markup is stripped, not escaped: "<i>tag</i>" is the tag "tag" (escaped, it would show as
    "&lt;i&gt;tag" on the chip and sort before every real tag)."""
    if isinstance(tags, str):
        tags = tags.split(",")
    cleaned: list[str] = []
    seen: set[str] = set()
    for tag in tags:
        if not isinstance(tag, str):
            raise Invalid(_("Tags must be strings."), field="tags")
        tag = _SPACES.sub(" ", _MARKUP.sub("", tag)).strip().lstrip("#").strip()
        if not tag:
            continue
        if len(tag) > TAG_MAX:
            raise Invalid(
                ngettext(
                    "A tag is at most %(num)d character.",
                    "A tag is at most %(num)d characters.",
                    TAG_MAX,
                ),
                field="tags",
            )
        if tag.casefold() not in seen:
            seen.add(tag.casefold())
            cleaned.append(tag)
    if len(cleaned) > TAGS_MAX:
        raise Invalid(
            ngettext("At most %(num)d tag.", "At most %(num)d tags.", TAGS_MAX), field="tags"
        )
    return cleaned


def get_proposal(event: Event, proposal_id: int, *, include_hidden: bool = False) -> Proposal:
    proposal = db.session.get(Proposal, proposal_id) if 0 < proposal_id <= MAX_ID else None
    if (
        proposal is None
        or proposal.event_id != event.id
        or (proposal.hidden and not include_hidden)
    ):
        raise NotFound(_("This event has no such proposal."), code="proposal_not_found")
    return proposal


def list_proposals(event: Event, *, include_hidden: bool = False) -> list[Proposal]:
    query = select(Proposal).where(Proposal.event_id == event.id)
    if not include_hidden:
        query = query.where(Proposal.hidden.is_(False))
    return list(db.session.scalars(query.order_by(Proposal.created_at, Proposal.id)))


def has_been_asked_to_lead(attendee: Attendee) -> bool:
    """Whether the phone already asked this person if their name may go on the public
    schedule: proposing and offering to lead each ask it, so anyone who proposed or leads a
    session was asked. The phone asks once; after that the profile page changes the answer."""
    proposed = select(Proposal.id).where(Proposal.proposer_id == attendee.id).limit(1)
    leads = select(Facilitator.proposal_id).where(Facilitator.attendee_id == attendee.id).limit(1)
    return db.session.scalar(proposed) is not None or db.session.scalar(leads) is not None


def set_show_name(attendee: Attendee, show_name: bool | None) -> None:
    """The consent asked again when proposing or co-facilitating (None: not asked)."""
    if show_name is None or bool(show_name) == bool(attendee.show_name):
        return
    attendee.show_name = bool(show_name)
    touch_led_by([attendee.id])


def create_proposal(
    event: Event,
    text: ProposalText,
    *,
    by: Attendee,
    facilitating: bool = True,
    show_name: bool | None = None,
) -> Proposal:
    """An attendee proposes a session; as its facilitator, or as a request for one."""
    if by.event_id != event.id:
        raise Forbidden(_("You joined another event."))
    set_show_name(by, show_name)
    proposal = Proposal(
        event_id=event.id,
        proposer_id=by.id,
        title=clean_title(text.title or ""),
        description=clean_description(text.description or ""),
        tags=clean_tags(text.tags or []),
        needs=clean_features(text.needs or [], field="needs"),
        length=clean_length(1 if text.length is None else text.length),
        is_request=not facilitating,
        language=clean_session_language(text.language or ""),
    )
    if facilitating:
        proposal.facilitators.append(Facilitator(attendee_id=by.id))
    db.session.add(proposal)
    db.session.flush()
    return proposal


def can_edit(proposal: Proposal, *, attendee: Attendee | None, organizer: bool) -> bool:
    if organizer:
        return True
    return (
        attendee is not None
        and proposal.proposer_id == attendee.id
        and not proposal.hidden
        and voting_is_open(proposal.event)
    )


def update_proposal(
    proposal: Proposal,
    text: ProposalText,
    *,
    attendee: Attendee | None = None,
    organizer: bool = False,
    hidden: bool | None = None,
) -> Proposal:
    """Proposers edit their own until voting closes; organizers edit and hide any time."""
    if not can_edit(proposal, attendee=attendee, organizer=organizer):
        if attendee is not None and proposal.proposer_id == attendee.id:
            raise Forbidden(
                _("Voting has closed, so proposals can no longer be edited."), code="voting_closed"
            )
        raise Forbidden(_("Only its proposer or an organizer may edit this proposal."))
    if hidden is not None and not organizer:
        raise Forbidden(_("Only organizers may hide or show proposals."), field="hidden")
    title = clean_title(text.title) if text.title is not None else None
    description = clean_description(text.description) if text.description is not None else None
    tags = clean_tags(text.tags) if text.tags is not None else None
    if text.needs is not None:
        proposal.needs = clean_features(text.needs, field="needs")
    if text.length is not None:
        proposal.length = clean_length(text.length)
    if title is not None:
        proposal.title = title
    if description is not None:
        proposal.description = description
    if tags is not None:
        proposal.tags = tags
    if text.language is not None:
        proposal.language = clean_session_language(text.language)
    if hidden is not None:
        set_hidden(proposal, hidden)
    db.session.flush()
    return proposal


def set_hidden(proposal: Proposal, hidden: bool) -> None:
    if not hidden and proposal.merged_into_id is not None:
        raise Invalid(
            _("This proposal was merged into another; undo the merge to show it again."),
            field="hidden",
        )
    proposal.hidden = hidden


def touch_led_by(attendee_ids: list[int]) -> None:
    """Mark the proposals these people lead as edited: public outputs show their names, so a
    feed's Last-Modified must move when a name, its consent or the person goes."""
    led = select(Facilitator.proposal_id).where(Facilitator.attendee_id.in_(attendee_ids))
    db.session.execute(update(Proposal).where(Proposal.id.in_(led)).values(updated_at=utcnow()))


def facilitator_ids(proposal: Proposal) -> list[int]:
    return [f.attendee_id for f in proposal.facilitators]


def offer_to_facilitate(
    proposal: Proposal, *, by: Attendee, show_name: bool | None = None
) -> Proposal:
    """Co-facilitate, or take the lead of a request. Offering twice changes nothing."""
    if by.event_id != proposal.event_id:
        raise Forbidden(_("You joined another event."))
    set_show_name(by, show_name)
    if by.id not in facilitator_ids(proposal):
        proposal.facilitators.append(Facilitator(attendee_id=by.id))
        proposal.updated_at = utcnow()
        db.session.flush()
    return proposal


def withdraw_facilitation(proposal: Proposal, *, by: Attendee) -> Proposal:
    for facilitator in list(proposal.facilitators):
        if facilitator.attendee_id == by.id:
            proposal.facilitators.remove(facilitator)
            proposal.updated_at = utcnow()
    db.session.flush()
    return proposal


def serialize(
    proposal: Proposal,
    *,
    votes: int | None = None,
    organizer: bool = False,
    viewer: Attendee | None = None,
) -> dict:
    """A proposal as the API shows it. Attendee ids only to the event's organizers; everyone
    else sees public names ("a participant" without consent) and whether it is their own."""
    data = {
        "id": proposal.id,
        "title": proposal.title,
        "description": proposal.description,
        "tags": list(proposal.tags or []),
        "language": proposal.language or proposal.event.language,
        "needs": list(proposal.needs or []),
        "length": proposal.length,
        "facilitating": not proposal.is_request,
        "is_request": proposal.is_request,
        "facilitators": [public_name(f.attendee) for f in proposal.facilitators],
        "hidden": proposal.hidden,
        "merged_into": proposal.merged_into_id,
    }
    if organizer:
        data["facilitator_ids"] = facilitator_ids(proposal)
        data["proposer_id"] = proposal.proposer_id
    if viewer is not None:
        data["mine"] = proposal.proposer_id == viewer.id
        data["i_facilitate"] = viewer.id in facilitator_ids(proposal)
    if votes is not None:
        data["votes"] = votes
    return data
