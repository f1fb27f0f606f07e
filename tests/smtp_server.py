"""A real SMTP server for tests (aiosmtpd), that can go down and come back on its port."""

from __future__ import annotations

import asyncio
import email
import email.policy
import socket
import threading
from dataclasses import dataclass, field

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Inbox:
    """What the server accepted, and how it should misbehave next."""

    messages: list = field(default_factory=list)
    refuse_next: int = 0  # answer "451 try again later" to this many DATA commands
    drop_next: int = 0  # cut the connection in the middle of this many DATA commands
    delay_s: float = 0.0  # a slow server: senders overlap while it thinks
    lock: threading.Lock = field(default_factory=threading.Lock)

    async def handle_DATA(self, server, session, envelope):
        if self.delay_s:
            await asyncio.sleep(self.delay_s)
        with self.lock:
            if self.drop_next:
                self.drop_next -= 1
                server.transport.abort()  # the server dies mid-send: nothing was accepted
                return "421 going away"
            if self.refuse_next:
                self.refuse_next -= 1
                return "451 4.3.0 Try again later"
            self.messages.append(
                email.message_from_bytes(envelope.content, policy=email.policy.default)
            )
        return "250 OK"

    def to(self, address: str) -> list:
        return [m for m in self.messages if m["To"] == address]


class SmtpServer:
    def __init__(self, *, auth: tuple[str, str] | None = None, tls_context=None):
        self.port = free_port()
        self.inbox = Inbox()
        self.auth = auth
        self.tls_context = tls_context
        self._controller: Controller | None = None

    def _authenticate(self, server, session, envelope, mechanism, auth_data):
        ok = isinstance(auth_data, LoginPassword) and (
            (auth_data.login.decode(), auth_data.password.decode()) == self.auth
        )
        return AuthResult(success=ok)

    def start(self, *, implicit_tls: bool = False) -> SmtpServer:
        options = {}
        if self.auth:
            options.update(authenticator=self._authenticate, auth_require_tls=False)
        if self.tls_context is not None and implicit_tls:
            options.update(ssl_context=self.tls_context)
        elif self.tls_context is not None:
            options.update(tls_context=self.tls_context, require_starttls=True)
        self._controller = Controller(self.inbox, hostname="127.0.0.1", port=self.port, **options)
        self._controller.start()
        return self

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    def url(self, scheme: str = "smtp", login: str = "") -> str:
        return f"{scheme}://{login}127.0.0.1:{self.port}"
