// Loaded only on a page whose form was refused: focus moves to the list of what to correct, so a keyboard
// or screen reader user starts there (its links lead to the fields). Without JavaScript the page title
// ("Fout: …") and the list at the top of the form say the same.
(function () {
  "use strict";
  var summary = document.querySelector("[data-error-summary]");
  if (!summary) { return; }
  summary.setAttribute("tabindex", "-1");
  summary.focus();
}());
