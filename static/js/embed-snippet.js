// The manage page's "schedule on your website" card: the theme choice rewrites the snippet's
// address, and Copy puts the snippet on the clipboard (the textarea stays selectable without JS).
(function () {
  const snippet = document.querySelector("[data-embed-snippet]");
  const theme = document.querySelector("[data-embed-theme]");
  const copy = document.querySelector("[data-embed-copy]");
  const said = document.querySelector("[data-embed-copied]");
  if (!snippet) return;

  if (theme) {
    theme.addEventListener("change", () => {
      snippet.value = snippet.value.replace(/src="([^"?]*)(\?[^"]*)?"/, (_, base) =>
        theme.value === "light" ? `src="${base}"` : `src="${base}?theme=${theme.value}"`);
    });
  }
  if (copy && navigator.clipboard) {
    copy.hidden = false;
    copy.addEventListener("click", () => {
      navigator.clipboard.writeText(snippet.value).then(
        () => { if (said) said.textContent = gettext("Copied."); },
        () => { snippet.select(); if (said) said.textContent = gettext("Select the code and copy it."); });
    });
  }
})();
