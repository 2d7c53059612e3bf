// Keyboard for practice questions: 1-9 choose an option, Enter checks, N goes to the next one.
// Elements opt in with data-key, so the same script serves the question and its reveal.
(function () {
  "use strict";

  function typingInField(event) {
    var target = event.target;
    return target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName) &&
      !/^(radio|checkbox)$/.test(target.type);
  }

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey || typingInField(event)) {
      return;
    }
    var card = document.getElementById("question-card");
    if (!card) {
      return;
    }
    var key = event.key.toLowerCase();
    if (/^[1-9]$/.test(key)) {
      var input = card.querySelector('input[data-key="' + key + '"]');
      if (input) {
        input.checked = input.type === "checkbox" ? !input.checked : true;
        input.focus();
        event.preventDefault();
      }
    } else if (key === "enter") {
      var form = card.querySelector("form.question-form");
      if (form && !/^(BUTTON|A)$/.test(event.target.tagName)) {
        form.requestSubmit();
        event.preventDefault();
      }
    } else if (key === "n") {
      var next = card.querySelector('[data-key="n"]');
      if (next) {
        next.click();
        event.preventDefault();
      }
    }
  });

  // After htmx swaps in the reveal, move focus to the verdict so screen readers announce it
  // and the keyboard continues from there.
  document.addEventListener("htmx:afterSwap", function () {
    var target = document.querySelector("[data-autofocus]");
    if (target) {
      target.focus();
    }
  });
})();
