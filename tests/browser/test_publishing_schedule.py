"""The phone schedule at a phone viewport, and the printable grid and door signs on paper."""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import pytest
from playwright.sync_api import expect

from edcamp.extensions import db
from edcamp.models import Schedule
from tests.browser.conftest import assert_accessible, assert_fits_phone
from tests.publishing.helpers import add_proposal, publish

ARTIFACTS = Path(__file__).resolve().parents[2] / "instance" / "test-artifacts"
LONG = "Thinking classrooms: vertical whiteboards, random groups and hint cards in every subject"


@pytest.fixture
def big_grid(make_event, make_attendee):
    """10 rooms x 6 slots, every cell holding a session with a long title."""
    rooms = [(f"Room {100 + i}", 20 + i) for i in range(1, 11)]
    slots = [
        ("09:00", "09:50"),
        ("10:00", "10:50"),
        ("11:00", "11:50"),
        ("13:00", "13:50"),
        ("14:00", "14:50"),
        ("15:00", "15:50"),
    ]
    event = make_event(
        slug="edcamp-print",
        rooms=rooms,
        slots=slots,
        hashtag="edcampprint",
        venue="Lincoln High School",
    )
    hosts = [make_attendee(event, name=f"Facilitator Number {i}")[0] for i in range(6)]
    cells = []
    for s, slot in enumerate(event.slots):
        for r, room in enumerate(event.rooms):
            title = f"{LONG} ({s * 10 + r + 1})" if r % 3 == 0 else f"Session {s}-{r}"
            proposal = add_proposal(event, hosts[(s + r) % 6], title, tags=["math", "k-5"])
            cells.append((proposal, room, slot))
    publish(event, cells)
    db.session.commit()
    return event


def pdf_pages(data: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?![s\w])", data))


def look(pdf: bytes, name: str) -> None:
    """Keep the PDF and, with poppler installed, a PNG of page 1 to look at."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.pdf"
    path.write_bytes(pdf)
    if shutil.which("pdftoppm"):
        subprocess.run(
            [
                "pdftoppm",
                "-png",
                "-r",
                "60",
                "-f",
                "1",
                "-l",
                "1",
                str(path),
                str(path.with_suffix("")),
            ],
            check=True,
            timeout=60,
        )


def test_phone_schedule_marks_now_and_passes_axe(app, live_server, phone, big_grid):
    page = phone()
    page.goto(f"{live_server.url}/events/edcamp-print/schedule?at=2026-06-13T10:20")

    now = page.locator("section.slot-now")
    expect(now).to_have_count(1)
    expect(now.get_by_role("heading", level=2)).to_contain_text("10:00")
    expect(now.locator(".badge-now")).to_have_text("Now")
    expect(page.locator("section.slot-next .badge-next")).to_have_text("Next")
    assert now.get_attribute("aria-current") == "time"
    assert_fits_phone(page)
    assert_accessible(page)

    page.get_by_label("Room").select_option(label="Room 103")  # applies at once: no button
    page.wait_for_url(re.compile(r"room=\d"))
    expect(page.locator(".session-card")).to_have_count(6)
    assert_accessible(page)


def test_now_moves_along_while_the_page_stays_open(app, live_server, phone, big_grid):
    page = phone()
    page.clock.install(time=datetime(2026, 6, 13, 14, 20, tzinfo=UTC))  # 10:20 in New York
    page.goto(f"{live_server.url}/events/edcamp-print/schedule")

    expect(page.locator("section.slot-now h2")).to_contain_text("10:00")
    expect(page.locator("section.slot-next h2")).to_contain_text("11:00")
    page.clock.fast_forward("01:00:00")

    expect(page.locator("section.slot-now h2")).to_contain_text("11:00")
    expect(page.locator("section.slot-now .badge-now")).to_be_visible()
    expect(page.locator("section.slot-next h2")).to_contain_text("13:00")
    expect(page.locator(".badge-now:visible")).to_have_count(1)
    assert_accessible(page)


def test_attendee_stars_a_session_on_the_phone(app, live_server, phone, big_grid):
    page = phone()
    page.goto(f"{live_server.url}/events/edcamp-print/join?code={big_grid.join_code}")
    page.get_by_label("Your name").fill("Robin")
    page.get_by_role("button", name="Join").tap()
    page.wait_for_url(f"{live_server.url}/events/edcamp-print")
    page.goto(f"{live_server.url}/events/edcamp-print/schedule?at=2026-06-13T10:20")

    first_star = page.locator(".session-card").first.get_by_role("button", name="Star")
    first_star.tap()

    expect(
        page.locator(".session-card").first.get_by_role("button", name="Starred")
    ).to_have_attribute("aria-pressed", "true")
    page.get_by_label("Only my schedule").check()
    page.wait_for_url(re.compile(r"mine=1"))
    expect(page.locator(".session-card")).to_have_count(1)
    assert_accessible(page)


def test_session_page_on_a_phone(app, live_server, phone, big_grid):
    page = phone()
    page.goto(f"{live_server.url}/events/edcamp-print/schedule")
    page.locator(".session-title a").first.tap()

    expect(page.get_by_role("heading", level=1)).to_contain_text("Thinking classrooms")
    expect(page.get_by_role("link", name="Add to my calendar")).to_be_visible()
    assert_fits_phone(page)
    assert_accessible(page)

    page.locator(".facts a").first.tap()  # its room
    expect(page.get_by_role("heading", level=1)).to_have_text("Room 101")
    expect(page.locator(".room-sessions li")).to_have_count(6)
    assert_fits_phone(page)
    assert_accessible(page)


def test_unpublished_schedule_on_a_phone(app, live_server, phone, make_event):
    make_event(slug="edcamp-draft")
    page = phone()
    page.goto(f"{live_server.url}/events/edcamp-draft/schedule")

    expect(page.get_by_text("not published yet")).to_be_visible()
    assert_accessible(page)


@pytest.mark.parametrize("paper", ["Letter", "A4"])
def test_printable_grid_is_one_landscape_page(app, live_server, page_at, big_grid, paper):
    page = page_at("laptop")
    page.goto(f"{live_server.url}/events/edcamp-print/schedule/print")
    assert_accessible(page)

    pdf = page.pdf(format=paper, prefer_css_page_size=True, print_background=True)

    look(pdf, f"print-grid-{paper}")
    assert pdf_pages(pdf) == 1
    box = re.search(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", pdf)
    assert box is not None
    assert float(box.group(1)) > float(box.group(2))  # landscape


def test_door_signs_print_one_page_per_room(app, live_server, page_at, big_grid):
    page = page_at("laptop")
    page.goto(f"{live_server.url}/events/edcamp-print/door-signs")
    assert_accessible(page)

    pdf = page.pdf(prefer_css_page_size=True)

    look(pdf, "door-signs")
    assert pdf_pages(pdf) == 10


def test_projector_view_is_readable_and_follows_a_new_version(app, live_server, page_at, big_grid):
    page = page_at("laptop")
    page.goto(f"{live_server.url}/events/edcamp-print/now?at=2026-06-13T10:20")

    expect(page.locator(".projector-table tbody tr")).to_have_count(10)
    size = page.evaluate(
        "parseFloat(getComputedStyle(document.querySelector('.projector-table')).fontSize)"
    )
    assert size >= 24  # large type, a little smaller with more than six rooms
    assert_accessible(page)

    # A new version takes Room 101's 10:00 session off the grid: the projector follows.
    db.session.rollback()
    current = (  # the published version (every event also has its draft)
        db.session.query(Schedule)
        .filter(Schedule.event_id == big_grid.id, Schedule.version.is_not(None))
        .one()
    )
    cells = [(e.proposal, e.room, e.slot) for e in current.entries]
    dropped = next(c for c in cells if c[1].name == "Room 101" and c[2].starts_at.hour == 10)
    expect(page.locator("tbody tr").first).to_contain_text(dropped[0].title)
    publish(big_grid, [c for c in cells if c is not dropped])

    expect(page.locator("tbody tr").first).not_to_contain_text(dropped[0].title, timeout=12_000)
