"""The OpenAPI 3 document, built from the URL map and each API view's ``@document``.

A route under /api/v1 without ``@document`` makes ``undocumented_routes()`` non-empty, which
a test turns into a failure: the document cannot drift from the API.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from flask import current_app

from edcamp.api import API_PREFIX

ERROR_SCHEMA = {
    "type": "object",
    "required": ["error"],
    "properties": {
        "error": {
            "type": "object",
            "required": ["code", "message"],
            "properties": {
                "code": {"type": "string"},
                "message": {"type": "string"},
                "field": {"type": "string"},
            },
        }
    },
}

_TYPES = {
    "string": {"type": "string"},
    "integer": {"type": "integer"},
    "boolean": {"type": "boolean"},
    "number": {"type": "number"},
    "object": {"type": "object"},
    "array": {"type": "array", "items": {"type": "string"}},
    "integer[]": {"type": "array", "items": {"type": "integer"}},
    "string[]": {"type": "array", "items": {"type": "string"}},
    "object[]": {"type": "array", "items": {"type": "object"}},
    "datetime": {"type": "string", "format": "date-time"},
    "time": {"type": "string", "pattern": "^[0-2][0-9]:[0-5][0-9]$"},
    "date": {"type": "string", "format": "date"},
}


def schema(fields: dict[str, str] | None) -> dict[str, Any]:
    """Compact notation: {"name": "string", "capacity?": "integer"}; '?' marks optional."""
    fields = fields or {}
    properties = {name.rstrip("?"): dict(_TYPES[kind]) for name, kind in fields.items()}
    required = [name for name in fields if not name.endswith("?")]
    out: dict[str, Any] = {"type": "object", "properties": properties}
    if required:
        out["required"] = required
    return out


def document(
    summary: str,
    *,
    auth: str = "anyone",
    body: dict[str, str] | None = None,
    returns: dict[str, str] | None = None,
    status: int = 200,
    content_type: str = "application/json",
    errors: tuple[int, ...] = (),
) -> Callable:
    """Describe an API view. ``auth``: anyone, organizer, attendee or join_code."""

    def decorate(view: Callable) -> Callable:
        view._openapi = {
            "summary": summary,
            "auth": auth,
            "body": body,
            "returns": returns,
            "status": status,
            "content_type": content_type,
            "errors": errors,
        }
        return view

    return decorate


def _path(rule: str) -> str:
    return re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", r"{\1}", rule)


def api_rules():
    for rule in current_app.url_map.iter_rules():
        if rule.rule.startswith(API_PREFIX + "/"):
            yield rule


def undocumented_routes() -> list[str]:
    return sorted(
        rule.rule
        for rule in api_rules()
        if not hasattr(current_app.view_functions[rule.endpoint], "_openapi")
    )


def build_document() -> dict[str, Any]:
    paths: dict[str, dict] = {}
    for rule in api_rules():
        meta = getattr(current_app.view_functions[rule.endpoint], "_openapi", None)
        if meta is None:
            continue
        path = paths.setdefault(_path(rule.rule), {})
        for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
            path[method.lower()] = _operation(rule, meta)
    return {
        "openapi": "3.0.3",
        "info": {
            "title": "edcamp API",
            "version": "1",
            "description": "Proposals, voting, schedule and follow-up of an Edcamp.",
        },
        "servers": [{"url": "/"}],
        "components": {
            "securitySchemes": {
                "organizer": {"type": "http", "scheme": "bearer"},
                "attendee": {"type": "http", "scheme": "bearer"},
            },
            "schemas": {"Error": ERROR_SCHEMA},
        },
        "paths": paths,
    }


def _operation(rule, meta: dict) -> dict[str, Any]:
    error_ref = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
    content = (
        {meta["content_type"]: {"schema": schema(meta["returns"])}}
        if meta["content_type"] == "application/json"
        else {meta["content_type"]: {"schema": {"type": "string"}}}
    )
    op: dict[str, Any] = {
        "summary": meta["summary"],
        "operationId": rule.endpoint.replace(".", "_") + "_" + "_".join(sorted(rule.methods)),
        "parameters": [
            {
                "name": arg,
                "in": "path",
                "required": True,
                "schema": {"type": "integer" if "int:" + arg in rule.rule else "string"},
            }
            for arg in sorted(rule.arguments)
        ],
        "responses": {str(meta["status"]): {"description": "Success", "content": content}},
    }
    for status in sorted(
        {400, 404, *meta["errors"]}
        | ({401, 403} if meta["auth"] in ("organizer", "attendee") else set())
    ):
        op["responses"][str(status)] = {"description": "Error", "content": error_ref}
    if meta["auth"] in ("organizer", "attendee"):
        op["security"] = [{meta["auth"]: []}]
    if meta["body"] is not None:
        op["requestBody"] = {
            "required": True,
            "content": {"application/json": {"schema": schema(meta["body"])}},
        }
    return op
