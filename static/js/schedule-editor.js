// The organizer's grid editor: renders the draft from the JSON API and edits it through it.
// Move/swap by drag and drop (SortableJS) or by keyboard/tap: select a session, then a cell.
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
  function num(text, n) { return fill(text, { num: n }); } // num(ngettext("%(num)d vote", ...), n)
  /* "1 person wanted another session in this slot", not "conflicts 0.5 (1 voters)". */
  function clashWords(voters) {
    if (!voters) return gettext("No clashes");
    return num(ngettext("%(num)d person wanted another session in this slot",
      "%(num)d people wanted another session in this slot", voters), voters);
  }
  function votes(n) { return num(ngettext("%(num)d vote", "%(num)d votes", n), n); }
  function seats(n) { return num(ngettext("%(num)d seat", "%(num)d seats", n), n); }
  function percent(share) { // 0.853 -> "85.3%" (as the page's language writes it: "85,3 %")
    try {
      return new Intl.NumberFormat(document.documentElement.lang || "en", { style: "percent", maximumFractionDigits: 1 }).format(share);
    } catch (e) { return Math.round(share * 1000) / 10 + "%"; }
  }
  var root = document.getElementById("schedule-editor");
  if (!root) return;
  var api = root.dataset.api;
  var csrf = (document.querySelector('meta[name="csrf-token"]') || {}).content || "";
  var grid = JSON.parse(document.getElementById("grid-data").textContent);
  var selected = null; // proposal id being moved (keyboard/tap or drag)
  var preview = null; // "room:slot" -> preview cell
  var busy = false;
  var els = {
    wrap: document.getElementById("sched-grid-wrap"),
    left: document.getElementById("sched-left"),
    metrics: document.getElementById("sched-metrics"),
    changes: document.getElementById("sched-changes"),
    status: document.getElementById("sched-status"),
    cancel: document.getElementById("sched-cancel"),
  };

  var h = window.edcampDom.h;

  function say(text, isError) {
    els.status.textContent = text;
    els.status.classList.toggle("error", !!isError);
  }

  function call(method, path, body) {
    busy = true;
    return fetch(api + path, {
      method: method,
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf, Accept: "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    }).then(function (res) {
      return res.json().catch(function () { return {}; }).then(function (data) {
        busy = false;
        if (!res.ok) throw new Error((data.error && data.error.message) || res.statusText);
        return data;
      });
    }, function (err) { busy = false; throw err; });
  }

  function clock(iso) { return iso.slice(11, 16); }
  function byId(list) { var m = {}; list.forEach(function (x) { m[x.id] = x; }); return m; }

  function render() {
    var m = grid.metrics;
    els.metrics.textContent = fill(gettext("Conflicts: %(conflicts)s · Overflow: %(overflow)s · Votes honoured: %(honoured)s"),
      { conflicts: m.conflicts, overflow: m.overflow, honoured: percent(m.votes_honoured) });
    var c = grid.changes || {};
    els.changes.textContent = c.published_version
      ? fill(gettext("Since version %(version)s: %(summary)s"), { version: c.published_version, summary: c.summary })
      : c.summary || "";
    els.cancel.hidden = selected === null;
    renderWarnings();
    renderGrid();
    renderLeft();
    setupDrag();
    // other parts of the editor (schedule-availability.js) follow the grid it shows
    document.dispatchEvent(new CustomEvent("schedule:rendered", { detail: grid }));
  }
  document.addEventListener("schedule:replace", function (e) { done("")(e.detail); });

  function needsOf(pid) {
    var p = (grid.proposals || []).filter(function (x) { return x.id === pid; })[0];
    return (p && p.needs) || [];
  }

  function proposalTitle(pid) {
    var p = (grid.proposals || []).filter(function (x) { return x.id === pid; })[0];
    return p ? p.title : "#" + pid;
  }

  // why a hand move is refused, in words (codes from the API's preview)
  var RULES = {
    needs_unmet: gettext("room lacks a need"), facilitator_unavailable: gettext("facilitator away"),
    facilitator_clash: gettext("facilitator busy"), break_slot: gettext("break"), cell_blocked: gettext("blocked"),
    no_next_slot: gettext("no next slot"), cell_pinned: gettext("pinned here"), cell_taken: gettext("taken"),
  };
  function previewBadge(roomId, slotId, own) {
    if (!preview || own) return null;
    var p = preview[roomId + ":" + slotId];
    if (!p) return null;
    if (!p.allowed) return h("span", { className: "badge no", text: RULES[p.reason] || p.reason.replace(/_/g, " ") });
    var d = p.conflicts_delta + p.overflow_delta;
    var label = p.conflicts_delta > 0 ? gettext("More clashes") : p.conflicts_delta < 0 ? gettext("Fewer clashes") : gettext("Same clashes");
    if (p.overflow_delta) {
      var over = Math.abs(p.overflow_delta);
      label += ", " + (p.overflow_delta > 0
        ? num(ngettext("%(num)d person more over capacity", "%(num)d people more over capacity", over), over)
        : num(ngettext("%(num)d person fewer over capacity", "%(num)d people fewer over capacity", over), over));
    }
    return h("span", { className: "badge " + (d > 0 ? "worse" : d < 0 ? "better" : "same"), text: label });
  }

  function sessionCard(a, room) {
    var isSel = selected === a.proposal_id;
    return h("div", { className: "session" + (a.pinned ? " pinned" : "") + (isSel ? " selected" : ""), "data-proposal": a.proposal_id }, [
      h("button", {
        type: "button", className: "session-title", "aria-pressed": isSel ? "true" : "false",
        title: gettext("Select to move"), onclick: function () { toggleSelect(a.proposal_id); },
      }, [a.title]),
      h("span", { className: "session-meta" + (a.votes > room.capacity ? " over" : ""), text: votes(a.votes) + " / " + seats(room.capacity) }),
      a.length === 2 ? h("span", { className: "session-meta", text: gettext("Double session") }) : null,
      needsOf(a.proposal_id).length ? h("span", { className: "session-meta", text: fill(gettext("Needs: %(needs)s"), { needs: needsOf(a.proposal_id).join(", ") }) }) : null,
      h("span", { className: "session-meta" + (a.conflict_share > 0 ? " clash" : ""), text: clashWords(a.clashing_voters) }),
      h("span", { className: "session-actions" }, [
        h("button", {
          type: "button", className: "button small", "aria-pressed": a.pinned ? "true" : "false",
          "aria-label": fill(a.pinned ? gettext("Pinned: %(title)s") : gettext("Pin: %(title)s"), { title: a.title }),
          onclick: function () { pin(a, !a.pinned); },
        }, [a.pinned ? gettext("Pinned") : gettext("Pin")]),
        h("button", {
          type: "button", className: "button small", "aria-label": fill(gettext("Take off: %(title)s"), { title: a.title }),
          onclick: function () { takeOff(a.proposal_id); },
        }, [gettext("Take off")]),
      ]),
    ]);
  }

  function renderWarnings() {
    var list = document.getElementById("sched-warnings");
    list.replaceChildren.apply(list, (grid.warnings || []).map(function (w) {
      return h("li", { className: "error", text: fill(gettext("“%(title)s”: %(message)s"), { title: proposalTitle(w.proposal_id), message: w.message }) });
    }));
  }

  function renderGrid() {
    var rooms = grid.rooms, slots = grid.slots;
    var at = {}, blocked = {}, continued = {};
    grid.assignments.forEach(function (a) {
      at[a.room_id + ":" + a.slot_id] = a;
      (a.slot_ids || []).slice(1).forEach(function (s) { continued[a.room_id + ":" + s] = a; });
    });
    grid.blocked.forEach(function (b) { blocked[b.room_id + ":" + b.slot_id] = true; });
    var head = h("tr", {}, [h("th", { scope: "col", className: "time", text: gettext("Time") })].concat(rooms.map(function (r) {
      return h("th", { scope: "col" }, [r.name, h("span", { className: "cap", text: seats(r.capacity) }),
        (r.features || []).length ? h("span", { className: "cap features", text: r.features.join(", ") }) : null]);
    })));
    var body = slots.map(function (s) {
      // the time column takes only the width it needs: start above end
      var time = h("th", { scope: "row", className: "time" }, [
        h("span", { className: "t-start", text: clock(s.starts_at) }),
        h("span", { className: "t-end", text: "–" + clock(s.ends_at) }),
      ]);
      if (s.break_label) {
        return h("tr", { className: "break-row" }, [time, h("td", { colspan: String(rooms.length), className: "cell break" }, [
          h("span", { className: "break-label", text: s.break_label }),
        ])]);
      }
      return h("tr", {}, [time].concat(rooms.map(function (r) {
        var key = r.id + ":" + s.id, a = at[key], isBlocked = blocked[key];
        if (continued[key]) {
          return h("td", { className: "cell taken continued", "data-room": r.id, "data-slot": s.id }, [
            h("span", { className: "cell-note", text: fill(gettext("“%(title)s” continues (double session)"), { title: continued[key].title }) }),
          ]);
        }
        var own = a && a.proposal_id === selected;
        var kids = [];
        if (isBlocked) {
          kids.push(h("span", { className: "cell-note", text: gettext("Blocked") }));
          kids.push(h("button", { type: "button", className: "button small", "aria-label": fill(gettext("Unblock: %(room)s at %(time)s"), { room: r.name, time: clock(s.starts_at) }), onclick: function () { setBlocked(r.id, s.id, false); } }, [gettext("Unblock")]));
        } else if (a) {
          kids.push(sessionCard(a, r));
        } else {
          kids.push(h("span", { className: "cell-note", text: gettext("Empty") }));
          kids.push(h("button", { type: "button", className: "button small", "aria-label": fill(gettext("Block: %(room)s at %(time)s"), { room: r.name, time: clock(s.starts_at) }), onclick: function () { setBlocked(r.id, s.id, true); } }, [gettext("Block")]));
        }
        var badge = previewBadge(r.id, s.id, own);
        if (badge) kids.push(badge);
        if (selected !== null && !isBlocked && !own) {
          var p = preview && preview[key];
          kids.push(h("button", {
            type: "button", className: "button small primary move-here",
            disabled: p && !p.allowed ? true : null,
            "aria-label": a
              ? fill(gettext("Swap here: with %(title)s, %(room)s at %(time)s"), { title: a.title, room: r.name, time: clock(s.starts_at) })
              : fill(gettext("Move here: %(room)s at %(time)s"), { room: r.name, time: clock(s.starts_at) }),
            onclick: function () { moveTo(selected, r.id, s.id); },
          }, [a ? gettext("Swap here") : gettext("Move here")]));
        }
        return h("td", { className: "cell" + (isBlocked ? " blocked" : a ? " taken" : " empty"), "data-room": r.id, "data-slot": s.id }, [
          h("div", { className: "cell-drop", "data-room": r.id, "data-slot": s.id }, kids),
        ]);
      })));
    });
    var table = h("table", { className: "sched-grid", id: "sched-grid" }, [
      h("caption", { className: "visually-hidden", text: gettext("Draft grid: rooms as columns, time slots as rows") }),
      h("thead", {}, [head]), h("tbody", {}, body),
    ]);
    els.wrap.replaceChildren(table);
  }

  function renderLeft() {
    var items = (grid.proposals || []).filter(function (p) { return !p.scheduled; });
    if (!items.length) { els.left.replaceChildren(h("li", { className: "empty", text: gettext("Every proposal is on the grid.") })); return; }
    els.left.replaceChildren.apply(els.left, items.map(function (p) {
      var isSel = selected === p.id;
      var sel = h("select", { id: "mode-" + p.id, onchange: function (e) { setMode(p.id, e.target.value); } },
        [["auto", gettext("By votes")], ["include", gettext("Force in")], ["exclude", gettext("Leave out")]].map(function (o) {
          return h("option", { value: o[0], selected: p.mode === o[0] ? true : null, text: o[1] });
        }));
      return h("li", { className: "session left" + (isSel ? " selected" : ""), "data-proposal": p.id }, [
        h("button", { type: "button", className: "session-title", "aria-pressed": isSel ? "true" : "false", onclick: function () { toggleSelect(p.id); } }, [p.title]),
        h("span", { className: "session-meta", text: votes(p.votes) }),
        reasonOf(p.id),
        h("label", { for: "mode-" + p.id, className: "visually-hidden", text: fill(gettext("Scheduling of %(title)s"), { title: p.title }) }), sel,
      ]);
    }));
  }

  function reasonOf(pid) {
    var r = (grid.reasons || {})[String(pid)];
    if (!r) return null;
    return h("span", { className: "session-reason" }, [
      h("strong", { text: r.message + " " }), h("span", { text: r.fix }),
    ]);
  }

  function loadPreview(pid) {
    return call("GET", "/schedule/" + pid + "/preview").then(function (data) {
      preview = {};
      data.cells.forEach(function (c) { preview[c.room_id + ":" + c.slot_id] = c; });
    });
  }

  function toggleSelect(pid) {
    if (selected === pid) { cancel(); return; }
    selected = pid;
    preview = null;
    render();
    say(fill(gettext("Moving “%(title)s”: choose a cell."), { title: proposalTitle(pid) }));
    loadPreview(pid).then(render, function (e) { say(e.message, true); });
  }

  function cancel() { selected = null; preview = null; render(); say(""); }

  function done(message) {
    return function (data) { grid = data; selected = null; preview = null; render(); say(message); return data; };
  }
  function fail(e) { selected = null; preview = null; render(); say(e.message, true); }

  function moveTo(pid, roomId, slotId) {
    return call("PUT", "/schedule/" + pid, { room_id: roomId, slot_id: slotId, swap: true, pinned: true })
      .then(done(fill(gettext("Moved “%(title)s” (pinned)."), { title: proposalTitle(pid) })), fail);
  }
  function pin(a, on) {
    return call("PUT", "/schedule/" + a.proposal_id, { room_id: a.room_id, slot_id: a.slot_id, pinned: on })
      .then(done(fill(on ? gettext("Pinned “%(title)s”.") : gettext("Unpinned “%(title)s”."), { title: a.title })), fail);
  }
  function takeOff(pid) { return call("DELETE", "/schedule/" + pid).then(done(gettext("Taken off the grid.")), fail); }
  function setBlocked(roomId, slotId, on) {
    return call(on ? "PUT" : "DELETE", "/rooms/" + roomId + "/blocked/" + slotId).then(done(on ? gettext("Cell blocked.") : gettext("Cell freed.")), fail);
  }
  function setMode(pid, mode) { return call("PUT", "/schedule/" + pid + "/mode", { mode: mode }).then(done(gettext("Saved.")), fail); }

  // Rebuild: first a preview (nothing saved), then "Save this grid" saves exactly what was shown.
  var proposed = null;
  var box = document.getElementById("sched-rebuild-preview");
  function showRebuild(data) {
    proposed = data;
    var r = data.rebuild, now = grid.metrics, next = data.metrics;
    document.getElementById("sched-rebuild-summary").textContent = r.summary;
    document.getElementById("sched-rebuild-metrics").textContent =
      fill(gettext("Conflicts %(before)s → %(after)s · Overflow %(overflow_before)s → %(overflow_after)s · each published session moved counts as %(cost)s."),
        { before: now.conflicts, after: next.conflicts, overflow_before: now.overflow, overflow_after: next.overflow, cost: r.move_cost });
    var titles = {};
    (data.proposals || []).forEach(function (p) { titles[p.id] = p.title; });
    var moves = document.getElementById("sched-rebuild-moves");
    moves.replaceChildren.apply(moves, r.published_moves.map(function (pid) {
      return h("li", { text: fill(gettext("“%(title)s” moves from where it was published"), { title: titles[pid] || "#" + pid }) });
    }));
    box.hidden = false;
    say(gettext("Preview ready: nothing is saved yet."));
    document.getElementById("sched-rebuild-save").focus();
  }
  document.getElementById("sched-rebuild").addEventListener("click", function () {
    say(gettext("Building a preview…"));
    var cost = Number(document.getElementById("sched-move-cost").value || 0);
    call("POST", "/schedule/build", { preview: true, move_cost: cost }).then(showRebuild, fail);
  });
  document.getElementById("sched-rebuild-save").addEventListener("click", function () {
    if (!proposed) return;
    var cells = proposed.assignments.map(function (a) { return { proposal_id: a.proposal_id, room_id: a.room_id, slot_id: a.slot_id }; });
    box.hidden = true;
    call("PUT", "/schedule", { assignments: cells }).then(done(gettext("Saved the rebuilt grid: pinned sessions kept their cells.")), fail);
    proposed = null;
  });
  document.getElementById("sched-rebuild-discard").addEventListener("click", function () {
    proposed = null; box.hidden = true; say(gettext("Kept the current grid."));
  });
  // Publish: first what changes for attendees (against the published version), then one
  // "Publish" that publishes exactly that difference (the server refuses a draft changed since).
  var publishBox = document.getElementById("sched-publish-preview");
  var publishButton = document.getElementById("sched-publish");
  var confirmPublish = document.getElementById("sched-publish-confirm");
  var shownChanges = null;
  function where(place) { return place ? place.starts_at + " " + place.room : ""; }
  function changeLine(d) {
    var values = { title: d.title, from: where(d.from), to: where(d.to) };
    if (d.change === "moved") return fill(gettext("“%(title)s” moves: %(from)s → %(to)s"), values);
    if (d.change === "added") return fill(gettext("“%(title)s” is added: %(to)s"), values);
    return fill(gettext("“%(title)s” is taken off (was %(from)s)"), values);
  }
  function closePublish() {
    publishBox.hidden = true; shownChanges = null;
    publishButton.setAttribute("aria-expanded", "false");
  }
  function showPublish(c) {
    shownChanges = c;
    var next = (c.published_version || 0) + 1;
    var details = c.details || [];
    var head;
    var n = details.length;
    if (!c.published_version) {
      head = num(ngettext("Version 1 is the first published schedule, with %(num)d session.",
        "Version 1 is the first published schedule, with %(num)d sessions.", n), n);
    } else if (!n) {
      head = fill(gettext("Nothing changed since version %(version)s: publishing again changes nothing for attendees."),
        { version: c.published_version });
    } else {
      head = fill(ngettext("Publishing version %(version)s changes %(num)d session for attendees: %(summary)s",
        "Publishing version %(version)s changes %(num)d sessions for attendees: %(summary)s", n),
        { version: next, num: n, summary: c.summary });
    }
    document.getElementById("sched-publish-summary").textContent = head;
    var list = document.getElementById("sched-publish-list");
    list.replaceChildren.apply(list, details.map(function (d) {
      return h("li", { className: "change-" + d.change, text: changeLine(d) });
    }));
    confirmPublish.textContent = fill(gettext("Publish version %(version)s"), { version: next });
    confirmPublish.disabled = false;
    publishBox.hidden = false;
    publishButton.setAttribute("aria-expanded", "true");
    say(fill(gettext("Nothing is published until you choose “Publish version %(version)s”."), { version: next }));
    document.getElementById("sched-publish-summary").focus();
  }
  publishButton.addEventListener("click", function () {
    if (!publishBox.hidden) { closePublish(); say(""); return; }
    say(gettext("Checking what publishing changes…"));
    call("GET", "/schedule?draft=1").then(function (data) {
      grid = data; render(); showPublish(data.changes);
    }, fail);
  });
  confirmPublish.addEventListener("click", function () {
    if (!shownChanges || confirmPublish.disabled) return;
    confirmPublish.disabled = true; // one click publishes once
    say(gettext("Publishing…"));
    call("POST", "/schedule/publish", { expect: shownChanges.fingerprint }).then(function (res) {
      closePublish();
      return call("GET", "/schedule?draft=1").then(done(fill(gettext("Published version %(version)s. %(summary)s"), { version: res.version, summary: res.changes.summary })));
    }).catch(function (e) {
      closePublish();
      fail(e);
    });
  });
  document.getElementById("sched-publish-cancel").addEventListener("click", function () {
    closePublish(); say(gettext("Not published.")); publishButton.focus();
  });
  els.cancel.addEventListener("click", cancel);
  document.addEventListener("keydown", function (e) { if (e.key === "Escape" && selected !== null) cancel(); });

  // Drag and drop: SortableJS starts the drag (mouse and touch alike, fallback mode) but never
  // rearranges the grid while dragging (onMove returns false), so the layout stays still;
  // the drop target is the cell under the pointer when it is released.
  var sortables = [];
  var pointer = { x: 0, y: 0 };
  ["pointermove", "mousemove"].forEach(function (type) {
    document.addEventListener(type, function (e) { pointer.x = e.clientX; pointer.y = e.clientY; }, { passive: true });
  });
  document.addEventListener("touchmove", function (e) {
    if (e.touches.length) { pointer.x = e.touches[0].clientX; pointer.y = e.touches[0].clientY; }
  }, { passive: true });
  var hovered = null;
  function dropTarget() {
    var el = document.elementFromPoint(pointer.x, pointer.y);
    return el ? el.closest(".cell-drop, #sched-left") : null;
  }
  function setupDrag() {
    if (!window.Sortable) return;
    sortables.forEach(function (s) { s.destroy(); });
    sortables = [];
    var lists = Array.prototype.slice.call(els.wrap.querySelectorAll(".cell-drop")).concat([els.left]);
    lists.forEach(function (list) {
      sortables.push(window.Sortable.create(list, {
        group: "grid", sort: false, draggable: ".session", filter: "button:not(.session-title), select, .cell-note",
        preventOnFilter: false, forceFallback: true, fallbackTolerance: 4,
        onStart: function (evt) {
          var pid = Number(evt.item.dataset.proposal);
          loadPreview(pid).then(function () { markPreview(pid); }, function () {});
        },
        onMove: function () {
          var target = dropTarget();
          if (hovered && hovered !== target) hovered.classList.remove("drop-hover");
          hovered = target;
          if (target) target.classList.add("drop-hover");
          return false;
        },
        onEnd: function (evt) {
          var pid = Number(evt.item.dataset.proposal);
          var to = dropTarget();
          if (hovered) hovered.classList.remove("drop-hover");
          hovered = null;
          preview = null;
          if (!to || to === evt.from) { render(); return; }
          if (to === els.left) { takeOff(pid); return; }
          moveTo(pid, Number(to.dataset.room), Number(to.dataset.slot));
        },
      }));
    });
  }

  // while dragging: show on every cell what dropping there would do
  function markPreview(pid) {
    els.wrap.querySelectorAll(".cell-drop").forEach(function (cell) {
      var old = cell.querySelector(".badge");
      if (old) old.remove();
      var a = grid.assignments.filter(function (x) { return x.proposal_id === pid; })[0];
      var own = a && a.room_id === Number(cell.dataset.room) && a.slot_id === Number(cell.dataset.slot);
      var badge = previewBadge(cell.dataset.room, cell.dataset.slot, own);
      if (badge) cell.appendChild(badge);
    });
  }

  render();
})();
