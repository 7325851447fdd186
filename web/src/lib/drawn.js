// Marks a chart's box `data-drawn` once ECharts has finished drawing it, its
// opening animation included: the browser tests wait for the mark before they
// read or photograph a page (settle in tests/e2e/browser.mjs), instead of
// waiting a fixed time. Call it right after echarts.init; it returns the chart.
export function watchDrawing(chart) {
  chart.on('finished', () => { chart.getDom().dataset.drawn = 'true'; });
  return chart;
}
