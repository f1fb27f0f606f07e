"""People to connect with: a pure ranking over plain data.

For each attendee we rank the *consenting* attendees who share something
with them (a session they were both in, a proposal they both voted for or
starred), boosted by shared subjects and grade levels, and we add a few
"outside your bubble" suggestions: people from a shared session who differ
in role, subject or grade level.

Candidates come from inverted indexes (session -> people, proposal ->
people), so the work grows with the size of the sessions, not with the
square of the attendance.
"""

from __future__ import annotations

import heapq
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace

SESSION_WEIGHT = 3
INTEREST_WEIGHT = 1
SUBJECT_WEIGHT = 2
GRADE_WEIGHT = 1


@dataclass(frozen=True)
class Person:
    """What ranking needs to know about one attendee."""

    id: int
    name: str
    consenting: bool = False
    role: str | None = None
    subjects: frozenset[str] = frozenset()
    grade_levels: frozenset[str] = frozenset()
    sessions: frozenset[int] = frozenset()  # proposals they facilitated or checked into
    interests: frozenset[int] = frozenset()  # proposals they voted for or starred


@dataclass(frozen=True)
class Suggestion:
    person_id: int
    name: str
    score: int
    shared_sessions: int
    shared_interests: int
    shared_subjects: tuple[str, ...]
    shared_grade_levels: tuple[str, ...]
    reason: str


@dataclass(frozen=True)
class Connections:
    person_id: int
    suggestions: tuple[Suggestion, ...] = ()
    outside_bubble: tuple[Suggestion, ...] = field(default=())


def _plural(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def _fold(values: Iterable[str]) -> dict[str, str]:
    """casefolded -> original spelling."""
    return {v.strip().casefold(): v.strip() for v in values if v and v.strip()}


class _Index:
    def __init__(self, people: Sequence[Person]) -> None:
        self.people = {p.id: p for p in people}
        self.by_session: dict[int, list[int]] = defaultdict(list)
        self.by_interest: dict[int, list[int]] = defaultdict(list)
        self.subjects = {p.id: _fold(p.subjects) for p in people}
        self.grades = {p.id: _fold(p.grade_levels) for p in people}
        self.roles = {p.id: (p.role or "").strip().casefold() for p in people}
        self.sort_names = {p.id: p.name.casefold() for p in people}
        self.subject_masks = _masks(self.subjects)
        self.grade_masks = _masks(self.grades)
        for p in people:
            if not p.consenting:
                continue  # never a candidate, so never indexed
            for s in p.sessions:
                self.by_session[s].append(p.id)
            for i in p.interests:
                self.by_interest[i].append(p.id)


def _masks(table: Mapping[int, Mapping[str, str]]) -> dict[int, int]:
    """One bit per distinct value, so overlaps are an ``&`` and a bit count."""
    bits: dict[str, int] = {}
    masks = {}
    for pid, values in table.items():
        mask = 0
        for key in values:
            mask |= 1 << bits.setdefault(key, len(bits))
        masks[pid] = mask
    return masks


def _reason(sessions: int, interests: int, subjects: list[str], grades: list[str]) -> str:
    parts = []
    if sessions:
        parts.append(_plural(sessions, "session", "sessions") + " in common")
    if interests:
        parts.append(_plural(interests, "shared vote or star", "shared votes or stars"))
    if subjects:
        parts.append("both teach " + ", ".join(sorted(subjects)))
    if grades:
        parts.append("both work with " + ", ".join(sorted(grades)))
    return "; ".join(parts)


def _bubble_reason(me: Person, other: Person, sessions: int) -> str:
    parts = [_plural(sessions, "session", "sessions") + " in common"]
    if other.role and (other.role or "").casefold() != (me.role or "").casefold():
        parts.append(f"a {other.role.strip()}")
    if other.subjects:
        parts.append("teaches " + ", ".join(sorted(other.subjects)))
    if other.grade_levels:
        parts.append("works with " + ", ".join(sorted(other.grade_levels)))
    return "; ".join(parts)


def _is_different(index: _Index, me_id: int, other_id: int) -> bool:
    """A different role, or no subject or no grade level in common (when both say)."""
    mine, theirs = index.roles[me_id], index.roles[other_id]
    if mine and theirs and mine != theirs:
        return True
    for table in (index.subjects, index.grades):
        a, b = table[me_id], table[other_id]
        if a and b and not (a.keys() & b.keys()):
            return True
    return False


def _suggestion(index: _Index, me: Person, other_id: int, s: int, i: int) -> Suggestion:
    mine, theirs = index.subjects[me.id], index.subjects[other_id]
    subj = sorted(theirs[k] for k in mine.keys() & theirs.keys())
    mine, theirs = index.grades[me.id], index.grades[other_id]
    grades = sorted(theirs[k] for k in mine.keys() & theirs.keys())
    score = (
        SESSION_WEIGHT * s
        + INTEREST_WEIGHT * i
        + SUBJECT_WEIGHT * len(subj)
        + GRADE_WEIGHT * len(grades)
    )
    name = index.people[other_id].name
    reason = _reason(s, i, subj, grades)
    return Suggestion(other_id, name, score, s, i, tuple(subj), tuple(grades), reason)


def _connections_for(index: _Index, me: Person, limit: int, bubble_limit: int) -> Connections:
    sessions: Counter[int] = Counter()
    for s in me.sessions:
        sessions.update(index.by_session.get(s, ()))
    interests: Counter[int] = Counter()
    for i in me.interests:
        interests.update(index.by_interest.get(i, ()))
    sessions.pop(me.id, None)
    interests.pop(me.id, None)

    my_subjects, my_grades = index.subject_masks[me.id], index.grade_masks[me.id]
    subject_masks, grade_masks, names = index.subject_masks, index.grade_masks, index.sort_names
    s_get, i_get = sessions.get, interests.get
    ranked = heapq.nsmallest(
        limit,
        (
            (
                -(
                    SESSION_WEIGHT * s_get(oid, 0)
                    + INTEREST_WEIGHT * i_get(oid, 0)
                    + SUBJECT_WEIGHT * (my_subjects & subject_masks[oid]).bit_count()
                    + GRADE_WEIGHT * (my_grades & grade_masks[oid]).bit_count()
                ),
                names[oid],
                oid,
            )
            for oid in sessions.keys() | interests.keys()
        ),
    )
    chosen = {oid for *_, oid in ranked}
    suggestions = tuple(
        _suggestion(index, me, oid, s_get(oid, 0), i_get(oid, 0)) for *_, oid in ranked
    )

    outside: list[Suggestion] = []
    for _, _, oid in sorted((-s, names[oid], oid) for oid, s in sessions.items()):
        if len(outside) >= bubble_limit:
            break
        if oid in chosen or not _is_different(index, me.id, oid):
            continue
        plain = _suggestion(index, me, oid, sessions[oid], i_get(oid, 0))
        reason = _bubble_reason(me, index.people[oid], plain.shared_sessions)
        outside.append(replace(plain, reason=reason))
    return Connections(me.id, suggestions, tuple(outside))


def people_to_connect(
    people: Sequence[Person],
    *,
    for_ids: Iterable[int] | None = None,
    limit: int = 10,
    bubble_limit: int = 3,
) -> Mapping[int, Connections]:
    """Suggestions for every attendee (or only ``for_ids``).

    Only consenting people are ever suggested; the attendee asking need not
    consent to see others who did.
    """
    index = _Index(people)
    wanted = index.people.keys() if for_ids is None else [i for i in for_ids if i in index.people]
    return {pid: _connections_for(index, index.people[pid], limit, bubble_limit) for pid in wanted}


def connect_for(person_id: int, people: Sequence[Person], **kwargs: int) -> Connections:
    """Suggestions for one attendee."""
    result = people_to_connect(people, for_ids=[person_id], **kwargs)
    return result.get(person_id, Connections(person_id))
