/* Projector screens cannot scroll: when a list does not fit its box, show it a page at a time,
   turning pages by themselves, with "Page 2 of 3" so the hall knows there is more.
   window.ScreenPager(box, items, indicator, options) -> {update()}; window.fitLine(el). */
(function () {
  "use strict";

  function overflows(box) { return box.scrollHeight > box.clientHeight + 1; }

  /* Split the items into pages by laying them out: add one at a time until the box overflows. */
  function paginate(box, items) {
    var pages = [], start = 0;
    items.forEach(function (item) { item.hidden = true; });
    for (var i = 0; i < items.length; i++) {
      items[i].hidden = false;
      if (overflows(box) && i > start) {
        items[i].hidden = true;
        for (var k = start; k < i; k++) items[k].hidden = true;
        pages.push([start, i]);
        start = i;
        items[i].hidden = false;
      }
    }
    if (start < items.length || !pages.length) pages.push([start, items.length]);
    return pages;
  }

  window.ScreenPager = function (box, getItems, indicator, options) {
    options = options || {};
    var seconds = options.seconds || 12;
    var label = options.label || function (page, pages) {
      return interpolate(gettext("Page %(page)s of %(pages)s"), { page: page, pages: pages });
    };
    var pages = [[0, 0]], current = 0, timer = null;

    function show() {
      var items = getItems();
      items.forEach(function (item, i) {
        item.hidden = !(i >= pages[current][0] && i < pages[current][1]);
      });
      indicator.hidden = pages.length < 2;
      indicator.textContent = pages.length < 2 ? "" :
        label(current + 1, pages.length, pages[current][0] + 1, pages[current][1]);
    }

    function update() {
      pages = paginate(box, getItems());
      if (current >= pages.length) current = 0;
      show();
      // live updates re-paginate often: keep the running timer, or pages would never turn
      if (pages.length > 1 && !timer) {
        timer = setInterval(function () { current = (current + 1) % pages.length; show(); }, seconds * 1000);
      } else if (pages.length < 2 && timer) {
        clearInterval(timer);
        timer = null;
      }
    }

    var resizeTimer = null;
    window.addEventListener("resize", function () {
      clearTimeout(resizeTimer);
      resizeTimer = setTimeout(update, 200);
    });
    update();
    return { update: update, pageCount: function () { return pages.length; } };
  };

  /* Shrink an element's text until it fits its box on one line (a join link must not wrap). */
  window.fitLine = function (el, minPx) {
    if (!el) return;
    el.style.whiteSpace = "nowrap";
    el.style.fontSize = "";
    var size = parseFloat(getComputedStyle(el).fontSize);
    while (el.scrollWidth > el.clientWidth + 1 && size > (minPx || 10)) {
      size -= 1;
      el.style.fontSize = size + "px";
    }
  };
})();
