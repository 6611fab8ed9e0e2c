// Phone-first tables (docs/architecture.md#phone-first-layout): below the md breakpoint app.css
// shows every row of a table.table-stack as a card, and each cell says its column through its
// data-label, copied here from the column's header (colspans counted), and its content in one
// box (.stack-value) beside the label. Tables that HTMX swaps in are labelled too. A cell that
// already has a data-label keeps it; a header that shows nothing (empty, or for screen readers
// only) gives none.
(function () {
  "use strict";

  function text(cell) {
    return cell.textContent.replace(/\s+/g, " ").trim();
  }

  // What a header shows: a column whose header is there only for screen readers (an action, a
  // download) gives its cells no label, so a button or a form takes the whole width of the card.
  function shown(cell) {
    var copy = cell.cloneNode(true);
    copy.querySelectorAll(".visually-hidden").forEach(function (hidden) {
      hidden.remove();
    });
    return text(copy);
  }

  // The cell's content in one box beside its label: a value of several lines (a name and a role,
  // a kind and a code) stays in its column instead of running on under the label.
  function wrap(cell) {
    var first = cell.firstElementChild;
    if (cell.childNodes.length === 1 && first && first.classList.contains("stack-value")) {
      return;
    }
    var box = document.createElement("div");
    box.className = "stack-value";
    while (cell.firstChild) {
      box.appendChild(cell.firstChild);
    }
    cell.appendChild(box);
  }

  function label(table) {
    var head = table.tHead;
    if (!head || !head.rows.length) {
      return;
    }
    var headers = [];
    Array.prototype.forEach.call(head.rows[head.rows.length - 1].cells, function (cell) {
      for (var i = 0; i < cell.colSpan; i += 1) {
        headers.push(shown(cell));
      }
    });
    Array.prototype.forEach.call(table.tBodies, function (body) {
      Array.prototype.forEach.call(body.rows, function (row) {
        var column = 0;
        Array.prototype.forEach.call(row.cells, function (cell) {
          if (!cell.hasAttribute("data-label") && cell.colSpan === 1 && headers[column]) {
            cell.setAttribute("data-label", headers[column]);
          }
          if (cell.hasAttribute("data-label")) {
            wrap(cell);
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
