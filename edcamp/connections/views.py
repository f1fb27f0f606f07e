"""Connection pages: my connections and requests, asking someone, answering, blocking,
and "looking for a partner class"."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from edcamp.attendees.session import session_attendee
from edcamp.connections import blocks, lists, partners, service
from edcamp.connections.forms import AskForm, PartnerForm
from edcamp.connections.sharing import SHARE_LABELS, filled_fields, share_summary
from edcamp.errors import Conflict, DomainError, Invalid
from edcamp.extensions import db
from edcamp.models import Attendee, Event
from edcamp.pages import attendee_page, show_form_error

bp = Blueprint("connections", __name__)


def _cache() -> dict:
    """Per request (not ``g``: an app context may outlive a request, as in tests)."""
    return request.environ.setdefault("edcamp.connections", {})


def _viewer() -> Attendee | None:
    """The attendee of the page being drawn (by its slug), once per request."""
    cache = _cache()
    if "viewer" not in cache:
        slug = (request.view_args or {}).get("slug")
        event = db.session.scalar(db.select(Event).where(Event.slug == slug)) if slug else None
        cache["viewer"] = session_attendee(event) if event is not None else None
    return cache["viewer"]


@bp.app_template_global()
def connection_state(person_id: int) -> dict | None:
    """For a person card on an attendee page: the "Ask to connect" link and where things
    stand ("", "asked", "asked_you", "connected"); None for oneself or a visitor."""
    me = _viewer()
    if me is None or me.id == person_id:
        return None
    cache = _cache()
    if "relations" not in cache:
        cache["relations"] = lists.relations(me)
    return {
        "state": cache["relations"].get(person_id, ""),
        "url": url_for("connections.ask_page", slug=me.event.slug, attendee_id=person_id),
    }


@bp.app_template_global()
def connection_requests_waiting() -> int:
    """How many requests wait for this page's attendee (for the home page and follow-up)."""
    me = _viewer()
    return lists.waiting_count(me) if me is not None else 0


@bp.app_template_global()
def partner_classes_here() -> dict | None:
    """For the connect page: my listing and everyone's, matching ones first."""
    me = _viewer()
    if me is None:
        return None
    return {"mine": partners.my_listing(me), "matches": partners.listings_for(me)}


# --- my connections -------------------------------------------------------


@bp.get("/events/<slug>/me/connections")
def my_connections(slug: str):
    event, me = attendee_page(slug)
    return render_template(
        "connections/mine.html",
        event=event,
        attendee=me,
        incoming=lists.incoming(me),
        sent=lists.sent(me),
        connections=lists.connections(me),
        blocked=blocks.blocked_people(me),
        my_fields=filled_fields(me),
        share_labels=SHARE_LABELS,
        share_summary=share_summary,
    )


def _back(slug: str, anchor: str = ""):
    return redirect(url_for("connections.my_connections", slug=slug) + anchor)


_DONE = {
    "accept": _l("You are connected. You both see what each of you chose to share."),
    "ignore": _l("Request ignored. They are not told."),
    "withdraw": _l("Done. Neither of you sees the other's details any more."),
}


def _answer(slug: str, connection_id: int, act: str):
    event, me = attendee_page(slug)
    connection = service.connection_of(event, connection_id, me)
    try:
        if act == "accept":
            service.accept(connection, by=me, shares=request.form.getlist("share"))
        elif act == "ignore":
            service.ignore(connection, by=me)
        else:
            service.withdraw(connection, by=me)
    except (Conflict, Invalid) as error:  # a request withdrawn meanwhile, a bad choice
        db.session.rollback()
        flash(error.message, "error")
        return _back(slug)
    db.session.commit()
    flash(str(_DONE[act]), "success")
    return _back(slug, "#connections" if act == "accept" else "")


@bp.post("/events/<slug>/me/connections/<int:connection_id>/accept")
def accept(slug: str, connection_id: int):
    return _answer(slug, connection_id, "accept")


@bp.post("/events/<slug>/me/connections/<int:connection_id>/ignore")
def ignore(slug: str, connection_id: int):
    return _answer(slug, connection_id, "ignore")


@bp.post("/events/<slug>/me/connections/<int:connection_id>/share")
def change_shares(slug: str, connection_id: int):
    event, me = attendee_page(slug)
    connection = service.connection_of(event, connection_id, me)
    try:
        service.change_shares(connection, by=me, shares=request.form.getlist("share"))
    except (Conflict, Invalid) as error:
        db.session.rollback()
        flash(error.message, "error")
        return _back(slug)
    db.session.commit()
    flash(_("Saved: they see what you ticked, from now on."), "success")
    return _back(slug, "#connections")


@bp.post("/events/<slug>/me/connections/<int:connection_id>/withdraw")
def withdraw(slug: str, connection_id: int):
    return _answer(slug, connection_id, "withdraw")


# --- asking ---------------------------------------------------------------


def _ask_page(event, me, person, form, status=200):
    return render_template(
        "connections/ask.html",
        event=event,
        attendee=me,
        person=person,
        listing=partners.my_listing(person),
        state=lists.relations(me).get(person.id, ""),
        form=form,
    ), status


@bp.route("/events/<slug>/people/<int:attendee_id>/connect", methods=["GET", "POST"])
def ask_page(slug: str, attendee_id: int):
    event, me = attendee_page(slug)
    if attendee_id == me.id:
        flash(_("That is you. Ask someone from your sessions or the partner classes."), "info")
        return _back(slug)
    person = service.askable_person(me, attendee_id)
    form = AskForm()
    if request.method == "GET" and request.args.get("kind") in service.KINDS:
        form.kind.data = request.args["kind"]
    form.offer(filled_fields(me))
    if not form.validate_on_submit():
        return _ask_page(event, me, person, form, 422 if form.is_submitted() else 200)
    try:
        connection = service.ask(
            me,
            person.id,
            kind=form.kind.data,
            message=form.message.data,
            shares=form.share.data or [],
        )
    except DomainError as error:
        db.session.rollback()
        show_form_error(form, error)
        return _ask_page(event, me, person, form, error.status)
    db.session.commit()
    if connection.status == "accepted":
        flash(
            _("%(name)s had asked you too: you are connected now.", name=person.display_name),
            "success",
        )
        return _back(slug, "#connections")
    flash(
        _(
            "Request sent to %(name)s. You will see their details here if they accept.",
            name=person.display_name,
        ),
        "success",
    )
    return _back(slug, "#sent")


# --- blocking -------------------------------------------------------------


@bp.post("/events/<slug>/people/<int:attendee_id>/block")
def block(slug: str, attendee_id: int):
    _event, me = attendee_page(slug)
    person = blocks.block(me, attendee_id)
    db.session.commit()
    flash(_("%(name)s is blocked. They are not told.", name=person.display_name), "success")
    return _back(slug)


@bp.post("/events/<slug>/people/<int:attendee_id>/unblock")
def unblock(slug: str, attendee_id: int):
    _event, me = attendee_page(slug)
    blocks.unblock(me, attendee_id)
    db.session.commit()
    flash(_("Unblocked."), "success")
    return _back(slug)


# --- partner class --------------------------------------------------------


@bp.route("/events/<slug>/me/partner-class", methods=["GET", "POST"])
def partner_class(slug: str):
    event, me = attendee_page(slug)
    own = partners.my_listing(me)
    form = PartnerForm(obj=own) if request.method == "GET" else PartnerForm()
    if form.validate_on_submit():
        try:
            partners.save_listing(
                me,
                subject=form.subject.data,
                grade_levels=form.grade_levels.data,
                idea=form.idea.data,
            )
        except DomainError as error:
            db.session.rollback()
            show_form_error(form, error)
        else:
            db.session.commit()
            flash(_("You are listed as looking for a partner class."), "success")
            return redirect(url_for("contacts.connect", slug=slug) + "#partner-classes")
    status = 422 if form.errors else 200
    return render_template(
        "connections/partner_class.html", event=event, attendee=me, form=form, own=own
    ), status


@bp.post("/events/<slug>/me/partner-class/remove")
def remove_partner_class(slug: str):
    _event, me = attendee_page(slug)
    partners.remove_listing(me)
    db.session.commit()
    flash(_("You are no longer listed as looking for a partner class."), "success")
    return redirect(url_for("contacts.connect", slug=slug) + "#partner-classes")
