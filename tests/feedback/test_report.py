"""The organizer's report: feedback per session and per tag, check-ins per slot, PD hours,
connections; server-drawn SVG charts that say their values in text; the same in JSON."""

from __future__ import annotations

import csv
import io
import xml.etree.ElementTree as ET

from edcamp.extensions import db
from edcamp.feedback.charts import ChartRow, bar_chart
from edcamp.feedback.insights import insights
from edcamp.feedback.report_charts import full_report
from edcamp.learning.record import learning_record
from edcamp.models import Attendee
from tests.helpers import bearer

SVG = "{http://www.w3.org/2000/svg}"


def _rate(client, day):
    url = f"/api/v1/events/{day.event.slug}/sessions/{{}}/feedback"
    for token, proposal, useful in [
        (day.bob_token, day.maker, True),
        (day.cy_token, day.maker, True),
        (day.dee_token, day.maker, False),
        (day.cy_token, day.podcasts, False),
        (day.ann_token, day.podcasts, True),
    ]:
        answer = client.put(url.format(proposal.id), json={"useful": useful}, headers=bearer(token))
        assert answer.status_code == 200, answer.get_json()


def test_feedback_per_session_and_per_tag(client, day):
    _rate(client, day)
    report, found, _charts = full_report(day.event)
    rows = {r.title: r for r in report.rows}
    assert (rows["Makerspaces"].useful, rows["Makerspaces"].not_for_me) == (2, 1)
    assert (rows["Podcasts"].useful, rows["Podcasts"].not_for_me) == (1, 1)
    by_tag = {f.tag.casefold(): (f.useful, f.not_for_me) for f in found.feedback_by_tag}
    # "STEM" and "stem" are one tag: both sessions count towards it
    assert by_tag == {"stem": (3, 2), "maker": (2, 1), "media": (1, 1)}


def test_checkins_per_slot_and_pd_hours_match_the_learning_records(day):
    report, found, _charts = full_report(day.event)
    assert [(s.label, s.checkins, s.people) for s in found.by_slot] == [
        ("09:00\u201309:50", 2, 3),  # Bob and Cy checked in, Ann led
        ("10:00\u201310:50", 2, 3),  # Dee and Cy checked in, Bob led
    ]
    people = db.session.query(Attendee).filter_by(event_id=day.event.id).all()
    record_minutes = sum(learning_record(a).total_minutes for a in people)
    assert found.pd.minutes == record_minutes == 6 * 50
    assert found.pd.hours == 5.0
    assert (found.pd.people, found.pd.facilitators) == (4, 2)


def test_charts_are_accessible_svg_with_every_value_in_text():
    svg = bar_chart(
        "c1",
        "Demand <by> tag",
        [ChartRow("STEM & <b>maker</b>", (12,), "12 votes"), ChartRow("media", (3,), "3 votes")],
    )
    root = ET.fromstring(str(svg))  # well-formed, escaped
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "c1-title c1-desc"
    assert root.find(f"{SVG}title").text == "Demand <by> tag"
    assert "STEM & <b>maker</b>: 12 votes; media: 3 votes" in root.find(f"{SVG}desc").text
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert "12 votes" in texts
    assert "3 votes" in texts
    widths = [float(r.get("width")) for r in root.iter(f"{SVG}rect")]
    assert widths[0] == 4 * widths[1]  # bars in proportion
    assert "style=" not in str(svg)  # CSP: no inline style


def test_report_page_draws_the_five_charts(client, day, login):
    _rate(client, day)
    login(day.organizer)
    page = client.get(f"/events/{day.event.slug}/report").text
    for title in (
        "Demand by tag",
        "Check-ins per slot",
        "Feedback per tag",
        "Connections made",
        "PD hours delivered",
    ):
        assert f">{title}</h2>" in page, title
    assert page.count('<svg xmlns="http://www.w3.org/2000/svg" role="img"') == 5
    assert "3 useful \u00b7 2 not" in page  # feedback per tag, as text on the bar
    assert "<strong>5</strong> PD hours to 4 people" in page  # hours through | number
    assert "2 useful \u00b7 1 not" in page  # Makerspaces' row, linking to its feedback
    assert f"/sessions/{day.maker.id}/feedback" in page


def test_report_csv_and_json_carry_feedback(client, day, login, organizer_token):
    _rate(client, day)
    answer = client.get(
        f"/api/v1/events/{day.event.slug}/report", headers=bearer(organizer_token(day.organizer))
    )
    body = answer.get_json()
    maker = next(s for s in body["sessions"] if s["title"] == "Makerspaces")
    assert maker["feedback"] == {"useful": 2, "not_for_me": 1}
    assert body["pd_hours"] == {"hours": 5.0, "minutes": 300, "people": 4, "facilitators": 2}
    assert [s["checkins"] for s in body["checkins_by_slot"]] == [2, 2]
    assert {f["tag"].casefold() for f in body["feedback_by_tag"]} == {"stem", "maker", "media"}
    assert "Ann" not in answer.text
    assert "Cy" not in answer.text

    login(day.organizer)
    text = client.get(f"/events/{day.event.slug}/report.csv").text
    rows = {r["Proposal"]: r for r in csv.DictReader(io.StringIO(text))}
    assert (rows["Makerspaces"]["Useful"], rows["Makerspaces"]["Not for me"]) == ("2", "1")


def test_report_api_is_for_the_events_organizers(client, day, make_organizer, organizer_token):
    url = f"/api/v1/events/{day.event.slug}/report"
    assert client.get(url).status_code == 401
    assert client.get(url, headers=bearer(day.ann_token)).status_code == 401
    stranger = make_organizer()
    assert client.get(url, headers=bearer(organizer_token(stranger))).status_code == 403


def test_connections_made_come_from_the_connections(client, day):
    from edcamp.connections.service import accept, ask

    accept(ask(day.cy, day.bob.id, kind="collaborate"), by=day.bob)
    ask(day.dee, day.ann.id)
    db.session.commit()
    report, found, charts = full_report(day.event)
    assert found.connections == (
        ("Requests made", 2),
        ("Accepted: stay in touch", 0),
        ("Accepted: collaborate on a project", 1),
    )
    chart = next(c for c in charts if c.id == "chart-connections")
    assert "Accepted: collaborate on a project: 1" in str(chart.svg)
    assert "Cy" not in str(chart.svg)
    assert insights(day.event, report, {}).feedback_by_tag == ()
