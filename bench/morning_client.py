"""The morning drill's load: phones and a projector as one asyncio client (see morning.py).

A minimal HTTP/1.1 client over asyncio streams: each open board is one connection
reading Server-Sent Events; votes and polls go over keep-alive connections. Every
answer is recorded as (kind, status, seconds); connection failures as status "conn".
"""

from __future__ import annotations

import asyncio
import json
import random
import re
import time
from collections import defaultdict
from dataclasses import dataclass, field

VOTES_CAST = re.compile(rb'"votes_cast":(\d+)')
RETRY_S = 3.0  # what the SSE `retry:` asks browsers to wait before reconnecting


@dataclass
class Record:
    """Everything the client saw, for the report."""

    answers: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    statuses: dict[tuple[str, str], int] = field(default_factory=lambda: defaultdict(int))
    acked_votes: list[float] = field(default_factory=list)  # ack time of each cast vote
    acked_changes: list[tuple[float, int]] = field(default_factory=list)  # (ack time, +1/-1)
    acked_casts: int = 0
    acked_retracts: int = 0
    refused: int = 0  # 4xx answers to votes (over budget)
    served: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))  # when

    def note(self, kind: str, status: str, seconds: float) -> None:
        self.statuses[(kind, status)] += 1
        if status.startswith("2") or status == "304":
            self.answers[kind].append(seconds)
            self.served[kind].append(time.monotonic())


class Http:
    """One keep-alive HTTP/1.1 connection, reopened after a failure."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def request(
        self, method: str, path: str, headers: dict[str, str], body: bytes = b""
    ) -> tuple[str, dict]:
        """(status, headers); the body of the answer is in ``self.body``."""
        reused = self.writer is not None
        try:
            return await self._exchange(method, path, headers, body)
        except ConnectionError:
            if not reused:
                raise
            # The server closed an idle keep-alive connection: browsers simply retry.
            return await self._exchange(method, path, headers, body)

    async def _exchange(
        self, method: str, path: str, headers: dict[str, str], body: bytes
    ) -> tuple[str, dict]:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection("127.0.0.1", self.port)
        lines = [
            f"{method} {path} HTTP/1.1",
            f"Host: 127.0.0.1:{self.port}",
            f"Content-Length: {len(body)}",
        ]
        lines += [f"{k}: {v}" for k, v in headers.items()]
        try:
            self.writer.write(("\r\n".join(lines) + "\r\n\r\n").encode() + body)
            status = (await self.reader.readline()).split(b" ")[1].decode()
            answer: dict[str, str] = {}
            while (line := await self.reader.readline()) not in (b"\r\n", b""):
                name, _, value = line.decode().partition(":")
                answer[name.strip().lower()] = value.strip()
            self.body = await self.reader.readexactly(int(answer.get("content-length", 0)))
        except (IndexError, asyncio.IncompleteReadError, ConnectionError):
            self.close()
            raise ConnectionError("connection lost") from None
        if answer.get("connection", "").lower() == "close":
            self.close()
        return status, answer

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
        self.reader = self.writer = None


async def call(
    http: Http, record: Record, kind: str, method: str, path: str, headers, body: bytes = b""
) -> str:
    """One request, retried up to 5 times on a 5xx or a lost connection (as phones do),
    after the answer's ``Retry-After`` if it has one. A 503 without one is noted apart."""
    status = "conn"
    for attempt in range(5):
        started = time.monotonic()
        try:
            status, answer = await http.request(method, path, headers, body)
        except OSError:
            status, answer = "conn", {}
        noted = status
        if status == "503" and "retry-after" not in answer:
            noted = "503 without Retry-After"
        record.note(kind, noted, time.monotonic() - started)
        if status != "conn" and not status.startswith("5"):
            return status
        await asyncio.sleep(float(answer.get("retry-after", 0.2 * (attempt + 1))))
    return status


class Stream:
    """One open board: (arrival time, votes_cast) of every change it shows; reconnects."""

    def __init__(self) -> None:
        self.arrivals: list[tuple[float, int]] = []
        self.ready = asyncio.Event()
        self.drops = 0

    async def run(self, port: int, slug: str, record: Record) -> None:
        while True:
            started = time.monotonic()
            try:
                reader, writer = await asyncio.open_connection("127.0.0.1", port, limit=2**22)
                path = f"/api/v1/events/{slug}/board/stream"
                writer.write(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n".encode())
                status = (await reader.readline()).split(b" ")[1].decode()
                record.note("stream open", status, 0.0)
                first = True
                while line := await reader.readline():
                    if line.startswith(b"data: ") and (found := VOTES_CAST.search(line)):
                        if first:
                            record.answers["stream first state"].append(time.monotonic() - started)
                            first = False
                        self.arrivals.append((time.monotonic(), int(found.group(1))))
                        self.ready.set()
                writer.close()
            except (OSError, IndexError):
                record.note("stream open", "conn", 0.0)
            self.drops += 1
            await asyncio.sleep(RETRY_S * random.uniform(0.8, 1.2))


async def poller(port: int, slug: str, record: Record, period: float, stop: asyncio.Event):
    """A phone without a stream: polls the board with its ETag."""
    http, etag = Http(port), ""
    await asyncio.sleep(random.uniform(0, period))
    while not stop.is_set():
        headers = {"If-None-Match": etag} if etag else {}
        started = time.monotonic()
        try:
            status, answer = await http.request("GET", f"/api/v1/events/{slug}/board", headers)
            etag = answer.get("etag", etag)
        except OSError:
            status = "conn"
        record.note("board poll", status, time.monotonic() - started)
        await asyncio.sleep(period)
    http.close()


async def join(port: int, slug: str, code: str, name: str, record: Record) -> str | None:
    """Join through the API as a phone does (its own connection); the attendee token."""
    http = Http(port)
    body = json.dumps({"join_code": code, "name": name}).encode()
    headers = {"Content-Type": "application/json"}
    status = await call(http, record, "join", "POST", f"/api/v1/events/{slug}/join", headers, body)
    token = json.loads(http.body)["attendee_token"] if status == "201" else None
    http.close()
    return token


@dataclass
class Ballot:
    """One planned action: ``token`` votes for ``proposal`` (after taking that vote back)."""

    at: float
    token: str
    proposal: int
    retract: bool = False


async def voter(port: int, slug: str, plan: asyncio.Queue, record: Record, t0: float) -> None:
    http = Http(port)
    while True:
        ballot: Ballot | None = await plan.get()
        if ballot is None:
            http.close()
            return
        await asyncio.sleep(max(0.0, t0 + ballot.at - time.monotonic()))
        if ballot.retract:  # take it back, then vote again: in order, on one connection
            await _change(http, slug, ballot, record, retract=True)
        await _change(http, slug, ballot, record, retract=False)


async def _change(http: Http, slug: str, ballot: Ballot, record: Record, *, retract: bool):
    method, kind = ("DELETE", "unvote") if retract else ("POST", "vote")
    path = f"/api/v1/events/{slug}/proposals/{ballot.proposal}/vote"
    headers = {"Authorization": f"Bearer {ballot.token}"}
    status = await call(http, record, kind, method, path, headers)
    if status.startswith("2"):
        if retract:
            record.acked_retracts += 1
        else:
            record.acked_casts += 1
            record.acked_votes.append(time.monotonic())
        record.acked_changes.append((time.monotonic(), -1 if retract else 1))
    elif status.startswith("4"):
        record.refused += 1


def lags(streams: list[Stream], changes: list[tuple[float, int]], since: float) -> list[float]:
    """Vote-to-screen lag of every (stream, cast vote) pair: from the vote's 2xx to the
    first state on that stream counting at least as many votes as were acknowledged
    then (casts minus take-backs); 0 if the stream showed that many already."""
    targets, net = [], 0
    for answered, change in sorted(changes):
        net += change
        if change > 0:
            targets.append((answered, net))
    result = []
    for stream in streams:
        shown = [(t, n) for t, n in stream.arrivals if t >= since]
        best, index, arrival = -1, 0, 0.0
        for answered, target in targets:
            while index < len(shown) and best < target:
                if shown[index][1] > best:
                    best, arrival = shown[index][1], shown[index][0]
                index += 1
            if best < target:
                break  # never shown: counted as missing by the caller
            result.append(max(0.0, arrival - answered))
    return result
