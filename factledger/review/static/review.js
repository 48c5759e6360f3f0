// Keyboard shortcuts and inline checks for the review pages; plain JS, no dependencies.
// The server checks everything again: this only saves the reviewer a round trip.
(function () {
  "use strict";
  var ACTIONS = { a: "accept", r: "range", s: "split", e: "extraction_error", x: "escalate", d: "dismiss" };

  function typing(target) {
    var tag = target && target.tagName;
    return tag === "INPUT" && target.type !== "radio" || tag === "TEXTAREA" || tag === "SELECT";
  }

  function chosen(form) {
    return form.querySelector('input[name="claim_id"]:checked');
  }

  function asNumber(value) {
    var cleaned = String(value || "").replace(/,/g, "").trim();
    return cleaned === "" ? null : Number(cleaned);
  }

  // Why this action needs a note, or "" when it does not (mirrors the queue's own rule).
  function noteNeeded(form, action) {
    var headline = asNumber(form.dataset.headline);
    if (action === "extraction_error") {
      return "say what the extractor got wrong";
    }
    if (action === "accept") {
      var pick = chosen(form);
      if (!pick) { return ""; }
      var floor = asNumber(pick.dataset.floor);
      if (floor !== headline) {
        return "accepting " + pick.dataset.figure + " moves the headline from " + form.dataset.headlineWords +
          " to " + (pick.dataset.floorWords || "no figure") + "; say why";
      }
    }
    if (action === "range") {
      var low = asNumber(form.querySelector("#low").value);
      var high = asNumber(form.querySelector("#high").value);
      var floorOfRange = low !== null ? low : high;
      if (floorOfRange !== null && floorOfRange !== headline) {
        return "this range moves the headline from " + form.dataset.headlineWords + "; say why";
      }
    }
    return "";
  }

  function showNeed(form, why) {
    var note = form.querySelector("#note");
    var hint = form.querySelector("#note-hint");
    if (!note || !hint) { return; }
    note.required = Boolean(why);
    note.setAttribute("aria-invalid", why && !note.value.trim() ? "true" : "false");
    hint.textContent = why ? "A note is required: " + why + "." : hint.dataset.idle;
    hint.classList.toggle("needed", Boolean(why));
  }

  // Submitting with an action: stop and explain, in place, when the note is missing.
  function check(event) {
    var form = event.target;
    var button = event.submitter;
    if (!button || button.name !== "action") { return; }
    var why = noteNeeded(form, button.value);
    var note = form.querySelector("#note");
    showNeed(form, why);
    if (button.value === "range" && !form.querySelector("#low").value && !form.querySelector("#high").value) {
      event.preventDefault();
      var hint = form.querySelector("#note-hint");
      hint.textContent = "A range needs a low figure, a high figure or both.";
      hint.classList.add("needed");
      form.querySelector("#low").focus();
      return;
    }
    if (why && note && !note.value.trim()) {
      event.preventDefault();
      note.focus();
    }
  }

  function decide(action) {
    var form = document.getElementById("decide-form");
    if (!form) { return; }
    var button = form.querySelector('button[name="action"][value="' + action + '"]');
    if (button) { form.requestSubmit(button); }
  }

  function pickFigure(number) {
    var form = document.getElementById("decide-form");
    var radios = form ? form.querySelectorAll('input[name="claim_id"]') : [];
    if (number < 1 || number > radios.length) { return; }
    radios[number - 1].checked = true;
    radios[number - 1].focus();
    showNeed(form, noteNeeded(form, "accept"));
  }

  document.addEventListener("DOMContentLoaded", function () {
    var form = document.getElementById("decide-form");
    if (form) {
      form.addEventListener("submit", check);
      form.addEventListener("change", function () { showNeed(form, noteNeeded(form, "accept")); });
    }
  });

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey || typing(event.target)) { return; }
    var key = event.key.toLowerCase();
    if (/^[1-9]$/.test(key)) {
      event.preventDefault();
      pickFigure(Number(key));
    } else if (ACTIONS[key]) {
      event.preventDefault();
      decide(ACTIONS[key]);
    } else if (key === "n" || key === "j") {
      var next = document.getElementById("next-form");
      if (next) { event.preventDefault(); next.requestSubmit(); }
    } else if (key === "u") {
      var undo = document.getElementById("undo-form");
      if (undo) { event.preventDefault(); undo.requestSubmit(); }
    }
  });
})();
