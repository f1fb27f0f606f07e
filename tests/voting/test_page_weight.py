"""The phone voting page of the demo event stays light: under 60 KB compressed, all in."""

from __future__ import annotations

import gzip
import re

from edcamp.demo import build_demo
from edcamp.extensions import db

BUDGET = 60 * 1024


def test_phone_page_with_its_styles_and_scripts_is_under_60_kb_gzipped(client, join_as):
    event, _ = build_demo()
    db.session.commit()
    join_as(event)
    page = client.get("/events/demo/vote")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assets = re.findall(r'<(?:link rel="stylesheet"|script) [^>]*(?:href|src)="([^"]+)"', html)
    assert any(a.endswith(".js") for a in assets)
    assert any(a.endswith(".css") for a in assets)
    total = len(gzip.compress(page.data, 6))
    for asset in assets:
        response = client.get(asset)
        assert response.status_code == 200, asset
        total += len(gzip.compress(response.data, 6))
        response.close()
    assert total < BUDGET, f"{total} bytes compressed"
    assert "htmx" not in html  # the phone page uses its own small script
