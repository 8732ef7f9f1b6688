// Figures for a paper: a chart as SVG (svg.js) or as PNG at 2× on white, each with its title, axes and a
// legend; all the plots in sight as one figure. Reads the plot model off Chart.js (its scales' ranges and
// tick labels, its datasets), so the file shows what the page shows.
import { TIME_PLOTS } from './defs.js';
import { figureSvg, panelFigureSvg, toSvg } from './svg.js';
import { legendEntries } from '../panels/legend.js';

/**
 * A chart's legend: on the time plots one entry per configuration (the page's legend), elsewhere one per
 * named series drawn (bands and unnamed helpers left out), at most 12.
 */
export function legendFor(id, chart, runs) {
  if (TIME_PLOTS.includes(id)) return legendEntries(runs.filter((r) => !r.hiddenOnPlots));
  const seen = new Set();
  const out = [];
  chart.data.datasets.forEach((d, i) => {
    if (d.hidden || chart.getDatasetMeta(i).hidden || !d.label || !d.data || !d.data.length || d.fill
      || !(d.borderWidth !== 0 || d.pointRadius > 0) || seen.has(d.label)) return;
    seen.add(d.label);
    out.push({ color: d.borderColor || '#000', text: d.label, dash: d.borderDash });
  });
  return out.slice(0, 12);
}

const axisOf = (scale, fallback) => ({ min: scale.min, max: scale.max, log: scale.type === 'logarithmic',
  label: (scale.options.title && scale.options.title.display && scale.options.title.text) || fallback || '',
  ticks: scale.ticks.map((t) => ({ value: t.value, label: Array.isArray(t.label) ? t.label.join(' ') : (t.label ?? '') })) });

/** The plot model svg.js draws: the chart's size, title, axes and datasets as drawn. */
export function modelOf(def, chart, legend) {
  const sets = chart.data.datasets;
  const series = [];
  sets.forEach((d, i) => {
    if (d.hidden || chart.getDatasetMeta(i).hidden || !d.data || !d.data.length) return;
    const s = { color: d.borderColor || '#000', width: d.borderWidth ?? chart.options.elements.line.borderWidth,
      dash: d.borderDash || [], points: d.data, radius: d.pointRadius || 0 };
    if (d.fill === '-1' && i > 0) Object.assign(s, { fillTo: sets[i - 1].data, fill: d.backgroundColor });
    series.push(s);
  });
  return { width: chart.width, height: chart.height, title: def.title, x: axisOf(chart.scales.x),
    y: axisOf(chart.scales.y, def.y || (def.custom && def.custom.y)),
    series, legend };
}

export const chartSvg = (def, chart, runs) => toSvg(modelOf(def, chart, legendFor(def.id, chart, runs)), def.id);

export const wholeFigureSvg = (items, runs, title) => figureSvg(items.map(({ def, chart }) =>
  modelOf(def, chart, legendFor(def.id, chart, runs))), 2, title);

/**
 * The chart redrawn at `scale`× its pixels on white, the legend below it: a canvas (for toBlob). The
 * chart goes back to the screen's ratio afterwards.
 */
export function chartPng(chart, legend, scale = 2) {
  const before = chart.options.devicePixelRatio;
  chart.options.devicePixelRatio = scale;
  chart.resize();
  chart.update('none');
  const src = chart.canvas;
  const font = 12 * scale;
  const row = font + 6 * scale;
  const out = document.createElement('canvas');
  out.width = src.width;
  out.height = src.height + (legend.length ? legend.length * row + 8 * scale : 0);
  const ctx = out.getContext('2d');
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, out.width, out.height);
  ctx.drawImage(src, 0, 0);
  ctx.font = `${font}px sans-serif`;
  ctx.textBaseline = 'middle';
  legend.forEach((e, i) => {
    const y = src.height + 4 * scale + i * row + row / 2;
    ctx.strokeStyle = e.color;
    ctx.lineWidth = 2 * scale;
    ctx.setLineDash((e.dash || []).map((d) => d * scale));
    ctx.beginPath();
    ctx.moveTo(64 * scale, y);
    ctx.lineTo(88 * scale, y);
    ctx.stroke();
    ctx.fillStyle = '#222';
    ctx.fillText(e.text, 94 * scale, y, out.width - 100 * scale);
  });
  chart.options.devicePixelRatio = before;
  chart.resize();
  chart.update('none');
  return out;
}

const flat = (o, prefix = '', out = {}) => {
  for (const [k, v] of Object.entries(o || {})) {
    if (v && typeof v === 'object' && !Array.isArray(v)) flat(v, prefix + k + '.', out);
    else out[prefix + k] = JSON.stringify(v);
  }
  return out;
};

/**
 * The paper-like grid's columns for configurations in a preset's order: the field that changes from the
 * first to the second configuration varies fastest, and the grid has a column per value before it repeats
 * (Fig. 2: widths within each regime; Fig. 3: γ within each width). Pure.
 */
export function gridColumns(specs) {
  if (specs.length < 2) return 1;
  const f = specs.map((s) => flat(s));
  const inner = Object.keys({ ...f[0], ...f[1] }).filter((k) => f[0][k] !== f[1][k]);
  for (let k = 1; k < f.length; k++) {
    if (inner.every((key) => f[k][key] === f[0][key])) return k;
  }
  return Math.min(3, specs.length);
}

/** The batch's configurations as the paper's panels: one loss plot each, its seeds in their shades. */
export function panelsSvg(runs, title) {
  const groups = new Map();
  for (const r of runs) {
    if (r.hiddenOnPlots) continue;
    if (!groups.has(r.group)) groups.set(r.group, { title: r.label, spec: r.spec, series: [] });
    groups.get(r.group).series.push({ color: r.color,
      points: r.series.step.map((x, i) => ({ x, y: r.series.trainLoss[i] })) });
  }
  const panels = [...groups.values()];
  return panelFigureSvg(panels, gridColumns(panels.map((p) => p.spec)), title);
}
