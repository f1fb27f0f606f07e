"""What an administrator reading the report wants to see, as numbers the charts draw:
check-ins per slot, feedback per tag, connections made and PD hours delivered.

PD hours count as the learning record counts them: a person earns a slot's length once
for that slot when they facilitated or checked into a published session in it.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time

from edcamp.connections import stats as connection_stats
from edcamp.contacts.people import load_participation, published_entries
from edcamp.contacts.report import Report
from edcamp.feedback.service import FeedbackSummary
from edcamp.formatting import clock
from edcamp.models import Event


@dataclass(frozen=True)
class SlotFigures:
    label: str
    checkins: int  # "I'm here" taps (one person may check into two sessions of a slot)
    people: int  # distinct people who checked in or facilitated in the slot
    pd_minutes: int


@dataclass(frozen=True)
class TagFeedback:
    tag: str
    useful: int
    not_for_me: int


@dataclass(frozen=True)
class PdHours:
    minutes: int
    people: int
    facilitators: int

    @property
    def hours(self) -> float:
        return round(self.minutes / 60, 1)


@dataclass(frozen=True)
class Insights:
    by_slot: tuple[SlotFigures, ...]
    feedback_by_tag: tuple[TagFeedback, ...]
    pd: PdHours
    connections: tuple[tuple[str, int], ...]


def _minutes(start: time, end: time) -> int:
    day = date(2000, 1, 1)
    delta = datetime.combine(day, end) - datetime.combine(day, start)
    return max(0, int(delta.total_seconds() // 60))


def insights(event: Event, report: Report, feedback: dict[int, FeedbackSummary]) -> Insights:
    part = load_participation(event)
    slot_people: dict[int, set[int]] = defaultdict(set)
    slot_checkins: dict[int, int] = defaultdict(int)
    facilitators: set[int] = set()
    for entry in published_entries(event):
        pid = entry.proposal_id
        checked = part.checked_in.get(pid, set())
        led = part.facilitated.get(pid, set())
        slot_checkins[entry.slot_id] += len(checked)
        slot_people[entry.slot_id] |= checked | led
        facilitators |= led
    by_slot = []
    for slot in sorted(event.slots, key=lambda s: s.starts_at):
        if slot.break_label and slot.id not in slot_people:
            continue
        people = len(slot_people.get(slot.id, ()))
        by_slot.append(
            SlotFigures(
                label=f"{clock(slot.starts_at)}\u2013{clock(slot.ends_at)}",
                checkins=slot_checkins.get(slot.id, 0),
                people=people,
                pd_minutes=people * _minutes(slot.starts_at, slot.ends_at),
            )
        )
    everyone = set().union(*slot_people.values()) if slot_people else set()
    pd = PdHours(sum(s.pd_minutes for s in by_slot), len(everyone), len(facilitators))
    return Insights(tuple(by_slot), _by_tag(report, feedback), pd, connections_made(event))


def _by_tag(report: Report, feedback: dict[int, FeedbackSummary]) -> tuple[TagFeedback, ...]:
    """Tags match case-insensitively ("STEM" and "stem" are one), shown as first typed."""
    shown: dict[str, str] = {}
    useful: dict[str, int] = defaultdict(int)
    not_for_me: dict[str, int] = defaultdict(int)
    for row in report.rows:
        summary = feedback.get(row.proposal_id)
        if summary is None or row.hidden:
            continue
        for key, tag in {t.strip().casefold(): t.strip() for t in row.tags if t.strip()}.items():
            shown.setdefault(key, tag)
            useful[key] += summary.useful
            not_for_me[key] += summary.not_for_me
    found = [TagFeedback(shown[k], useful[k], not_for_me[k]) for k in shown]
    return tuple(sorted(found, key=lambda f: (-(f.useful + f.not_for_me), f.tag.casefold())))


def connections_made(event: Event) -> tuple[tuple[str, int], ...]:
    """Connection requests made and connections accepted (still standing), by kind. The
    kinds stay English here (the API's values); the report's chart translates them."""
    by_kind = connection_stats.connections_by_kind(event)
    return (
        ("Requests made", connection_stats.requests_made(event)),
        ("Accepted: stay in touch", by_kind.get("stay_in_touch", 0)),
        ("Accepted: collaborate on a project", by_kind.get("collaborate", 0)),
    )
