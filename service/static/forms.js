// Keep shareable search URLs short: leave empty fields out of GET forms marked data-clean.
(function () {
  "use strict";
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.hasAttribute || !form.hasAttribute("data-clean")) { return; }
    var disabled = [];
    Array.prototype.forEach.call(form.elements, function (field) {
      if (field.name && !field.disabled && field.value === "") {
        field.disabled = true;
        disabled.push(field);
      }
    });
    // re-enable after submission so the back button shows the form as it was
    window.setTimeout(function () { disabled.forEach(function (f) { f.disabled = false; }); }, 0);
  });
})();
