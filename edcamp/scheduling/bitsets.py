"""Votes per attendee and slot as bit sets: the counting under the builder's search.

A slot's `levels` is a list of Python ints used as sets of attendees (bit a set:
attendee a): `levels[k]` holds the attendees with more than k voted sessions in
that slot, so `levels[0]` is everyone with a voted session there and the slot's
conflicts are the sizes of `levels[1:]` summed. Adding or removing one session's
voters is a carry through the levels; the conflicts a session would add to a slot
are `(voters & levels[0]).bit_count()`. These are whole-set operations in C, not a
loop over voters in Python. A slot's overflow is its sorted demands against its sorted
capacities (`slot_overflow`).
"""

from __future__ import annotations


def bits(people: list[int]) -> int:
    """The set of `people` (indices) as an int with those bits set."""
    mask = 0
    for a in people:
        mask |= 1 << a
    return mask


def add_votes(levels: list[int], v: int) -> int:
    """Count one more vote in this slot for every attendee in `v`; return the conflicts added."""
    added = (v & levels[0]).bit_count()
    k = 0
    while v:
        if k == len(levels):
            levels.append(0)
        held = levels[k]
        levels[k] = held | v
        v &= held  # those already at this level go one higher
        k += 1
    return added


def remove_votes(levels: list[int], v: int) -> int:
    """Count one vote less for every attendee in `v` (all must have one); return conflicts gone."""
    removed = (v & levels[1]).bit_count()
    k, top = 0, len(levels) - 1
    while v:
        higher = levels[k + 1] if k < top else 0
        levels[k] = (levels[k] & ~v) | higher
        v &= higher
        k += 1
    return removed


def level_conflicts(levels: list[int]) -> int:
    return sum(x.bit_count() for x in levels[1:])


def slot_overflow(demands: list[int], caps: list[int]) -> int:
    """Overflow of one slot: demands matched largest-first to `caps` (sorted descending)."""
    demands = sorted(demands, reverse=True)
    return sum(d - c for d, c in zip(demands, caps, strict=False) if d > c)


def overflow_prefixes(neg: list[int], caps: list[int]) -> tuple[list[int], list[int], list[int]]:
    """Prefix sums that give a slot's overflow after one removal or insertion in O(log n).

    `neg`: the slot's negated demands, ascending (largest demand first); `caps`: its free
    capacities, descending. For the demand at rank k: `cur` is its overflow where it sits
    (capacity k), `up` where it would sit after an earlier one leaves (capacity k - 1),
    `down` after one more arrives before it (capacity k + 1). A move shifts one contiguous
    run of ranks, so its overflow is a few differences of these sums.
    """
    n, m = len(neg), len(caps)
    cur, up, down = [0] * (n + 1), [0] * (n + 1), [0] * (n + 1)
    a = b = c = 0
    for k in range(n):
        d = -neg[k]
        if d > caps[k]:
            a += d - caps[k]
        if k and d > caps[k - 1]:
            b += d - caps[k - 1]
        if k + 1 < m and d > caps[k + 1]:
            c += d - caps[k + 1]
        cur[k + 1], up[k + 1], down[k + 1] = a, b, c
    return cur, up, down


def overflow_exchanging(
    sums: tuple[list[int], list[int], list[int]], caps: list[int], p: int, q: int, demand: int
) -> int:
    """Overflow after the demand at rank p leaves and `demand` arrives; q = how many of the
    slot's demands (the leaving one included) are larger than the arriving one."""
    cur, up, down = sums
    n = len(cur) - 1
    if q <= p:  # it lands before (or at) the gap: ranks q..p-1 move one room down
        v = demand - caps[q]
        return cur[q] + (v if v > 0 else 0) + down[p] - down[q] + cur[n] - cur[p + 1]
    v = demand - caps[q - 1]  # after the gap: ranks p+1..q-1 move one room up
    return cur[p] + up[q] - up[p + 1] + (v if v > 0 else 0) + cur[n] - cur[q]
