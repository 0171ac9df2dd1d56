// Trygghet: small behaviours without inline scripts (the CSP forbids them).
// Buttons and links with data-confirm ask before a destructive action.
document.addEventListener("click", function (event) {
  const el = event.target.closest("[data-confirm]");
  if (el && !window.confirm(el.dataset.confirm)) {
    event.preventDefault();
  }
});
