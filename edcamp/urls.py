"""Absolute links for QR codes, feeds and exports, built from EDCAMP_BASE_URL when set."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import current_app, url_for
from werkzeug.exceptions import HTTPException
from werkzeug.routing import IntegerConverter

# The largest id an INTEGER column holds on PostgreSQL (and the most SQLite ids ever reach).
MAX_ID = 2**31 - 1


class DatabaseId(IntegerConverter):
    """``<int:...>`` in every route. An id beyond what the database holds becomes 0, an id no
    row has, so the view answers its usual 404 instead of overflowing the query (a 500 on
    PostgreSQL). (Refusing the match instead makes Werkzeug answer 405 where a sibling rule
    with another method shares the path.)"""

    def to_python(self, value: str) -> int:
        number = super().to_python(value)
        return number if number <= MAX_ID else 0


def external_url(endpoint: str, **values) -> str:
    base = current_app.config.get("EDCAMP_BASE_URL")
    if base:
        return base + url_for(endpoint, _external=False, **values)
    return url_for(endpoint, _external=True, **values)


def safe_next(target: str | None) -> str | None:
    """A ``?next=`` target that stays on this site and is a page (answers GET), else None."""
    if not target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    try:  # a POST-only form (session expired while posting) would be a 405 after sign-in
        current_app.url_map.bind("localhost").match(parts.path, method="GET")
    except HTTPException:
        return None
    return target
