// Decimation of the path view, which is not a function of x: points are kept at least 1/most of the
// path's length apart (on axes scaled to the path's extent), so a plateau, where the path stalls near
// a saddle, costs a point or two and the turns between saddles keep theirs. Pure.
import { points } from './decimate.js';

/**
 * At most most + 2 points of full (each kept point at least `step` along the path from the one before;
 * every record within `step` of a kept one); returns {points, step} (step 0: nothing dropped).
 */
export function alongPath(full, most) {
  const xs = full.x;
  const ys = full.y;
  const n = xs.length;
  if (n <= most) return { points: points(full, 0, n), step: 0 };
  let loX = Infinity;
  let hiX = -Infinity;
  let loY = Infinity;
  let hiY = -Infinity;
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(xs[i]) || !Number.isFinite(ys[i])) continue;
    loX = Math.min(loX, xs[i]); hiX = Math.max(hiX, xs[i]);
    loY = Math.min(loY, ys[i]); hiY = Math.max(hiY, ys[i]);
  }
  const sx = hiX > loX ? hiX - loX : 1;
  const sy = hiY > loY ? hiY - loY : 1;
  const apart = (i, j) => Math.hypot((xs[i] - xs[j]) / sx, (ys[i] - ys[j]) / sy);
  let length = 0;
  for (let i = 1; i < n; i++) {
    const d = apart(i, i - 1);
    if (Number.isFinite(d)) length += d;
  }
  const step = length / most;
  const out = [{ x: xs[0], y: ys[0] }];
  let last = 0;
  for (let i = 1; i < n - 1; i++) {
    const d = apart(i, last);
    if (!Number.isFinite(d)) {
      out.push({ x: xs[i], y: ys[i] }); // a gap stays a gap
    } else if (d >= step) {
      out.push({ x: xs[i], y: ys[i] });
      last = i;
    }
  }
  out.push({ x: xs[n - 1], y: ys[n - 1] });
  return { points: out, step };
}
