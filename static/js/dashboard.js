// Dashboard charts: each element with data-chart holds {kind, labels, series}; the same data is in a table.
(function () {
  if (!window.echarts) return;
  const COLORS = ["#198754", "#0dcaf0", "#dc3545", "#0d6efd", "#ffc107"];
  function option(spec) {
    const horizontal = spec.kind === "hbar";
    const category = { type: "category", data: spec.labels, axisLabel: { interval: 0, width: 110, overflow: "truncate" } };
    const value = { type: "value", minInterval: 1 };
    return {
      color: COLORS,
      tooltip: { trigger: "axis" },
      legend: { top: 0 },
      grid: { left: horizontal ? 120 : 40, right: 20, top: 30, bottom: 30 },
      xAxis: horizontal ? value : category,
      yAxis: horizontal ? Object.assign({}, category, { inverse: true }) : value,
      series: spec.series.map((s) => ({
        name: s.name, data: s.data, type: spec.kind === "line" ? "line" : "bar",
        stack: spec.kind === "bar" ? "total" : undefined, smooth: spec.kind === "line",
      })),
    };
  }
  const charts = [];
  document.querySelectorAll("[data-chart]").forEach((el) => {
    const spec = JSON.parse(el.dataset.chart);
    if (spec.kind === "hbar") el.style.height = Math.max(300, spec.labels.length * 26 + 60) + "px";
    const chart = window.echarts.init(el);
    chart.setOption(option(spec));
    charts.push(chart);
  });
  window.addEventListener("resize", () => charts.forEach((c) => c.resize()));
})();
