""" "Looking for a partner class": a listing (subject, grade levels, the idea) that the
event's attendees see, and the ranking that puts matching colleagues first, saying why.

Listing oneself shows one's name, subject, grade levels and idea to the event's attendees,
and nothing else: contact details only travel through an accepted connection.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import select

from edcamp.attendees.service import GRADE_LEVELS, grade_level_labels
from edcamp.connections import blocks
from edcamp.errors import Invalid
from edcamp.extensions import db
from edcamp.models import Attendee, Event, PartnerListing, utcnow

MAX_SUBJECT = 40
MAX_IDEA = 200


@dataclass(frozen=True)
class Wanted:
    """One listing as plain data, for the pure ranking."""

    attendee_id: int
    name: str
    subject: str
    grade_levels: tuple[str, ...]
    idea: str


@dataclass(frozen=True)
class Match:
    listing: Wanted
    score: int
    reason: str  # "" for a listing that matches nothing of mine


def _problem(field: str, problem: str, limit: int) -> str:
    """One whole sentence per field and problem, for translators."""
    if field == "subject":
        if problem == "missing":
            return _("Please fill in the subject.")
        if problem == "too_long":
            return ngettext(
                "The subject is at most %(num)d character.",
                "The subject is at most %(num)d characters.",
                limit,
            )
        return _("The subject must not contain control characters.")
    if problem == "missing":
        return _("Please fill in a line about the idea.")
    if problem == "too_long":
        return ngettext(
            "A line about the idea is at most %(num)d character.",
            "A line about the idea is at most %(num)d characters.",
            limit,
        )
    return _("A line about the idea must not contain control characters.")


def _one_line(value: str | None, field: str, limit: int) -> str:
    text = " ".join((value or "").split())
    if not text:
        raise Invalid(_problem(field, "missing", limit), field=field)
    if len(text) > limit:
        raise Invalid(_problem(field, "too_long", limit), field=field)
    if any(unicodedata.category(c) == "Cc" for c in text):
        raise Invalid(_problem(field, "control", limit), field=field)
    return text


def save_listing(
    attendee: Attendee, *, subject: str | None, grade_levels: list[str] | None, idea: str | None
) -> PartnerListing:
    """Create or change the attendee's listing (one per attendee)."""
    subject = _one_line(subject, "subject", MAX_SUBJECT)
    grades = list(grade_levels or [])
    unknown = [g for g in grades if g not in GRADE_LEVELS]
    if unknown:
        raise Invalid(
            _(
                "Unknown grade level: %(level)s. Choose from: %(levels)s.",
                level=unknown[0],
                levels=", ".join(GRADE_LEVELS),
            ),
            field="grade_levels",
        )
    if not grades:
        raise Invalid(_("Choose at least one grade level."), field="grade_levels")
    idea = _one_line(idea, "idea", MAX_IDEA)
    listing = db.session.get(PartnerListing, attendee.id)
    if listing is None:
        listing = PartnerListing(attendee_id=attendee.id, event_id=attendee.event_id)
        db.session.add(listing)
    listing.subject = subject
    listing.grade_levels = [g for g in GRADE_LEVELS if g in grades]
    listing.idea = idea
    listing.updated_at = utcnow()
    db.session.flush()
    return listing


def remove_listing(attendee: Attendee) -> None:
    listing = db.session.get(PartnerListing, attendee.id)
    if listing is not None:
        db.session.delete(listing)
        db.session.flush()


def my_listing(attendee: Attendee) -> PartnerListing | None:
    return db.session.get(PartnerListing, attendee.id)


def _fold(values) -> dict[str, str]:
    return {" ".join(v.split()).casefold(): " ".join(v.split()) for v in values if v and v.strip()}


def rank(listings: list[Wanted], *, subjects: list[str], grade_levels: list[str]) -> list[Match]:
    """Matching colleagues first (same subject, then shared grade levels), each with why;
    then everyone else, newest listing order kept."""
    mine_subjects, mine_grades = _fold(subjects), set(grade_levels)
    matches = []
    for position, listing in enumerate(listings):
        same_subject = listing.subject.casefold() in mine_subjects
        grades = [g for g in GRADE_LEVELS if g in mine_grades and g in listing.grade_levels]
        score = (2 if same_subject else 0) + len(grades)
        reason = _reason(listing.subject if same_subject else "", grades)
        matches.append((-score, position, Match(listing, score, reason)))
    matches.sort(key=lambda item: (item[0], item[1]))
    return [match for _score, _position, match in matches]


def _reason(same_subject: str, grades: list[str]) -> str:
    """Why a listing matches mine, as one sentence ("" when nothing matches)."""
    labels = grade_level_labels() if grades else {}
    levels = ", ".join(labels.get(g, g) for g in grades)
    if same_subject and grades:
        return _(
            "Same subject: %(subject)s · grade levels %(levels)s like you",
            subject=same_subject,
            levels=levels,
        )
    if same_subject:
        return _("Same subject: %(subject)s", subject=same_subject)
    if grades:
        return _("Grade levels %(levels)s like you", levels=levels)
    return ""


def listings_for(viewer: Attendee) -> list[Match]:
    """Every other live attendee's listing (not people either side blocked), ranked for
    ``viewer`` by their own listing and profile."""
    event: Event = viewer.event
    rows = db.session.execute(
        select(PartnerListing, Attendee)
        .join(Attendee, Attendee.id == PartnerListing.attendee_id)
        .where(
            PartnerListing.event_id == event.id,
            Attendee.deleted_at.is_(None),
            Attendee.id != viewer.id,
        )
        .order_by(PartnerListing.updated_at.desc(), PartnerListing.attendee_id)
    )
    hidden = blocks.blocked_either_way(viewer.id)
    wanted = [
        Wanted(a.id, a.display_name, p.subject, tuple(p.grade_levels or ()), p.idea)
        for p, a in rows
        if a.id not in hidden
    ]
    own = my_listing(viewer)
    subjects = list(viewer.subjects or []) + ([own.subject] if own else [])
    grades = list(viewer.grade_levels or []) + (list(own.grade_levels) if own else [])
    return rank(wanted, subjects=subjects, grade_levels=grades)
