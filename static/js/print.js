// Progressive enhancement: a Print button where JavaScript can open the print dialogue.
// Without JavaScript the page says how to print from the browser's menu instead.
(function () {
  "use strict";
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
    var hint = button.parentElement.querySelector(".print-hint");
    if (hint) hint.hidden = true;
  });
}());
