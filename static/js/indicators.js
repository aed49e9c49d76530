// Indicator trend charts: each element with data-indicator-chart holds {name, measure, points, milestones,
// baseline}; approved values are a line, milestones are drawn as diamonds on a dashed target path. The same
// data is in the table next to the chart.
(function () {
  if (!window.echarts) return;
  const DAY = 24 * 3600 * 1000;
  function option(spec) {
    const targets = spec.milestones.map((m) => [m[0], m[1]]);
    const times = spec.points.concat(targets).map((p) => Date.parse(p[0]));
    const few = new Set(times).size < 2;  // one date: give the time axis some room around it
    return {
      color: ["#0d6efd", "#dc3545"],
      tooltip: { trigger: "axis" },
      legend: { top: 0, data: ["已审核数值", "节点目标"] },
      grid: { left: 56, right: 32, top: 40, bottom: 30 },
      xAxis: few && times.length ? { type: "time", min: times[0] - 90 * DAY, max: times[0] + 90 * DAY } : { type: "time" },
      yAxis: { type: "value", name: spec.measure, scale: true, max: spec.measure === "%" ? 100 : undefined },
      series: [
        { name: "已审核数值", type: "line", data: spec.points, symbolSize: 7, label: { show: spec.points.length <= 8, position: "top" } },
        { name: "节点目标", type: "line", data: targets, symbol: "diamond", symbolSize: 12,
          lineStyle: { type: "dashed", width: 1 },
          label: { show: true, position: "top", formatter: (p) => "目标 " + spec.milestones[p.dataIndex][2] },
          markLine: spec.baseline === null ? undefined : { symbol: "none", silent: true, lineStyle: { color: "#adb5bd" },
            label: { formatter: "基线" }, data: [{ yAxis: spec.baseline }] } },
      ],
    };
  }
  const charts = [];
  document.querySelectorAll("[data-indicator-chart]").forEach((el) => {
    const chart = window.echarts.init(el);
    chart.setOption(option(JSON.parse(el.dataset.indicatorChart)));
    charts.push(chart);
  });
  window.addEventListener("resize", () => charts.forEach((c) => c.resize()));
})();
