"""The scripts' catalog, one JavaScript file per offered language (edcamp.i18n.scripts)."""

from __future__ import annotations

from flask import Blueprint, Response, abort

from edcamp.i18n import offered_language
from edcamp.i18n.scripts import script_catalog

bp = Blueprint("i18n", __name__)

YEAR = 365 * 24 * 3600


@bp.get("/i18n/<lang>/catalog.js")
def catalog(lang: str):
    """Long-cached: pages ask for it with its content's hash in the address (``?v=``)."""
    language = offered_language(lang)
    if language is None or language != lang:
        abort(404)
    response = Response(script_catalog(language).body, mimetype="text/javascript")
    response.headers["Cache-Control"] = f"public, max-age={YEAR}, immutable"
    return response
