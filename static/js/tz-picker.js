// The time-zone field as an accessible combobox (ARIA 1.2 pattern): type a city, a country or
// an offset, see the zones that match, choose one with the arrow keys and Enter, or a tap.
// The zones come from the field's <datalist> (the no-JavaScript fallback), so nothing is fetched.
(function () {
  "use strict";
  // The page's catalog (static/js/i18n.js) gives gettext, ngettext and interpolate; English
  // stands in if it has not loaded.
  var gettext = window.gettext || function (s) { return s; };
  var ngettext = window.ngettext || function (s, p, n) { return n === 1 ? s : p; };
  var interpolate = window.interpolate || function (text, values) {
    return text.replace(/%\((\w+)\)[sd]/g, function (m, k) { return String(values[k]); });
  };
  var LIMIT = 8;

  function norm(text) { return text.toLowerCase().replace(/_/g, " ").replace(/\s+/g, " ").trim(); }
  function shortOffset(label) { // "UTC+05:30" -> "utc+5:30", "UTC+01:00" -> "utc+1 gmt+1"
    var m = /UTC([+-])(\d\d):(\d\d)/.exec(label);
    if (!m) return "";
    var h = String(Number(m[2])) + (m[3] === "00" ? "" : ":" + m[3]);
    return "utc" + m[1] + h + " gmt" + m[1] + h;
  }

  function enhance(box) {
    var input = box.querySelector("input");
    var data = box.querySelector("datalist");
    if (!input || !data) return;
    var zones = Array.prototype.map.call(data.options, function (o) {
      var label = o.label || o.value;
      return { value: o.value, label: label, city: norm(label.split(",")[0].split("·")[0]),
        search: norm(o.value + " " + label) + " " + shortOffset(label) };
    });
    input.removeAttribute("list"); // one list on screen, not the browser's as well
    var listId = input.id + "-listbox";
    var list = document.createElement("ul");
    list.id = listId;
    list.className = "tz-list";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", gettext("Matching time zones"));
    list.hidden = true;
    var status = document.createElement("p");
    status.className = "tz-status hint";
    status.setAttribute("role", "status");
    status.id = input.id + "-matches";
    input.insertAdjacentElement("afterend", list);
    list.insertAdjacentElement("afterend", status);
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", listId);

    var shown = [], active = -1;

    function matches(query) {
      var words = norm(query).split(" ").filter(Boolean);
      if (!words.length) return [];
      var q = words.join(" ");
      return zones.filter(function (z) {
        return words.every(function (w) { return z.search.indexOf(w) !== -1; });
      }).map(function (z) {
        var rank = z.city.indexOf(q) === 0 ? 0 : (" " + z.search).indexOf(" " + words[0]) !== -1 ? 1 : 2;
        return { z: z, rank: rank };
      }).sort(function (a, b) {
        return a.rank - b.rank || (a.z.value < b.z.value ? -1 : a.z.value > b.z.value ? 1 : 0);
      }).map(function (m) { return m.z; });
    }

    function setActive(i) {
      active = i;
      Array.prototype.forEach.call(list.children, function (li, k) {
        li.setAttribute("aria-selected", k === i ? "true" : "false");
      });
      if (i >= 0 && list.children[i]) {
        input.setAttribute("aria-activedescendant", list.children[i].id);
        list.children[i].scrollIntoView({ block: "nearest" });
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      setActive(-1);
    }

    function open(found) {
      shown = found.slice(0, LIMIT);
      list.replaceChildren.apply(list, shown.map(function (z, k) {
        var li = document.createElement("li");
        li.id = listId + "-" + k;
        li.setAttribute("role", "option");
        li.setAttribute("aria-selected", "false");
        li.dataset.value = z.value;
        var place = document.createElement("span");
        place.className = "tz-place";
        place.textContent = z.label;
        var name = document.createElement("span");
        name.className = "tz-name";
        name.textContent = z.value;
        li.append(place, " ", name);
        li.addEventListener("mousedown", function (e) { e.preventDefault(); }); // keep focus
        li.addEventListener("click", function () { choose(z); });
        return li;
      }));
      list.hidden = shown.length === 0;
      input.setAttribute("aria-expanded", shown.length ? "true" : "false");
      setActive(-1);
      if (!found.length) {
        status.textContent = interpolate(gettext("No time zone matches “%(typed)s”. Try a city or a country."),
          { typed: input.value.trim() }, true);
      } else if (found.length > LIMIT) {
        status.textContent = interpolate(ngettext("%(num)d time zone matches: the first %(shown)d are shown. Keep typing to narrow them.",
          "%(num)d time zones match: the first %(shown)d are shown. Keep typing to narrow them.", found.length),
          { num: found.length, shown: LIMIT }, true);
      } else {
        status.textContent = interpolate(ngettext("%(num)d time zone matches.", "%(num)d time zones match.", found.length),
          { num: found.length }, true);
      }
    }

    function choose(z) {
      input.value = z.value;
      close();
      status.textContent = interpolate(gettext("Chosen: %(zone)s (%(name)s)."), { zone: z.label, name: z.value }, true);
      input.dispatchEvent(new Event("change", { bubbles: true }));
    }

    input.addEventListener("input", function () {
      if (!input.value.trim()) { close(); status.textContent = ""; return; }
      open(matches(input.value));
    });
    input.addEventListener("keydown", function (e) {
      if (e.key === "ArrowDown" || e.key === "ArrowUp") {
        e.preventDefault();
        if (list.hidden) { open(matches(input.value)); if (!shown.length) return; }
        var n = shown.length, step = e.key === "ArrowDown" ? 1 : -1;
        setActive(active < 0 ? (step > 0 ? 0 : n - 1) : (active + step + n) % n);
      } else if (e.key === "Enter" && !list.hidden && active >= 0) {
        e.preventDefault(); // choose, do not submit the form yet
        choose(shown[active]);
      } else if (e.key === "Escape" && !list.hidden) {
        e.preventDefault();
        close();
      }
    });
    input.addEventListener("blur", close);
  }

  Array.prototype.forEach.call(document.querySelectorAll("[data-tz-picker]"), enhance);
})();
