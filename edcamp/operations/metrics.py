"""Prometheus metrics at ``/metrics``, closed unless ``METRICS_TOKEN`` is configured.

Per process: requests by endpoint and status, their latency, open live streams.
From the database (the same on every worker): votes on the boards, mail waiting in
the outbox. With several gunicorn workers, set ``PROMETHEUS_MULTIPROC_DIR`` (an
empty folder) so the request counters of all workers are added up on scrape.
"""

from __future__ import annotations

import hmac
import time
from collections.abc import Iterator

from flask import Blueprint, Flask, Response, abort, current_app, g, request
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    multiprocess,
)
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector
from sqlalchemy import func, select
from sqlalchemy.exc import SQLAlchemyError

from edcamp import live
from edcamp.extensions import db
from edcamp.models import OutboxMail, Vote

bp = Blueprint("metrics", __name__)

REQUESTS = Counter(
    "edcamp_http_requests", "HTTP requests answered", ["method", "endpoint", "status"]
)
LATENCY = Histogram(
    "edcamp_http_request_seconds",
    "Time to answer an HTTP request (streams: until the first byte)",
    ["endpoint"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)


class LiveCollector(Collector):
    """Gauges read when scraped: open streams here, votes and the outbox in the database."""

    def __init__(self, app: Flask) -> None:
        self.app = app

    def collect(self) -> Iterator[GaugeMetricFamily]:
        with self.app.app_context():
            streams = live.get_broker().hub.count()
            try:
                votes = db.session.scalar(select(func.count()).select_from(Vote))
                queued = db.session.scalar(
                    select(func.count()).where(OutboxMail.status == "queued")
                )
            except SQLAlchemyError:  # the database is away: report what this process knows
                db.session.rollback()
                votes = queued = None
        yield GaugeMetricFamily(
            "edcamp_live_streams_open", "Live streams open in this process", value=streams
        )
        if votes is not None:
            yield GaugeMetricFamily("edcamp_votes", "Votes on all boards", value=votes)
            yield GaugeMetricFamily(
                "edcamp_outbox_queued", "Mail waiting in the outbox", value=queued or 0
            )


def init_metrics(app: Flask) -> None:
    app.before_request(_start_timer)
    app.after_request(_count)


def _start_timer() -> None:
    g.metrics_started = time.perf_counter()


def _count(response: Response) -> Response:
    started = g.pop("metrics_started", None)
    endpoint = request.endpoint or "unmatched"
    if started is not None:
        LATENCY.labels(endpoint).observe(time.perf_counter() - started)
    REQUESTS.labels(request.method, endpoint, str(response.status_code)).inc()
    return response


@bp.get("/metrics")
def metrics():
    token = current_app.config["METRICS_TOKEN"]
    offered = request.headers.get("Authorization", "").removeprefix("Bearer ")
    if not token or not hmac.compare_digest(offered.encode(), token.encode()):
        abort(404)  # closed: the endpoint does not even admit it exists
    registry = CollectorRegistry()
    if current_app.config["PROMETHEUS_MULTIPROC_DIR"]:
        multiprocess.MultiProcessCollector(registry)
    else:
        registry.register(REQUESTS)
        registry.register(LATENCY)
    registry.register(LiveCollector(current_app._get_current_object()))  # type: ignore[attr-defined]
    return Response(generate_latest(registry), mimetype=CONTENT_TYPE_LATEST)
