"""Plain data for the schedule builder: inputs, outputs and domain errors.

Nothing here knows about Flask or the database. The service layer turns
models into a :class:`Problem`; the builder turns a problem into a :class:`Grid`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

from flask_babel import lazy_gettext as _l

Cell = tuple[int, int]  # (room_id, slot_id)
Force = Literal["auto", "include", "exclude"]
FORCES: tuple[str, ...] = ("auto", "include", "exclude")


class SchedulingError(ValueError):
    """A rule of the grid would be broken; ``code`` is the API's machine code."""

    code = "scheduling_error"

    def __init__(self, message: str, *, code: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        if code is not None:
            self.code = code


class InfeasibleProblem(SchedulingError):
    """The input cannot give any valid grid (pins clash, pins in blocked cells...)."""

    code = "infeasible"


@dataclass(frozen=True)
class ProposalInput:
    id: int
    voters: frozenset[int] = frozenset()
    facilitators: frozenset[int] = frozenset()
    force: Force = "auto"
    needs: frozenset[str] = frozenset()  # room features it cannot do without
    length: int = 1  # 2: a double session, two consecutive slots in one room
    unavailable: frozenset[int] = frozenset()  # slot ids a facilitator cannot make

    @property
    def votes(self) -> int:
        return len(self.voters)


@dataclass(frozen=True)
class RoomInput:
    id: int
    capacity: int
    features: frozenset[str] = frozenset()


@dataclass(frozen=True, eq=False)
class Problem:
    proposals: tuple[ProposalInput, ...]
    rooms: tuple[RoomInput, ...]
    slots: tuple[int, ...]
    blocked: frozenset[Cell] = frozenset()
    pins: Mapping[int, Cell] = field(default_factory=dict)
    breaks: frozenset[int] = frozenset()  # slot ids with no sessions (lunch, a smackdown)
    # Stable rebuilds: the published cell of each session, and what moving one costs in
    # objective points (conflicts + overflow); 0 rebuilds freely.
    anchors: Mapping[int, Cell] = field(default_factory=dict)
    move_cost: int = 0

    def proposal(self, proposal_id: int) -> ProposalInput:
        for p in self.proposals:
            if p.id == proposal_id:
                return p
        raise SchedulingError(
            _l("Proposal %(id)s is not in this event.", id=proposal_id), code="not_found"
        )

    @property
    def room_ids(self) -> frozenset[int]:
        return frozenset(r.id for r in self.rooms)

    def is_open(self, cell: Cell) -> bool:
        """A known cell that is neither blocked nor in a break slot."""
        room_id, slot_id = cell
        return (
            cell not in self.blocked
            and slot_id not in self.breaks
            and slot_id in self.slots
            and room_id in self.room_ids
        )

    def cells(self) -> list[Cell]:
        """Every open cell, slot by slot, rooms in their given order."""
        return [(r.id, s) for s in self.slots for r in self.rooms if self.is_open((r.id, s))]

    def covered(self, proposal: ProposalInput, cell: Cell) -> list[Cell]:
        """The cells a proposal starting at `cell` takes (two for a double session).

        The second cell is in the next slot of the day; past the last slot it is absent,
        which the rules report as `no_next_slot`.
        """
        room_id, slot_id = cell
        k = self.slots.index(slot_id) if slot_id in self.slots else -1
        return [
            (room_id, self.slots[k + step])
            for step in range(proposal.length)
            if 0 <= k + step < len(self.slots)
        ]


@dataclass(frozen=True)
class Metrics:
    conflicts: int
    overflow: int
    votes_total: int  # every vote on every proposal of the problem
    votes_honoured: int  # votes whose proposal the voter can attend
    # proposal_id -> its share of the conflicts: each attendee with k voted
    # proposals in one slot adds (k - 1) / k to each of them (shares sum to
    # `conflicts`).
    conflict_share: dict[int, float] = field(default_factory=dict)
    # proposal_id -> how many of its voters have another voted proposal in its slot
    clashing_voters: dict[int, int] = field(default_factory=dict)

    @property
    def objective(self) -> int:
        return self.conflicts + self.overflow

    @property
    def honoured_share(self) -> float:
        return self.votes_honoured / self.votes_total if self.votes_total else 1.0

    def summary(self) -> dict[str, float | int]:
        return {
            "conflicts": self.conflicts,
            "overflow": self.overflow,
            "votes_honoured": round(self.honoured_share, 4),
        }


@dataclass(frozen=True)
class Grid:
    assignments: dict[int, Cell]
    unscheduled: list[int]
    metrics: Metrics
    pinned: frozenset[int] = frozenset()
    stats: dict[str, float | int | bool] = field(default_factory=dict)
