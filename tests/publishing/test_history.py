"""Sequences and cancellations folded across published versions."""

from __future__ import annotations

from edcamp.publishing.history import Placement, fold


def at(proposal: int, room: int, slot: int, sequence: int = 0) -> Placement:
    return Placement(proposal_id=proposal, room_id=room, slot_id=slot, sequence=sequence)


def test_unchanged_session_keeps_its_sequence():
    history = fold([[at(1, 1, 1)], [at(1, 1, 1)]])

    assert history.fates[1].sequence == 0
    assert history.fates[1].present


def test_move_raises_sequence_even_when_the_scheduler_did_not():
    history = fold([[at(1, 1, 1)], [at(1, 2, 1)]])

    assert history.fates[1].sequence == 1


def test_scheduler_sequence_is_kept_when_higher():
    history = fold([[at(1, 1, 1)], [at(1, 2, 1, sequence=3)]])

    assert history.fates[1].sequence == 3


def test_taken_off_the_grid_is_cancelled_with_a_higher_sequence():
    history = fold([[at(1, 1, 1), at(2, 1, 2)], [at(2, 1, 2)]])

    assert not history.fates[1].present
    assert history.fates[1].sequence == 1
    assert history.fates[1].last == at(1, 1, 1)


def test_coming_back_after_a_cancellation_raises_it_again():
    history = fold([[at(1, 1, 1)], [], [at(1, 1, 1)]])

    assert history.fates[1].present
    assert history.fates[1].sequence == 2


def test_room_feed_cancels_sessions_that_left_the_room():
    history = fold([[at(1, 1, 1), at(2, 1, 2), at(3, 2, 1)], [at(1, 2, 2), at(3, 2, 1)]])

    leavers = history.room_leavers(1)

    assert [(p.proposal_id, seq) for p, seq in leavers] == [(1, 1), (2, 1)]
    assert history.room_leavers(2) == []
