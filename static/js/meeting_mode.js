/* Meeting mode: the keys of the slides on the projector and the presenter view.
 *
 * The projector's Vorige/Volgende are links and the presenter's are form
 * buttons; both work without JavaScript. This file only presses them:
 * ArrowRight, PageDown, Space = next; ArrowLeft, PageUp = previous;
 * F = full screen on or off (projector).
 */
(function () {
  "use strict";

  var previous = document.querySelector("[data-step-prev]");
  var next = document.querySelector("[data-step-next]");
  var fullscreenButton = document.querySelector("[data-fullscreen]");
  if (!previous && !next) {
    return;
  }

  function press(control) {
    if (!control || control.disabled || control.classList.contains("disabled")) {
      return;
    }
    if (control.tagName === "A" && !control.getAttribute("href")) {
      return;
    }
    control.click();
  }

  function toggleFullscreen() {
    if (document.fullscreenElement) {
      document.exitFullscreen().catch(function () {});
    } else if (document.documentElement.requestFullscreen) {
      document.documentElement.requestFullscreen().catch(function () {});
    }
  }

  document.addEventListener("keydown", function (event) {
    if (event.altKey || event.ctrlKey || event.metaKey || event.defaultPrevented) {
      return;
    }
    var target = event.target;
    if (
      target &&
      (target.isContentEditable ||
        /^(INPUT|TEXTAREA|SELECT|BUTTON|A)$/.test(target.tagName))
    ) {
      // A focused link or button keeps its own Space and Enter.
      if (!/^(ArrowRight|ArrowLeft|PageDown|PageUp)$/.test(event.key) ||
          /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName)) {
        return;
      }
    }
    switch (event.key) {
      case "ArrowRight":
      case "PageDown":
      case " ":
      case "Spacebar":
        press(next);
        break;
      case "ArrowLeft":
      case "PageUp":
        press(previous);
        break;
      case "f":
      case "F":
        if (!fullscreenButton) {
          return;
        }
        toggleFullscreen();
        break;
      default:
        return;
    }
    event.preventDefault();
  });

  if (fullscreenButton && document.fullscreenEnabled) {
    fullscreenButton.hidden = false;
    fullscreenButton.addEventListener("click", toggleFullscreen);
  }
})();
