// While a title is typed (the portal's report form, the admin's chain task form), the most similar
// open cases the visitor may see are offered below it, so the same problem is linked, not reported
// twice. Plain JS, no library: the server answers JSON (/portal/search/similar/?title=…) with the
// heading already translated; every text goes in through textContent.
(function () {
  "use strict";
  var input = document.querySelector("input[name=title][data-similar-url], #id_title");
  if (!input) { return; }
  var url = input.getAttribute("data-similar-url") || "/portal/search/similar/";
  var box = document.createElement("div");
  box.className = "similar-cases";
  box.setAttribute("aria-live", "polite");
  box.hidden = true;
  input.insertAdjacentElement("afterend", box);
  var timer = null;
  var last = "";

  function show(data) {
    box.textContent = "";
    if (!data.results || !data.results.length) { box.hidden = true; return; }
    var heading = document.createElement("p");
    heading.textContent = data.heading;
    var list = document.createElement("ul");
    data.results.forEach(function (hit) {
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = hit.url;
      link.target = "_blank";
      link.rel = "noopener";
      link.textContent = hit.reference + " " + hit.title;
      item.appendChild(link);
      list.appendChild(item);
    });
    box.appendChild(heading);
    box.appendChild(list);
    box.hidden = false;
  }

  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () {
      var title = input.value.trim();
      if (title === last) { return; }
      last = title;
      if (title.length < 2) { box.hidden = true; return; }
      fetch(url + "?title=" + encodeURIComponent(title), { credentials: "same-origin", headers: { "Accept": "application/json" } })
        .then(function (response) { return response.ok ? response.json() : { results: [] }; })
        .then(show)
        .catch(function () { box.hidden = true; });
    }, 300);
  });
}());
