// The engine workers: a pool of training workers (one per core) that take jobs from one queue, and a
// control worker of its own for the short calls (validation, estimates, documents, presets), so a
// control call never waits behind a training run. Cancelling a busy job terminates its worker and
// starts a fresh one: the core and the memory are free at once, whatever the engine is doing.
import { Channel } from './protocol.js';

/** Starts a worker and its engine; resolves to {channel, engine} once it answered init. */
async function boot(spawn, engine) {
  const channel = new Channel(spawn());
  const reply = await channel.call('init', { engine });
  return { channel, engine: reply.engine };
}

export class Pool {
  /**
   * @param size    training workers
   * @param spawn   () => a new Worker (engine-worker.js)
   * @param engine  'auto' | 'wasm-simd' | 'wasm' | 'wasm-gc' | 'js' (engine-worker.js)
   * @param onEngine (name) => void, once per started worker
   * @param onError (message) => void, a worker that failed to start or crashed
   */
  constructor({ size, spawn, engine, onEngine, onError, memoryBudget }) {
    this.spawn = spawn;
    // runs whose tags say how many bytes they hold start only while the busy ones leave room
    this.memoryBudget = memoryBudget || Infinity;
    this.engine = engine;
    this.onEngine = onEngine || (() => {});
    this.onError = onError || (() => {});
    this.queue = [];
    this.slots = [];
    for (let i = 0; i < size; i++) {
      const slot = { index: i, channel: null, job: null, generation: 0 };
      this.slots.push(slot);
      this.start(slot);
    }
    this.control = boot(spawn, engine).then((w) => {
      this.onEngine(w.engine);
      this.controlChannel = w.channel;
      return w.channel;
    });
  }

  start(slot) {
    slot.channel = null;
    slot.generation += 1;
    const generation = slot.generation;
    boot(this.spawn, this.engine).then((w) => {
      if (slot.generation !== generation) return; // replaced meanwhile
      w.channel.worker.onerror = (e) => this.crashed(slot, e.message || 'unknown error');
      slot.channel = w.channel;
      this.onEngine(w.engine);
      this.dispatch();
    }, (e) => this.onError('Engine worker failed to start: ' + e.message));
  }

  /** A short call to the control worker (its progress, if it reports any, to onProgress). */
  async call(type, body, transfer, onProgress) {
    const channel = await this.control;
    return channel.call(type, body, transfer, onProgress);
  }

  /** A run on the first free training worker; its messages go to onMessage. Returns the job. */
  run(body, onMessage, tag) {
    const job = { kind: 'run', body, onMessage, tag, token: 0, channel: null };
    this.queue.push(job);
    this.dispatch();
    return job;
  }

  /** A long call (an analysis: greedy, escape times, geometry) on a training worker; progress to onProgress. */
  job(type, body, tag, onProgress) {
    return new Promise((resolve, reject) => {
      this.queue.push({ kind: 'call', type, body, tag, resolve, reject, onProgress, channel: null });
      this.dispatch();
    });
  }

  bytesOf(job) {
    return (job && job.tag && job.tag.bytes) || 0;
  }

  dispatch() {
    for (const slot of this.slots) {
      if (!slot.channel || slot.job || this.queue.length === 0) continue;
      const held = this.slots.reduce((a, s) => a + this.bytesOf(s.job), 0);
      if (held > 0 && held + this.bytesOf(this.queue[0]) > this.memoryBudget) return;
      const job = this.queue.shift();
      slot.job = job;
      job.channel = slot.channel;
      const free = () => {
        if (slot.job === job) slot.job = null;
        this.dispatch();
      };
      if (job.kind === 'run') {
        job.token = slot.channel.stream('run', job.body, (msg) => {
          if (msg.type === 'done' || msg.type === 'stopped' || msg.type === 'failed') free();
          job.onMessage(msg);
        });
      } else {
        slot.channel.call(job.type, job.body, undefined, job.onProgress).then((v) => { free(); job.resolve(v); },
          (e) => { free(); job.reject(e); });
      }
    }
  }

  /** Steers the running runs (pause, resume, step). */
  steer(type, body) {
    for (const slot of this.slots) if (slot.job && slot.job.kind === 'run') slot.channel.send(type, body);
  }

  /**
   * Cancels the jobs whose tag passes `which` (all by default): queued ones leave the queue (runs get
   * {type: 'stopped', cancelled: true}), busy workers are terminated and replaced.
   */
  cancel(which) {
    const hit = which || (() => true);
    const kept = [];
    for (const job of this.queue) {
      if (!hit(job.tag)) { kept.push(job); continue; }
      if (job.kind === 'run') job.onMessage({ type: 'stopped', cancelled: true });
      else job.reject(new Error('cancelled'));
    }
    this.queue = kept;
    for (const slot of this.slots) {
      if (!slot.job || !hit(slot.job.tag)) continue;
      const old = slot.channel;
      slot.job = null;
      slot.channel = null; // before close(): its handlers dispatch, and must not pick this worker
      old.worker.terminate();
      old.close(); // the runs' handlers get {type: 'stopped', terminated: true}, calls reject
      this.start(slot);
    }
  }

  crashed(slot, message) {
    const old = slot.channel;
    slot.job = null;
    slot.channel = null;
    if (old) { old.worker.terminate(); old.close(); }
    this.onError('Engine worker failed: ' + message);
    this.start(slot);
  }

  /** Nothing queued, running or awaiting a reply, on any worker (the page's work has settled). */
  idle() {
    return this.queue.length === 0 && this.slots.every((s) => !s.job)
      && !(this.controlChannel && this.controlChannel.busy());
  }

  /** Training workers running a job. */
  busy() {
    return this.slots.filter((s) => s.job).length;
  }

  get size() {
    return this.slots.length;
  }
}
