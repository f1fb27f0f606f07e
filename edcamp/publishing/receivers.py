"""What publishing does when something happened: a new version shows at once."""

from __future__ import annotations

from edcamp.publishing import service
from edcamp.signals import schedule_published


def _forget_version(sender, **_extra) -> None:
    """This process shows a new version at once (other workers within the version TTL)."""
    service.forget(getattr(sender, "slug", None))


def connect() -> None:
    schedule_published.connect(_forget_version)
