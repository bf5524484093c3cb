// Progressive enhancement: apply text size and contrast without a page reload.
// Without JavaScript the links set a cookie on the server and come back.
(function () {
  "use strict";
  var root = document.documentElement;
  var year = 365 * 24 * 60 * 60;
  function swap(prefix, value) {
    root.className = root.className.split(" ").filter(function (name) {
      return name.indexOf(prefix) !== 0 && (prefix !== "contrast-" || name !== "contrast-auto");
    }).concat(prefix + value).join(" ");
  }
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("[data-text-size], [data-contrast]");
    if (!link || event.metaKey || event.ctrlKey || event.shiftKey || event.button !== 0) return;
    var size = link.getAttribute("data-text-size");
    var contrast = link.getAttribute("data-contrast");
    var name = size ? "text_size" : "contrast";
    var value = size || contrast;
    document.cookie = name + "=" + value + "; path=/; max-age=" + year + "; samesite=lax" +
      (location.protocol === "https:" ? "; secure" : "");
    swap(size ? "text-" : "contrast-", value);
    var group = link.closest("ul");
    group.querySelectorAll("a").forEach(function (other) { other.removeAttribute("aria-current"); });
    link.setAttribute("aria-current", "true");
    event.preventDefault();
  });
}());
