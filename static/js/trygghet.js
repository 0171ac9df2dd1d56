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
// A table wider than the screen scrolls in its box: make that box reachable by keyboard
// (arrow keys scroll it) and name it after the table's caption or the heading before it.
function markScrollRegions() {
  document.querySelectorAll(".table-responsive").forEach(function (box) {
    const scrolls = box.scrollWidth > box.clientWidth + 1;
    if (scrolls && !box.hasAttribute("tabindex")) {
      const caption = box.querySelector("caption");
      let heading = box.previousElementSibling;
      while (heading && !/^H[1-6]$/.test(heading.tagName)) heading = heading.previousElementSibling;
      box.setAttribute("tabindex", "0");
      box.setAttribute("role", "region");
      box.setAttribute("aria-label", (caption || heading || box).textContent.trim().slice(0, 80));
    } else if (!scrolls && box.getAttribute("role") === "region") {
      box.removeAttribute("tabindex");
      box.removeAttribute("role");
      box.removeAttribute("aria-label");
    }
  });
}
window.addEventListener("load", markScrollRegions);
window.addEventListener("resize", markScrollRegions);
