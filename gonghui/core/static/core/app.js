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
  function init(root) { initCharts(root); initAutosubmit(root); initConfirm(root); }
  document.addEventListener("DOMContentLoaded", function () { init(document); });
  document.addEventListener("htmx:load", function (e) { init(e.target); });
})();
