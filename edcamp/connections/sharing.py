"""What one side of a connection shares with the other: a choice of fields, read live.

The choice is a list of names (``email``, ``about``, and each handle) made when asking or
accepting. Values are read from the attendee when shown, so a handle changed or erased
since is never shown from a stale copy, and a field left empty shows nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from edcamp.contacts.handles import HANDLE_KINDS, HANDLE_LABELS, is_valid_handle, profile_url
from edcamp.errors import Invalid
from edcamp.models import Attendee

SHAREABLE = ("email", "about", *HANDLE_KINDS)
SHARE_LABELS = {"email": _l("Email address"), "about": _l("Role, subjects and grade levels")} | {
    kind: HANDLE_LABELS[kind] for kind in HANDLE_KINDS
}


@dataclass(frozen=True)
class SharedLink:
    kind: str
    label: str
    text: str
    url: str


@dataclass(frozen=True)
class SharedDetails:
    """What a person shows one connection: never more than they chose for it."""

    name: str
    email: str | None
    role: str
    subjects: tuple[str, ...]
    grade_levels: tuple[str, ...]
    links: tuple[SharedLink, ...]

    def as_json(self) -> dict:
        return {
            "name": self.name,
            "email": self.email,
            "role": self.role or None,
            "subjects": list(self.subjects),
            "grade_levels": list(self.grade_levels),
            "handles": {link.kind: link.text for link in self.links},
        }


def filled_fields(attendee: Attendee) -> list[str]:
    """The shareable fields this attendee has something in (what a form offers)."""
    fields = []
    if attendee.email:
        fields.append("email")
    if attendee.role or attendee.subjects or attendee.grade_levels:
        fields.append("about")
    fields += [kind for kind in HANDLE_KINDS if getattr(attendee, kind)]
    return fields


def clean_shares(shares: Iterable[str] | None, attendee: Attendee) -> list[str]:
    """A valid choice, in a stable order; None means "everything I have filled in"."""
    if shares is None:
        return filled_fields(attendee)
    chosen = list(shares)
    unknown = [s for s in chosen if s not in SHAREABLE]
    if unknown:
        raise Invalid(
            _(
                "Unknown detail to share: %(detail)s. Choose from: %(details)s.",
                detail=repr(unknown[0]),
                details=", ".join(SHAREABLE),
            ),
            field="share",
        )
    return [s for s in SHAREABLE if s in chosen]


def shared_details(attendee: Attendee, shares: Iterable[str]) -> SharedDetails:
    """The attendee as their connection sees them: name, and only the chosen fields."""
    chosen = set(shares)
    about = "about" in chosen
    links = tuple(
        SharedLink(kind, str(HANDLE_LABELS[kind]), value, profile_url(kind, value))
        for kind in HANDLE_KINDS
        if kind in chosen and (value := getattr(attendee, kind)) and is_valid_handle(kind, value)
    )
    return SharedDetails(
        name=attendee.display_name,
        email=attendee.email if "email" in chosen and attendee.email else None,
        role=(attendee.role or "") if about else "",
        subjects=tuple(attendee.subjects or ()) if about else (),
        grade_levels=tuple(attendee.grade_levels or ()) if about else (),
        links=links,
    )


def share_summary(shares: Iterable[str]) -> str:
    chosen = [str(SHARE_LABELS[s]) for s in SHAREABLE if s in set(shares)]
    return ", ".join(chosen) if chosen else _("only your name")
