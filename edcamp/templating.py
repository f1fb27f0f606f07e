"""Template globals and filters shared by every page."""

from __future__ import annotations

from datetime import time

from flask import Flask, current_app

from edcamp.events.timezones import zone_choices
from edcamp.formatting import init_formatting


def init_templating(app: Flask) -> None:
    app.jinja_env.add_extension("jinja2.ext.do")

    @app.template_global()
    def has_endpoint(name: str) -> bool:
        """Lets shared templates link to a page only once its blueprint exists."""
        return name in current_app.view_functions

    app.jinja_env.globals["time_zone_choices"] = zone_choices

    @app.template_filter("hhmm")
    def hhmm(value: time | None) -> str:
        """The time as form fields take it back (24-hour, any language): 09:30."""
        return value.strftime("%H:%M") if value else ""

    init_formatting(app)  # clock, long_date, date_time...: for people, in their language
