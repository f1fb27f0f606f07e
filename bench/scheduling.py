"""Benchmark of the schedule builder on generated instances.

    .venv/bin/python bench/scheduling.py                 # table from the stored best-known
    .venv/bin/python bench/scheduling.py --long          # redo the long runs (minutes!)
    .venv/bin/python bench/scheduling.py --write-docs    # and update docs/benchmarks.md

The long runs (the builder's own annealing for >= 60 s per instance, and
HiGHS with a time limit) are kept in bench/scheduling_best.json, so the table
can be regenerated in about a minute.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from edcamp.scheduling.builder import DEFAULT_TIME_LIMIT_S, build_grid  # noqa: E402
from edcamp.scheduling.metrics import evaluate  # noqa: E402
from edcamp.scheduling.problem import Cell, Problem  # noqa: E402
from edcamp.scheduling.rules import violations  # noqa: E402
from edcamp.scheduling.synthetic import generate  # noqa: E402

SIZES = [(30, 6, 5, 150), (60, 10, 6, 300), (120, 20, 6, 1000)]
SEEDS = [0, 1, 2]
BEST_FILE = ROOT / "bench" / "scheduling_best.json"
DOCS = ROOT / "docs" / "benchmarks.md"
# the larger budget for 120x20x6x1000 (the target: under 10 s)
EXTENDED = {"time_limit_s": 8.0, "iterations_factor": 5}


def random_grid(problem: Problem, selected: list[int], seed: int) -> dict[int, Cell]:
    """A random valid grid of the same proposals (pins kept, facilitators respected)."""
    rng = random.Random(seed)
    by_id = {p.id: p for p in problem.proposals}
    grid: dict[int, Cell] = dict(problem.pins)
    free = [c for c in problem.cells() if c not in grid.values()]
    movable = [p for p in selected if p not in problem.pins]
    for pid in rng.sample(movable, k=len(movable)):
        rng.shuffle(free)
        for cell in free:
            busy = {f for q, c in grid.items() if c[1] == cell[1] for f in by_id[q].facilitators}
            if not busy & by_id[pid].facilitators:
                grid[pid] = cell
                free.remove(cell)
                break
    return grid


def load_best() -> dict[str, dict]:
    return json.loads(BEST_FILE.read_text()) if BEST_FILE.exists() else {}


def long_runs(seconds: float, mip_seconds: float) -> None:
    best = load_best()
    for size in SIZES:
        for seed in SEEDS:
            inst = generate(*size, seed=seed)
            key = f"{inst.name}/{seed}"
            entry = best.setdefault(key, {})
            runs = []
            for restart in range(3):
                grid = build_grid(
                    inst.problem, time_limit_s=seconds / 3, iterations=10**12, seed=100 + restart
                )
                assert violations(inst.problem, grid.assignments) == []
                runs.append(grid.metrics.objective)
            entry["anneal_long"] = {"seconds": seconds, "objectives": runs}
            print(key, "long anneal", runs, flush=True)
            if mip_seconds > 0:
                from bench.scheduling_mip import solve_mip

                selected = sorted(build_grid(inst.problem, iterations=0).assignments)
                started = time.perf_counter()
                result = solve_mip(inst.problem, selected, time_limit_s=mip_seconds)
                result["seconds"] = round(time.perf_counter() - started, 1)
                entry["highs"] = result
                print(key, "highs", result, flush=True)
            BEST_FILE.write_text(json.dumps(best, indent=1, sort_keys=True) + "\n")


def restart_runs(seconds: float) -> None:
    """Default-budget runs with other seeds for `seconds` per instance (best-known candidates)."""
    best = load_best()
    for size in SIZES:
        for seed in SEEDS:
            inst = generate(*size, seed=seed)
            key = f"{inst.name}/{seed}"
            started = time.perf_counter()
            runs = []
            k = 0
            while time.perf_counter() - started < seconds:
                k += 1
                grid = build_grid(inst.problem, time_limit_s=0, seed=1000 + k)
                assert violations(inst.problem, grid.assignments) == []
                runs.append(grid.metrics.objective)
            took = round(time.perf_counter() - started, 1)
            best.setdefault(key, {})["anneal_restarts"] = {"seconds": took, "objectives": runs}
            print(key, "restarts", min(runs), f"{took} s", flush=True)
            BEST_FILE.write_text(json.dumps(best, indent=1, sort_keys=True) + "\n")


def best_known(entry: dict, *found: int) -> int:
    values = list(found) + entry.get("anneal_long", {}).get("objectives", [])
    values += entry.get("anneal_restarts", {}).get("objectives", [])
    if entry.get("highs", {}).get("objective") is not None:
        values.append(entry["highs"]["objective"])
    return min(values)


def table() -> list[str]:
    stored = load_best()
    lines = [
        "| instance (P x R x S x V) | seed | random grid | greedy | default: objective (gap) "
        "| default: time | 8 s budget: objective (gap), time | best known | HiGHS best / "
        "lower bound (60 s) |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for size in SIZES:
        for seed in SEEDS:
            inst = generate(*size, seed=seed)
            problem = inst.problem
            entry = stored.get(f"{inst.name}/{seed}", {})
            started = time.perf_counter()
            grid = build_grid(problem, time_limit_s=DEFAULT_TIME_LIMIT_S)
            took = time.perf_counter() - started
            assert violations(problem, grid.assignments) == []
            greedy = build_grid(problem, iterations=0).metrics.objective
            selected = sorted(grid.assignments)
            rand = evaluate(problem, random_grid(problem, selected, seed)).objective
            extended = ""
            found = [grid.metrics.objective]
            if size == SIZES[-1]:
                started = time.perf_counter()
                big = build_grid(
                    problem,
                    time_limit_s=EXTENDED["time_limit_s"],
                    iterations=EXTENDED["iterations_factor"] * grid.stats["budget"],
                )
                big_took = time.perf_counter() - started
                found.append(big.metrics.objective)
            best = best_known(entry, *found)
            if size == SIZES[-1]:
                gap = (big.metrics.objective - best) / best
                extended = f"{big.metrics.objective} ({gap:.1%}), {big_took:.1f} s"
            gap = (grid.metrics.objective - best) / best
            highs = entry.get("highs")
            mip = f"{highs['objective']} / {highs['bound']:.0f}" if highs else "not run"
            capped = " (time cap)" if grid.stats["time_limit_hit"] else ""
            lines.append(
                f"| {inst.name} | {seed} | {rand} | {greedy} | {grid.metrics.objective} "
                f"({gap:.1%}) | {took:.2f} s{capped} | {extended or '-'} | {best} | {mip} |"
            )
            print(lines[-1], flush=True)
    return lines


def write_docs(lines: list[str]) -> None:
    body = "\n".join(
        [
            "## Schedule builder",
            "",
            (ROOT / "bench" / "scheduling.md").read_text().strip(),
            "",
            *lines,
            "",
        ]
    )
    text = DOCS.read_text() if DOCS.exists() else "# Benchmarks\n"
    start = text.find("## Schedule builder")
    if start < 0:
        text = text.rstrip() + "\n\n" + body
    else:
        end = text.find("\n## ", start + 1)
        text = text[:start] + body + ("\n" + text[end + 1 :] if end >= 0 else "")
    DOCS.write_text(text)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--long", action="store_true", help="redo the long runs first")
    parser.add_argument("--seconds", type=float, default=60.0, help="long annealing per instance")
    parser.add_argument("--mip-seconds", type=float, default=60.0, help="HiGHS limit (0: skip)")
    parser.add_argument(
        "--restarts", type=float, default=0, help="seconds of default-budget restarts per instance"
    )
    parser.add_argument("--write-docs", action="store_true", help="update docs/benchmarks.md")
    args = parser.parse_args()
    if args.long:
        long_runs(args.seconds, args.mip_seconds)
    if args.restarts:
        restart_runs(args.restarts)
    lines = table()
    if args.write_docs:
        write_docs(lines)


if __name__ == "__main__":
    main()
