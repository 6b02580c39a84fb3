// Live preview in the staff article editor: the Markdown is posted to the server, which renders it exactly
// as the public page will (same renderer, same console: and article: link resolution).
(function () {
  "use strict";
  var form = document.getElementById("article-form");
  var body = document.getElementById("body");
  var preview = document.getElementById("preview");
  if (!form || !body || !preview) return;
  var timer = null;

  function refresh() {
    var data = new URLSearchParams();
    data.set("_csrf", form.querySelector("input[name=_csrf]").value);
    data.set("body", body.value);
    var language = document.getElementById("language");
    if (language) data.set("language", language.value);
    fetch(form.dataset.preview, { method: "POST", body: data, credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (html) { if (html !== null) preview.innerHTML = html; });
  }

  body.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(refresh, 250);
  });
})();
