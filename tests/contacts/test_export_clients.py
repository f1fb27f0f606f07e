"""The contact exports read by the clients people use: khard and vobject, a spreadsheet's CSV
reader, and bulk tools for Bluesky. Names and handles travel from the profile page and API."""

from __future__ import annotations

import csv
import io
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import vobject

from edcamp.contacts.exports import Contact, build_bluesky_handles, build_csv, build_vcard
from tests.helpers import bearer

ZOE = "Zoë O'Brien-Núñez, Jr."
KHARD = Path(sys.executable).parent / "khard"
KHARD_CONFIG = """\
[addressbooks]
[[edcamp]]
path = {book}

[general]
default_action = list
editor = /bin/true
merge_editor = /bin/true

[contact table]
display = first_name
sort = last_name

[vcard]
preferred_version = 4.0
"""
# What LibreOffice Calc and Gnumeric evaluate when a CSV cell starts with it.
FORMULA_START = re.compile(r"^[=+\-@]")


def spreadsheet_cells(text: str) -> list[dict[str, str]]:
    """Rows as a spreadsheet shows them after importing the CSV: every cell's text."""
    return list(csv.DictReader(io.StringIO(text, newline="")))


def khard_list(tmp_path: Path, vcf: str) -> list[str]:
    """khard's contact list, sorted by family name, of an export split one card per file
    (the layout of a vdir address book, which khard reads)."""
    book = tmp_path / "book"
    book.mkdir()
    for index, card in enumerate(re.findall(r"BEGIN:VCARD.*?END:VCARD\r\n", vcf, re.S)):
        (book / f"{index}.vcf").write_text(card, encoding="utf-8", newline="")
    config = tmp_path / "khard.conf"
    config.write_text(KHARD_CONFIG.format(book=book))
    result = subprocess.run(
        [str(KHARD), "-c", str(config), "list", "--parsable"],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    return [line.split("\t")[1] for line in result.stdout.splitlines()]


def test_vcard_n_is_what_the_person_typed_never_a_split_name():
    typed = Contact(name=ZOE, given_name="Zoë", family_name="O'Brien-Núñez")
    untyped = Contact(name=ZOE)

    first, second = vobject.readComponents(build_vcard([typed, untyped]))

    assert (first.n.value.family, first.n.value.given) == ("O'Brien-Núñez", "Zoë")
    assert (second.n.value.family, second.n.value.given) == ("", ZOE)
    assert second.fn.value == ZOE


def test_only_a_family_name_typed_is_used_as_it_stands():
    card = vobject.readOne(build_vcard([Contact(name="Kim Lee", family_name="Kim")]))

    assert (card.n.value.family, card.n.value.given) == ("Kim", "")


@pytest.mark.skipif(not KHARD.exists(), reason="khard is a dev dependency")
def test_khard_sorts_people_by_the_family_name_they_typed(tmp_path):
    vcf = build_vcard(
        [
            Contact(name=ZOE, given_name="Zoë", family_name="O'Brien-Núñez"),
            Contact(name="Jane Jones", given_name="Jane", family_name="Jones"),
            Contact(name="Ada Lovelace", given_name="Ada", family_name="Lovelace"),
        ]
    )

    names = khard_list(tmp_path, vcf)

    assert names == ["Jane Jones", "Ada Lovelace", "Zoë O'Brien-Núñez"]


def test_csv_handles_are_plain_and_free_text_keeps_the_formula_guard():
    contact = Contact(
        name='=HYPERLINK("http://evil")',
        role="-teacher",
        handles={
            "mastodon": "@ann@mastodon.social",
            "x": "@ann_x",
            "bluesky": "ann.bsky.social",
            "linkedin": "https://www.linkedin.com/in/ann",
        },
    )

    (row,) = spreadsheet_cells(build_csv([contact]))

    assert row["Mastodon"] == "ann@mastodon.social"
    assert row["X (Twitter)"] == "https://x.com/ann_x"
    assert row["Bluesky"] == "ann.bsky.social"
    assert row["LinkedIn"] == "https://www.linkedin.com/in/ann"
    assert row["Name"] == '\'=HYPERLINK("http://evil")'
    assert row["Role"] == "'-teacher"
    assert not [value for value in row.values() if FORMULA_START.match(value)]


def test_bluesky_handles_file_is_one_bare_handle_per_line():
    contacts = [
        Contact(name="Ann", handles={"bluesky": "ann.bsky.social"}),
        Contact(name="Bob", handles={"bluesky": "bob.example.org"}),
        Contact(name="Again", handles={"bluesky": "ann.bsky.social"}),
        Contact(name="Bad", handles={"bluesky": "not a handle"}),
        Contact(name="None"),
    ]

    text = build_bluesky_handles(contacts, title="Edcamp Test")

    assert text.splitlines() == ["ann.bsky.social", "bob.example.org"]
    assert text.endswith("\n")


def test_names_typed_on_the_profile_page_reach_the_vcard(client, scene, join_as, organizer_token):
    join_as(
        scene.event,
        name=ZOE,
        given_name="Zoë",
        family_name="O'Brien-Núñez",
        share_contact="y",
    )
    headers = bearer(organizer_token(scene.organizer))

    vcf = client.get(f"/events/{scene.event.slug}/export/contacts.vcf", headers=headers)

    cards = {c.fn.value: c for c in vobject.readComponents(vcf.get_data(as_text=True))}
    assert (cards[ZOE].n.value.family, cards[ZOE].n.value.given) == ("O'Brien-Núñez", "Zoë")
    assert (cards["Bob"].n.value.family, cards["Bob"].n.value.given) == ("", "Bob")


def test_profile_api_sets_and_clears_name_parts(client, scene):
    path = f"/api/v1/events/{scene.event.slug}/me"
    headers = bearer(scene.ann_token)

    set_parts = client.patch(
        path, json={"given_name": " Ann ", "family_name": "Bold"}, headers=headers
    )
    kept = client.patch(path, json={"role": "Librarian"}, headers=headers)
    cleared = client.patch(path, json={"family_name": ""}, headers=headers)
    too_long = client.patch(path, json={"given_name": "x" * 81}, headers=headers)

    assert set_parts.get_json()["given_name"] == "Ann"
    assert kept.get_json()["family_name"] == "Bold"
    assert cleared.get_json()["family_name"] == ""
    assert too_long.status_code == 422
    assert client.get(path, headers=headers).get_json()["given_name"] == "Ann"


def test_self_delete_erases_the_name_parts(client, scene):
    from edcamp.extensions import db

    path = f"/api/v1/events/{scene.event.slug}/me"
    headers = bearer(scene.ann_token)
    client.patch(path, json={"given_name": "Ann", "family_name": "Bold"}, headers=headers)

    assert client.delete(path, headers=headers).status_code == 204

    db.session.refresh(scene.ann)
    assert (scene.ann.given_name, scene.ann.family_name) == (None, None)


def test_served_csv_and_bluesky_files_read_cleanly(client, scene, organizer_token):
    headers = bearer(organizer_token(scene.organizer))
    base = f"/events/{scene.event.slug}/export"

    rows = spreadsheet_cells(client.get(f"{base}/contacts.csv", headers=headers).data.decode())
    plain = client.get(f"{base}/bluesky-handles.txt", headers=headers)

    mastodon = {row["Mastodon"] for row in rows} - {""}
    assert mastodon == {"ann@mastodon.social", "bob@hachyderm.io", "dee@mastodon.social"}
    assert plain.mimetype == "text/plain"
    assert sorted(plain.get_data(as_text=True).splitlines()) == [
        "ann.bsky.social",
        "bob.example.org",
    ]


def test_khard_is_installed_for_ci():
    """CI installs the dev extra, so the khard test above must not be skipped there."""
    assert shutil.which("khard") or KHARD.exists()


def test_attendees_get_the_plain_bluesky_file_of_their_sessions(client, scene):
    from tests.contacts.test_attendee_pages import as_attendee

    as_attendee(client, scene.ann)

    response = client.get(f"/events/{scene.event.slug}/me/export/bluesky-handles.txt")

    assert response.status_code == 200
    assert response.get_data(as_text=True).splitlines() == ["bob.example.org"]
