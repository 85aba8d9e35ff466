// Behaviour attached by data attributes, so pages carry no inline script (the CSP forbids it).
(function () {
  function initCharts(root) {
    if (!window.echarts) return;
    root.querySelectorAll("[data-chart]").forEach(function (el) {
      if (el.dataset.chartReady) return;
      var source = document.getElementById(el.dataset.chart);
      if (!source) return;
      var chart = window.echarts.init(el);
      chart.setOption(JSON.parse(source.textContent));
      el.dataset.chartReady = "1";
      // Redraw whenever the box changes size (rotation, side menu, window), not only on window resize.
      if (window.ResizeObserver) {
        new ResizeObserver(function () { chart.resize(); }).observe(el);
      } else {
        window.addEventListener("resize", function () { chart.resize(); });
      }
    });
  }
  function initAutosubmit(root) {
    root.querySelectorAll("[data-autosubmit]").forEach(function (el) {
      if (el.dataset.autosubmitReady) return;
      el.dataset.autosubmitReady = "1";
      el.addEventListener("change", function () { el.form.submit(); });
    });
  }
  function initConfirm(root) {
    root.querySelectorAll("[data-confirm]").forEach(function (el) {
      if (el.dataset.confirmReady) return;
      el.dataset.confirmReady = "1";
      el.addEventListener("click", function (e) {
        if (!window.confirm(el.dataset.confirm)) e.preventDefault();
      });
    });
  }
  // table.table-cards shows each row as a card on a phone; a cell's label is its column's header.
  function initTableCards(root) {
    var around = root.closest ? root.closest("table.table-cards") : null;  // an htmx-swapped row
    var tables = around ? [around] : [];
    tables = tables.concat(Array.prototype.slice.call(root.querySelectorAll("table.table-cards")));
    tables.forEach(function (table) {
      var heads = [];
      table.querySelectorAll("thead tr:last-child th").forEach(function (th) {
        for (var i = 0; i < (th.colSpan || 1); i++) heads.push(th.textContent.trim());
      });
      table.querySelectorAll("tbody tr").forEach(function (tr) {
        var column = 0;
        Array.prototype.forEach.call(tr.children, function (cell) {
          if (!cell.hasAttribute("data-label") && cell.colSpan === 1) cell.setAttribute("data-label", heads[column] || "");
          column += cell.colSpan || 1;
        });
      });
    });
  }
  function init(root) { initCharts(root); initAutosubmit(root); initConfirm(root); initTableCards(root); }
  document.addEventListener("DOMContentLoaded", function () { init(document); });
  document.addEventListener("htmx:load", function (e) { init(e.target); });
})();
