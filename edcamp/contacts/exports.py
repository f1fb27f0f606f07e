"""Pure builders for every contact export format.

Each builder takes plain :class:`Contact` values (already filtered by
consent: the caller never passes someone who did not share, and passes
``email=None`` unless the attendee shared it) and returns text.
:data:`EXPORTS` is the dispatch table the views use by format name.
"""

from __future__ import annotations

import csv
import io
import re
import uuid
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import format_datetime
from xml.etree import ElementTree as ET

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from edcamp.contacts.handles import HANDLE_KINDS, HANDLE_LABELS, is_valid_handle, profile_url

# Mastodon reads these names: the contract fixes them, in English.
MASTODON_HEADER = ("Account address", "Show boosts", "Notify on new posts", "Languages")
# For people in a spreadsheet: in the language of whoever downloads it.
CSV_HEADER = (
    _l("Name"),
    _l("Email"),
    _l("Role"),
    _l("Subjects"),
    _l("Grade levels"),
    *(HANDLE_LABELS[kind] for kind in HANDLE_KINDS),
    _l("Sessions"),
)
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@dataclass(frozen=True)
class Contact:
    """One consenting person, as exports see them."""

    name: str
    email: str | None = None
    role: str | None = None
    subjects: Sequence[str] = ()
    grade_levels: Sequence[str] = ()
    handles: Mapping[str, str] = field(default_factory=dict)
    sessions: Sequence[str] = ()
    uid: str | None = None
    given_name: str = ""
    family_name: str = ""


@dataclass(frozen=True)
class ExportFormat:
    """How one format is built and served."""

    build: Callable[..., str]
    mimetype: str
    extension: str
    label: str  # a lazy translation: read it in the page's language


def _clean(text: str | None) -> str:
    """Drop control characters (other than tab/newline) that no reader wants."""
    return _CONTROL_RE.sub("", text or "")


def _one_line(text: str | None) -> str:
    return " ".join(_clean(text).split())


def valid_handles(contact: Contact) -> dict[str, str]:
    """The contact's handles that are in normal form (others are left out)."""
    return {
        kind: value
        for kind, value in contact.handles.items()
        if kind in HANDLE_KINDS and value and is_valid_handle(kind, value)
    }


# --- CSV ------------------------------------------------------------------


def safe_cell(value: str | None) -> str:
    """A CSV cell that spreadsheets will not evaluate as a formula."""
    text = _clean(value)
    if text.startswith(_FORMULA_STARTS):
        return "'" + text
    return text


def csv_handle(kind: str, handle: str) -> str:
    """A normalised handle in a form no spreadsheet reads as a formula, and scripts still take.

    Mastodon's `@user@server` becomes `user@server` (the form Mastodon's own exports use) and
    X's `@name` its profile URL, instead of an apostrophe that Calc would show and scripts
    would read as part of the handle.
    """
    if kind == "mastodon":
        return handle.lstrip("@")
    if kind == "x":
        return profile_url(kind, handle)
    return handle


def write_csv(rows: Iterable[Sequence[str]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerows(rows)
    return out.getvalue()


def build_csv(contacts: Iterable[Contact], *, title: str = "") -> str:
    """All fields, one row per contact; every cell formula-safe.

    Handles are written in a form that is not a formula (`csv_handle`); free text keeps the
    apostrophe guard, since a name may start with `=`.
    """
    rows: list[Sequence[str]] = [[str(name) for name in CSV_HEADER]]
    for c in contacts:
        handles = {kind: csv_handle(kind, value) for kind, value in valid_handles(c).items()}
        row = [
            _one_line(c.name),
            c.email or "",
            c.role or "",
            "; ".join(c.subjects),
            "; ".join(c.grade_levels),
            *(handles.get(kind, "") for kind in HANDLE_KINDS),
            "; ".join(c.sessions),
        ]
        rows.append([safe_cell(cell) for cell in row])
    return write_csv(rows)


def build_mastodon_csv(contacts: Iterable[Contact], *, title: str = "") -> str:
    """Mastodon's follow-import CSV; rows without a valid handle are dropped."""
    rows: list[Sequence[str]] = [MASTODON_HEADER]
    seen: set[str] = set()
    for c in contacts:
        handle = c.handles.get("mastodon")
        if not handle or not is_valid_handle("mastodon", handle) or handle.lower() in seen:
            continue
        seen.add(handle.lower())
        rows.append((handle, "true", "false", ""))
    return write_csv(rows)


# --- vCard 4.0 ------------------------------------------------------------


def _vcard_text(value: str) -> str:
    """Escape a TEXT value (RFC 6350 section 3.4)."""
    value = _clean(value).replace("\r\n", "\n").replace("\r", "\n")
    return value.replace("\\", "\\\\").replace(",", "\\,").replace(";", "\\;").replace("\n", "\\n")


def _fold(line: str) -> str:
    """Fold a content line at 75 octets without splitting a UTF-8 character."""
    out: list[str] = []
    current, size, limit = [], 0, 75
    for ch in line:
        width = len(ch.encode("utf-8"))
        if size + width > limit:
            out.append("".join(current))
            current, size, limit = [], 0, 74  # continuation lines start with a space
        current.append(ch)
        size += width
    out.append("".join(current))
    return "\r\n ".join(out)


def _content_uid(contact: Contact) -> str:
    """A UID for a card built without one: the same person gives the same UID."""
    key = repr((contact.name, contact.email, sorted(contact.handles.items())))
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, 'edcamp-contact:' + key)}"


def structured_name(contact: Contact, full_name: str) -> tuple[str, str]:
    """(family, given) as the person typed them on their profile.

    Never split from the full name: "Zoë O'Brien-Núñez, Jr." has no last word that is her
    family name. Without either field the whole name is the given name.
    """
    given, family = _one_line(contact.given_name), _one_line(contact.family_name)
    if given or family:
        return family, given
    return "", full_name


def build_vcard(contacts: Iterable[Contact], *, title: str = "") -> str:
    """vCard 4.0 (RFC 6350), one card per contact, CRLF line ends."""
    lines: list[str] = []
    for c in contacts:
        card = ["BEGIN:VCARD", "VERSION:4.0", "KIND:individual"]
        name = _one_line(c.name) or "?"
        card.append(f"FN:{_vcard_text(name)}")
        family, given = structured_name(c, name)
        card.append(f"N:{_vcard_text(family)};{_vcard_text(given)};;;")
        # Address books (khard, vdirsyncer) skip a card without a UID.
        card.append(f"UID:{_vcard_text(c.uid or _content_uid(c))}")
        if c.email:
            card.append(f"EMAIL;TYPE=work:{_vcard_text(c.email)}")
        if c.role:
            card.append(f"ROLE:{_vcard_text(_one_line(c.role))}")
        if c.subjects or c.grade_levels:
            tags = [_vcard_text(_one_line(t)) for t in (*c.subjects, *c.grade_levels)]
            card.append("CATEGORIES:" + ",".join(t for t in tags if t))
        handles = valid_handles(c)
        for kind, service in (("mastodon", "Mastodon"), ("bluesky", "Bluesky"), ("x", "X")):
            if kind in handles:
                url = profile_url(kind, handles[kind])
                card.append(f"SOCIALPROFILE;SERVICE-TYPE={service}:{url}")
                card.append(f"URL;TYPE={kind}:{url}")
        for kind, url_type in (
            ("linkedin", "linkedin"),
            ("website", "home"),
            ("blog_feed", "feed"),
        ):
            if kind in handles:
                card.append(f"URL;TYPE={url_type}:{handles[kind]}")
        if c.sessions:
            note = _("Sessions: %(titles)s", titles="; ".join(_one_line(s) for s in c.sessions))
            if title:
                note = f"{_one_line(title)}. {note}"
            card.append(f"NOTE:{_vcard_text(note)}")
        card.append("END:VCARD")
        lines.extend(_fold(line) for line in card)
    return "".join(line + "\r\n" for line in lines)


# --- OPML 2.0 -------------------------------------------------------------


def build_opml(contacts: Iterable[Contact], *, title: str = "", now: datetime | None = None) -> str:
    """OPML 2.0 subscription list of the contacts' blog feeds."""
    root = ET.Element("opml", version="2.0")
    head = ET.SubElement(root, "head")
    ET.SubElement(head, "title").text = _one_line(title) or _("Blogs")
    created = format_datetime(now or datetime.now(UTC), usegmt=True)
    ET.SubElement(head, "dateCreated").text = created
    body = ET.SubElement(root, "body")
    seen: set[str] = set()
    for c in contacts:
        feed = c.handles.get("blog_feed")
        if not feed or not is_valid_handle("blog_feed", feed) or feed in seen:
            continue
        seen.add(feed)
        attrs = {"type": "rss", "text": _one_line(c.name), "title": _one_line(c.name)}
        attrs["xmlUrl"] = feed
        website = c.handles.get("website")
        if website and is_valid_handle("website", website):
            attrs["htmlUrl"] = website
        ET.SubElement(body, "outline", attrs)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


# --- Bluesky --------------------------------------------------------------


def _bluesky(contacts: Iterable[Contact]) -> list[tuple[str, Contact]]:
    """Each valid Bluesky handle once, with the first contact who gave it."""
    found: dict[str, Contact] = {}
    for c in contacts:
        handle = c.handles.get("bluesky")
        if handle and is_valid_handle("bluesky", handle):
            found.setdefault(handle, c)
    return list(found.items())


def build_bluesky_list(contacts: Iterable[Contact], *, title: str = "") -> str:
    """For people: a title, then one line per handle with its profile link and the name.

    Bluesky has no follow import, so this is a list to tap through.
    """
    lines = []
    if title:
        lines.append(f"Bluesky: {_one_line(title)}")
        lines.append("")
    for handle, c in _bluesky(contacts):
        lines.append(f"@{handle}  {profile_url('bluesky', handle)}  ({_one_line(c.name)})")
    return "\n".join(lines) + "\n"


def build_bluesky_handles(contacts: Iterable[Contact], *, title: str = "") -> str:
    """For bulk tools: one bare handle per line (`name.bsky.social`), nothing else."""
    return "".join(f"{handle}\n" for handle, _contact in _bluesky(contacts))


EXPORTS: dict[str, ExportFormat] = {
    "contacts.csv": ExportFormat(build_csv, "text/csv; charset=utf-8", "csv", _l("Contacts (CSV)")),
    "contacts.vcf": ExportFormat(
        build_vcard, "text/vcard; charset=utf-8", "vcf", _l("Address book (vCard)")
    ),
    "mastodon.csv": ExportFormat(
        build_mastodon_csv, "text/csv; charset=utf-8", "csv", _l("Mastodon follow import")
    ),
    "blogs.opml": ExportFormat(
        build_opml, "text/x-opml; charset=utf-8", "opml", _l("Blog feeds (OPML)")
    ),
    "bluesky.txt": ExportFormat(
        build_bluesky_list,
        "text/plain; charset=utf-8",
        "txt",
        _l("Bluesky list (to tap through)"),
    ),
    "bluesky-handles.txt": ExportFormat(
        build_bluesky_handles,
        "text/plain; charset=utf-8",
        "txt",
        _l("Bluesky handles (one per line, for bulk tools)"),
    ),
}


def build_export(name: str, contacts: Iterable[Contact], *, title: str = "") -> str:
    """Build the export called ``name`` (a key of :data:`EXPORTS`)."""
    try:
        fmt = EXPORTS[name]
    except KeyError:
        raise KeyError(f"Unknown export format: {name!r}") from None
    return fmt.build(list(contacts), title=title)
