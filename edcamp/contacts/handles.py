"""Validation and normalisation of the social handles attendees share.

Pure functions, no Flask: the join form, the profile form and the JSON API
all call :func:`normalise_handle`, so a handle means the same everywhere.

Normal forms:

- ``mastodon``: ``@user@instance`` (host lower-cased)
- ``bluesky``: ``name.bsky.social`` or a custom domain, lower-cased, no ``@``
- ``x``: ``@name``
- ``linkedin``: ``https://www.linkedin.com/in/<slug>``
- ``website`` and ``blog_feed``: an absolute ``http``/``https`` URL
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import SplitResult, urlsplit, urlunsplit

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext

HANDLE_KINDS = ("mastodon", "bluesky", "x", "linkedin", "website", "blog_feed")

HANDLE_LABELS = {
    "mastodon": "Mastodon",
    "bluesky": "Bluesky",
    "x": "X (Twitter)",
    "linkedin": "LinkedIn",
    "website": _l("Website"),
    "blog_feed": _l("Blog feed"),
}

# How each normaliser names the service in its messages ("X: use @name ...").
_MESSAGE_LABELS = {**HANDLE_LABELS, "x": "X"}

HANDLE_EXAMPLES = {
    "mastodon": "@you@mastodon.social",
    "bluesky": "you.bsky.social",
    "x": "@you",
    "linkedin": "https://www.linkedin.com/in/you",
    "website": "https://example.org",
    "blog_feed": "https://example.org/feed.xml",
}

MAX_INPUT_LENGTH = 500
MAX_URL_LENGTH = 500
MAX_HOST_LENGTH = 253

_LABEL = r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?"
_HOST_RE = re.compile(rf"^(?:{_LABEL}\.)+(?:{_LABEL})$")
_MASTODON_USER_RE = re.compile(r"^[a-z0-9_](?:[a-z0-9_.-]{0,28}[a-z0-9_])?$", re.IGNORECASE)
_X_NAME_RE = re.compile(r"^[a-z0-9_]{1,15}$", re.IGNORECASE)
_LINKEDIN_SLUG_RE = re.compile(r"^[a-z0-9_%-]{3,100}$", re.IGNORECASE)
_SCHEME_RE = re.compile(r"^([a-z][a-z0-9+.-]*):", re.IGNORECASE)
_X_HOSTS = {"x.com", "www.x.com", "twitter.com", "www.twitter.com", "mobile.twitter.com"}
_X_RESERVED = {"home", "i", "intent", "search", "explore", "settings", "share", "login"}
_BSKY_HOSTS = {"bsky.app", "www.bsky.app"}


class HandleError(ValueError):
    """A handle that cannot be accepted; ``message`` is shown to the attendee."""

    def __init__(self, message: str, kind: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.kind = kind


def normalise_handle(kind: str, value: str | None, *, label: str | None = None) -> str | None:
    """Return the normal form of ``value`` for ``kind``; ``None`` when empty.

    Raises :class:`HandleError` with a message meant for the attendee, which names the
    handle by ``label`` when given (the resource wall calls a website a "Link").
    """
    if kind not in _NORMALISERS:
        raise HandleError(_("Unknown kind of handle: %(kind)s.", kind=repr(kind)), kind)
    shown = str(label or HANDLE_LABELS[kind])
    if value is None:
        return None
    if not isinstance(value, str):
        raise HandleError(_("%(label)s: expected text.", label=shown), kind)
    text = value.strip()
    if not text:
        return None
    if len(text) > MAX_INPUT_LENGTH:
        raise HandleError(_too_long(shown, MAX_INPUT_LENGTH), kind)
    if any(unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp") for ch in text):
        raise HandleError(
            _("%(label)s: contains invisible or control characters.", label=shown), kind
        )
    try:
        return _NORMALISERS[kind](text, str(label or _MESSAGE_LABELS[kind]))
    except HandleError as error:
        error.kind = kind
        raise


def normalise_handles(values: dict[str, str | None]) -> dict[str, str]:
    """Normalise a mapping of handles; drop empty ones.

    Raises :class:`HandleError` for the first bad one (``kind`` tells which).
    Unknown kinds are rejected too.
    """
    result: dict[str, str] = {}
    for kind, value in values.items():
        normal = normalise_handle(kind, value)
        if normal is not None:
            result[kind] = normal
    return result


def profile_url(kind: str, handle: str) -> str:
    """The public web page of a *normalised* handle."""
    if kind == "mastodon":
        user, host = handle.lstrip("@").split("@", 1)
        return f"https://{host}/@{user}"
    if kind == "bluesky":
        return f"https://bsky.app/profile/{handle}"
    if kind == "x":
        return f"https://x.com/{handle.lstrip('@')}"
    return handle


def is_valid_handle(kind: str, value: str) -> bool:
    """True when ``value`` is already in normal form for ``kind``."""
    try:
        return normalise_handle(kind, value) == value
    except HandleError:
        return False


# --- helpers --------------------------------------------------------------


def _too_long(label: str, limit: int) -> str:
    return ngettext(
        "%(label)s: too long (at most %(num)d character).",
        "%(label)s: too long (at most %(num)d characters).",
        limit,
        label=label,
    )


def _host(raw: str, label: str) -> str:
    host = raw.strip().rstrip(".").lower()
    if not host:
        raise HandleError(_("%(label)s: the link has no domain name.", label=label))
    if not host.isascii():
        try:
            host = host.encode("idna").decode("ascii")
        except UnicodeError as exc:
            raise HandleError(_not_a_domain(label, raw)) from exc
    if len(host) > MAX_HOST_LENGTH or not _HOST_RE.match(host) or host.rsplit(".", 1)[-1].isdigit():
        raise HandleError(_not_a_domain(label, raw))
    return host


def _not_a_domain(label: str, raw: str) -> str:
    return _("%(label)s: %(value)s is not a valid domain name.", label=label, value=repr(raw))


def _http_only(label: str) -> str:
    return _("%(label)s: only http:// or https:// links are accepted.", label=label)


def _split_web_url(text: str, label: str) -> tuple[str, str]:
    """(host, path) of an http(s) profile URL, scheme optional."""
    url = text if "://" in text else "https://" + text
    parts = _urlsplit(url, label)
    if parts.scheme.lower() not in ("http", "https"):
        raise HandleError(_http_only(label))
    return _host(parts.hostname or "", label), parts.path


def _urlsplit(url: str, label: str) -> SplitResult:
    try:
        return urlsplit(url)
    except ValueError as exc:  # e.g. an unbalanced "[" (IPv6 literal syntax)
        raise HandleError(_("%(label)s: that is not a valid link.", label=label)) from exc


def _looks_like_url(text: str) -> bool:
    return "://" in text or "/" in text


# --- per kind -------------------------------------------------------------


def _mastodon(text: str, label: str) -> str:
    v = {"label": label, "example": HANDLE_EXAMPLES["mastodon"]}
    hint = _("%(label)s: write it as @user@instance, like %(example)s.", **v)
    if _looks_like_url(text):
        host, path = _split_web_url(text, label)
        segments = [s for s in path.split("/") if s]
        if len(segments) == 1 and segments[0].startswith("@"):
            user = segments[0][1:]
        elif len(segments) == 2 and segments[0] == "users":
            user = segments[1]
        else:
            raise HandleError(
                _(
                    "%(label)s: that link is not a profile page; write it as @user@instance, "
                    "like %(example)s.",
                    **v,
                )
            )
        if "@" in user:  # https://home.example/@someone@elsewhere.example
            user, host = user.split("@", 1)
            host = _host(host, label)
    else:
        parts = text.lstrip("@").split("@")
        if len(parts) != 2 or text.count("@") > 2:
            raise HandleError(hint)
        user, host = parts[0], _host(parts[1], label)
    if not _MASTODON_USER_RE.match(user):
        raise HandleError(
            _(
                "%(label)s: %(user)s is not a valid user name; write it as @user@instance, "
                "like %(example)s.",
                user=repr(user),
                **v,
            )
        )
    return f"@{user}@{host}"


def _bluesky(text: str, label: str) -> str:
    v = {"label": label, "example": HANDLE_EXAMPLES["bluesky"]}
    if _looks_like_url(text):
        host, path = _split_web_url(text, label)
        segments = [s for s in path.split("/") if s]
        if host not in _BSKY_HOSTS or len(segments) < 2 or segments[0] != "profile":
            raise HandleError(
                _(
                    "%(label)s: use your handle (like %(example)s) or a bsky.app/profile/... link.",
                    **v,
                )
            )
        text = segments[1]
    handle = text.lstrip("@")
    if handle.lower().startswith("did:"):
        raise HandleError(_("%(label)s: use your handle (like %(example)s), not a DID.", **v))
    if "@" in handle:
        raise HandleError(_("%(label)s: a Bluesky handle has no second @ (like %(example)s).", **v))
    try:
        host = _host(handle, label)
    except HandleError as exc:
        raise HandleError(
            _(
                "%(label)s: %(value)s is not a handle; it looks like %(example)s or your own "
                "domain.",
                value=repr(handle),
                **v,
            )
        ) from exc
    if host.rsplit(".", 1)[-1][0].isdigit():
        raise HandleError(
            _("%(label)s: %(value)s is not a valid handle.", label=label, value=repr(handle))
        )
    return host


def _x(text: str, label: str) -> str:
    if _looks_like_url(text):
        host, path = _split_web_url(text, label)
        segments = [s for s in path.split("/") if s]
        if host not in _X_HOSTS or not segments:
            raise HandleError(_("%(label)s: use @name or an x.com/name link.", label=label))
        name = segments[0]
    else:
        name = text[1:] if text.startswith("@") else text
    if not _X_NAME_RE.match(name) or name.lower() in _X_RESERVED:
        raise HandleError(
            _(
                "%(label)s: a name has 1 to 15 letters, digits or underscores, like @you.",
                label=label,
            )
        )
    return f"@{name}"


def _linkedin(text: str, label: str) -> str:
    hint = _(
        "%(label)s: paste your profile link, like %(example)s.",
        label=label,
        example=HANDLE_EXAMPLES["linkedin"],
    )
    if not _looks_like_url(text):
        raise HandleError(hint)
    host, path = _split_web_url(text, label)
    if host != "linkedin.com" and not host.endswith(".linkedin.com"):
        raise HandleError(hint)
    segments = [s for s in path.split("/") if s]
    if len(segments) < 2 or segments[0] != "in" or not _LINKEDIN_SLUG_RE.match(segments[1]):
        raise HandleError(hint)
    return f"https://www.linkedin.com/in/{segments[1]}"


def _web_url(text: str, label: str) -> str:
    scheme = _SCHEME_RE.match(text)
    if "://" in text or (scheme and not text[scheme.end() :][:1].isdigit()):
        if not scheme or scheme.group(1).lower() not in ("http", "https"):
            raise HandleError(_http_only(label))
    else:
        text = "https://" + text
    if len(text) > MAX_URL_LENGTH:
        raise HandleError(_too_long(label, MAX_URL_LENGTH))
    if any(ch.isspace() for ch in text) or any(ch in text for ch in "<>\"'`\\"):
        raise HandleError(
            _("%(label)s: a link cannot contain spaces, quotes or angle brackets.", label=label)
        )
    parts = _urlsplit(text, label)
    if parts.username is not None or parts.password is not None:
        raise HandleError(
            _("%(label)s: a link with a user name or password is not accepted.", label=label)
        )
    try:
        port = parts.port
    except ValueError as exc:
        raise HandleError(_("%(label)s: the port number is not valid.", label=label)) from exc
    host = _host(parts.hostname or "", label)
    netloc = host if port is None else f"{host}:{port}"
    return urlunsplit((parts.scheme.lower(), netloc, parts.path or "/", parts.query, ""))


_NORMALISERS = {
    "mastodon": _mastodon,
    "bluesky": _bluesky,
    "x": _x,
    "linkedin": _linkedin,
    "website": _web_url,
    "blog_feed": _web_url,
}
