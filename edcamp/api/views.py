"""The API's own page: its OpenAPI document (``edcamp.api.openapi`` builds it)."""

from __future__ import annotations

from flask import jsonify

from edcamp.api import api_blueprint
from edcamp.api.openapi import build_document, document

bp = api_blueprint("openapi", __name__)


@bp.get("/openapi.json")
@document("This OpenAPI document", returns={"openapi": "string", "paths": "object"})
def openapi_json():
    return jsonify(build_document())
