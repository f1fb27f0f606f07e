"""The learning record: the attendee's page and PDF, replacing its link, the verification
link (page and PDF) anyone holding it may open, and the organizers' confirmation."""

from __future__ import annotations

from contextlib import nullcontext

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from edcamp.errors import DomainError, Invalid
from edcamp.events.service import get_event
from edcamp.extensions import db
from edcamp.i18n import in_language, language_of
from edcamp.learning import confirmation, record
from edcamp.learning.forms import ActionForm, ConfirmRecordsForm
from edcamp.learning.pdf import html_to_pdf, qr_data_url
from edcamp.models import Attendee, Event
from edcamp.pages import attendee_page, organizer_event
from edcamp.publishing.qr import qr_png, qr_svg
from edcamp.urls import external_url

bp = Blueprint("learning_record", __name__)


@bp.app_template_global()
def learning_confirmation(event: Event):
    """For ``learning/_confirm_records.html`` on the organizer's contacts page."""
    return confirmation.confirmation_of(event)


@bp.app_template_global()
def learning_confirm_form() -> ConfirmRecordsForm:
    return ConfirmRecordsForm(formdata=None)


def verify_url(attendee: Attendee) -> str:
    token = record.record_token(attendee, current_app.secret_key)
    return external_url("learning_record.verify_record", slug=attendee.event.slug, token=token)


def _pdf_response(event: Event, attendee: Attendee, link: str, *, theirs: bool = False):
    """The record as a PDF file: in the page's language when the attendee asks for it, in
    the attendee's own (``theirs``) when someone holding the verification link does."""
    data = record.learning_record(attendee)
    with in_language(language_of(attendee)) if theirs else nullcontext():
        html = render_template(
            "learning/record_pdf.html",
            event=event,
            record=data,
            verify_url=link,
            qr=qr_data_url(qr_png(link, box_size=6)),
        )
    pdf = html_to_pdf(html)
    response = current_app.response_class(pdf, mimetype="application/pdf")
    response.headers["Content-Disposition"] = (
        f'attachment; filename="learning-record-{event.slug}.pdf"'
    )
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/events/<slug>/me/record")
def my_record(slug: str):
    event, attendee = attendee_page(slug)
    link = verify_url(attendee)
    return render_template(
        "learning/record.html",
        event=event,
        record=record.learning_record(attendee),
        verify_url=link,
        qr=qr_svg(link).decode(),
        verifying=False,
        rotate_form=ActionForm(formdata=None),
    )


@bp.get("/events/<slug>/me/record.pdf")
def my_record_pdf(slug: str):
    event, attendee = attendee_page(slug)
    return _pdf_response(event, attendee, verify_url(attendee))


@bp.post("/events/<slug>/me/record/rotate")
def rotate_record_link(slug: str):
    _event, attendee = attendee_page(slug)
    if not ActionForm().validate_on_submit():
        raise Invalid(_("The form expired. Reload the page and try again."))
    record.rotate_record_link(attendee)
    db.session.commit()
    flash(
        _("Your learning record has a new link. The old link and its QR code no longer work."),
        "success",
    )
    return redirect(url_for("learning_record.my_record", slug=slug))


@bp.get("/events/<slug>/records/<token>")
def verify_record(slug: str, token: str):
    event = get_event(slug)
    attendee = record.attendee_for_record(event, token, current_app.secret_key)
    return render_template(
        "learning/record.html",
        event=event,
        record=record.learning_record(attendee),
        verify_url=external_url("learning_record.verify_record", slug=slug, token=token),
        pdf_url=url_for("learning_record.verify_record_pdf", slug=slug, token=token),
        qr=None,
        verifying=True,
    )


@bp.get("/events/<slug>/records/<token>/record.pdf")
def verify_record_pdf(slug: str, token: str):
    event = get_event(slug)
    attendee = record.attendee_for_record(event, token, current_app.secret_key)
    return _pdf_response(event, attendee, verify_url(attendee), theirs=True)


@bp.post("/events/<slug>/records/confirmation")
@login_required
def confirm_records(slug: str):
    event = organizer_event(slug)
    form = ConfirmRecordsForm()
    if not form.validate_on_submit():
        raise Invalid(next(iter(form.errors.values()), [_("The form expired.")])[0], field="note")
    try:
        if request.form.get("action") == "withdraw":
            confirmation.withdraw_confirmation(event, by=current_user)
            message = _("Your confirmation is withdrawn: records no longer show it.")
        else:
            confirmation.confirm_records(event, by=current_user, note=form.note.data or "")
            message = _("Learning records confirmed: every record now shows your confirmation.")
    except DomainError:
        db.session.rollback()
        raise
    db.session.commit()
    flash(message, "success")
    return redirect(url_for("contacts_organizer.organizer_contacts", slug=slug) + "#records")
