"""JSON shapes of a grid (draft or published) for the API and the grid editor."""

from __future__ import annotations

from datetime import UTC, datetime

from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import select

from edcamp.events.serializers import room_json, slot_json
from edcamp.events.service import zone
from edcamp.extensions import db
from edcamp.models import Event, Proposal
from edcamp.scheduling.availability import facilitators
from edcamp.scheduling.reasons import why_unscheduled
from edcamp.scheduling.rules import violations
from edcamp.scheduling.service import GridState
from edcamp.scheduling.versions import Changes, changes

GRID_OUT = {
    "draft": "boolean",
    "version?": "integer",
    "published_at?": "datetime",
    "rooms": "object[]",
    "slots": "object[]",
    "assignments": "object[]",
    "unscheduled": "integer[]",
    "blocked": "object[]",
    "metrics": "object",
    "counts_hidden?": "boolean",
    "reasons?": "object",
    "warnings?": "object[]",
    "facilitators?": "object[]",
}


def moves_summary(count: int) -> str:
    if count == 0:
        return _("This rebuild moves no published session.")
    return ngettext(
        "This rebuild moves %(num)d published session.",
        "This rebuild moves %(num)d published sessions.",
        count,
    )


def schedule_time(event: Event, moment: datetime | None) -> str | None:
    """A stored naive-UTC moment in the event's zone, with its offset."""
    if moment is None:
        return None
    return moment.replace(tzinfo=UTC).astimezone(zone(event)).isoformat()


def metrics_json(state: GridState) -> dict:
    m = state.metrics
    return {
        "conflicts": m.conflicts,
        "overflow": m.overflow,
        "votes_honoured": round(m.honoured_share, 4),
        "votes_total": m.votes_total,
    }


# What a grid answer says that comes from the votes.
_VOTE_DERIVED = ("votes", "conflict_share", "clashing_voters")


def without_counts(body: dict) -> dict:
    """A published grid for the public while counts are hidden: no votes per session, no
    vote-based metrics, and the sessions left off in id order rather than by votes."""
    return {
        **body,
        "assignments": [
            {k: v for k, v in item.items() if k not in _VOTE_DERIVED}
            for item in body["assignments"]
        ],
        "unscheduled": sorted(body["unscheduled"]),
        "metrics": {},
        "counts_hidden": True,
    }


def _proposals_json(state: GridState, proposals: dict[int, Proposal]) -> list[dict]:
    """Every visible proposal, most votes first, with its mode and constraints."""
    return [
        {
            "id": p.id,
            "title": proposals[p.id].title,
            "votes": p.votes,
            "mode": proposals[p.id].schedule_mode,
            "scheduled": p.id in state.assignments,
            "needs": sorted(p.needs),
            "length": p.length,
        }
        for p in sorted(state.problem.proposals, key=lambda p: (-p.votes, p.id))
    ]


def rules_json(state: GridState) -> dict:
    """For the editor: why each proposal is off the grid, and the rules the grid breaks."""
    return {
        "reasons": {
            str(pid): reason.as_dict()
            for pid, reason in why_unscheduled(state.problem, state.assignments).items()
        },
        "warnings": [
            {"proposal_id": v.proposal_id, "code": v.code, "message": str(v.message)}
            for v in violations(state.problem, state.assignments)
        ],
    }


def changes_json(event: Event, diff: Changes) -> dict:
    """What publishing the draft changes for attendees, session by session, in the event's
    time and room names; ``fingerprint`` names this difference (publish refuses another)."""
    rooms = {r.id: r.name for r in event.rooms}
    slots = {s.id: f"{s.starts_at:%H:%M}" for s in event.slots}
    ids = [*diff.moved, *diff.added, *diff.removed]
    rows = db.session.execute(select(Proposal.id, Proposal.title).where(Proposal.id.in_(ids)))
    titles = {pid: title for pid, title in rows}

    def place(cell: tuple[int, int] | None) -> dict | None:
        if cell is None:
            return None
        return {"room": rooms.get(cell[0], "?"), "starts_at": slots.get(cell[1], "?")}

    details = [
        {
            "proposal_id": pid,
            "title": titles.get(pid, f"#{pid}"),
            "change": kind,
            "from": place(diff.before.get(pid)),
            "to": place(diff.after.get(pid)),
        }
        for kind, pids in (("moved", diff.moved), ("added", diff.added), ("removed", diff.removed))
        for pid in pids
    ]
    details.sort(
        key=lambda d: ((d["to"] or d["from"])["starts_at"], (d["to"] or d["from"])["room"])
    )
    return {
        "published_version": diff.published_version,
        "moved": diff.moved,
        "added": diff.added,
        "removed": diff.removed,
        "summary": diff.summary(),
        "details": details,
        "fingerprint": diff.fingerprint,
    }


def grid_json(state: GridState, *, draft: bool) -> dict:
    event = state.event
    ids = [p.id for p in state.problem.proposals]
    proposals = {p.id: p for p in db.session.scalars(select(Proposal).where(Proposal.id.in_(ids)))}
    votes = {p.id: p.votes for p in state.problem.proposals}
    inputs = {p.id: p for p in state.problem.proposals}
    m = state.metrics
    body: dict = {
        "draft": draft,
        "rooms": [room_json(r) for r in event.rooms],
        "slots": [slot_json(s) for s in event.slots],
        "assignments": [
            {
                "proposal_id": pid,
                "room_id": room_id,
                "slot_id": slot_id,
                "pinned": pid in state.pinned,
                "title": proposals[pid].title,
                "votes": votes[pid],
                "length": inputs[pid].length,
                "slot_ids": [
                    slot for _, slot in state.problem.covered(inputs[pid], (room_id, slot_id))
                ],
                "conflict_share": round(m.conflict_share.get(pid, 0.0), 2),
                "clashing_voters": m.clashing_voters.get(pid, 0),
            }
            for pid, (room_id, slot_id) in sorted(
                state.assignments.items(), key=lambda item: (item[1][1], item[1][0])
            )
        ],
        "unscheduled": state.unscheduled,
        "blocked": [
            {"room_id": room_id, "slot_id": slot_id}
            for room_id, slot_id in sorted(state.problem.blocked)
        ],
        "metrics": metrics_json(state),
    }
    if draft:
        body["proposals"] = _proposals_json(state, proposals)
        body.update(rules_json(state))
        body["facilitators"] = facilitators(event)
        body["changes"] = changes_json(event, changes(event, state))
    else:
        schedule = state.schedule
        body["version"] = schedule.version if schedule is not None else None
        body["published_at"] = schedule_time(event, schedule.published_at if schedule else None)
    return body
