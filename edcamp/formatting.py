"""Dates, times, numbers and lists as people read them, in the page's language (Babel's CLDR
data), and always in the event's time zone: the same formatting on pages, in mails and files.

Every function takes the moment and, for datetimes, the zone to show it in (a ``ZoneInfo``
or its IANA name); a naive datetime is read as UTC, as the database stores them. Templates
use them as filters of the same names: ``{{ event.date | long_date }}``,
``{{ slot.starts_at | clock(event.timezone) }}``, ``{{ mail.sent_at | date_time("UTC") }}``.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

from babel import Locale
from babel.dates import format_date, format_time
from babel.lists import format_list
from babel.numbers import format_decimal
from flask import Flask
from flask_babel import get_locale

Zone = ZoneInfo | str | None


def formatting_locale() -> Locale:
    """The page's locale, English with the day-month order and 24-hour clock.

    Edcamp's English pages have always shown "Sunday 13 December 2026, 09:30": an Edcamp's
    English is international, and a US-only AM/PM clock would misread in most countries.
    Every other language follows its own CLDR conventions ("13 de diciembre de 2026, 9:30").
    """
    locale = get_locale() or Locale("en")
    if locale.language == "en" and not locale.territory:
        return Locale("en", "GB")
    return locale


def _in_zone(value: datetime, tz: Zone) -> datetime:
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    if tz is None:
        return value
    return value.astimezone(UTC).astimezone(ZoneInfo(tz) if isinstance(tz, str) else tz)


def _day(value: date | datetime, tz: Zone) -> date:
    return _in_zone(value, tz).date() if isinstance(value, datetime) else value


def long_date(value: date | datetime | None, tz: Zone = None) -> str:
    """Weekday and date: "Sunday, 13 December 2026", "domingo, 13 de diciembre de 2026"."""
    return format_date(_day(value, tz), "full", locale=formatting_locale()) if value else ""


def day_date(value: date | datetime | None, tz: Zone = None) -> str:
    """The date without weekday: "13 December 2026", "13. Dezember 2026"."""
    return format_date(_day(value, tz), "long", locale=formatting_locale()) if value else ""


def short_date(value: date | datetime | None, tz: Zone = None) -> str:
    """A compact date for lists and tables: "13 Dec 2026", "13.12.2026"."""
    return format_date(_day(value, tz), "medium", locale=formatting_locale()) if value else ""


def clock(value: time | datetime | None, tz: Zone = None) -> str:
    """The wall-clock time: "09:30" (English, German, French), "9:30" (Spanish)."""
    if value is None:
        return ""
    moment = _in_zone(value, tz).time() if isinstance(value, datetime) else value
    return format_time(moment, "short", locale=formatting_locale())


def date_time(value: datetime | None, tz: Zone = None) -> str:
    """Date and time: "13 December 2026, 09:30", "13 de diciembre de 2026, 9:30"."""
    if value is None:
        return ""
    locale = formatting_locale()
    local = _in_zone(value, tz)
    pattern = str(locale.datetime_formats["medium"]).replace("'", "")
    return pattern.format(
        format_time(local.time(), "short", locale=locale),
        format_date(local.date(), "long", locale=locale),
    )


def number(value: float | int | None) -> str:
    """1,234 / 1.234 / 1 234 as the language writes numbers."""
    return "" if value is None else format_decimal(value, locale=formatting_locale())


def human_list(items: Iterable[object], style: str = "standard") -> str:
    """ "Ana, Ben and Chloé", "Ana, Ben y Chloé"; ``style="or"`` for alternatives."""
    return format_list([str(item) for item in items], style=style, locale=formatting_locale())


FILTERS = (long_date, day_date, short_date, clock, date_time, number, human_list)


def init_formatting(app: Flask) -> None:
    for function in FILTERS:
        app.add_template_filter(function)
