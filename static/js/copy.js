// Copy buttons: <button data-copy="ID" data-copied="Gekopieerd" hidden> next
// to a read-only field with that id, and an element with class copy-status
// (role="status") in the same parent for the spoken confirmation. Without
// JavaScript the buttons stay hidden; where copying fails, the field is
// selected so that the person can copy it by hand.
(function () {
  "use strict";

  function copyText(field) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(field.value);
    }
    field.select();
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
          field.focus();
          field.select();
        }
      );
    });
  }

  document.querySelectorAll("button[data-copy]").forEach(setUp);
})();
