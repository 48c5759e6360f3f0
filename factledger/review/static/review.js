// Keyboard shortcuts for the review pages; plain JS, no dependencies.
(function () {
  "use strict";
  var ACTIONS = { a: "accept", r: "range", s: "split", e: "extraction_error", x: "escalate", d: "dismiss" };

  function typing(target) {
    var tag = target && target.tagName;
    return tag === "INPUT" && target.type !== "radio" || tag === "TEXTAREA" || tag === "SELECT";
  }

  function decide(action) {
    var form = document.getElementById("decide-form");
    if (!form) { return; }
    var button = form.querySelector('button[name="action"][value="' + action + '"]');
    if (!button) { return; }
    if (action === "range") {
      var low = document.getElementById("low");
      if (!low.value) { low.focus(); return; }
    }
    form.requestSubmit(button);
  }

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey || typing(event.target)) { return; }
    var key = event.key.toLowerCase();
    if (ACTIONS[key]) {
      event.preventDefault();
      decide(ACTIONS[key]);
    } else if (key === "n" || key === "j") {
      var next = document.getElementById("next-form");
      if (next) { event.preventDefault(); next.requestSubmit(); }
    }
  });
})();
