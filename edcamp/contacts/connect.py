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

from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from operator import itemgetter

from flask_babel import gettext as _
from flask_babel import ngettext

from edcamp.formatting import human_list

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
        self.by_subject: dict[str, list[int]] = defaultdict(list)
        self.by_grade: dict[str, list[int]] = defaultdict(list)
        for p in people:
            if not p.consenting:
                continue  # never a candidate, so never indexed
            for key in self.subjects[p.id]:
                self.by_subject[key].append(p.id)
            for key in self.grades[p.id]:
                self.by_grade[key].append(p.id)
            for s in p.sessions:
                self.by_session[s].append(p.id)
            for i in p.interests:
                self.by_interest[i].append(p.id)


def _in_common(sessions: int) -> str:
    return ngettext("%(num)d session in common", "%(num)d sessions in common", sessions)


def _reason(sessions: int, interests: int, subjects: list[str], grades: list[str]) -> str:
    """Why someone is suggested: whole phrases (each one message), joined with "; "."""
    parts = []
    if sessions:
        parts.append(_in_common(sessions))
    if interests:
        parts.append(
            ngettext("%(num)d shared vote or star", "%(num)d shared votes or stars", interests)
        )
    if subjects:
        parts.append(_("both teach %(subjects)s", subjects=human_list(sorted(subjects))))
    if grades:
        parts.append(_("both work with %(grades)s", grades=human_list(sorted(grades))))
    return "; ".join(parts)


def _bubble_reason(me: Person, other: Person, sessions: int) -> str:
    parts = [_in_common(sessions)]
    if other.role and (other.role or "").casefold() != (me.role or "").casefold():
        parts.append(_("a %(role)s", role=other.role.strip()))
    if other.subjects:
        parts.append(_("teaches %(subjects)s", subjects=human_list(sorted(other.subjects))))
    if other.grade_levels:
        parts.append(_("works with %(grades)s", grades=human_list(sorted(other.grade_levels))))
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


def _by_count_then_name(counter: Counter[int], names: Mapping[int, str]) -> Iterator[int]:
    """Ids by falling count, ties by name; lazy, so only the groups looked at get sorted."""
    items = sorted(counter.items(), key=itemgetter(1), reverse=True)
    start = 0
    while start < len(items):
        count, end = items[start][1], start
        while end < len(items) and items[end][1] == count:
            end += 1
        yield from sorted((oid for oid, _count in items[start:end]), key=lambda o: (names[o], o))
        start = end


def _connections_for(index: _Index, me: Person, limit: int, bubble_limit: int) -> Connections:
    # All counting happens in C (Counter.update over the index lists, once per weight
    # point); Python-level work is kept to the top few groups of equal scores.
    sessions: Counter[int] = Counter()
    interests: Counter[int] = Counter()
    scores: Counter[int] = Counter()
    for s in me.sessions:
        members = index.by_session.get(s, ())
        sessions.update(members)
        scores.update(members * SESSION_WEIGHT)
    for i in me.interests:
        members = index.by_interest.get(i, ())
        interests.update(members)
        scores.update(members * INTEREST_WEIGHT)
    for key in index.subjects[me.id]:
        scores.update(index.by_subject.get(key, ()) * SUBJECT_WEIGHT)
    for key in index.grades[me.id]:
        scores.update(index.by_grade.get(key, ()) * GRADE_WEIGHT)
    for counter in (sessions, interests, scores):
        counter.pop(me.id, None)

    names = index.sort_names
    ranked: list[int] = []
    for oid in _by_count_then_name(scores, names):
        if len(ranked) >= limit:
            break
        if oid in sessions or oid in interests:  # a subject alone makes no candidate
            ranked.append(oid)
    s_get, i_get = sessions.get, interests.get
    chosen = set(ranked)
    suggestions = tuple(_suggestion(index, me, oid, s_get(oid, 0), i_get(oid, 0)) for oid in ranked)

    outside: list[Suggestion] = []
    for oid in _by_count_then_name(sessions, names):
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
