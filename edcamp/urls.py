"""Absolute links for QR codes, feeds and exports, built from EDCAMP_BASE_URL when set."""

from __future__ import annotations

from flask import current_app, url_for


def external_url(endpoint: str, **values) -> str:
    base = current_app.config.get("EDCAMP_BASE_URL")
    if base:
        return base + url_for(endpoint, _external=False, **values)
    return url_for(endpoint, _external=True, **values)
