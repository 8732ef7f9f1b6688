// Seeds as bands: per configuration, the mean and the min–max over its seeds at each scheduled
// record. The seeds of one spec share those steps; the records a run added where its loss moved fast
// (adaptive = 1) differ between seeds and are left out. Pure.
import { columns } from './decimate.js';

/** Indices of a run's scheduled records. */
export function scheduled(series) {
  const out = [];
  series.adaptive.forEach((a, i) => { if (a === 0) out.push(i); });
  return out;
}

/** {mean, lo, hi} columns of `metric` over the runs' series ({step, adaptive, [metric]}). */
export function bandData(seriesList, metric) {
  const mean = columns();
  const lo = columns();
  const hi = columns();
  const idx = seriesList.map(scheduled);
  const n = Math.max(0, ...idx.map((s) => s.length));
  for (let k = 0; k < n; k++) {
    let sum = 0;
    let count = 0;
    let min = Infinity;
    let max = -Infinity;
    let x = NaN;
    seriesList.forEach((s, j) => {
      const i = idx[j][k];
      if (i === undefined) return;
      const y = s[metric][i];
      if (!Number.isFinite(y)) return;
      if (!Number.isFinite(x)) x = s.step[i];
      sum += y;
      count++;
      min = Math.min(min, y);
      max = Math.max(max, y);
    });
    if (!count) continue;
    mean.x.push(x);
    mean.y.push(sum / count);
    lo.x.push(x);
    lo.y.push(min);
    hi.x.push(x);
    hi.y.push(max);
  }
  return { mean, lo, hi };
}
