// Upload files one at a time; each is queued for indexing, and its outcome is polled until it is done.
// Without JavaScript the form posts all files at once and the page refreshes itself until all are done.
(function () {
  "use strict";
  var form = document.getElementById("upload-form");
  if (!form || !window.fetch || !window.FormData) { return; }
  var input = document.getElementById("files");
  var list = document.getElementById("outcome-list");
  var section = document.getElementById("outcomes");
  var button = form.querySelector("button[type=submit]");

  function row(name) {
    var li = document.createElement("li");
    li.className = "outcome outcome-pending";
    var strong = document.createElement("strong");
    strong.textContent = name;
    var status = document.createElement("span");
    status.textContent = ": waiting";
    li.appendChild(strong);
    li.appendChild(status);
    list.appendChild(li);
    return {li: li, status: status};
  }

  function show(entry, outcome) {
    var ok = ["ingested", "replaced", "unchanged"].indexOf(outcome.status) >= 0;
    entry.li.className = "outcome " + (ok ? "outcome-ok" : "outcome-fail");
    entry.status.textContent = ": " + outcome.status + (outcome.detail ? " \u2014 " + outcome.detail : "");
    if (outcome.url) {
      entry.li.appendChild(document.createTextNode(" \u00b7 "));
      var a = document.createElement("a");
      a.href = outcome.url;
      a.textContent = "open the meeting";
      entry.li.appendChild(a);
    }
  }

  // Ask for a queued file's outcome every second until it has been indexed (or has failed).
  function poll(entry, outcome) {
    entry.status.textContent = ": " + outcome.status + " \u2014 " + (outcome.detail || "indexing");
    return new Promise(function (resolve) {
      function ask() {
        fetch(outcome.status_url, {credentials: "same-origin", headers: {"Accept": "application/json"}})
          .then(function (response) { return response.json(); })
          .then(function (latest) {
            if (latest.finished) { show(entry, latest); resolve(); return; }
            entry.status.textContent = ": " + latest.status + " \u2014 " + (latest.detail || "indexing");
            window.setTimeout(ask, 1000);
          })
          .catch(function () { window.setTimeout(ask, 2000); });
      }
      window.setTimeout(ask, 500);
    });
  }

  form.addEventListener("submit", function (event) {
    var files = Array.prototype.slice.call(input.files || []);
    if (!files.length) { return; }
    event.preventDefault();
    button.disabled = true;
    section.hidden = false;
    list.textContent = "";
    var csrf = form.querySelector("input[name=csrf]").value;
    var access = form.querySelector("input[name=access]:checked").value;
    var entries = files.map(function (f) { return row(f.name); });
    var done = 0;

    function next(i) {
      if (i >= files.length) {
        button.disabled = false;
        input.value = "";
        section.setAttribute("data-done", String(done));
        return;
      }
      entries[i].status.textContent = ": uploading and indexing\u2026";
      var body = new FormData();
      body.append("csrf", csrf);
      body.append("access", access);
      body.append("council", form.querySelector("input[name=council]").value);
      body.append("committee", form.querySelector("input[name=committee]").value);
      body.append("files", files[i], files[i].name);
      fetch(form.action, {method: "POST", body: body, credentials: "same-origin",
                          headers: {"Accept": "application/json"}})
        .then(function (response) {
          return response.json().catch(function () {
            return {outcomes: [{status: "failed", detail: "server answered " + response.status}]};
          });
        })
        .then(function (data) {
          var outcome = (data.outcomes && data.outcomes[0]) || {status: data.status || "failed", detail: data.detail || ""};
          return outcome.status_url && !outcome.finished ? poll(entries[i], outcome) : show(entries[i], outcome);
        })
        .catch(function () { show(entries[i], {status: "failed", detail: "network error"}); })
        .then(function () { done += 1; next(i + 1); });
    }
    next(0);
  });
})();
