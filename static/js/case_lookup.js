// A form that works on the case looked up above it (the data-subject request's form): it carries
// that case in a hidden field, and lists that case's people. While the lookup box holds another
// case, not yet shown, the form cannot be sent: its submit buttons are disabled and a note says
// to show the new case's people first. Without JavaScript the form still carries the case whose
// people it lists, which the service checks (the person must be of that case).
//   <input data-case-lookup="data-protection-form" ...>   the lookup box
//   <form id="data-protection-form">  <input type="hidden" name="case_code">   the form it feeds
//   <p data-case-lookup-note hidden>...</p>         the note (inside the lookup card)
(function () {
  "use strict";

  document.querySelectorAll("[data-case-lookup]").forEach(function (box) {
    var form = document.getElementById(box.getAttribute("data-case-lookup"));
    if (!form) {
      return;
    }
    var carried = form.querySelector('input[name="case_code"]');
    var note = box.form && box.form.querySelector("[data-case-lookup-note]");
    var buttons = form.querySelectorAll('button[type="submit"]');

    function update() {
      var changed = box.value.trim() !== (carried ? carried.value : "").trim();
      buttons.forEach(function (button) {
        button.disabled = changed;
      });
      if (note) {
        note.hidden = !changed;
      }
    }

    box.addEventListener("input", update);
    update();
  });
})();
