// Public complaint pages: move focus to the error summary, and hide the fields a ticked box
// makes irrelevant (anonymous: no name or phone; "I am the victim": no relation). Without
// JavaScript every field stays visible and the server ignores what does not apply.
(function () {
  "use strict";

  function ready() {
    var summary = document.getElementById("error-summary");
    if (summary) {
      summary.focus();
    }
    document.querySelectorAll("[data-hide-when-checked]").forEach(function (group) {
      var box = document.getElementById(group.getAttribute("data-hide-when-checked"));
      if (!box) {
        return;
      }
      var update = function () {
        group.hidden = box.checked;
      };
      box.addEventListener("change", update);
      update();
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", ready);
  } else {
    ready();
  }
})();
