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

HANDLE_KINDS = ("mastodon", "bluesky", "x", "linkedin", "website", "blog_feed")

HANDLE_LABELS = {
    "mastodon": "Mastodon",
    "bluesky": "Bluesky",
    "x": "X (Twitter)",
    "linkedin": "LinkedIn",
    "website": "Website",
    "blog_feed": "Blog feed",
}

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


def normalise_handle(kind: str, value: str | None) -> str | None:
    """Return the normal form of ``value`` for ``kind``; ``None`` when empty.

    Raises :class:`HandleError` with a message meant for the attendee.
    """
    if kind not in _NORMALISERS:
        raise HandleError(f"Unknown kind of handle: {kind!r}.", kind)
    if value is None:
        return None
    if not isinstance(value, str):
        raise HandleError(f"{HANDLE_LABELS[kind]}: expected text.", kind)
    text = value.strip()
    if not text:
        return None
    if len(text) > MAX_INPUT_LENGTH:
        raise HandleError(
            f"{HANDLE_LABELS[kind]}: too long (at most {MAX_INPUT_LENGTH} characters).", kind
        )
    if any(unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp") for ch in text):
        raise HandleError(f"{HANDLE_LABELS[kind]}: contains invisible or control characters.", kind)
    try:
        return _NORMALISERS[kind](text)
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


def _host(raw: str, label: str) -> str:
    host = raw.strip().rstrip(".").lower()
    if not host:
        raise HandleError(f"{label}: the link has no domain name.")
    if not host.isascii():
        try:
            host = host.encode("idna").decode("ascii")
        except UnicodeError as exc:
            raise HandleError(f"{label}: {raw!r} is not a valid domain name.") from exc
    if len(host) > MAX_HOST_LENGTH or not _HOST_RE.match(host) or host.rsplit(".", 1)[-1].isdigit():
        raise HandleError(f"{label}: {raw!r} is not a valid domain name.")
    return host


def _split_web_url(text: str, label: str) -> tuple[str, str]:
    """(host, path) of an http(s) profile URL, scheme optional."""
    url = text if "://" in text else "https://" + text
    parts = _urlsplit(url, label)
    if parts.scheme.lower() not in ("http", "https"):
        raise HandleError(f"{label}: only http:// or https:// links are accepted.")
    return _host(parts.hostname or "", label), parts.path


def _urlsplit(url: str, label: str) -> SplitResult:
    try:
        return urlsplit(url)
    except ValueError as exc:  # e.g. an unbalanced "[" (IPv6 literal syntax)
        raise HandleError(f"{label}: that is not a valid link.") from exc


def _looks_like_url(text: str) -> bool:
    return "://" in text or "/" in text


# --- per kind -------------------------------------------------------------


def _mastodon(text: str) -> str:
    label = "Mastodon"
    example = f"write it as @user@instance, like {HANDLE_EXAMPLES['mastodon']}."
    hint = f"{label}: {example}"
    if _looks_like_url(text):
        host, path = _split_web_url(text, label)
        segments = [s for s in path.split("/") if s]
        if len(segments) == 1 and segments[0].startswith("@"):
            user = segments[0][1:]
        elif len(segments) == 2 and segments[0] == "users":
            user = segments[1]
        else:
            raise HandleError(f"{label}: that link is not a profile page; {example}")
        if "@" in user:  # https://home.example/@someone@elsewhere.example
            user, host = user.split("@", 1)
            host = _host(host, label)
    else:
        parts = text.lstrip("@").split("@")
        if len(parts) != 2 or text.count("@") > 2:
            raise HandleError(hint)
        user, host = parts[0], _host(parts[1], label)
    if not _MASTODON_USER_RE.match(user):
        raise HandleError(f"{label}: {user!r} is not a valid user name; {example}")
    return f"@{user}@{host}"


def _bluesky(text: str) -> str:
    label = "Bluesky"
    if _looks_like_url(text):
        host, path = _split_web_url(text, label)
        segments = [s for s in path.split("/") if s]
        if host not in _BSKY_HOSTS or len(segments) < 2 or segments[0] != "profile":
            raise HandleError(
                f"{label}: use your handle (like {HANDLE_EXAMPLES['bluesky']}) "
                "or a bsky.app/profile/... link."
            )
        text = segments[1]
    handle = text.lstrip("@")
    if handle.lower().startswith("did:"):
        example = HANDLE_EXAMPLES["bluesky"]
        raise HandleError(f"{label}: use your handle (like {example}), not a DID.")
    if "@" in handle:
        raise HandleError(
            f"{label}: a Bluesky handle has no second @ (like {HANDLE_EXAMPLES['bluesky']})."
        )
    try:
        host = _host(handle, label)
    except HandleError as exc:
        raise HandleError(
            f"{label}: {handle!r} is not a handle; it looks like {HANDLE_EXAMPLES['bluesky']} "
            "or your own domain."
        ) from exc
    if host.rsplit(".", 1)[-1][0].isdigit():
        raise HandleError(f"{label}: {handle!r} is not a valid handle.")
    return host


def _x(text: str) -> str:
    label = "X"
    if _looks_like_url(text):
        host, path = _split_web_url(text, label)
        segments = [s for s in path.split("/") if s]
        if host not in _X_HOSTS or not segments:
            raise HandleError(f"{label}: use @name or an x.com/name link.")
        name = segments[0]
    else:
        name = text[1:] if text.startswith("@") else text
    if not _X_NAME_RE.match(name) or name.lower() in _X_RESERVED:
        raise HandleError(f"{label}: a name has 1 to 15 letters, digits or underscores, like @you.")
    return f"@{name}"


def _linkedin(text: str) -> str:
    label = "LinkedIn"
    hint = f"{label}: paste your profile link, like {HANDLE_EXAMPLES['linkedin']}."
    if not _looks_like_url(text):
        raise HandleError(hint)
    host, path = _split_web_url(text, label)
    if host != "linkedin.com" and not host.endswith(".linkedin.com"):
        raise HandleError(hint)
    segments = [s for s in path.split("/") if s]
    if len(segments) < 2 or segments[0] != "in" or not _LINKEDIN_SLUG_RE.match(segments[1]):
        raise HandleError(hint)
    return f"https://www.linkedin.com/in/{segments[1]}"


def _web_url(label: str):
    def normalise(text: str) -> str:
        scheme = _SCHEME_RE.match(text)
        if "://" in text or (scheme and not text[scheme.end() :][:1].isdigit()):
            if not scheme or scheme.group(1).lower() not in ("http", "https"):
                raise HandleError(f"{label}: only http:// or https:// links are accepted.")
        else:
            text = "https://" + text
        if len(text) > MAX_URL_LENGTH:
            raise HandleError(f"{label}: too long (at most {MAX_URL_LENGTH} characters).")
        if any(ch.isspace() for ch in text) or any(ch in text for ch in "<>\"'`\\"):
            raise HandleError(f"{label}: a link cannot contain spaces, quotes or angle brackets.")
        parts = _urlsplit(text, label)
        if parts.username is not None or parts.password is not None:
            raise HandleError(f"{label}: a link with a user name or password is not accepted.")
        try:
            port = parts.port
        except ValueError as exc:
            raise HandleError(f"{label}: the port number is not valid.") from exc
        host = _host(parts.hostname or "", label)
        netloc = host if port is None else f"{host}:{port}"
        return urlunsplit((parts.scheme.lower(), netloc, parts.path or "/", parts.query, ""))

    return normalise


_NORMALISERS = {
    "mastodon": _mastodon,
    "bluesky": _bluesky,
    "x": _x,
    "linkedin": _linkedin,
    "website": _web_url("Website"),
    "blog_feed": _web_url("Blog feed"),
}
