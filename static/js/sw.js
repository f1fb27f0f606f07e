// edcamp's service worker (served as /sw.js by edcamp/publishing/offline_views.py).
//
// School Wi-Fi drops, so the pages an attendee needs on the day keep working without it: an
// event's hub (/events/<slug>), its schedule (with any filter, "My day" too), and the session
// and room pages this phone opened. Those pages are fetched from the network first (a page
// that takes longer than NETWORK_WAIT is answered from the saved copy meanwhile) and saved as
// they arrive; with no network the saved copy is shown, marked data-served="cache" so that
// static/js/offline.js shows "Offline — showing the schedule of 10:42".
//
// Saved pages are kept per event and per version of its public content, in the cache
// "edcamp-pages-<slug>-<key>" (the page's data-copy-key: a new published schedule, or any edit
// since, such as a facilitator withdrawing their name, gives a new key). When a page arrives
// with a new key, every saved page of that event is fetched again into the new cache and the
// old one is dropped: saved session pages never keep old times, or a name no longer public.
// Any other page the phone opens offline gets /offline, which lists what is saved.
"use strict";

var STATIC = "edcamp-static-v1";
var PAGES = "edcamp-pages-";
var OFFLINE_URL = "/offline";
var NETWORK_WAIT = 4000;
// Only these are saved. Personal pages (/events/<slug>/me..., connections, feedback, the
// learning record) never are: they hold contact details others may withdraw (tested in
// tests/browser/test_offline.py).
var KEPT = [
  /^\/events\/([^/]+)\/?$/,
  /^\/events\/([^/]+)\/schedule$/,
  /^\/events\/([^/]+)\/sessions\/\d+$/,
  /^\/events\/([^/]+)\/rooms\/\d+$/,
];
var KEY = /data-copy-key="([0-9a-f]*)"/;
var pending = new Map(); // url -> the promise of saving it
var refreshing = new Map(); // slug -> the promise of moving its pages to a new key

self.addEventListener("install", function (event) {
  event.waitUntil(
    caches.open(STATIC)
      .then(function (cache) { return cache.add(new Request(OFFLINE_URL, { cache: "reload" })); })
      .then(function () { return self.skipWaiting(); })
  );
});

self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches.keys().then(function (names) {
      return Promise.all(names.filter(function (n) {
        return n.indexOf("edcamp-static-") === 0 && n !== STATIC;
      }).map(function (n) { return caches.delete(n); }));
    }).then(function () { return self.clients.claim(); })
  );
});

function slugOf(url) {
  if (url.origin !== self.location.origin) return null;
  for (var i = 0; i < KEPT.length; i++) {
    var match = KEPT[i].exec(url.pathname);
    if (match) return decodeURIComponent(match[1]);
  }
  return null;
}

function cacheName(slug, key) {
  return PAGES + slug + "-" + (key || "0");
}

function keepable(response) {
  return response && response.ok && response.type === "basic" && !response.redirected &&
    (response.headers.get("Content-Type") || "").indexOf("text/html") === 0;
}

// Save a page that came from the network, under its content key; a new key moves the event's
// other saved pages along.
function save(slug, url, response) {
  var work = response.text().then(function (html) {
    var match = KEY.exec(html);
    var key = match ? match[1] || "0" : "0";
    var copy = new Response(html, { status: response.status, headers: response.headers });
    return caches.open(cacheName(slug, key))
      .then(function (cache) { return cache.put(url, copy); })
      .then(function () { return moveTo(slug, key); });
  });
  pending.set(url, work);
  return work.catch(function () {}).then(function () {
    if (pending.get(url) === work) pending.delete(url);
  });
}

function moveTo(slug, key) {
  var current = cacheName(slug, key);
  var prefix = PAGES + slug + "-";
  var previous = refreshing.get(slug) || Promise.resolve();
  var work = previous.then(function () {
    return caches.keys();
  }).then(function (names) {
    // this event's only: a key has no "-", so "edcamp-2"'s pages are not "edcamp"'s
    var old = names.filter(function (n) {
      return n !== current && n.indexOf(prefix) === 0 && /^[0-9a-f]+$/.test(n.slice(prefix.length));
    });
    return Promise.all(old.map(function (name) {
      var complete = true;
      return caches.open(name).then(function (cache) { return cache.keys(); })
        .then(function (requests) {
          return caches.open(current).then(function (fresh) {
            return Promise.all(requests.map(function (request) {
              return fresh.match(request).then(function (have) {
                if (have) return null;
                return fetch(request.url, { credentials: "same-origin", cache: "no-store" })
                  .then(function (response) {
                    // a page gone since (a 404) is simply not kept
                    if (keepable(response)) return fresh.put(request.url, response);
                    if (response.status >= 500) complete = false;
                  }, function () { complete = false; });
              });
            }));
          });
        }).then(function () {
          // the network failed halfway: keep the old copies until the next look online
          if (complete) return caches.delete(name);
        });
    }));
  });
  refreshing.set(slug, work.catch(function () {}));
  return work;
}

function savedCopy(url) {
  return caches.keys().then(function (names) {
    // newest first: while pages move to a new key, the old copy is the last resort
    var pages = names.filter(function (n) { return n.indexOf(PAGES) === 0; }).reverse();
    return pages.reduce(function (found, name) {
      return found.then(function (response) {
        return response || caches.open(name).then(function (cache) { return cache.match(url); });
      });
    }, Promise.resolve(undefined));
  });
}

// A saved page, marked so that the page says it is a copy (offline.js shows the note).
function asCopy(response) {
  return response.text().then(function (html) {
    return new Response(html.replace('data-served="network"', 'data-served="cache"'), {
      status: 200,
      headers: response.headers,
    });
  });
}

// A worker has no page, so no catalog: the saved /offline page (made in the phone's language)
// is what people read; this line only shows when even that could not be saved.
var gettext = self.gettext || function (text) { return text; };

function offlinePage() {
  return caches.match(OFFLINE_URL).then(function (page) {
    return page || new Response(gettext("You are offline."), {
      status: 503, headers: { "Content-Type": "text/plain; charset=utf-8" },
    });
  });
}

function networkFirst(event, slug) {
  var request = event.request;
  var url = request.url.split("#")[0];
  var copy = savedCopy(url);
  var saving = Promise.resolve();
  var network = fetch(request).then(function (response) {
    if (keepable(response)) saving = save(slug, url, response.clone());
    return response;
  });
  // the worker stays up until the page is saved
  event.waitUntil(network.then(function () { return saving; }, function () {}));
  return new Promise(function (resolve) {
    var answered = false;
    function answer(response) {
      if (!answered && response) { answered = true; resolve(response); }
    }
    function fromCopy(orElse) {
      return copy.then(function (saved) {
        if (saved) return asCopy(saved).then(answer);
        if (orElse) return orElse().then(answer);
      });
    }
    network.then(function (response) {
      // a busy server (5xx) is no better than no network when a copy is saved
      if (response.status >= 500) return fromCopy(function () { return Promise.resolve(response); });
      answer(response);
    }, function () { return fromCopy(offlinePage); });
    setTimeout(function () { fromCopy(null); }, NETWORK_WAIT);
  });
}

function staleWhileRevalidate(request) {
  return caches.open(STATIC).then(function (cache) {
    return cache.match(request).then(function (cached) {
      var network = fetch(request).then(function (response) {
        if (response.ok) cache.put(request, response.clone());
        return response;
      });
      if (cached) {
        network.catch(function () {});
        return cached;
      }
      return network;
    });
  });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") return;
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (url.pathname.indexOf("/static/") === 0) {
    event.respondWith(staleWhileRevalidate(request));
    return;
  }
  if (request.mode !== "navigate") return;
  var slug = slugOf(url);
  if (slug) {
    event.respondWith(networkFirst(event, slug));
  } else {
    event.respondWith(fetch(request).catch(offlinePage));
  }
});

// From offline.js: keep this page (fetched again when asked fresh or not saved yet) and the
// files it uses, then say so.
self.addEventListener("message", function (event) {
  var data = event.data || {};
  if (data.type !== "keep") return;
  var url = String(data.url || "").split("#")[0];
  var parsed;
  try { parsed = new URL(url); } catch (e) { return; }
  var slug = slugOf(parsed);
  var client = event.source;
  var files = (data.files || []).filter(function (f) {
    try { return new URL(f).origin === self.location.origin; } catch (e) { return false; }
  });
  var work = caches.open(STATIC).then(function (cache) {
    return Promise.all(files.map(function (file) {
      return cache.match(file).then(function (have) {
        if (!have) return cache.add(file).catch(function () {});
      });
    }));
  }).then(function () {
    if (!slug) return;
    var inFlight = pending.get(url);
    if (inFlight && !data.fresh) return inFlight;
    return caches.open(cacheName(slug, data.key)).then(function (cache) {
      return cache.match(url);
    }).then(function (have) {
      if (have && !data.fresh) return;
      return fetch(url, { credentials: "same-origin", cache: "no-store" }).then(function (response) {
        if (keepable(response)) return save(slug, url, response);
      });
    });
  }).then(function () {
    if (client) client.postMessage({ type: "kept", url: url });
  }).catch(function () {});
  event.waitUntil(work);
});
