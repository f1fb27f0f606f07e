// The embeddable schedule refreshes itself inside the host site's frame: at once when a new
// version is published (server-sent events on the schedule channel), and every five minutes
// so "Now" moves along. It fetches its own URL and swaps the <main>, keeping the scroll.
(function () {
  const main = document.getElementById("embed");
  if (!main || !window.fetch || !window.DOMParser) return;
  const REFRESH_MS = 5 * 60 * 1000;
  const SETTLE_MS = 2500; // other workers may take a moment to see a new version

  function refresh(wanted, retries) {
    return fetch(window.location.href, { cache: "no-store", credentials: "omit" })
      .then((response) => (response.ok ? response.text() : Promise.reject(response.status)))
      .then((html) => {
        const fresh = new DOMParser().parseFromString(html, "text/html").getElementById("embed");
        if (!fresh) return;
        const version = fresh.dataset.version;
        if (wanted !== null && version !== String(wanted) && retries > 0) {
          setTimeout(() => refresh(wanted, retries - 1), SETTLE_MS);
          return;
        }
        main.innerHTML = fresh.innerHTML;
        main.dataset.version = version;
      })
      .catch(() => {}); // offline for a moment: the next event or tick tries again
  }

  setInterval(() => refresh(null, 0), REFRESH_MS);
  if (!window.EventSource || !main.dataset.stream) return;
  const source = new EventSource(main.dataset.stream);
  source.onmessage = (message) => {
    let version = null;
    try { version = JSON.parse(message.data).version; } catch (_) { return; }
    if (version !== null && String(version) !== main.dataset.version) {
      setTimeout(() => refresh(version, 3), SETTLE_MS);
    }
  };
})();
