"""What a phone keeps for when the school Wi-Fi drops: the service worker, an event's web app
manifest (the app can be installed from the hub), and the page shown for a page the phone
never saved.

The worker itself is ``static/js/sw.js``, served from the site's root so that its scope covers
the event pages; ``static/js/offline.js`` registers it on attendee pages and shows the
"Offline — showing the schedule of 10:42" note on a saved copy.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from datetime import UTC, datetime

from flask import Blueprint, current_app, jsonify, render_template, url_for
from flask_babel import gettext as _

from edcamp.attendees.session import session_attendee_id
from edcamp.events.service import zone
from edcamp.formatting import clock
from edcamp.i18n import in_language
from edcamp.models import Event
from edcamp.publishing import service

bp = Blueprint("offline", __name__)

THEME = "#1d4ed8"


@bp.get("/sw.js")
def service_worker():
    response = current_app.send_static_file("js/sw.js")
    # Always asked again, so a new worker reaches phones at their next visit.
    response.headers["Cache-Control"] = "no-cache"
    response.headers["Service-Worker-Allowed"] = "/"
    return response


@bp.get("/offline")
def offline_page():
    """Shown by the worker, with no network, for a page this phone has not saved."""
    return render_template("offline.html")


@bp.get("/events/<slug>/manifest.webmanifest")
def manifest(slug: str):
    event = service.get_event(slug)
    icons = [
        {
            "src": url_for("static", filename=f"icons/icon-{size}.png"),
            "sizes": f"{size}x{size}",
            "type": "image/png",
            "purpose": "any maskable",
        }
        for size in (192, 512)
    ]
    home = url_for("attendees.home", slug=event.slug)
    with in_language(event.language):  # the manifest says "lang": the event's
        description = _("Proposals, votes and the schedule of %(event)s.", event=event.name)
    response = jsonify(
        {
            "id": home,
            "name": event.name,
            "short_name": event.name if len(event.name) <= 12 else "edcamp",
            "description": description,
            "start_url": home,
            "scope": "/",
            "display": "standalone",
            "background_color": "#ffffff",
            "theme_color": THEME,
            "lang": event.language or "en",
            "icons": icons,
        }
    )
    response.mimetype = "application/manifest+json"
    return response


@dataclass(frozen=True)
class Copy:
    """What a page's offline note says about the copy a phone may save of it."""

    made_at: str  # ISO time, UTC
    clock: str  # the same on the event's clock: "10:42"
    version: int  # the published schedule version it shows (0: none yet)
    key: str  # its content and viewer: a new version, any edit since (a name withdrawn), or
    # another person on this phone gives a new key


@bp.app_template_global()
def offline_copy(event: Event) -> Copy:
    """The note's facts for a page of `event` made now. sw.js saves pages per `key`, so when
    it changes every saved page of the event is fetched again (new times, names withdrawn)."""
    now = datetime.now(UTC)
    pub = service.published(event.slug)
    # Whose copy it is belongs in the key too: pages show the viewer's name, stars and calendar
    # link, so when the phone's person changes (erased, or someone else joins on it) every
    # saved page is fetched again for the new viewer and the old person's copies go.
    viewer = session_attendee_id(event.id) or 0
    secret = current_app.config["SECRET_KEY"].encode()
    key = hmac.new(secret, f"{pub.key}|{viewer}".encode(), hashlib.sha256).hexdigest()[:16]
    return Copy(
        made_at=now.isoformat(timespec="seconds"),
        clock=clock(now, zone(event)),
        version=pub.version or 0,
        key=key,
    )
