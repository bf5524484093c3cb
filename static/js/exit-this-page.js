// "Exit this page": leave at once for a neutral site, with this page taken out of the
// browser's Back history. Without JavaScript the button is a plain link to the same site.
// Pressing Shift 3 times (within 5 seconds, with no other key between) does the same.
(function () {
  "use strict";
  var exit = document.querySelector("[data-exit-this-page]");
  if (!exit) return;
  var link = exit.querySelector("a");
  var hint = exit.querySelector("[data-exit-this-page-hint]");
  var count = exit.querySelector("[data-exit-this-page-count]");
  var PRESSES = 3;
  var TIMEOUT = 5000;
  var presses = 0;
  var timer = null;

  function leave(event) {
    if (event) event.preventDefault();
    document.documentElement.classList.add("exiting");  // hide the page straight away
    window.location.replace(link.href);  // replaces this page in the history
  }

  function reset() {
    presses = 0;
    clearTimeout(timer);
  }

  link.addEventListener("click", leave);
  hint.hidden = false;
  document.addEventListener("keyup", function (event) {
    if (event.key !== "Shift") {
      reset();
      return;
    }
    presses += 1;
    clearTimeout(timer);
    if (presses >= PRESSES) {
      leave();
      return;
    }
    var left = PRESSES - presses;
    // The messages are the page's own, in its language (data-* on the live region).
    count.textContent = left === 1 ? count.dataset.oneMore : count.dataset.more.replace("{left}", left);
    timer = setTimeout(function () {
      reset();
      count.textContent = count.dataset.expired;
    }, TIMEOUT);
  });
  // A page restored from the back-forward cache must not stay hidden.
  window.addEventListener("pageshow", function () {
    document.documentElement.classList.remove("exiting");
  });
}());
