"""What a person does in the browser before the part a test is about: sign in, join."""

from __future__ import annotations

from tests.helpers import TEST_PASSWORD


def sign_in(page, base: str, email: str, password: str = TEST_PASSWORD) -> None:
    page.goto(f"{base}/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{base}/dashboard")


def join(page, base: str, event, name: str) -> None:
    """Join through the join page as a phone would after scanning the poster."""
    page.goto(f"{base}/events/{event.slug}/join?code={event.join_code}")
    page.get_by_label("Your name").fill(name)
    page.get_by_role("button", name="Join").click()
    page.wait_for_url(f"{base}/events/{event.slug}")
