"""Join, vote, propose and the schedule, on a 360 px phone, in every language the app offers,
and the projector board in each: what a person reads is in their language and fits.

Besides the real catalogs, a pseudo-translation of every marked message (each word half as
long again, see tests/catalogs.py) runs the same pages: it finds what would overflow in a
long language before anyone translates a line, and every string added later is in it.
The other pages of attendees and organizers (tests/browser/test_every_page.py) are read in
German, the longest of the real languages (its compounds are one long word), and in the
pseudo-translation: in their language and nothing runs out of its box.

Fast on purpose (CI has two cores): one browser for the run, the pseudo catalog compiled
once, screenshots at CSS pixels, axe loaded once per document, one sign-in for both
projector sizes, one phone for all the other pages of a language.
"""

from __future__ import annotations

import random
from contextlib import contextmanager
from functools import cache
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from playwright.sync_api import expect

from edcamp.demo import DEMO_EMAIL, DEMO_PASSWORD, build_demo
from edcamp.extensions import db
from edcamp.publishing.demo import publish_demo_schedule
from tests.browser.conftest import AXE_JS, PHONE, LiveServer, _context
from tests.browser.judge import assert_fits_screen, assert_no_horizontal_scroll, screenshot
from tests.browser.test_every_page import ATTENDEE_PAGES, ORGANIZER_PAGES
from tests.catalogs import pseudo, pseudo_catalog
from tests.contacts.conftest import build_scene
from tests.helpers import TEST_PASSWORD

TRANSLATIONS = Path(__file__).resolve().parents[2] / "edcamp" / "translations"
REAL = sorted(
    path.parent.parent.name.replace("_", "-")
    for path in TRANSLATIONS.glob("*/LC_MESSAGES/messages.mo")
)
PSEUDO = "pseudo"  # served as German, from a pseudo catalog in a temporary folder
LANGUAGES = ["en", *REAL, PSEUDO]
LANG_RULES = ("html-has-lang", "html-lang-valid", "valid-lang", "html-xml-lang-mismatch")
SCREENS = ({"width": 1920, "height": 1080}, {"width": 1280, "height": 720})


@cache
def _translations(language: str) -> dict[str, str]:
    """English msgid -> what the page must show instead, for texts without placeholders."""
    if language == "en":
        return {}
    if language == PSEUDO:
        from tests.catalogs import marked_messages

        # A message without letters ("3-5", a grade level) reads the same in every
        # language: seeing it is no sign of English left over (the real catalogs' reading
        # below skips translations equal to their msgid for the same reason).
        return {
            message: pseudo(message)
            for message, _context in marked_messages()
            if isinstance(message, str) and "%" not in message and "<" not in message
            if pseudo(message) != message
        }
    folder = TRANSLATIONS / language.replace("-", "_") / "LC_MESSAGES" / "messages.po"
    with open(folder, "rb") as handle:
        catalog = read_po(handle)
    return {
        message.id: message.string
        for message in catalog
        if isinstance(message.id, str) and message.id and "%" not in message.id
        if isinstance(message.string, str) and message.string and message.string != message.id
    }


@pytest.fixture(scope="module")
def pseudo_folder(tmp_path_factory) -> Path:
    """The pseudo catalog, compiled once for the module's tests."""
    return pseudo_catalog(tmp_path_factory.mktemp("pseudo"))


@contextmanager
def served(app):
    """The app over HTTP; its mails and feeds name the server's own address meanwhile."""
    app.config["EDCAMP_BASE_URL"] = None
    with LiveServer(app) as server:
        app.config["EDCAMP_BASE_URL"] = server.url
        yield server.url
    app.config["EDCAMP_BASE_URL"] = "https://edcamp.test"


@pytest.fixture
def site(request, app, make_app, pseudo_folder):
    """(base URL, ?lang= to ask for, the tag the page must declare, the language tested)."""
    language = request.param
    if language != PSEUDO:
        with served(app) as base:
            yield base, language, language, language
        return
    with served(make_app(BABEL_TRANSLATION_DIRECTORIES=str(pseudo_folder))) as base:
        yield base, "de", "de", PSEUDO


def english_left_over(page, translations: dict[str, str]) -> list[str]:
    """Visible texts that are an English message whose translation reads differently."""
    if not translations:
        return []
    texts = page.evaluate(
        """() => {
             const out = [];
             const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
             while (walker.nextNode()) {
               const node = walker.currentNode, el = node.parentElement;
               const text = node.textContent.replace(/\\s+/g, ' ').trim();
               if (text && el && el.checkVisibility() && !el.closest('.visually-hidden'))
                 out.push(text);
             }
             for (const el of document.querySelectorAll('[aria-label],[placeholder],[title]'))
               for (const name of ['aria-label', 'placeholder', 'title'])
                 if (el.getAttribute(name)) out.push(el.getAttribute(name).trim());
             return out;
           }"""
    )
    # A text that is the translation of another message is no English left over: French
    # translates "Voting" (the manage page's heading) as "Vote", an English msgid too.
    translated = set(translations.values())
    return sorted({text for text in texts if text in translations and text not in translated})


def overflowing(page) -> list[str]:
    """Visible elements whose text runs past their own box or past the screen's right edge
    (content inside a box that scrolls sideways on purpose, like a wide table, excepted),
    and text of a drawing (SVG) that runs past the drawing, where the drawing cuts it off.

    The screen's edge is the layout's width (clientWidth), not innerWidth: on a phone
    Chromium widens innerWidth to a page that is too wide, which would hide the overflow."""
    return page.evaluate(
        """() => {
             const scrolls = el => { for (let a = el.parentElement; a; a = a.parentElement) {
                 const x = getComputedStyle(a).overflowX;
                 if (x === 'auto' || x === 'scroll') return true; } return false; };
             const width = document.documentElement.clientWidth;
             return [...document.querySelectorAll('body *')].filter(el => {
               if (!el.checkVisibility() || el.closest('.visually-hidden')) return false;
               if (scrolls(el)) return false;
               const r = el.getBoundingClientRect();
               if (!r.width || !r.height) return false;
               if (r.right <= 0 || r.bottom <= 0) return false;  // kept off-screen: a skip link
               if (el instanceof SVGTextElement) {
                 const box = el.ownerSVGElement.getBoundingClientRect();
                 return r.right > box.right + 1 || r.left < box.left - 1;
               }
               const past = r.right > width + 1 || r.left < -1;
               const own = el.clientWidth > 0 && el.scrollWidth > el.clientWidth + 1
                 && getComputedStyle(el).overflowX === 'visible';
               return past || own;
             }).map(el => el.outerHTML.slice(0, 120));
           }"""
    )


def judge(
    page, language: str, tag: str, name: str, translations: dict[str, str], *, changed=()
) -> None:
    """``changed``: selectors of what an action changed on a page axe has just checked (the
    vote page after proposing): axe checks those parts, not the whole page a second time."""
    screenshot(page, f"languages/{language}-{name}", scale="css")
    assert page.evaluate("document.documentElement.lang") == tag, name
    page.evaluate(AXE_JS.read_text())
    result = page.evaluate(
        """async (changed) => {
             const parts = changed.filter(s => document.querySelector(s)).map(s => [s]);
             const context = changed.length ? {include: parts} : document;
             return await axe.run(context, {resultTypes: ['violations']});
           }""",
        list(changed),
    )
    bad = [
        (violation["id"], [node["target"] for node in violation["nodes"]][:3])
        for violation in result["violations"]
        if violation["id"] in LANG_RULES or violation["impact"] in ("serious", "critical")
    ]
    assert bad == [], f"{name}: {bad}"
    assert_no_horizontal_scroll(page)
    assert overflowing(page) == [], f"{name}: text runs out of its box"
    assert english_left_over(page, translations) == [], f"{name}: English left on the page"


@pytest.mark.parametrize("site", LANGUAGES, indirect=True)
def test_join_vote_propose_and_schedule_on_a_phone(app, site, browser):
    base, lang, tag, language = site
    translations = _translations(language)
    event, _ = build_demo()
    db.session.commit()
    context = _context(browser, PHONE)
    page = context.new_page()
    try:
        page.goto(f"{base}/events/demo/join?code={event.join_code}&lang={lang}")
        judge(page, language, tag, "join", translations)
        page.locator("main input[name=name]").fill("Ana Lópes")
        page.locator("main form button[type=submit]").first.tap()
        page.wait_for_url(f"{base}/events/demo")
        judge(page, language, tag, "home", translations)

        page.goto(f"{base}/events/demo/vote")
        judge(page, language, tag, "vote", translations)
        vote = page.locator("button.vote").first
        vote.tap()
        expect(vote).to_have_attribute("aria-pressed", "true")
        page.locator("#propose input[name=title]").fill("Escape rooms in the classroom")
        page.locator("#propose form button[type=submit]").first.tap()
        expect(page.get_by_text("Escape rooms in the classroom").first).to_be_visible()
        # the vote page again, with a flash, the new proposal (the address's #p<id>) and the
        # form without its one-time question: axe checks those, the rest it checked above
        own = page.evaluate("location.hash")
        assert own.startswith("#p"), own
        changed = (".flashes", own, "#propose")
        judge(page, language, tag, "proposed", translations, changed=changed)

        page.goto("about:blank")  # the vote page's live stream ends before the grid is written
        db.session.rollback()  # a fresh snapshot, with the phone's vote and proposal
        publish_demo_schedule(db.session.merge(event), random.Random(7))
        db.session.commit()
        page.goto(f"{base}/events/demo/schedule")
        judge(page, language, tag, "schedule", translations)
        page.locator("main a[href*='/sessions/']").first.click()
        page.wait_for_url("**/sessions/**")
        judge(page, language, tag, "session", translations)
    finally:
        context.close()


def test_projector_board_fits_the_screen_in_every_language(app, make_app, pseudo_folder, browser):
    """One demo, one signed-in projector for every language and both screen sizes (the
    board is read-only: a language cannot change what the next one shows); every language
    and size is judged, and the failures are reported together."""
    build_demo()
    db.session.commit()
    pseudo_app = make_app(BABEL_TRANSLATION_DIRECTORIES=str(pseudo_folder))
    context = _context(browser, {"viewport": SCREENS[0]})
    page = context.new_page()
    failures = []
    try:
        with served(app) as base, served(pseudo_app) as pseudo_base:
            # cookies go by host, not port: one sign-in serves both (same database and key)
            sign_in(page, base, "en", DEMO_EMAIL, DEMO_PASSWORD)
            for language in LANGUAGES:
                real = language != PSEUDO
                url, lang = (base, language) if real else (pseudo_base, "de")
                for screen in SCREENS:
                    size = f"{screen['width']}x{screen['height']}"
                    page.set_viewport_size(screen)
                    page.goto(f"{url}/events/demo/board?lang={lang}")  # laid out for this size
                    try:
                        judge_board(page, language, lang, size)
                    except AssertionError as failure:
                        failures.append(f"{language} {size}: {failure}")
    finally:
        context.close()
    assert failures == []


def judge_board(page, language: str, tag: str, size: str) -> None:
    expect(page.locator("#board li").first).to_be_visible()
    screenshot(page, f"languages/{language}-board-{size}", scale="css")
    assert page.evaluate("document.documentElement.lang") == tag
    assert_fits_screen(page)
    assert overflowing(page) == [], "text runs out of its box"
    assert english_left_over(page, _translations(language)) == [], "English left"


def sign_in(page, base: str, lang: str, email: str, password: str) -> None:
    page.goto(f"{base}/login?lang={lang}")
    page.locator("input[name=email]").fill(email)
    page.locator("input[name=password]").fill(password)
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url(f"{base}/dashboard")


def read_pages(page, base: str, pages: dict[str, str], values: dict, site: tuple) -> None:
    """Each page in the site's language: its tag, nothing out of its box, no English."""
    _base, lang, tag, language = site
    translations = _translations(language)
    for name, path in pages.items():
        url = base + path.format(**values)
        page.goto(f"{url}{'&' if '?' in url else '?'}lang={lang}")
        try:
            assert page.evaluate("document.documentElement.lang") == tag, name
            assert_no_horizontal_scroll(page)
            assert overflowing(page) == [], f"{name}: text runs out of its box"
            assert english_left_over(page, translations) == [], f"{name}: English left"
        except AssertionError:
            screenshot(page, f"languages/{language}-{name}", scale="css")
            raise


@pytest.mark.parametrize("site", ["de", PSEUDO], indirect=True)
def test_every_other_page_in_a_long_language(
    app, site, browser, make_organizer, make_event, make_attendee
):
    base, lang, _tag, _language = site
    scene = build_scene(make_organizer, make_event, make_attendee)
    values = {"slug": scene.event.slug, "maker": scene.maker.id, "room": scene.event.rooms[0].id}
    event = scene.event
    context = _context(browser, PHONE)
    page = context.new_page()
    try:
        page.goto(f"{base}/events/{event.slug}/join?code={event.join_code}&lang={lang}")
        page.locator("main input[name=name]").fill("Ana Lópes")
        page.locator("main form button[type=submit]").first.tap()
        page.wait_for_url(f"{base}/events/{event.slug}")
        read_pages(page, base, ATTENDEE_PAGES, values, site)
        page.context.clear_cookies()
        sign_in(page, base, lang, scene.organizer.email, TEST_PASSWORD)
        read_pages(page, base, ORGANIZER_PAGES, values, site)
    finally:
        context.close()
