// Small aids on every admin page, all optional: the pages work without them.
(function () {
  "use strict";

  // Django's autocomplete boxes (select2) carry no name of their own: give each the name of
  // its field (its label, or its column's heading in a table of inline rows).
  function nameAutocompleteBoxes() {
    document.querySelectorAll("select.admin-autocomplete").forEach(function (select) {
      var box = select.parentNode.querySelector(".select2-selection[role=combobox]");
      if (!box || box.getAttribute("aria-label")) {
        return;
      }
      var label = select.id && document.querySelector('label[for="' + select.id + '"]');
      var name = label ? label.textContent : "";
      if (!name) {
        var cell = select.closest("td");
        var table = select.closest("table");
        var field = cell && Array.from(cell.classList).find(function (c) {
          return c.indexOf("field-") === 0;
        });
        var heading = field && table && table.querySelector("thead th.column-" + field.slice(6));
        name = heading ? heading.textContent : select.name;
      }
      name = name.trim();
      box.setAttribute("aria-label", name);
      box.removeAttribute("aria-labelledby"); // it points at the (possibly empty) choice
      var shown = box.querySelector(".select2-selection__rendered");
      if (shown) {
        shown.setAttribute("aria-label", name);
      }
    });
  }

  // Warn before leaving a change form with unsaved changes. Saving, previewing or pressing
  // any of the form's own buttons is not leaving.
  function warnBeforeLosingChanges() {
    var form = document.querySelector("#content-main form[method=post][id$=_form]");
    if (!form) {
      return;
    }
    var changed = false;
    form.addEventListener("input", function () {
      changed = true;
    });
    form.addEventListener("change", function () {
      changed = true;
    });
    form.addEventListener("submit", function (event) {
      var target = event.submitter && event.submitter.getAttribute("formtarget");
      if (target !== "_blank") {
        changed = false;
      }
    });
    window.addEventListener("beforeunload", function (event) {
      if (changed) {
        event.preventDefault();
        event.returnValue = "";
      }
    });
  }

  function start() {
    warnBeforeLosingChanges();
    window.setTimeout(nameAutocompleteBoxes, 0);
    document.addEventListener("formset:added", function () {
      window.setTimeout(nameAutocompleteBoxes, 0);
    });
  }

  // After the admin's own scripts have set up their widgets (on DOMContentLoaded).
  if (document.readyState === "complete") {
    start();
  } else {
    window.addEventListener("load", start);
  }
})();
