"""Tabu search after the annealing: every swap and move weighed at each step.

The annealing tries one random swap or move at a time and refuses nearly all of them;
it finds a good region quickly but then wanders in it. This search takes, at each
step, the best of *all* swaps and moves between slots (about 1,500 on 60 sessions in
6 slots), even when it makes the grid worse, and bars a session from going back to the
slot it left for a few steps (the tabu), so it walks out of a local optimum instead
of circling in it. On the bed's full grids (flat-tight-moves) it is what brought the
builder within 1% of the best known (bench/scheduling.md).

Weighing every swap at each step is affordable as whole-array arithmetic (numpy) on
tables kept per session and slot, refreshed only for the two slots a step changes:

- `adds[i, t]`: the conflicts i would add in slot t (its voters with a session there);
  `removes[i]`: the conflicts its leaving takes away (its voters with two there);
- `pair[i, j]`: common voters of i and j with two sessions in i's slot (a swap must
  not count them twice), plus the change of i's slot's overflow when j's demand takes
  i's place, from the slot's prefix sums (as `bitsets.overflow_prefixes`);
- `leave[i]`, `arrive[t, j]`: the overflow change of a move out of, or into, a slot.

A swap's delta is then `adds[i, slot j] + adds[j, slot i] - removes[i] - removes[j]
- 2 common(i, j) + pair[i, j] + pair[j, i]`: exact (tests/scheduling/test_tabu.py
recounts it). Votes are 0/1 rows of float32, so the counts are matrix products (exact
below 2^24). One-slot sessions that hold a room (`fixed.py`) move by exchanges with
the others, weighed the same way (`held.py`); double sessions keep the cells the
annealing gave them.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from edcamp.scheduling.held import INT, NO, HeldSingles, SlotTables, overlaps

if TYPE_CHECKING:
    from edcamp.scheduling.anneal import SlotSearch

Cells = dict[int, tuple[int, int]]  # room-holding session -> (room id, first slot index)

FAR = 1 << 28  # a capacity no demand reaches


@dataclass
class TabuResult:
    slot_of: list[int]
    cells: Cells | None  # where the room-holding sessions are in that assignment
    objective: int  # with the room-holding sessions' own overflow
    steps: int
    held_steps: int  # of them, exchanges and moves of room-holding sessions
    time_limit_hit: bool
    start: int  # the objective it started from
    seconds: float


class TabuSearch:
    """The tables of one search over `movable` (indices into `search`), which it moves."""

    def __init__(self, search: SlotSearch, movable: list[int], seed: int) -> None:
        self.s = search
        self.mov = list(movable)
        n, S = len(self.mov), search.S
        self.n = n
        # votes as 0/1 rows (float32: exact counts by matrix products, which BLAS does fast)
        everyone = [*search.vm, *(lv[0] for lv in search.lev)]
        people = max((x.bit_length() for x in everyone), default=0)
        self.nbytes = max(1, (people + 7) // 8)
        rows = [self._bits(search.vm[i]) for i in self.mov]
        self.votes = np.stack(rows) if rows else np.zeros((0, 8 * self.nbytes), np.float32)
        self.votes_t = np.ascontiguousarray(self.votes.T)
        self.common2 = -2 * (self.votes @ self.votes_t).astype(INT)  # -2 x common voters
        lm = [search.lm[i] for i in self.mov]
        lc = overlaps(lm, lm)
        np.fill_diagonal(lc, 0)
        self.shared = lc  # 1: i and j share a facilitator
        self.dem = np.array([search.dem[i] for i in self.mov], dtype=INT)
        ban = np.array([[search.ban[i * S + t] for t in range(S)] for i in self.mov], dtype=bool)
        self.slot = np.array([search.slot_of[i] for i in self.mov], dtype=np.intp)
        self.ban = ban.reshape(n, S)
        self.local = {i: k for k, i in enumerate(self.mov)}
        cells = search.fixed
        singles = [i for i in cells.ids if cells.length[i] == 1] if cells is not None else []
        self.held = HeldSingles(self, cells, singles) if singles and cells is not None else None
        self.clash = np.zeros((n, S), dtype=INT)
        self._rules()
        self.adds = np.zeros((n, S), dtype=INT)  # conflicts i would add in slot t
        self.removes = np.zeros(n, dtype=INT)  # conflicts i's leaving its slot removes
        # pair[i, j]: common voters of i and j with 2+ sessions in i's slot, plus the
        # overflow change of i's slot when j's demand replaces i's
        self.pair = np.zeros((n, n), dtype=INT)
        self.leave = np.zeros(n, dtype=INT)  # overflow change: i leaves its slot
        self.arrive = np.zeros((S, n), dtype=INT)  # overflow change: j arrives in a free place
        self.caps: list[np.ndarray] = [self._capacities(t) for t in range(S)]
        self.rng = np.random.default_rng(seed)
        for t in range(S):
            self._refresh(t)

    def _rules(self) -> None:
        """clash[i, t] > 0: i may not go to slot t (a facilitator of i leads a session there,
        pinned, room-holding or movable, or i's facilitator is away then: a ban counts n,
        more than any number of shared facilitators). Sessions that move are counted,
        pins and double sessions only flagged."""
        s, n = self.s, self.n
        lm = [s.lm[i] for i in self.mov]
        static = self.held.static if self.held is not None else s.held
        self.clash[:] = self.shared @ np.eye(s.S, dtype=INT)[self.slot]
        self.clash += overlaps(lm, static) + self.ban * n
        if self.held is not None:
            self.clash += self.held.clash_counts()

    def _capacities(self, t: int) -> np.ndarray:
        """Slot t's free capacities, each rank's capacity one room up and one room down,
        stacked to work out the three prefix sums of `overflow_prefixes` at once."""
        c = np.array(self.s.caps[t], dtype=INT)
        if not len(c):
            return np.zeros((3, 0), dtype=INT)
        far = np.array([FAR], dtype=INT)
        return np.stack((c, np.concatenate((far, c[:-1])), np.concatenate((c[1:], far))))

    def _bits(self, x: int) -> np.ndarray:
        """The set of attendees `x` (an int as in bitsets.py) as a 0/1 row."""
        raw = np.frombuffer(x.to_bytes(self.nbytes, "little"), dtype=np.uint8)
        return np.unpackbits(raw, bitorder="little").astype(np.float32)

    def _refresh(self, t: int) -> None:
        """Slot t's columns and rows of the tables after its sessions or votes changed."""
        s, dem = self.s, self.dem
        lev = s.lev[t]
        row0 = self._bits(lev[0])
        self.adds[:, t] = self.votes @ row0
        two = np.flatnonzero(self._bits(lev[1] if len(lev) > 1 else 0))
        local = self.local
        mem = np.array([local[i] for i in s.members[t]], dtype=np.int64)
        m = len(mem)
        table = self.caps[t]
        caps = table[0]
        c = len(caps)
        # the slot's prefix sums (as bitsets.overflow_prefixes): cur, up, down
        perm = np.argsort(-dem[mem], kind="stable")
        d = dem[mem[perm]]
        sums = np.zeros((3, m + 1), dtype=INT)
        np.cumsum(np.maximum(d - table[:, :m], 0), axis=1, out=sums[:, 1:])
        cur, up, down = sums
        over = cur[m]
        q = np.searchsorted(-d, -dem)  # how many of the slot's demands are larger
        if m:
            # pairs[k, j]: voters of mem[k] and j with 2+ sessions here (few: only those columns)
            pairs = (self.votes[mem][:, two] @ self.votes_t[two]).astype(INT)
            self.removes[mem] = pairs[np.arange(m), mem]  # |voters of i with 2+ sessions here|
            p = np.empty(m, dtype=np.int64)
            p[perm] = np.arange(m)
            # j's demand replaces the member at rank p: arriving above (q <= p) shifts
            # ranks q..p-1 down one room, below it shifts ranks p+1..q-1 up one
            above_j = cur[q] + np.maximum(dem - caps[np.minimum(q, c - 1)], 0) - down[q]
            below_j = up[q] + np.maximum(dem - caps[q - 1], 0) - cur[q]
            above_p = down[p] - cur[p + 1]
            below_p = cur[p] - up[p + 1]
            e = np.where(q <= p[:, None], above_j + above_p[:, None], below_j + below_p[:, None])
            pairs += e
            self.pair[mem] = pairs
            self.leave[mem] = below_p + up[m] - over
        if m < c:
            self.arrive[t] = cur[q] + np.maximum(dem - caps[q], 0) + down[m] - down[q] - over
        else:
            self.arrive[t] = NO
        if self.held is not None:
            self.held.refresh(SlotTables(t, row0, two, mem[perm], d, caps, sums))

    def deltas(self) -> tuple[np.ndarray, np.ndarray | None]:
        """Every swap's (n x n) and move's (n x S) objective change; NO where not allowed."""
        s, S = self.s, self.s.S
        slot = self.slot
        swaps = self.adds[:, slot]  # [i, j]: i's conflicts in j's slot
        swaps += self.pair
        swaps -= self.removes[:, None]
        swaps += swaps.T
        swaps += self.common2
        bad = self.clash[:, slot] > self.shared  # i's facilitator clashes in j's slot, j gone
        bad |= bad.T
        bad |= slot[:, None] == slot
        np.putmask(swaps, bad, NO)
        open_slots = [t for t in range(S) if len(s.members[t]) < s.nfree[t]]
        if not open_slots:  # a full grid: only swaps
            return swaps, None
        moves = self.adds - self.removes[:, None]
        moves += self.leave[:, None] + self.arrive.T
        bad = self.clash > 0
        bad[np.arange(self.n), slot] = True
        bad[:, [t for t in range(S) if t not in open_slots]] = True
        np.putmask(moves, bad, NO)
        return swaps, moves

    def apply_swap(self, a: int, b: int) -> tuple[int, int]:
        """Swap the a-th and b-th movable sessions' slots; returns their old slots."""
        sa, sb = int(self.slot[a]), int(self.slot[b])
        self.s.swap(self.mov[a], sa, self.mov[b], sb)
        self.slot[a], self.slot[b] = sb, sa
        diff = self.shared[:, b] - self.shared[:, a]
        self.clash[:, sa] += diff
        self.clash[:, sb] -= diff
        self._after(sa, sb)
        return sa, sb

    def apply_move(self, a: int, t: int) -> int:
        """Move the a-th movable session to slot t (which has a place); its old slot."""
        sa = int(self.slot[a])
        self.s.move(self.mov[a], sa, t)
        self.slot[a] = t
        self.clash[:, sa] -= self.shared[:, a]
        self.clash[:, t] += self.shared[:, a]
        self._after(sa, t)
        return sa

    def apply_exchange(self, f: int, b: int) -> tuple[int, int]:
        """The f-th held session to the best free room of the b-th movable session's slot,
        which goes to the held session's old slot; returns their old slots."""
        held = self.held
        assert held is not None
        sb = int(self.slot[b])
        room = held.room_for(f, sb, b)
        sa = held.lift(f)  # first: a facilitator they share stays busy in both slots
        self.s.move(self.mov[b], sb, sa)
        self.slot[b] = sa
        self.clash[:, sb] -= self.shared[:, b]
        self.clash[:, sa] += self.shared[:, b]
        held.put(f, room, sb)
        self._after(sa, sb)
        return sa, sb

    def apply_held_move(self, f: int, t: int) -> int:
        """The f-th held session to its best free room of slot t; its old slot."""
        assert self.held is not None
        sa = self.held.lift(f)
        self.held.put(f, self.held.room_for(f, t, None), t)
        self._after(sa, t)
        return sa

    def _after(self, sa: int, sb: int) -> None:
        s = self.s
        s.over[sa], s.over[sb] = s.slot_overflow_of(sa), s.slot_overflow_of(sb)
        if self.held is not None:  # their rooms may have changed too
            self.caps[sa], self.caps[sb] = self._capacities(sa), self._capacities(sb)
        self._refresh(sa)
        self._refresh(sb)

    @property
    def objective(self) -> int:
        """The grid's conflicts + overflow, the room-holding sessions' own included."""
        cells = self.s.fixed
        return self.s.objective + (cells.own_overflow() if cells is not None else 0)

    def run(
        self,
        steps: int,
        *,
        deadline: float,
        tenure: tuple[int, int] = (3, 10),
    ) -> TabuResult:
        """Take the best allowed swap, move or exchange, `steps` times (or until
        `deadline`); return the best assignment met. A session may not go back to the
        slot it left for a random `tenure` of steps, unless that gives a better grid than
        any so far."""
        s = self.s
        started = time.perf_counter()
        cur = start = self.objective
        best, best_slots, best_cells = cur, list(s.slot_of), self._cells()
        tabu = np.zeros((self.n, s.S), dtype=INT)  # the step until which i may not enter t
        htabu = np.zeros((self.held.nf if self.held is not None else 0, s.S), dtype=INT)
        it = held_steps = 0
        rng = self.rng
        hit = False
        while it < steps and self.n:  # (no session: nothing to move)
            if time.perf_counter() > deadline:
                hit = True
                break
            it += 1
            kind, value, table = min(self._options(it, best - cur, tabu, htabu), key=_value)
            if value >= NO:
                break
            until = it + int(rng.integers(tenure[0], tenure[1] + 1))
            cand = np.flatnonzero(table == value)
            a, b = divmod(int(cand[rng.integers(len(cand))]), table.shape[1])
            self._take(kind, a, b, until, tabu, htabu)
            held_steps += kind in ("exchange", "held move")
            cur = self.objective
            if cur < best:
                best, best_slots, best_cells = cur, list(s.slot_of), self._cells()
        took = time.perf_counter() - started
        return TabuResult(best_slots, best_cells, best, it, held_steps, hit, start, took)

    def _options(
        self, it: int, aspire: int, tabu: np.ndarray, htabu: np.ndarray
    ) -> list[tuple[str, int, np.ndarray]]:
        """Each neighbourhood's (kind, best delta, deltas), what the tabu bars left out:
        a barred step stays only if its delta is below `aspire` (a better grid than any)."""
        swaps, moves = self.deltas()
        barred = tabu[:, self.slot] > it  # [i, j]: i may not enter j's slot yet
        barred |= barred.T
        barred &= swaps >= aspire
        np.putmask(swaps, barred, NO)
        found = [("swap", int(swaps.min()), swaps)]
        if moves is not None:
            np.putmask(moves, (tabu > it) & (moves >= aspire), NO)
            found.append(("move", int(moves.min()), moves))
        if self.held is not None:
            ex, held_moves = self.held.deltas()
            barred = (htabu[:, self.slot] > it) | (tabu[:, self.held.slot] > it).T
            np.putmask(ex, barred & (ex >= aspire), NO)
            np.putmask(held_moves, (htabu > it) & (held_moves >= aspire), NO)
            found.append(("exchange", int(ex.min()), ex))
            found.append(("held move", int(held_moves.min()), held_moves))
        return found

    def _take(
        self, kind: str, a: int, b: int, until: int, tabu: np.ndarray, htabu: np.ndarray
    ) -> None:
        """Apply the chosen step and bar each session it moved from its old slot."""
        if kind == "swap":
            sa, sb = self.apply_swap(a, b)
            tabu[a, sa] = tabu[b, sb] = until
        elif kind == "move":
            tabu[a, self.apply_move(a, b)] = until
        elif kind == "exchange":
            sa, sb = self.apply_exchange(a, b)
            htabu[a, sa] = tabu[b, sb] = until
        else:
            htabu[a, self.apply_held_move(a, b)] = until

    def _cells(self) -> Cells | None:
        return dict(self.s.fixed.cell_of) if self.s.fixed is not None else None


def _value(option: tuple[str, int, np.ndarray]) -> int:
    return option[1]
