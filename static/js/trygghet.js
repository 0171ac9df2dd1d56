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

// Multi-selects (and long lists marked data-searchable) become searchable: type to filter,
// arrows and Enter to choose, Backspace to remove; groups (<optgroup>) stay as headings.
// The native <select> stays in the form, so the page posts the same without JavaScript.
function enhanceSelects(root) {
  if (!window.TomSelect) return;
  const text = document.body.dataset;
  root.querySelectorAll("select[multiple]:not([data-native]), select[data-searchable]").forEach(function (select) {
    if (select.tomselect || select.closest("template")) return;
    const multiple = select.multiple;
    const control = new TomSelect(select, {
      plugins: multiple ? { remove_button: { title: text.textRemove || "Remove" } } : {},
      maxOptions: null,
      hidePlaceholder: true,
      closeAfterSelect: !multiple,
      allowEmptyOption: !multiple,
      render: {
        no_results: function () {
          const div = document.createElement("div");
          div.className = "no-results";
          div.textContent = text.textNoResults || "";
          return div;
        },
      },
    });
    // The search field is what a screen reader lands on (the label now points at it);
    // the native select stays only to post the form.
    select.setAttribute("aria-hidden", "true");
    // The label and any help text name the search field a screen reader lands on.
    const described = select.getAttribute("aria-describedby");
    if (described) control.control_input.setAttribute("aria-describedby", described);
    if (select.getAttribute("aria-invalid")) control.control_input.setAttribute("aria-invalid", "true");
  });
}
document.addEventListener("DOMContentLoaded", function () { enhanceSelects(document); });

// Forms with rows (an inline formset): "Add row" copies the empty form of the <template>
// and counts it in TOTAL_FORMS. Markup: [data-formset] holding [data-formset-rows],
// <template data-formset-empty> and a hidden button [data-formset-add].
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("[data-formset]").forEach(function (box) {
    const rows = box.querySelector("[data-formset-rows]");
    const template = box.querySelector("template[data-formset-empty]");
    const add = box.querySelector("[data-formset-add]");
    const total = box.querySelector("input[name$='-TOTAL_FORMS']");
    const max = box.querySelector("input[name$='-MAX_NUM_FORMS']");
    if (!rows || !template || !add || !total) return;
    add.hidden = false;
    add.addEventListener("click", function () {
      const index = parseInt(total.value, 10);
      if (max && index >= parseInt(max.value, 10)) return;
      const holder = document.createElement("tbody");
      holder.innerHTML = template.innerHTML.replace(/__prefix__/g, String(index)).trim();
      const row = holder.firstElementChild;
      rows.appendChild(row);
      total.value = String(index + 1);
      enhanceSelects(row);
      const first = row.querySelector("select, input:not([type=hidden]), textarea");
      if (first) first.focus();
    });
  });
});
