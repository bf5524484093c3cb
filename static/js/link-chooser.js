// The link chooser beside the body: search, then press a result to insert its Markdown link
// at the cursor. Without JavaScript it stays hidden; links can be typed by hand.
(function () {
  "use strict";

  function start() {
    var chooser = document.getElementById("link-chooser");
    var body = document.getElementById("id_body_markdown");
    if (!chooser || !body || !window.fetch) {
      return;
    }
    var query = document.getElementById("link-chooser-query");
    var results = chooser.querySelector(".link-chooser__results");
    var timer = null;
    var asked = 0;

    function insert(markdown) {
      var start = body.selectionStart || 0;
      var end = body.selectionEnd || start;
      var chosen = body.value.slice(start, end);
      if (chosen) {
        // Selected text becomes the link's text.
        markdown = markdown.replace(/^\[[^\]]*\]/, "[" + chosen + "]");
      }
      body.setRangeText(markdown, start, end, "end");
      body.dispatchEvent(new Event("input", { bubbles: true }));
      body.focus();
    }

    function show(items) {
      results.textContent = "";
      if (!items.length) {
        var none = document.createElement("li");
        none.textContent = query.value.trim().length < 2 ? "" : "Nothing found.";
        results.appendChild(none);
        return;
      }
      items.forEach(function (item) {
        var row = document.createElement("li");
        var button = document.createElement("button");
        button.type = "button";
        button.className = "button";
        button.textContent = "Insert";
        button.setAttribute("aria-label", "Insert a link to " + item.title);
        button.addEventListener("click", function () {
          insert(item.markdown);
        });
        row.appendChild(button);
        row.appendChild(document.createTextNode(" " + item.kind + ": " + item.title + " "));
        var code = document.createElement("code");
        code.textContent = item.url;
        row.appendChild(code);
        results.appendChild(row);
      });
    }

    function search() {
      var request = ++asked;
      var url = chooser.dataset.url + "?q=" + encodeURIComponent(query.value);
      fetch(url, { credentials: "same-origin" })
        .then(function (response) {
          return response.json();
        })
        .then(function (data) {
          if (request === asked) {
            show(data.results || []);
          }
        })
        .catch(function () {
          results.textContent = "The link chooser is not available: type the link by hand.";
        });
    }

    query.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(search, 250);
    });
    query.addEventListener("keydown", function (event) {
      if (event.key === "Enter") {
        event.preventDefault(); // never submit the page's form from here
        search();
      }
    });
    chooser.hidden = false;
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
