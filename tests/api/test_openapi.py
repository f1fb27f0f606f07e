"""The OpenAPI document describes every API route, and is a valid OpenAPI 3 document."""

from __future__ import annotations

from openapi_spec_validator import validate

from edcamp.api.openapi import undocumented_routes


def test_every_api_route_is_documented(app):
    assert undocumented_routes() == []


def test_document_is_valid_openapi_3(client):
    document = client.get("/api/v1/openapi.json").get_json()
    validate(document)


def test_document_lists_every_route_and_method_of_the_url_map(app, client):
    document = client.get("/api/v1/openapi.json").get_json()
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/api/v1/"):
            continue
        path = rule.rule
        for arg in rule.arguments:
            path = path.replace(f"<int:{arg}>", f"{{{arg}}}").replace(f"<{arg}>", f"{{{arg}}}")
        assert path in document["paths"], path
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            assert method.lower() in document["paths"][path], (path, method)


def test_contract_routes_are_present(client):
    paths = client.get("/api/v1/openapi.json").get_json()["paths"]
    for path, method in [
        ("/api/v1/token", "post"),
        ("/api/v1/events", "post"),
        ("/api/v1/events/{slug}", "get"),
        ("/api/v1/events/{slug}", "patch"),
        ("/api/v1/events/{slug}/rooms", "post"),
        ("/api/v1/events/{slug}/slots", "post"),
        ("/api/v1/events/{slug}/join", "post"),
    ]:
        assert method in paths[path], (path, method)
    assert paths["/api/v1/events"]["post"]["security"] == [{"organizer": []}]
