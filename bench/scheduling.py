"""Benchmark of the schedule builder on the test bed of bench/scheduling_bed.py.

    .venv/bin/python bench/scheduling.py                 # table from the stored best-known
    .venv/bin/python bench/scheduling.py --long 30       # long runs first (2 x 30 s each)
    .venv/bin/python bench/scheduling.py --write-docs    # and update docs/benchmarks.md

Best known objectives (bench/scheduling_best.json) come from several methods: long
annealing runs of the builder with other seeds, each followed by the whole-grid
local search (`polish` with every session as a pivot, which the default build only
runs for double sessions and sessions with needs), and every run of the table.
Grids are compared on the same sessions: a run that seats fewer is flagged.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.scheduling_bed import BED, MEDIUM, Shape, make  # noqa: E402
from edcamp.scheduling.builder import build_grid  # noqa: E402
from edcamp.scheduling.metrics import evaluate  # noqa: E402
from edcamp.scheduling.polish import polish  # noqa: E402
from edcamp.scheduling.rules import violations  # noqa: E402

BEST_FILE = ROOT / "bench" / "scheduling_best.json"
DOCS = ROOT / "docs" / "benchmarks.md"
# The targets: time cap and iteration budget per size.
TARGETS = {MEDIUM: {"time_limit_s": 1.0, "factor": 1}, "large": {"time_limit_s": 5.0, "factor": 4}}


def settings(shape: Shape) -> dict:
    return TARGETS[MEDIUM] if shape.size == MEDIUM else TARGETS["large"]


def load_best() -> dict[str, dict]:
    return json.loads(BEST_FILE.read_text()) if BEST_FILE.exists() else {}


def save_best(best: dict) -> None:
    BEST_FILE.write_text(json.dumps(best, indent=1, sort_keys=True) + "\n")


def long_runs(seconds: float, seeds: list[int]) -> None:
    best = load_best()
    for shape in BED:
        problem = make(shape)
        entry = best.setdefault(shape.name, {})
        for seed in seeds:
            grid = build_grid(problem, time_limit_s=seconds, iterations=10**12, seed=seed)
            deadline = time.perf_counter() + seconds / 2
            polished = polish(problem, grid.assignments, deadline=deadline)
            assert violations(problem, polished) == []
            value = evaluate(problem, polished).objective
            entry.setdefault("long", []).append(
                {
                    "seed": seed,
                    "seconds": seconds * 1.5,
                    "objective": value,
                    "placed": len(polished),
                }
            )
            print(shape.name, "long", seed, grid.metrics.objective, "->", value, flush=True)
            save_best(best)


def best_known(entry: dict, placed: int, *found: int) -> int:
    values = [r["objective"] for r in entry.get("long", []) if r["placed"] == placed]
    return min(values + list(found))


def table() -> list[str]:
    stored = load_best()
    lines = [
        "| instance | P x R x S x V | sessions placed | greedy | builder: objective (gap) "
        "| time (cap) | best known |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for shape in BED:
        problem = make(shape)
        run = settings(shape)
        started = time.perf_counter()
        grid = build_grid(problem, time_limit_s=run["time_limit_s"])
        budget = grid.stats["budget"] * run["factor"]
        if run["factor"] != 1:
            started = time.perf_counter()
            grid = build_grid(problem, time_limit_s=run["time_limit_s"], iterations=budget)
        took = time.perf_counter() - started
        assert violations(problem, grid.assignments) == []
        greedy = build_grid(problem, iterations=0).metrics.objective
        entry = stored.get(shape.name, {})
        placed = len(grid.assignments)
        flag = "" if any(r["placed"] == placed for r in entry.get("long", [])) else " (!)"
        best = best_known(entry, placed, grid.metrics.objective)
        gap = (grid.metrics.objective - best) / best if best else 0.0
        capped = " (time cap)" if grid.stats["time_limit_hit"] else ""
        size = "x".join(map(str, shape.size))
        lines.append(
            f"| {shape.name} | {size} | {placed}{flag} | {greedy} | {grid.metrics.objective} "
            f"({gap:.1%}) | {took:.2f} s{capped} (cap {run['time_limit_s']:g} s) | {best} |"
        )
        print(lines[-1], flush=True)
    return lines


def write_docs(lines: list[str], load: str) -> None:
    body = "\n".join(
        [
            "## Schedule builder",
            "",
            (ROOT / "bench" / "scheduling.md").read_text().strip(),
            "",
            f"Machine load while measuring: {load}.",
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
    parser.add_argument("--long", type=float, default=0, help="seconds per long annealing run")
    parser.add_argument("--seeds", type=int, nargs="*", default=[101, 102])
    parser.add_argument("--write-docs", action="store_true", help="update docs/benchmarks.md")
    args = parser.parse_args()
    if args.long:
        long_runs(args.long, args.seeds)
    before = Path("/proc/loadavg").read_text().split()[0]
    lines = table()
    after = Path("/proc/loadavg").read_text().split()[0]
    if args.write_docs:
        write_docs(lines, f"load average {before} before the table, {after} after (2 cores)")


if __name__ == "__main__":
    main()
