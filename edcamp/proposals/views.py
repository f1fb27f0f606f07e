"""Pages: proposing from the phone, editing, and the organizers' moderation page."""

from __future__ import annotations

from datetime import UTC, datetime

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from edcamp.attendees.public import SHOW_NAME_LABEL
from edcamp.attendees.session import session_attendee
from edcamp.errors import DomainError, Invalid
from edcamp.events import rooms_and_slots
from edcamp.events import service as events
from edcamp.events.voting import VotingChange, change_voting, voting_is_open
from edcamp.extensions import db
from edcamp.formatting import clock
from edcamp.models import Event, Proposal
from edcamp.pages import committed, organizer_event, show_form_error
from edcamp.proposals import merging, service
from edcamp.proposals.duplicates import duplicate_pairs
from edcamp.proposals.forms import CloseVotingForm, EditProposalForm, ProposalForm
from edcamp.signals import board_changed, event_settings_changed
from edcamp.voting.phone import phone_page
from edcamp.voting.service import vote_counts

bp = Blueprint("proposals", __name__)


def _text(form) -> service.ProposalText:
    return service.ProposalText(
        title=form.title.data or "",
        description=form.description.data or "",
        tags=form.tags.data or "",
        needs=(
            rooms_and_slots.features_from_text(form.needs.data, field="needs")
            if hasattr(form, "needs")
            else None
        ),
        length=int(form.length.data) if hasattr(form, "length") else None,
    )


def _show_name_answer(ticked: bool) -> bool | None:
    """A ticked box gives consent; an unticked one withdraws it only where the form asked
    (`show_name_asked`): a form that did not show the question keeps the answer given."""
    if ticked:
        return True
    return False if request.form.get("show_name_asked") == "1" else None


@bp.post("/events/<slug>/propose")
def propose(slug: str):
    event = events.get_event(slug)
    attendee = session_attendee(event)
    if attendee is None:
        return redirect(url_for("attendees.join", slug=slug))
    form = ProposalForm()
    if form.validate_on_submit():
        try:
            proposal = service.create_proposal(
                event,
                _text(form),
                by=attendee,
                facilitating=form.facilitating.data != "no",
                show_name=_show_name_answer(form.show_name.data),
            )
        except DomainError as error:
            db.session.rollback()
            show_form_error(form, error)
        else:
            db.session.commit()
            board_changed.send(event)
            flash(_("Proposed: %(title)s", title=proposal.title), "success")
            return redirect(url_for("voting.phone", slug=slug) + f"#p{proposal.id}")
    return phone_page(event, attendee, form)


@bp.post("/events/<slug>/proposals/<int:proposal_id>/facilitate")
def facilitate(slug: str, proposal_id: int):
    event = events.get_event(slug)
    attendee = session_attendee(event)
    if attendee is None:
        return redirect(url_for("attendees.join", slug=slug))
    proposal = service.get_proposal(event, proposal_id)
    if request.form.get("action") == "withdraw":
        service.withdraw_facilitation(proposal, by=attendee)
        message = _("You are no longer listed as a facilitator.")
    else:
        if request.form.get("show_name_asked") != "1" and not service.has_been_asked_to_lead(
            attendee
        ):
            # The first offer to lead asks once whether the name may go on the public schedule.
            return render_template(
                "proposals/lead.html",
                event=event,
                proposal=proposal,
                attendee=attendee,
                name_label=SHOW_NAME_LABEL,
            )
        show_name = _show_name_answer(request.form.get("show_name") == "y")
        service.offer_to_facilitate(proposal, by=attendee, show_name=show_name)
        message = _("Thanks! You are a facilitator of “%(title)s”.", title=proposal.title)
    db.session.commit()
    board_changed.send(event)
    flash(message, "success")
    return redirect(url_for("voting.phone", slug=slug) + f"#p{proposal_id}")


def _editor(event: Event, proposal: Proposal) -> tuple[bool, object]:
    organizer = current_user.is_authenticated and event.is_organizer(current_user)
    attendee = None if organizer else session_attendee(event)
    if not service.can_edit(proposal, attendee=attendee, organizer=organizer):
        abort(403)
    return organizer, attendee


@bp.route("/events/<slug>/proposals/<int:proposal_id>/edit", methods=["GET", "POST"])
def edit(slug: str, proposal_id: int):
    event = events.get_event(slug)
    proposal = service.get_proposal(event, proposal_id, include_hidden=True)
    organizer, attendee = _editor(event, proposal)
    if proposal.hidden and not organizer:
        abort(404)
    form = EditProposalForm(
        formdata=None if request.method == "GET" else request.form,
        data={
            "title": proposal.title,
            "description": proposal.description,
            "tags": ", ".join(proposal.tags or []),
            "needs": ", ".join(proposal.needs or []),
            "length": str(proposal.length),
        },
    )
    if form.validate_on_submit():
        try:
            service.update_proposal(proposal, _text(form), attendee=attendee, organizer=organizer)
        except DomainError as error:
            db.session.rollback()
            show_form_error(form, error)
        else:
            db.session.commit()
            board_changed.send(event)
            flash(_("Saved."), "success")
            target = "proposals.moderate" if organizer else "voting.phone"
            return redirect(url_for(target, slug=slug) + f"#p{proposal.id}")
    status = 422 if form.errors else 200
    return render_template(
        "proposals/edit.html", event=event, proposal=proposal, form=form, organizer=organizer
    ), status


# Moderation ---------------------------------------------------------------------------


@bp.get("/events/<slug>/moderate")
@login_required
def moderate(slug: str):
    event = organizer_event(slug)
    return _moderation_page(event)


def _moderation_page(event: Event, close_form: CloseVotingForm | None = None):
    everything = service.list_proposals(event, include_hidden=True)
    visible = [p for p in everything if not p.hidden]
    by_id = {p.id: p for p in everything}
    pairs = duplicate_pairs({p.id: p.title for p in visible})
    if close_form is None:
        close_form = CloseVotingForm(formdata=None)
        if event.voting_closes_at is not None:
            close_form.closes_at.data = _local(event, event.voting_closes_at)
    status = 422 if close_form.errors else 200
    return render_template(
        "proposals/moderate.html",
        event=event,
        proposals=sorted(everything, key=lambda p: (p.hidden, p.id)),
        counts=vote_counts(event),
        pairs=[(by_id[p.first_id], by_id[p.second_id], p.score) for p in pairs],
        merges=[
            (m, by_id.get(m.source_id), by_id.get(m.target_id), merging.undo_blocker(event, m))
            for m in merging.open_merges(event)
        ],
        voting_open=voting_is_open(event),
        close_form=close_form,
        closes_at_local=_local(event, event.voting_closes_at),
    ), status


def _local(event: Event, moment: datetime | None) -> datetime | None:
    if moment is None:
        return None
    return moment.replace(tzinfo=UTC).astimezone(events.zone(event)).replace(tzinfo=None)


def _back(slug: str, anchor: str = ""):
    return redirect(url_for("proposals.moderate", slug=slug) + anchor)


@bp.post("/events/<slug>/moderate/<int:proposal_id>/hidden")
@login_required
def set_hidden(slug: str, proposal_id: int):
    event = organizer_event(slug)
    proposal = service.get_proposal(event, proposal_id, include_hidden=True)
    hide = request.form.get("hidden") == "1"
    change = service.ProposalText()
    if (
        committed(lambda: service.update_proposal(proposal, change, organizer=True, hidden=hide))
        is None
    ):
        return _back(slug)
    board_changed.send(event)
    if hide:
        flash(_("Hidden: %(title)s", title=proposal.title), "success")
    else:
        flash(_("Shown again: %(title)s", title=proposal.title), "success")
    return _back(slug, f"#p{proposal.id}")


@bp.post("/events/<slug>/moderate/voting")
@login_required
def voting(slug: str):
    event = organizer_event(slug)
    action = request.form.get("action")
    if action == "schedule":
        form = CloseVotingForm()
        if not form.validate_on_submit():
            return _moderation_page(event, close_form=form)
        try:
            change_voting(event, VotingChange(closes_at=form.closes_at.data))
        except Invalid as error:
            form.closes_at.errors = [error.message]
            return _moderation_page(event, close_form=form)
        message = _(
            "Voting closes at %(time)s (%(zone)s).",
            time=clock(form.closes_at.data.time()),
            zone=event.timezone,
        )
    elif action in ("open", "closed"):
        change_voting(event, VotingChange(state=action))
        message = _("Voting is open.") if action == "open" else _("Voting is closed.")
    elif action in ("show_counts", "hide_counts"):
        change_voting(event, VotingChange(show_counts=action == "show_counts"))
        if event.show_counts:
            message = _("Counts are visible to attendees.")
        else:
            message = _("Counts hidden.")
    else:
        abort(400)
    db.session.commit()
    event_settings_changed.send(event)
    flash(message, "success")
    return _back(slug, "#voting")
