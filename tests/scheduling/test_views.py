"""The grid editor page: organizers only; it carries the draft for the script."""

from __future__ import annotations

import json
import re


def test_editor_page_carries_the_draft(client, camp, login):
    login(camp.organizer)
    client.post(camp.url("/schedule/build"), json={})

    response = client.get("/events/camp/schedule/edit")

    assert response.status_code == 200
    html = response.get_data(as_text=True)
    data = re.search(r'<script type="application/json" id="grid-data">(.*?)</script>', html, re.S)
    grid = json.loads(data.group(1))
    assert len(grid["assignments"]) == 4
    assert grid["changes"]["summary"] == "Not published yet."
    assert 'data-api="/api/v1/events/camp"' in html


def test_editor_page_is_for_this_events_organizers(client, camp, login, make_organizer):
    anonymous = client.get("/events/camp/schedule/edit")
    login(make_organizer())
    stranger = client.get("/events/camp/schedule/edit")

    assert anonymous.status_code == 302
    assert stranger.status_code == 403
