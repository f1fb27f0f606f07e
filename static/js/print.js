// Print buttons (data-print): no inline handlers, so a strict CSP can stay on.
document.addEventListener("click", (event) => {
  if (event.target.closest("[data-print]")) window.print();
});
