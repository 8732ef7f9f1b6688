// The run bar's status line and progress: what the batch is doing, from its runs' own numbers.
import { count, duration, fmt } from './format.js';
import { FINISHED } from './runs.js';

const isFlow = (spec) => !!(spec.optimizer && spec.optimizer.type === 'flow');

/**
 * The seconds a step of each configuration takes (canonical spec → s), measured: a running run's own
 * speed, or a finished run's busy time over its steps. Runs of one configuration share their speed.
 */
function measured(runs) {
  const out = new Map();
  for (const r of runs) {
    const s = r.status === 'running' && r.stepsPerSecond > 0 ? 1 / r.stepsPerSecond
      : r.doc && r.busyMs > 0 && r.step > 0 ? r.busyMs / 1000 / r.step : null;
    if (s !== null && !out.has(r.canonical)) out.set(r.canonical, s);
  }
  return out;
}

/**
 * Seconds left in a batch (pure; NaN before any speed is known): each waiting run's remaining steps at
 * its configuration's seconds per step — measured where a run of it has run, else the cost model's
 * multiply–adds per step (batch.workPerStep, from Java's Budget) scaled by the measured configurations'
 * seconds per multiply–add — spread over the workers, and never less than the longest run left. As runs
 * measure their own speed the estimate converges instead of jumping when a slower configuration starts.
 */
export function timeLeft(batch, workers) {
  const waiting = batch.runs.filter((r) => r.status === 'running' || r.status === 'queued');
  if (!waiting.length) return 0;
  const speed = measured(batch.runs);
  const cost = batch.workPerStep || {};
  let perWork = NaN; // seconds per multiply–add, from the configurations both measured and modelled
  let w = 0;
  let t = 0;
  for (const [canonical, s] of speed) {
    if (cost[canonical] > 0) { w += cost[canonical]; t += s; }
  }
  if (w > 0) perWork = t / w;
  let total = 0;
  let longest = 0;
  for (const r of waiting) {
    const s = speed.has(r.canonical) ? speed.get(r.canonical) : cost[r.canonical] > 0 ? cost[r.canonical] * perWork : NaN;
    const left = Math.max(0, r.spec.steps - (r.status === 'running' ? r.step : 0)) * s;
    total += left;
    longest = Math.max(longest, left);
  }
  return Math.max(total / Math.max(1, Math.min(workers || 1, waiting.length)), longest);
}

/** The status line of a batch (pure): runs done, the lead run's iteration and time, the pool's speed. */
export function statusText(batch, paused, workers = 1) {
  const runs = batch.runs;
  const done = runs.filter((r) => FINISHED.has(r.status)).length;
  const running = runs.filter((r) => r.status === 'running');
  const waiting = runs.filter((r) => r.status === 'running' || r.status === 'queued');
  const lead = running[0] || runs[runs.length - 1];
  const eta = lead.learningRate;
  const flow = isFlow(lead.spec);
  const parts = [`runs ${done}/${runs.length} done`];
  if (waiting.length === 0) {
    // the batch is over: its average speed (steps over the time the workers spent on them)
    const steps = runs.reduce((a, r) => a + (r.doc ? r.step : 0), 0);
    const ms = runs.reduce((a, r) => a + (r.doc ? r.busyMs : 0), 0);
    if (ms > 0) parts.push(`${count(1000 * steps / ms)} ${flow ? 'integrator steps' : 'steps'}/s per worker on average`);
    const failed = runs.filter((r) => r.status !== 'done' && r.status !== 'imported').length;
    if (failed) parts.push(`${failed} not done (see the run table)`);
  } else {
    const rate = running.reduce((a, r) => a + r.stepsPerSecond, 0);
    const left = timeLeft(batch, workers);
    if (left > 0 && !runs.some((r) => isFlow(r.spec))) parts[0] += ` · about ${duration(left)} left`;
    parts.push(flow ? `gradient flow: ${count(lead.step)} integrator steps`
      : `iteration ${count(lead.step)} / ${count(lead.spec.steps)}`);
    parts.push(flow ? `t = ${fmt(lead.time || 0)} / ${fmt(eta * lead.spec.steps)}` : `t = η·k = ${fmt(eta * lead.step)}`);
    parts.push(rate > 0 ? `${count(rate)} steps/s` : 'starting…');
  }
  if (paused && waiting.length) parts.push('paused');
  return parts.join(' · ');
}

/** The progress bar's [value, max]: steps done over the batch's steps (flow: runs done over runs). */
export function progressOf(batch) {
  const counted = batch.runs.filter((r) => r.status !== 'cancelled' && r.status !== 'stopped');
  if (counted.some((r) => isFlow(r.spec))) return [counted.filter((r) => FINISHED.has(r.status)).length, counted.length];
  const total = counted.reduce((a, r) => a + Math.max(1, r.spec.steps), 0);
  const doneSteps = counted.reduce((a, r) => a + (r.doc ? Math.max(1, r.spec.steps)
    : Math.min(r.step, Math.max(1, r.spec.steps))), 0);
  return [doneSteps, total];
}

/**
 * A long analysis' progress in words: the greedy algorithm at stage k of at most K (it may stop earlier, at
 * the minimum), with the time left at most, from the stages done so far. Pure.
 */
export function stageText(msg, elapsedSeconds) {
  const done = msg.done - 1; // stage `done` has just started
  const per = done > 0 ? elapsedSeconds / done : NaN;
  const left = per * (msg.total - done);
  return `greedy algorithm: stage ${msg.done} of at most ${msg.total}`
    + (Number.isFinite(left) ? `, at most ~${left < 1 ? 'a second' : duration(left)} left` : '');
}
