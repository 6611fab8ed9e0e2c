// Shows a part of a form only when another field has one of the given values:
//   <div data-show-if="channel=rujukan">           (a select or text input)
//   <div data-show-if="role=korban terlapor">       (one of several values)
//   <div data-show-if="reporter_anonymous=unchecked">  (a checkbox: "checked" or "unchecked")
// Without JavaScript every part stays visible; the server ignores what does not apply.
(function () {
  "use strict";

  function valueOf(form, name) {
    var inputs = form.querySelectorAll('[name="' + name + '"]');
    for (var i = 0; i < inputs.length; i++) {
      var input = inputs[i];
      if (input.type === "checkbox") {
        return input.checked ? "checked" : "unchecked";
      }
      if (input.type !== "radio" || input.checked) {
        return input.value;
      }
    }
    return "";
  }

  function update(form) {
    form.querySelectorAll("[data-show-if]").forEach(function (part) {
      var rule = part.getAttribute("data-show-if").split("=");
      part.hidden = rule[1].split(" ").indexOf(valueOf(form, rule[0])) === -1;
    });
  }

  document.querySelectorAll("form").forEach(function (form) {
    if (form.querySelector("[data-show-if]")) {
      form.addEventListener("change", function () { update(form); });
      update(form);
    }
  });
})();
