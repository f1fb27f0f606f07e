/* The projector board: live over SSE, polling the board (ETag) when the stream fails. */
(function () {
  "use strict";
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
      return "Page " + page + " of " + pages + " · ranks " + first + "–" + lastRank;
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
    stateEl.textContent = (board.voting === "open" ? "Voting is open" : "Voting is closed") +
      (hidden ? " · counts are hidden until voting closes" : "") + " · " + board.votes_cast + " votes cast";
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
    if (!board.proposals.length) items.appendChild(el("li", "empty", "No proposals yet: scan the code and propose one!"));
    last = now;
    list.replaceChildren(items);
    pager.update();
  }

  var etag = null, timer = null, failures = 0;
  function poll() {
    fetch(app.dataset.boardUrl, { cache: "no-store", credentials: "same-origin",
      headers: etag ? { "If-None-Match": etag } : {} })
      .then(function (r) {
        liveEl.textContent = "Updating every few seconds";
        if (r.status !== 200) return;
        etag = r.headers.get("ETag");
        return r.json().then(render);
      }).catch(function () { liveEl.textContent = "Offline: retrying"; });
  }
  function connect() {
    if (!window.EventSource) { timer = setInterval(poll, 3000); return; }
    var source = new EventSource(app.dataset.streamUrl);
    source.addEventListener("board", function (e) {
      failures = 0;
      liveEl.textContent = "Live";
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
