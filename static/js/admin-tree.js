// While a page is dragged in the tree, say exactly where it will go:
// "Move into “Cyber-enabled crimes”, after “Economic related cybercrime”".
// django-mptt's script draws the drop line; this names its target.
(function () {
  "use strict";

  function level(row) {
    var node = row && row.querySelector(".tree-node");
    return node ? parseInt(node.getAttribute("data-level"), 10) : -1;
  }

  function title(row) {
    var text = row && row.querySelector(".page-tree__title");
    return text ? text.textContent.trim() : "";
  }

  function parentTitle(row) {
    var wanted = level(row) - 1;
    for (var previous = row.previousElementSibling; previous; previous = previous.previousElementSibling) {
      if (level(previous) === wanted) {
        return title(previous);
      }
    }
    return "";
  }

  function describe(row, where) {
    if (where === "child") {
      return "Move into “" + title(row) + "”, last";
    }
    var parent = parentTitle(row);
    var into = parent ? "Move into “" + parent + "”, " : "Move to the top level, ";
    return into + (where === "before" ? "before" : "after") + " “" + title(row) + "”";
  }

  var kinds = { "Move before": "before", "Move into": "child", "Move after": "after" };

  document.addEventListener("mousemove", function (event) {
    var label = document.querySelector("#drag-line span");
    var list = document.getElementById("result_list");
    if (!label || !list) {
      return;
    }
    var where = kinds[label.textContent];
    if (!where) {
      return; // already described
    }
    var rows = list.querySelectorAll("tbody tr");
    for (var i = 0; i < rows.length; i++) {
      var box = rows[i].getBoundingClientRect();
      if (event.clientY >= box.top && event.clientY < box.bottom) {
        label.textContent = describe(rows[i], where);
        return;
      }
    }
  });
})();
