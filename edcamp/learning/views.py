"""Reflection pages: my sessions to reflect on, one session's reflection with its evidence
and outcome, and the mailed "Did you try it?" page."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from edcamp.errors import DomainError, Invalid
from edcamp.events.service import get_event
from edcamp.extensions import db
from edcamp.learning import reflections, sessions, try_it
from edcamp.learning.forms import ActionForm, EvidenceForm, OutcomeForm, ReflectionForm
from edcamp.learning.reflections import ReflectionText
from edcamp.pages import attendee_page, show_form_error

bp = Blueprint("learning", __name__)


@bp.app_template_global()
def reflection_state(attendee, session_id: int) -> str | None:
    """For ``learning/_reflect_link.html``: None (not theirs to reflect on), "new" or
    "written"."""
    if attendee is None:
        return None
    try:
        sessions.session_line(attendee, session_id)
    except DomainError:
        return None
    item = _current(attendee, session_id)
    return "written" if item is not None and item.reflection is not None else "new"


@bp.get("/events/<slug>/me/reflections")
def my_reflections(slug: str):
    event, attendee = attendee_page(slug)
    return render_template(
        "learning/reflections.html",
        event=event,
        items=reflections.my_reflections(attendee),
    )


def _current(attendee, session_id: int):
    for item in reflections.my_reflections(attendee):
        if item.line.session_id == session_id:
            return item
    return None


def _session_page(
    event, attendee, session_id: int, *, form=None, evidence=None, outcome=None, failed=False
):
    """One session's reflection page; forms passed in keep what was typed and its errors."""
    line = sessions.session_line(attendee, session_id)  # 404 / 403 before anything else
    item = _current(attendee, session_id)
    written = item.reflection if item else None
    if form is None:
        form = ReflectionForm(formdata=None)
        if written is not None:
            form.learned.data, form.will_try.data = written.learned, written.will_try
            form.on_record.data = written.on_record
    if outcome is None:
        outcome = OutcomeForm(formdata=None, outcome=written.outcome if written else "")
    failed = failed or any(f.errors for f in (form, evidence or form, outcome))
    status = 422 if failed else 200
    return render_template(
        "learning/reflection.html",
        event=event,
        line=line,
        reflection=written,
        form=form,
        evidence_form=evidence or EvidenceForm(formdata=None),
        outcome_form=outcome,
        action_form=ActionForm(formdata=None),
    ), status


@bp.route("/events/<slug>/me/reflections/<int:session_id>", methods=["GET", "POST"])
def reflection(slug: str, session_id: int):
    event, attendee = attendee_page(slug)
    if request.method == "GET":
        return _session_page(event, attendee, session_id)
    form = ReflectionForm()
    if form.validate_on_submit():
        text = ReflectionText(form.learned.data, form.will_try.data, form.on_record.data)
        try:
            reflections.save_reflection(attendee, session_id, text)
        except DomainError as error:
            db.session.rollback()
            if error.status in (403, 404):
                raise
            show_form_error(form, error)
        else:
            db.session.commit()
            flash(_("Your reflection is saved."), "success")
            return redirect(url_for("learning.reflection", slug=slug, session_id=session_id))
    return _session_page(event, attendee, session_id, form=form)


@bp.post("/events/<slug>/me/reflections/<int:session_id>/evidence")
def add_evidence(slug: str, session_id: int):
    event, attendee = attendee_page(slug)
    form = EvidenceForm()
    if form.validate_on_submit():
        try:
            reflections.add_evidence(attendee, session_id, form.url.data, form.label.data)
        except DomainError as error:
            db.session.rollback()
            if error.status in (403, 404):
                raise
            show_form_error(form, error)
        else:
            db.session.commit()
            flash(_("Evidence link added."), "success")
            return redirect(
                url_for("learning.reflection", slug=slug, session_id=session_id, _anchor="evidence")
            )
    return _session_page(event, attendee, session_id, evidence=form)


@bp.post("/events/<slug>/me/evidence/<int:evidence_id>/remove")
def remove_evidence(slug: str, evidence_id: int):
    _event, attendee = attendee_page(slug)
    ActionForm().validate_on_submit() or _expired()
    session_id = reflections.remove_evidence(attendee, evidence_id)
    db.session.commit()
    flash(_("Evidence link removed."), "success")
    return redirect(url_for("learning.reflection", slug=slug, session_id=session_id))


@bp.post("/events/<slug>/me/reflections/<int:session_id>/delete")
def delete_reflection(slug: str, session_id: int):
    _event, attendee = attendee_page(slug)
    ActionForm().validate_on_submit() or _expired()
    reflections.delete_reflection(attendee, session_id)
    db.session.commit()
    flash(_("Your reflection on this session is deleted."), "success")
    return redirect(url_for("learning.my_reflections", slug=slug))


@bp.post("/events/<slug>/me/reflections/<int:session_id>/outcome")
def outcome(slug: str, session_id: int):
    event, attendee = attendee_page(slug)
    form = OutcomeForm()
    if form.validate_on_submit():
        try:
            saved = reflections.set_outcome(attendee, session_id, form.outcome.data)
        except DomainError as error:
            db.session.rollback()
            if error.status in (403, 404):
                raise
            show_form_error(form, error)
            return _session_page(event, attendee, session_id, outcome=form, failed=True)
        db.session.commit()
        flash(
            _("How it went is saved; it is on your learning record with this reflection.")
            if saved.on_record
            else _("How it went is saved with this private reflection (not on your record)."),
            "success",
        )
        return redirect(url_for("learning.reflection", slug=slug, session_id=session_id))
    return _session_page(event, attendee, session_id, outcome=form)


def _expired():
    raise Invalid(_("The form expired. Go back, reload the page and try again."))


@bp.route("/events/<slug>/try-it/<token>", methods=["GET", "POST"])
def try_it_page(slug: str, token: str):
    """The mailed "Did you try it?" link: add how each thing you tried went."""
    event = get_event(slug)
    attendee = try_it.attendee_for_try_it(event, token)
    items = [
        i for i in reflections.my_reflections(attendee) if i.reflection and i.reflection.will_try
    ]
    form, errors = ActionForm(), {}
    if request.method == "POST" and form.validate_on_submit():
        for item in items:
            sent = request.form.get(f"outcome-{item.line.session_id}")
            if sent is None:
                continue
            try:
                reflections.set_outcome(attendee, item.line.session_id, sent)
            except DomainError as error:
                errors[item.line.session_id] = error.message
        if not errors:
            db.session.commit()
            shown = all(item.reflection.on_record for item in items)
            flash(
                _("Thank you: how it went is now on your learning record.")
                if shown
                else _(
                    "Thank you: how it went is saved with your reflections (the private "
                    "ones stay off your learning record)."
                ),
                "success",
            )
            return redirect(url_for("learning.try_it_page", slug=slug, token=token))
        db.session.rollback()
    elif request.method == "POST":
        errors[0] = _("The form expired. Please submit it again.")
    return render_template(
        "learning/try_it.html",
        event=event,
        items=items,
        form=form,
        errors=errors,
        typed=request.form if errors else {},
    ), (422 if errors else 200)
