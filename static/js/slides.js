/* Presentation mode: keyboard navigation between slides, without reloading.
 *
 * Without JavaScript the Vorige/Volgende links load ?dia=N. With it, the
 * slides switch in place (so full screen stays on), the links and the
 * counter follow, and the address keeps ?dia=N for a reload.
 * Keys: ArrowRight, PageDown, Space = next; ArrowLeft, PageUp = previous;
 * Home, End = first, last; F = full screen on or off.
 */
(function () {
  "use strict";

  var root = document.querySelector("[data-slides]");
  if (!root) {
    return;
  }
  var slides = Array.prototype.slice.call(root.querySelectorAll(".slide"));
  var count = slides.length;
  var previousLink = document.querySelector("[data-slide-prev]");
  var nextLink = document.querySelector("[data-slide-next]");
  var counter = document.querySelector("[data-slide-current]");
  var fullscreenButton = document.querySelector("[data-fullscreen]");
  var current = 1;

  slides.forEach(function (slide, index) {
    if (!slide.hidden) {
      current = index + 1;
    }
  });

  function urlFor(number) {
    var url = new URL(window.location.href);
    url.searchParams.set("dia", String(number));
    return url.pathname + url.search;
  }

  function setLink(link, number, enabled, rel) {
    if (!link) {
      return;
    }
    // A disabled link loses its href (and rel, which needs one): a
    // placeholder link cannot be followed or focused, where aria-disabled
    // beside a live href would be a promise the link does not keep.
    link.classList.toggle("disabled", !enabled);
    if (enabled) {
      link.setAttribute("href", urlFor(number));
      link.setAttribute("rel", rel);
    } else {
      link.removeAttribute("href");
      link.removeAttribute("rel");
    }
  }

  function show(number) {
    number = Math.min(Math.max(number, 1), count);
    if (number === current) {
      return;
    }
    slides.forEach(function (slide, index) {
      slide.hidden = index !== number - 1;
    });
    current = number;
    if (counter) {
      counter.textContent = String(number);
    }
    setLink(previousLink, Math.max(number - 1, 1), number > 1, "prev");
    setLink(nextLink, Math.min(number + 1, count), number < count, "next");
    window.history.replaceState(null, "", urlFor(number));
  }

  function toggleFullscreen() {
    var element = document.documentElement;
    if (document.fullscreenElement) {
      document.exitFullscreen().catch(function () {});
    } else if (element.requestFullscreen) {
      element.requestFullscreen().catch(function () {});
    }
  }

  document.addEventListener("keydown", function (event) {
    if (event.altKey || event.ctrlKey || event.metaKey || event.defaultPrevented) {
      return;
    }
    var target = event.target;
    if (
      target &&
      (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))
    ) {
      return;
    }
    switch (event.key) {
      case "ArrowRight":
      case "PageDown":
      case " ":
      case "Spacebar":
        show(current + 1);
        break;
      case "ArrowLeft":
      case "PageUp":
        show(current - 1);
        break;
      case "Home":
        show(1);
        break;
      case "End":
        show(count);
        break;
      case "f":
      case "F":
        toggleFullscreen();
        break;
      default:
        return;
    }
    event.preventDefault();
  });

  function onLinkClick(step) {
    return function (event) {
      event.preventDefault();
      show(current + step);
    };
  }
  if (previousLink) {
    previousLink.addEventListener("click", onLinkClick(-1));
  }
  if (nextLink) {
    nextLink.addEventListener("click", onLinkClick(1));
  }
  if (fullscreenButton && document.fullscreenEnabled) {
    fullscreenButton.hidden = false;
    fullscreenButton.addEventListener("click", toggleFullscreen);
  }
})();
