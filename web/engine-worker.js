// The engine worker: loads the TeaVM-compiled Java engine (WebAssembly-GC, or JavaScript as the
// fallback) and runs experiments in chunks, streaming records to the page as transferred
// Float64Array buffers. It computes nothing itself: every number comes from the Java engine.
'use strict';

let api = null;
let engineName = null;
let current = null; // {id, handle, from, paused, stepBudget, chunk}
let ticking = false;

const tick = new MessageChannel(); // a macrotask that does not wait for timer clamping
tick.port1.onmessage = () => { ticking = false; loop(); };
function schedule() {
  if (!ticking) { ticking = true; tick.port2.postMessage(0); }
}

async function loadWasmGc() {
  importScripts('engine/engine-wasm-runtime.js');
  const teavm = await self.TeaVM.wasmGC.load('engine/engine.wasm');
  return teavm.exports;
}

function loadJs() {
  importScripts('engine/engine.js');
  // TeaVM's UMD output puts the exported functions on the worker's global object.
  const names = ['validate', 'canonical', 'start', 'recordWidth', 'advance', 'recordCount', 'currentStep',
    'status', 'message', 'digest', 'runJson', 'release', 'learningRate', 'greedy', 'escapeTimes', 'geometry', 'presets', 'runCsv', 'csvHeader', 'sweep', 'document'];
  const out = {};
  for (const n of names) out[n] = self[n];
  return out;
}

async function init(preferred) {
  if (preferred !== 'js') {
    try {
      api = await loadWasmGc();
      engineName = 'wasm-gc';
      return;
    } catch (e) {
      if (preferred === 'wasm-gc') throw e;
    }
  }
  api = loadJs();
  engineName = 'js';
}

function post(type, body, transfer) {
  self.postMessage(Object.assign({ type }, body), transfer || []);
}

function flush(run) {
  const data = api.advance(run.handle, 0, run.from); // 0 steps: only collect new records
  if (data.length > 0) {
    const copy = new Float64Array(data); // own buffer, then transferred (no copy on the way out)
    run.from += copy.length / run.width;
    post('records', { id: run.id, width: run.width, data: copy }, [copy.buffer]);
  }
}

function finish(run) {
  flush(run);
  post('done', {
    id: run.id,
    status: api.status(run.handle),
    message: api.message(run.handle),
    digest: api.digest(run.handle),
    step: api.currentStep(run.handle),
    run: api.runJson(run.handle),
    csv: api.runCsv(run.handle),
    csvHeader: api.csvHeader(run.handle),
  });
  api.release(run.handle);
  current = null;
}

// One slice of work (about 25 ms), then yield so pause/stop messages are handled at once.
function loop() {
  const run = current;
  if (!run) return;
  if (run.paused && run.stepBudget <= 0) return;
  const steps = run.paused ? Math.min(run.stepBudget, run.chunk) : run.chunk;
  const t0 = performance.now();
  const before = api.currentStep(run.handle);
  const data = api.advance(run.handle, steps, run.from);
  const elapsed = performance.now() - t0;
  const after = api.currentStep(run.handle);
  if (run.paused) run.stepBudget -= (after - before);
  run.stepsDone += after - before;
  run.busyMs += elapsed;
  if (data.length > 0) {
    const copy = new Float64Array(data);
    run.from += copy.length / run.width;
    post('records', { id: run.id, width: run.width, data: copy }, [copy.buffer]);
  }
  post('progress', { id: run.id, step: after, stepsPerSecond: run.busyMs > 0 ? 1000 * run.stepsDone / run.busyMs : 0 });
  if (api.status(run.handle) !== 'running') {
    finish(run);
    return;
  }
  if (!run.paused) {
    // adapt the chunk so a slice stays near 25 ms whatever the network size
    const rate = (after - before) / Math.max(elapsed, 0.5);
    run.chunk = Math.max(1, Math.min(100000, Math.round(rate * 25)));
  }
  schedule();
}

self.onmessage = async (event) => {
  const msg = event.data;
  try {
    switch (msg.type) {
      case 'init':
        await init(msg.engine || 'auto');
        post('ready', { engine: engineName });
        break;
      case 'validate': {
        const err = api.validate(msg.spec);
        post('validated', { token: msg.token, error: err ? JSON.parse(err) : null,
          canonical: err ? null : api.canonical(msg.spec) });
        break;
      }
      case 'run': {
        if (current) api.release(current.handle);
        const handle = api.start(msg.spec, msg.seedIndex || 0);
        if (handle < 0) {
          const err = api.validate(msg.spec);
          post('error', { id: msg.id, message: err ? JSON.parse(err).error : 'invalid seed index' });
          break;
        }
        current = { id: msg.id, handle, from: 0, width: api.recordWidth(handle), paused: !!msg.paused,
          stepBudget: 0, chunk: 1, stepsDone: 0, busyMs: 0 };
        post('started', { id: msg.id, engine: engineName, learningRate: api.learningRate(handle) });
        schedule();
        break;
      }
      case 'greedy': {
        const text = api.greedy(msg.spec, msg.epsilon, msg.tolerance, msg.stepsPerStage);
        post('greedy', { token: msg.token, result: JSON.parse(text) });
        break;
      }
      case 'presets':
        post('presets', { list: JSON.parse(api.presets()) });
        break;
      case 'document':
        post('document', { token: msg.token, text: api.document(msg.kind, msg.name, !!msg.quick, msg.entries) });
        break;
      case 'sweep':
        post('sweep', { token: msg.token, result: JSON.parse(api.sweep(msg.spec, msg.field, msg.values)) });
        break;
      case 'escapeTimes':
        post('experiment', { kind: 'escape', result: JSON.parse(api.escapeTimes(msg.spec, msg.alphas, msg.r)) });
        break;
      case 'geometry':
        post('experiment', { kind: 'geometry',
          result: JSON.parse(api.geometry(msg.spec, msg.widths, msg.gammas, msg.seeds)) });
        break;
      case 'pause':
        if (current) current.paused = true;
        break;
      case 'resume':
        if (current) { current.paused = false; schedule(); }
        break;
      case 'step':
        if (current) { current.paused = true; current.stepBudget += msg.steps || 1; schedule(); }
        break;
      case 'stop':
        if (current) { api.release(current.handle); post('stopped', { id: current.id }); current = null; }
        break;
      default:
        post('error', { message: 'unknown message ' + msg.type });
    }
  } catch (e) {
    post('error', { id: msg.id, message: String(e && e.message || e) });
  }
};
