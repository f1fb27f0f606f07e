"""Every word a person reads is marked for translation, and every catalog is complete (#17).

(a) Templates: the literal text of every template (Jinja's TemplateData, what is not inside
    ``{{ }}``, ``{% %}`` or ``{% trans %}``), read as HTML: text content and the attributes
    people see or hear (title, alt, placeholder, aria-label, aria-description, label, the
    value of submit/button inputs, a meta description's content) must hold no letters.
(b) Python: no string literal or f-string with letters goes unmarked into flash(), a domain
    error (edcamp/errors.py's family and every subclass), a WTForms field's label or
    description, a validator's message=, or a mail's subject and body.
(c) Catalogs (edcamp/translations/*/LC_MESSAGES/messages.po): every message the code marks
    is in each, translated, not fuzzy, every plural form written, nothing obsolete, the same
    placeholders as the English (Babel's catalog.check()), and the committed .mo is the
    compilation of the .po.
"""

from __future__ import annotations

import ast
import re
from html.parser import HTMLParser
from io import BytesIO
from pathlib import Path

import pytest
from babel.messages.mofile import read_mo, write_mo
from babel.messages.pofile import read_po
from jinja2 import Environment, nodes

from tests.catalogs import marked_messages

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = ROOT / "templates"
PACKAGE = ROOT / "edcamp"
TRANSLATIONS = PACKAGE / "translations"

# Words that are the same in every language. Keep it short; say why.
SAME_IN_EVERY_LANGUAGE = {
    "edcamp": "the product's name",
    "Mastodon": "a service's name (profile field)",
    "Bluesky": "a service's name (profile field)",
    "LinkedIn": "a service's name (profile field)",
    "X": "a service's name (profile field)",
}
# Example addresses and handles (@you, https://…, you.bsky.social) read the same everywhere.
_ADDRESS = re.compile(r"@\S*|https?://\S*|[a-z0-9-]+(?:\.[a-z0-9-]+)+")
_SAME = re.compile(r"\b(?:" + "|".join(map(re.escape, SAME_IN_EVERY_LANGUAGE)) + r")\b")
# Blocks whose text base.html puts into a class="" attribute: CSS classes, not words.
CLASS_BLOCKS = {"body_class", "main_class"}
# Modules whose messages only operators read on the command line (English, I18N.md).
OPERATOR_MODULES = {"edcamp/operations/archive.py": "flask export-event / import-event"}


def needs_translation(text: str) -> bool:
    text = text.strip()
    if _ADDRESS.fullmatch(text):
        return False
    return _has_letters(_SAME.sub("", text))


# -- (a) templates ------------------------------------------------------------------------

HOLE = "\ue000"  # stands for whatever {{ }} prints: no letter, so never reported itself
SEEN_ATTRIBUTES = {"title", "alt", "placeholder", "aria-label", "aria-description", "label"}
BUTTON_INPUTS = {"submit", "button", "reset"}
_ENV = Environment(extensions=["jinja2.ext.i18n", "jinja2.ext.do"])


def _has_letters(text: str) -> bool:
    return any(ch.isalpha() for ch in text)


def _literal_pieces(node: nodes.Node, pieces: list[tuple[int, str]]) -> None:
    """The template's literal text in source order, with a HOLE where it prints a value."""
    if isinstance(node, nodes.Output):
        for child in node.nodes:
            if isinstance(child, nodes.TemplateData):
                pieces.append((child.lineno, child.data))
            else:
                pieces.append((child.lineno, HOLE))
        return
    if isinstance(node, nodes.Block) and node.name in CLASS_BLOCKS:
        return
    for child in node.iter_child_nodes():
        _literal_pieces(child, pieces)


class _Reader(HTMLParser):
    """Collects (offset, text) of what people read in a piece of HTML."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        # (where, characters to skip to the first word, what to show, the text people read)
        self.found: list[tuple[tuple[int, int], int, str, str]] = []
        self.skipping = 0  # inside <script> or <style>

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self.skipping += 1
        values = dict(attrs)
        seen = {name: value for name, value in attrs if name in SEEN_ATTRIBUTES}
        if tag == "input" and (values.get("type") or "").lower() in BUTTON_INPUTS:
            seen["value"] = values.get("value")
        if tag == "meta" and (values.get("name") or "").lower() == "description":
            seen["content"] = values.get("content")
        for name, value in seen.items():
            if value and _has_letters(value):
                self.found.append((self.getpos(), 0, f'{name}="{value.strip()}"', value))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag in ("script", "style"):
            self.skipping -= 1

    def handle_endtag(self, tag):
        if tag in ("script", "style") and self.skipping:
            self.skipping -= 1

    def handle_data(self, data):
        if not self.skipping and _has_letters(data):
            skip = len(data) - len(data.lstrip())  # the line of the first word, not the tag's
            self.found.append((self.getpos(), skip, data.strip(), data))


def unmarked_template_text(source: str) -> list[tuple[int, str]]:
    """(line, text) of every piece of literal, visible text in a template's source."""
    pieces: list[tuple[int, str]] = []
    _literal_pieces(_ENV.parse(source), pieces)
    text = "".join(piece for _line, piece in pieces)
    # Where each piece starts in ``text``, and on which template line.
    starts, offset = [], 0
    for line, piece in pieces:
        starts.append((offset, line))
        offset += len(piece)
    line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
    reader = _Reader()
    reader.feed(text)
    reader.close()
    found = []
    for (row, column), skip, what, read in reader.found:
        at = line_starts[row - 1] + column + skip
        begin, line = max((s for s in starts if s[0] <= at), default=(0, 1))
        line += text.count("\n", begin, at)
        if needs_translation(read):
            found.append((line, re.sub(r"\s+", " ", what.replace(HOLE, "{{…}}"))))
    return found


def templates() -> list[Path]:
    return sorted(p for p in TEMPLATES.rglob("*") if p.suffix in (".html", ".txt"))


def test_every_template_word_is_marked():
    unmarked = [
        f"{path.relative_to(ROOT)}:{line}: {text}"
        for path in templates()
        for line, text in unmarked_template_text(path.read_text(encoding="utf-8"))
    ]

    assert unmarked == [], "mark these with _() (tests/test_translations.py says how):\n" + (
        "\n".join(unmarked)
    )


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("<p>Hello</p>", [(1, "Hello")]),
        ('<p>{{ _("Hello") }}</p>', []),
        ("<p>\n{% trans %}Hello {{ name }}{% endtrans %}</p>", []),
        ('<a href="{{ url }}">\n  Open {{ name }}</a>', [(2, "Open {{…}}")]),
        ('<img alt="A map" src="{{ src }}">', [(1, 'alt="A map"')]),
        ('<img alt="{{ _("A map") }}">', []),
        ('<button aria-label="Close">×</button>', [(1, 'aria-label="Close"')]),
        ('<input type="submit" value="Save">', [(1, 'value="Save"')]),
        ('<input type="hidden" name="x" value="yes">', []),
        ('<meta name="description" content="Plan it">', [(1, 'content="Plan it"')]),
        ("<title>{% block title %}\nHome{% endblock %}</title>", [(2, "Home")]),
        ("{% if a %}<p>\n\nYes</p>{% endif %}", [(3, "Yes")]),
        ('<script>var a = "words";</script><style>a { color: red }</style>', []),
        ('<p class="card big" data-x="{{ y }}">{{ y }} · {{ z }}</p>', []),
        ("<a>edcamp</a>", []),
        ('<p>Say "hi"</p>', [(1, 'Say "hi"')]),
        ("<title>{% block title %}edcamp{% endblock %} · edcamp</title>", []),
        ('<body class="{% block body_class %}screen{% endblock %}">', []),
        ('<input placeholder="https://…">', []),
        ("{# a comment with words #}", []),
    ],
)
def test_the_template_reader_finds_unmarked_words(source, expected):
    assert unmarked_template_text(source) == expected


# -- (b) Python ---------------------------------------------------------------------------

MARKERS = {
    "_",
    "gettext",
    "ngettext",
    "pgettext",
    "npgettext",
    "_l",
    "lazy_gettext",
    "lazy_ngettext",
    "lazy_pgettext",
}
VALIDATORS = {
    "DataRequired",
    "InputRequired",
    "Length",
    "Email",
    "NumberRange",
    "Regexp",
    "EqualTo",
    "URL",
    "AnyOf",
    "NoneOf",
    "Optional",
    "IPAddress",
    "UUID",
    "MacAddress",
}
# callee -> (positions, keywords) of the arguments people read
MAILS = {
    "queue_mail": ((1, 2), {"subject", "text"}),
    "mail_attendee": ((1, 2), {"subject", "text"}),
}
FIELD_WORDS = ((0,), {"label", "description"})
MESSAGE_FIRST = ((0,), {"message"})


def _name(func: ast.expr) -> str | None:
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return None


def domain_errors(trees: dict[Path, ast.Module]) -> set[str]:
    """edcamp/errors.py's DomainError family and every class that derives from one of them,
    in any module (by name)."""
    family = {"DomainError", "Invalid", "NotFound", "Forbidden", "Unauthorized", "Conflict"}
    family.add("TooManyRequests")
    grew = True
    while grew:
        grew = False
        for tree in trees.values():
            for node in ast.walk(tree):
                if (
                    isinstance(node, ast.ClassDef)
                    and node.name not in family
                    and any(_name(base) in family for base in node.bases)
                ):
                    family.add(node.name)
                    grew = True
    return family


def unmarked(node: ast.expr) -> bool:
    """A literal with letters that no marker wraps (an f-string, a % or + of one too)."""
    if isinstance(node, ast.Constant):
        return isinstance(node.value, str) and needs_translation(node.value)
    if isinstance(node, ast.JoinedStr):
        return any(unmarked(part) for part in node.values if isinstance(part, ast.Constant))
    if isinstance(node, ast.BinOp):
        return unmarked(node.left) or unmarked(node.right)
    if isinstance(node, ast.IfExp):
        return unmarked(node.body) or unmarked(node.orelse)
    if isinstance(node, ast.BoolOp):
        return any(unmarked(value) for value in node.values)
    if isinstance(node, ast.Call):
        name = _name(node.func)
        if name in MARKERS:  # marked; but _(f"...") and _("..." % x) are not
            return any(not isinstance(a, ast.Constant) and unmarked(a) for a in node.args)
        if name == "format" and isinstance(node.func, ast.Attribute):
            return unmarked(node.func.value)
    return False


def _watched(name: str | None, errors: set[str]) -> tuple[tuple[int, ...], set[str]] | None:
    if name is None:
        return None
    if name == "flash":
        return MESSAGE_FIRST
    if name in errors or name == "ValidationError":
        return MESSAGE_FIRST
    if name in VALIDATORS:
        return ((), {"message"})
    if name.endswith("Field") and name[:1].isupper():
        return FIELD_WORDS
    return MAILS.get(name)


def unmarked_python_strings(trees: dict[Path, ast.Module]) -> list[str]:
    errors = domain_errors(trees)
    found = []
    for path, tree in trees.items():
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            name = _name(node.func)
            watched = _watched(name, errors)
            if watched is None:
                continue
            positions, keywords = watched
            arguments = [node.args[i] for i in positions if i < len(node.args)]
            arguments += [k.value for k in node.keywords if k.arg in keywords]
            if name is not None and name.endswith("Field"):
                arguments += _choice_labels(node)
            for argument in arguments:
                if unmarked(argument):
                    found.append((path, argument.lineno, f"{name}({ast.unparse(argument)})"))
    return [f"{path}:{line}: {what}" for path, line, what in sorted(found)]


def _choice_labels(field: ast.Call) -> list[ast.expr]:
    """The labels of a literal choices=[(value, label), ...]."""
    labels = []
    for keyword in field.keywords:
        if keyword.arg == "choices" and isinstance(keyword.value, ast.List | ast.Tuple):
            for pair in keyword.value.elts:
                if isinstance(pair, ast.Tuple) and len(pair.elts) == 2:
                    labels.append(pair.elts[1])
    return labels


def package_trees() -> dict[Path, ast.Module]:
    return {
        path.relative_to(ROOT): ast.parse(path.read_text(encoding="utf-8"))
        for path in sorted(PACKAGE.rglob("*.py"))
        if str(path.relative_to(ROOT)) not in OPERATOR_MODULES
    }


def test_every_python_word_people_read_is_marked():
    unmarked_strings = unmarked_python_strings(package_trees())

    assert unmarked_strings == [], "mark these with _() or _l():\n" + "\n".join(unmarked_strings)


PYTHON_CASES = """
from flask import flash
from flask_babel import gettext as _, lazy_gettext as _l
from edcamp.errors import DomainError, Invalid

class SlotTaken(Invalid):
    pass

class Worse(SlotTaken):
    pass

class Form:
    name = StringField("Your name", validators=[DataRequired(message="Say it")])
    kind = SelectField(_l("Kind"), choices=[("a", "Apple"), ("b", _l("Pear"))])
    code = StringField(_l("Code"), validators=[Length(max=6)])

def view(x):
    flash("Saved.")
    flash(_("Saved."))
    flash(f"Saved {x}.")
    flash(_(f"Saved {x}."))
    flash(_("Saved %(x)s.", x=x))
    flash(message)
    raise Worse("Taken.", field="slot")
    raise Invalid(_("Taken."), code="slot_taken")
    raise DomainError("Taken %s" % x)
    raise Invalid("{}: no".format(x))
    raise Invalid(code="x", message="No.")
    raise Invalid("-")
    queue_mail(to, "Hello", _("Body"), kind="x")
    mail_attendee(attendee, subject=_("Hi"), text=f"Dear {x}")
"""


def test_the_python_reader_finds_unmarked_words():
    found = unmarked_python_strings({Path("case.py"): ast.parse(PYTHON_CASES)})

    assert [line.split(": ", 1)[1] for line in found] == [
        "DataRequired('Say it')",
        "StringField('Your name')",
        "SelectField('Apple')",
        "flash('Saved.')",
        "flash(f'Saved {x}.')",
        "flash(_(f'Saved {x}.'))",
        "Worse('Taken.')",
        "DomainError('Taken %s' % x)",
        "Invalid('{}: no'.format(x))",
        "Invalid('No.')",
        "queue_mail('Hello')",
        "mail_attendee(f'Dear {x}')",
    ]


# -- (c) catalogs -------------------------------------------------------------------------


def _key(message) -> tuple:
    ident = message.id if isinstance(message.id, str) else tuple(message.id)
    return ident, message.context


def _shown(key: tuple) -> str:
    return key[0] if isinstance(key[0], str) else key[0][0]


def catalog_problems(po: Path, marked: set[tuple]) -> list[str]:
    """What is wrong with one language's catalog, measured against the marked messages
    ((msgid or (singular, plural), context) pairs, as tests.catalogs.marked_messages())."""
    with open(po, "rb") as handle:
        catalog = read_po(handle)
    where = po.parent.parent.name
    problems = []
    entries = {_key(m): m for m in catalog if m.id}
    for key in sorted(marked - set(entries), key=str):
        problems.append(f"{where}: missing {_shown(key)!r}")
    for key, message in sorted(entries.items(), key=lambda kv: str(kv[0])):
        if key not in marked:
            problems.append(f"{where}: not in the code any more {_shown(key)!r}")
        if message.fuzzy:
            problems.append(f"{where}: fuzzy {_shown(key)!r}")
        forms = message.string if isinstance(message.string, list | tuple) else [message.string]
        if message.pluralizable and len(forms) != catalog.num_plurals:
            problems.append(f"{where}: {len(forms)} of {catalog.num_plurals} forms {_shown(key)!r}")
        if not all(forms):
            problems.append(f"{where}: untranslated {_shown(key)!r}")
    problems += [f"{where}: obsolete {m.id!r}" for m in catalog.obsolete.values()]
    for message, errors in catalog.check():
        problems += [f"{where}: {error} in {message.id!r}" for error in errors]
    problems += _stale_compilation(po, catalog)
    return problems


def _stale_compilation(po: Path, catalog) -> list[str]:
    """The committed .mo against the .po compiled now (Babel's write_mo, as pybabel compile:
    fuzzy entries left out, an empty plural form filled with the English one)."""
    mo = po.with_suffix(".mo")
    where = po.parent.parent.name
    if not mo.exists():
        return [f"{where}: no messages.mo (run python3 dev.py messages)"]
    fresh = BytesIO()
    write_mo(fresh, catalog)
    fresh.seek(0)
    with open(mo, "rb") as handle:
        committed = read_mo(handle)
    compiled = read_mo(fresh)
    if _translated(compiled) != _translated(committed) or (
        compiled.plural_forms != committed.plural_forms
    ):
        return [f"{where}: messages.mo is not the compilation of messages.po (dev.py messages)"]
    return []


def _translated(catalog) -> dict:
    """key -> translation (a tuple of forms for plurals) of every translated message."""
    found = {}
    for message in catalog:
        forms = message.string if isinstance(message.string, list | tuple) else [message.string]
        if message.id and all(forms):
            found[_key(message)] = tuple(forms)
    return found


def catalogs() -> list[Path]:
    return sorted(TRANSLATIONS.glob("*/LC_MESSAGES/messages.po"))


def test_every_catalog_is_complete_and_compiled():
    marked = set(marked_messages())
    languages = {p.parent.parent.name for p in TRANSLATIONS.glob("*/LC_MESSAGES/messages.mo")}
    problems = [problem for po in catalogs() for problem in catalog_problems(po, marked)]
    # A language is offered once its .mo exists: it must have the .po it was made from.
    problems += [
        f"{name}: messages.mo without messages.po"
        for name in sorted(languages - {p.parent.parent.name for p in catalogs()})
    ]

    assert problems == [], "\n".join(problems)


MARKED = {
    ("Hello", None),
    (("%(num)d vote", "%(num)d votes"), None),
    ("Close", "button"),
    ("Hi %(name)s", None),
}
GOOD = {
    ("Hello", None): "Hallo",
    (("%(num)d vote", "%(num)d votes"), None): ("%(num)d Stimme", "%(num)d Stimmen"),
    ("Close", "button"): "Schließen",
    ("Hi %(name)s", None): "Hallo %(name)s",
}


def write_catalog(folder: Path, entries: dict, *, obsolete=(), fuzzy=(), po_only=None) -> Path:
    """messages.po and its compiled messages.mo for German; ``po_only`` changes the .po
    after compiling (a stale .mo)."""
    from babel.messages.catalog import Catalog
    from babel.messages.pofile import write_po

    def build(entries):
        catalog = Catalog(locale="de")
        for (ident, context), text in entries.items():
            flags = ("fuzzy",) if ident in fuzzy else ()
            catalog.add(ident, text, context=context, flags=flags)
        for ident in obsolete:
            catalog.obsolete[ident] = catalog.add(ident, "Alt")
            del catalog[ident]
        return catalog

    target = folder / "de" / "LC_MESSAGES"
    target.mkdir(parents=True, exist_ok=True)
    with open(target / "messages.mo", "wb") as handle:
        write_mo(handle, build(entries))
    with open(target / "messages.po", "wb") as handle:
        write_po(handle, build(po_only or entries))
    return target / "messages.po"


def _drop(key):
    return {k: v for k, v in GOOD.items() if k != key}


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        ({"entries": _drop(("Hello", None))}, "de: missing 'Hello'"),
        ({"entries": {**GOOD, ("Hello", None): ""}}, "de: untranslated 'Hello'"),
        ({"entries": GOOD, "fuzzy": ("Hello",)}, "de: fuzzy 'Hello'"),
        (
            {
                "entries": {
                    **GOOD,
                    (("%(num)d vote", "%(num)d votes"), None): ("%(num)d Stimme", ""),
                }
            },
            "de: untranslated '%(num)d vote'",
        ),
        ({"entries": GOOD, "obsolete": ("Goodbye",)}, "de: obsolete 'Goodbye'"),
        ({"entries": {**GOOD, ("Goodbye", None): "Tschüss"}}, "not in the code any more 'Goodbye'"),
        (
            {"entries": {**GOOD, ("Hi %(name)s", None): "Hallo %(nom)s"}},
            "unknown named placeholder 'nom' in 'Hi %(name)s'",
        ),
        (
            {"entries": GOOD, "po_only": {**GOOD, ("Hello", None): "Guten Tag"}},
            "de: messages.mo is not the compilation of messages.po (dev.py messages)",
        ),
    ],
)
def test_the_catalog_check_finds_each_problem(tmp_path, change, problem):
    problems = catalog_problems(write_catalog(tmp_path, **change), MARKED)

    assert any(problem in found for found in problems), problems


def test_a_complete_catalog_passes(tmp_path):
    assert catalog_problems(write_catalog(tmp_path, GOOD), MARKED) == []


def test_a_plural_needs_every_form(tmp_path):
    po = write_catalog(tmp_path, GOOD)
    text = po.read_text(encoding="utf-8").replace('msgstr[1] "%(num)d Stimmen"\n', "")
    po.write_text(text, encoding="utf-8")

    assert any(
        "1 of 2 forms" in p or "untranslated '%(num)d vote'" in p
        for p in catalog_problems(po, MARKED)
    )
