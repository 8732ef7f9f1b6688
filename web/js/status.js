// The run bar's status line and progress: what the batch is doing, from its runs' own numbers.
import { count, duration, fmt } from './format.js';
import { FINISHED } from './runs.js';

const isFlow = (spec) => !!(spec.optimizer && spec.optimizer.type === 'flow');

/** The status line of a batch (pure): runs done, the lead run's iteration and time, the pool's speed. */
export function statusText(batch, paused) {
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
    const steps = runs.reduce((a, r) => a + (r.json ? r.step : 0), 0);
    const ms = runs.reduce((a, r) => a + (r.json ? r.busyMs : 0), 0);
    if (ms > 0) parts.push(`${count(1000 * steps / ms)} ${flow ? 'integrator steps' : 'steps'}/s per worker on average`);
    const failed = runs.filter((r) => r.status !== 'done' && r.status !== 'imported').length;
    if (failed) parts.push(`${failed} not done (see the run table)`);
  } else {
    const rate = running.reduce((a, r) => a + r.stepsPerSecond, 0);
    const left = waiting.reduce((a, r) => a + Math.max(0, r.spec.steps - (r.status === 'running' ? r.step : 0)), 0);
    if (rate > 0 && left > 0 && !runs.some((r) => isFlow(r.spec))) parts[0] += ` · about ${duration(left / rate)} left`;
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
  const doneSteps = counted.reduce((a, r) => a + (r.json ? Math.max(1, r.spec.steps)
    : Math.min(r.step, Math.max(1, r.spec.steps))), 0);
  return [doneSteps, total];
}
