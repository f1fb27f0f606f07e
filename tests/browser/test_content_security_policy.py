"""The pages work under the Content-Security-Policy: no violation reported by the browser on
the attendee's and the organizer's pages (scripts, htmx, the grid editor, streams)."""

from __future__ import annotations

from tests.browser.flows import join, sign_in
from tests.browser.judge import screenshot
from tests.security.people import build_sweep

VIOLATION_PROBE = """window.__csp = [];
document.addEventListener('securitypolicyviolation',
  e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));"""


def visit(page, url: str) -> list[str]:
    page.goto(url)
    page.wait_for_load_state("load")
    page.wait_for_timeout(700)  # deferred scripts, htmx and streams start
    return page.evaluate("() => window.__csp || []")


def watch(page) -> list[str]:
    console: list[str] = []
    page.on("console", lambda m: console.append(m.text) if "Content Security" in m.text else None)
    page.add_init_script(VIOLATION_PROBE)
    return console


def test_attendee_pages_run_without_csp_violations(app, live_server, phone, make_event):
    sweep = build_sweep(make_event)
    page = phone()
    console = watch(page)
    join(page, live_server.url, sweep.event, "Pat Phone")
    base = f"{live_server.url}/events/{sweep.slug}"

    found = {
        path: visit(page, base + path)
        for path in (
            "/vote",
            "/schedule",
            f"/sessions/{sweep.session_ids[0]}",
            f"/rooms/{sweep.room_ids[0]}",
            "/now",
            "/me",
        )
    }
    screenshot(page, "csp-phone-profile")

    assert {path: hits for path, hits in found.items() if hits} == {}
    assert console == []


def test_organizer_pages_run_without_csp_violations(app, live_server, page_at, make_event):
    sweep = build_sweep(make_event)
    page = page_at("laptop")
    console = watch(page)
    sign_in(page, live_server.url, sweep.event.organizers[0].email)
    base = f"{live_server.url}/events/{sweep.slug}"

    found = {
        path: visit(page, base + path)
        for path in ("/manage", "/moderate", "/board", "/schedule/edit", "/contacts")
    }
    page.goto(base + "/manage#joining")
    screenshot(page, "csp-manage-joining")

    assert {path: hits for path, hits in found.items() if hits} == {}
    assert console == []
