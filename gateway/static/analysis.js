// 综合分析 charts (Apache ECharts, served by the gateway). The figures come from the JSON
// block the page carries, the same figures as the table beside each chart; a file of its
// own because the CSP forbids inline scripts.
(function () {
  "use strict";
  const data = JSON.parse(document.getElementById("chart-data").textContent);
  const colour = ["#7a1f1f", "#c0504d", "#f0a500", "#4f81bd", "#9bbb59", "#8064a2", "#4bacc6", "#f79646"];
  const base = { color: colour, animation: false, textStyle: { fontFamily: "Noto Sans CJK SC, Microsoft YaHei, sans-serif" } };

  function option(chart) {
    const labels = chart.rows.map((r) => r.label);
    const values = chart.rows.map((r) => r.value);
    const title = { text: chart.title, left: "center", textStyle: { fontSize: 14 } };
    switch (chart.kind) {
      case "line":
        return { ...base, title, tooltip: { trigger: "axis" }, grid: { left: 50, right: 20, bottom: 60 },
          xAxis: { type: "category", data: labels, axisLabel: { rotate: 30 } }, yAxis: { type: "value", minInterval: 1 },
          series: [{ type: "line", name: "件次", data: values }] };
      case "rank":
        return { ...base, title, tooltip: {}, grid: { left: 160, right: 30 },
          xAxis: { type: "value", minInterval: 1 }, yAxis: { type: "category", data: labels.slice().reverse() },
          series: [{ type: "bar", name: "件次", data: values.slice().reverse() }] };
      case "pie":
        return { ...base, title, tooltip: { trigger: "item" },
          series: [{ type: "pie", name: "件次", radius: ["30%", "60%"], top: 30,
            data: chart.rows.map((r) => ({ name: r.label, value: r.value })) }] };
      default:
        return { ...base, title, tooltip: {}, grid: { left: 50, right: 20, bottom: 80 },
          xAxis: { type: "category", data: labels, axisLabel: { rotate: 30, interval: 0 } }, yAxis: { type: "value", minInterval: 1 },
          series: [{ type: "bar", name: "件次", data: values }] };
    }
  }

  const drawn = {};
  for (const chart of data) {
    const el = document.getElementById(chart.id);
    if (!el || typeof echarts === "undefined") continue;
    const instance = echarts.init(el, null, { renderer: "canvas" });
    instance.setOption(option(chart));
    drawn[chart.id] = instance;
  }
  // What each chart shows, for the browser test to compare with its table.
  window.analysisCharts = Object.fromEntries(
    Object.entries(drawn).map(([id, c]) => {
      const series = c.getOption().series[0];
      const points = (series.data || []).map((d) => (typeof d === "object" ? d.value : d));
      return [id, c.getOption().series[0].type === "bar" && id === "c-region" ? points.slice().reverse() : points];
    })
  );
  window.addEventListener("resize", () => Object.values(drawn).forEach((c) => c.resize()));
})();
