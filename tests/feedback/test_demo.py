"""The demo event's after-the-day numbers: feedback, PD hours, the follow-up's reach."""

from __future__ import annotations

import time
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from edcamp.demo import DEMO_EMAIL, build_demo
from edcamp.extensions import db
from edcamp.feedback import followup_mail
from edcamp.feedback.report_charts import full_report
from edcamp.models import Organizer, SessionFeedback


def test_demo_report_and_follow_up_numbers(app, capsys):
    event, _ = build_demo(publish_schedule=True)
    db.session.commit()
    report, found, charts = full_report(event)
    useful, not_for_me = report.total_feedback
    assert useful > not_for_me > 0
    assert db.session.query(SessionFeedback).count() == useful + not_for_me
    assert found.pd.hours > 100
    assert found.pd.people > 100
    assert sum(s.checkins for s in found.by_slot) == report.total_checkins
    assert len(charts) == 5

    audience = followup_mail.audience(event)
    assert audience.to_send > 0
    assert audience.no_email > 0
    organizer = db.session.query(Organizer).filter_by(email=DEMO_EMAIL).one()
    after = datetime.now(ZoneInfo(event.timezone)) + timedelta(days=30)
    started = time.perf_counter()
    queued = followup_mail.send_follow_up(event, by=organizer, now=after)
    db.session.commit()
    took = time.perf_counter() - started
    assert queued == audience.to_send
    assert followup_mail.send_follow_up(event, by=organizer, now=after) == 0
    with capsys.disabled():
        print(
            f"\ndemo: {len(report.rows)} proposals, {report.total_votes} votes, "
            f"{report.total_checkins} check-ins, feedback {useful} useful / {not_for_me} not, "
            f"PD {found.pd.hours} h to {found.pd.people} people ({found.pd.facilitators} "
            f"facilitators), slots {[(s.label, s.checkins) for s in found.by_slot]}, "
            f"top tags {[(d.tag, d.votes) for d in report.demand_by_tag[:5]]}, "
            f"connections {found.connections}, follow-up {audience}, "
            f"queued {queued} in {took:.2f} s"
        )
