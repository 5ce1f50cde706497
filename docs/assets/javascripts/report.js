/* Report pages: a filter for the timeline, the highlight of a cited quote, "+N more" citations.
   Progressive enhancement: without this script every event is shown and the cited passage
   is still highlighted by CSS (:target). No request leaves the page. */
(function () {
  "use strict";

  function words(value) {
    return (value || "").split(/\s+/).filter(Boolean);
  }

  /* ---------------------------------------------------------------- timeline filter */
  // An actor or a side, in a role (data-actors-initiator, data-sides-target, ...; any role:
  // data-actors, data-sides), an event type, key events only: each choice narrows the list.
  function setupFilter(form) {
    var events = Array.prototype.slice.call(document.querySelectorAll(".event[data-actors]"));
    if (!events.length) return;
    var groups = Array.prototype.slice.call(document.querySelectorAll(".tl-day, .tl-month"));
    var count = form.querySelector(".tl-count");
    var fields = ["actor", "side", "role", "type", "key"];

    function value(el) {
      if (!el) return "";
      if (el.type === "checkbox") return el.checked ? el.value : "";
      return el.value;
    }

    function current() {
      var state = {};
      fields.forEach(function (name) { state[name] = value(form.elements[name]); });
      return state;
    }

    function query(state) {
      var parts = [];
      fields.forEach(function (name) {
        if (state[name]) parts.push(name + "=" + encodeURIComponent(state[name]));
      });
      return parts.length ? "?" + parts.join("&") : "";
    }

    function has(ev, kind, role, id) {
      return words(ev.getAttribute("data-" + kind + (role ? "-" + role : ""))).indexOf(id) >= 0;
    }

    function apply() {
      var state = current();
      var shown = 0;
      events.forEach(function (ev) {
        var ok = (!state.actor || has(ev, "actors", state.role, state.actor)) &&
                 (!state.side || has(ev, "sides", state.role, state.side)) &&
                 (!state.role || state.actor || state.side ||
                  words(ev.getAttribute("data-actors-" + state.role)).length > 0) &&
                 (!state.type || ev.dataset.type === state.type) &&
                 (!state.key || ev.dataset.key === state.key);
        ev.hidden = !ok;
        if (ok) shown += 1;
      });
      groups.forEach(function (group) {
        group.hidden = !group.querySelector(".event:not([hidden])");
      });
      if (count) {
        count.textContent = shown === events.length
          ? "Showing all " + events.length + " events."
          : "Showing " + shown + " of " + events.length + " events.";
      }
      var q = query(state);
      if (window.history && window.history.replaceState) {
        try {
          window.history.replaceState(null, "", window.location.pathname + q + window.location.hash);
        } catch (e) { /* some file:// contexts refuse; the filter still works */ }
      }
      // Keep the filter when moving to another month.
      document.querySelectorAll(".tl-pager a, .md-nav a").forEach(function (a) {
        var href = a.getAttribute("href") || "";
        if (!/^(\.\.\/)?(timeline\/)?\d{4}(-\d{2})?(-part-\d+)?\.html/.test(href) &&
            !/^\d{4}(-\d{2})?(-part-\d+)?\.html/.test(href)) return;
        a.setAttribute("href", href.split("?")[0].split("#")[0] + q);
      });
    }

    var params = new URLSearchParams(window.location.search);
    fields.forEach(function (name) {
      var el = form.elements[name];
      var wanted = params.get(name);
      if (!el || !wanted) return;
      if (el.type === "checkbox") {
        el.checked = wanted === el.value;
        return;
      }
      if (!el.querySelector('option[value="' + CSS.escape(wanted) + '"]')) {
        // A choice carried from another month that none of this page's events has: kept,
        // so the next month still filters by it, and named as such (text only, never markup).
        var option = document.createElement("option");
        option.value = wanted;
        option.textContent = wanted + " (none on this page)";
        el.appendChild(option);
      }
      el.value = wanted;
    });
    form.addEventListener("change", apply);
    form.addEventListener("reset", function () { window.setTimeout(apply, 0); });
    form.addEventListener("submit", function (e) { e.preventDefault(); });
    form.hidden = false;
    apply();
  }

  /* ---------------------------------------------------------------- cited quotes */
  function highlightTarget() {
    document.querySelectorAll("mark.quoted.is-target").forEach(function (m) {
      m.classList.remove("is-target");
    });
    var id = decodeURIComponent(window.location.hash.slice(1));
    if (!id) return;
    var marks = document.querySelectorAll('mark.quoted[data-quotes~="' + CSS.escape(id) + '"]');
    if (/^para-\d+$/.test(id)) {  // a citation of several passages of one paragraph: all of them
      var para = document.getElementById(id);
      marks = para ? para.querySelectorAll("mark.quoted") : [];
    }
    marks.forEach(function (m) { m.classList.add("is-target"); });
  }

  /* ---------------------------------------------------------------- "+N more" citations */
  function setupMoreCitations() {
    document.querySelectorAll("button.cite-more").forEach(function (button) {
      var rest = button.previousElementSibling;
      if (!rest || !rest.classList.contains("cite-rest")) return;
      rest.hidden = true;
      button.hidden = false;
      button.setAttribute("aria-expanded", "false");
      button.addEventListener("click", function () {
        rest.hidden = false;
        button.remove();
        var first = rest.querySelector("a");
        if (first) first.focus();
      });
    });
  }

  /* ---------------------------------------------------------------- tables on a phone */
  // A table of three columns or more becomes a stack of cards on a narrow screen (CSS), each
  // cell led by its column's name: the names are copied here from the header, as text.
  // Explicit roles keep it a table for screen readers whatever the display.
  function stackTables() {
    document.querySelectorAll(".md-typeset table").forEach(function (table) {
      var head = table.tHead && table.tHead.rows[0];
      if (!head || head.cells.length < 3) return;
      var names = Array.prototype.map.call(head.cells, function (th) { return th.textContent.trim(); });
      table.setAttribute("data-stack", "");
      table.setAttribute("role", "table");
      Array.prototype.forEach.call(table.rows, function (row) {
        row.setAttribute("role", "row");
        Array.prototype.forEach.call(row.cells, function (cell, i) {
          if (cell.tagName === "TH") {
            cell.setAttribute("role", row.parentNode === table.tHead ? "columnheader" : "rowheader");
          } else {
            cell.setAttribute("role", "cell");
            if (names[i]) cell.setAttribute("data-label", names[i]);
          }
        });
      });
    });
  }

  function ready(fn) {
    if (document.readyState !== "loading") fn();
    else document.addEventListener("DOMContentLoaded", fn);
  }

  ready(function () {
    // The theme's search dialog has no accessible name; give it one.
    document.querySelectorAll(".md-search[role=dialog]:not([aria-label])").forEach(function (d) {
      d.setAttribute("aria-label", "Search this report");
    });
    stackTables();
    var form = document.querySelector("form.tl-filter");
    if (form) setupFilter(form);
    setupMoreCitations();
    highlightTarget();
    window.addEventListener("hashchange", highlightTarget);
  });
})();
