"""Bytes a phone downloads for the voting page of the demo event, compressed.

    .venv/bin/python bench/pageweight.py

Headless Chromium (Debian's) joins the demo event (40 proposals) at 360 px and
opens `/events/demo/vote`; every response the page loads (HTML, styles,
scripts, icon; not the live stream, which is open-ended) is counted raw and
gzip-compressed at level 6, as a reverse proxy would send it (Flask sends it
uncompressed). Target: under 60 KB compressed.
"""

from __future__ import annotations

import gzip
import json
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
RESULTS = ROOT / "bench" / "results"


def main() -> None:
    from playwright.sync_api import sync_playwright
    from werkzeug.serving import make_server

    from edcamp import create_app
    from edcamp.demo import build_demo
    from edcamp.extensions import db

    with tempfile.TemporaryDirectory() as tmp:
        app = create_app(
            {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp}/weight.sqlite", "SECRET_KEY": "bench"}
        )
        with app.app_context():
            db.create_all()
            event, _ = build_demo()
            db.session.commit()
            code = event.join_code
        server = make_server("127.0.0.1", 0, app, threaded=True)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        base = f"http://127.0.0.1:{server.server_port}"
        rows = []
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path="/usr/bin/chromium", args=["--no-sandbox"]
            )
            context = browser.new_context(
                viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True
            )
            page = context.new_page()
            page.goto(f"{base}/events/demo/join?code={code}")
            page.get_by_label("Your name").fill("Weigh Me")
            page.get_by_role("button", name="Join").tap()
            page.wait_for_url(f"{base}/events/demo")
            # A fresh context with the same cookies: an empty cache, as on a first visit.
            context = browser.new_context(
                viewport={"width": 360, "height": 740},
                is_mobile=True,
                has_touch=True,
                storage_state=context.storage_state(),
            )
            page = context.new_page()

            def record(response):
                if "text/event-stream" in response.headers.get("content-type", ""):
                    return
                body = response.body() if response.status == 200 else b""
                rows.append(
                    (response.url.replace(base, ""), len(body), len(gzip.compress(body, 6)))
                )

            page.on("response", record)
            page.goto(f"{base}/events/demo/vote", wait_until="networkidle")
            browser.close()
        server.shutdown()
    raw = sum(r[1] for r in rows)
    packed = sum(r[2] for r in rows)
    result = {
        "resources": [{"path": p, "bytes": b, "gzip": g} for p, b, g in rows],
        "total_bytes": raw,
        "total_gzip": packed,
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "pageweight.json").write_text(json.dumps(result, indent=2))
    print("| resource | bytes | gzip |\n|---|---:|---:|")
    for path, size, gz in rows:
        print(f"| `{path}` | {size:,} | {gz:,} |")
    print(f"| **total** | {raw:,} | **{packed:,}** ({packed / 1024:.1f} KB; target < 60 KB) |")


if __name__ == "__main__":
    main()
