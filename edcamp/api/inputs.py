"""Reading JSON bodies: every wrong type, missing field or oversized string is a clear 4xx."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask import request
from flask_babel import gettext as _
from flask_babel import ngettext

from edcamp.errors import DomainError, Invalid

_MISSING = object()
MISSING = _MISSING  # what ``moment`` returns for an absent field


class BadJson(DomainError):
    status = 400
    code = "bad_json"


def json_body() -> dict[str, Any]:
    try:
        data = request.get_json(silent=True)
    except RecursionError as error:  # [[[[...]]]] nested deeper than the parser goes
        raise BadJson(_("The JSON body is nested too deeply.")) from error
    if data is None:
        if not request.get_data(cache=True):
            return {}
        raise BadJson(_("The body must be JSON (Content-Type: application/json)."))
    if not isinstance(data, dict):
        raise BadJson(_("The body must be a JSON object."))
    _check_text(data)
    return data


def _check_text(data: Any) -> None:
    """Refuse text no database stores: lone surrogates ("\\ud800") and NUL characters."""
    pending = [data]
    while pending:
        item = pending.pop()
        if isinstance(item, dict):
            pending.extend(item.keys())
            pending.extend(item.values())
        elif isinstance(item, list):
            pending.extend(item)
        elif isinstance(item, str):
            if "\x00" in item:
                raise BadJson(_("Text in the body must not contain NUL characters."))
            try:
                item.encode("utf-8")
            except UnicodeEncodeError as error:
                raise BadJson(_("Text in the body must be valid Unicode.")) from error


def _absent(body: dict, name: str, required: bool) -> bool:
    """Whether the field is missing or null (an error when it is required)."""
    if body.get(name) is not None:
        return False
    if required:
        raise Invalid(_("'%(name)s' is required.", name=name), field=name)
    return True


def _default(default: Any) -> Any:
    return None if default is _MISSING else default


def string(
    body: dict, name: str, *, required: bool = False, max_length: int = 200, default: Any = _MISSING
) -> Any:
    if _absent(body, name, required):
        return _default(default)
    value = body[name]
    if not isinstance(value, str):
        raise Invalid(_("'%(name)s' must be a string.", name=name), field=name)
    value = value.strip()
    if required and not value:
        raise Invalid(_("'%(name)s' must not be empty.", name=name), field=name)
    if len(value) > max_length:
        raise Invalid(
            ngettext(
                "'%(name)s' must be at most %(num)d character.",
                "'%(name)s' must be at most %(num)d characters.",
                max_length,
                name=name,
            ),
            field=name,
        )
    return value


def integer(
    body: dict,
    name: str,
    *,
    required: bool = False,
    minimum: int | None = None,
    maximum: int | None = None,
    default: Any = _MISSING,
) -> Any:
    if _absent(body, name, required):
        return _default(default)
    value = body[name]
    if isinstance(value, bool) or not isinstance(value, int):
        raise Invalid(_("'%(name)s' must be a whole number.", name=name), field=name)
    if minimum is not None and value < minimum:
        raise Invalid(
            _("'%(name)s' must be at least %(minimum)d.", name=name, minimum=minimum), field=name
        )
    if maximum is not None and value > maximum:
        raise Invalid(
            _("'%(name)s' must be at most %(maximum)d.", name=name, maximum=maximum), field=name
        )
    return value


def boolean(body: dict, name: str, *, default: Any = _MISSING) -> Any:
    if _absent(body, name, False):
        return _default(default)
    value = body[name]
    if not isinstance(value, bool):
        raise Invalid(_("'%(name)s' must be true or false.", name=name), field=name)
    return value


def choice(body: dict, name: str, choices: tuple[str, ...], *, default: Any = _MISSING) -> Any:
    if _absent(body, name, False):
        return _default(default)
    value = body[name]
    if value not in choices:
        raise Invalid(
            _("'%(name)s' must be one of: %(choices)s.", name=name, choices=", ".join(choices)),
            field=name,
        )
    return value


def moment(body: dict, name: str) -> Any:
    """An ISO 8601 date and time ("2026-06-13T11:30", with or without an offset); None
    when sent as null; ``MISSING`` when absent."""
    value = body.get(name, _MISSING)
    if value is _MISSING or value is None:
        return value
    try:
        if not isinstance(value, str) or len(value) > 40 or "T" not in value:
            raise ValueError
        return datetime.fromisoformat(value)
    except ValueError as error:
        raise Invalid(
            _(
                "'%(name)s' must be a date and time like 2026-06-13T11:30 (optionally with an "
                "offset such as -04:00).",
                name=name,
            ),
            field=name,
        ) from error


def string_list(
    body: dict, name: str, *, max_items: int = 10, max_length: int = 40
) -> list[str] | None:
    value = body.get(name, _MISSING)
    if value is _MISSING or value is None:
        return None
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise Invalid(_("'%(name)s' must be a list of strings.", name=name), field=name)
    if len(value) > max_items:
        raise Invalid(
            ngettext(
                "'%(name)s' may hold at most %(num)d entry.",
                "'%(name)s' may hold at most %(num)d entries.",
                max_items,
                name=name,
            ),
            field=name,
        )
    if any(len(v.strip()) > max_length for v in value):
        raise Invalid(
            ngettext(
                "Each of '%(name)s' must be at most %(num)d character.",
                "Each of '%(name)s' must be at most %(num)d characters.",
                max_length,
                name=name,
            ),
            field=name,
        )
    return [v.strip() for v in value if v.strip()]


def unknown_fields(body: dict, allowed: set[str]) -> None:
    extra = sorted(set(body) - allowed)
    if extra:
        raise Invalid(_("Unknown field(s): %(fields)s.", fields=", ".join(extra)), field=extra[0])
