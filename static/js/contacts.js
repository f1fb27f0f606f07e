// Follow-up pages: the print button (no inline handlers, so a strict CSP can stay on).
document.addEventListener("click", (event) => {
  if (event.target.closest("[data-print]")) window.print();
});
document.addEventListener("htmx:configRequest", (event) => {
  const meta = document.querySelector("meta[name=csrf-token]");
  if (meta) event.detail.headers["X-CSRFToken"] = meta.content;
});
