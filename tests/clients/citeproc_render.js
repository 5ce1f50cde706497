// Renders CSL-JSON items with citeproc-js (npm `citeproc`, the engine in Zotero) the way a
// reference manager does: one in-text citation per item, then the bibliography, as plain text.
// Usage: node citeproc_render.js ITEMS.json STYLE.csl LOCALE.xml
// Prints one JSON object: {citations: {id: text}, bibliography: [text], warnings: [text]}.
// citeproc-js reports problems through console.log ("citeproc-js warning: ..."); they are
// collected here instead of printed, so the caller can assert there are none.
"use strict";

const fs = require("fs");
const path = require("path");

const warnings = [];
const log = console.log;
console.log = (...args) => warnings.push(args.join(" "));
console.warn = console.log;

const CSL = require("citeproc");

const [itemsPath, stylePath, localePath] = process.argv.slice(2);
const items = JSON.parse(fs.readFileSync(itemsPath, "utf8"));
const byId = new Map(items.map((item) => [String(item.id), item]));
const locale = fs.readFileSync(localePath, "utf8");

const sys = {
  retrieveLocale: (lang) => (lang === "en-US" ? locale : false),
  retrieveItem: (id) => byId.get(String(id)),
};

const engine = new CSL.Engine(sys, fs.readFileSync(stylePath, "utf8"), "en-US", true);
engine.setOutputFormat("text");
engine.updateItems(items.map((item) => item.id));

const citations = {};
for (const item of items) {
  citations[item.id] = engine.makeCitationCluster([{ id: item.id }]);
}
const [params, entries] = engine.makeBibliography();
for (const error of params.bibliography_errors || []) {
  warnings.push("bibliography error: " + JSON.stringify(error));
}

log(JSON.stringify({
  style: path.basename(stylePath),
  citations,
  bibliography: entries.map((entry) => entry.trim()),
  warnings,
}));
