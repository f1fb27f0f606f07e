"""contacts/access.py: who may download which contacts, without a request in sight."""

from __future__ import annotations

import pytest

from edcamp.contacts.access import ATTENDEE_EXPORTS, attendee_download, organizer_download
from edcamp.contacts.exports import EXPORTS
from edcamp.errors import Forbidden, NotFound


def names(download) -> set[str]:
    return {contact.name for contact in download.contacts}


def test_an_organizer_downloads_every_consenting_person_of_the_event(scene):
    download = organizer_download(scene.event, "contacts.csv", by=scene.organizer)

    assert names(download) == {"Ann <b>Bold</b>", "Bob", "Dee"}
    assert download.filename == f"{scene.event.slug}-contacts.csv"


def test_an_organizer_downloads_one_session_of_the_event(scene):
    download = organizer_download(
        scene.event, "contacts.vcf", scene.podcasts.id, by=scene.organizer
    )

    assert names(download) == {"Bob", "Dee"}
    assert download.filename == f"{scene.event.slug}-session-{scene.podcasts.id}-contacts.vcf"


def test_an_organizer_of_another_event_downloads_nothing(scene, make_organizer):
    with pytest.raises(Forbidden):
        organizer_download(scene.event, "contacts.csv", by=make_organizer())


def test_an_unknown_format_or_session_is_not_found(scene):
    with pytest.raises(NotFound):
        organizer_download(scene.event, "contacts.exe", by=scene.organizer)
    with pytest.raises(NotFound):
        organizer_download(scene.event, "contacts.csv", 999_999, by=scene.organizer)


def test_an_attendee_takes_home_follow_lists_only():
    assert set(ATTENDEE_EXPORTS) < set(EXPORTS)
    assert not {"contacts.csv", "contacts.vcf"} & set(ATTENDEE_EXPORTS)


@pytest.mark.parametrize("name", ["contacts.csv", "contacts.vcf"])
def test_an_attendee_cannot_download_an_address_book(scene, name):
    with pytest.raises(NotFound):
        attendee_download(scene.bob, name)


def test_an_attendee_downloads_the_people_of_their_sessions_but_not_themselves(scene):
    download = attendee_download(scene.bob, "mastodon.csv")

    assert names(download) == {"Ann <b>Bold</b>", "Dee"}
    assert download.filename == f"{scene.event.slug}-my-sessions-mastodon.csv"


def test_an_attendee_cannot_download_a_session_they_were_not_part_of(scene):
    with pytest.raises(Forbidden):
        attendee_download(scene.dee, "mastodon.csv", scene.maker.id)
