"""Liveness and readiness probes for load balancers and orchestrators.

``/healthz`` answers as long as the process serves requests (nothing else is
touched, so a database outage never gets healthy workers restarted).
``/readyz`` reports the database and the live broker separately: without its
database a worker cannot serve (503); without Redis it still serves, with
boards kept current by polling, so it stays ready and says it is degraded.
"""

from __future__ import annotations

from flask import Blueprint, jsonify
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from edcamp import live
from edcamp.extensions import db

bp = Blueprint("operations", __name__)


@bp.get("/healthz")
def healthz():
    return {"status": "ok"}


@bp.get("/readyz")
def readyz():
    database = _database_state()
    broker = _broker_state()
    ready = database == "ok"
    body = {
        "status": ("ok" if broker in ("ok", "in-process") else "degraded") if ready else "down",
        "database": database,
        "broker": broker,
    }
    response = jsonify(body)
    response.headers["Cache-Control"] = "no-store"
    if not ready:
        response.status_code = 503
        response.headers["Retry-After"] = "1"
    return response


def _database_state() -> str:
    try:
        db.session.execute(text("SELECT 1"))
    except SQLAlchemyError:
        db.session.rollback()
        return "down"
    return "ok"


def _broker_state() -> str:
    broker = live.get_broker()
    if not isinstance(broker, live.RedisBroker):
        return "in-process"
    return "ok" if broker.ping() else "down"
