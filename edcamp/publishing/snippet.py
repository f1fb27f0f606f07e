"""The HTML organizers paste into their website to show the embeddable schedule.

It goes on the Edcamp's own website, so its words (the frame's title) are in the event's
language, like the embedded page, not in the language of the organizer copying it."""

from __future__ import annotations

from html import escape

from flask import url_for
from flask_babel import gettext as _

from edcamp.i18n import in_language
from edcamp.publishing import service
from edcamp.urls import base_url

EMBED_HEIGHT = 640  # CSS pixels: a slot or two at a glance, the rest scrolls inside


def embed_snippet(slug: str, event_name: str, *, theme: str = "light") -> str:
    """An <iframe> of /events/<slug>/embed, with a title for screen readers."""
    query = "" if theme == "light" else f"?theme={theme}"
    src = base_url() + url_for("embed.schedule", slug=slug) + query
    with in_language(service.published(slug).language):
        title = escape(_("Schedule of %(event)s", event=event_name))
    return (
        f'<iframe src="{escape(src)}" title="{title}" loading="lazy" '
        f'style="width:100%;height:{EMBED_HEIGHT}px;border:0"></iframe>'
    )
