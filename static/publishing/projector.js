// The projector's "happening now" rows poll every 15 s (htmx) and also reload as soon as
// a new schedule version is published (server-sent events on the schedule channel).
// Rooms that do not fit the screen are shown a page at a time (screen-pager.js).
(function () {
  const rows = document.getElementById("now-rows");
  if (!rows) return;
  const pager = window.ScreenPager(
    rows,
    () => Array.from(rows.querySelectorAll("tbody tr")),
    document.getElementById("now-pager"),
    { label: (page, pages) => interpolate(gettext("Rooms, page %(page)s of %(pages)s"), { page, pages }) },
  );
  document.body.addEventListener("htmx:afterSwap", (event) => {
    if (event.target === rows) pager.update();
  });
  if (!window.EventSource || !rows.dataset.stream) return;
  let known = null;
  const source = new EventSource(rows.dataset.stream);
  source.onmessage = (message) => {
    let version = null;
    try { version = JSON.parse(message.data).version; } catch (_) { return; }
    if (known !== null && version !== known) {
      // other workers may take a moment to see the new version
      setTimeout(() => window.htmx && window.htmx.trigger(rows, "refresh"), 2500);
    }
    known = version;
  };
})();
