// Poll an upload's status and reload the page once the worker has read the file.
(function () {
  "use strict";
  var box = document.getElementById("reading");
  if (!box) { return; }
  var url = box.getAttribute("data-status-url");
  var tries = 0;
  function poll() {
    tries += 1;
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) { return r.json(); })
      .then(function (body) {
        if (body.status !== "queued") { window.location.reload(); }
        else if (tries < 120) { window.setTimeout(poll, 1000); }
      })
      .catch(function () { if (tries < 120) { window.setTimeout(poll, 2000); } });
  }
  window.setTimeout(poll, 500);
})();
