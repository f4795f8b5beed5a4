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
