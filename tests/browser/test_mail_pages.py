"""Mail, invitations and coming back, as people see them at 360 px (no MAIL_URL: the
embedded default, where the outbox page is where mail can be read)."""

from __future__ import annotations

import re

from edcamp.extensions import db
from edcamp.models import OutboxMail
from tests.browser.conftest import PHONE, assert_accessible
from tests.browser.flows import join, sign_in
from tests.browser.judge import (
    assert_no_horizontal_scroll,
    assert_tap_targets,
    assert_visible_in_viewport,
    screenshot,
)


def _context(browser, **options):
    context = browser.new_context(**options)
    context.set_default_timeout(10_000)
    return context, context.new_page()


def test_invitation_from_manage_page_to_outbox_to_a_new_co_organizer(
    live_server, browser, make_organizer, make_event
):
    lead = make_organizer(email="lead@school.test", name="Lena Lead")
    event = make_event(lead)
    base = live_server.url
    context, page = _context(browser, **PHONE)
    try:
        sign_in(page, base, lead.email)
        page.goto(f"{base}/events/{event.slug}/manage#organizers")
        page.get_by_label("Their email").fill("nia@school.test")
        page.get_by_role("button", name="Invite a co-organizer").click()
        page.wait_for_load_state("load")
        # Back at the Organizers section: the pending invitation is what they see.
        invitation = page.locator("#organizers li", has_text="nia@school.test")
        screenshot(page, "mail-manage-organizers-360", full_page=False)
        assert_visible_in_viewport(page, invitation, what="the pending invitation")
        assert "pending" in invitation.inner_text()
        screenshot(page, "mail-manage-organizers-360", full_page=False)

        page.goto(f"{base}/events/{event.slug}/mail")
        banner = page.get_by_text("Mail is not configured on this server.")
        assert_visible_in_viewport(page, banner, what="the not-configured banner")
        assert page.get_by_text("Lena Lead invites you to co-organize").first.is_visible()
        assert page.locator(".status-queued").first.inner_text() == "Queued"
        screenshot(page, "mail-outbox-not-configured-360")
        assert_no_horizontal_scroll(page)
        assert_accessible(page)
    finally:
        context.close()

    db.session.rollback()  # see what the server committed
    body = db.session.query(OutboxMail).filter_by(kind="invitation").one().body_text
    path = re.search(r"https?://[^/\s]+(/invitations/\S+)", body).group(1)
    context, page = _context(browser, **PHONE)
    try:
        page.goto(base + path)
        screenshot(page, "mail-invitation-accept-360")
        assert_no_horizontal_scroll(page)
        assert_accessible(page)
        assert_tap_targets(page)
        page.get_by_label("Your name").fill("Nia New")
        page.get_by_label("Password").fill("a long enough password")
        page.get_by_role("button", name="Create my account and accept").click()
        page.wait_for_url(f"{base}/events/{event.slug}/manage")
        assert page.get_by_text(f"You co-organize {event.name} now.").is_visible()

        page.goto(f"{base}/account")
        screenshot(page, "mail-account-360")
        assert_no_horizontal_scroll(page)
        assert_accessible(page)
    finally:
        context.close()


def test_continue_on_another_device_with_the_qr_code_page(live_server, browser, make_event):
    event = make_event()
    base = live_server.url
    phone_context, phone = _context(browser, **PHONE)
    laptop_context, laptop = _context(browser, viewport={"width": 1366, "height": 800})
    try:
        join(phone, base, event, "Pat Teacher")
        phone.goto(f"{base}/events/{event.slug}/me")
        phone.get_by_role("button", name="Continue on another device").click()
        qr = phone.locator(".device-qr svg")
        assert_visible_in_viewport(phone, qr, what="the QR code")
        screenshot(phone, "mail-device-link-360")
        assert_no_horizontal_scroll(phone)
        assert_visible_in_viewport(phone, phone.locator("code.token"), what="the link")
        assert_accessible(phone)
        url = phone.locator("code.token").inner_text()

        laptop.goto(url)
        laptop.get_by_role("button", name="Continue as Pat Teacher").click()
        laptop.wait_for_url(f"{base}/events/{event.slug}")
        laptop.goto(f"{base}/events/{event.slug}/me")
        assert laptop.get_by_label("Your name").input_value() == "Pat Teacher"
    finally:
        phone_context.close()
        laptop_context.close()


def test_send_me_my_link_from_the_join_page(live_server, browser, make_event):
    event = make_event()
    base = live_server.url
    context, page = _context(browser, **PHONE)
    try:
        page.goto(f"{base}/events/{event.slug}/join?code={event.join_code}")
        page.get_by_role("link", name="Send me my link").click()
        screenshot(page, "mail-send-my-link-360")
        assert_no_horizontal_scroll(page)
        assert_accessible(page)
        page.get_by_label("Email").fill("nobody@school.test")
        page.get_by_role("button", name="Send me my link").click()
        assert page.get_by_role("heading", name="Check your mail").is_visible()
    finally:
        context.close()
