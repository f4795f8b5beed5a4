// Progressive enhancement only: every page reads fully without this script.
// Makes the columns of tables with class "sortable" sortable by clicking their headers.
(function () {
  "use strict";

  function cellValue(row, index) {
    var cell = row.children[index];
    if (!cell) return "";
    var sortKey = cell.getAttribute("data-sort");
    if (sortKey !== null) {
      var number = parseFloat(sortKey);
      return isNaN(number) ? sortKey : number;
    }
    var text = cell.textContent.trim();
    // Numbers formatted for sv ("41 500 000 kr", "23,6 %") or en ("SEK 41,500,000").
    var numeric = text.replace(/[\s\u00a0]/g, "").replace(/[^0-9,.\u2212+-]/g, "");
    if (/^[\u2212+-]?[0-9][0-9.,]*$/.test(numeric)) {
      var lang = document.documentElement.lang;
      var normal = lang === "sv" ? numeric.replace(/\./g, "").replace(",", ".") : numeric.replace(/,/g, "");
      var value = parseFloat(normal.replace("\u2212", "-"));
      if (!isNaN(value)) return value;
    }
    return text.toLocaleLowerCase();
  }

  function sortBy(table, index, header) {
    var body = table.tBodies[0];
    if (!body) return;
    var ascending = header.getAttribute("aria-sort") !== "ascending";
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var x = cellValue(a, index);
      var y = cellValue(b, index);
      var order = typeof x === "number" && typeof y === "number" ? x - y : String(x).localeCompare(String(y));
      return ascending ? order : -order;
    });
    rows.forEach(function (row) { body.appendChild(row); });
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (cell) { cell.removeAttribute("aria-sort"); });
    header.setAttribute("aria-sort", ascending ? "ascending" : "descending");
  }

  document.querySelectorAll("table.sortable").forEach(function (table) {
    if (!table.tHead) return;
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (header, index) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "sort";
      while (header.firstChild) button.appendChild(header.firstChild);
      header.appendChild(button);
      button.addEventListener("click", function () { sortBy(table, index, header); });
    });
  });
})();

// Filters for the accounts tables: a select per manager, quadrant, ABC class, plan status
// and tag, made from the rows' data-* attributes. The controls exist only when this script
// runs, so without it the table is complete and no control is dead.
(function () {
  "use strict";

  var FIELDS = ["manager", "quadrant", "abc", "rag", "tags"];

  function valuesOf(row, field) {
    var value = row.getAttribute("data-" + field);
    if (value === null) return [];
    if (field !== "tags") return [value];
    try {
      var list = JSON.parse(value);
      return Array.isArray(list) ? list.map(String) : [];
    } catch (ignored) {
      return [];
    }
  }

  // Values compare regardless of capitals, as tag pages do; shown as first spelt.
  function key(value) { return value.toLocaleLowerCase(); }

  document.querySelectorAll("table.accounts").forEach(function (table, tableIndex) {
    var body = table.tBodies[0];
    if (!body || body.rows.length < 2) return;
    var rows = Array.prototype.slice.call(body.rows);
    var say = function (name) { return table.getAttribute("data-filter-" + name) || ""; };
    var box = document.createElement("fieldset");
    box.className = "table-filters";
    var legend = document.createElement("legend");
    legend.textContent = say("heading");
    box.appendChild(legend);
    var selects = {};
    FIELDS.forEach(function (field) {
      var seen = {};
      var options = [];
      rows.forEach(function (row) {
        valuesOf(row, field).forEach(function (value) {
          if (!(key(value) in seen)) { seen[key(value)] = true; options.push(value); }
        });
      });
      if (options.length < 2) return;
      options.sort(function (a, b) { return a.localeCompare(b); });
      var label = document.createElement("label");
      label.textContent = say(field);
      var select = document.createElement("select");
      select.id = "filter-" + tableIndex + "-" + field;
      var all = document.createElement("option");
      all.value = "";
      all.textContent = say("all");
      select.appendChild(all);
      options.forEach(function (value) {
        var option = document.createElement("option");
        option.value = key(value);
        option.textContent = value;
        select.appendChild(option);
      });
      label.appendChild(select);
      box.appendChild(label);
      selects[field] = select;
      select.addEventListener("change", apply);
    });
    if (Object.keys(selects).length === 0) return;
    var reset = document.createElement("button");
    reset.type = "button";
    reset.textContent = say("reset");
    reset.addEventListener("click", function () {
      Object.keys(selects).forEach(function (field) { selects[field].value = ""; });
      apply();
    });
    box.appendChild(reset);
    var count = document.createElement("output");
    count.setAttribute("aria-live", "polite");
    box.appendChild(count);
    var region = table.closest(".table-scroll") || table;
    region.parentNode.insertBefore(box, region);

    function apply() {
      var shown = 0;
      rows.forEach(function (row) {
        var keep = Object.keys(selects).every(function (field) {
          var wanted = selects[field].value;
          return wanted === "" || valuesOf(row, field).some(function (value) { return key(value) === wanted; });
        });
        row.hidden = !keep;
        if (keep) shown += 1;
      });
      count.textContent = say("shown").split("{shown}").join(String(shown)).split("{total}").join(String(rows.length));
    }
    apply();
  });
})();
