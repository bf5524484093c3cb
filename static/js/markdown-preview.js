// Live preview of the body beside the admin's page form, rendered by the server's own
// pipeline. Without JavaScript the "Preview in a new tab" button does the same job.
(function () {
  "use strict";

  function start() {
    var body = document.getElementById("id_body_markdown");
    var preview = document.getElementById("live-preview");
    var form = body && body.form;
    if (!body || !preview || !form || !window.fetch) {
      return;
    }
    var tokenField = form.querySelector("input[name=csrfmiddlewaretoken]");
    var timer = null;
    var sent = 0;

    function refresh() {
      var request = ++sent;
      var data = new FormData();
      data.append("body_markdown", body.value);
      fetch(preview.dataset.url, {
        method: "POST",
        body: data,
        credentials: "same-origin",
        headers: { "X-CSRFToken": tokenField ? tokenField.value : "" },
      })
        .then(function (response) {
          if (!response.ok) {
            throw new Error("preview failed: " + response.status);
          }
          return response.text();
        })
        .then(function (html) {
          if (request === sent) {
            // Sanitised by the server's pipeline (bleach), exactly as on the public page.
            preview.innerHTML = html;
            preview.hidden = false;
          }
        })
        .catch(function () {
          preview.textContent = "The live preview is not available: use “Preview in a new tab”.";
          preview.hidden = false;
        });
    }

    body.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(refresh, 400);
    });
    refresh();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
