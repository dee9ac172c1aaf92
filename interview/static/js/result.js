// Poll until the score is ready, then reload to show it.
(function () {
  "use strict";
  const box = document.getElementById("pending");
  if (!box) return;
  let delay = 1000;
  function poll() {
    fetch(box.dataset.statusUrl, { headers: { Accept: "application/json" } })
      .then((r) => r.json())
      .then((data) => {
        if (data.ready) window.location.reload();
        else { delay = Math.min(delay * 1.3, 5000); setTimeout(poll, delay); }
      })
      .catch(() => setTimeout(poll, 5000));
  }
  setTimeout(poll, delay);
})();
