// Facilitators' availability in the grid editor: one row per facilitator, the slots they
// can't make, Save. The editor (schedule-editor.js) announces each grid it renders
// ("schedule:rendered") and takes a new one ("schedule:replace") after a save here.
(function () {
  "use strict";
  // The page's catalog (static/js/i18n.js) gives gettext, ngettext and interpolate; English
  // stands in if it has not loaded.
  var gettext = window.gettext || function (s) { return s; };
  var ngettext = window.ngettext || function (s, p, n) { return n === 1 ? s : p; };
  var interpolate = window.interpolate || function (text, values) {
    return text.replace(/%\((\w+)\)[sd]/g, function (m, k) { return String(values[k]); });
  };
  function fill(text, values) { return interpolate(text, values, true); }
  var root = document.getElementById("schedule-editor");
  var list = document.getElementById("sched-away");
  if (!root || !list) return;
  var api = root.dataset.api;
  var csrf = (document.querySelector('meta[name="csrf-token"]') || {}).content || "";
  var status = document.getElementById("sched-away-status");
  var grid = null;

  var h = window.edcampDom.h;
  function clock(iso) { return iso.slice(11, 16); }
  function title(pid) {
    var p = (grid.proposals || []).filter(function (x) { return x.id === pid; })[0];
    return p ? p.title : "#" + pid;
  }
  function awayWarnings(data, pids) {
    return (data.warnings || []).filter(function (w) {
      return w.code === "facilitator_unavailable" && (!pids || pids.indexOf(w.proposal_id) >= 0);
    });
  }

  // On the grid: a session sitting in a slot one of its facilitators can't make says so.
  function markCards() {
    awayWarnings(grid).forEach(function (w) {
      document.querySelectorAll('#sched-grid-wrap .session[data-proposal="' + w.proposal_id + '"]').forEach(function (card) {
        if (card.querySelector(".away-note")) return;
        var note = h("span", { className: "session-meta clash away-note", text: gettext("A facilitator can't make this slot") });
        var actions = card.querySelector(".session-actions");
        card.insertBefore(note, actions);
      });
    });
  }

  function render() {
    var people = grid.facilitators || [];
    var slots = grid.slots.filter(function (s) { return !s.break_label; });
    if (!people.length) { list.replaceChildren(h("li", { className: "empty", text: gettext("No proposal has a facilitator yet.") })); return; }
    list.replaceChildren.apply(list, people.map(function (f) {
      var who = fill(gettext("%(name)s, leading %(sessions)s"), {
        name: f.name,
        sessions: f.proposal_ids.map(function (pid) { return fill(gettext("“%(title)s”"), { title: title(pid) }); }).join(", "),
      });
      var boxes = slots.map(function (s) {
        var id = "away-" + f.attendee_id + "-" + s.id;
        return h("label", { className: "check", for: id }, [
          h("input", { type: "checkbox", id: id, value: String(s.id), checked: f.unavailable_slot_ids.indexOf(s.id) >= 0 }),
          h("span", { text: clock(s.starts_at) + "–" + clock(s.ends_at) }),
        ]);
      });
      var set = h("fieldset", { className: "away-slots" }, [h("legend", { text: gettext("Can't make") })].concat(boxes));
      return h("li", { className: "away-row", "data-attendee": f.attendee_id }, [
        h("span", { className: "away-who", text: who }),
        set,
        h("button", {
          type: "button", className: "button small", "aria-label": fill(gettext("Save availability: %(who)s"), { who: who }),
          onclick: function (e) { save(f, set, e.currentTarget); },
        }, [gettext("Save")]),
      ]);
    }));
  }

  function say(text, isError) {
    status.textContent = text;
    status.classList.toggle("error", !!isError);
  }

  function save(f, set, button) {
    var chosen = Array.prototype.slice.call(set.querySelectorAll("input:checked")).map(function (i) { return Number(i.value); });
    button.disabled = true;
    fetch(api + "/facilitators/" + f.attendee_id + "/availability", {
      method: "PUT", credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf, Accept: "application/json" },
      body: JSON.stringify({ unavailable_slot_ids: chosen }),
    }).then(function (res) {
      return res.json().catch(function () { return {}; }).then(function (data) {
        if (!res.ok) throw new Error((data.error && data.error.message) || res.statusText);
        return data;
      });
    }).then(function (data) {
      var away = awayWarnings(data, f.proposal_ids).length;
      document.dispatchEvent(new CustomEvent("schedule:replace", { detail: data }));
      say(away
        ? fill(ngettext("Saved %(name)s's availability. %(num)d session sits in a slot they can't make: move it or rebuild.",
          "Saved %(name)s's availability. %(num)d sessions sit in a slot they can't make: move it or rebuild.", away),
          { name: f.name, num: away })
        : fill(gettext("Saved %(name)s's availability."), { name: f.name }));
    }, function (err) { button.disabled = false; say(err.message, true); });
  }

  document.addEventListener("schedule:rendered", function (e) {
    grid = e.detail;
    render();
    markCards();
  });
})();
