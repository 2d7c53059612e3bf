// On a phone the header menu folds behind a "Menu" button; on wider screens the button stays
// hidden by the stylesheet and the menu is always shown. Without this script nothing folds.
(function () {
  "use strict";
  const header = document.querySelector(".site-header");
  const toggle = header && header.querySelector(".menu-toggle");
  if (!toggle) return;
  header.classList.add("site-header--foldable");
  toggle.hidden = false;
  toggle.addEventListener("click", function () {
    const open = toggle.getAttribute("aria-expanded") !== "true";
    toggle.setAttribute("aria-expanded", String(open));
    header.classList.toggle("site-header--open", open);
  });
})();
