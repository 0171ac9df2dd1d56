// Trygghet: small behaviours without inline scripts (the CSP forbids them).
// Buttons and links with data-confirm ask before a destructive action.
document.addEventListener("click", function (event) {
  const el = event.target.closest("[data-confirm]");
  if (el && !window.confirm(el.dataset.confirm)) {
    event.preventDefault();
  }
});

// A page that comes back with form errors: move focus to the summary, so it is read out
// and the links to the fields are next on Tab.
// On "load", after the browser has moved to any #fragment of the address (e.g. #main).
window.addEventListener("load", function () {
  const summary = document.querySelector("[data-error-summary]");
  if (summary) summary.focus();
});
// The summary's links move focus into the field itself (a fragment link only scrolls).
document.addEventListener("click", function (event) {
  const link = event.target.closest("[data-error-summary] a[href^='#']");
  const field = link && document.getElementById(link.getAttribute("href").slice(1));
  if (field) {
    event.preventDefault();
    field.focus();
  }
});
