// campaign-tick dashboard: local times, the countdown to the next tick, confirmations.
// No framework and no network calls: the pages are complete without this file.
(function () {
  "use strict";

  // Every <time datetime="..."> shows the browser's local time; UTC stays in the tooltip.
  function localTimes() {
    document.querySelectorAll("time[datetime]").forEach(function (el) {
      var at = new Date(el.getAttribute("datetime"));
      if (!isNaN(at)) {
        el.textContent = at.toLocaleString();
        el.title = el.getAttribute("datetime") + " (UTC)";
      }
    });
  }

  // The countdown uses the server's clock: the offset between server and browser is taken
  // once at load, so a browser with a wrong clock still counts down correctly.
  function countdown() {
    var el = document.getElementById("countdown");
    if (!el || !el.dataset.due) {
      return;
    }
    var due = Date.parse(el.dataset.due);
    var offset = Date.parse(el.dataset.now) - Date.now();
    function render() {
      var left = Math.round((due - (Date.now() + offset)) / 1000);
      if (left > 0) {
        var m = Math.floor(left / 60), s = left % 60;
        el.textContent = "in " + (m > 0 ? m + " min " : "") + s + " s";
        el.className = "countdown";
      } else {
        el.textContent = "due now (" + (-left) + " s ago)";
        el.className = "countdown late";
      }
    }
    render();
    setInterval(render, 1000);
  }

  function confirmations() {
    document.querySelectorAll("[data-confirm]").forEach(function (button) {
      button.addEventListener("click", function (event) {
        if (!window.confirm(button.dataset.confirm)) {
          event.preventDefault();
        }
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    localTimes();
    countdown();
    confirmations();
  });
})();
