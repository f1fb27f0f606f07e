"""The morning drill's measurements and report (see morning.py)."""

from __future__ import annotations

import asyncio
import os
import time
from collections.abc import Callable
from pathlib import Path

TICK = os.sysconf("SC_CLK_TCK")


def _cpu_and_rss(pid: int) -> tuple[float, int] | None:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        rss = Path(f"/proc/{pid}/statm").read_text().split()[1]
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / TICK, int(rss) * os.sysconf("SC_PAGE_SIZE")


async def sample_processes(processes: Callable[[], dict[str, int]], stop: asyncio.Event) -> dict:
    """CPU seconds used and peak resident memory of each process, sampled every second."""
    first: dict[str, float] = {}
    last: dict[str, float] = {}
    peak: dict[str, int] = {}
    own_start = time.process_time()
    started = time.monotonic()
    while True:
        for name, pid in processes().items():
            sample = _cpu_and_rss(pid)
            if sample is None:
                continue
            first.setdefault(name, sample[0])
            last[name] = sample[0]
            peak[name] = max(peak.get(name, 0), sample[1])
        if stop.is_set():
            break
        await asyncio.sleep(1)
    wall = time.monotonic() - started
    usage = {
        name: {
            "cpu_s": round(last[name] - first[name], 2),
            "cpu_pct": round(100 * (last[name] - first[name]) / wall),
            "peak_mb": peak[name] >> 20,
        }
        for name in last
    }
    usage["load client"] = {"cpu_pct": round(100 * (time.process_time() - own_start) / wall)}
    return usage


async def wait_for_final(streams, final: int, last_vote: float, limit: float) -> dict:
    """How long after the last vote every stream showed the final count."""
    deadline = last_vote + limit
    while time.monotonic() < deadline:
        if all(s.arrivals and s.arrivals[-1][1] == final for s in streams):
            break
        await asyncio.sleep(0.05)
    showing = [s for s in streams if s.arrivals and s.arrivals[-1][1] == final]
    times = []
    for stream in showing:
        # The moment this stream started showing the final count for good.
        at = stream.arrivals[-1][0]
        for t, n in reversed(stream.arrivals):
            if n != final:
                break
            at = t
        times.append(max(0.0, at - last_vote))
    return {
        "streams_showing_final": len(showing),
        "all_final_after_s": round(max(times), 2) if len(showing) == len(streams) else None,
    }


def after_return(record, streams, returned_at: float) -> dict:
    """restart-db: how long after PostgreSQL accepted connections again each kind of
    request was first served, and 503s seen (all of them had to carry Retry-After)."""
    first = {
        kind: round(min(t for t in times if t >= returned_at) - returned_at, 3)
        for kind, times in record.served.items()
        if any(t >= returned_at for t in times)
    }
    # every stream showing a state newer than the database's return
    shown = [min((t for t, _ in s.arrivals if t >= returned_at), default=None) for s in streams]
    if shown and all(t is not None for t in shown):
        first["every stream updated"] = round(max(shown) - returned_at, 3)
    return {
        "first_served_s": first,
        "503_with_retry_after": sum(n for (_, st), n in record.statuses.items() if st == "503"),
        "503_without_retry_after": sum(
            n for (_, st), n in record.statuses.items() if st == "503 without Retry-After"
        ),
    }


def pct(values: list[float], q: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return round(1000 * ordered[min(len(ordered) - 1, int(q * len(ordered)))], 1)


def integrity(url: str) -> dict:
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    with engine.connect() as connection:
        votes = connection.execute(text("SELECT count(*) FROM votes")).scalar_one()
        most = connection.execute(
            text(
                "SELECT coalesce(max(n), 0) FROM"
                " (SELECT count(*) AS n FROM votes GROUP BY attendee_id) AS per_attendee"
            )
        ).scalar_one()
    engine.dispose()
    return {"votes_in_db": votes, "most_votes_by_one_attendee": most}


def summary(args, record, streams, lag, settled, final, usage, faults, url) -> dict:
    checked = integrity(url)
    expected = record.acked_casts - record.acked_retracts
    pairs = len(streams) * len(record.acked_votes)  # (stream, cast vote)
    frames = sum(len(s.arrivals) for s in streams)
    worker_cpu = sum(u.get("cpu_s", 0) for name, u in usage.items() if name.startswith("worker"))
    return {
        "db": args.db,
        "workers": args.workers,
        "streams": args.streams,
        "interval_s": args.interval,
        "fault": args.fault,
        "fault_log": faults,
        "statuses": {
            f"{kind} {status}": n for (kind, status), n in sorted(record.statuses.items())
        },
        "latency_ms": {
            kind: {"n": len(v), "p50": pct(v, 0.5), "p95": pct(v, 0.95), "p99": pct(v, 0.99)}
            for kind, v in sorted(record.answers.items())
        },
        "lag_ms": {
            "pairs": len(lag),
            "missing_pairs": pairs - len(lag),
            "p50": pct(lag, 0.5),
            "p95": pct(lag, 0.95),
            "p99": pct(lag, 0.99),
            "max": pct(lag, 1.0),
        },
        "final_count": final,
        **settled,
        "stream_drops": sum(s.drops for s in streams),
        "frames_received": frames,
        # Worker CPU per board frame a stream received: the fan-out's cost per stream per
        # update, an upper bound (votes, polls and everything else are in the same CPU).
        "worker_cpu_us_per_frame": round(1e6 * worker_cpu / frames, 1) if frames else None,
        "usage": usage,
        "integrity": {
            **checked,
            "acked_casts": record.acked_casts,
            "acked_retracts": record.acked_retracts,
            "refused_over_budget": record.refused,
            "ok": checked["votes_in_db"] == expected and checked["most_votes_by_one_attendee"] <= 5,
        },
    }


def render(result: dict) -> str:
    lines = [
        f"# {result['db']}, {result['workers']} worker(s), {result['streams']} streams, "
        f"interval {result['interval_s']} s, fault: {result['fault']} {result['fault_log']}",
        "answers by status: " + ", ".join(f"{k}: {v}" for k, v in result["statuses"].items()),
        "| request | n | p50 ms | p95 ms | p99 ms |",
        "|---|---|---|---|---|",
    ]
    for kind, v in result["latency_ms"].items():
        lines.append(f"| {kind} | {v['n']} | {v['p50']} | {v['p95']} | {v['p99']} |")
    lag = result["lag_ms"]
    lines += [
        f"vote-to-screen lag ms: p50 {lag['p50']}, p95 {lag['p95']}, p99 {lag['p99']}, "
        f"max {lag['max']} over {lag['pairs']} (stream, vote) pairs; "
        f"missing {lag['missing_pairs']}",
        f"final count {result['final_count']}: shown by {result['streams_showing_final']} of "
        f"{result['streams']} streams; all of them {result['all_final_after_s']} s "
        "after the last vote",
        f"stream drops (reconnects): {result['stream_drops']}; frames received "
        f"{result['frames_received']}, worker CPU per frame {result['worker_cpu_us_per_frame']} us",
        "usage: "
        + "; ".join(
            f"{name} {u['cpu_pct']}% CPU" + (f", {u['peak_mb']} MB" if "peak_mb" in u else "")
            for name, u in result["usage"].items()
        ),
        f"integrity: {result['integrity']}",
        f"joined through the API: {result.get('joined')}; "
        f"load average {result.get('load_average')}",
    ]
    if "after_db_return" in result:
        back = result["after_db_return"]
        lines.append(
            "after PostgreSQL's return, first served (s): "
            + ", ".join(f"{k} {v}" for k, v in back["first_served_s"].items())
            + f"; 503s with Retry-After {back['503_with_retry_after']}, "
            f"without {back['503_without_retry_after']}"
        )
    return "\n".join(lines)


def table(results: list[dict]) -> str:
    """One markdown row per run (for docs/benchmarks.md)."""
    lines = [
        "| db, workers | streams | fault | 503 with Retry-After | other 5xx/conn errors"
        " | vote p50/p95/p99 ms | lag p50/p95/p99/max ms"
        " | streams with final count (s after last vote)"
        " | worker CPU %, peak MB | integrity | load average (1 min) |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        clean = sum(n for k, n in r["statuses"].items() if k.endswith(" 503"))
        errors = sum(
            n
            for k, n in r["statuses"].items()
            if (k.endswith(" conn") or " 5" in k) and not k.endswith(" 503")
        )
        vote, lag = r["latency_ms"].get("vote", {}), r["lag_ms"]
        workers = [u for name, u in r["usage"].items() if name.startswith("worker")]
        usage = ", ".join(f"{u['cpu_pct']}%/{u['peak_mb']}" for u in workers)
        check = r["integrity"]
        lines.append(
            f"| {r['db']}, {r['workers']} | {r['streams']} | {r['fault']} | {clean} | {errors} "
            f"| {vote.get('p50')}/{vote.get('p95')}/{vote.get('p99')} "
            f"| {lag['p50']}/{lag['p95']}/{lag['p99']}/{lag['max']} "
            f"| {r['streams_showing_final']} ({r['all_final_after_s']}) | {usage} "
            f"| {check['votes_in_db']} = {check['acked_casts']} - {check['acked_retracts']}, "
            f"max {check['most_votes_by_one_attendee']}: {'ok' if check['ok'] else 'FAILED'} "
            f"| {(r.get('load_average') or ['?'])[0]} |"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    import json
    import sys

    print(table([json.loads(Path(name).read_text()) for name in sys.argv[1:]]))
