"""MAIL_URL, read once: how to reach the SMTP server."""

from __future__ import annotations

import ssl
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

SCHEMES = {"smtp": "plain", "smtps": "tls", "smtp+starttls": "starttls"}
DEFAULT_PORTS = {"plain": 25, "tls": 465, "starttls": 587}


@dataclass(frozen=True)
class SmtpSettings:
    host: str
    port: int
    security: str  # "plain", "tls" (implicit, smtps) or "starttls"
    username: str | None = None
    password: str | None = None
    ca_file: str | None = None
    timeout_s: float = 20.0

    def tls_context(self) -> ssl.SSLContext:
        return ssl.create_default_context(cafile=self.ca_file)


def parse_mail_url(
    url: str, *, ca_file: str | None = None, timeout_s: float = 20.0
) -> SmtpSettings:
    """``smtp://[user:pass@]host[:port]``, ``smtps://...`` or ``smtp+starttls://...``."""
    parts = urlsplit(url)
    security = SCHEMES.get(parts.scheme.lower())
    if security is None or not parts.hostname:
        raise ValueError(
            "MAIL_URL must look like smtp://host:port, smtps://... or smtp+starttls://..."
            f" (with user:password@ before the host to log in), not {parts.scheme}://..."
        )
    return SmtpSettings(
        host=parts.hostname,
        port=parts.port or DEFAULT_PORTS[security],
        security=security,
        username=unquote(parts.username) if parts.username else None,
        password=unquote(parts.password) if parts.password is not None else None,
        ca_file=ca_file,
        timeout_s=timeout_s,
    )
