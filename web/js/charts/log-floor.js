// A log axis cannot show 0, and Chart.js's log scale fails on a range of 30 decades and more (a loss
// that reaches 1e-30 leaves an empty plot). Values below a floor, FLOOR_DECADES under the largest
// value on the axis, are drawn at the floor, and the plot says so. Pure.

export const FLOOR_DECADES = 16;

/** The floor for values with this maximum (null when nothing positive is on the axis). */
export function floorFor(max) {
  return max > 0 && Number.isFinite(max) ? max * Math.pow(10, -FLOOR_DECADES) : null;
}

/** The largest finite y among point lists. */
export function maxY(lists) {
  let max = -Infinity;
  for (const pts of lists) for (const p of pts) if (Number.isFinite(p.y) && p.y > max) max = p.y;
  return max;
}

/**
 * Points with y below the floor (zero and negatives included) raised to it; returns the count raised
 * (NaN gaps stay gaps).
 */
export function applyFloor(pts, floor) {
  let raised = 0;
  if (floor === null) return 0;
  for (const p of pts) {
    if (Number.isFinite(p.y) && p.y < floor) {
      p.y = floor;
      p.floored = true;
      raised++;
    }
  }
  return raised;
}

/** The note a floored plot shows. */
export function floorNote(floor) {
  return `values below ${floor.toExponential(0)} (${FLOOR_DECADES} decades under the top) drawn at that floor`;
}
