"""Merging duplicate proposals from the moderation page: choose which one to keep (both shown),
confirm, and undo while the merge can still be undone (or read why it cannot)."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import login_required

from edcamp.errors import DomainError, Invalid
from edcamp.models import Event, Proposal
from edcamp.pages import committed, organizer_event
from edcamp.proposals import merging, service
from edcamp.proposals.forms import MergeChoiceForm, MergeForm
from edcamp.signals import board_changed
from edcamp.voting.service import vote_counts

bp = Blueprint("merges", __name__)


def _back(slug: str, anchor: str = ""):
    return redirect(url_for("proposals.moderate", slug=slug) + anchor)


def _pair(event: Event, a: int | None, b: int | None) -> tuple[Proposal, Proposal]:
    """Two different proposals of this event that can still be merged."""
    if not a or not b:
        raise Invalid(_("Choose two proposals to merge."), field="keep")
    if a == b:
        raise Invalid(_("A proposal cannot be merged into itself: choose two."), field="keep")
    pair = (
        service.get_proposal(event, a, include_hidden=True),
        service.get_proposal(event, b, include_hidden=True),
    )
    for proposal in pair:
        if proposal.merged_into_id is not None:
            raise Invalid(_("“%(title)s” was merged already.", title=proposal.title), field="keep")
        if proposal.hidden:
            raise Invalid(
                _("“%(title)s” is hidden: show it again first.", title=proposal.title), field="keep"
            )
    return pair


def _choice_page(event: Event, form: MergeChoiceForm, pair: tuple[Proposal, Proposal]):
    form.keep.choices = [("a", pair[0].title), ("b", pair[1].title)]
    return render_template(
        "proposals/merge.html", event=event, form=form, pair=pair, counts=vote_counts(event)
    ), (422 if form.errors else 200)


def _number(name: str) -> int | None:
    value = request.args.get(name, "")
    return int(value) if value.isdigit() and len(value) < 11 else None


@bp.get("/events/<slug>/moderate/merge")
@login_required
def choose(slug: str):
    """Both titles side by side; the organizer picks the one to keep."""
    event = organizer_event(slug)
    try:
        pair = _pair(event, _number("a"), _number("b"))
    except DomainError as error:
        flash(error.message, "error")
        return _back(slug)
    form = MergeChoiceForm(formdata=None, data={"a": pair[0].id, "b": pair[1].id})
    return _choice_page(event, form, pair)


@bp.post("/events/<slug>/moderate/merge")
@login_required
def confirm(slug: str):
    event = organizer_event(slug)
    form = MergeChoiceForm()
    try:
        pair = _pair(event, form.a.data, form.b.data)
    except DomainError as error:
        flash(error.message, "error")
        return _back(slug)
    form.keep.choices = [("a", pair[0].title), ("b", pair[1].title)]
    if not form.validate_on_submit():
        return _choice_page(event, form, pair)
    kept, other = pair if form.keep.data == "a" else pair[::-1]
    return _merge(event, other, kept)


def _merge(event: Event, source: Proposal, target: Proposal):
    if committed(lambda: merging.merge_proposals(event, source, target)) is None:
        return _back(event.slug)
    board_changed.send(event)
    flash(
        _(
            "Merged: kept “%(kept)s”. “%(merged)s” is hidden and its votes and facilitators "
            "moved to it. Changed your mind? Undo it below while voting is open.",
            kept=target.title,
            merged=source.title,
        ),
        "success",
    )
    return _back(event.slug)  # the top: this message, and the merges with their Undo under it


@bp.post("/events/<slug>/moderate/<int:proposal_id>/merge")
@login_required
def merge(slug: str, proposal_id: int):
    """Merge one proposal into another named by ``into`` (what older pages and scripts post)."""
    event = organizer_event(slug)
    form = MergeForm()
    if not form.validate_on_submit():
        flash(_("Choose the proposal to merge into."), "error")
        return _back(slug)
    try:
        source = service.get_proposal(event, proposal_id, include_hidden=True)
        target = service.get_proposal(event, form.into.data, include_hidden=True)
    except DomainError as error:
        flash(error.message, "error")
        return _back(slug)
    return _merge(event, source, target)


@bp.post("/events/<slug>/moderate/merges/<int:merge_id>/undo")
@login_required
def undo_merge(slug: str, merge_id: int):
    event = organizer_event(slug)
    undo = lambda: merging.undo_merge(event, merging.get_merge(event, merge_id))  # noqa: E731
    source = committed(undo, failed=_("Not undone: %(reason)s"))
    if source is None:
        return _back(slug)
    board_changed.send(event)
    flash(_("Merge undone: “%(title)s” is back with its votes.", title=source.title), "success")
    return _back(slug)
