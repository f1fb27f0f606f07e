"""Browser tests: headless Debian Chromium driven by Playwright, at a phone viewport.

They skip only when no Chromium is installed, saying so; with CI=true they fail instead,
because CI installs Chromium and these tests must run there.
"""

from __future__ import annotations

import os
import shutil
import threading
from pathlib import Path

import pytest
from werkzeug.serving import make_server

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
AXE_JS = Path(__file__).resolve().parent.parent / "vendor" / "axe-4.14.1.min.js"
PHONE = {
    "viewport": {"width": 360, "height": 740},
    "is_mobile": True,
    "has_touch": True,
    "device_scale_factor": 2,
}
TABLET = {"viewport": {"width": 820, "height": 1180}, "is_mobile": True, "has_touch": True}
LAPTOP = {"viewport": {"width": 1366, "height": 800}}


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        message = f"no Chromium at {CHROMIUM}: install Debian's chromium to run browser tests"
        if os.environ.get("CI") == "true":
            pytest.fail(message + " (mandatory when CI=true)")
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_FLAGS
        )
        yield browser
        browser.close()


class LiveServer:
    def __init__(self, app):
        self.server = make_server("127.0.0.1", 0, app, threaded=True)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *_exc):
        self.server.shutdown()
        self.thread.join(5)


@pytest.fixture
def live_server(app):
    """The test app served over real HTTP on a free port, in a thread."""
    app.config["EDCAMP_BASE_URL"] = None
    with LiveServer(app) as server:
        app.config["EDCAMP_BASE_URL"] = server.url
        yield server
    app.config["EDCAMP_BASE_URL"] = "https://edcamp.test"


def _context(browser, options):
    context = browser.new_context(**options)
    context.set_default_timeout(10_000)
    return context


@pytest.fixture
def phone(browser):
    """A new phone: its own cookies, 360 px wide, touch."""
    contexts = []

    def open_phone(**extra):
        context = _context(browser, {**PHONE, **extra})
        contexts.append(context)
        return context.new_page()

    yield open_phone
    for context in contexts:
        context.close()


@pytest.fixture
def page_at(browser):
    """A page at a named viewport: 'phone', 'tablet' or 'laptop'."""
    contexts = []

    def open_page(kind: str = "laptop"):
        context = _context(browser, {"phone": PHONE, "tablet": TABLET, "laptop": LAPTOP}[kind])
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


def axe_violations(page, impacts=("serious", "critical")) -> list[dict]:
    """Run axe-core in the page; return the violations of the given impacts."""
    # Evaluated, not added as a <script>: the Content-Security-Policy forbids inline scripts.
    page.evaluate(AXE_JS.read_text())
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        {
            "id": v["id"],
            "impact": v["impact"],
            "help": v["help"],
            "nodes": [n["target"] for n in v["nodes"]][:5],
        }
        for v in result["violations"]
        if v["impact"] in impacts
    ]


def assert_accessible(page) -> None:
    violations = axe_violations(page)
    assert violations == [], violations


def assert_fits_phone(page) -> None:
    """Nothing wider than the screen: no sideways scrolling at 360 px."""
    # clientWidth, not innerWidth: a phone's innerWidth grows with a page that is too wide
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"page is {overflow}px wider than the viewport"
