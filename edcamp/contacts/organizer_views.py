"""Organizer pages: contact lists and exports, who counts as a session's people, the report,
and the purge of an event's personal data."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required

from edcamp.api.auth import api_organizer
from edcamp.contacts import access, people, privacy, report
from edcamp.contacts.downloads import private_attachment, proposal_arg, send_export
from edcamp.contacts.exports import EXPORTS
from edcamp.contacts.followup import person_card
from edcamp.contacts.forms import PeopleSettingsForm, PurgeForm
from edcamp.errors import DomainError
from edcamp.extensions import db
from edcamp.feedback.report_charts import full_report
from edcamp.models import Event
from edcamp.pages import organizer_event, organizer_file

bp = Blueprint("contacts_organizer", __name__)


def _lists(event: Event) -> tuple[list, list]:
    """(everyone who consented, [(session, its consenting people)])."""
    part = people.load_participation(event)
    cards = {a.id: person_card(a) for a in people.live_attendees(event) if people.consenting(a)}
    per_session = []
    for session in people.event_sessions(event):
        ids = part.people_of(session.id)
        members = sorted(
            (cards[i] for i in ids if i in cards), key=lambda c: (c.name.casefold(), c.id)
        )
        per_session.append((session, members, len(ids)))
    everyone = sorted(cards.values(), key=lambda c: (c.name.casefold(), c.id))
    return everyone, per_session


@bp.get("/events/<slug>/contacts")
@login_required
def organizer_contacts(slug: str):
    event = organizer_event(slug)
    everyone, per_session = _lists(event)
    total = len(people.live_attendees(event))
    return render_template(
        "contacts/organizer.html",
        event=event,
        everyone=everyone,
        per_session=per_session,
        total=total,
        exports=EXPORTS,
        settings_form=PeopleSettingsForm(obj=event),
        purge_form=PurgeForm(formdata=None),
    )


@bp.post("/events/<slug>/contacts/settings")
@login_required
def people_settings(slug: str):
    event = organizer_event(slug)
    form = PeopleSettingsForm()
    if form.validate_on_submit():
        people.set_people_sources(
            event,
            checkins=form.people_from_checkins.data,
            stars=form.people_from_stars.data,
            votes=form.people_from_votes.data,
        )
        db.session.commit()
        flash(_("Saved: who counts as a session's people."), "success")
    else:
        flash(_("The form expired. Please try again."), "error")
    return redirect(
        url_for("contacts_organizer.organizer_contacts", slug=slug) + "#people-settings"
    )


@bp.get("/events/<slug>/export/<name>")
@organizer_file
def export(event: Event, name: str):
    """The contract's exports; an organizer's browser session or bearer token."""
    organizer = api_organizer()  # signed in or by token: organizer_file let it through
    return send_export(access.organizer_download(event, name, proposal_arg(), by=organizer))


@bp.get("/events/<slug>/report", endpoint="report")
@login_required
def report_page(slug: str):
    event = organizer_event(slug)
    found_report, found, charts = full_report(event)
    return render_template(
        "contacts/report.html", event=event, report=found_report, insights=found, charts=charts
    )


@bp.get("/events/<slug>/report.csv")
@login_required
def report_csv(slug: str):
    event = organizer_event(slug)
    body = report.report_csv(report.event_report(event))
    return private_attachment(
        body, content_type="text/csv; charset=utf-8", filename=f"{event.slug}-report.csv"
    )


@bp.route("/events/<slug>/purge", methods=["GET", "POST"])
@login_required
def purge(slug: str):
    event = organizer_event(slug)
    form = PurgeForm()
    if form.validate_on_submit():
        try:
            erased = privacy.purge_event(event, by=current_user, confirm=form.confirm.data)
        except DomainError as error:
            db.session.rollback()
            form.confirm.errors = [*form.confirm.errors, error.message]
        else:
            db.session.commit()
            flash(
                ngettext(
                    "Personal data of %(num)d attendee erased. Vote counts remain.",
                    "Personal data of %(num)d attendees erased. Vote counts remain.",
                    erased,
                ),
                "success",
            )
            return redirect(url_for("contacts_organizer.organizer_contacts", slug=slug))
    status = 422 if form.errors else 200
    return render_template(
        "contacts/purge.html", event=event, form=form, total=len(people.live_attendees(event))
    ), status
