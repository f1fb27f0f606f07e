"""What calendars saw across published versions: sequences and cancellations.

Pure. A calendar keeps a session (by UID) until the feed says otherwise, and
accepts a change only when its SEQUENCE grows. Folding the published versions
in order gives, per session, the SEQUENCE to write now and whether it is
still on the grid, plus where it last was in each room so a room feed can
cancel a session that moved away.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Placement:
    proposal_id: int
    room_id: int
    slot_id: int
    sequence: int


@dataclass(frozen=True)
class Fate:
    """A session's state after the last published version."""

    sequence: int
    present: bool
    last: Placement


@dataclass(frozen=True)
class History:
    fates: dict[int, Fate]
    # (proposal_id, room_id) -> the last placement of that proposal in that room
    last_in_room: dict[tuple[int, int], Placement]

    def room_leavers(self, room_id: int) -> list[tuple[Placement, int]]:
        """Sessions once in `room_id` and no longer there, with the SEQUENCE to cancel them."""
        leavers = []
        for (proposal_id, room), placement in self.last_in_room.items():
            if room != room_id:
                continue
            fate = self.fates[proposal_id]
            if fate.present and fate.last.room_id == room_id:
                continue
            leavers.append((placement, max(fate.sequence, placement.sequence + 1)))
        return sorted(leavers, key=lambda item: item[0].proposal_id)


def fold(versions: Iterable[Sequence[Placement]]) -> History:
    """Fold published versions (oldest first) into each session's fate.

    A session present in a version takes the larger of the scheduler's
    sequence and what calendars last saw; one that left the grid is
    cancelled with its sequence raised by one, and if it comes back later it
    is raised once more so calendars accept it again.
    """
    fates: dict[int, Fate] = {}
    last_in_room: dict[tuple[int, int], Placement] = {}
    for placements in versions:
        seen: set[int] = set()
        for placement in placements:
            seen.add(placement.proposal_id)
            before = fates.get(placement.proposal_id)
            if before is None:
                sequence = placement.sequence
            elif before.present:
                sequence = max(placement.sequence, before.sequence)
                if sequence == before.sequence and _moved(before.last, placement):
                    sequence += 1
            else:
                sequence = max(placement.sequence, before.sequence + 1)
            fates[placement.proposal_id] = Fate(sequence, True, placement)
            last_in_room[(placement.proposal_id, placement.room_id)] = placement
        for proposal_id, fate in list(fates.items()):
            if fate.present and proposal_id not in seen:
                fates[proposal_id] = Fate(fate.sequence + 1, False, fate.last)
    return History(fates=fates, last_in_room=last_in_room)


def _moved(before: Placement, after: Placement) -> bool:
    return (before.room_id, before.slot_id) != (after.room_id, after.slot_id)
