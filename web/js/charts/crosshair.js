// The shared crosshair: hovering one time plot marks the same iteration on all of them (a vertical
// line and its k), so a plateau of the loss can be read against the rank and the singular values.
import { TIME_PLOTS } from './defs.js';
import { count } from '../format.js';

export function crosshair(board) {
  let at = null; // the iteration under the pointer, or null
  const others = (chart) => TIME_PLOTS.map((id) => board.chart(id)).filter((c) => c !== chart);
  return {
    id: 'crosshair',
    afterEvent(chart, args) {
      const e = args.event;
      let next = at;
      if (e.type === 'mouseout') next = null;
      else if (e.type === 'mousemove' && args.inChartArea) next = chart.scales.x.getValueForPixel(e.x);
      else if (e.type === 'mousemove') next = null;
      if (next === at) return;
      at = next;
      window.__lab.crosshair = at; // read by the tests
      if (board.onCrosshair) board.onCrosshair(at); // the matrix view follows it
      args.changed = true;
      for (const c of others(chart)) c.draw(); // draw, not update: the data did not change
    },
    afterDatasetsDraw(chart) {
      if (at === null || !Number.isFinite(at)) return;
      const x = chart.scales.x.getPixelForValue(at);
      const a = chart.chartArea;
      if (!(x >= a.left && x <= a.right)) return;
      const { ctx } = chart;
      ctx.save();
      ctx.strokeStyle = 'rgba(60, 60, 70, 0.55)';
      ctx.setLineDash([3, 3]);
      ctx.beginPath();
      ctx.moveTo(x, a.top);
      ctx.lineTo(x, a.bottom);
      ctx.stroke();
      ctx.setLineDash([]);
      ctx.fillStyle = '#444';
      ctx.font = `${board.presenting ? 15 : 11}px sans-serif`;
      ctx.textAlign = x > (a.left + a.right) / 2 ? 'right' : 'left';
      ctx.fillText(`k = ${count(at)}`, x + (ctx.textAlign === 'left' ? 4 : -4), a.top + 10);
      ctx.restore();
    },
  };
}
