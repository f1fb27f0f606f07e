"""CPU per stream per board update: the live layer alone, under gevent, real sockets.

    .venv/bin/python bench/fanout_cost.py --streams 400 1000 2000 --updates 50

One process, monkey-patched like a gunicorn gevent worker. Each stream is the real
``live.sse_response`` generator on the in-process broker, drained by a greenlet
that writes every frame to a socket (a socketpair, as the WSGI server would write
to the phone's connection); another greenlet reads the far end. Then ``--updates``
board states (a 60-proposal board, about 6 KB of JSON) are published one after
another, each once every stream has written the previous one. The CPU time of the
whole process (``time.process_time``) divided by streams x updates is the cost per
stream per update: waking the reader, taking the newest state, the (shared) frame,
the socket write. CPU time, not wall time, so a busy machine changes it little.
"""

from gevent import monkey

monkey.patch_all()

import argparse  # noqa: E402
import cProfile  # noqa: E402
import pstats  # noqa: E402
import socket  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

import gevent  # noqa: E402
from flask import Flask  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from edcamp import live  # noqa: E402


def board(n: int) -> dict:
    proposals = [
        {"id": p, "title": f"Session title number {p}", "tags": ["maths", "k-5"], "votes": n + p}
        for p in range(60)
    ]
    return {"event": "bench", "voting": "open", "votes_cast": n, "proposals": proposals}


def measure(streams: int, updates: int, profile: bool = False) -> dict:
    app = Flask(__name__)
    app.config.update(
        REDIS_URL=None,
        LIVE_MIN_INTERVAL=0.0,
        LIVE_KEEPALIVE_S=60.0,
        LIVE_RETRY_MS=3000,
        LIVE_STALL_S=10.0,
        LIVE_STREAMS_PER_CLIENT=10**6,  # every stream here is one anonymous client
    )
    live.init_app(app)
    written = [0] * streams
    sockets, greenlets = [], []

    def writer(k: int, body, sock: socket.socket) -> None:
        try:
            for chunk in body:
                sock.sendall(chunk)
                written[k] += 1
        except OSError:  # closed at the end
            body.close()

    def reader(sock: socket.socket) -> None:
        try:
            while sock.recv(1 << 16):
                pass
        except OSError:  # closed at the end
            pass

    with app.test_request_context():
        bodies = [live.sse_response("c", lambda: board(0)).response for _ in range(streams)]
    for k, body in enumerate(bodies):
        left, right = socket.socketpair()
        sockets += [left, right]
        greenlets += [gevent.spawn(writer, k, body, left), gevent.spawn(reader, right)]
    gevent.sleep(0.5)  # every stream wrote its first state
    profiler = cProfile.Profile() if profile else None
    start_cpu, start_wall = time.process_time(), time.monotonic()
    broker = app.extensions[live.EXTENSION_KEY]
    if profiler:
        profiler.enable()
    for n in range(1, updates + 1):
        broker.publish("c", board(n))
        while min(written) < n + 1:
            gevent.sleep(0.001)
    if profiler:
        profiler.disable()
    cpu, wall = time.process_time() - start_cpu, time.monotonic() - start_wall
    if profiler:
        pstats.Stats(profiler).sort_stats("tottime").print_stats(25)
    gevent.killall(greenlets)
    for sock in sockets:
        sock.close()
    return {
        "streams": streams,
        "updates": updates,
        "cpu_us_per_stream_update": round(1e6 * cpu / (streams * updates), 1),
        "wall_ms_per_update": round(1000 * wall / updates, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--streams", type=int, nargs="+", default=[400, 1000, 2000])
    parser.add_argument("--updates", type=int, default=50)
    parser.add_argument("--profile", action="store_true", help="cProfile: where the CPU goes")
    args = parser.parse_args()
    print("| streams | CPU per stream per update | CPU-bound time to reach every stream |")
    print("|---:|---:|---:|")
    for streams in args.streams:
        r = measure(streams, args.updates, args.profile)
        print(
            f"| {streams} | {r['cpu_us_per_stream_update']} us "
            f"| {round(r['cpu_us_per_stream_update'] * streams / 1000, 1)} ms |"
        )


if __name__ == "__main__":
    main()
