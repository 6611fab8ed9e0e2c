// Phone-first tables (docs/architecture.md#phone-first-layout): below the md breakpoint app.css
// shows every row of a table.table-stack as a card, and each cell says its column through its
// data-label, copied here from the column's header (colspans counted). Tables that HTMX swaps in
// are labelled too. A cell that already has a data-label keeps it; an empty header gives none.
(function () {
  "use strict";

  function text(cell) {
    return cell.textContent.replace(/\s+/g, " ").trim();
  }

  function label(table) {
    var head = table.tHead;
    if (!head || !head.rows.length) {
      return;
    }
    var headers = [];
    Array.prototype.forEach.call(head.rows[head.rows.length - 1].cells, function (cell) {
      for (var i = 0; i < cell.colSpan; i += 1) {
        headers.push(text(cell));
      }
    });
    Array.prototype.forEach.call(table.tBodies, function (body) {
      Array.prototype.forEach.call(body.rows, function (row) {
        var column = 0;
        Array.prototype.forEach.call(row.cells, function (cell) {
          if (!cell.hasAttribute("data-label") && cell.colSpan === 1 && headers[column]) {
            cell.setAttribute("data-label", headers[column]);
          }
          column += cell.colSpan;
        });
      });
    });
  }

  function labelAll(root) {
    if (root.matches && root.matches("table.table-stack")) {
      label(root);
    }
    if (root.querySelectorAll) {
      root.querySelectorAll("table.table-stack").forEach(label);
    }
  }

  labelAll(document);
  document.addEventListener("htmx:load", function (event) {
    labelAll(event.target);
  });
})();
