// The dashboard's chart: findings by rule, from the data-chart attribute (no inline script:
// the Content-Security-Policy allows scripts from this server only).
(function () {
  var el = document.getElementById('chart-rules');
  if (!el || typeof echarts === 'undefined') return;
  var data = JSON.parse(el.getAttribute('data-chart') || '{"rules":[],"counts":[]}');
  if (!data.rules.length) { el.style.display = 'none'; return; }
  var chart = echarts.init(el);
  chart.setOption({
    tooltip: {},
    grid: { left: 160, right: 20, top: 10, bottom: 30 },
    xAxis: { type: 'value' },
    yAxis: { type: 'category', data: data.rules.slice().reverse() },
    series: [{ type: 'bar', name: '问题数', data: data.counts.slice().reverse() }]
  });
  window.addEventListener('resize', function () { chart.resize(); });
})();
