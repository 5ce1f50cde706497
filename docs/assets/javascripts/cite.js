/* Citation popovers: a citation chip shows the words it cites (the passage, who said it, the
   source, the date and the source's grade) on hover, keyboard focus or a tap, without leaving
   the page. The chip stays a link to the highlighted passage: a click (or a second tap) opens it.
   The evidence is in the chip's data-cite-* attributes and is only ever set as text. Escape
   closes the popover. Works from file:// and offline; without JavaScript the chip is a link. */
(function () {
  "use strict";

  // A chip cites one source paragraph: each quoted passage of it is data-cite-words (-by, -date),
  // then data-cite-words-2 (-by-2, -date-2) and so on; the source, its grade and notes follow.
  var PASSAGE = [["words", "words"], ["by", "by"], ["when", "date"]];
  var AFTER = [["source", ["source"]], ["when", ["grade"]], ["note", ["note"]]];
  var pop = null;      // the one popover of the page
  var current = null;  // the chip it describes
  var hideTimer = 0;
  var touch = null;    // {chip, open}: a touch on a chip, and whether its popover was already open

  function chipOf(node) {
    return node && node.closest ? node.closest("a.cite[data-cite-words], a.cite[data-cite-source]") : null;
  }

  function popover() {
    if (pop) return pop;
    pop = document.createElement("div");
    pop.id = "cite-popover";
    pop.className = "cite-popover";
    pop.setAttribute("role", "tooltip");
    pop.hidden = true;
    pop.addEventListener("mouseenter", function () { window.clearTimeout(hideTimer); });
    pop.addEventListener("mouseleave", function () { hideSoon(); });
    document.body.appendChild(pop);
    return pop;
  }

  function fill(chip) {
    var box = popover();
    while (box.firstChild) box.removeChild(box.firstChild);
    function line(kind, text) {
      if (!text) return;
      var el = document.createElement(kind === "words" ? "blockquote" : "p");
      el.className = "cite-popover__" + kind;
      el.textContent = kind === "words" ? "\u201c" + text + "\u201d" : (kind === "by" ? "\u2014 " + text : text);
      box.appendChild(el);
    }
    for (var i = 1; i === 1 || chip.hasAttribute("data-cite-words-" + i); i++) {
      var suffix = i === 1 ? "" : "-" + i;
      PASSAGE.forEach(function (field) {
        line(field[0], chip.getAttribute("data-cite-" + field[1] + suffix) || "");
      });
    }
    AFTER.forEach(function (field) {
      line(field[0], field[1].map(function (name) { return chip.getAttribute("data-cite-" + name) || ""; })
        .filter(Boolean).join(" \u00b7 "));
    });
    var open = document.createElement("a");
    open.className = "cite-popover__open";
    open.href = chip.getAttribute("href");
    open.tabIndex = -1;  // the chip itself is the keyboard's way to the passage
    open.textContent = "Open the highlighted passage";
    box.appendChild(open);
  }

  function place(chip) {
    var box = popover();
    var rect = chip.getBoundingClientRect();
    var view = document.documentElement.clientWidth;
    box.style.left = "0px";
    box.style.top = "0px";
    var width = box.offsetWidth;
    var height = box.offsetHeight;
    var left = Math.max(8, Math.min(rect.left, view - width - 8));
    var below = rect.bottom + 6;
    var top = below + height > window.innerHeight && rect.top - 6 - height > 0 ? rect.top - 6 - height : below;
    box.style.left = Math.round(left + window.scrollX) + "px";
    box.style.top = Math.round(top + window.scrollY) + "px";
  }

  function show(chip) {
    window.clearTimeout(hideTimer);
    if (current && current !== chip) current.removeAttribute("aria-describedby");
    current = chip;
    fill(chip);
    var box = popover();
    box.hidden = false;
    place(chip);
    chip.setAttribute("aria-describedby", box.id);
  }

  function hide() {
    window.clearTimeout(hideTimer);
    if (pop) pop.hidden = true;
    if (current) current.removeAttribute("aria-describedby");
    current = null;
  }

  function hideSoon() {
    window.clearTimeout(hideTimer);
    hideTimer = window.setTimeout(function () {
      if (current && current === document.activeElement) return;  // focus keeps it open
      hide();
    }, 250);
  }

  function isOpen(chip) {
    return current === chip && pop && !pop.hidden;
  }

  document.addEventListener("mouseover", function (e) {
    var chip = chipOf(e.target);
    if (chip && !isOpen(chip)) show(chip);
  });
  document.addEventListener("mouseout", function (e) {
    var chip = chipOf(e.target);
    if (chip && chip === current && !chip.contains(e.relatedTarget)) hideSoon();
  });
  document.addEventListener("focusin", function (e) {
    var chip = chipOf(e.target);
    if (chip) show(chip);
    else if (current && !(pop && pop.contains(e.target))) hide();
  });
  document.addEventListener("focusout", function (e) {
    if (chipOf(e.target) === current) hideSoon();
  });
  // A tap shows the popover; a second tap on the same chip follows the link.
  document.addEventListener("pointerdown", function (e) {
    var chip = chipOf(e.target);
    touch = chip && e.pointerType !== "mouse" ? {chip: chip, open: isOpen(chip)} : null;
    if (!chip && pop && !pop.contains(e.target)) hide();
  });
  document.addEventListener("click", function (e) {
    var chip = chipOf(e.target);
    if (chip && touch && touch.chip === chip && !touch.open) {
      e.preventDefault();
      show(chip);
    }
    touch = null;
  });
  document.addEventListener("keydown", function (e) {
    if ((e.key === "Escape" || e.key === "Esc") && pop && !pop.hidden) {
      hide();
    }
  });
  window.addEventListener("resize", function () { if (current) place(current); });
})();
