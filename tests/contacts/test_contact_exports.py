import csv
import io
from datetime import UTC, datetime
from xml.etree import ElementTree as ET

import pytest
import vobject

from edcamp.contacts.exports import (
    CSV_HEADER,
    EXPORTS,
    MASTODON_HEADER,
    Contact,
    build_bluesky_list,
    build_csv,
    build_export,
    build_mastodon_csv,
    build_opml,
    build_vcard,
    safe_cell,
)

ANN = Contact(
    name="Ann O'Neil",
    email="ann@example.org",
    role="teacher",
    subjects=("Math", "Science"),
    grade_levels=("K-2",),
    handles={
        "mastodon": "@ann@mastodon.social",
        "bluesky": "ann.bsky.social",
        "x": "@ann",
        "linkedin": "https://www.linkedin.com/in/ann",
        "website": "https://ann.example/",
        "blog_feed": "https://ann.example/feed.xml",
    },
    sessions=("Makerspaces on a budget", "Grading for equity"),
    uid="urn:uuid:6f0a4c1e-1111-4222-8333-444455556666",
)
EVIL = Contact(
    name='<script>alert("x")</script> & =SUM(A1)',
    email=None,
    handles={
        "mastodon": "=cmd|' /C calc'!A0",
        "bluesky": "not a handle",
        "blog_feed": "javascript:alert(1)",
        "website": "data:text/html,hi",
    },
    sessions=("-2+3",),
)
BOB = Contact(
    name="Bob", handles={"mastodon": "@bob@hachyderm.io", "blog_feed": "https://b.example/rss"}
)


def read_csv(text):
    return list(csv.reader(io.StringIO(text, newline="")))


def test_contacts_csv_has_every_field_and_parses():
    rows = read_csv(build_csv([ANN, BOB]))
    assert tuple(rows[0]) == CSV_HEADER
    ann = dict(zip(rows[0], rows[1], strict=True))
    assert ann["Name"] == "Ann O'Neil"
    assert ann["Email"] == "ann@example.org"
    assert ann["Subjects"] == "Math; Science"
    assert ann["Bluesky"] == "ann.bsky.social"
    assert ann["Blog feed"] == "https://ann.example/feed.xml"
    assert ann["Sessions"] == "Makerspaces on a budget; Grading for equity"
    assert len(rows) == 3


def test_contacts_csv_neutralises_formulas_and_drops_invalid_handles():
    rows = read_csv(build_csv([EVIL]))
    evil = dict(zip(rows[0], rows[1], strict=True))
    assert evil["Name"] == '\'<script>alert("x")</script> & =SUM(A1)'[1:]  # starts with <
    assert evil["Sessions"] == "'-2+3"
    assert evil["Mastodon"] == evil["Bluesky"] == evil["Blog feed"] == evil["Website"] == ""
    for cell in rows[1]:
        assert not cell.startswith(("=", "+", "-", "@"))


@pytest.mark.parametrize("value", ["=1+1", "+1", "-1", "@SUM(1)", "\t=1"])
def test_safe_cell_prefixes_formula_starts(value):
    assert safe_cell(value) == "'" + value


def test_safe_cell_leaves_plain_text_alone():
    assert safe_cell("Ann") == "Ann"
    assert safe_cell("a=b") == "a=b"


def test_mastodon_csv_header_is_exact_and_rows_are_importable():
    text = build_mastodon_csv([ANN, EVIL, BOB, ANN])
    assert text.splitlines()[0] == "Account address,Show boosts,Notify on new posts,Languages"
    rows = read_csv(text)
    assert tuple(rows[0]) == MASTODON_HEADER
    assert rows[1:] == [
        ["@ann@mastodon.social", "true", "false", ""],
        ["@bob@hachyderm.io", "true", "false", ""],
    ]


def test_vcard_parses_in_vobject():
    cards = list(vobject.readComponents(build_vcard([ANN, EVIL], title="Edcamp Demo")))
    assert len(cards) == 2
    ann, evil = cards
    assert ann.version.value == "4.0"
    assert ann.fn.value == "Ann O'Neil"
    assert ann.email.value == "ann@example.org"
    assert ann.uid.value == ANN.uid
    urls = {u.value for u in ann.contents["url"]}
    assert "https://mastodon.social/@ann" in urls
    assert "https://bsky.app/profile/ann.bsky.social" in urls
    assert "https://ann.example/feed.xml" in urls
    assert "Grading for equity" in ann.note.value
    assert evil.fn.value == EVIL.name
    assert "email" not in evil.contents
    assert "url" not in evil.contents


def test_vcard_escapes_and_folds_long_lines():
    tricky = Contact(
        name="Zoë; Smith, Jr\nEND:VCARD", sessions=("Ünïcödé session " * 12,), email="z@example.org"
    )
    text = build_vcard([tricky])
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))
    assert text.split("\r\n").count("END:VCARD") == 1
    card = vobject.readOne(text)
    assert card.fn.value == "Zoë; Smith, Jr END:VCARD"
    assert ("Ünïcödé session " * 12).strip() in card.note.value


def test_opml_parses_and_escapes_names():
    now = datetime(2026, 5, 2, 17, 0, tzinfo=UTC)
    text = build_opml([ANN, EVIL, BOB], title="Edcamp <Demo> & friends", now=now)
    root = ET.fromstring(text.encode())
    assert root.tag == "opml"
    assert root.get("version") == "2.0"
    assert root.findtext("head/title") == "Edcamp <Demo> & friends"
    assert root.findtext("head/dateCreated") == "Sat, 02 May 2026 17:00:00 GMT"
    outlines = root.findall("body/outline")
    assert [o.get("xmlUrl") for o in outlines] == [
        "https://ann.example/feed.xml",
        "https://b.example/rss",
    ]
    assert outlines[0].get("type") == "rss"
    assert outlines[0].get("htmlUrl") == "https://ann.example/"
    assert "<script>" not in text


def test_opml_escapes_html_in_a_feed_owner_name():
    owner = Contact(name="<b>Bold</b> & co", handles={"blog_feed": "https://x.example/feed"})
    text = build_opml([owner])
    assert "&lt;b&gt;Bold&lt;/b&gt; &amp; co" in text
    assert ET.fromstring(text.encode()).find("body/outline").get("text") == owner.name


def test_bluesky_list_has_profile_links_and_skips_invalid():
    text = build_bluesky_list([ANN, EVIL, BOB], title="Edcamp Demo")
    lines = [line for line in text.splitlines() if line.startswith("@")]
    assert lines == ["@ann.bsky.social  https://bsky.app/profile/ann.bsky.social  (Ann O'Neil)"]


def test_dispatch_table_builds_every_format():
    for name, fmt in EXPORTS.items():
        assert build_export(name, [ANN], title="T") == fmt.build([ANN], title="T")
        assert name.endswith(fmt.extension)
    with pytest.raises(KeyError):
        build_export("contacts.xlsx", [ANN])


def test_empty_exports_are_still_valid():
    assert read_csv(build_csv([])) == [list(CSV_HEADER)]
    assert read_csv(build_mastodon_csv([])) == [list(MASTODON_HEADER)]
    assert ET.fromstring(build_opml([]).encode()).find("body") is not None
    assert build_vcard([]) == ""
