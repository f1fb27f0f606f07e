"""Judge a page by what a person sees: visibility, geometry, scrolling, tap targets, pixels.

Browser tests call these rather than checking the DOM alone: an element that exists but is
off screen, under another one or cut off fails here. Screenshots go to ``test-artifacts/``
(git-ignored) so people can look at them.
"""

from __future__ import annotations

import re
from pathlib import Path

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
PROJECTOR_SIZES = ({"width": 1920, "height": 1080}, {"width": 1280, "height": 720})
MIN_TAP = 44

_BOX = """el => { const r = el.getBoundingClientRect();
  return {x: r.left, y: r.top, width: r.width, height: r.height}; }"""


def screenshot(page, name: str, *, full_page: bool = True, scale: str = "device") -> Path:
    """Write ``test-artifacts/<name>.png`` and return its path. ``scale="css"``: one image
    pixel per CSS pixel on a phone's double-density screen, four times fewer to encode (a
    long page then takes a quarter of the time)."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{re.sub(r'[^a-z0-9_-]+', '-', name.lower())}.png"
    page.screenshot(path=str(path), full_page=full_page, scale=scale)
    return path


def box(locator) -> dict:
    """The element's box relative to the viewport (now, as scrolled)."""
    return locator.evaluate(_BOX)


def assert_visible_in_viewport(page, locator, *, what: str = "") -> dict:
    """Visible, and wholly inside the viewport as the page stands (no scrolling done here)."""
    what = what or str(locator)
    assert locator.is_visible(), f"{what} is not visible"
    b = box(locator)
    view = page.viewport_size
    assert b["width"] > 0, f"{what} has no width: {b}"
    assert b["height"] > 0, f"{what} has no height: {b}"
    inside_x = b["x"] >= -0.5 and b["x"] + b["width"] <= view["width"] + 0.5
    assert inside_x, f"{what} sticks out sideways: {b} in {view}"
    inside_y = b["y"] >= -0.5 and b["y"] + b["height"] <= view["height"] + 0.5
    assert inside_y, f"{what} is above or below the screen: {b} in {view}"
    return b


def overlaps(a: dict, b: dict, gap: float = 0.0) -> bool:
    """True when the boxes overlap or come closer than ``gap`` pixels."""
    return not (
        a["x"] + a["width"] + gap <= b["x"]
        or b["x"] + b["width"] + gap <= a["x"]
        or a["y"] + a["height"] + gap <= b["y"]
        or b["y"] + b["height"] + gap <= a["y"]
    )


def assert_no_overlap(page, selector: str, *, gap: float = 0.0) -> None:
    """No two visible elements matching ``selector`` overlap (or come within ``gap`` px)."""
    boxes = page.evaluate(
        """([sel]) => [...document.querySelectorAll(sel)]
             .filter(el => el.checkVisibility() && el.getClientRects().length)
             .map(el => { const r = el.getBoundingClientRect();
               return {x: r.left, y: r.top, width: r.width, height: r.height,
                       what: el.outerHTML.slice(0, 80)}; })""",
        [selector],
    )
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            assert not overlaps(a, b, gap), f"{a['what']!r} overlaps or touches {b['what']!r}"


def clipped_elements(page, selector: str = "body *") -> list[str]:
    """Visible elements whose content is cut off (overflow hidden/clip with more inside)."""
    return page.evaluate(
        """([sel]) => [...document.querySelectorAll(sel)].filter(el => {
             if (!el.checkVisibility()) return false;
             const s = getComputedStyle(el);
             const clips = v => v === 'hidden' || v === 'clip';
             const cutX = clips(s.overflowX) && el.scrollWidth > el.clientWidth + 1;
             const cutY = clips(s.overflowY) && el.scrollHeight > el.clientHeight + 1;
             return (cutX || cutY) && !el.classList.contains('visually-hidden');
           }).map(el => el.outerHTML.slice(0, 100))""",
        [selector],
    )


def assert_nothing_cut_off(page, selector: str = "body *") -> None:
    cut = clipped_elements(page, selector)
    assert cut == [], f"content cut off in: {cut}"


# The width of the screen, as the page's layout sees it. Not window.innerWidth: on a phone
# (is_mobile) Chromium widens innerWidth to a page that is too wide (the visual viewport
# zooms out to show it), so `scrollWidth - innerWidth` is 0 on a page 100 px too wide.
SCREEN_WIDTH = "document.documentElement.clientWidth"


def assert_no_horizontal_scroll(page) -> None:
    overflow = page.evaluate(f"document.documentElement.scrollWidth - {SCREEN_WIDTH}")
    assert overflow <= 0, f"page is {overflow}px wider than the viewport"


def assert_no_vertical_scroll(page) -> None:
    overflow = page.evaluate("document.documentElement.scrollHeight - window.innerHeight")
    assert overflow <= 0, f"page is {overflow}px taller than the viewport"


def assert_fits_screen(page) -> None:
    """A projector view: neither way to scroll, and nothing visible outside the screen."""
    assert_no_horizontal_scroll(page)
    assert_no_vertical_scroll(page)
    outside = page.evaluate(
        """() => [...document.querySelectorAll('main *')].filter(el => {
             if (!el.checkVisibility() || el.closest('[hidden], .visually-hidden')) return false;
             const r = el.getBoundingClientRect(), width = document.documentElement.clientWidth;
             return r.width && r.height && (r.bottom > innerHeight + 1 || r.right > width + 1);
           }).map(el => el.outerHTML.slice(0, 80))"""
    )
    assert outside == [], f"outside the screen: {outside[:5]}"


def small_or_touching_targets(page, minimum: int = MIN_TAP) -> list[str]:
    """Tap targets smaller than ``minimum`` px either way, or touching another target.

    Links inside a sentence are exempt (WCAG 2.5.8 'inline'), so are hidden inputs.
    """
    return page.evaluate(
        """([min]) => {
          const sel = 'a[href], button, input:not([type=hidden]), select, textarea, summary';
          const inline = el => getComputedStyle(el).display === 'inline' && el.parentElement &&
             el.parentElement.textContent.trim().length > el.textContent.trim().length + 2;
          const targets = [...document.querySelectorAll(sel)].filter(el =>
             el.checkVisibility() && !el.closest('.visually-hidden, .skip-link') && !inline(el))
            .map(el => {
              const hit = el.closest('label') || el;
              const r = hit.getBoundingClientRect();
              let pinned = false;
              for (let e = el; e && !pinned; e = e.parentElement)
                pinned = ['fixed', 'sticky'].includes(getComputedStyle(e).position);
              return {el, r, pinned, what: el.outerHTML.slice(0, 90)};
            });
          const bad = [];
          for (const t of targets) {
            if (t.r.width < min - 0.5 || t.r.height < min - 0.5)
              bad.push(`${Math.round(t.r.width)}x${Math.round(t.r.height)} ${t.what}`);
          }
          for (let i = 0; i < targets.length; i++) for (let j = i + 1; j < targets.length; j++) {
            const a = targets[i], b = targets[j];
            if (a.el.contains(b.el) || b.el.contains(a.el)) continue;
            // a fixed or sticky bar slides over content as the page scrolls: not a neighbour
            if (a.pinned !== b.pinned) continue;
            const label = a.el.closest('label');
            if (label && label === b.el.closest('label')) continue;
            // a shared edge counts as touching: targets need a gap between them
            const apart = a.r.right < b.r.left || b.r.right < a.r.left ||
                          a.r.bottom < b.r.top || b.r.bottom < a.r.top;
            if (!apart) bad.push(`touching: ${a.what} / ${b.what}`);
          }
          return bad;
        }""",
        [minimum],
    )


def assert_tap_targets(page, minimum: int = MIN_TAP) -> None:
    bad = small_or_touching_targets(page, minimum)
    assert bad == [], "tap targets too small or touching:\n" + "\n".join(bad)


def visible_count(locator) -> int:
    return sum(1 for i in range(locator.count()) if locator.nth(i).is_visible())
