// Min–max decimation of one series for drawing: at most two points per bucket of the x axis (log
// buckets on a log axis), the lowest and the highest in their order, so spikes and plateaus survive.
// Chart.js's own decimation does not work on a logarithmic axis. Pure.

/** A series stored by columns: {x: [...], y: [...]} (plain number arrays, no object per record). */
export function columns() {
  return { x: [], y: [] };
}

/** Points {x, y} of full[from, to). */
export function points(full, from, to) {
  const out = [];
  for (let i = from; i < to; i++) out.push({ x: full.x[i], y: full.y[i] });
  return out;
}

/**
 * Writes point i of xs, ys at out[k], reusing the object there: a chart redrawn ten times a second
 * while runs train would otherwise hand the garbage collector thousands of fresh points each time,
 * all alive until the next redraw, so every collection copies them (docs/performance.md).
 */
function put(out, k, xs, ys, i) {
  const p = out[k];
  if (p) {
    p.x = xs[i];
    p.y = ys[i];
  } else {
    out[k] = { x: xs[i], y: ys[i] };
  }
}

/**
 * The points to draw: every point when there are at most 2·buckets, else per bucket its minimum and
 * maximum (in x order); points whose x has no place on the axis (x ≤ 0 on a log axis) and gaps (NaN) are
 * kept as they are, closing the bucket they fall in (at most three more points each).
 */
export function decimate(full, logX, buckets, into) {
  const nb = buckets;
  const xs = full.x;
  const ys = full.y;
  const n = xs.length;
  // into: the array (and point objects) of the previous decimation, written over; index writes and a
  // length, never push or splice, which Chart.js intercepts on the arrays it draws
  const out = into || [];
  let k = 0;
  if (n <= 2 * nb) {
    for (let i = 0; i < n; i++) put(out, k++, xs, ys, i);
    out.length = k;
    return out;
  }
  const key = (x) => (logX ? (x > 0 ? Math.log(x) : NaN) : x);
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < n; i++) {
    const k = key(xs[i]);
    if (Number.isFinite(k)) { lo = Math.min(lo, k); hi = Math.max(hi, k); }
  }
  const at = (i) => put(out, k++, xs, ys, i);
  let bucket = -1;
  let min = -1;
  let max = -1;
  const flush = () => {
    if (min < 0) return;
    if (min === max) at(min);
    else if (min < max) { at(min); at(max); } else { at(max); at(min); }
  };
  for (let i = 0; i < n; i++) {
    const k = key(xs[i]);
    // a point off the axis, or a gap (NaN y), is kept as it is: it must not seed a bucket, whose
    // comparisons with NaN would all fail and lose the bucket's extremes
    if (!Number.isFinite(k) || !Number.isFinite(ys[i])) {
      flush(); // the bucket so far, then the gap: x order is kept
      bucket = -1;
      min = max = -1;
      at(i);
      continue;
    }
    const b = hi > lo ? Math.min(nb - 1, Math.floor((k - lo) / (hi - lo) * nb)) : 0;
    if (b !== bucket) {
      flush();
      bucket = b;
      min = max = i;
    } else {
      if (ys[i] < ys[min]) min = i;
      if (ys[i] > ys[max]) max = i;
    }
  }
  flush();
  out.length = k;
  return out;
}
