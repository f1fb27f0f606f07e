"""The tabu search's moves for one-slot sessions that hold a room (`fixed.py`).

A session with needs holds a room: moving it changes which capacities its old and new
slots offer the others, so its overflow does not come from the slot's sorting alone.
On the bed's full grids (every free cell used) such a session moves only by an
*exchange*: it takes a free room with what it needs in another slot, and a session of
that slot that fits any room goes to the slot it left, where its room is free again.
The annealing tries these one at a time; here every exchange (and every move to a
slot with a place left) is weighed at each step, like the swaps in `tabu.py`.

Tables, per held session f and refreshed for a slot when it changes:

- `adds[f, t]`, `removes[f]`, `pair[f, j]`, `mpair[j, f]`: conflicts, as in `tabu.py`
  (common voters with two or more sessions in f's slot, or in j's);
- `gain[f, j]`: the overflow change of f's slot when f's room comes back to it and
  j's demand arrives; `back[f]`: the same with no arrival;
- `room[f, j]`: the best, over the free rooms of j's slot that f may take, of that
  slot's overflow change when the room and j leave it, plus f's own overflow there
  (`room_for` says which room); `mroom[f, t]` the same for a move into a slot with a
  place, where no one leaves.

Overflows come from the slot's prefix sums (the ranks between the leaving member and
the leaving room move one room up or down) or, for `gain`, from one sort per slot, so
they are exact (tests/scheduling/test_held.py recounts every delta). Double sessions
keep the cells the annealing gave them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

import numpy as np

if TYPE_CHECKING:
    from edcamp.scheduling.fixed import FixedCells
    from edcamp.scheduling.tabu import TabuSearch

# shared with tabu.py, which imports them from here
INT = np.int32  # counts and deltas: small, and half the memory of int64 to sweep
NO = 1 << 28  # the delta of a move that is not allowed


def overlaps(rows: list[int], cols: list[int]) -> np.ndarray:
    """[r, c] = 1 where the sets of people rows[r] and cols[c] (ints as in bitsets.py)
    share someone: facilitators who would lead two sessions at once."""
    table = [[1 if a & b else 0 for b in cols] for a in rows]
    return np.array(table, dtype=INT).reshape(len(rows), len(cols))


class SlotTables(NamedTuple):
    """What `TabuSearch._refresh` worked out for a slot, which the held tables use too."""

    t: int
    row0: np.ndarray  # voters with a session in the slot, as a 0/1 row
    two: np.ndarray  # the columns of voters with two or more sessions there
    ranked: np.ndarray  # the movable members (local indices), largest demand first
    dem: np.ndarray  # their demands, in that order
    caps: np.ndarray  # the slot's free capacities, descending
    sums: np.ndarray  # prefix sums cur, up, down (as bitsets.overflow_prefixes)


class HeldSingles:
    """The exchanges and moves of `ids` (one-slot sessions that hold a room) for `tabu`."""

    def __init__(self, tabu: TabuSearch, cells: FixedCells, ids: list[int]) -> None:
        s = tabu.s
        self.tabu, self.cells, self.ids = tabu, cells, list(ids)
        nf, n, S = len(ids), tabu.n, s.S
        self.nf = nf
        rows = [tabu._bits(s.vm[i]) for i in ids]
        self.votes = np.stack(rows) if rows else np.zeros((0, tabu.votes.shape[1]), np.float32)
        self.votes_t = np.ascontiguousarray(self.votes.T)
        self.common2 = -2 * (self.votes @ tabu.votes_t).astype(INT)  # [f, j]
        lm = [s.lm[i] for i in ids]
        mov_lm = [s.lm[i] for i in tabu.mov]
        self.share = overlaps(lm, mov_lm)
        both = overlaps(lm, lm)
        np.fill_diagonal(both, 0)
        self.both = both  # f and g share a facilitator
        self.dem = np.array([s.dem[i] for i in ids], dtype=INT)
        self.eye = np.eye(S, dtype=INT)  # row t: slot t as a one-hot row
        self.slot = np.array([cells.cell_of[i][1] for i in ids], dtype=np.intp)
        self.cap = np.array([cells.capacity[cells.cell_of[i][0]] for i in ids], dtype=INT)
        # per session and slot: (capacity, room id) of the rooms it may take, largest first
        self.options: list[list[list[tuple[int, int]]]] = [[[] for _ in range(S)] for _ in ids]
        for f, i in enumerate(ids):
            for room, cap, t in cells.starts[i]:
                self.options[f][t].append((cap, room))
            for opts in self.options[f]:
                opts.sort(key=lambda o: -o[0])
        # what a held session's facilitators meet in a slot besides the sessions moved
        # here: pins and double sessions (a facilitator leads one session per slot, so
        # the bits of different sessions in one slot never overlap)
        mine = [0] * S
        for f, bits in enumerate(lm):
            mine[self.slot[f]] |= bits
        self.static = [h & ~m for h, m in zip(s.held, mine, strict=True)]
        self.met = overlaps(lm, self.static)
        self.adds = np.zeros((nf, S), dtype=INT)
        self.removes = np.zeros(nf, dtype=INT)
        self.pair = np.zeros((nf, n), dtype=INT)
        self.mpair = np.zeros((n, nf), dtype=INT)
        self.gain = np.zeros((nf, n), dtype=INT)
        self.back = np.zeros(nf, dtype=INT)
        self.room = np.full((nf, n), NO, dtype=INT)
        self.mroom = np.full((nf, S), NO, dtype=INT)
        # per slot, from its last refresh: sizes, free rooms, and the overflow changes
        self.first: list[np.ndarray] = [np.zeros(0, np.intp)] * S
        self.offer: list[np.ndarray] = [np.zeros((nf, 0), dtype=np.int64)] * S
        self.own_open: list[np.ndarray] = [np.zeros((nf, 0), dtype=INT)] * S
        self.last: list[tuple] = [()] * S
        self.dirty = set(range(S))  # slots whose rooms, or held sessions, changed

    @property
    def own(self) -> np.ndarray:
        return np.maximum(self.dem - self.cap, 0)

    def clash_counts(self) -> np.ndarray:
        """[j, t]: held sessions in slot t that share a facilitator with movable j."""
        return self.share.T @ self.eye[self.slot]

    def refresh(self, v: SlotTables) -> None:
        """Slot v.t's columns and rows after its sessions, rooms or votes changed."""
        t, m = v.t, len(v.ranked)
        self.adds[:, t] = self.votes @ v.row0
        over = int(v.sums[0, m])
        here = np.flatnonzero(self.slot == t)
        if len(here):
            rows = self.votes[here][:, v.two]
            self.removes[here] = rows.sum(axis=1)
            self.pair[here] = (rows @ self.tabu.votes_t[v.two]).astype(INT)
            self._gain(here, v, over)
        if m:
            common = self.tabu.votes[v.ranked][:, v.two] @ self.votes_t[v.two]
            self.mpair[v.ranked] = common.astype(INT)
        self._rooms(v, over)

    def _gain(self, here: np.ndarray, v: SlotTables, over: int) -> None:
        """`gain` and `back` of the held sessions `here` (in slot v.t): their room comes
        back to the slot, with each movable session's demand arriving, or none."""
        n, m, k = self.tabu.n, len(v.dem), len(v.caps)
        arrivals = np.empty((n, m + 1), dtype=INT)
        arrivals[:, :m], arrivals[:, m] = v.dem, self.tabu.dem
        arrivals.sort(axis=1)
        more = np.empty((len(here), k + 1), dtype=INT)
        more[:, :k], more[:, k] = v.caps, self.cap[here]
        more.sort(axis=1)
        more = more[:, ::-1]  # descending, as `arrivals[:, ::-1]` below
        over_all = np.maximum(arrivals[None, :, ::-1] - more[:, None, : m + 1], 0).sum(axis=2)
        self.gain[here] = over_all - over
        self.back[here] = np.maximum(v.dem[None] - more[:, :m], 0).sum(axis=1) - over

    def _rooms(self, v: SlotTables, over: int) -> None:
        """`room` for the members of slot v.t and `mroom[:, v.t]`: each held session's best
        free room there, with a member leaving (an exchange) or none (a move). The slot's
        overflow without a room of capacity caps[p] and the member of rank r comes from
        its prefix sums: ranks between r and p move one room up or down."""
        t, m = v.t, len(v.ranked)
        if t in self.dirty:  # its rooms changed: the sizes, and who may take which
            self.dirty.discard(t)
            self._sizes(t, v.caps)
        p, own = self.first[t], self.own_open[t]  # [f, size]: 2 x NO where f may not
        cur, up, down = v.sums
        taking = leaving = None
        if m < len(v.caps):  # a place left: a move, where only the room leaves
            pp = np.minimum(p, m)
            taking = cur[pp] + down[m] - down[pp] - over
            self.mroom[:, t] = np.minimum((own + taking).min(axis=1, initial=NO), NO)
        else:
            self.mroom[:, t] = NO
        if m:
            r, pc = np.arange(m)[None, :], np.minimum(p, m - 1)[:, None]
            shift = np.where(r < pc, up[pc + 1] - up[r + 1], down[r] - down[pc])
            leaving = cur[np.minimum(r, pc)] + shift + cur[m] - cur[np.maximum(r, pc) + 1] - over
            value = (own[:, :, None] + leaving[None]).min(axis=1)  # [f, member by rank]
            self.room[:, v.ranked] = np.minimum(value, NO)
        self.last[t] = (v.ranked, taking, leaving)

    def _sizes(self, t: int, caps: np.ndarray) -> None:
        """Slot t's room sizes (largest first; `first`: where each first comes in `caps`)
        and, per held session, the first free room of each size it may take there."""
        first = np.flatnonzero(np.diff(caps, prepend=NO))
        sizes = caps[first].tolist()
        taken = self.cells.taken
        offer = np.full((self.nf, len(sizes)), -1, dtype=np.int64)
        where = {c: k for k, c in enumerate(sizes)}
        for f in range(self.nf):
            if self.slot[f] == t:
                continue
            for c, room in self.options[f][t]:
                k = where.get(c)
                if k is not None and offer[f, k] < 0 and (room, t) not in taken:
                    offer[f, k] = room
        own = np.maximum(self.dem[:, None] - np.array(sizes, dtype=INT)[None, :], 0)
        self.first[t], self.offer[t] = first, offer
        self.own_open[t] = np.where(offer < 0, 2 * NO, own).astype(INT)

    def room_for(self, f: int, t: int, b: int | None) -> int:
        """The room behind `room[f, b]` (b: the local index of the member of slot t that
        leaves) or behind `mroom[f, t]` (b None)."""
        ranked, taking, leaving = self.last[t]
        if b is None:
            values = self.own_open[t][f] + taking
        else:
            values = self.own_open[t][f] + leaving[:, int(np.flatnonzero(ranked == b)[0])]
        return int(self.offer[t][f, int(values.argmin())])

    def deltas(self) -> tuple[np.ndarray, np.ndarray]:
        """Every exchange's (held f x movable j) and move's (f x slot) objective change."""
        tabu = self.tabu
        slot, fs = tabu.slot, self.slot
        ex = self.adds[:, slot] + tabu.adds[:, fs].T
        ex -= self.removes[:, None] + tabu.removes[None, :]
        ex += self.common2 + self.pair + self.mpair.T + self.gain + self.room
        ex -= self.own[:, None]
        meets = self.share @ self.eye[slot] + self.both @ self.eye[fs]
        meets += self.met
        bad = meets[:, slot] > self.share  # f's facilitators lead another session in j's slot
        bad |= self.share < tabu.clash[:, fs].T  # j's in f's (or j may not be there)
        bad |= self.room >= NO
        np.putmask(ex, bad, NO)
        moves = self.adds - self.removes[:, None] + self.back[:, None] + self.mroom
        moves -= self.own[:, None]
        np.putmask(moves, (meets > 0) | (self.mroom >= NO), NO)
        return ex, moves

    def lift(self, f: int) -> int:
        """Take the f-th held session off its cell (see `FixedCells.lift`); its slot."""
        a = int(self.slot[f])
        self.cells.lift(self.ids[f])
        self.dirty.add(a)
        self.tabu.clash[:, a] -= self.share[f]
        return a

    def put(self, f: int, room: int, t: int) -> None:
        self.cells.put(self.ids[f], room, t)
        self.dirty.add(t)
        self.slot[f], self.cap[f] = t, self.cells.capacity[room]
        self.tabu.clash[:, t] += self.share[f]
