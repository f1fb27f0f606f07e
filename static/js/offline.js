// Offline, on attendee pages: registers the service worker (/sw.js) that keeps the hub, the
// schedule and the sessions this phone opened; asks it to keep this page (with the files it
// needs); and shows the "Offline — showing the schedule of 10:42" note when the page is a saved
// copy (sw.js marks it data-served="cache") or the phone has lost the network.
(function () {
  "use strict";

  document.querySelectorAll("[data-reload]").forEach(function (button) {
    button.addEventListener("click", function () { location.reload(); });
  });

  /* ---- the offline page: list what this phone saved ---- */
  var savedList = document.getElementById("saved-pages");
  if (savedList && window.caches) {
    caches.keys().then(function (names) {
      var pages = names.filter(function (n) { return n.indexOf("edcamp-pages-") === 0; });
      return Promise.all(pages.map(function (name) {
        return caches.open(name).then(function (cache) {
          return cache.keys().then(function (requests) {
            return Promise.all(requests.map(function (request) {
              return cache.match(request).then(function (response) { return response.text(); })
                .then(function (html) {
                  var title = new DOMParser().parseFromString(html, "text/html").title;
                  return { url: request.url, title: title || request.url };
                });
            }));
          });
        });
      }));
    }).then(function (groups) {
      var items = [].concat.apply([], groups);
      items.forEach(function (item) {
        var li = document.createElement("li");
        var a = document.createElement("a");
        a.href = item.url;
        a.textContent = item.title.replace(/ · edcamp$/, "");
        li.appendChild(a);
        savedList.appendChild(li);
      });
      document.getElementById("saved").hidden = items.length === 0;
    }).catch(function () {});
  }

  /* ---- the hub: "your next session" moves on by the clock (a saved copy too) ---- */
  var nextUp = document.querySelector("[data-live-next]");
  if (nextUp) {
    var showNext = function () {
      var now = Date.now(), shown = false;
      nextUp.querySelectorAll(".next-up-item").forEach(function (item) {
        var show = !shown && Date.parse(item.dataset.ends) > now;
        item.hidden = !show;
        shown = shown || show;
      });
      nextUp.querySelector(".next-up-none").hidden = shown;
    };
    showNext();
    setInterval(showNext, 30000);
  }

  /* ---- attendee pages: the note, and keeping the page ---- */
  var note = document.getElementById("offline-note");
  if (!note) return;
  var reload = note.querySelector("[data-reload]");
  var saved = note.dataset.served === "cache";
  var here = location.href.split("#")[0];

  function show() {
    var offline = navigator.onLine === false;
    note.hidden = !(saved || (offline && !("quiet" in note.dataset)));
    // a saved copy while the network is back: offer the fresh page
    if (reload) reload.hidden = !(saved && !offline);
  }
  show();
  window.addEventListener("online", show);
  window.addEventListener("offline", show);

  if (!("serviceWorker" in navigator)) return;
  navigator.serviceWorker.register(note.dataset.sw, { scope: "/" }).catch(function () {});
  navigator.serviceWorker.addEventListener("message", function (e) {
    if (e.data && e.data.type === "kept" && e.data.url === here) note.dataset.kept = "1";
  });
  navigator.serviceWorker.startMessages();

  // fresh: fetch the page again even when a copy is kept (a new schedule may be out)
  function keep(fresh, url) {
    if (saved || navigator.onLine === false) return;
    navigator.serviceWorker.ready.then(function (registration) {
      if (!registration.active) return;
      var files = [].map.call(
        document.querySelectorAll("link[rel=stylesheet][href], link[rel=icon][href], script[src]"),
        function (el) { return el.href || el.src; });
      registration.active.postMessage({
        type: "keep",
        url: url || here,
        slug: note.dataset.slug,
        key: note.dataset.copyKey,
        files: files,
        fresh: fresh === true || !navigator.serviceWorker.controller,
      });
    });
  }
  keep(false);
  // back to the phone after a while: the worker fetches this page again, and with it every
  // saved page of the event when a new schedule has been published since
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "visible") keep(true);
  });
  window.addEventListener("online", function () { keep(true); });
  // the vote page hears a new publish on its live board (voting-phone.js): fetching the hub
  // again gives the worker the new version, and it refreshes every saved page of the event
  document.addEventListener("edcamp:schedule-published", function () {
    keep(true, new URL(note.dataset.hub, location.href).href);
  });
})();
