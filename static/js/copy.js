// "Copy" buttons: data-copy names the input whose value is copied. Without this script the
// buttons stay hidden and the text can still be selected by hand.
(function () {
  "use strict";
  document.querySelectorAll("button[data-copy]").forEach(function (button) {
    const field = document.getElementById(button.dataset.copy);
    const status = button.parentElement.querySelector("[role=status]");
    if (!field || !navigator.clipboard) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(field.value).then(
        function () { if (status) status.textContent = "Copied."; },
        function () {
          field.select();
          if (status) status.textContent = "Press Ctrl+C (or ⌘C) to copy the selected link.";
        }
      );
    });
  });
})();
