// Moves the "Now" and "Next" marks along while the phone schedule stays open: the server
// marked them when the page loaded; every 30 s the slot times are compared with the clock.
(function () {
  // Filters apply as soon as they change: no extra tap on "Filter" (kept for phones without JS).
  const filters = document.querySelector("form.filters");
  if (filters) {
    const button = filters.querySelector("[data-filter-button]");
    if (button) button.hidden = true;
    filters.addEventListener("change", () => filters.requestSubmit());
  }
})();

(function () {
  const root = document.querySelector("[data-live-clock]");
  if (!root) return;
  const slots = Array.from(root.querySelectorAll("section.slot[data-starts][data-ends]"));
  const STATES = ["past", "now", "next", "later"];

  function mark() {
    const now = Date.now();
    let nextGiven = false;
    const ordered = slots
      .map((el) => ({ el, starts: Date.parse(el.dataset.starts), ends: Date.parse(el.dataset.ends) }))
      .sort((a, b) => a.starts - b.starts);
    for (const slot of ordered) {
      let state = "later";
      if (slot.ends <= now) state = "past";
      else if (slot.starts <= now) state = "now";
      else if (!nextGiven) { state = "next"; nextGiven = true; }
      for (const s of STATES) slot.el.classList.toggle(`slot-${s}`, s === state);
      if (state === "now") slot.el.setAttribute("aria-current", "time");
      else slot.el.removeAttribute("aria-current");
      slot.el.querySelector(".badge-now").hidden = state !== "now";
      slot.el.querySelector(".badge-next").hidden = state !== "next";
    }
  }

  mark();
  setInterval(mark, 30000);
})();
