"""Manual moves: which hard rule a move breaks, and what a swap does."""

from __future__ import annotations

import pytest

from edcamp.scheduling.metrics import apply_move, preview_moves
from edcamp.scheduling.problem import Problem, ProposalInput, RoomInput, SchedulingError

PROBLEM = Problem(
    proposals=(
        ProposalInput(1, frozenset({1, 2}), frozenset({50})),
        ProposalInput(2, frozenset({2, 3}), frozenset({51})),
        ProposalInput(3, frozenset({1}), frozenset({50})),
        ProposalInput(4, frozenset({4})),
    ),
    rooms=(RoomInput(10, 5), RoomInput(11, 1)),
    slots=(100, 200),
    blocked=frozenset({(11, 200)}),
)
GRID = {1: (10, 100), 2: (11, 100), 3: (10, 200)}


@pytest.mark.parametrize(
    ("pid", "cell", "code"),
    [
        (4, (99, 100), "unknown_room"),
        (4, (10, 999), "unknown_slot"),
        (4, (11, 200), "cell_blocked"),
        (4, (10, 100), "cell_taken"),
        (3, (11, 100), "cell_taken"),
        (42, (10, 100), "not_found"),
    ],
)
def test_impossible_moves_name_the_rule(pid: int, cell: tuple[int, int], code: str) -> None:
    with pytest.raises(SchedulingError) as err:
        apply_move(PROBLEM, GRID, pid, cell)
    assert err.value.code == code


def test_swap_into_a_facilitators_other_slot_is_a_clash() -> None:
    # 3 and 1 share facilitator 50; swapping 3 with 2 puts 3 next to 1 in slot 100
    with pytest.raises(SchedulingError) as err:
        apply_move(PROBLEM, GRID, 3, (11, 100), swap=True)
    assert err.value.code == "facilitator_clash"


def test_swap_exchanges_cells() -> None:
    move = apply_move(PROBLEM, GRID, 2, (10, 100), swap=True)

    assert move.assignments == {1: (11, 100), 2: (10, 100), 3: (10, 200)}
    assert move.swapped_with == 1


def test_swap_from_off_the_grid_takes_the_occupant_off() -> None:
    move = apply_move(PROBLEM, GRID, 4, (11, 100), swap=True)

    assert move.assignments == {1: (10, 100), 4: (11, 100), 3: (10, 200)}
    assert move.swapped_with == 2


def test_pinned_occupant_is_not_swapped() -> None:
    with pytest.raises(SchedulingError) as err:
        apply_move(PROBLEM, GRID, 4, (10, 100), swap=True, pinned=frozenset({1}))
    assert err.value.code == "cell_pinned"


def test_preview_gives_each_cell_its_refusal_or_metrics() -> None:
    preview = preview_moves(PROBLEM, GRID, 2)

    assert preview[(11, 200)] == ("cell_blocked", None)
    assert preview[(10, 200)] == ("facilitator_clash", None)  # 3 would join 1 in slot 100
    code, same = preview[(11, 100)]  # its own cell: nothing changes
    assert code is None
    assert same is not None
    assert (same.conflicts, same.overflow) == (1, 1)
    code, swapped = preview[(10, 100)]  # 1 (two voters) goes to the one-seat room
    assert code is None
    assert swapped is not None
    assert (swapped.conflicts, swapped.overflow) == (1, 1)
