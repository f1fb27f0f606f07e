"""The report's charts: demand by tag, check-ins per slot, feedback per tag, connections
made and PD hours delivered, each a server-drawn SVG (``charts.bar_chart``), in the page's
language."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from markupsafe import Markup

from edcamp.contacts.report import Report, event_report
from edcamp.feedback.charts import ChartRow, bar_chart
from edcamp.feedback.insights import Insights, insights
from edcamp.feedback.service import event_feedback
from edcamp.formatting import number
from edcamp.models import Event

MAX_TAGS = 12
# The kinds of ``insights.connections_made`` (English, as the API gives them), as shown.
CONNECTION_LABELS = {
    "Requests made": _l("Requests made"),
    "Accepted: stay in touch": _l("Accepted: stay in touch"),
    "Accepted: collaborate on a project": _l("Accepted: collaborate on a project"),
}


@dataclass(frozen=True)
class Chart:
    id: str
    title: str
    svg: Markup
    note: str = ""


def _people(n: int) -> str:
    return ngettext("%(num)d person", "%(num)d people", n)


def _hours_plural(minutes: int) -> int:
    """The count that picks "hour" or "hours" (gettext plurals take whole numbers): the
    hours when whole, else the minutes, which every language reads as plural."""
    return minutes // 60 if minutes % 60 == 0 else max(minutes, 2)


def report_charts(report: Report, found: Insights) -> list[Chart]:
    return [
        _demand_chart(report),
        _slots_chart(found),
        _feedback_chart(found),
        _connections_chart(found),
        _pd_chart(found),
    ]


def _demand_chart(report: Report) -> Chart:
    demand = report.demand_by_tag[:MAX_TAGS]
    rows = [
        ChartRow(
            d.tag,
            (d.votes,),
            _(
                "%(votes)s \u00b7 %(proposals)s",
                votes=ngettext("%(num)d vote", "%(num)d votes", d.votes),
                proposals=ngettext("%(num)d proposal", "%(num)d proposals", d.proposals),
            ),
        )
        for d in demand
    ]
    svg = bar_chart("chart-demand", _("Demand by tag: votes on proposals with each tag"), rows)
    note = "" if demand else _("No tags used yet.")
    return Chart("chart-demand", _("Demand by tag"), svg, note)


def _slots_chart(found: Insights) -> Chart:
    rows = [
        ChartRow(
            s.label, (s.checkins,), ngettext("%(num)d check-in", "%(num)d check-ins", s.checkins)
        )
        for s in found.by_slot
    ]
    note = "" if any(s.checkins for s in found.by_slot) else _("No check-ins yet.")
    svg = bar_chart("chart-slots", _("Check-ins per slot"), rows)
    return Chart("chart-slots", _("Check-ins per slot"), svg, note)


def _feedback_chart(found: Insights) -> Chart:
    feedback = found.feedback_by_tag[:MAX_TAGS]
    rows = [
        ChartRow(
            f.tag,
            (f.useful, f.not_for_me),
            _(
                "%(useful)d useful \u00b7 %(not_for_me)d not",
                useful=f.useful,
                not_for_me=f.not_for_me,
            ),
        )
        for f in feedback
    ]
    svg = bar_chart(
        "chart-feedback",
        _("Feedback per tag: useful and not for me"),
        rows,
        legend=(_("Useful"), _("Not for me")),
    )
    note = (
        ""
        if feedback
        else _("No feedback yet: attendees give it on session pages after each session.")
    )
    return Chart("chart-feedback", _("Feedback per tag"), svg, note)


def _pd_chart(found: Insights) -> Chart:
    rows = [
        ChartRow(
            s.label,
            (s.pd_minutes,),
            _(
                "%(hours)s h \u00b7 %(people)s",
                hours=number(round(s.pd_minutes / 60, 1)),
                people=_people(s.people),
            ),
        )
        for s in found.by_slot
    ]
    summary = ngettext(
        "%(hours)s hour in all, to %(people)s.",
        "%(hours)s hours in all, to %(people)s.",
        _hours_plural(found.pd.minutes),
        hours=number(found.pd.hours),
        people=_people(found.pd.people),
    )
    svg = bar_chart("chart-pd", _("PD hours delivered, per slot"), rows, summary=summary)
    return Chart("chart-pd", _("PD hours delivered"), svg)


def _connections_chart(found: Insights) -> Chart:
    rows = [(str(CONNECTION_LABELS.get(kind, kind)), n) for kind, n in found.connections]
    return Chart(
        "chart-connections",
        _("Connections made"),
        bar_chart(
            "chart-connections",
            _("Connections made"),
            [ChartRow(label, (n,), number(n)) for label, n in rows],
        ),
        "" if any(n for _label, n in rows) else _("No connections yet."),
    )


def full_report(event: Event) -> tuple[Report, Insights, list[Chart]]:
    """The organizer's report with its figures and charts, for the page and the API."""
    found_report = event_report(event)
    found = insights(event, found_report, event_feedback(event))
    return found_report, found, report_charts(found_report, found)
