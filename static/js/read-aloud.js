// "Lees voor": reads a question or the whole page aloud with the browser's
// own speech synthesis (nothing leaves the device). A button
// <button class="read-aloud" data-read="ID"> reads the text of the element
// with that id, leaving out buttons and pictures. The buttons take their place
// from the first paint but stay invisible (site.css) until this script makes
// them `ready`, so showing them moves nothing on the page (no layout shift);
// where the browser has no speech synthesis they are hidden instead.
(function () {
  "use strict";

  var buttons = document.querySelectorAll("button[data-read]");
  if (!("speechSynthesis" in window) || typeof SpeechSynthesisUtterance === "undefined") {
    buttons.forEach(function (button) {
      button.hidden = true;
    });
    return;
  }
  var synth = window.speechSynthesis;
  var lang = document.documentElement.lang === "en" ? "en-GB" : "nl-NL";

  function voice() {
    var voices = synth.getVoices();
    var base = lang.slice(0, 2);
    return (
      voices.find(function (v) { return v.lang === lang; }) ||
      voices.find(function (v) { return v.lang.slice(0, 2) === base; }) ||
      null
    );
  }

  function textOf(element) {
    var copy = element.cloneNode(true);
    copy.querySelectorAll("button, svg, .visually-hidden, .read-aloud-skip").forEach(function (node) {
      node.remove();
    });
    var parts = [];
    copy.querySelectorAll("h1, h2, legend, label, p, li, th, td").forEach(function (node) {
      var text = node.textContent.replace(/\s+/g, " ").trim();
      if (text) {
        parts.push(text.replace(/[.?!:]?$/, function (end) { return end || "."; }));
      }
    });
    if (!parts.length) {
      parts.push(copy.textContent.replace(/\s+/g, " ").trim());
    }
    return parts.join(" ");
  }

  function read(button) {
    var target = document.getElementById(button.dataset.read);
    if (!target) {
      return;
    }
    var speaking = button.getAttribute("aria-pressed") === "true";
    synth.cancel();
    document.querySelectorAll("button[data-read]").forEach(function (other) {
      other.setAttribute("aria-pressed", "false");
    });
    if (speaking) {
      return;
    }
    var utterance = new SpeechSynthesisUtterance(textOf(target));
    utterance.lang = lang;
    var chosen = voice();
    if (chosen) {
      utterance.voice = chosen;
    }
    utterance.onend = function () {
      button.setAttribute("aria-pressed", "false");
    };
    button.setAttribute("aria-pressed", "true");
    synth.speak(utterance);
  }

  buttons.forEach(function (button) {
    button.classList.add("ready");
    button.setAttribute("aria-pressed", "false");
    button.addEventListener("click", function () {
      read(button);
    });
  });
})();
