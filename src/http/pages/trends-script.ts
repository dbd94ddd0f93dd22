import { createHash } from 'node:crypto';

/**
 * The /trends page's one script, served as /static/trends.js (the page's CSP allows scripts from its own origin only,
 * none inline). It draws the stories-per-tag chart with uPlot from the JSON the page carries in
 * <script type="application/json" id="trend-data"> (data, not code: the CSP does not run it). Without script the page
 * still shows the same figures as a table.
 */
export const TRENDS_SCRIPT = `(function () {
  'use strict';
  var holder = document.getElementById('trend-chart');
  var source = document.getElementById('trend-data');
  if (!holder || !source || typeof uPlot === 'undefined') return;
  var data = JSON.parse(source.textContent);
  if (!data.series.length) return;
  var colors = ['#c0392b', '#1a5fb4', '#26a269', '#e66100', '#813d9c', '#986a44', '#008b8b', '#a51d2d'];
  // Each day at midnight UTC, drawn in UTC: the axis shows the day as the server dated it.
  var xs = data.days.map(function (d) { return Date.parse(d + 'T00:00:00Z') / 1000; });
  var width = function () { return Math.max(280, holder.clientWidth); };
  var chart = new uPlot({
    width: width(),
    height: 320,
    tzDate: function (ts) { return uPlot.tzDate(new Date(ts * 1000), 'Etc/UTC'); },
    // Whole stories only: no 0.5 on the count axis.
    axes: [{}, { label: '新闻数', incrs: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000] }],
    scales: { x: { time: true }, y: { range: function (u, min, max) { return [0, Math.max(1, max)]; } } },
    series: [{ label: '日期' }].concat(data.series.map(function (s, i) {
      return { label: s.label, stroke: colors[i % colors.length], width: 2, points: { show: true } };
    })),
  }, [xs].concat(data.series.map(function (s) { return s.counts; })), holder);
  holder.setAttribute('data-ready', 'true');
  window.addEventListener('resize', function () { chart.setSize({ width: width(), height: 320 }); });
})();
`;

export const TRENDS_SCRIPT_VERSION = createHash('sha1').update(TRENDS_SCRIPT).digest('hex').slice(0, 10);
