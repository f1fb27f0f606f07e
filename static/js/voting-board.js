/* The projector board: live over SSE, polling the board (ETag) when the stream fails. */
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
  var app = document.getElementById("board-app");
  if (!app) return;
  var list = document.getElementById("board");
  var stateEl = document.getElementById("board-state");
  var liveEl = document.getElementById("live-status");
  var newsEl = document.getElementById("schedule-news");
  var last = {};
  var pager = window.ScreenPager(list, function () {
    return Array.prototype.slice.call(list.children);
  }, document.getElementById("board-pager"), {
    label: function (page, pages, first, lastRank) {
      return interpolate(gettext("Page %(page)s of %(pages)s · ranks %(first)s–%(last)s"),
        {page: page, pages: pages, first: first, last: lastRank});
    }
  });
  window.fitLine(document.getElementById("join-link"));

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function render(board) {
    newsEl.hidden = board.schedule_version === null || board.schedule_version === undefined;
    var hidden = board.voting === "open" && !board.show_counts;
    stateEl.textContent = (board.voting === "open" ? gettext("Voting is open") : gettext("Voting is closed")) +
      (hidden ? " · " + gettext("counts are hidden until voting closes") : "") + " · " +
      ngettext("%(num)d vote cast", "%(num)d votes cast", board.votes_cast);
    var items = document.createDocumentFragment();
    var now = {};
    board.proposals.forEach(function (item, i) {
      var li = el("li");
      li.dataset.id = item.id;
      li.appendChild(el("span", "rank", String(i + 1)));
      var title = el("span", "title", item.title);
      item.tags.forEach(function (t) {
        title.appendChild(document.createTextNode(" "));
        title.appendChild(el("span", "tag", "#" + t));
      });
      li.appendChild(title);
      if ("votes" in item) {
        li.appendChild(el("span", "votes", String(item.votes)));
        if (last[item.id] !== undefined && item.votes > last[item.id]) li.className = "bumped";
        now[item.id] = item.votes;
      }
      items.appendChild(li);
    });
    if (!board.proposals.length) items.appendChild(el("li", "empty", gettext("No proposals yet: scan the code and propose one!")));
    last = now;
    list.replaceChildren(items);
    pager.update();
  }

  var etag = null, timer = null, failures = 0;
  function poll() {
    fetch(app.dataset.boardUrl, { cache: "no-store", credentials: "same-origin",
      headers: etag ? { "If-None-Match": etag } : {} })
      .then(function (r) {
        liveEl.textContent = gettext("Updating every few seconds");
        if (r.status !== 200) return;
        etag = r.headers.get("ETag");
        return r.json().then(render);
      }).catch(function () { liveEl.textContent = gettext("Offline: retrying"); });
  }
  function connect() {
    if (!window.EventSource) { timer = setInterval(poll, 3000); return; }
    var source = new EventSource(app.dataset.streamUrl);
    source.addEventListener("board", function (e) {
      failures = 0;
      liveEl.textContent = pgettext("connection", "Live");
      if (timer) { clearInterval(timer); timer = null; }
      render(JSON.parse(e.data));
    });
    source.onerror = function () {
      failures += 1;
      if ((failures >= 3 || source.readyState === 2) && !timer) {
        source.close();
        poll();
        timer = setInterval(poll, 3000);
        setTimeout(connect, 60000);
      }
    };
  }
  connect();
})();
