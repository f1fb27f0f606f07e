from datetime import UTC, datetime


def utcnow() -> datetime:
    """Naive UTC: every stored datetime is UTC without tzinfo, on SQLite and PostgreSQL alike."""
    return datetime.now(UTC).replace(tzinfo=None)
