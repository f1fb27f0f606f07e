"""Joining an event from a phone, and finding the attendee behind a token."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field

from flask_babel import gettext as _
from flask_babel import ngettext, pgettext
from sqlalchemy import select

from edcamp.accounts.service import hash_token, normalise_email
from edcamp.attendees.joining import check_joining_open
from edcamp.contacts.handles import HANDLE_KINDS, HANDLE_LABELS, HandleError, normalise_handle
from edcamp.errors import Forbidden, Invalid
from edcamp.extensions import db
from edcamp.models import Attendee, Event

ATTENDEE_TOKEN_PREFIX = "att_"
ROLES = (
    "Teacher",
    "Librarian",
    "Instructional coach",
    "Administrator",
    "Counselor",
    "Technology specialist",
    "Student teacher",
    "Other",
)
GRADE_LEVELS = ("Pre-K", "K-2", "3-5", "6-8", "9-12", "Higher ed", "Adult learners")


def role_labels() -> dict[str, str]:
    """What people read for each stored role (the values stay English: the API takes them)."""
    return {
        "Teacher": pgettext("role", "Teacher"),
        "Librarian": pgettext("role", "Librarian"),
        "Instructional coach": pgettext("role", "Instructional coach"),
        "Administrator": pgettext("role", "Administrator"),
        "Counselor": pgettext("role", "Counselor"),
        "Technology specialist": pgettext("role", "Technology specialist"),
        "Student teacher": pgettext("role", "Student teacher"),
        "Other": pgettext("role", "Other"),
    }


def grade_level_labels() -> dict[str, str]:
    """What people read for each stored grade level (the values stay as they are)."""
    return {
        "Pre-K": pgettext("grade level", "Pre-K"),
        "K-2": pgettext("grade level", "K-2"),
        "3-5": pgettext("grade level", "3-5"),
        "6-8": pgettext("grade level", "6-8"),
        "9-12": pgettext("grade level", "9-12"),
        "Higher ed": pgettext("grade level", "Higher ed"),
        "Adult learners": pgettext("grade level", "Adult learners"),
    }


@dataclass
class Profile:
    """What a person tells about themselves when joining or on their profile page."""

    name: str
    email: str | None = None
    # For address books (vCard N), as the person typed them; never guessed from `name`.
    given_name: str = ""
    family_name: str = ""
    role: str = ""
    subjects: list[str] = field(default_factory=list)
    grade_levels: list[str] = field(default_factory=list)
    handles: dict[str, str | None] = field(default_factory=dict)
    share_contact: bool = False
    share_email: bool = False
    show_name: bool = False


def join_code_matches(event: Event, code: str | None) -> bool:
    typed = (code or "").upper().replace(" ", "").replace("-", "")
    return secrets.compare_digest(typed.encode(), event.join_code.encode())


def _name_part(value: str | None, field: str) -> str:
    part = " ".join((value or "").split())
    if len(part) > 80:
        raise Invalid(
            ngettext(
                "A name field is at most %(num)d character.",
                "A name field is at most %(num)d characters.",
                80,
            ),
            field=field,
        )
    return part


def clean_profile(profile: Profile) -> Profile:
    """Validate and normalise every field; raise Invalid naming the first bad one."""
    name = " ".join((profile.name or "").split())
    if not name:
        raise Invalid(_("Please tell us your name."), field="name")
    if len(name) > 80:
        raise Invalid(
            ngettext(
                "Your name must be at most %(num)d character.",
                "Your name must be at most %(num)d characters.",
                80,
            ),
            field="name",
        )
    email = normalise_email(profile.email) if profile.email and profile.email.strip() else None
    if profile.role and profile.role not in ROLES:
        raise Invalid(_("Role must be one of: %(roles)s.", roles=", ".join(ROLES)), field="role")
    unknown_grades = [g for g in profile.grade_levels if g not in GRADE_LEVELS]
    if unknown_grades:
        raise Invalid(
            _("Unknown grade level: %(level)s.", level=unknown_grades[0]), field="grade_levels"
        )
    subjects = [" ".join(s.split())[:40] for s in profile.subjects if s and s.strip()][:10]
    handles: dict[str, str | None] = {}
    for kind, value in (profile.handles or {}).items():
        if kind not in HANDLE_KINDS:
            raise Invalid(_("Unknown handle '%(kind)s'.", kind=kind), field=kind)
        if value is not None and not isinstance(value, str):
            raise Invalid(_("'%(kind)s' must be a string.", kind=kind), field=kind)
        try:
            handles[kind] = normalise_handle(kind, value or "")
        except HandleError as error:
            raise Invalid(str(error), field=kind) from error
        # Normalising can lengthen a handle ("example.org/..." gains "https://"); PostgreSQL
        # refuses a value longer than its column.
        limit = Attendee.__table__.c[kind].type.length
        if handles[kind] is not None and len(handles[kind]) > limit:
            raise Invalid(
                ngettext(
                    "%(label)s: too long (at most %(num)d character).",
                    "%(label)s: too long (at most %(num)d characters).",
                    limit,
                    label=HANDLE_LABELS[kind],
                ),
                field=kind,
            )
    return Profile(
        name=name,
        email=email,
        given_name=_name_part(profile.given_name, "given_name"),
        family_name=_name_part(profile.family_name, "family_name"),
        role=profile.role or "",
        subjects=subjects,
        grade_levels=[g for g in GRADE_LEVELS if g in profile.grade_levels],
        handles=handles,
        share_contact=bool(profile.share_contact),
        share_email=bool(profile.share_email) and email is not None,
        show_name=bool(profile.show_name),
    )


def apply_profile(attendee: Attendee, profile: Profile) -> None:
    attendee.name = profile.name
    attendee.given_name = profile.given_name or None
    attendee.family_name = profile.family_name or None
    if attendee.email != profile.email:
        attendee.email_confirmed_at = None  # a new address is confirmed by its own link
    attendee.email = profile.email
    attendee.role = profile.role
    attendee.subjects = list(profile.subjects)
    attendee.grade_levels = list(profile.grade_levels)
    for kind in HANDLE_KINDS:
        if kind in profile.handles:
            setattr(attendee, kind, profile.handles[kind])
    attendee.share_contact = profile.share_contact
    attendee.share_email = profile.share_email
    attendee.show_name = profile.show_name


def join_event(
    event: Event, code: str | None, profile: Profile, *, mail_confirmation: bool = True
) -> tuple[Attendee, str]:
    """Create the attendee; return it with its token (shown once, only its hash is kept).
    A given address gets its confirmation link (``mail_confirmation``: not for demo data)."""
    check_joining_open(event)
    if not join_code_matches(event, code):
        raise Forbidden(
            _("That join code is not right. Check the poster and try again."),
            code="wrong_join_code",
        )
    profile = clean_profile(profile)
    token = new_attendee_token()
    attendee = Attendee(event=event, token_hash=hash_token(token), feed_token=new_feed_token())
    apply_profile(attendee, profile)
    db.session.add(attendee)
    db.session.flush()
    if attendee.email and mail_confirmation:
        from edcamp.attendees.comeback import send_email_confirmation

        send_email_confirmation(attendee)
    return attendee, token


def new_attendee_token() -> str:
    return ATTENDEE_TOKEN_PREFIX + secrets.token_urlsafe(32)


def new_feed_token() -> str:
    return secrets.token_urlsafe(24)


def rotate_feed_token(attendee: Attendee) -> str:
    attendee.feed_token = new_feed_token()
    return attendee.feed_token


def attendee_for_token(token: str) -> Attendee | None:
    if not token.startswith(ATTENDEE_TOKEN_PREFIX):
        return None
    attendee = db.session.scalar(select(Attendee).where(Attendee.token_hash == hash_token(token)))
    if attendee is None or attendee.deleted_at is not None:
        return None
    return attendee


def set_unavailable_slots(attendee: Attendee, slot_ids: list[int]) -> list[int]:
    """The slots an attendee cannot make; the builder keeps the sessions they lead out of them.

    Unknown ids and other events' slots are refused as a whole (nothing half-saved).
    """
    if not isinstance(slot_ids, list) or any(
        isinstance(s, bool) or not isinstance(s, int) for s in slot_ids
    ):
        raise Invalid(
            _("'unavailable_slot_ids' must be a list of slot ids."), field="unavailable_slot_ids"
        )
    known = {slot.id for slot in attendee.event.slots}
    unknown = sorted(set(slot_ids) - known)
    if unknown:
        raise Invalid(
            _("This event has no slot %(slot)s.", slot=unknown[0]), field="unavailable_slot_ids"
        )
    attendee.unavailable_slot_ids = sorted(set(slot_ids))
    return attendee.unavailable_slot_ids
