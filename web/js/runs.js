// Runs and batches: a batch is configurations × seeds (a spec, a preset, a sweep, an imported file);
// each run goes to the worker pool and its records into its series. No numerics: the engine streams
// records (laid out as Java's Trace.columns says) and writes each run's document.
import { COLORS, shade } from './charts/defs.js';
import { appendRows, newSeries } from './records.js';

/**
 * Statuses that end a run: Java's RunStatus values that do (done, unconverged, oscillating, diverged),
 * and the page's own 'error' (the worker failed) and 'imported' (read from a results file); and those
 * that are a numerical failure.
 */
export const FINISHED = new Set(['done', 'unconverged', 'oscillating', 'diverged', 'error', 'imported']);
export const FAILED = new Set(['oscillating', 'diverged', 'error']);
const ENDED = new Set([...FINISHED, 'stopped', 'cancelled']);

const isFlow = (spec) => !!(spec.optimizer && spec.optimizer.type === 'flow');

/**
 * Runs the plots keep: when a new batch would pass this, the oldest runs of earlier batches scroll out,
 * and with them their records and closures (a teacher's tab open all day must not grow without bound).
 */
export const HISTORY = 50;

/** A short name for a spec: task, depth, width, init (a configuration without a preset's label). */
export function specLabel(spec) {
  const t = spec.task || {};
  const task = t.type === 'completion' ? `${t.rows}×${t.cols} rank ${t.rank}` : `teacher ${t.inputs}→${t.outputs}`;
  const init = spec.init || {};
  const i = init.scheme || Object.entries(init).map(([k, v]) => `${k === 'gamma' ? 'γ' : k === 'alpha' ? 'α' : 'σ'} = ${v}`)[0];
  return `${task}, L = ${spec.depth}, w = ${spec.width}, ${i}${isFlow(spec) ? ', flow' : ''}`;
}

export class Runs {
  /**
   * @param pool      the worker pool
   * @param series    the time plots' run series (RunSeries)
   * @param lab       diagnostics (lab.runs lists the runs on the plots, for the tests)
   * @param events    {changed(), started(batch), progressed(), finished(run), failed(message), settled(batch),
   *                  forgot(ids)}
   */
  constructor({ pool, series, lab, events }) {
    this.pool = pool;
    this.series = series;
    this.lab = lab;
    this.events = events;
    this.all = []; // every run on the plots, in order
    this.batch = null;
    this.nextId = 1;
    this.nextBatch = 1;
    this.nextColor = 0; // the colour of the next lone configuration
    this.paused = false;
  }

  /** A run of a configuration's seed index; its group (configuration) gives bands and the legend. */
  newRun(config, seedIndex, color, group) {
    const id = this.nextId++;
    const run = { id, label: config.label, key: config.key || '', config, seedIndex, seed: config.spec.seed + seedIndex,
      spec: config.spec, canonical: config.canonical, color, group, status: 'queued', step: 0, stepsPerSecond: 0,
      time: 0, learningRate: config.spec.learningRate, columns: null, series: newSeries(), records: 0, digest: '',
      message: '', doc: null, reading: null, csv: null, csvHeader: '', busyMs: 0, job: null };
    this.all.push(run);
    // a view for the tests and the console; dropped with the run (forget), so it holds nothing after
    this.lab.runs.push({ id, label: run.label, color, get seed() { return run.seed; }, get status() { return run.status; },
      get digest() { return run.digest; }, get message() { return run.message; }, get records() { return run.records; },
      get trainLoss() { return run.series.trainLoss.slice(); }, get rank() { return run.series.rank.slice(); },
      get scheduled() { return run.series.adaptive.filter((a) => a === 0).length; },
      // the document as text, decoded once when a test or the console asks (the page itself never does)
      get json() { return run.doc ? (run.docText || (run.docText = new TextDecoder().decode(run.doc))) : null; },
      get step() { return run.step; },
      get lastMatrix() { const m = run.series.matrix; return m.length ? Array.from(m[m.length - 1]) : null; } });
    this.series.add(run);
    return run;
  }

  /**
   * Starts configurations × their seeds: configs [{key, label, spec, canonical}], meta {kind: 'run' |
   * 'preset' | 'sweep', name, quick (a preset's size: false for the published one), bytesPerRun}. Stops the
   * batch before.
   */
  start(configs, meta) {
    this.stop();
    this.lab.longestTaskMs = 0; // measure the main thread while training, not while loading
    const id = this.nextBatch++;
    const batch = this.batch = { id, kind: meta.kind, name: meta.name || '', quick: meta.quick !== false, configs, runs: [],
      started: performance.now() };
    this.lab.batchSpan = [performance.now(), null]; // [started, settled]: the benchmark's training window
    configs.forEach((c, k) => {
      // one colour per configuration (a lone configuration takes the next, so overlaid runs differ), its
      // seeds in shades of it
      const base = COLORS[(configs.length > 1 ? k : this.nextColor++) % COLORS.length];
      for (let i = 0; i < c.spec.seeds; i++) {
        const color = shade(base, i, c.spec.seeds);
        const run = this.newRun(c, i, color, configs.length > 1 || c.spec.seeds > 1 ? `${id}:${k}` : `run:${this.nextId}`);
        batch.runs.push(run);
        run.job = this.pool.run({ spec: c.canonical, seedIndex: i, paused: this.paused }, (m) => this.receive(run, m),
          { batch: id, run: run.id, bytes: meta.bytesPerRun || 0 });
      }
    });
    this.trim(batch);
    if (this.events.started) this.events.started(batch);
    this.events.changed();
    return batch;
  }

  /** Keeps at most HISTORY runs: the oldest of earlier batches go (never the batch just started). */
  trim(batch) {
    const over = this.all.length - HISTORY;
    if (over <= 0) return;
    const old = this.all.filter((r) => !batch.runs.includes(r)).slice(0, over);
    if (old.length) this.forget(new Set(old.map((r) => r.id)));
  }

  receive(run, m) {
    switch (m.type) {
      case 'started':
        run.status = 'running';
        run.columns = m.columns;
        run.learningRate = m.learningRate;
        this.series.shape(run);
        break;
      case 'records': {
        run.records += appendRows(run.series, m.data, run.columns);
        this.series.append(run, m.data);
        const s = run.series;
        run.time = s.time[s.time.length - 1];
        // a flow run counts integrator steps (from the progress messages); descent counts iterations
        if (!isFlow(run.spec)) run.step = s.step[s.step.length - 1];
        break;
      }
      case 'progress':
        run.step = m.step;
        run.stepsPerSecond = m.stepsPerSecond;
        break;
      case 'done':
        Object.assign(run, { status: m.status, message: m.message || '', digest: m.digest || '', step: m.step,
          doc: m.doc, reading: m.reading || null, csv: m.csv || null, csvHeader: m.csvHeader || '', busyMs: m.busyMs || 0 });
        if (FAILED.has(run.status)) this.events.failed(run.message);
        this.events.finished(run);
        break;
      case 'stopped':
        if (!FINISHED.has(run.status)) run.status = m.cancelled ? 'cancelled' : 'stopped';
        break;
      case 'failed':
        run.status = 'error';
        run.message = m.message;
        this.events.failed(m.message);
        break;
      default:
        break;
    }
    if (m.type === 'progress') this.events.progressed();
    else this.events.changed();
    const b = this.batch;
    if (b && b.runs.includes(run) && m.type !== 'progress' && m.type !== 'records' && b.runs.every((r) => ENDED.has(r.status))) {
      if (b.runs.every((r) => r.doc)) this.lab.batchMs = performance.now() - b.started; // for the pool benchmark
      this.lab.batchSpan[1] = performance.now();
      this.events.settled(b);
    }
  }

  /** Runs of the current batch still queued or running. */
  active() {
    return this.batch ? this.batch.runs.filter((r) => !ENDED.has(r.status)) : [];
  }

  /** Stops the batch's unfinished runs: queued ones are dropped, busy workers terminated (pool.cancel). */
  stop() {
    const b = this.batch;
    if (!b) return;
    this.pool.cancel((tag) => tag && tag.batch === b.id);
  }

  setPaused(on) {
    this.paused = on;
    this.pool.steer(on ? 'pause' : 'resume');
  }

  step() {
    this.paused = true;
    this.pool.steer('step', { steps: 1 });
  }

  /** Reset: stop, and forget the batch's runs on the plots. */
  reset() {
    this.stop();
    // what Reset stopped, as plain values (nothing that keeps the runs): for the tests and the console
    if (this.batch) this.lab.lastReset = this.batch.runs.map((r) => ({ id: r.id, status: r.status }));
    if (this.batch) this.forget(new Set(this.batch.runs.map((r) => r.id)));
    this.batch = null;
    this.paused = false;
  }

  /** Clear: forget every run (nothing may be running). */
  clear() {
    this.forget(new Set(this.all.map((r) => r.id)));
    this.batch = null;
  }

  /** Forgets runs: off the plots, out of every list, their job's callback cut, so nothing keeps them. */
  forget(ids) {
    this.series.removeRuns(ids);
    for (const r of this.all) {
      if (ids.has(r.id)) r.job = null;
    }
    this.all = this.all.filter((r) => !ids.has(r.id));
    this.lab.runs = this.lab.runs.filter((v) => !ids.has(v.id));
    if (this.events.forgot) this.events.forgot(ids);
  }

  /**
   * Shows runs read from a results document (Documents.read via the worker): configurations with
   * their columns, and per run its document and packed records.
   */
  showImported(doc, importNumber) {
    let count = 0;
    doc.configurations.forEach((c, k) => {
      const config = { key: c.key, label: c.label || specLabel(c.spec), spec: c.spec, canonical: JSON.stringify(c.spec) };
      for (const r of c.runs) {
        const run = this.newRun(config, 0, COLORS[k % COLORS.length], `import:${importNumber}:${k}`);
        Object.assign(run, { seed: r.seed, status: 'imported', digest: r.digest || '', message: r.message || '',
          doc: r.doc, reading: r.reading || null, step: r.steps || 0, columns: c.columns, learningRate: r.learningRate });
        this.series.shape(run);
        run.records += appendRows(run.series, r.records, c.columns);
        this.series.append(run, r.records);
        count++;
      }
    });
    this.events.changed();
    return count;
  }
}
