// The dashboard's charts, from data-chart attributes (no inline script: the
// Content-Security-Policy allows scripts from this server only).
(function () {
  if (typeof echarts === 'undefined') return;
  function data(el, empty) { return JSON.parse(el.getAttribute('data-chart') || empty); }
  var charts = [];
  // Findings by rule: horizontal bars.
  var el = document.getElementById('chart-rules');
  if (el) {
    var d = data(el, '{"rules":[],"counts":[]}');
    if (!d.rules.length) { el.style.display = 'none'; } else {
      var c = echarts.init(el);
      c.setOption({
        tooltip: {},
        grid: { left: 160, right: 20, top: 10, bottom: 30 },
        xAxis: { type: 'value' },
        yAxis: { type: 'category', data: d.rules.slice().reverse() },
        series: [{ type: 'bar', name: '问题数', data: d.counts.slice().reverse() }]
      });
      charts.push(c);
    }
  }
  // Trends over the years: reports and findings (left axis), rates in % (right axis).
  var tl = document.getElementById('chart-trends');
  if (tl) {
    var t = data(tl, '{"years":[],"reports":[],"findings":[],"rates":[]}');
    if (t.years.length < 2) { tl.style.display = 'none'; } else {
      var series = [
        { type: 'line', name: '报告数', yAxisIndex: 0, data: t.reports },
        { type: 'line', name: '问题数', yAxisIndex: 0, data: t.findings }
      ];
      t.rates.forEach(function (r) {
        series.push({ type: 'line', name: r.name + '（%）', yAxisIndex: 1, data: r.values, connectNulls: false });
      });
      var tc = echarts.init(tl);
      tc.setOption({
        tooltip: { trigger: 'axis' },
        legend: { type: 'scroll', top: 0 },
        grid: { left: 50, right: 50, top: 40, bottom: 30 },
        xAxis: { type: 'category', data: t.years.map(String) },
        yAxis: [{ type: 'value', name: '份' }, { type: 'value', name: '%' }],
        series: series
      });
      charts.push(tc);
    }
  }
  window.addEventListener('resize', function () { charts.forEach(function (c) { c.resize(); }); });
})();
