"""The package keeps the shape docs/architecture.md describes: small modules and functions,
one blueprint per HTTP module, and every HTTP module known to the import contracts."""

from __future__ import annotations

import ast
import fnmatch
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "edcamp"
MAX_MODULE_LINES = 350
MAX_FUNCTION_LINES = 60
# (module, function): the words with which the function itself says why it is longer.
LONG_ON_PURPOSE = {("edcamp/scheduling/anneal.py", "SlotSearch.anneal"): "inner loop"}
# Blueprint modules outside a domain folder or named for what they serve.
HTTP_NAMES_ON_PURPOSE = {
    "edcamp.site",  # the front page
    "edcamp.operations.health",  # probes for load balancers, not pages
    "edcamp.operations.metrics",  # Prometheus, not pages
}


def modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def dotted(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def functions(tree: ast.AST, prefix: str = ""):
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            yield prefix + node.name, node
            yield from functions(node, prefix + node.name + ".")
        elif isinstance(node, ast.ClassDef):
            yield from functions(node, prefix + node.name + ".")


def blueprints_made(tree: ast.AST) -> int:
    calls = [node for node in ast.walk(tree) if isinstance(node, ast.Call)]
    return sum(
        1
        for call in calls
        if getattr(call.func, "id", getattr(call.func, "attr", None))
        in ("Blueprint", "api_blueprint")
    )


def http_modules() -> dict[str, int]:
    """Module name -> how many blueprints it makes (edcamp.api's factory itself aside)."""
    found = {}
    for path in modules():
        if dotted(path) == "edcamp.api":
            continue
        count = blueprints_made(ast.parse(path.read_text()))
        if count:
            found[dotted(path)] = count
    return found


def contract(name_start: str) -> dict:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    (found,) = [
        c for c in config["tool"]["importlinter"]["contracts"] if c["name"].startswith(name_start)
    ]
    return found


def matches(module: str, patterns: list[str]) -> bool:
    # import-linter's "*" stands for one whole name; fnmatch's "*" would also cross dots.
    return any(
        fnmatch.fnmatchcase(module, pattern) and module.count(".") == pattern.count(".")
        for pattern in patterns
    )


@pytest.mark.parametrize("path", modules(), ids=lambda p: str(p.relative_to(ROOT)))
def test_no_module_is_over_350_lines(path):
    lines = len(path.read_text().splitlines())

    assert lines <= MAX_MODULE_LINES, f"{path.relative_to(ROOT)}: {lines} lines; split it"


def test_no_function_is_over_60_lines():
    too_long = []
    for path in modules():
        rel = str(path.relative_to(ROOT))
        for name, node in functions(ast.parse(path.read_text())):
            length = node.end_lineno - node.lineno + 1
            why = LONG_ON_PURPOSE.get((rel, name))
            if length <= MAX_FUNCTION_LINES or (why and why in (ast.get_docstring(node) or "")):
                continue
            too_long.append(f"{rel}: {name} has {length} lines")

    assert too_long == [], "split these functions"


def test_every_http_module_owns_exactly_one_blueprint():
    found = http_modules()

    assert {name: n for name, n in found.items() if n != 1} == {}


def test_http_modules_are_named_views_or_api():
    misnamed = [
        name
        for name in http_modules()
        if name not in HTTP_NAMES_ON_PURPOSE
        and not (name.endswith((".views", ".api", "_views")) and name.count(".") == 2)
    ]

    assert misnamed == []


def test_the_import_contracts_know_every_http_module():
    only_blueprints = contract("Only edcamp.blueprints")["forbidden_modules"]
    out_of_request = contract("Domain modules stay out")["allowed_importers"]

    unknown = [
        name
        for name in http_modules()
        if not (matches(name, only_blueprints) and matches(name, out_of_request))
    ]

    assert unknown == [], "add these to both HTTP lists in pyproject.toml"
