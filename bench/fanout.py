"""Fan-out: 300 open board streams over 2 gunicorn workers with Redis, 20 votes a second.

    .venv/bin/python bench/fanout.py                    # SQLite, 300 streams, 15 s of votes
    .venv/bin/python bench/fanout.py --db postgresql --streams 300 --seconds 15

It seeds a throw-away event (counts shown, 40 proposals, attendees with spare
votes), starts gunicorn with the project's `gunicorn.conf.py` (gevent,
WEB_CONCURRENCY=2, REDIS_URL=redis://127.0.0.1:6379/13), opens the streams from
one asyncio client and then casts votes at a steady rate, one new vote at a
time, so vote k leaves the board with `votes_cast == base + k`. For every
stream and every vote it takes the time from the vote's response to the first
board event on that stream with `votes_cast >= base + k`; p50/p95/max are over
all (stream, vote) pairs. Memory per open stream is the growth of the workers'
resident memory (VmRSS) from before the streams opened to after, divided by
the number of streams.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import voting as setup  # noqa: E402  (the throughput benchmark's seeding and server)

RESULTS = ROOT / "bench" / "results"
VOTES_CAST = re.compile(rb'"votes_cast":(\d+)')


def worker_rss_kb(master_pid: int) -> int:
    children = subprocess.run(
        ["ps", "-o", "pid=", "--ppid", str(master_pid)], capture_output=True, text=True
    ).stdout.split()
    total = 0
    for pid in children:
        status = Path(f"/proc/{pid}/status").read_text()
        total += int(re.search(r"VmRSS:\s+(\d+)", status).group(1))
    return total


class Stream:
    def __init__(self, number: int) -> None:
        self.number = number
        self.arrivals: list[tuple[float, int]] = []  # (time, votes_cast), first of each value
        self.ready = asyncio.Event()

    async def run(self, port: int, slug: str) -> None:
        reader, writer = await asyncio.open_connection("127.0.0.1", port, limit=2**20)
        writer.write(
            f"GET /api/v1/events/{slug}/board/stream HTTP/1.0\r\n"
            f"Host: 127.0.0.1:{port}\r\n\r\n".encode()
        )
        await writer.drain()
        last = -1
        try:
            while True:
                line = await reader.readline()
                if not line:
                    return
                if line.startswith(b"data: "):
                    found = VOTES_CAST.search(line)
                    if found and int(found.group(1)) > last:
                        last = int(found.group(1))
                        self.arrivals.append((time.monotonic(), last))
                    self.ready.set()
        finally:
            writer.close()


async def vote_loop(port: int, slug: str, pairs: list[str], rate: float, seconds: float):
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    responses: list[float] = []
    interval, start = 1 / rate, time.monotonic()
    for k, pair in enumerate(pairs[: int(rate * seconds)]):
        await asyncio.sleep(max(0.0, start + k * interval - time.monotonic()))
        token, proposal_id = pair.split()
        writer.write(
            (
                f"POST /api/v1/events/{slug}/proposals/{proposal_id}/vote HTTP/1.1\r\n"
                f"Host: 127.0.0.1:{port}\r\nAuthorization: Bearer {token}\r\n"
                "Content-Length: 0\r\n\r\n"
            ).encode()
        )
        await writer.drain()
        status = await reader.readline()
        length = 0
        while (header := await reader.readline()) not in (b"\r\n", b""):
            if header.lower().startswith(b"content-length:"):
                length = int(header.split(b":")[1])
        body = await reader.readexactly(length)
        assert b" 200 " in status, (status, body)
        responses.append(time.monotonic())
    writer.close()
    return responses


async def measure(
    port: int, slug: str, pairs, streams: int, rate: float, seconds: float, master_pid: int
) -> dict:
    rss_before = worker_rss_kb(master_pid)
    clients = [Stream(n) for n in range(streams)]
    tasks = []
    for client in clients:
        tasks.append(asyncio.create_task(client.run(port, slug)))
        await asyncio.sleep(0.002)
    await asyncio.wait_for(asyncio.gather(*(c.ready.wait() for c in clients)), 60)
    await asyncio.sleep(1.0)
    rss_open = worker_rss_kb(master_pid)
    base = max(c.arrivals[-1][1] for c in clients)
    responses = await vote_loop(port, slug, pairs, rate, seconds)
    await asyncio.sleep(2.0)
    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
    latencies, missing = [], 0
    for client in clients:
        arrivals = client.arrivals
        index = 0
        for k, answered in enumerate(responses, start=1):
            while index < len(arrivals) and arrivals[index][1] < base + k:
                index += 1
            if index == len(arrivals):
                missing += len(responses) - k + 1
                break
            latencies.append(arrivals[index][0] - answered)
    latencies.sort()
    events = sum(len(c.arrivals) for c in clients)
    return {
        "streams": streams,
        "votes": len(responses),
        "votes_per_s": round(len(responses) / (responses[-1] - responses[0]), 1),
        "p50_ms": round(1000 * statistics.median(latencies), 1),
        "p95_ms": round(1000 * latencies[int(0.95 * (len(latencies) - 1))], 1),
        "max_ms": round(1000 * latencies[-1], 1),
        "missing": missing,
        "updates_per_stream_per_s": round(events / streams / (seconds + 2), 2),
        "rss_kb_before": rss_before,
        "rss_kb_open": rss_open,
        "kb_per_stream": round((rss_open - rss_before) / streams, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--streams", type=int, default=300)
    parser.add_argument("--rate", type=float, default=20)
    parser.add_argument("--seconds", type=float, default=15)
    args = parser.parse_args()
    if not setup.redis_up():
        raise SystemExit("needs Redis on 127.0.0.1:6379")
    os.environ.setdefault("BENCH_WORKERS", "2")  # fan-out across processes is the point
    with tempfile.TemporaryDirectory(prefix="bench-fanout-") as tmp:
        folder = Path(tmp)
        url = setup.database_url(args.db, folder)
        pairs = setup.seed(url, folder).read_text().split("\n")
        port = setup.free_port()
        server = setup.start_gunicorn(url, folder, port)
        try:
            result = asyncio.run(
                measure(port, setup.SLUG, pairs, args.streams, args.rate, args.seconds, server.pid)
            )
        finally:
            server.terminate()
            server.wait(20)
    result["db"] = args.db
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / f"fanout-{args.db}.json").write_text(json.dumps(result, indent=2))
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
