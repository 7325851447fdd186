// Marks a chart's box `data-drawn` once ECharts has finished drawing it, its
// opening animation included: the browser tests wait for the mark before they
// read or photograph a page (settle in tests/e2e/browser.mjs), instead of
// waiting a fixed time. Call it right after echarts.init; it returns the chart.
export function watchDrawing(chart) {
  chart.on('finished', () => { chart.getDom().dataset.drawn = 'true'; });
  return chart;
}

// ECharts 6.1.0 throws ("Cannot read properties of null (reading '0')") when a
// geo, map or graph chart is laid out in a box of no size (apache/echarts
// issue 21706, fixed after 6.1.0, the newest release): a box can be 0×0 for a
// moment while a page lays out. Such a chart follows its box with a
// ResizeObserver and is resized and drawn only while the box has a size; an
// option given meanwhile is drawn once it has one. Returns draw(option,
// notMerge), used instead of chart.setOption (it also takes the chart's
// data-drawn mark away until the new drawing has finished), and stop() for
// the unmount.
export function drawWhenSized(chart) {
  const dom = chart.getDom();
  let waiting = null;
  const sized = () => dom.clientWidth > 0 && dom.clientHeight > 0;
  const fit = () => {
    if (chart.getWidth() !== dom.clientWidth || chart.getHeight() !== dom.clientHeight) chart.resize();
  };
  const observer = new ResizeObserver(() => {
    if (chart.isDisposed() || !sized()) return;
    fit();
    if (waiting) {
      const [option, notMerge] = waiting;
      waiting = null;
      chart.setOption(option, notMerge);
    }
  });
  observer.observe(dom);
  return {
    draw(option, notMerge = false) {
      if (chart.isDisposed()) return;
      delete dom.dataset.drawn; // drawn again: the mark waits for this drawing's end
      if (!sized()) { waiting = [option, notMerge]; return; }
      fit();
      chart.setOption(option, notMerge);
    },
    stop() { observer.disconnect(); },
  };
}
