"""The annealing's temperature: geometric cooling, and reheating once the search is frozen.

The temperature falls geometrically from `t_start` to `t_end` with progress =
iterations done / budget (or the share of `time_limit_s` used, when that is larger:
then the result can depend on machine speed). On the bed the search is frozen well
before `t_end` (nothing better found for the last 40% of the budget: the grid only
jitters around a local optimum), so when no better grid has turned up for a
`patience` share of the budget, the search goes back to the best grid at a warmer
temperature (`reheat` times the one at which it last improved, at most `t_start`)
and cools down again from there.
"""

from __future__ import annotations

import math
from dataclasses import dataclass


@dataclass
class SearchResult:
    slot_of: list[int]  # slot index per movable proposal, -1 when it did not fit
    objective: int
    iterations: int
    time_limit_hit: bool
    seconds: float = 0.0
    cells: dict[int, tuple[int, int]] | None = None  # fixed sessions: (room id, slot index)
    reheats: int = 0


class Cooling:
    def __init__(
        self,
        t_start: float,
        t_end: float,
        iterations: int,
        time_limit_s: float,
        *,
        patience: float = 0.05,
        quiet: float = 0.002,
        reheat: float = 1.5,
    ) -> None:
        self.t_start, self.iterations, self.limit = t_start, iterations, time_limit_s
        self.log_ratio = math.log(t_end / t_start)
        self.share, self.patience = patience, max(1, int(patience * iterations))
        self.quiet, self.factor = quiet, reheat
        self.next_check, self.moved_before = self.patience, 0
        self.offset = 0.0  # progress the reheats gave back
        self.progress = 0.0
        self.reheats = 0

    def temperature(self, it: int, elapsed: float) -> float | None:
        """The temperature for the next tries; None once the time limit has run out."""
        progress = it / self.iterations
        if self.limit > 0:
            if elapsed >= self.limit:
                return None
            progress = max(progress, elapsed / self.limit)
        self.progress = progress
        return self.t_start * math.exp(self.log_ratio * max(0.0, progress - self.offset))

    def frozen(self, it: int, improved_at: int, moved: int) -> bool:
        """Checked every `patience` of the budget: whether the last window was frozen
        (no better grid, and fewer than `quiet` of its tries moved at all), with enough
        budget left to cool down again. `moved`: accepted moves so far, which are counted."""
        if it < self.next_check:
            return False
        window, self.moved_before = moved - self.moved_before, moved
        self.next_check = it + self.patience
        return (
            window < self.quiet * self.patience
            and it - improved_at >= self.patience
            and max(self.progress, it / self.iterations) + 3 * self.share <= 1.0  # clock too
        )

    def reheat(self, improved_temp: float) -> None:
        """Warm up to `reheat` x the temperature of the last improvement (at most t_start)."""
        warm = min(self.t_start, improved_temp * self.factor)
        self.offset = self.progress - math.log(warm / self.t_start) / self.log_ratio
        self.reheats += 1
