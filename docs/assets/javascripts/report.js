/* Report pages: a filter for the timeline, the highlight of a cited quote, "+N more" citations.
   Progressive enhancement: without this script every event is shown and the cited passage
   is still highlighted by CSS (:target). No request leaves the page. */
(function () {
  "use strict";

  function words(value) {
    return (value || "").split(/\s+/).filter(Boolean);
  }

  /* ---------------------------------------------------------------- timeline filter */
  function setupFilter(form) {
    var events = Array.prototype.slice.call(document.querySelectorAll(".event[data-actors]"));
    if (!events.length) return;
    var days = Array.prototype.slice.call(document.querySelectorAll(".tl-day"));
    var count = form.querySelector(".tl-count");
    var fields = ["actor", "side", "type"];

    function current() {
      var state = {};
      fields.forEach(function (name) {
        var el = form.elements[name];
        state[name] = el ? el.value : "";
      });
      return state;
    }

    function query(state) {
      var parts = [];
      fields.forEach(function (name) {
        if (state[name]) parts.push(name + "=" + encodeURIComponent(state[name]));
      });
      return parts.length ? "?" + parts.join("&") : "";
    }

    function apply() {
      var state = current();
      var shown = 0;
      events.forEach(function (ev) {
        var ok = (!state.actor || words(ev.dataset.actors).indexOf(state.actor) >= 0) &&
                 (!state.side || words(ev.dataset.sides).indexOf(state.side) >= 0) &&
                 (!state.type || ev.dataset.type === state.type);
        ev.hidden = !ok;
        if (ok) shown += 1;
      });
      days.forEach(function (day) {
        day.hidden = !day.querySelector(".event:not([hidden])");
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
      var value = params.get(name);
      if (!el || !value) return;
      if (!el.querySelector('option[value="' + CSS.escape(value) + '"]')) {
        // A choice carried from another month that none of this page's events has: kept,
        // so the next month still filters by it, and named as such (text only, never markup).
        var option = document.createElement("option");
        option.value = value;
        option.textContent = value + " (none on this page)";
        el.appendChild(option);
      }
      el.value = value;
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

  function ready(fn) {
    if (document.readyState !== "loading") fn();
    else document.addEventListener("DOMContentLoaded", fn);
  }

  ready(function () {
    // The theme's search dialog has no accessible name; give it one.
    document.querySelectorAll(".md-search[role=dialog]:not([aria-label])").forEach(function (d) {
      d.setAttribute("aria-label", "Search this report");
    });
    var form = document.querySelector("form.tl-filter");
    if (form) setupFilter(form);
    setupMoreCitations();
    highlightTarget();
    window.addEventListener("hashchange", highlightTarget);
  });
})();
