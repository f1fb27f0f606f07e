"""People who may connect: listed and private ones, with and without confirmed addresses."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from edcamp.connections import partners
from edcamp.extensions import db
from edcamp.models import Attendee, Event, utcnow


@dataclass
class Member:
    attendee: Attendee
    token: str

    @property
    def id(self) -> int:
        return self.attendee.id


@dataclass
class People:
    event: Event
    organizer: object
    ann: Member  # listed (share_contact), confirmed email, Mastodon; shares email in lists
    bob: Member  # shares nothing publicly; confirmed email, Bluesky, a website
    dana: Member  # not listed, but looking for a partner class; confirmed email, Mastodon
    quinn: Member  # shares nothing, no listing: nobody can find or ask her

    @property
    def slug(self) -> str:
        return self.event.slug


def confirm(attendee: Attendee) -> None:
    attendee.email_confirmed_at = utcnow()
    db.session.commit()


@pytest.fixture
def people(make_organizer, make_event, make_attendee) -> People:
    return build_people(make_organizer, make_event, make_attendee)


def build_people(make_organizer, make_event, make_attendee) -> People:
    organizer = make_organizer(name="Olivia Organizer")
    event = make_event(organizer, name="Edcamp Connect")

    def member(name, **profile) -> Member:
        attendee, token = make_attendee(event, name, **profile)
        if attendee.email:
            confirm(attendee)
        return Member(attendee, token)

    ann = member(
        "Ann Listed",
        email="ann@school.test",
        share_contact=True,
        share_email=True,
        subjects=["Science"],
        grade_levels=["6-8"],
        handles={"mastodon": "@ann@mastodon.social"},
    )
    bob = member(
        "Bob Private",
        email="bob.private@school.test",
        role="Teacher",
        subjects=["History"],
        grade_levels=["9-12"],
        handles={"bluesky": "bob-private.bsky.social", "website": "https://bob-private.example/"},
    )
    dana = member(
        "Dana Partner",
        email="dana.partner@school.test",
        subjects=["Science"],
        grade_levels=["6-8"],
        handles={"mastodon": "@dana@hachyderm.io"},
    )
    partners.save_listing(
        dana.attendee,
        subject="Science",
        grade_levels=["6-8"],
        idea="Shared weather station data",
    )
    quinn = member("Quinn Quiet", email="quinn.quiet@school.test")
    db.session.commit()
    return People(event, organizer, ann, bob, dana, quinn)
