// Results while typing for the help-center search box. Without JavaScript the form still submits to the
// results page; with it, the public search API is asked after a short pause and the best guides are listed.
(function () {
  "use strict";
  var form = document.getElementById("help-search");
  if (!form) return;
  var input = form.querySelector("input[name=q]");
  var list = document.getElementById("help-suggestions");
  var status = document.getElementById("help-suggestions-status");
  var timer = null, latest = 0;

  function render(items) {
    list.textContent = "";
    items.forEach(function (item, index) {
      var li = document.createElement("li");
      li.setAttribute("role", "option");
      li.id = "help-suggestion-" + index;
      var link = document.createElement("a");
      link.href = item.url;
      item.titleParts.forEach(function (part) {
        var node = part.isMatch ? document.createElement("mark") : document.createElement("span");
        node.textContent = part.text;
        link.appendChild(node);
      });
      li.appendChild(link);
      list.appendChild(li);
    });
    list.hidden = items.length === 0;
    status.textContent = items.length + "";
  }

  function ask() {
    var query = input.value.trim();
    if (query.length < 2) { render([]); return; }
    var ticket = ++latest;
    var url = form.dataset.api + "?typing=1&limit=6&lang=" + encodeURIComponent(form.dataset.lang) + "&q=" + encodeURIComponent(query);
    fetch(url, { headers: { "Accept": "application/json" } })
      .then(function (response) { return response.ok ? response.json() : { items: [] }; })
      .then(function (body) { if (ticket === latest) render(body.items || []); })
      .catch(function () { render([]); });
  }

  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(ask, 120);
  });
  input.addEventListener("keydown", function (event) {
    if (event.key === "Escape") { render([]); }
    if (event.key === "ArrowDown" && !list.hidden) {
      var first = list.querySelector("a");
      if (first) { event.preventDefault(); first.focus(); }
    }
  });
})();
