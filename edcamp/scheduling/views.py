"""The organizer's grid editor page; every change goes through the JSON API."""

from __future__ import annotations

from flask import Blueprint, render_template, url_for
from flask_login import login_required

from edcamp.extensions import db
from edcamp.pages import organizer_event
from edcamp.scheduling import service
from edcamp.scheduling.serializers import grid_json

bp = Blueprint("scheduling", __name__)


@bp.get("/events/<slug>/schedule/edit")
@login_required
def editor(slug: str):
    event = organizer_event(slug)
    grid = grid_json(service.draft_state(event), draft=True)
    db.session.commit()  # the draft row may have been created
    return render_template(
        "scheduling/editor.html",
        event=event,
        grid=grid,
        api_base=url_for("scheduling_api.build", slug=event.slug).rsplit("/schedule/", 1)[0],
    )
