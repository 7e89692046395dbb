// Copy buttons: <button data-copy="ID" data-copied="Gekopieerd" hidden> next
// to a read-only field (or a text element) with that id, and an element with class copy-status
// (role="status") in the same parent for the spoken confirmation. Without
// JavaScript the buttons stay hidden; where copying fails, the field is
// selected so that the person can copy it by hand.
(function () {
  "use strict";

  function textOf(field) {
    return "value" in field ? field.value : field.textContent.trim();
  }

  function select(field) {
    if ("select" in field) {
      field.select();
      return;
    }
    var range = document.createRange();
    range.selectNodeContents(field);
    var selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
  }

  function copyText(field) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(textOf(field));
    }
    select(field);
    return document.execCommand("copy")
      ? Promise.resolve()
      : Promise.reject(new Error("copy refused"));
  }

  function setUp(button) {
    var field = document.getElementById(button.dataset.copy);
    if (!field) {
      return;
    }
    var status = button.parentElement.querySelector(".copy-status");
    button.hidden = false;
    button.addEventListener("click", function () {
      copyText(field).then(
        function () {
          if (status) {
            status.textContent = "";
            window.setTimeout(function () {
              status.textContent = button.dataset.copied;
            }, 50);
          }
        },
        function () {
          select(field);
        }
      );
    });
  }

  document.querySelectorAll("button[data-copy]").forEach(setUp);
})();
