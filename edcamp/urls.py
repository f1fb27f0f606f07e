"""Absolute links for QR codes, feeds and exports, built from EDCAMP_BASE_URL when set."""

from __future__ import annotations

import functools
from urllib.parse import urlsplit

from flask import current_app, request, url_for
from werkzeug.exceptions import HTTPException
from werkzeug.routing import IntegerConverter
from werkzeug.urls import iri_to_uri

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


def base_url() -> str:
    """Where absolute links (QR codes, feeds, exports) start: EDCAMP_BASE_URL, else this
    request's host. Always plain ASCII (an international host in punycode): QR codes and
    calendar apps need URLs, not IRIs."""
    return _ascii_base(current_app.config.get("EDCAMP_BASE_URL") or request.host_url)


@functools.lru_cache(maxsize=64)
def _ascii_base(base: str) -> str:
    return iri_to_uri(base).rstrip("/")


def external_url(endpoint: str, **values) -> str:
    return base_url() + url_for(endpoint, _external=False, **values)


def safe_next(target: str | None) -> str | None:
    """A ``?next=`` target that stays on this site and is a page (answers GET), else None."""
    if not target or "\\" in target or any(ord(c) < 32 or ord(c) == 127 for c in target):
        return None  # browsers read "/\\evil.example" as "//evil.example"
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    try:  # a POST-only form (session expired while posting) would be a 405 after sign-in
        current_app.url_map.bind("localhost").match(parts.path, method="GET")
    except HTTPException:
        return None
    return target
