// The search page. The index is a set of classic scripts written by `kam build`
// (src/view/search.rs): search/index.js, a shard search/t/<first letter or two>.js per
// group of terms, and chunks search/d/<n>.js of the document table. Each is loaded by
// adding a <script src> element, which works from file:// where fetch() does not, and
// calls back into window.kamSearch. Results are built with textContent only: nothing of
// the index is ever parsed as HTML.
(function () {
  "use strict";

  var MIN_TERM = 2;
  var MAX_TERM = 32;
  var MAX_SHOWN = 50;

  var form = document.getElementById("search-form");
  var input = document.getElementById("search-q");
  var status = document.getElementById("search-status");
  var list = document.getElementById("search-results");
  if (!form || !input || !status || !list) return;

  var base = form.getAttribute("data-index").replace(/index\.html$/, "");
  var root = form.getAttribute("data-root");
  var meta = null;
  var shards = {};
  var chunks = {};
  var requested = {};
  var failed = false;

  function say(name, values) {
    var text = form.getAttribute("data-" + name) || "";
    Object.keys(values || {}).forEach(function (key) {
      text = text.split("{" + key + "}").join(values[key]);
    });
    return text;
  }

  function counted(name, n, values) {
    var forms = say(name, values).split("|");
    var text = n === 1 || forms.length === 1 ? forms[0] : forms[1];
    return text.split("{n}").join(String(n));
  }

  // Must fold exactly as `fold` in src/view/search.rs does.
  var SPELT = { "ø": "o", "æ": "ae", "œ": "oe", "ß": "ss", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "ı": "i" };
  function fold(text) {
    return text.toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "")
      .replace(/[øæœßłđðþı]/g, function (c) { return SPELT[c]; });
  }

  function terms(text) {
    return fold(text).split(/[^\p{Alphabetic}\p{N}]+/u).filter(function (word) {
      return Array.from(word).length >= MIN_TERM;
    }).map(function (word) {
      return Array.from(word).slice(0, MAX_TERM).join("");
    });
  }

  // Small sites name shards by one letter, large ones by two (meta.letters).
  function shardKey(term) {
    return Array.from(term).slice(0, meta.letters || MIN_TERM).join("");
  }

  function load(path) {
    if (requested[path]) return;
    requested[path] = true;
    var script = document.createElement("script");
    script.src = base + path;
    script.onerror = function () { failed = true; run(); };
    document.head.appendChild(script);
  }

  window.kamSearch = {
    meta: function (value) { meta = value; run(); },
    terms: function (key, value) { shards[key] = value; run(); },
    docs: function (number, value) { chunks[number] = value; run(); }
  };

  function clear() {
    while (list.firstChild) list.removeChild(list.firstChild);
  }

  // Documents holding a term that begins with `word`, as number → found in a title.
  function matches(word) {
    var found = {};
    var shard = shards[shardKey(word)] || {};
    Object.keys(shard).forEach(function (term) {
      if (term.indexOf(word) !== 0) return;
      var code = 0;
      shard[term].forEach(function (delta) {
        code += delta;
        var doc = code >> 1;
        found[doc] = found[doc] || (code & 1) === 1;
      });
    });
    return found;
  }

  // The line holding the most words of the query (the first of equals), else the summary.
  function snippet(doc, words) {
    var best = doc.summary;
    var most = 0;
    doc.lines.forEach(function (line) {
      var lineTerms = terms(line);
      var hits = words.filter(function (word) {
        return lineTerms.some(function (term) { return term.indexOf(word) === 0; });
      }).length;
      if (hits > most) { most = hits; best = line; }
    });
    return best;
  }

  function show(query, words, ranked) {
    clear();
    if (ranked.length === 0) {
      status.textContent = say("none", { q: query });
      return;
    }
    var shown = ranked.slice(0, MAX_SHOWN);
    var missing = false;
    shown.forEach(function (number) {
      var chunk = Math.floor(number / meta.chunk);
      if (!chunks[chunk]) { missing = true; load("d/" + chunk + ".js"); }
    });
    if (missing) {
      status.textContent = say("loading");
      return;
    }
    var text = counted("found", ranked.length, { q: query });
    if (ranked.length > shown.length) text += " " + say("shown", { shown: String(shown.length) });
    status.textContent = text;
    shown.forEach(function (number) {
      var row = chunks[Math.floor(number / meta.chunk)][number % meta.chunk];
      var doc = { title: row[0], url: row[1], summary: row[2], lines: row[3] };
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.className = "result-title";
      link.href = root + doc.url;
      link.textContent = doc.title;
      var kind = document.createElement("span");
      kind.className = "result-kind";
      kind.textContent = say(number < meta.accounts ? "account" : "chapter");
      var line = document.createElement("p");
      line.className = "result-snippet";
      line.textContent = snippet(doc, words);
      item.appendChild(link);
      item.appendChild(kind);
      if (line.textContent) item.appendChild(line);
      list.appendChild(item);
    });
  }

  function run() {
    var query = input.value.trim();
    if (failed) { clear(); status.textContent = say("failed"); return; }
    if (!meta) { status.textContent = say("loading"); return; }
    var words = terms(query);
    if (words.length === 0) { clear(); status.textContent = say("ready"); return; }
    var waiting = false;
    words.forEach(function (word) {
      var key = shardKey(word);
      var file = meta.shards[key];
      if (file === undefined) { shards[key] = shards[key] || {}; return; }
      if (!shards[key]) { waiting = true; load("t/" + file + ".js"); }
    });
    if (waiting) { status.textContent = say("loading"); return; }
    // Every word must match; documents in a title rank above the rest, and otherwise
    // the index's own order holds: accounts by revenue, then chapters.
    var found = null;
    var titleHits = {};
    words.forEach(function (word) {
      var mine = matches(word);
      var next = {};
      Object.keys(mine).forEach(function (doc) {
        if (found === null || doc in found) {
          next[doc] = true;
          if (mine[doc]) titleHits[doc] = (titleHits[doc] || 0) + 1;
        }
      });
      found = next;
    });
    var ranked = Object.keys(found).map(Number);
    ranked.sort(function (a, b) {
      var kindA = a < meta.accounts ? 0 : 1;
      var kindB = b < meta.accounts ? 0 : 1;
      if (kindA !== kindB) return kindA - kindB;
      var hits = (titleHits[b] || 0) - (titleHits[a] || 0);
      return hits !== 0 ? hits : a - b;
    });
    show(query, words, ranked);
  }

  var params = new URLSearchParams(window.location.search);
  input.value = params.get("q") || "";
  var header = document.getElementById("site-search-q");
  if (header) header.value = input.value;
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    run();
    var url = new URL(window.location.href);
    url.searchParams.set("q", input.value);
    try { window.history.replaceState(null, "", url.href); } catch (ignored) { /* file:// may refuse */ }
  });
  input.addEventListener("input", run);
  status.textContent = say("loading");
  load("index.js");
})();
