"""The schedule problem as a MIP for HiGHS (`highspy`, the dev-only `bench` extra).

Same selection as the builder (the proposals the builder put on the grid),
pins as constants. Variables x[p, room, slot] (binary) and z[attendee, slot]
>= (voted sessions in that slot) - 1; overflow is linear in x. Objective:
sum z + sum overflow(x) (+ the pinned sessions' fixed overflow).
"""

from __future__ import annotations

from collections import defaultdict

import numpy as np

from edcamp.scheduling.problem import Problem


def solve_mip(
    problem: Problem, selected: list[int], *, time_limit_s: float
) -> dict[str, float | str]:
    import highspy

    cap = {r.id: r.capacity for r in problem.rooms}
    by_id = {p.id: p for p in problem.proposals}
    pinned_cells = set(problem.pins.values())
    cells = [c for c in problem.cells() if c not in pinned_cells]
    movable = [pid for pid in selected if pid not in problem.pins]
    constant = sum(max(0, by_id[pid].votes - cap[c[0]]) for pid, c in problem.pins.items())

    col: dict[tuple[int, int, int], int] = {}
    costs: list[float] = []
    for pid in movable:
        for room_id, slot_id in cells:
            col[(pid, room_id, slot_id)] = len(costs)
            costs.append(max(0, by_id[pid].votes - cap[room_id]))
    n_x = len(costs)
    # per attendee and slot: the x columns of their voted sessions, and pinned ones
    pinned_votes: dict[tuple[int, int], int] = defaultdict(int)
    for pid, (_, slot_id) in problem.pins.items():
        for a in by_id[pid].voters:
            pinned_votes[(a, slot_id)] += 1
    votes_of: dict[int, list[int]] = defaultdict(list)
    for pid in movable:
        for a in by_id[pid].voters:
            votes_of[a].append(pid)
    z_rows: list[tuple[list[int], int]] = []  # (x columns, pinned count) -> z index
    for a in sorted(votes_of):
        for slot_id in problem.slots:
            cols = [col[(pid, r, s)] for pid in votes_of[a] for (r, s) in cells if s == slot_id]
            fixed = pinned_votes.get((a, slot_id), 0)
            if len(votes_of[a]) + fixed >= 2 and cols:
                z_rows.append((cols, fixed))
    n = n_x + len(z_rows)
    costs += [1.0] * len(z_rows)

    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("time_limit", float(time_limit_s))
    h.setOptionValue("threads", 1)
    h.setOptionValue("random_seed", 0)
    inf = highspy.kHighsInf
    h.addVars(n, np.zeros(n), np.array([1.0] * n_x + [inf] * len(z_rows)))
    h.changeColsCost(n, np.arange(n, dtype=np.int32), np.array(costs, dtype=float))
    h.changeColsIntegrality(
        n_x,
        np.arange(n_x, dtype=np.int32),
        np.array([highspy.HighsVarType.kInteger] * n_x),
    )
    rows: list[tuple[float, float, list[int], list[float]]] = []
    for pid in movable:  # each session in exactly one cell
        idx = [col[(pid, r, s)] for r, s in cells]
        rows.append((1.0, 1.0, idx, [1.0] * len(idx)))
    for r, s in cells:  # each cell at most one session
        idx = [col[(pid, r, s)] for pid in movable]
        rows.append((-inf, 1.0, idx, [1.0] * len(idx)))
    leads: dict[int, list[int]] = defaultdict(list)
    for pid in movable:
        for f in by_id[pid].facilitators:
            leads[f].append(pid)
    for f, pids in leads.items():
        for slot_id in problem.slots:
            busy = sum(
                1 for q, c in problem.pins.items() if c[1] == slot_id and f in by_id[q].facilitators
            )
            idx = [col[(pid, r, s)] for pid in pids for (r, s) in cells if s == slot_id]
            if idx and len(pids) + busy >= 2:
                rows.append((-inf, 1.0 - busy, idx, [1.0] * len(idx)))
    for k, (cols, fixed) in enumerate(z_rows):  # sum x - z <= 1 - fixed
        rows.append((-inf, 1.0 - fixed, [*cols, n_x + k], [1.0] * len(cols) + [-1.0]))
    starts, index, value = [], [], []
    for _, _, idx, val in rows:
        starts.append(len(index))
        index += idx
        value += val
    h.addRows(
        len(rows),
        np.array([r[0] for r in rows]),
        np.array([r[1] for r in rows]),
        len(index),
        np.array(starts, dtype=np.int32),
        np.array(index, dtype=np.int32),
        np.array(value, dtype=float),
    )
    h.run()
    info = h.getInfo()
    status = h.modelStatusToString(h.getModelStatus())
    has_solution = info.primal_solution_status == 2  # kSolutionStatusFeasible
    return {
        "status": status,
        "objective": round(info.objective_function_value + constant) if has_solution else None,
        "bound": round(info.mip_dual_bound + constant, 2),
        "gap": info.mip_gap,
    }
