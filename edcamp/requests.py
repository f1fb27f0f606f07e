"""The request every view reads: text input without control characters or bidi overrides.

Stripped once, here, for every form field and every string in a JSON body, so no title or
name can carry an escape sequence or a right-to-left override into a page, a calendar file
or an export. Tabs and line breaks stay (descriptions have paragraphs); NUL is left for the
JSON reader, which refuses it with a clear 400.
"""

from __future__ import annotations

import re
from typing import Any

from flask import Request
from werkzeug.datastructures import ImmutableMultiDict

UNSAFE = re.compile(
    "[\x01-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]"
)


def strip_unsafe(text: str) -> str:
    return UNSAFE.sub("", text)


def _clean(value: Any) -> Any:
    if isinstance(value, str):
        return strip_unsafe(value)
    if isinstance(value, list):
        return [_clean(item) for item in value]
    if isinstance(value, dict):
        return {_clean(key): _clean(item) for key, item in value.items()}
    return value


class CleanRequest(Request):
    def _load_form_data(self) -> None:
        super()._load_form_data()
        form = self.__dict__.get("form")
        if form:
            self.__dict__["form"] = ImmutableMultiDict(
                [(key, strip_unsafe(value)) for key, value in form.items(multi=True)]
            )

    def get_json(self, force: bool = False, silent: bool = False, cache: bool = True) -> Any:
        return _clean(super().get_json(force=force, silent=silent, cache=cache))
