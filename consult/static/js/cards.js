// A part of a page with data-refresh-url refreshes itself every 15 seconds: the cards at a table, the
// state of a reactienota's publication. Without JavaScript the page works the same; reloading it shows
// the new state.
(function () {
  "use strict";
  var list = document.querySelector("[data-refresh-url]");
  if (!list || !window.fetch) { return; }
  var url = list.getAttribute("data-refresh-url");
  window.setInterval(function () {
    fetch(url, { credentials: "same-origin", headers: { "Accept": "text/html" } })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (html) { if (html !== null && html !== list.innerHTML) { list.innerHTML = html; } })
      .catch(function () { /* offline for a moment: the next round tries again */ });
  }, 15000);
}());
