/* The phone's voting page: votes without reloads, never silently lost; live board updates.
   Votes are idempotent (POST twice = one vote), so a vote whose answer was lost is simply
   sent again; after a few failed tries the card says plainly that it is not saved. */
(function () {
  "use strict";
  // The words come from static/js/i18n.js (loaded before every script); as written without it.
  var gettext = window.gettext || function (s) { return s; };
  var pgettext = window.pgettext || function (c, s) { return s; };
  var ngettext = window.ngettext || function (s, p, n) {
    return (n === 1 ? s : p).replace(/%\(num\)d/g, String(n));
  };
  var interpolate = window.interpolate || function (s, v) {
    return s.replace(/%\((\w+)\)[sd]/g, function (m, k) { return k in v ? String(v[k]) : m; });
  };
  var app = document.getElementById("voting-app");
  if (!app || !window.fetch) return;
  var csrf = document.querySelector('meta[name="csrf-token"]').content;
  var list = document.getElementById("proposals");
  var leftEl = document.getElementById("votes-left");
  var net = document.getElementById("net-status");
  var stateEl = document.getElementById("voting-state");
  var limit = +app.dataset.limit;
  var mine = new Set(app.dataset.mine ? app.dataset.mine.split(",").map(Number) : []);
  var pending = new Map();
  var MAX_TRIES = 5;

  function byId(id) { return document.getElementById("p" + id); }
  function voteUrl(id) { return app.dataset.voteUrl.replace(/\/0\/vote$/, "/" + id + "/vote"); }
  function say(text) { net.textContent = text; net.hidden = !text; }

  function show(id) {
    var li = byId(id);
    if (!li) return;
    var p = pending.get(id);
    var voted = p ? p.want : mine.has(id);
    li.querySelector(".vote").setAttribute("aria-pressed", String(voted));
    li.querySelector("input[name=action]").value = voted ? "unvote" : "vote";
    li.classList.toggle("mine", voted);
    li.classList.toggle("saving", !!p && !p.failed);
    li.classList.toggle("unsaved", !!p && !!p.failed);
    li.querySelector(".vote-note").textContent = !p ? "" : p.failed
      ? gettext("Not saved. Tap to try again.") : p.tries ? gettext("Not saved yet, retrying…") : gettext("Saving…");
  }

  /* A message about one tap goes on the tapped card, where the eyes are, not at the top. */
  function notice(id, text) {
    var li = byId(id);
    if (!li) return;
    var note = li.querySelector(".card-notice");
    if (!note) {
      note = el("p", "card-notice");
      note.setAttribute("role", "alert");
      var title = li.querySelector(".proposal-title");
      title.parentNode.insertBefore(note, title.nextSibling);
    }
    note.textContent = text;
    note.hidden = !text;
    clearTimeout(note.timer);
    if (text) note.timer = setTimeout(function () { note.hidden = true; }, 8000);
  }

  function votesLeft() {
    var n = mine.size;
    pending.forEach(function (p, id) { n += (p.want ? 1 : 0) - (mine.has(id) ? 1 : 0); });
    return Math.max(0, limit - n);
  }
  function showLeft() { leftEl.textContent = votesLeft(); }

  function unsavedCount() {
    var n = 0;
    pending.forEach(function (p) { if (p.failed) n++; });
    return n;
  }

  function send(id) {
    var p = pending.get(id);
    if (!p || p.inflight) return;
    p.inflight = true;
    p.failed = false;
    var want = p.want;
    show(id);
    fetch(voteUrl(id), {
      method: want ? "POST" : "DELETE",
      credentials: "same-origin",
      headers: { "X-CSRFToken": csrf, "Accept": "application/json" }
    }).then(function (r) {
      if (r.status >= 500 || r.status === 429) throw new Error("HTTP " + r.status);
      return r.json().catch(function () { return {}; }).then(function (body) {
        p.inflight = false;
        if (r.ok) {
          mine = new Set(body.my_votes);
          if (p.want === mine.has(id)) pending.delete(id); else return send(id);
          if (!unsavedCount()) say("");
        } else {
          pending.delete(id);
          var err = body.error || {};
          notice(id, err.message || gettext("Your vote could not be saved."));
          if (err.code === "voting_closed") setOpen(false);
        }
        show(id);
        showLeft();
      });
    }).catch(function () {
      p.inflight = false;
      p.tries += 1;
      if (p.tries >= MAX_TRIES) {
        p.failed = true;
        say(ngettext("No connection: %(num)d vote not saved. Tap it again when you are back online.",
          "No connection: %(num)d votes not saved. Tap them again when you are back online.", unsavedCount()));
      } else {
        setTimeout(function () { send(id); }, Math.min(500 * Math.pow(2, p.tries), 8000));
      }
      show(id);
    });
  }

  list.addEventListener("submit", function (e) {
    var form = e.target;
    if (!form.classList.contains("vote-form")) return;
    e.preventDefault();
    var id = +form.closest("li").dataset.id;
    var p = pending.get(id);
    if (p && p.failed) { p.tries = 0; send(id); return; }
    var want = !(p ? p.want : mine.has(id));
    if (want && votesLeft() <= 0) {
      notice(id, ngettext("Your %(num)d vote is used. Take it back to vote for this.",
        "All %(num)d votes used. Take one back to vote for this.", limit));
      return;
    }
    notice(id, "");
    if (p) { p.want = want; } else { pending.set(id, { want: want, tries: 0 }); }
    showLeft();
    send(id);
  });

  window.addEventListener("online", function () {
    pending.forEach(function (p, id) { if (p.failed) { p.tries = 0; send(id); } });
  });
  window.addEventListener("beforeunload", function (e) {
    if (pending.size) { e.preventDefault(); e.returnValue = ""; }
  });

  /* ---- search and tag filter ---- */
  var search = document.getElementById("search");
  var activeTag = null;
  function filter() {
    var q = search.value.trim().toLowerCase();
    var shown = 0;
    list.querySelectorAll("li.proposal").forEach(function (li) {
      // tags are kept as typed and joined by tabs (a tag may hold spaces); compared without case
      var tags = li.dataset.tags ? li.dataset.tags.toLowerCase().split("\t") : [];
      var text = li.querySelector(".proposal-title").textContent.toLowerCase() + " " + tags.join(" ");
      var ok = (!q || text.indexOf(q) >= 0) &&
        (!activeTag || tags.indexOf(activeTag.toLowerCase()) >= 0);
      li.hidden = !ok;
      if (ok) shown++;
    });
    document.getElementById("no-match").hidden = shown > 0 || !list.querySelector("li.proposal");
  }
  search.addEventListener("input", filter);
  document.querySelectorAll(".chip").forEach(function (chip) {
    chip.addEventListener("click", function () {
      var on = chip.getAttribute("aria-pressed") !== "true";
      document.querySelectorAll(".chip").forEach(function (c) { c.setAttribute("aria-pressed", "false"); });
      chip.setAttribute("aria-pressed", String(on));
      activeTag = on ? chip.dataset.tag : null;
      filter();
    });
  });

  /* ---- live board ---- */
  function setOpen(open) {
    stateEl.dataset.state = open ? "open" : "closed";
    if (!open) stateEl.textContent = gettext("Voting is closed");
    list.querySelectorAll(".vote").forEach(function (b) { b.disabled = !open; });
  }

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text) node.textContent = text;
    return node;
  }

  function hidden(name, value) {
    var input = el("input");
    input.type = "hidden"; input.name = name; input.value = value;
    return input;
  }

  function addCard(item) {
    var li = el("li", "proposal");
    li.id = "p" + item.id;
    li.dataset.id = item.id;
    li.dataset.tags = item.tags.join("\t");
    var text = el("div", "proposal-text");
    text.appendChild(el("h2", "proposal-title", item.title));
    if (item.tags.length) text.appendChild(el("p", "tags", item.tags.map(function (t) { return "#" + t; }).join(" ")));
    if (item.needs_facilitator) text.appendChild(el("p", "badge", gettext("Needs a leader")));
    var form = el("form", "vote-form");
    form.method = "post";
    form.action = voteUrl(item.id);
    form.appendChild(hidden("action", "vote"));
    var button = el("button", "vote");
    button.type = "submit";
    button.setAttribute("aria-pressed", "false");
    button.appendChild(el("span", "visually-hidden", interpolate(gettext("Vote for %(title)s"), {title: item.title})));
    button.appendChild(el("span", "vote-mark")).setAttribute("aria-hidden", "true");
    button.appendChild(el("span", "count"));
    form.appendChild(button);
    form.appendChild(el("span", "vote-note")).setAttribute("role", "status");
    li.appendChild(text);
    li.appendChild(form);
    var none = document.getElementById("no-proposals");
    if (none) none.remove();
    list.insertBefore(li, list.firstChild);
    return li;
  }

  function refreshMine() {
    fetch(app.dataset.votesUrl, { credentials: "same-origin", cache: "no-store" })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (body) {
        if (!body) return;
        mine = new Set(body.my_votes);
        list.querySelectorAll("li.proposal").forEach(function (li) { show(+li.dataset.id); });
        showLeft();
      }).catch(function () {});
  }

  var news = document.getElementById("schedule-news");
  var scheduleVersion = app.dataset.scheduleVersion;
  function showScheduleNews(version) {
    if (version === null || version === undefined || String(version) === scheduleVersion) return;
    news.querySelector("a").textContent = scheduleVersion
      ? gettext("The schedule changed: see where your sessions are now")
      : gettext("The schedule is out: see where your sessions are");
    news.hidden = false;
    scheduleVersion = String(version);
    // offline.js refreshes the pages this phone saved for offline use
    document.dispatchEvent(new CustomEvent("edcamp:schedule-published", { detail: { version: version } }));
  }

  function apply(board) {
    setOpen(board.voting === "open");
    showScheduleNews(board.schedule_version);
    var seen = new Set();
    var lost = false;
    board.proposals.forEach(function (item) {
      seen.add(item.id);
      var li = byId(item.id);
      // a card coming back (an undone merge) may give this phone's votes back: recount
      if (!li) { li = addCard(item); lost = true; }
      li.querySelector(".count").textContent = "votes" in item ? item.votes : "";
    });
    list.querySelectorAll("li.proposal").forEach(function (li) {
      var id = +li.dataset.id;
      if (!seen.has(id)) { li.remove(); lost = lost || mine.has(id); }
    });
    if (board.votes_per_attendee !== limit) { limit = board.votes_per_attendee; lost = true; }
    if (lost) refreshMine();
    filter();
  }

  var etag = null, pollTimer = null, source = null, failures = 0;
  function poll() {
    var headers = etag ? { "If-None-Match": etag } : {};
    fetch(app.dataset.boardUrl, { credentials: "same-origin", cache: "no-store", headers: headers })
      .then(function (r) {
        if (r.status !== 200) return;
        etag = r.headers.get("ETag");
        return r.json().then(apply);
      }).catch(function () {});
  }
  function startPolling() {
    if (!pollTimer) { poll(); pollTimer = setInterval(poll, 5000); }
  }
  function connect() {
    if (!window.EventSource) return startPolling();
    source = new EventSource(app.dataset.streamUrl);
    source.addEventListener("board", function (e) {
      failures = 0;
      if (pollTimer) { clearInterval(pollTimer); pollTimer = null; }
      apply(JSON.parse(e.data));
    });
    source.onerror = function () {
      failures += 1;
      if (failures >= 3 || source.readyState === 2) {
        source.close();
        startPolling();
        setTimeout(connect, 60000);
      }
    };
  }
  connect();
})();
