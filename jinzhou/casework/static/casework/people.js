// The responsible person's choices follow the chosen department: when the department changes, the
// person options are reloaded from the page's own JSON endpoint (the department's active staff).
// No inline script, nothing from another origin; without this file the form still works (the
// server lists the chosen department's staff and refuses anyone else's).
(function () {
  "use strict";
  function reload(select, department) {
    var base = select.getAttribute("data-staff-url");
    if (!base) { return; }
    if (!department.value) { return; }
    fetch(base + encodeURIComponent(department.value) + "/", { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (!data) { return; }
        var kept = select.value;
        while (select.options.length) { select.remove(0); }
        select.add(new Option("---------", ""));
        data.people.forEach(function (person) {
          select.add(new Option(person.label, String(person.id), false, String(person.id) === kept));
        });
      });
  }
  function wire() {
    document.querySelectorAll("select[data-department-field]").forEach(function (select) {
      var department = document.getElementById(select.getAttribute("data-department-field"));
      if (!department) { return; }
      department.addEventListener("change", function () { reload(select, department); });
    });
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", wire); } else { wire(); }
})();
