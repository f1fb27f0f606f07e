"""The report's charts: demand by tag, check-ins per slot, feedback per tag, connections
made and PD hours delivered, each a server-drawn SVG (``charts.bar_chart``)."""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from edcamp.contacts.report import Report, event_report
from edcamp.feedback.charts import ChartRow, bar_chart
from edcamp.feedback.insights import Insights, insights
from edcamp.feedback.service import event_feedback
from edcamp.models import Event

MAX_TAGS = 12


@dataclass(frozen=True)
class Chart:
    id: str
    title: str
    svg: Markup
    note: str = ""


def _plural(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else (many or one + 's')}"


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
            f"{_plural(d.votes, 'vote')} \u00b7 {_plural(d.proposals, 'proposal')}",
        )
        for d in demand
    ]
    svg = bar_chart("chart-demand", "Demand by tag: votes on proposals with each tag", rows)
    return Chart("chart-demand", "Demand by tag", svg, "" if demand else "No tags used yet.")


def _slots_chart(found: Insights) -> Chart:
    rows = [
        ChartRow(s.label, (s.checkins,), _plural(s.checkins, "check-in")) for s in found.by_slot
    ]
    note = "" if any(s.checkins for s in found.by_slot) else "No check-ins yet."
    svg = bar_chart("chart-slots", "Check-ins per slot", rows)
    return Chart("chart-slots", "Check-ins per slot", svg, note)


def _feedback_chart(found: Insights) -> Chart:
    feedback = found.feedback_by_tag[:MAX_TAGS]
    rows = [
        ChartRow(f.tag, (f.useful, f.not_for_me), f"{f.useful} useful \u00b7 {f.not_for_me} not")
        for f in feedback
    ]
    svg = bar_chart(
        "chart-feedback",
        "Feedback per tag: useful and not for me",
        rows,
        legend=("Useful", "Not for me"),
    )
    note = (
        ""
        if feedback
        else "No feedback yet: attendees give it on session pages after each session."
    )
    return Chart("chart-feedback", "Feedback per tag", svg, note)


def _pd_chart(found: Insights) -> Chart:
    rows = [
        ChartRow(
            s.label,
            (s.pd_minutes,),
            f"{s.pd_minutes / 60:.1f} h \u00b7 {_plural(s.people, 'person', 'people')}",
        )
        for s in found.by_slot
    ]
    summary = f"{found.pd.hours} hours in all, to {_plural(found.pd.people, 'person', 'people')}."
    svg = bar_chart("chart-pd", "PD hours delivered, per slot", rows, summary=summary)
    return Chart("chart-pd", "PD hours delivered", svg)


def _connections_chart(found: Insights) -> Chart:
    rows = found.connections
    return Chart(
        "chart-connections",
        "Connections made",
        bar_chart(
            "chart-connections",
            "Connections made",
            [ChartRow(label, (n,), str(n)) for label, n in rows],
        ),
        "" if any(n for _label, n in rows) else "No connections yet.",
    )


def full_report(event: Event) -> tuple[Report, Insights, list[Chart]]:
    """The organizer's report with its figures and charts, for the page and the API."""
    found_report = event_report(event)
    found = insights(event, found_report, event_feedback(event))
    return found_report, found, report_charts(found_report, found)
