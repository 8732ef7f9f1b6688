// What a spec will cost before Run: Java's cost model (Budget.estimate: multiply–adds and bytes per
// run) over this machine's measured speed (a short calibration run at start, then the runs
// themselves), shown beside the Run button. Pure but for the element it writes.
import { bytes, duration } from './format.js';

/** "about 18 s", but "under a second" (never "about under a second"). */
const about = (seconds) => (seconds < 1 ? duration(seconds) : `about ${duration(seconds)}`);

/**
 * The estimate's sentence: runs × seconds on the pool, memory per run. `speed` is multiply–adds per
 * millisecond of one worker (null before the calibration).
 */
export function estimateText(estimate, speed, workers) {
  const runs = Math.max(1, Math.round(estimate.work / Math.max(estimate.workPerRun, 1)));
  const mem = `${bytes(estimate.bytesPerRun)} per run`;
  if (!(speed > 0)) return `${runs} run${runs > 1 ? 's' : ''}, ${mem}`;
  const perRun = estimate.workPerRun / speed / 1000;
  const parallel = Math.min(workers, runs);
  const total = perRun * Math.ceil(runs / parallel);
  const each = perRun < 1 ? 'under a second' : `~${duration(perRun)}`;
  return `${about(total)} on this machine (${runs} run${runs > 1 ? 's' : ''} of ${each}`
    + `${runs > 1 ? ` on ${parallel} worker${parallel > 1 ? 's' : ''}` : ''}), ${mem}`;
}

/**
 * A preset's estimate in words (Java's Presets.estimate: its runs, configurations, multiply–adds in all and
 * of its largest run): the work spread over the workers, never less than its largest run.
 */
export function presetEstimateText(estimate, speed, workers) {
  const runs = `${estimate.runs} run${estimate.runs > 1 ? 's' : ''}`
    + (estimate.configurations > 1 ? ` in ${estimate.configurations} configurations` : '');
  if (!(speed > 0)) return runs;
  const parallel = Math.max(1, Math.min(workers, estimate.runs));
  const seconds = Math.max(estimate.work / parallel, estimate.workPerRun) / speed / 1000;
  return `${about(seconds)} on this machine (${runs}${parallel > 1 ? ` on ${parallel} workers` : ''})`;
}

/** Speed measured on a finished run: its multiply–adds over the time its worker spent on it. */
export function measuredSpeed(workPerRun, busyMs) {
  return busyMs > 50 ? workPerRun / busyMs : null;
}

/** How many runs may train at once so their memory stays under `budget` bytes (at least one). */
export function parallelFor(bytesPerRun, budget, workers) {
  return Math.max(1, Math.min(workers, Math.floor(budget / Math.max(bytesPerRun, 1))));
}
