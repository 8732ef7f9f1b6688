// The engine worker: loads the TeaVM-compiled Java engine (WebAssembly-GC, or JavaScript as the
// fallback) and the step kernel (WebAssembly SIMD, or its scalar twin), and answers the page's requests
// (web/js/protocol.js). It computes nothing itself: every number comes from the Java engine
// (saddlelab.browser.WorkerEngine), whose descent steps and flow stages run in the kernel it drives.
//
// Protocol: every request carries a token; a call ({type, token, ...}) gets one {type: 'reply', token,
// result} or {type: 'failed', token, message}; a run ({type: 'run', token, spec, seedIndex, paused})
// streams {type: 'started' | 'records' | 'progress' | 'done' | 'failed' | 'stopped', token, ...} until
// done, failed or (after a stop) stopped. pause / resume / step / stop steer the current run. A worker that is training gets no calls:
// the page sends those to its control worker, and terminates a busy worker instead of waiting for it.
'use strict';

let api = null;
let engineName = null;
let current = null; // {token, handle, from, stride, paused, stepBudget, chunk, stepsDone, busyMs}
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

// TeaVM's JS output puts the @JSExport functions on the worker's global object: the API is that
// object, read through a proxy that refuses anything that is not a function (no list to keep in step
// with WorkerEngine's exports).
function loadJs() {
  importScripts('engine/engine.js');
  return new Proxy({}, {
    get(target, name) {
      const f = self[name];
      if (typeof f !== 'function') throw new Error('the engine has no export ' + String(name));
      return f;
    },
  });
}

// The step kernel (src/main/wat, assembled into kernel/*.wasm): descent steps and flow stages in WebAssembly on
// linear memory, SIMD where the browser validates it, else its scalar twin (the same loops with one lane),
// else none and the steps stay in TeaVM's build. The Java engine calls the kernel through
// self.saddleKernel (saddlelab.browser.BrowserKernel): one instance, so one memory, per run.
const KERNELS = [['wasm-simd', 'kernel/kernel-simd.wasm'], ['wasm', 'kernel/kernel.wasm']];

async function loadKernel(wanted) {
  for (const [name, file] of KERNELS) {
    if (wanted !== 'auto' && wanted !== name) continue;
    const response = await fetch(file);
    if (!response.ok) throw new Error(file + ': HTTP ' + response.status);
    const bytes = await response.arrayBuffer();
    if (WebAssembly.validate(bytes)) return kernelHost(name, await WebAssembly.compile(bytes));
    if (wanted === name) throw new Error('this browser cannot run the ' + name + ' kernel');
  }
  return null;
}

function kernelHost(name, module) {
  const instances = new Map();
  let next = 1;
  return {
    name,
    create() { instances.set(next, new WebAssembly.Instance(module, {}).exports); return next++; },
    release(id) { instances.delete(id); },
    exports(id) { return instances.get(id); },
    memory(id) { return instances.get(id).memory; },
    // false when the memory cannot grow that far (the run then steps in TeaVM's build)
    reserve(id, bytes) {
      const memory = instances.get(id).memory;
      const pages = Math.ceil(bytes / 65536) - memory.buffer.byteLength / 65536;
      try {
        if (pages > 0) memory.grow(pages);
        return true;
      } catch (e) {
        return false;
      }
    },
  };
}

// engine: 'auto' (the best that loads), 'wasm-simd' or 'wasm' (that kernel in the wasm-gc build),
// 'wasm-gc' or 'js' (that TeaVM build alone). The name reported is what takes the steps.
async function init(preferred) {
  const kernel = preferred === 'auto' || preferred === 'wasm-simd' || preferred === 'wasm' ? preferred : 'none';
  if (kernel !== 'none') {
    try {
      self.saddleKernel = await loadKernel(kernel);
    } catch (e) {
      if (kernel !== 'auto') throw e;
      self.saddleKernel = null;
    }
  }
  if (preferred !== 'js') {
    try {
      api = await loadWasmGc();
      engineName = self.saddleKernel ? self.saddleKernel.name : 'wasm-gc';
      return;
    } catch (e) {
      if (preferred !== 'auto') throw e;
    }
  }
  api = loadJs();
  engineName = self.saddleKernel ? self.saddleKernel.name : 'js';
}

const parse = (text) => (text === '' ? null : JSON.parse(text));
const kept = new Map(); // run key → its document (the control worker's: keep, forget, document)

// The calls: name → (message) → [result, transferables?]. Results are plain values (parsed JSON).
const CALLS = {
  init: async (m) => { await init(m.engine || 'auto'); return [{ engine: engineName }]; },
  validate: (m) => {
    const error = parse(api.validate(m.spec));
    return [{ error, canonical: error ? null : api.canonical(m.spec) }];
  },
  estimate: (m) => [parse(api.estimate(m.spec))],
  readCsv: (m) => [JSON.parse(api.readCsv(m.text))],
  limits: () => [JSON.parse(api.limits())],
  estimatePreset: (m) => [JSON.parse(api.estimatePreset(m.name))],
  presets: () => [JSON.parse(api.presets())],
  benchCases: () => [JSON.parse(api.benchCases())],
  // The runs' documents, kept here as they finish (documents.js): a batch's document is then asked for by
  // the runs' keys, and its ~1 MB per run is never sent again from the page's thread at the batch's end.
  // the page sends a run's document as UTF-8 bytes (finish): decoded here, off the page's thread
  keep: (m) => { kept.set(m.key, new TextDecoder().decode(m.doc)); return [kept.size]; },
  forget: (m) => { for (const k of m.keys) kept.delete(k); return [kept.size]; },
  document: (m) => {
    const text = m.entries.map((p) => {
      if (typeof p === 'string') return p;
      if (!kept.has(p.run)) throw new Error(`run #${p.run}'s document is not kept`);
      return kept.get(p.run);
    }).join('');
    return [api.document(m.kind, m.name, !!m.quick, text)];
  },
  sweep: (m) => [JSON.parse(api.sweep(m.spec, m.field, m.values))],
  greedy: (m) => [JSON.parse(api.greedy(m.spec, m.epsilon, m.tolerance, m.stepsPerStage))],
  target: (m) => [JSON.parse(api.target(m.spec, m.seedIndex))],
  escapeTimes: (m) => [JSON.parse(api.escapeTimes(m.spec, m.alphas, m.r))],
  geometry: (m) => [JSON.parse(api.geometry(m.spec, m.widths, m.gammas, m.seeds))],
  // This machine's speed in multiply–adds per ms (Budget's weights): a Fig. 1-sized run for ~0.3 s,
  // timed after a warm-up, so the page can turn Java's cost estimate into seconds before Run.
  calibrate: () => {
    const spec = '{"task":{"type":"completion","rows":10,"cols":10,"rank":3,"observed":0.7},"depth":4,"width":100,'
      + '"init":{"gamma":2},"learningRate":0.1,"steps":1000000,"records":2}';
    const perStep = JSON.parse(api.estimate(spec)).workPerStep;
    const handle = api.start(spec, 0);
    const until = (ms) => { const t0 = performance.now(); let n = 0; while (performance.now() - t0 < ms) { api.advance(handle, 20, 0); n += 20; } return [n, performance.now() - t0]; };
    until(100); // warm-up: JIT tiers, wasm baseline → optimized
    const [steps, ms] = until(200);
    api.release(handle);
    return [{ speed: perStep * steps / ms }];
  },
  readResults: (m) => {
    const doc = JSON.parse(api.readResults(m.text));
    if (doc.error) return [doc];
    const buffers = [];
    doc.configurations.forEach((c, i) => c.runs.forEach((r, j) => {
      r.records = new Float64Array(api.importedSeries(i, j)); // own buffer, transferred
      r.reading = reading(r.json);
      r.doc = new TextEncoder().encode(r.json); // as a finished run's (finish)
      delete r.json;
      buffers.push(r.records.buffer, r.doc.buffer);
    }));
    return [doc, buffers];
  },
};

function post(msg, transfer) {
  self.postMessage(msg, transfer || []);
}

function collect(run) {
  const data = api.advance(run.handle, 0, run.from); // 0 steps: only the records taken since `from`
  send(run, data);
}

function send(run, data) {
  if (data.length === 0) return;
  const copy = new Float64Array(data); // own buffer, then transferred (no copy on the way out)
  run.from += copy.length / run.stride;
  post({ type: 'records', token: run.token, data: copy }, [copy.buffer]);
}

// What the page's panels read of a run's document (saddles, escape, baselines, NTK, the span of its
// steps), parsed here: the document's series of records (about 1 MB at 2 000 records) cut to their
// first and last entries. A JSON.parse of the whole on the page's thread made each finished run a
// 50–80 ms task while the other runs trained (docs/performance.md, Drawing).
function reading(json) {
  const doc = JSON.parse(json);
  if (doc && doc.series) {
    for (const k of Object.keys(doc.series)) {
      const a = doc.series[k];
      if (Array.isArray(a) && a.length > 2) doc.series[k] = [a[0], a[a.length - 1]];
    }
  }
  return doc;
}

function finish(run) {
  collect(run);
  const json = api.runJson(run.handle);
  // the document and the series as CSV, UTF-8 bytes transferred: a string of about 1 MB each is copied
  // into the page's thread as it arrives and again on its way to the control worker; bytes are moved,
  // then copied as one block (the page reads neither: the control worker keeps the document, Export CSV
  // decodes the CSV)
  const doc = new TextEncoder().encode(json);
  const csv = new TextEncoder().encode(api.runCsv(run.handle));
  post({
    type: 'done',
    token: run.token,
    status: api.status(run.handle),
    message: api.message(run.handle),
    digest: api.digest(run.handle),
    step: api.currentStep(run.handle),
    stepper: api.stepper(run.handle),
    doc,
    reading: reading(json),
    csv,
    csvHeader: api.csvHeader(run.handle),
    busyMs: run.busyMs,
  }, [doc.buffer, csv.buffer]);
  api.release(run.handle);
  current = null;
}

// One slice of work (about 25 ms), then yield so pause/stop messages are handled at once.
function loop() {
  const run = current;
  if (!run) return;
  try {
    slice(run);
  } catch (e) {
    current = null;
    post({ type: 'failed', token: run.token, message: String((e && e.message) || e) });
  }
}

function slice(run) {
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
  send(run, data);
  post({ type: 'progress', token: run.token, step: after,
    stepsPerSecond: run.busyMs > 0 ? 1000 * run.stepsDone / run.busyMs : 0 });
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

function startRun(m) {
  if (current) api.release(current.handle);
  current = null;
  const handle = api.start(m.spec, m.seedIndex || 0);
  if (handle < 0) {
    const error = parse(api.validate(m.spec));
    post({ type: 'failed', token: m.token, message: error ? error.error : 'invalid seed index' });
    return;
  }
  const columns = JSON.parse(api.columns(handle));
  current = { token: m.token, handle, from: 0, stride: columns.stride, paused: !!m.paused, stepBudget: 0, chunk: 1,
    stepsDone: 0, busyMs: 0 };
  post({ type: 'started', token: m.token, engine: engineName, learningRate: api.learningRate(handle), columns });
  schedule();
}

self.onmessage = async (event) => {
  const m = event.data;
  try {
    if (CALLS[m.type]) {
      // Java reports a long call's stages here (WorkerEngine.progress: the greedy algorithm's widths)
      self.callProgress = (what, done, total) => post({ type: 'progress', token: m.token, what, done, total });
      try {
        const [result, transfer] = await CALLS[m.type](m);
        post({ type: 'reply', token: m.token, result }, transfer);
      } finally {
        self.callProgress = null;
      }
      return;
    }
    switch (m.type) {
      case 'run': startRun(m); break;
      case 'pause': if (current) current.paused = true; break;
      case 'resume': if (current) { current.paused = false; schedule(); } break;
      case 'step': if (current) { current.paused = true; current.stepBudget += m.steps || 1; schedule(); } break;
      case 'stop':
        if (current) {
          api.release(current.handle);
          post({ type: 'stopped', token: current.token });
          current = null;
        }
        break;
      default:
        post({ type: 'failed', token: m.token, message: 'unknown request ' + m.type });
    }
  } catch (e) {
    post({ type: 'failed', token: m.token, message: String((e && e.message) || e) });
  }
};
