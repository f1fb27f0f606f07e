"""Reflections: on each session an attendee attended or led, what they learned, what they
will try (and later, how it went), and evidence links that show the learning.

Only reflections their author put ``on_record`` appear on the shared learning record (its
PDF and verification link); erasure deletes them all (``erase_reflections``).
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from edcamp.contacts.handles import HandleError, normalise_handle
from edcamp.errors import Conflict, Invalid, NotFound
from edcamp.extensions import db
from edcamp.learning.sessions import RecordLine, record_lines, session_line
from edcamp.models import Attendee, EvidenceLink, Reflection, utcnow
from edcamp.urls import MAX_ID

MAX_LEARNED = 2000
MAX_WILL_TRY = 1000
MAX_OUTCOME = 2000
MAX_EVIDENCE = 8  # links per reflection
MAX_LABEL = 120
# "Too long" for each text field, whole sentences for translators (%(max)d: the limit).
_TOO_LONG = {
    "learned": _l("Keep \u201cwhat I learned\u201d to at most %(max)d characters."),
    "will_try": _l("Keep \u201cwhat I will try\u201d to at most %(max)d characters."),
    "outcome": _l("Keep \u201chow it went\u201d to at most %(max)d characters."),
}


@dataclass(frozen=True)
class ReflectionText:
    learned: str = ""
    will_try: str = ""
    on_record: bool = False


@dataclass(frozen=True)
class Evidence:
    id: int
    url: str
    label: str


@dataclass(frozen=True)
class RecordReflection:
    session_id: int
    title: str
    learned: str
    will_try: str
    outcome: str
    evidence: tuple[Evidence, ...]
    on_record: bool = True


@dataclass(frozen=True)
class SessionReflection:
    """A session the attendee may reflect on, with their reflection (None: not yet)."""

    line: RecordLine
    reflection: RecordReflection | None


def _text(value: str | None, limit: int, field: str) -> str:
    """Trimmed text; blank lines inside are kept (people write paragraphs)."""
    text = "\n".join(line.rstrip() for line in (value or "").strip().splitlines())
    if len(text) > limit:
        raise Invalid(str(_TOO_LONG[field]) % {"max": limit}, field=field)
    return text


def _find(attendee: Attendee, session_id: int) -> Reflection | None:
    return db.session.scalar(
        select(Reflection).where(
            Reflection.attendee_id == attendee.id, Reflection.proposal_id == session_id
        )
    )


def _create(attendee: Attendee, session_id: int) -> Reflection:
    """A new, empty reflection; when a double submit made the same one a moment ago (the
    unique constraint says so), that one."""
    try:
        with db.session.begin_nested():
            reflection = Reflection(attendee_id=attendee.id, proposal_id=session_id)
            reflection.learned = reflection.will_try = reflection.outcome = ""
            db.session.add(reflection)
            db.session.flush()
    except IntegrityError:
        found = _find(attendee, session_id)
        if found is None:
            raise Conflict(_("This was saved twice at once: try again."), code="retry") from None
        return found
    return reflection


def _plain(reflection: Reflection, title: str) -> RecordReflection:
    return RecordReflection(
        session_id=reflection.proposal_id,
        title=title,
        learned=reflection.learned,
        will_try=reflection.will_try,
        outcome=reflection.outcome,
        evidence=tuple(Evidence(e.id, e.url, e.label) for e in reflection.evidence),
        on_record=reflection.on_record,
    )


def save_reflection(attendee: Attendee, session_id: int, text: ReflectionText) -> Reflection:
    """Write or change the reflection on one session the attendee attended or led."""
    session_line(attendee, session_id)
    learned = _text(text.learned, MAX_LEARNED, "learned")
    will_try = _text(text.will_try, MAX_WILL_TRY, "will_try")
    reflection = _find(attendee, session_id)
    if not learned and not will_try and (reflection is None or not reflection.evidence):
        raise Invalid(_("Write what you learned or what you will try (or both)."), field="learned")
    if reflection is None:
        reflection = _create(attendee, session_id)
    if will_try and not reflection.will_try:
        reflection.will_try_at = utcnow()  # the "Did you try it?" mail counts from here
    elif not will_try:
        reflection.will_try_at = None
    reflection.learned = learned
    reflection.will_try = will_try
    reflection.on_record = bool(text.on_record)
    reflection.updated_at = utcnow()
    db.session.flush()
    return reflection


def delete_reflection(attendee: Attendee, session_id: int) -> None:
    reflection = _find(attendee, session_id)
    if reflection is None:
        raise NotFound(_("You have no reflection on this session."), code="reflection_not_found")
    db.session.delete(reflection)  # its evidence links go with it (cascade)
    db.session.flush()


def add_evidence(attendee: Attendee, session_id: int, url: str, label: str = "") -> EvidenceLink:
    """Attach a link (a blog post, a shared resource, a discussion post); http(s) only."""
    session_line(attendee, session_id)
    try:
        clean_url = normalise_handle("website", url or "", label=_("Link"))
    except HandleError as error:
        raise Invalid(error.message, field="url") from error
    if clean_url is None:
        raise Invalid(_("Paste the link to your evidence."), field="url")
    label = " ".join((label or "").split())
    if len(label) > MAX_LABEL:
        raise Invalid(
            _("Keep the label to at most %(max)d characters.", max=MAX_LABEL), field="label"
        )
    reflection = _find(attendee, session_id)
    if reflection is None:
        reflection = _create(attendee, session_id)
    if len(reflection.evidence) >= MAX_EVIDENCE:
        raise Invalid(
            ngettext(
                "A reflection holds at most %(num)d link.",
                "A reflection holds at most %(num)d links.",
                MAX_EVIDENCE,
            ),
            field="url",
        )
    if any(e.url == clean_url for e in reflection.evidence):
        raise Conflict(_("This link is already there."), code="duplicate_link", field="url")
    link = EvidenceLink(url=clean_url, label=label)
    reflection.evidence.append(link)
    db.session.flush()
    return link


def remove_evidence(attendee: Attendee, evidence_id: int) -> int:
    """Remove one of the attendee's evidence links; the id of its session."""
    link = db.session.get(EvidenceLink, evidence_id) if 0 < evidence_id <= MAX_ID else None
    owner = db.session.get(Reflection, link.reflection_id) if link is not None else None
    if owner is None or owner.attendee_id != attendee.id:
        raise NotFound(_("There is no such evidence link of yours."), code="evidence_not_found")
    owner.evidence.remove(link)
    db.session.flush()
    return owner.proposal_id


def set_outcome(attendee: Attendee, session_id: int, outcome: str) -> Reflection:
    """ "Did you try it?": how it went. Joins the record with the reflection."""
    session_line(attendee, session_id)
    reflection = _find(attendee, session_id)
    if reflection is None or not reflection.will_try:
        raise Conflict(
            _("Write what you will try first; the outcome goes with it."), code="nothing_to_try"
        )
    reflection.outcome = _text(outcome, MAX_OUTCOME, "outcome")
    reflection.outcome_at = utcnow() if reflection.outcome else None
    db.session.flush()
    return reflection


def my_reflections(attendee: Attendee) -> list[SessionReflection]:
    """Every session the attendee may reflect on, by time, with what they wrote."""
    written = {
        r.proposal_id: r
        for r in db.session.scalars(select(Reflection).where(Reflection.attendee_id == attendee.id))
    }
    result = []
    for line in record_lines(attendee):
        found = written.get(line.session_id)
        result.append(SessionReflection(line, _plain(found, line.title) if found else None))
    return result


def reflections_for_record(attendee: Attendee) -> tuple[list[RecordReflection], int]:
    """(the reflections on the record, how many more are kept private), by session time.
    A reflection on a session that left the published grid no longer counts."""
    shown, private = [], 0
    for item in my_reflections(attendee):
        if item.reflection is None:
            continue
        if item.reflection.on_record:
            shown.append(item.reflection)
        else:
            private += 1
    return shown, private


def erase_reflections(attendee_ids: list[int]) -> None:
    """Erasure (self-delete, purge): every reflection and evidence link of these people."""
    mine = select(Reflection.id).where(Reflection.attendee_id.in_(attendee_ids))
    db.session.execute(delete(EvidenceLink).where(EvidenceLink.reflection_id.in_(mine)))
    db.session.execute(delete(Reflection).where(Reflection.attendee_id.in_(attendee_ids)))
