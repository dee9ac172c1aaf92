// Resume builder: show only the levels and focus areas the chosen role offers.
// Progressive enhancement: without this script every option is shown and the server
// explains any choice the role does not have.
(function () {
  "use strict";
  var role = document.querySelector("select.resume-role");
  var level = document.querySelector("select.resume-level");
  if (!role || !level) { return; }

  function words(option, name) {
    return (option.getAttribute("data-" + name) || "").split(" ").filter(Boolean);
  }

  function syncLevels(allowed) {
    Array.prototype.forEach.call(level.options, function (opt) {
      opt.disabled = allowed.indexOf(opt.value) === -1;
    });
    if (level.selectedOptions[0] && level.selectedOptions[0].disabled) {
      var first = Array.prototype.find.call(level.options, function (o) { return !o.disabled; });
      if (first) { level.value = first.value; }
    }
  }

  function syncFocus(allowed) {
    document.querySelectorAll(".resume-focus li[data-focus]").forEach(function (item) {
      var ok = allowed.indexOf(item.getAttribute("data-focus")) !== -1;
      item.hidden = !ok;
      var box = item.querySelector("input");
      if (box && !ok) { box.checked = false; }
    });
  }

  function sync() {
    var option = role.selectedOptions[0];
    if (!option) { return; }
    syncLevels(words(option, "levels"));
    syncFocus(words(option, "focus"));
  }

  role.addEventListener("change", sync);
  sync();
})();
