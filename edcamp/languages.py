"""The languages an event or a session can be held in.

An event's language is written into feeds (frab `language`) and is the
pages' default language when neither `?lang=` nor the browser names one.
Tags are BCP 47, as conference apps and browsers write them.
"""

from __future__ import annotations

from flask_babel import gettext as _

from edcamp.errors import Invalid

DEFAULT_LANGUAGE = "en"

# Native names, so a speaker finds their own language whatever the page's language.
LANGUAGES: dict[str, str] = {
    "en": "English",
    "es": "Español",
    "fr": "Français",
    "de": "Deutsch",
    "pt-BR": "Português (Brasil)",
    "pt": "Português",
    "it": "Italiano",
    "nl": "Nederlands",
    "ca": "Català",
    "eu": "Euskara",
    "gl": "Galego",
    "da": "Dansk",
    "sv": "Svenska",
    "nb": "Norsk bokmål",
    "fi": "Suomi",
    "pl": "Polski",
    "cs": "Čeština",
    "ro": "Română",
    "hu": "Magyar",
    "el": "Ελληνικά",
    "tr": "Türkçe",
    "uk": "Українська",
    "ru": "Русский",
    "ar": "العربية",
    "he": "עברית",
    "hi": "हिन्दी",
    "ja": "日本語",
    "ko": "한국어",
    "zh-Hans": "中文（简体）",
    "zh-Hant": "中文（繁體）",
}
_BY_LOWER = {tag.lower(): tag for tag in LANGUAGES}


def clean_language(value: object, *, field: str = "language") -> str:
    """The canonical tag for `value` (case-insensitive, `_` read as `-`); Invalid otherwise."""
    tag = _BY_LOWER.get(str(value).strip().replace("_", "-").lower()) if value else None
    if tag is None:
        raise Invalid(
            _("Choose a language from the list, written like en, fr or pt-BR."), field=field
        )
    return tag
