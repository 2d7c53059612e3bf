// Anki's keyboard for the review session. Before the answer: 1-9 choose options, Space or
// Enter shows the answer. After it: Space or Enter presses the suggested rating, 1-4 rate.
// Ctrl+Z (or Cmd+Z) undoes the last rating. Elements opt in with data-key attributes.
(function () {
  "use strict";

  function typingInField(target) {
    return target.isContentEditable || /^(TEXTAREA|SELECT)$/.test(target.tagName) ||
      target.tagName === "INPUT" && !/^(radio|checkbox)$/.test(target.type);
  }

  function click(selector) {
    var element = document.querySelector(selector);
    if (element) {
      element.click();
      return true;
    }
    return false;
  }

  document.addEventListener("keydown", function (event) {
    if (!document.getElementById("review-area") || typingInField(event.target)) {
      return;
    }
    var key = event.key.toLowerCase();
    if ((event.ctrlKey || event.metaKey) && key === "z") {
      if (click('[data-key="undo"]')) {
        event.preventDefault();
      }
      return;
    }
    if (event.ctrlKey || event.metaKey || event.altKey) {
      return;
    }
    var ratingForm = document.querySelector("form.rating-form");
    var answerForm = document.querySelector("#review-area form.question-form");
    if (ratingForm) {
      if (/^[1-4]$/.test(key) && click('[data-key="rate-' + key + '"]')) {
        event.preventDefault();
      } else if ((key === " " || key === "enter") && !/^(BUTTON|A)$/.test(event.target.tagName)) {
        if (click("[data-suggested]")) {
          event.preventDefault();
        }
      }
    } else if (answerForm) {
      if (/^[1-9]$/.test(key)) {
        var input = answerForm.querySelector('input[data-key="' + key + '"]');
        if (input) {
          input.checked = input.type === "checkbox" ? !input.checked : true;
          input.focus();
          event.preventDefault();
        }
      } else if (key === " " || key === "enter") {
        if (/^(BUTTON|A)$/.test(event.target.tagName)) {
          return;
        }
        answerForm.requestSubmit();
        event.preventDefault();
      }
    }
  });

  document.addEventListener("htmx:afterSwap", function () {
    var target = document.querySelector("#review-area [data-autofocus]");
    if (target) {
      target.focus();
    }
  });
})();
