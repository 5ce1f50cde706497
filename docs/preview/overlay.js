/* The live preview's error overlay (`build_report.py serve` only: a built site never loads it).
   Reads status.json beside this script; while the data has errors, shows each one over the
   page (file:line:col, message, details such as the closest passage of a quote, hint). Every
   piece of text is a text node: nothing from the data can become markup. The live reload
   reloads the page after every rebuild, so the overlay comes and goes with the data. */
(function () {
  "use strict";

  var ID = "reportgen-preview-errors";
  var script = document.currentScript;
  if (!script || !window.fetch) return;
  var statusUrl = new URL("status.json", script.src);

  var STYLE = [
    "#" + ID + " { position: fixed; inset: auto 0 0 0; z-index: 10000; max-height: 70vh; overflow: auto;",
    "  margin: 0; padding: .8rem 1rem 1rem; font: .8rem/1.45 system-ui, sans-serif;",
    "  color: #1b1b1b; background: #fff4f2; border-top: 4px solid #c62828; box-shadow: 0 -4px 16px rgba(0,0,0,.25); }",
    "#" + ID + " h2 { margin: 0 0 .5rem; font-size: 1rem; color: #b71c1c; }",
    "#" + ID + " ol { margin: 0; padding-left: 1.4rem; }",
    "#" + ID + " li { margin: 0 0 .7rem; }",
    "#" + ID + " .where { font: .78rem/1.4 ui-monospace, monospace; font-weight: 700; }",
    "#" + ID + " .detail { margin: .2rem 0; padding: .3rem .5rem; white-space: pre-wrap; overflow-wrap: anywhere;",
    "  font: .75rem/1.4 ui-monospace, monospace; background: #fff; border-left: 3px solid #e57373; }",
    "#" + ID + " .hint { margin: .2rem 0 0; color: #33691e; }",
    "#" + ID + " .note { margin: .6rem 0 0; color: #555; }",
    "#" + ID + " button { float: right; font: inherit; padding: .1rem .5rem; cursor: pointer; }",
    "@media (prefers-color-scheme: dark) { #" + ID + " { color: #eee; background: #3b1d1d; }",
    "  #" + ID + " h2 { color: #ff8a80; } #" + ID + " .detail { background: #2a1515; }",
    "  #" + ID + " .hint { color: #c5e1a5; } #" + ID + " .note { color: #bbb; } }"
  ].join("\n");

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text) node.textContent = text;
    return node;
  }

  function show(status) {
    var problems = status.problems || [];
    var box = el("section");
    box.id = ID;
    box.setAttribute("role", "alert");
    box.setAttribute("aria-label", "Errors in the data");
    var style = el("style");
    style.textContent = STYLE;
    box.appendChild(style);
    var close = el("button", "", "Hide");
    close.type = "button";
    close.addEventListener("click", function () { box.remove(); });
    box.appendChild(close);
    var errors = status.errors || problems.length;
    box.appendChild(el("h2", "", errors === 1 ? "The data has an error" : "The data has " + errors + " errors"));
    var list = el("ol");
    problems.forEach(function (p) {
      var item = el("li");
      item.appendChild(el("span", "where", p.where + ": "));
      item.appendChild(el("strong", "severity", p.severity + ": "));
      item.appendChild(el("span", "message", p.message));
      (p.detail || []).forEach(function (line) { item.appendChild(el("div", "detail", line)); });
      if (p.hint) item.appendChild(el("p", "hint", "hint: " + p.hint));
      list.appendChild(item);
    });
    box.appendChild(list);
    box.appendChild(el("p", "note",
      "The page shows the last good build. Fix the data and save: this goes away when the data is good again."));
    var old = document.getElementById(ID);
    if (old) old.remove();
    document.body.appendChild(box);
  }

  fetch(statusUrl, { cache: "no-store" })
    .then(function (response) { return response.ok ? response.json() : null; })
    .then(function (status) { if (status && status.ok === false) show(status); })
    .catch(function () { /* no status yet: nothing to show */ });
})();
