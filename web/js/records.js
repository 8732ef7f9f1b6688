// A run's records as the page keeps them: one array per scalar series, filled from the packed rows
// the engine streams. Where each value sits in a row is Java's (Trace.columns, sent with every run),
// never written here. Pure.

/** The scalar series the page keeps per run (the names of Trace.SCALAR_NAMES it reads). */
export const KEPT = ['step', 'time', 'trainLoss', 'testLoss', 'rank', 'nuclearNorm', 'gradNorm', 'paramNorm',
  'balancedness', 'escapedRank', 'escapedLoss', 'adaptive', 'batchLoss', 'schatten', 'effectiveRank',
  'trainAccuracy', 'testAccuracy', 'margin'];

export function newSeries() {
  const s = { matrix: [] }; // matrix: A's entries per record (a Float64Array view each), where Java records them
  for (const k of KEPT) s[k] = [];
  return s;
}

/** Appends the rows of `data` (a Float64Array of whole rows) to the series; returns the rows read. */
export function appendRows(series, data, columns) {
  const stride = columns.stride;
  let rows = 0;
  const m = columns.matrix && columns.matrix.count > 0 ? columns.matrix : null;
  // each kept series and its offset in a row looked up once per message, not once per row
  const into = KEPT.map((k) => series[k]);
  const at = KEPT.map((k) => columns[k]);
  const n = KEPT.length;
  for (let o = 0; o + stride <= data.length; o += stride) {
    for (let j = 0; j < n; j++) into[j].push(data[o + at[j]]);
    // a view into the message's rows, not a copy: 20 000 records would be as many new buffers for the
    // page's garbage collector, while training
    if (m) series.matrix.push(data.subarray(o + m.from, o + m.from + m.count));
    rows++;
  }
  return rows;
}

/** Value c of row r of packed data. */
export function at(data, columns, r, c) {
  return data[r * columns.stride + c];
}
