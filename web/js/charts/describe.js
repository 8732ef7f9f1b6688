// Text for the plots: what each one shows, in words (its accessible description, and the PNG's
// Description). Pure: runs in, sentences out.
import { count, fmt } from '../format.js';

const SERIES = {
  'chart-loss': [['trainLoss', 'train loss'], ['testLoss', 'test loss']],
  'chart-rank': [['rank', 'rank'], ['escapedRank', 'escaped directions'], ['effectiveRank', 'effective rank']],
  'chart-grad': [['gradNorm', '‖∇θL‖'], ['paramNorm', '‖θ‖']],
  'chart-nuclear': [['nuclearNorm', '‖A‖*'], ['schatten', 'Schatten-2/L quasi-norm']],
  'chart-balance': [['balancedness', 'balancedness']],
  'chart-accuracy': [['trainAccuracy', 'train accuracy'], ['testAccuracy', 'test accuracy']],
  'chart-margin': [['margin', 'normalized margin', 'signed']],
};

/**
 * First, last and lowest value of a series in one pass, allocating nothing: the page describes every
 * plot every 2 s while training (10 runs × 2 000 records × 15 series), and a filter-and-spread per series
 * made that a 15–85 ms main-thread task. escapedRank's −1 (no gap) is no value; a margin's negative one is.
 */
export function span(a, signed) {
  let first = NaN;
  let last = NaN;
  let low = Infinity;
  for (let i = 0; i < a.length; i++) {
    const v = a[i];
    if (!Number.isFinite(v) || (!signed && v < 0)) continue;
    if (first !== first) first = v;
    last = v;
    if (v < low) low = v;
  }
  return first === first ? { first, last, low } : null;
}

/** A sentence per run for a time plot: each series from its first to its last value, and its range. */
export function describeTimePlot(id, title, runs) {
  const shown = runs.filter((r) => !r.hiddenOnPlots && r.series.step.length);
  if (!shown.length) return `${title}: no run yet.`;
  const parts = shown.slice(0, 12).map((r) => {
    const steps = r.series.step;
    const series = (SERIES[id] || []).map(([k, name, signed]) => {
      const v = span(r.series[k], signed);
      return v && `${name} from ${fmt(v.first)} to ${fmt(v.last)} (lowest ${fmt(v.low)})`;
    }).filter(Boolean);
    return `run #${r.id} (${r.label}, seed ${r.seed}) over ${count(steps[steps.length - 1])} iterations: `
      + (series.length ? series.join(', ') : 'its singular values');
  });
  const more = shown.length > 12 ? ` And ${shown.length - 12} more runs.` : '';
  return `${title}: ${parts.join('; ')}.${more}`;
}

/** A sentence for any plot from its datasets (labels and the range of y). */
export function describeDatasets(title, datasets) {
  const sets = datasets.filter((d) => !d.hidden && d.data && d.data.length);
  if (!sets.length) return `${title}: nothing drawn yet.`;
  const parts = sets.slice(0, 10).map((d) => {
    let n = 0;
    let lo = Infinity;
    let hi = -Infinity;
    for (const p of d.data) {
      if (!Number.isFinite(p.y)) continue;
      n++;
      if (p.y < lo) lo = p.y;
      if (p.y > hi) hi = p.y;
    }
    return n ? `${d.label}: ${n} points, ${fmt(lo)} to ${fmt(hi)}` : d.label;
  });
  return `${title}: ${parts.join('; ')}${sets.length > 10 ? `; and ${sets.length - 10} more series` : ''}.`;
}

/**
 * A plot's data as table rows ([series, x, y]) for a screen reader or a copy: per named series drawn, up to
 * perSeries points spread evenly over it, its first and last included.
 */
export function dataRows(datasets, perSeries = 12) {
  const rows = [];
  for (const d of datasets) {
    if (d.hidden || !d.label || !d.data || !d.data.length) continue;
    const pts = d.data.filter((p) => Number.isFinite(p.x) && Number.isFinite(p.y));
    const n = Math.min(perSeries, pts.length);
    for (let k = 0; k < n; k++) {
      const p = pts[n === 1 ? 0 : Math.round((k * (pts.length - 1)) / (n - 1))];
      rows.push([d.label, fmt(p.x), fmt(p.y)]);
    }
  }
  return rows;
}
