// The exam countdown. The deadline is the server's; this only shows it. At zero the page goes
// to the report, where the server has scored the sitting as it stood.
(function () {
  "use strict";

  function pad(number) {
    return number < 10 ? "0" + number : String(number);
  }

  function tick() {
    var bar = document.querySelector("[data-deadline]");
    if (!bar) {
      return;
    }
    var left = Math.max(0, Math.floor((Date.parse(bar.dataset.deadline) - Date.now()) / 1000));
    var hours = Math.floor(left / 3600);
    var minutes = Math.floor((left % 3600) / 60);
    var text = (hours ? hours + ":" + pad(minutes) : String(minutes)) + ":" + pad(left % 60);
    bar.querySelector(".timer").textContent = text;
    bar.classList.toggle("exam-bar__timer--low", left < 300);
    if (left === 0) {
      window.location.assign(bar.dataset.expiredUrl);
    }
  }

  // A click whose save did not reach the server stays selected on the page; say so, and send it
  // again when the connection comes back.
  function saveFailed(event) {
    var choices = event.detail.elt;
    if (!choices.classList || !choices.classList.contains("exam-choices")) {
      return;
    }
    var status = document.getElementById("save-status");
    if (status) {
      status.className = "save-status save-status--error";
      status.textContent =
        "Not saved: no connection. Your choice is still selected; it will be sent when the " +
        "connection is back, or press Save and next.";
    }
    window.addEventListener(
      "online",
      function () {
        if (document.body.contains(choices) && window.htmx) {
          window.htmx.trigger(choices, "change");
        }
      },
      { once: true }
    );
  }

  document.addEventListener("htmx:sendError", saveFailed);
  document.addEventListener("htmx:responseError", saveFailed);

  document.addEventListener("DOMContentLoaded", function () {
    tick();
    window.setInterval(tick, 1000);
  });
})();
