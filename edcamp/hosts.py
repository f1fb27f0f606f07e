"""Which Host headers the app answers, so that no absolute link comes from an attacker.

Absolute links (calendar feeds, QR codes, mails, exports, the embed snippet) start with
``EDCAMP_BASE_URL`` when it is set, else with the request's own host. A forged
``Host: evil.example`` would then put the attacker's address into a "send me my link" mail
or a ``webcal://`` link. So the app answers only hosts it trusts:

- ``TRUSTED_HOSTS`` set (environment, comma-separated; ``.school.org`` also matches its
  subdomains): those, through Flask's own ``TRUSTED_HOSTS`` check.
- neither ``TRUSTED_HOSTS`` nor ``EDCAMP_BASE_URL`` set, outside debug and testing (the
  laptop at the venue): this machine's names, ``localhost``, ``127.0.0.1``, its host name
  and ``<host name>.local``, and the address the connection came in on (the laptop's Wi-Fi
  address the phones typed or scanned).
- ``EDCAMP_BASE_URL`` set and no ``TRUSTED_HOSTS``: any host; links never use it.
- debug (``flask run --debug``): any host.

Any other Host gets a plain 400, answered here before anything else of the request runs.
It must be: Flask could not bind the URL map to that host, so ``url_for`` has nothing to
build with, and the styled error page (its logo, its stylesheet) or any hook building a
link raised again inside the 400 handler, which turned the 400 into a 500.
"""

from __future__ import annotations

import socket
from typing import Any

from flask import Flask, current_app, jsonify, make_response, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from markupsafe import escape
from werkzeug.exceptions import SecurityError

from edcamp.errors import error_body
from edcamp.i18n import page_language

_PAGE = (
    '<!doctype html>\n<html lang="{lang}"><head><meta charset="utf-8">'
    "<title>{title}</title></head>\n<body><h1>{title}</h1>\n<p>{message}</p></body></html>\n"
)


MESSAGE = _l("This server does not answer to that host name.")


def _message() -> str:
    return str(MESSAGE)


def _page() -> str:
    """The plain page (no template: it would build links to a host Flask cannot bind)."""
    return _PAGE.format(
        lang=escape(page_language()), title=escape(_("Bad request")), message=escape(_message())
    )


def init_hosts(app: Flask) -> None:
    """After the request class is chosen; before every other ``before_request`` hook."""
    if machine_hosts_only(app):
        app.request_class = _machine_request(app.request_class, machine_names())
    app.before_request_funcs.setdefault(None, []).insert(0, _refuse_untrusted_host)


def machine_hosts_only(app: Flask) -> bool:
    config = app.config
    return (
        config.get("TRUSTED_HOSTS") is None
        and not config.get("EDCAMP_BASE_URL")
        and not (app.debug or app.testing)
    )


def machine_names() -> tuple[str, ...]:
    names = ["localhost", "127.0.0.1"]
    host = socket.gethostname().lower()
    if host and host != "localhost":
        names.append(host)
        if "." not in host:
            names.append(host + ".local")  # the name mDNS (Bonjour, Avahi) answers to
    return tuple(names)


def arrived_on(environ: dict[str, Any]) -> list[str]:
    """The IPv4 address this request's connection came in on (gunicorn or Werkzeug's server
    hand the socket over); the client typed or scanned it, so it is this machine."""
    sock = environ.get("gunicorn.socket") or environ.get("werkzeug.socket")
    try:
        local = sock.getsockname() if sock is not None else None
    except OSError:
        return []
    if not isinstance(local, tuple) or not isinstance(local[0], str):
        return []  # a Unix socket
    address = local[0].removeprefix("::ffff:")  # IPv4 on a dual-stack socket
    # Werkzeug's host check cannot match an IPv6 literal: those need TRUSTED_HOSTS names.
    return [address] if address and ":" not in address else []


def _machine_request(base: type, names: tuple[str, ...]) -> type:
    class MachineHostsRequest(base):
        """Trusts this machine's names and the address the connection came in on."""

        def __init__(self, environ, *args, **kwargs):
            super().__init__(environ, *args, **kwargs)
            self.trusted_hosts = [*names, *arrived_on(environ)]

    return MachineHostsRequest


def _refuse_untrusted_host():
    if not isinstance(request.routing_exception, SecurityError):
        return None
    current_app.logger.warning(
        "refused a request for the untrusted Host %r (see TRUSTED_HOSTS in the README)",
        request.headers.get("Host", "")[:200],
    )
    if request.path.startswith("/api/"):
        response = jsonify(error_body("untrusted_host", _message()))
    else:
        response = make_response(_page())
    response.status_code = 400
    response.headers["Cache-Control"] = "no-store"
    return response
