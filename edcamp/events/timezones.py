"""Time zones people can find by what they know (a city, a country, an offset), and reading
what someone typed ("berlin", "europe/berlin", "Europe/Berlin") as one IANA zone.

The list comes from the ``tzdata`` package's ``zone.tab`` (one line per country and zone)
and ``iso3166.tab`` (country names), so it needs no network and follows tzdata updates.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import cache, lru_cache
from importlib import resources
from zoneinfo import ZoneInfo, available_timezones

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from edcamp.errors import Invalid
from edcamp.formatting import formatting_locale

HINT = _l("Type a city or a country (Chicago, Germany) and choose from the list.")


@dataclass(frozen=True)
class ZoneChoice:
    name: str  # Europe/Berlin
    city: str  # Berlin
    country: str  # Germany (tzdata's English name: what resolve_zone matches)
    offset: str  # UTC+01:00 (on the day asked for)
    code: str = ""  # DE

    @property
    def country_name(self) -> str:
        """The country as the page's language names it (Babel), tzdata's name in English."""
        locale = formatting_locale()
        if locale.language == "en" or not self.code:
            return self.country
        return locale.territories.get(self.code, self.country)

    @property
    def label(self) -> str:
        if not self.country:
            return _("%(city)s · %(offset)s", city=self.city, offset=self.offset)
        return _(
            "%(city)s, %(country)s · %(offset)s",
            city=self.city,
            country=self.country_name,
            offset=self.offset,
        )


def _table(name: str) -> list[list[str]]:
    text = resources.files("tzdata.zoneinfo").joinpath(name).read_text(encoding="utf-8")
    return [line.split("\t") for line in text.splitlines() if line and not line.startswith("#")]


@cache
def _zones() -> tuple[tuple[str, str, str], ...]:
    """(zone, country name, country code) for every zone people live in, plus UTC."""
    countries = {row[0]: row[1] for row in _table("iso3166.tab")}
    rows = {(row[2], countries.get(row[0], row[0]), row[0]) for row in _table("zone.tab")}
    return tuple(sorted(rows | {("UTC", "", "")}))


def _offset(zone: ZoneInfo, on: date) -> str:
    moment = datetime(on.year, on.month, on.day, 12, tzinfo=UTC).astimezone(zone)
    delta = moment.utcoffset()
    minutes = int(delta.total_seconds() // 60) if delta is not None else 0
    sign = "+" if minutes >= 0 else "-"
    return f"UTC{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def zone_choices(on: date | None = None) -> tuple[ZoneChoice, ...]:
    """Every zone with its city, country and offset on ``on`` (default: today), by name."""
    return _choices_on(on or datetime.now(UTC).date())


@lru_cache(maxsize=8)
def _choices_on(day: date) -> tuple[ZoneChoice, ...]:
    return tuple(
        ZoneChoice(
            name=name,
            city=name.rsplit("/", 1)[-1].replace("_", " "),
            country=country,
            offset=_offset(ZoneInfo(name), day),
            code=code,
        )
        for name, country, code in _zones()
    )


def _key(text: str) -> str:
    return " ".join(text.replace("_", " ").replace("/", " / ").lower().split())


def resolve_zone(text: str | None) -> str:
    """The IANA zone ``text`` names: exactly, in any case, or by a city only one zone has.

    Otherwise an ``Invalid`` that says what it could be, or what to type.
    """
    typed = " ".join((text or "").split())
    if not typed:
        raise Invalid(_("Choose the event's time zone. %(hint)s", hint=HINT), field="timezone")
    if len(typed) > 64:
        raise Invalid(
            _("A time zone name is at most 64 characters. %(hint)s", hint=HINT), field="timezone"
        )
    known = available_timezones()
    if typed in known:
        return typed
    key = _key(typed)
    by_key = {_key(name): name for name in known}
    if key in by_key:
        return by_key[key]
    choices = zone_choices()
    cities = [c.name for c in choices if _key(c.city) == key]
    if len(cities) == 1:
        return cities[0]
    candidates = cities or [
        c.name
        for c in choices
        if key in _key(f"{c.name} {c.country} {c.country_name}") or key in _key(c.label)
    ]
    if candidates:
        shown = ", ".join(candidates[:4]) + (" …" if len(candidates) > 4 else "")
        raise Invalid(
            _(
                "“%(typed)s” could be one of several time zones (%(shown)s): "
                "choose one from the list.",
                typed=typed,
                shown=shown,
            ),
            field="timezone",
        )
    raise Invalid(
        _("“%(typed)s” is not a time zone we know. %(hint)s", typed=typed, hint=HINT),
        field="timezone",
    )
