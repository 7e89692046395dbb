// The admin's two-list selector (filter_horizontal) puts a help icon inside
// each search label with an aria-label, which a plain <span> may not carry
// (axe: aria-prohibited-attr). Its text moves to a title: still shown on
// hover, and the label keeps its own name. Runs after SelectFilter2, which
// builds the lists on the window's load event (this script is deferred, so
// its listener comes later).
"use strict";
window.addEventListener("load", function () {
  document.querySelectorAll("label .help-tooltip[aria-label]").forEach(function (icon) {
    icon.setAttribute("title", icon.getAttribute("aria-label"));
    icon.removeAttribute("aria-label");
    icon.setAttribute("aria-hidden", "true");
  });
});

// Select2 (the admin's autocomplete boxes) shows the choice in a span with
// role="textbox" that takes no name from its text (axe:
// aria-input-field-name): name it after the field's own label, whenever
// Select2 builds or rebuilds one.
function nameSelect2Boxes() {
  document.querySelectorAll('[id^="select2-"][id$="-container"]:not([aria-label])').forEach(function (shown) {
    var selectId = shown.id.slice("select2-".length, -"-container".length);
    var label = document.querySelector('label[for="' + selectId + '"]');
    if (label) {
      shown.setAttribute("aria-label", label.textContent.replace(/:\s*$/, "").trim());
    }
  });
}
nameSelect2Boxes();
document.addEventListener("DOMContentLoaded", nameSelect2Boxes);
window.addEventListener("load", nameSelect2Boxes);
new MutationObserver(nameSelect2Boxes).observe(document.documentElement, {
  childList: true,
  subtree: true,
});
