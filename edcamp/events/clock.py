"""Times of day as people type them: 9:30, 09:30, 9.30, 9h30, 9:30am, 2:15 pm, 9am, 14:15."""

from __future__ import annotations

import re
from datetime import time

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

EXAMPLE = _l("Use a time like 9:30, 14:15 or 2:15pm.")
_CLOCK = re.compile(
    r"(?P<hour>\d{1,2})(?:\s*[:.h]\s*(?P<minute>\d{2}))?\s*(?:(?P<half>[ap])\.?\s*(?:m\.?)?)?",
    re.IGNORECASE,
)


def read_clock(text: str) -> time:
    """The time of day ``text`` names; ValueError with a message people can act on."""
    match = _CLOCK.fullmatch(text.strip()) if isinstance(text, str) else None
    if match is None:
        raise ValueError(str(EXAMPLE))
    hour, minute = int(match["hour"]), int(match["minute"] or 0)
    half = (match["half"] or "").lower()
    if not match["minute"] and not half:
        raise ValueError(str(EXAMPLE))  # a bare "9" could be a typo for 9:00 or 19:00
    if half:
        if not 1 <= hour <= 12:
            raise ValueError(
                _("%(text)s is not a time: with am/pm the hour is 1 to 12.", text=text.strip())
            )
        hour = hour % 12 + (12 if half == "p" else 0)
    if hour > 23 or minute > 59:
        raise ValueError(
            _("%(text)s is not a time of day. %(example)s", text=text.strip(), example=EXAMPLE)
        )
    return time(hour, minute)
