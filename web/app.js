// Saddle-to-Saddle Lab page: wires the controls, the engine workers and the charts.
// No numerics here: specs are validated and runs computed by the Java engine in Web Workers;
// this file only moves records into Chart.js and keeps the URL in sync with the spec.
'use strict';

(() => {
  // The built-in presets come from the Java engine (saddlelab.experiment.Presets), like the CLI's.
  let PRESETS = [];
  // Run statuses (Run.Status): the ones that end a run, and those that are a numerical failure.
  const FINISHED = new Set(['done', 'unconverged', 'oscillating', 'diverged', 'error']);
  const FAILED = new Set(['oscillating', 'diverged', 'error']);
  const COLORS = ['#2456c8', '#d1495b', '#2a9d8f', '#e9a23b', '#6a4c93', '#1b998b', '#8c564b', '#e377c2',
    '#7f7f7f', '#17becf'];

  const form = document.getElementById('controls');
  const specError = document.getElementById('spec-error');
  const statusEl = document.getElementById('status');
  const engineEl = document.getElementById('engine');
  const runsEl = document.getElementById('runs');
  const progressEl = document.getElementById('progress');
  const buttons = {};
  for (const id of ['run', 'pause', 'step', 'reset', 'clear', 'share', 'export', 'export-csv', 'import', 'cancel',
    'run-sweep', 'create-link', 'copy-link', 'download-spec', 'load-spec']) {
    buttons[id] = document.getElementById(id);
  }

  // ---- test and diagnostics hooks (read by the end-to-end tests) -----------------------
  const lab = window.__lab = { frames: 0, engine: null, runs: [], longestTaskMs: 0, ready: false, lastError: null,
    slowestMs: {} };
  requestAnimationFrame(function count() { lab.frames++; requestAnimationFrame(count); });
  /** Diagnostics: the last 200 long tasks and slow handlers/chart updates ([start ms, duration ms, what]). */
  function logSlow(key, entry) {
    const log = lab[key] = lab[key] || [];
    log.push(entry);
    if (log.length > 200) log.shift();
  }
  if ('PerformanceObserver' in window) {
    try {
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) {
          lab.longestTaskMs = Math.max(lab.longestTaskMs, e.duration);
          logSlow('longTasks', [Math.round(e.startTime), Math.round(e.duration)]);
        }
      }).observe({ type: 'longtask', buffered: true });
    } catch (e) { /* long tasks API not available */ }
  }

  // ---- spec <-> form --------------------------------------------------------------------
  const field = (name) => form.elements.namedItem(name);

  function numberOrRaw(value) {
    const t = value.trim();
    if (t === '') return undefined;
    const n = Number(t);
    return Number.isFinite(n) ? n : t; // the validator names the field when it is not a number
  }

  function specFromForm() {
    const v = (name) => numberOrRaw(field(name).value);
    const type = field('task.type').value;
    const task = { type };
    if (type === 'completion') {
      for (const k of ['rows', 'cols', 'rank', 'observed']) task[k] = v('task.' + k);
    } else {
      task.inputs = v('task.inputs');
      task.outputs = v('task.outputs');
      const diag = field('task.teacherDiagonal').value.trim();
      if (diag !== '') task.teacherDiagonal = diag.split(/[\s,]+/).filter((s) => s !== '').map(numberOrRaw);
      const rank = v('task.teacherRank');
      if (rank !== undefined) task.teacherRank = rank;
      for (const k of ['train', 'test', 'noise']) task[k] = v('task.' + k);
    }
    const dataSeed = v('task.seed');
    if (dataSeed !== undefined) task.seed = dataSeed;
    const kind = field('init.kind').value;
    const init = kind === 'ntk' || kind === 'mean-field' ? { scheme: kind } : { [kind]: v('init.value') };
    const spec = { task, depth: v('depth'), width: v('width'), init, learningRate: v('learningRate') };
    const hidden = field('hiddenWidths').value.trim();
    if (hidden !== '') spec.hiddenWidths = hidden.split(/[\s,]+/).filter((x) => x !== '').map(numberOrRaw);
    if (field('widthScaledLearningRate').checked) spec.widthScaledLearningRate = true;
    if (field('optimizer.type').value === 'flow') {
      spec.optimizer = { type: 'flow' };
      const tol = v('optimizer.tolerance');
      if (tol !== undefined) spec.optimizer.tolerance = tol;
    }
    for (const k of ['steps', 'seed', 'seeds', 'records', 'rankTolerance']) spec[k] = v(k);
    spec.recordSpacing = field('recordSpacing').value;
    return JSON.parse(JSON.stringify(spec)); // drops undefined: the validator reports missing fields
  }

  function setValue(name, value) {
    const el = field(name);
    if (!el) return;
    if (el.type === 'checkbox') el.checked = !!value;
    else if (el.tagName === 'SELECT') el.value = value === undefined || value === null ? el.options[0].value : String(value);
    else el.value = value === undefined || value === null ? '' : String(value);
  }

  function formFromSpec(spec) {
    const task = spec.task || {};
    setValue('task.type', task.type || 'completion');
    for (const k of ['rows', 'cols', 'rank', 'observed', 'inputs', 'outputs', 'teacherRank', 'train', 'test',
      'noise', 'seed']) setValue('task.' + k, task[k]);
    setValue('task.teacherDiagonal', Array.isArray(task.teacherDiagonal) ? task.teacherDiagonal.join(', ') : '');
    const init = spec.init || {};
    const kind = init.scheme || ['gamma', 'sigma', 'alpha'].find((k) => k in init) || 'gamma';
    setValue('init.kind', kind);
    setValue('init.value', init[kind]);
    for (const k of ['depth', 'width', 'learningRate', 'steps', 'seed', 'seeds', 'records', 'rankTolerance',
      'recordSpacing']) setValue(k, spec[k]);
    setValue('widthScaledLearningRate', spec.widthScaledLearningRate);
    const optimizer = spec.optimizer || {};
    setValue('optimizer.type', optimizer.type);
    setValue('optimizer.tolerance', optimizer.tolerance);
    setValue('hiddenWidths', Array.isArray(spec.hiddenWidths) ? spec.hiddenWidths.join(', ') : '');
    syncFormModes();
  }

  function syncFormModes() {
    form.dataset.task = field('task.type').value;
    form.dataset.init = field('init.kind').value;
    form.dataset.optimizer = field('optimizer.type').value;
  }

  /** The form control that shows a spec field, for error highlighting. */
  function controlFor(path) {
    if (!path) return null;
    const p = path.replace(/\[\d+\]$/, '');
    if (p.startsWith('init.')) return p === 'init.scheme' ? field('init.kind') : field('init.value');
    if (p === 'init') return field('init.kind');
    if (p === 'optimizer') return field('optimizer.type');
    if (p.startsWith('optimizer.')) return field(p);
    return field(p);
  }

  // ---- workers ----------------------------------------------------------------------------
  const query = new URLSearchParams(location.search);
  const preferredEngine = query.get('engine') || 'auto';
  // One engine worker per core (the page thread only draws); ?workers=N overrides (1–16).
  const poolSize = Math.max(1, Math.min(16, Number(query.get('workers')) || Math.min(8, navigator.hardwareConcurrency || 2)));
  lab.poolSize = poolSize;
  const workers = [];
  let validateToken = 0;
  let validation = { ok: false, canonical: null };

  function makeWorker(index) {
    const w = new Worker('engine-worker.js');
    const slot = { worker: w, index, ready: false, busy: null };
    w.onmessage = (e) => {
      const t0 = performance.now();
      onWorkerMessage(slot, e.data);
      const ms = performance.now() - t0; // diagnostics: the slowest handler per message type
      if (ms > 20) logSlow('slowLog', [Math.round(t0), Math.round(ms), e.data.type]);
      if (!(lab.slowestMs[e.data.type] >= ms)) lab.slowestMs[e.data.type] = ms;
    };
    w.onerror = (e) => { showError('Engine worker failed: ' + (e.message || 'unknown error')); };
    w.postMessage({ type: 'init', engine: preferredEngine });
    workers.push(slot);
    return slot;
  }

  function onWorkerMessage(slot, msg) {
    switch (msg.type) {
      case 'ready':
        slot.ready = true;
        lab.engine = msg.engine;
        engineEl.textContent = 'engine: ' + msg.engine;
        if (slot.index === 0) slot.worker.postMessage({ type: 'presets' });
        dispatch();
        break;
      case 'greedy':
        if (msg.token === greedyToken) showSaddles(msg.result);
        break;
      case 'experiment':
        lab.experiments = lab.experiments || {};
        lab.experiments[msg.kind] = msg.result;
        if (msg.result.error) {
          document.getElementById('toolkit-result').textContent = msg.result.error;
        } else {
          charts.showExperiment(msg.kind, msg.result);
          document.getElementById('toolkit-result').textContent = describeExperiment(msg.kind, msg.result);
        }
        break;
      case 'validated':
        if (msg.token === validateToken) applyValidation(msg);
        break;
      case 'document':
        onDocument(msg);
        break;
      case 'presets':
        onPresets(msg.list);
        break;
      case 'sweep':
        if (msg.token === sweepToken) onSweep(msg.result);
        break;
      case 'started': {
        const run = runsById.get(msg.id);
        if (run) run.learningRate = msg.learningRate;
        break;
      }
      case 'records':
        onRecords(msg);
        break;
      case 'progress':
        onProgress(msg);
        break;
      case 'done':
        onDone(slot, msg);
        break;
      case 'stopped':
        slot.busy = null;
        dispatch();
        break;
      case 'error':
        showError(msg.message);
        if (msg.id !== undefined) onDone(slot, { id: msg.id, status: 'error', message: msg.message, digest: '', step: 0 });
        break;
    }
  }

  // ---- presets ---------------------------------------------------------------------------------
  let linkedSpec = false;
  let presetsLoaded = false;
  let chartsAttached = false;

  /** Ready once the engine has listed its presets and every chart is on the page. */
  function markReady() {
    if (!presetsLoaded || !chartsAttached || lab.ready) return;
    lab.ready = true;
    updateButtons();
    updateStatus();
  }

  function onPresets(list) {
    PRESETS = list;
    const select = document.getElementById('preset');
    for (const p of list) {
      const o = document.createElement('option');
      o.value = p.name;
      o.textContent = p.title;
      select.appendChild(o);
    }
    if (!linkedSpec) formFromSpec(list[0].quick[0].spec);
    presetsLoaded = true;
    markReady();
    validateNow();
  }

  function choosePreset(name) {
    const p = PRESETS.find((x) => x.name === name);
    const text = document.getElementById('preset-text');
    const runAll = document.getElementById('run-preset');
    if (!p) { text.hidden = true; runAll.hidden = true; return; }
    formFromSpec(p.quick[0].spec);
    if (p.experiment) { // a toolkit experiment: its lists go into the Experiments panel
      const e = p.experiment.quick;
      if (e.alphas) document.getElementById('alphas').value = e.alphas.join(', ');
      if (e.widths) document.getElementById('widths').value = e.widths.join(', ');
      if (e.gammas) document.getElementById('gammas').value = e.gammas.join(', ');
      runAll.hidden = false;
      runAll.textContent = e.kind === 'escape' ? '▶ Run the escape-time experiment' : '▶ Run the geometry experiment';
      text.textContent = p.explanation + ` Quick variant: ${p.quickNote}; the lists are in the Experiments panel. `
        + `Published size: java -jar saddle-lab.jar run --preset ${p.name}.`;
      text.hidden = false;
      scheduleValidation();
      return;
    }
    runAll.hidden = p.quick.length < 2;
    runAll.textContent = `▶ Run all ${p.quick.length} configurations (quick)`;
    const more = p.quick.length > 1
      ? ` This preset has ${p.quick.length} configurations (quick variant: ${p.quickNote}); the form holds the first, `
        + `“${p.quick[0].label}”: change it to see the others, or run them all with java -jar saddle-lab.jar run --preset ${p.name} --quick.`
      : ` Quick variant: ${p.quickNote}.`;
    text.textContent = p.explanation + more;
    text.hidden = false;
    scheduleValidation();
  }

  // ---- validation (same Java rules as the server and the CLI) ----------------------------
  let validateTimer = 0;
  function scheduleValidation() {
    clearTimeout(validateTimer);
    validateTimer = setTimeout(validateNow, 120);
  }

  function validateNow() {
    if (!workers[0] || !workers[0].ready) return;
    validateToken++;
    workers[0].worker.postMessage({ type: 'validate', token: validateToken, spec: JSON.stringify(specFromForm()) });
  }

  function applyValidation(msg) {
    for (const el of form.querySelectorAll('.invalid')) el.classList.remove('invalid');
    if (msg.error) {
      validation = { ok: false, canonical: null };
      specError.hidden = false;
      specError.textContent = msg.error.error;
      const c = controlFor(msg.error.field);
      if (c) c.classList.add('invalid');
    } else {
      validation = { ok: true, canonical: msg.canonical };
      specError.hidden = true;
      if (fillFromCanonical) formFromSpec(JSON.parse(msg.canonical)); // show the defaults a link left out
      writeUrl();
    }
    fillFromCanonical = false;
    updateButtons();
  }

  function showError(text) {
    lab.lastError = text;
    specError.hidden = false;
    specError.textContent = text;
  }

  // ---- URL state: the canonical spec and view settings live in the fragment -------------
  function writeUrl() {
    const params = new URLSearchParams();
    const spec = validation.ok ? validation.canonical : new URLSearchParams(location.hash.slice(1)).get('spec');
    if (spec) params.set('spec', spec);
    if (!document.getElementById('xlog').checked) params.set('xlog', '0');
    if (!document.getElementById('bands').checked) params.set('bands', '0');
    if (view.present) params.set('present', '1');
    if (view.hide.size) params.set('hide', [...view.hide].sort().join(','));
    history.replaceState(null, '', location.pathname + location.search + '#' + params.toString());
  }

  // ---- presentation: large type, thick lines, the controls a link hides (like Playground's hide flags)
  const HIDEABLE = ['task', 'network', 'init', 'training', 'sweep', 'toolkit', 'saddles', 'runs'];
  const view = { present: false, hide: new Set() };

  function applyView() {
    document.body.classList.toggle('present', view.present);
    for (const el of document.querySelectorAll('[data-hide]')) el.hidden = view.hide.has(el.dataset.hide);
    for (const box of document.querySelectorAll('#hide-flags input')) box.checked = view.hide.has(box.value);
    document.getElementById('present').setAttribute('aria-pressed', String(view.present));
    lab.view = { present: view.present, hide: [...view.hide] };
    charts.setPresentation(view.present);
  }

  let fillFromCanonical = false;

  function readUrl() {
    const params = new URLSearchParams(location.hash.slice(1));
    if (params.get('xlog') === '0') document.getElementById('xlog').checked = false;
    if (params.get('bands') === '0') document.getElementById('bands').checked = false;
    view.present = params.get('present') === '1';
    view.hide = new Set((params.get('hide') || '').split(',').filter((h) => HIDEABLE.includes(h)));
    applyView();
    const text = params.get('spec');
    if (!text) return false;
    try {
      formFromSpec(JSON.parse(text));
      fillFromCanonical = true;
    } catch (e) {
      showError('The link does not hold a readable spec: ' + e.message);
      return false;
    }
    return true;
  }

  // ---- runs ------------------------------------------------------------------------------
  let nextRunId = 1;
  const queue = [];
  let batch = null; // {spec, canonical, runs: [...]}
  let paused = false;

  let nextBatchId = 1;

  /** Runs every configuration of a preset (× its seeds) on the worker pool. */
  function startPresetBatch(p) {
    if (p.experiment) {
      runExperiment(p.experiment.quick.kind, p.experiment.quick.seeds);
      return;
    }
    startConfigBatch(p.quick, { preset: p.name });
  }

  /** Runs configurations × seeds on the pool; finished runs stream into the plots, then a summary. */
  function startConfigBatch(configs, meta) {
    stopBatch();
    lab.longestTaskMs = 0;
    batch = Object.assign({ id: nextBatchId++, canonical: JSON.stringify(configs[0].spec), runs: [], configs,
      started: performance.now() }, meta);
    configs.forEach((c, k) => {
      const canonical = JSON.stringify(c.spec); // the canonical text: Java's sorted keys, same number text
      for (let i = 0; i < c.spec.seeds; i++) {
        const run = newRun(c.spec, i, canonical, COLORS[k % COLORS.length], `${batch.id}:${k}`);
        run.config = c;
        batch.runs.push(run);
        queue.push(run);
      }
    });
    paused = false;
    dispatch();
    updateButtons();
  }

  // ---- sweeps: one field of the form's spec over a list of values (Java builds and checks the specs)
  let sweepToken = 0;

  function startSweep() {
    if (!validation.ok || !workers[0] || !workers[0].ready) return;
    const values = document.getElementById('sweep-values').value.split(/[\s,]+/).filter((x) => x !== '').map(numberOrRaw);
    sweepToken++;
    workers[0].worker.postMessage({ type: 'sweep', token: sweepToken, spec: validation.canonical,
      field: document.getElementById('sweep-field').value, values: JSON.stringify(values) });
  }

  function onSweep(result) {
    const error = document.getElementById('sweep-error');
    if (result.error) {
      // its own line: the spec's validation (which runs as the form changes) must not hide it
      error.textContent = 'Sweep: ' + result.error;
      error.hidden = false;
      lab.lastError = error.textContent;
      return;
    }
    error.hidden = true;
    startConfigBatch(result, { sweep: document.getElementById('sweep-field').value });
  }

  // ---- documents: the batch's results document, written by Java (summary and checks included) ------
  let documentToken = 0;

  /** Asks the engine for the batch's document over the runs finished so far (export, summary, checks). */
  function requestDocument() {
    if (!batch || !workers[0] || !workers[0].ready) return;
    const done = (rs) => rs.filter((r) => r.json).map((r) => r.json).join(',');
    let kind;
    let entries;
    if (batch.configs) {
      kind = batch.sweep ? 'sweep' : 'preset';
      entries = '[' + batch.configs.map((c) => '{"key":' + JSON.stringify(c.key || '') + ',"label":' + JSON.stringify(c.label)
        + ',"runs":[' + done(batch.runs.filter((r) => r.config === c)) + '],"spec":' + JSON.stringify(c.spec) + '}').join(',') + ']';
    } else {
      kind = 'run';
      entries = '{"runs":[' + done(batch.runs) + '],"spec":' + batch.canonical + '}';
    }
    documentToken++;
    batch.documentRuns = batch.runs.filter((r) => r.json).length;
    workers[0].worker.postMessage({ type: 'document', token: documentToken, kind, name: batch.sweep || batch.preset || '',
      quick: true, entries });
  }

  function onDocument(msg) {
    if (msg.token !== documentToken || !batch) return;
    let doc;
    try {
      doc = JSON.parse(msg.text);
    } catch (e) {
      showError('The engine could not build the results document: ' + e.message);
      return;
    }
    if (doc.error) { showError(doc.error); return; }
    batch.document = msg.text;
    batch.documentComplete = batch.documentRuns === batch.runs.filter((r) => r.json).length;
    if (doc.summary) {
      lab.summary = doc.summary;
      charts.showSummary(doc.summary);
    }
    showChecks(doc.checks || []);
    updateButtons();
  }

  /** A preset's claims, measured on its runs by Java (PresetChecks). */
  function showChecks(checks) {
    lab.checks = checks;
    const list = document.getElementById('checks');
    if (!list) return;
    list.replaceChildren(...checks.map((c) => {
      const li = document.createElement('li');
      li.className = c.passed ? 'passed' : 'failed';
      li.textContent = `${c.passed ? '✓' : '✗'} ${c.claim} — ${c.measured}`;
      return li;
    }));
    list.hidden = checks.length === 0;
  }

  function startBatch() {
    if (!validation.ok) return;
    stopBatch();
    lab.longestTaskMs = 0; // measure the main thread while training, not while loading
    const spec = JSON.parse(validation.canonical);
    batch = { id: nextBatchId++, canonical: validation.canonical, runs: [], started: performance.now() };
    for (let i = 0; i < spec.seeds; i++) {
      const run = newRun(spec, i, validation.canonical, undefined, `${batch.id}:0`);
      batch.runs.push(run);
      queue.push(run);
    }
    paused = false;
    dispatch();
    updateButtons();
  }

  /** A run of the spec's seed index; runs with the same group key are one configuration's seeds (bands). */
  function newRun(spec, seedIndex, canonical, color, group) {
    const id = nextRunId++;
    const run = { id, seed: spec.seed + seedIndex, seedIndex, spec, canonical: canonical || validation.canonical,
      color: color || COLORS[(id - 1) % COLORS.length], group: group || 'run:' + id,
      status: 'queued', step: 0, stepsPerSecond: 0, digest: '', message: '', json: null, records: 0,
      series: { step: [], trainLoss: [], testLoss: [], rank: [], nuclearNorm: [], gradNorm: [], paramNorm: [],
        balancedness: [], escapedRank: [], adaptive: [] }, datasets: {} };
    lab.runs.push({ id, seed: run.seed, get status() { return run.status; }, get digest() { return run.digest; },
      get message() { return run.message; }, get records() { return run.records; },
      get trainLoss() { return run.series.trainLoss.slice(); }, get rank() { return run.series.rank.slice(); },
      get scheduled() { return run.series.adaptive.filter((a) => a === 0).length; },
      get json() { return run.json; },
      get step() { return run.step; } });
    charts.addRun(run);
    renderRunList();
    return run;
  }

  const runsById = new Map();

  function dispatch() {
    for (const slot of workers) {
      if (!slot.ready || slot.busy || queue.length === 0) continue;
      const run = queue.shift();
      slot.busy = run;
      run.status = 'running';
      runsById.set(run.id, run);
      slot.worker.postMessage({ type: 'run', id: run.id, spec: run.canonical, seedIndex: run.seedIndex, paused });
    }
    updateStatus();
    updateButtons();
  }

  function onRecords(msg) {
    const run = runsById.get(msg.id);
    if (!run) return;
    const d = msg.data;
    const w = msg.width;
    for (let o = 0; o + w <= d.length; o += w) pushRecord(run, d, o, w);
    run.time = d[d.length - w + 1];
    // a flow run counts integrator steps (from the progress messages); descent counts iterations
    if (!(run.spec.optimizer && run.spec.optimizer.type === 'flow')) run.step = d[d.length - w];
    charts.markGrown();
  }

  /** One record, packed as Java's Trace: step, time, trainLoss, testLoss, rank, nuclear, grad, param, balance, s_1..s_m … */
  function pushRecord(run, d, o, w) {
    const s = run.series;
    s.step.push(d[o]);
    s.trainLoss.push(d[o + 2]);
    s.testLoss.push(d[o + 3]);
    s.rank.push(d[o + 4]);
    s.nuclearNorm.push(d[o + 5]);
    s.gradNorm.push(d[o + 6]);
    s.paramNorm.push(d[o + 7]);
    s.balancedness.push(d[o + 8]);
    s.escapedRank.push(d[o + 9]);
    s.adaptive.push(d[o + 11]);
    charts.append(run, d, o, w);
    run.records++;
  }

  function onProgress(msg) {
    const run = runsById.get(msg.id);
    if (!run) return;
    run.step = msg.step;
    run.stepsPerSecond = msg.stepsPerSecond;
    throttledStatus();
  }

  function onDone(slot, msg) {
    const run = runsById.get(msg.id);
    if (slot.busy && slot.busy.id === msg.id) slot.busy = null;
    if (run) {
      run.status = msg.status;
      run.message = msg.message || '';
      run.digest = msg.digest || '';
      run.step = msg.step;
      run.json = msg.run || null;
      run.csv = msg.csv || '';
      run.csvHeader = msg.csvHeader || '';
      if (FAILED.has(run.status)) showError(run.message);
      renderRunList();
      if (batch && batch.runs.includes(run)) {
        if (batch.runs.every((r) => r.json)) lab.batchMs = performance.now() - batch.started; // for the pool benchmark
        // a batch's summary grows as its runs finish; a single spec gets the greedy comparison at the end
        // the document (summary and checks) once every run is in or was cancelled: it parses every run's series
        if (batch.runs.every((r) => r.json || r.status === 'cancelled' || r.status === 'stopped')) requestDocument();
        if (batch.runs.every((r) => r.json) && (!batch.configs || batch.configs.length === 1)) requestGreedy();
      }
    }
    dispatch();
  }

  // ---- saddles: the last run's plateaus beside the greedy algorithm's saddles ------------------
  let greedyToken = 0;

  function requestGreedy() {
    if (!batch || !workers[0] || !workers[0].ready) return;
    const spec = JSON.parse(batch.canonical);
    greedyToken++;
    workers[0].worker.postMessage({ type: 'greedy', token: greedyToken, spec: batch.canonical, epsilon: 0.1,
      tolerance: 1e-6, stepsPerStage: Math.max(1, spec.steps) });
  }

  function cell(text) {
    const td = document.createElement('td');
    td.textContent = text;
    return td;
  }

  function showSaddles(greedy) {
    lab.greedy = greedy;
    charts.showGreedy(greedy && !greedy.error ? greedy : null);
    charts.showGreedyPaths(greedy && !greedy.error ? greedy : null);
    charts.showGreedyLevels(greedy && !greedy.error ? greedy : null, batch ? JSON.parse(batch.canonical).steps : 1);
    const done = batch ? batch.runs.filter((r) => r.json) : [];
    const run = done.length ? JSON.parse(done[done.length - 1].json) : null;
    const byRank = new Map();
    if (greedy && greedy.saddles) for (const s of greedy.saddles) if (!byRank.has(s.rank)) byRank.set(s.rank, s.loss);
    const rows = [];
    (run ? run.saddles : []).forEach((s, k) => {
      const g = byRank.get(s.rank);
      const tr = document.createElement('tr');
      const to = s.escapedToRank < 0 ? 'still escaping at the end'
        : s.directions > 1 ? `${s.escapedToRank} (${s.directions} directions at once)` : String(s.escapedToRank);
      tr.append(cell(String(k + 1)), cell(s.clearGap ? String(s.rank) : `${s.rank} (no clear gap)`), cell(to), cell(fmt(s.loss)),
        cell(g === undefined ? '—' : fmt(g)),
        cell(g === undefined ? '—' : (100 * Math.abs(s.loss - g) / g).toFixed(2) + ' %'), cell(fmt(s.arrival)),
        cell(fmt(s.escape)));
      rows.push(tr);
    });
    if (greedy && greedy.error) {
      const tr = document.createElement('tr');
      const td = cell('greedy algorithm: ' + greedy.error);
      td.colSpan = 8;
      tr.append(td);
      rows.push(tr);
    }
    document.querySelector('#saddles tbody').replaceChildren(...rows);
    lab.saddles = run ? run.saddles : [];
    const e = run && run.escape;
    if (run) charts.showRunExtras(done[done.length - 1], run);
    const alignment = run ? run.series.alignment[run.series.alignment.length - 1] : NaN;
    document.getElementById('escape').textContent = e
      ? `Escape from the origin: s₁ = ‖∇C(0)‖ = ${fmt(e.s1)}, optimal speed s* = L^−(L−2)/2·s₁ = ${fmt(e.predictedSpeed)}, `
        + `fitted from the growth of u₁ᵀAv₁: ${e.fittedSpeed === null ? `n/a (${e.reason})` : fmt(e.fittedSpeed)}, `
        + `escape time t_α = ${e.time === null ? 'n/a' : fmt(e.time)}; `
        + `alignment of A's top singular pair with (u₁, v₁) at the end: ${fmt(alignment)}. `
        + `NTK: ${fmt(run.ntk.initial)} at init (expected ${run.ntk.expected === null ? 'n/a' : fmt(run.ntk.expected)}), `
        + `relative change over the run ${fmt(run.ntk.relativeChange)}.`
      : '';
  }

  function describeExperiment(kind, r) {
    if (kind === 'escape') {
      return r.depth === 2
        ? `L = 2: t_α against −log α has slope ${fmt(r.fittedSlope)}; the theory predicts 1/s* = ${fmt(r.predictedSlope)}. `
          + `Dashed: ${r.prediction.text}.${unmeasured(r)}`
        : `L = ${r.depth}: t_α ∝ α^${fmt(r.fittedExponent)}; the theory predicts α^${fmt(r.predictedExponent)}. `
          + `Dashed: ${r.prediction.text}.${unmeasured(r)}`;
    }
    return r.series.map((g) => `γ = ${g.gamma}: d_saddle ∝ w^${fmt(g.fittedSaddleExponent)} (theorem ${fmt(g.theoremSaddleExponent)}),`
      + ` d_minimum ∝ w^${fmt(g.fittedMinimumExponent)} (theorem ${fmt(g.theoremMinimumExponent)});`
      + ` NTK at init / L·w^((1−γ)(L−1)): ${g.ntkOverExpected.map(fmt).join(', ')}`).join('. ');
  }

  /** The reasons the escape experiment gives for the times it could not measure. */
  function unmeasured(r) {
    const out = r.alphas.map((a, i) => (r.reasons[i] ? ` α = ${a}: ${r.reasons[i]}.` : '')).join('');
    return out ? ' Not measured:' + out : '';
  }

  function listJson(id) {
    return JSON.stringify(document.getElementById(id).value.split(/[\s,]+/).filter((x) => x !== '').map(numberOrRaw));
  }

  function runExperiment(kind, seeds) {
    if (!validation.ok || !workers[0] || !workers[0].ready) return;
    document.getElementById('toolkit-result').textContent = 'computing…';
    if (kind === 'escape') {
      workers[0].worker.postMessage({ type: 'escapeTimes', spec: validation.canonical, alphas: listJson('alphas'), r: 0 });
    } else {
      workers[0].worker.postMessage({ type: 'geometry', spec: validation.canonical, widths: listJson('widths'),
        gammas: listJson('gammas'), seeds: seeds || 2 });
    }
  }

  function stopBatch() {
    for (const run of queue) run.status = 'cancelled';
    queue.length = 0;
    for (const slot of workers) {
      if (slot.busy) {
        slot.busy.status = 'stopped';
        slot.worker.postMessage({ type: 'stop' });
      }
    }
  }

  function activeRuns() {
    return batch ? batch.runs.filter((r) => r.status === 'running' || r.status === 'queued') : [];
  }

  function updateButtons() {
    const active = activeRuns().length > 0;
    buttons.run.disabled = !validation.ok || !lab.ready;
    buttons.run.textContent = active && paused ? '▶ Resume' : '▶ Run';
    buttons.pause.disabled = !active || paused;
    buttons.export.disabled = !batch || activeRuns().length > 0 || !batch.document || !batch.documentComplete;
    buttons['export-csv'].disabled = !charts.runs().some((r) => r.csv);
  }

  let statusTimer = 0;
  function throttledStatus() {
    if (!statusTimer) statusTimer = setTimeout(() => { statusTimer = 0; updateStatus(); }, 200);
  }

  function fmt(x) {
    if (!Number.isFinite(x)) return '—';
    return Math.abs(x) >= 1e4 || (Math.abs(x) < 1e-3 && x !== 0) ? x.toExponential(2) : x.toPrecision(4);
  }

  function updateStatus() {
    if (!batch) {
      statusEl.textContent = lab.ready ? 'Ready: press Run.' : 'Loading the engine…';
      progressEl.hidden = true;
      buttons.cancel.hidden = true;
      return;
    }
    const runs = batch.runs;
    const done = runs.filter((r) => FINISHED.has(r.status)).length;
    const rate = runs.filter((r) => r.status === 'running').reduce((a, r) => a + r.stepsPerSecond, 0);
    const lead = runs.find((r) => r.status === 'running') || runs[runs.length - 1];
    const eta = lead.learningRate || lead.spec.learningRate;
    const flow = lead.spec.optimizer && lead.spec.optimizer.type === 'flow';
    // ETA from the steps left and the pool's aggregate rate
    const left = runs.filter((r) => r.status === 'running' || r.status === 'queued')
      .reduce((a, r) => a + Math.max(0, r.spec.steps - (r.status === 'running' ? r.step : 0)), 0);
    const remaining = rate > 0 && left > 0 && !runs.some((r) => r.spec.optimizer && r.spec.optimizer.type === 'flow')
      ? ` · about ${Math.ceil(left / rate)} s left` : '';
    const parts = [
      `runs ${done}/${runs.length} done${remaining}`,
      flow ? `gradient flow: ${lead.step.toLocaleString()} integrator steps`
        : `iteration ${lead.step.toLocaleString()} / ${lead.spec.steps.toLocaleString()}`,
      flow ? `t = ${fmt(lead.time || 0)} / ${fmt(eta * lead.spec.steps)}` : `t = η·k = ${fmt(eta * lead.step)}`,
      `${Math.round(rate).toLocaleString()} steps/s`,
      `engine ${lab.engine || '…'}`,
    ];
    if (paused && activeRuns().length) parts.push('paused');
    statusEl.textContent = parts.join(' · ');
    // the progress bar: steps done over all steps of the batch (cancelled runs leave the total)
    const counted = runs.filter((r) => r.status !== 'cancelled' && r.status !== 'stopped');
    const total = counted.reduce((a, r) => a + Math.max(1, r.spec.steps), 0);
    const doneSteps = counted.reduce((a, r) => a + (r.json ? Math.max(1, r.spec.steps)
      : Math.min(r.step, Math.max(1, r.spec.steps))), 0);
    progressEl.max = total;
    progressEl.value = flow ? done : doneSteps;
    if (flow) progressEl.max = counted.length;
    progressEl.hidden = false;
    buttons.cancel.hidden = activeRuns().length === 0;
    renderRunList();
  }

  function renderRunList() {
    const items = [];
    for (const run of charts.runs()) {
      const li = document.createElement('li');
      const sw = document.createElement('span');
      sw.className = 'swatch';
      sw.style.background = run.color;
      li.appendChild(sw);
      const label = document.createElement('span');
      label.textContent = `#${run.id} seed ${run.seed}: ${run.status}`;
      if (FAILED.has(run.status)) label.className = 'diverged';
      if (run.message) label.title = run.message;
      li.appendChild(label);
      if (run.digest) {
        const dg = document.createElement('span');
        dg.className = 'digest';
        dg.title = 'digest of the final parameters: the same spec gives the same digest everywhere';
        dg.textContent = run.digest;
        dg.dataset.runId = String(run.id);
        li.appendChild(dg);
      }
      items.push(li);
    }
    runsEl.replaceChildren(...items);
  }

  // ---- charts ------------------------------------------------------------------------------
  const charts = (() => {
    const all = [];
    const runs = [];
    let dirty = false;
    const defs = [
      { id: 'chart-loss', title: 'Loss (train solid, test dashed)', ylog: true },
      { id: 'chart-sv', title: 'Singular values of A', ylog: true, joined: true },
      { id: 'chart-rank', title: 'rank(A) at the tolerance', ylog: false, step: true },
      { id: 'chart-grad', title: '‖∇θL‖ (solid) and ‖θ‖ (dotted)', ylog: true },
      { id: 'chart-nuclear', title: 'Nuclear norm ‖A‖*', ylog: false },
      { id: 'chart-balance', title: 'Balancedness max‖W_{l+1}ᵀW_{l+1} − W_lW_lᵀ‖', ylog: true },
      { id: 'chart-greedy', title: 'Greedy low-rank paths θ¹, θ², … one after the other (train solid, test dashed)',
        ylog: true, greedy: true, empty: 'drawn when a run ends: the greedy algorithm on its task' },
      { id: 'chart-path', title: 'Path view: A on the top two escape directions (+ origin, ● saddles, greedy dashed)',
        custom: { x: 'u₁ᵀAv₁', y: 'u₂ᵀAv₂', xlog: false, ylog: false } },
      { id: 'chart-summary', title: 'Preset summary: final loss (test if any, else train) per configuration, mean ± std over seeds',
        custom: { x: 'configuration', y: 'final loss', xlog: false, ylog: true },
        empty: 'run a sweep, or a preset with several configurations (Fig. 2, Fig. 3 …)' },
      { id: 'chart-escape', title: 'Escape time t_α against α (measured ●; dashed: L = 2 prediction, L > 2 reference slope)',
        custom: { x: 'α', y: 't_α', xlog: true, ylog: true }, empty: 'press “Escape time vs α (§5.1)” in Experiments on this task' },
      { id: 'chart-geometry', title: 'Distance from the init to the saddle (●) and to the minimum (■) vs w; theorem dashed',
        custom: { x: 'width w', y: 'distance', xlog: true, ylog: true },
        empty: 'press “Initialization geometry vs w (Theorem 1)” in Experiments on this task' },
    ];
    const byId = {};

    /** A plot with nothing to show says what fills it, instead of bare axes. */
    const emptyHint = {
      id: 'emptyHint',
      afterDraw(chart, args, opts) {
        if (!opts.text || chart.data.datasets.some((d) => d.data && d.data.length)) return;
        const { ctx, chartArea: a } = chart;
        ctx.save();
        ctx.fillStyle = '#777';
        ctx.font = `${presenting ? 17 : 12}px sans-serif`;
        ctx.textAlign = 'center';
        ctx.textBaseline = 'middle';
        ctx.fillText(opts.text, (a.left + a.right) / 2, (a.top + a.bottom) / 2, a.right - a.left - 8);
        ctx.restore();
      },
    };

    function xType() { return document.getElementById('xlog').checked ? 'logarithmic' : 'linear'; }

    // On a log axis iteration 0 cannot be shown: the axis starts at iteration 1.
    function xScale() {
      const log = xType() === 'logarithmic';
      return { type: xType(), min: log ? 1 : undefined, title: { display: true, text: 'iteration k' },
        ...NARROW_LOG, ticks: { callback: (v, i, ticks) => tickLabel(v, log, ticks) } };
    }

    function tickLabel(v, log, ticks) {
      if (!log) return Number.isInteger(v) ? v.toLocaleString() : String(Number(v.toPrecision(6)));
      const e = Math.log10(v);
      if (Math.abs(e - Math.round(e)) <= 1e-9) { // a decade: 1e-4 … 0.001 … 1000 … 1e4, whatever the range
        return Math.abs(e) <= 3 ? String(Number(v.toPrecision(1))) : '1e' + Math.round(e);
      }
      return ticks && ticks.length <= 8 ? fmt(v) : ''; // a short range labels every tick, a long one decades only
    }

    /**
     * A log axis over at most a decade (balancedness drifting in its fourth digit, a loss that barely
     * moves, an empty plot's default 1 … 10): Chart.js then crowds its ticks at one end, with labels
     * that repeat or overlap. Such an axis is all but linear, so it gets 3–6 evenly spaced round ticks,
     * labelled with the digits that tell them apart (set after Chart.js's own labels, whatever the
     * axis's tick callback).
     */
    function narrowLogTicks(scale) {
      if (scale.type !== 'logarithmic' || !(scale.min > 0) || !(scale.max > scale.min) || scale.max / scale.min > 10) return;
      const raw = (scale.max - scale.min) / 4;
      const mag = Math.pow(10, Math.floor(Math.log10(raw)));
      const norm = raw / mag;
      const step = (norm < 1.5 ? 1 : norm < 3 ? 2 : norm < 7 ? 5 : 10) * mag;
      const digits = Math.max(1, Math.min(15, Math.floor(Math.log10(scale.max)) - Math.floor(Math.log10(step)) + 1));
      const ticks = [];
      for (let k = Math.ceil(scale.min / step); k * step <= scale.max * (1 + 1e-12); k++) {
        const v = k * step;
        const label = v >= 1e4 || v < 1e-3 ? v.toExponential(Math.max(0, digits - 1)) : String(Number(v.toPrecision(digits)));
        ticks.push({ value: v, narrowLabel: label });
      }
      if (ticks.length >= 2) scale.ticks = ticks;
    }

    /** Every log axis: narrow ranges get narrowLogTicks' ticks and labels. */
    const NARROW_LOG = {
      afterBuildTicks: narrowLogTicks,
      afterTickToLabelConversion(scale) {
        for (const t of scale.ticks) if (t.narrowLabel !== undefined) t.label = t.narrowLabel;
      },
    };

    function greedyXScale() {
      return { type: 'linear', min: 0, title: { display: true, text: 'stage k (log steps within each; · · · = ∞ steps)' },
        ticks: { stepSize: 0.5, callback: (v) => (Number.isInteger(v) ? '· · ·' : 'θ' + Math.ceil(v)) } };
    }

    let presenting = false;

    /** Presentation mode: large type and thick lines, readable from the back of a room. */
    function setPresentation(on) {
      presenting = on;
      for (const { chart } of Object.values(byId)) styleChart(chart);
      dirty = true;
    }

    function styleChart(chart) {
      const size = presenting ? 17 : 12;
      chart.options.elements.line.borderWidth = presenting ? 3.2 : 1.6;
      chart.options.plugins.title.font = { size: presenting ? 19 : 13, weight: 'bold' };
      for (const axis of Object.values(chart.options.scales)) {
        // sampleSize: measure a few labels, not all (a log axis over 30 decades has hundreds of ticks)
        axis.ticks = Object.assign(axis.ticks || {}, { font: { size }, sampleSize: 12 });
        if (axis.title) axis.title.font = { size };
      }
    }

    // Eleven Chart.js instances drawn at once made one 200-600 ms task at page load. Each is built
    // on its canvas taken out of the page (Chart.js draws nothing until the canvas is attached), and
    // the canvases go back one per animation frame, each frame drawing one chart. Until then a chart
    // counts as out of sight (frame() redraws it once shown); the page reports ready after the last.
    function create(onAttached) {
      const detached = [];
      for (const def of defs) {
        const canvas = document.getElementById(def.id);
        detached.push({ canvas, parent: canvas.parentNode, next: canvas.nextSibling });
        canvas.remove();
        const chart = new Chart(canvas, {
          type: 'line',
          data: { datasets: [] },
          plugins: [emptyHint],
          options: {
            animation: false, responsive: true, maintainAspectRatio: false, parsing: false, normalized: !def.custom && !def.joined,
            spanGaps: true,
            interaction: { mode: 'nearest', intersect: false, axis: 'x' },
            elements: { point: { radius: 0 }, line: { borderWidth: 1.6 } },
            plugins: {
              title: { display: true, text: def.title },
              legend: { display: false },
              decimation: { enabled: !def.custom, algorithm: 'lttb', samples: 400 },
              tooltip: { callbacks: { label: (c) => `${partLabel(c)}: ${fmt(c.parsed.y)}` } },
              emptyHint: { text: def.empty || 'press ▶ Run' },
            },
            scales: {
              x: def.custom ? customAxis(def.custom.xlog, def.custom.x) : def.greedy ? greedyXScale() : xScale(),
              y: def.custom ? customAxis(def.custom.ylog, def.custom.y) : {
                type: def.ylog ? 'logarithmic' : 'linear', beginAtZero: !def.ylog, ...NARROW_LOG,
                ticks: def.step ? { stepSize: 1, precision: 0 } : { callback: (v, i, ticks) => tickLabel(v, def.ylog, ticks) } },
            },
          },
        });
        byId[def.id] = { chart, def };
        styleChart(chart);
        all.push(chart);
      }
      const attachNext = () => {
        const c = detached.shift();
        if (!c) {
          onAttached();
          return;
        }
        c.parent.insertBefore(c.canvas, c.next);
        requestAnimationFrame(attachNext);
      };
      requestAnimationFrame(attachNext);
      requestAnimationFrame(frame);
    }

    /** An axis of the summary, escape and geometry plots (Chart.js's labels; narrow log ranges as above). */
    function customAxis(log, title) {
      return Object.assign({ type: log ? 'logarithmic' : 'linear', title: { display: true, text: title } },
        log ? NARROW_LOG : {});
    }

    function dataset(run, label, extra) {
      return Object.assign({ label: `#${run.id} ${label}`, data: [], full: columns(), borderColor: run.color,
        backgroundColor: run.color, runId: run.id }, extra || {});
    }

    // ---- decimation: each series keeps every point (set.full, two plain number arrays: objects
    // only for the points drawn, so ten runs of 2 000 records do not leave 300 000 small objects for
    // the garbage collector to trace while the workers hold both cores); the chart gets at most ~2 points per
    // pixel-sized bucket of the x axis (log buckets on a log axis), the min and the max of each, so
    // spikes and plateaus survive. Chart.js's own decimation does not work on a logarithmic axis.
    // Buckets per series shrink as a chart holds more series, so one chart never draws more than
    // about POINTS_PER_CHART points, at least 20 buckets a series (a run's singular values share its
    // buckets: see joined()).
    const BUCKETS = 220;
    const POINTS_PER_CHART = 4000; // ~2 µs a point to draw: a chart stays near 10 ms
    const staleSets = new Set();

    function bucketsFor(set) {
      const chart = set.chartId && byId[set.chartId] ? byId[set.chartId].chart : null;
      const n = chart ? chart.data.datasets.length : 1;
      return Math.max(20, Math.min(BUCKETS, Math.floor(POINTS_PER_CHART / (2 * n))));
    }

    /** A series stored by columns: {x: [...], y: [...]}. */
    function columns() {
      return { x: [], y: [] };
    }

    function points(full, from, to) {
      const out = [];
      for (let i = from; i < to; i++) out.push({ x: full.x[i], y: full.y[i] });
      return out;
    }

    function decimate(full, logX, buckets) {
      const nb = buckets || BUCKETS;
      const xs = full.x;
      const ys = full.y;
      const n = xs.length;
      if (n <= 2 * nb) return points(full, 0, n);
      const key = (x) => (logX ? (x > 0 ? Math.log(x) : NaN) : x);
      let lo = Infinity;
      let hi = -Infinity;
      for (let i = 0; i < n; i++) {
        const k = key(xs[i]);
        if (Number.isFinite(k)) { lo = Math.min(lo, k); hi = Math.max(hi, k); }
      }
      const out = [];
      const at = (i) => ({ x: xs[i], y: ys[i] });
      let bucket = -1;
      let min = -1;
      let max = -1;
      const flush = () => {
        if (min < 0) return;
        if (min === max) out.push(at(min));
        else if (min < max) out.push(at(min), at(max));
        else out.push(at(max), at(min));
      };
      for (let i = 0; i < n; i++) {
        const k = key(xs[i]);
        if (!Number.isFinite(k)) { out.push(at(i)); continue; }
        const b = hi > lo ? Math.min(nb - 1, Math.floor((k - lo) / (hi - lo) * nb)) : 0;
        if (b !== bucket) {
          flush();
          bucket = b;
          min = max = i;
        } else {
          if (ys[i] < ys[min]) min = i;
          if (ys[i] > ys[max]) max = i;
        }
      }
      flush();
      return out;
    }

    /**
     * The path view is not a function of x: its points are kept at least 1/most of the path's length
     * apart (on axes scaled to the path's extent), so a plateau, where the path stalls near a saddle,
     * costs a point or two and the turns between saddles keep theirs. At most most + 2 points (each kept
     * point is at least `step` along the path from the one before); every record lies within `step` of a
     * kept one (set.pathStep, read by the tests).
     */
    function alongPath(set, most) {
      const full = set.full;
      const xs = full.x;
      const ys = full.y;
      const n = xs.length;
      set.pathStep = 0;
      if (n <= most) return points(full, 0, n);
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
      set.pathStep = step;
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
      return out;
    }

    /** The parts of a joined series (a run's s_2, s_3, …), each decimated, with a gap between. */
    function joined(set, logX) {
      const each = Math.max(20, Math.floor(bucketsFor(set) / Math.max(1, set.parts.length)));
      const out = [];
      const partOf = [];
      set.parts.forEach((part, i) => {
        const pts = decimate(part, logX, each);
        if (!pts.length) return;
        if (out.length) {
          out.push({ x: pts[0].x, y: NaN });
          partOf.push(-1);
        }
        for (const p of pts) {
          out.push(p);
          partOf.push(i);
        }
      });
      set.partOf = partOf;
      return out;
    }

    /** A tooltip's series name: a joined series names its part (#3 s2). */
    function partLabel(c) {
      const part = c.dataset.partOf ? c.dataset.partOf[c.dataIndex] : undefined;
      return part >= 0 ? `#${c.dataset.runId} s${c.dataset.firstPart + part + 1}` : c.dataset.label;
    }

    /** Decimates the stale series of one chart, just before it is redrawn (spreads the work over frames). */
    function refreshDecimation(chartId) {
      const logX = xType() === 'logarithmic';
      for (const set of staleSets) {
        if (set.chartId !== chartId) continue;
        staleSets.delete(set);
        set.data = set.chartId === 'chart-path' ? alongPath(set, bucketsFor(set))
          : set.parts ? joined(set, logX) : decimate(set.full, logX, bucketsFor(set));
      }
    }

    // ---- seeds as bands: per configuration (group), the mean line and a min–max band over its seeds
    const BAND_METRICS = [
      ['chart-loss', 'trainLoss', 'train loss', {}], ['chart-loss', 'testLoss', 'test loss', { borderDash: [5, 4] }],
      ['chart-rank', 'rank', 'rank', { stepped: true }], ['chart-grad', 'gradNorm', '‖∇θL‖', {}],
      ['chart-grad', 'paramNorm', '‖θ‖', { borderDash: [2, 3] }], ['chart-nuclear', 'nuclearNorm', '‖A‖*', {}],
      ['chart-balance', 'balancedness', 'balancedness', {}],
    ];
    const RUN_SETS = { trainLoss: 'train', testLoss: 'test', rank: 'rank', gradNorm: 'grad', paramNorm: 'param',
      nuclearNorm: 'nuclear', balancedness: 'balance' };
    const groups = new Map(); // group key → {key, runs, color, sets, dirty}
    let bands = document.getElementById('bands').checked;
    let groupsDirty = false;

    function groupOf(run) {
      if (!groups.has(run.group)) groups.set(run.group, { key: run.group, runs: [], color: run.color, sets: null, dirty: true });
      return groups.get(run.group);
    }

    /** Mean and min–max over the seeds at each record index (records of one spec share their steps). */
    /**
     * Mean and min–max over the seeds at each scheduled record (the seeds of one spec share those steps;
     * the records added where a run's loss moved fast differ between seeds and are left out).
     */
    function bandData(g, metric) {
      const mean = columns();
      const lo = columns();
      const hi = columns();
      const scheduled = g.runs.map((r) => r.series.adaptive.reduce((a, x, i) => (x === 0 ? a.concat(i) : a), []));
      const n = Math.max(...scheduled.map((idx) => idx.length));
      for (let k = 0; k < n; k++) {
        let sum = 0;
        let count = 0;
        let min = Infinity;
        let max = -Infinity;
        let x = NaN;
        g.runs.forEach((r, j) => {
          const i = scheduled[j][k];
          if (i === undefined) return;
          const y = r.series[metric][i];
          if (!Number.isFinite(y)) return;
          if (!Number.isFinite(x)) x = r.series.step[i];
          sum += y;
          count++;
          min = Math.min(min, y);
          max = Math.max(max, y);
        });
        if (!count) continue;
        mean.x.push(x);
        mean.y.push(sum / count);
        lo.x.push(x);
        lo.y.push(min);
        hi.x.push(x);
        hi.y.push(max);
      }
      return { mean, lo, hi };
    }

    function refreshBands() {
      groupsDirty = false;
      for (const g of groups.values()) {
        const show = bands && g.runs.length >= 2;
        if (!g.dirty && show === !!g.sets) continue;
        g.dirty = false;
        for (const r of g.runs) for (const m of Object.values(RUN_SETS)) r.datasets[m].hidden = show;
        if (!show) {
          if (g.sets) removeWhere((d) => d.bandOf === g.key);
          g.sets = null;
          continue;
        }
        if (!g.sets) {
          g.sets = {};
          for (const [chartId, metric, label, extra] of BAND_METRICS) {
            const base = { bandOf: g.key, borderColor: g.color, backgroundColor: g.color, data: [] };
            const set = {
              lo: Object.assign({}, base, { label: `${label} min over seeds`, borderWidth: 0, backgroundColor: g.color + '26' }),
              hi: Object.assign({}, base, { label: `${label} max over seeds`, borderWidth: 0, backgroundColor: g.color + '26',
                fill: '-1' }),
              mean: Object.assign({}, base, extra, { label: `${label} mean of ${g.runs.length} seeds`, borderWidth: 2 }),
            };
            byId[chartId].chart.data.datasets.push(set.lo, set.hi, set.mean);
            g.sets[metric] = set;
          }
        }
        for (const [, metric, label] of BAND_METRICS) {
          const d = bandData(g, metric);
          const set = g.sets[metric];
          const logX = xType() === 'logarithmic';
          set.lo.data = decimate(d.lo, logX);
          set.hi.data = decimate(d.hi, logX);
          set.mean.data = decimate(d.mean, logX);
          set.mean.label = `${label} mean of ${g.runs.length} seeds`;
        }
      }
    }

    function removeWhere(pred) {
      for (const c of all) c.data.datasets = c.data.datasets.filter((d) => !pred(d));
    }

    function setBands(on) {
      bands = on;
      groupsDirty = true;
      dirty = true;
    }

    /** Forgets runs (Reset): their datasets, their groups' bands. */
    function removeRuns(ids) {
      const gone = new Set();
      for (const g of groups.values()) if (g.runs.some((r) => ids.has(r.id))) gone.add(g.key);
      removeWhere((d) => ids.has(d.runId) || gone.has(d.bandOf) || ids.has(d.extraOf));
      for (const k of gone) groups.delete(k);
      for (const r of runs) if (ids.has(r.id)) r.removed = true;
      const kept = runs.filter((r) => !ids.has(r.id));
      runs.length = 0;
      runs.push(...kept);
      dirty = true;
    }

    function addRun(run) {
      runs.push(run);
      const g = groupOf(run);
      g.runs.push(run);
      g.dirty = true;
      groupsDirty = true;
      const m = Math.min(run.spec.task.type === 'completion' ? run.spec.task.rows : run.spec.task.outputs,
        run.spec.task.type === 'completion' ? run.spec.task.cols : run.spec.task.inputs);
      const ds = run.datasets;
      ds.train = dataset(run, 'train loss');
      ds.test = dataset(run, 'test loss', { borderDash: [5, 4] });
      // Two series per run: s_1 (thicker), and s_2, s_3, … drawn one after the other with a gap
      // between them. Chart.js's cost is mostly per series: ten runs would otherwise draw 80.
      ds.sv = [dataset(run, 's1', { borderWidth: 2, parts: [], partOf: [], firstPart: 0 }),
        dataset(run, 's2…', { borderWidth: 1.2, spanGaps: false, parts: [], partOf: [], firstPart: 1 })];
      for (let i = 0; i < Math.min(m, 10); i++) ds.sv[i === 0 ? 0 : 1].parts.push(columns());
      ds.rank = dataset(run, 'rank', { stepped: true });
      ds.grad = dataset(run, '‖∇θL‖');
      ds.param = dataset(run, '‖θ‖', { borderDash: [2, 3] });
      ds.nuclear = dataset(run, '‖A‖*');
      ds.balance = dataset(run, 'balancedness');
      ds.path = dataset(run, 'path', { showLine: true });
      for (const [chartId, sets] of [['chart-loss', [ds.train, ds.test]], ['chart-sv', ds.sv], ['chart-rank', [ds.rank]],
        ['chart-grad', [ds.grad, ds.param]], ['chart-nuclear', [ds.nuclear]], ['chart-balance', [ds.balance]],
        ['chart-path', [ds.path]]]) {
        for (const set of sets) set.chartId = chartId;
      }
      byId['chart-loss'].chart.data.datasets.push(ds.train, ds.test);
      byId['chart-sv'].chart.data.datasets.push(...ds.sv);
      byId['chart-rank'].chart.data.datasets.push(ds.rank);
      byId['chart-grad'].chart.data.datasets.push(ds.grad, ds.param);
      byId['chart-nuclear'].chart.data.datasets.push(ds.nuclear);
      byId['chart-balance'].chart.data.datasets.push(ds.balance);
      byId['chart-path'].chart.data.datasets.push(ds.path);
      dirty = true;
    }

    function append(run, d, o, w) {
      // records still in flight for a run that Reset or Clear removed: its datasets are gone from the
      // charts, and Chart.js still listens to their arrays
      if (run.removed) return;
      const x = d[o];
      const ds = run.datasets;
      const g = groups.get(run.group);
      if (g && g.runs.length >= 2) { g.dirty = true; groupsDirty = true; }
      // one point (px, py) into the columns `into` of a series (its full record, or a part of it)
      const put = (set, into, px, py) => {
        if (!Number.isFinite(px) || !Number.isFinite(py)) return;
        into.x.push(px);
        into.y.push(py);
        staleSets.add(set);
      };
      const push = (set, y) => put(set, set.full, x, y);
      push(ds.train, d[o + 2]);
      push(ds.test, d[o + 3]);
      push(ds.rank, d[o + 4]);
      push(ds.nuclear, d[o + 5]);
      push(ds.grad, d[o + 6]);
      push(ds.param, d[o + 7]);
      push(ds.balance, d[o + 8]);
      for (const set of ds.sv) {
        set.parts.forEach((part, k) => {
          const c = 12 + set.firstPart + k; // Trace.SINGULAR_VALUES
          if (c < w) put(set, part, x, d[o + c]);
        });
      }
      put(ds.path, ds.path.full, d[o + w - 2], d[o + w - 1]);
    }

    /** The greedy algorithm's paths, stage k drawn over [k−1, k) with log-spaced steps inside. */
    function showGreedy(result) {
      const chart = byId['chart-greedy'].chart;
      chart.data.datasets = [];
      if (!result || !result.paths) { dirty = true; return; }
      result.paths.forEach((p, k) => {
        const last = p.steps[p.steps.length - 1] || 1;
        const x = (s) => k + Math.log1p(s) / Math.log1p(last) * 0.98;
        const color = COLORS[(k + 3) % COLORS.length];
        const train = p.steps.map((s, i) => ({ x: x(s), y: p.trainLoss[i] })).filter((q) => q.y > 0);
        const test = p.steps.map((s, i) => ({ x: x(s), y: p.testLoss[i] })).filter((q) => q.y > 0);
        chart.data.datasets.push({ label: `θ${k + 1} train`, data: train, borderColor: color, backgroundColor: color });
        if (test.length) {
          chart.data.datasets.push({ label: `θ${k + 1} test`, data: test, borderColor: color, backgroundColor: color,
            borderDash: [5, 4] });
        }
      });
      dirty = true;
    }

    function clear() {
      for (const def of defs) if (!def.greedy && !['chart-escape', 'chart-geometry', 'chart-summary'].includes(def.id)) {
        byId[def.id].chart.data.datasets = [];
      }
      for (const r of runs) r.removed = true;
      runs.length = 0;
      groups.clear();
      dirty = true;
    }

    function setXType() {
      for (const run of runs) {
        for (const set of Object.values(run.datasets)) {
          if (Array.isArray(set)) set.forEach((x) => staleSets.add(x));
          else if (set.full && set !== run.datasets.path) staleSets.add(set);
        }
      }
      for (const def of defs) {
        if (!def.greedy && !def.custom) {
          byId[def.id].chart.options.scales.x = xScale();
          styleChart(byId[def.id].chart);
        }
      }
      dirty = true;
    }

    // Redraw without animation, at most once per animation frame, spread over frames (each frame
    // redraws charts only until ~12 ms are spent, so no main-thread task grows long), and paced so
    // drawing takes at most ~10 % of a core: after a pass that cost c ms the next waits 9·c ms (at
    // least 100 ms). The cores belong to the engine workers; curves at 10 fps still look live.
    // New records (grown) redraw only the charts whose series grew: the others (summary, escape,
    // geometry, greedy) keep their last drawing. A chart out of sight (a closed panel) is not redrawn
    // until it is shown again.
    let grown = false;
    const pending = new Set();
    const outOfSight = new Set();
    let passCost = 0;
    let nextPassAt = 0;
    function frame(now) {
      for (const c of outOfSight) {
        if (c.canvas.offsetParent !== null) { outOfSight.delete(c); pending.add(c); }
      }
      if ((dirty || grown) && pending.size === 0 && now >= nextPassAt) {
        if (groupsDirty) refreshBands();
        if (dirty) {
          for (const c of all) pending.add(c);
        } else {
          // (a band grows only with its runs' series, on the same charts: no chart to add for it)
          for (const set of staleSets) if (byId[set.chartId]) pending.add(byId[set.chartId].chart);
        }
        dirty = false;
        grown = false;
        passCost = 0;
      }
      if (pending.size) {
        const t0 = performance.now();
        for (const c of pending) {
          pending.delete(c);
          if (c.canvas.offsetParent === null) { outOfSight.add(c); continue; }
          const tc = performance.now();
          refreshDecimation(c.canvas.id);
          const td = performance.now();
          c.update('none');
          const te = performance.now();
          if (te - tc > 20) logSlow('slowLog', [Math.round(tc), Math.round(te - tc), c.canvas.id]);
          if (!(lab.slowestMs.chart >= te - tc)) {
            lab.slowestMs.chart = te - tc;
            lab.slowestChart = `${c.canvas.id}: decimation ${(td - tc).toFixed(1)} ms, update ${(te - td).toFixed(1)} ms, `
              + `${c.data.datasets.length} series`;
          }
          if (performance.now() - t0 > 8) break; // one heavy chart per frame keeps every task short
        }
        passCost += performance.now() - t0;
        if (!(lab.slowestMs.frame >= performance.now() - t0)) lab.slowestMs.frame = performance.now() - t0;
        if (!pending.size) nextPassAt = performance.now() + Math.max(100, 9 * passCost);
      }
      requestAnimationFrame(frame);
    }

    /** Marks drawn after a run: the origin, the saddles in the path view, the predicted ‖θ(t)‖. */
    function showRunExtras(run, result) {
      const path = byId['chart-path'].chart;
      path.data.datasets = path.data.datasets.filter((d) => !(d.extraOf === run.id));
      path.data.datasets.push({ label: 'origin', data: [{ x: 0, y: 0 }], pointStyle: 'cross', pointRadius: 9,
        borderColor: '#000', backgroundColor: '#000', showLine: false, extraOf: run.id });
      path.data.datasets.push({ label: `#${run.id} saddles`, data: result.saddles.map((s) => ({ x: s.x, y: s.y })),
        pointRadius: 5, borderColor: run.color, backgroundColor: run.color, showLine: false, extraOf: run.id });
      const e = result.escape;
      if (e && e.overlayTime && e.overlayTime.length) {
        const sv = byId['chart-sv'].chart;
        const eta = run.learningRate || run.spec.learningRate;
        sv.data.datasets.push({ label: `#${run.id} predicted s₁(A) on the optimal escape path (speed s*)`, runId: run.id,
          borderWidth: 2.5, borderColor: '#999', backgroundColor: '#999', borderDash: [6, 3],
          data: e.overlayTime.map((t, i) => ({ x: t / eta, y: e.overlaySingularValue[i] })) });
      }
      dirty = true;
    }

    /** The greedy saddles' losses as reference lines over the run's loss curves (Conjecture 3). */
    function showGreedyLevels(result, steps) {
      const loss = byId['chart-loss'].chart;
      loss.data.datasets = loss.data.datasets.filter((d) => !d.greedyLevel);
      if (result && result.saddles) {
        for (const s of result.saddles) { // the minimum (often ~1e-30) would only squash the axis
          if (!(s.loss > 0)) continue;
          loss.data.datasets.push({ label: `greedy ϑ (rank ${s.rank})`, greedyLevel: true, borderColor: '#aaa',
            backgroundColor: '#aaa', borderWidth: 1, borderDash: [2, 4],
            data: [{ x: 1, y: s.loss }, { x: Math.max(steps, 2), y: s.loss }] });
        }
      }
      dirty = true;
    }

    function showGreedyPaths(result) {
      const path = byId['chart-path'].chart;
      path.data.datasets = path.data.datasets.filter((d) => !d.greedyPath);
      if (result && result.paths) {
        result.paths.forEach((p, k) => {
          const color = COLORS[(k + 3) % COLORS.length];
          path.data.datasets.push({ label: `greedy θ${k + 1}`, greedyPath: true, showLine: true, borderDash: [4, 3],
            borderColor: color, backgroundColor: color, data: p.pathX.map((x, i) => ({ x, y: p.pathY[i] })) });
        });
      }
      dirty = true;
    }

    /** Fig. 3-style summary: one series per width, x = γ (or α, σ), mean ± std band over seeds. */
    function showSummary(summary) {
      const chart = byId['chart-summary'].chart;
      chart.data.datasets = [];
      chart.options.scales.x.type = summary.xlog ? 'logarithmic' : 'linear';
      chart.options.scales.x.title.text = summary.x;
      chart.options.scales.rank = { type: 'linear', position: 'right', beginAtZero: true,
        title: { display: true, text: 'final rank (dashed ■)' }, grid: { drawOnChartArea: false } };
      summary.groups.forEach((g, k) => {
        const color = COLORS[k % COLORS.length];
        const pts = (f) => g.points.map((p) => ({ x: p.x, y: f(p) })).filter((p) => p.y > 0);
        chart.data.datasets.push({ label: `${g.label} mean + std`, data: pts((p) => p.mean + p.std), borderWidth: 0,
          pointRadius: 0, borderColor: color, backgroundColor: color + '22' });
        chart.data.datasets.push({ label: `${g.label} mean − std`, data: pts((p) => p.mean - p.std), borderWidth: 0,
          pointRadius: 0, borderColor: color, backgroundColor: color + '33', fill: '-1' });
        chart.data.datasets.push({ label: `${g.label}`, data: pts((p) => p.mean), pointRadius: 4,
          borderColor: color, backgroundColor: color });
        chart.data.datasets.push({ label: `${g.label} final rank`, yAxisID: 'rank', borderDash: [3, 3],
          pointStyle: 'rect', pointRadius: 4, borderColor: color, backgroundColor: color,
          data: g.points.map((p) => ({ x: p.x, y: p.rank })) });
      });
      if (summary.zero > 0) {
        const xs = summary.groups.flatMap((g) => g.points.map((p) => p.x));
        chart.data.datasets.push({ label: 'zero predictor', borderDash: [6, 3], borderColor: '#999', backgroundColor: '#999',
          pointRadius: 0, data: [{ x: Math.min(...xs), y: summary.zero }, { x: Math.max(...xs), y: summary.zero }] });
      }
      dirty = true;
    }

    function showExperiment(kind, result) {
      const chart = byId[kind === 'escape' ? 'chart-escape' : 'chart-geometry'].chart;
      chart.data.datasets = [];
      if (kind === 'escape') {
        const pts = result.alphas.map((a, i) => ({ x: a, y: result.times[i] })).filter((p) => p.y > 0);
        chart.data.datasets.push({ label: 'measured t_α', data: pts, showLine: false, pointRadius: 5,
          borderColor: COLORS[0], backgroundColor: COLORS[0] });
        const p = result.prediction;
        chart.data.datasets.push({ label: p.kind === 'linearized' ? 'prediction (linearized flow from θ₀)'
          : 'reference slope −(L−2) (not a prediction of the times)',
          data: result.alphas.map((a, i) => ({ x: a, y: p.times[i] })).filter((q) => q.y > 0),
          borderDash: [6, 3], borderColor: '#999', backgroundColor: '#999' });
      } else {
        result.series.forEach((g, k) => {
          const color = COLORS[k % COLORS.length];
          const xy = (ys) => g.widths.map((w, i) => ({ x: w, y: ys[i] }));
          chart.data.datasets.push({ label: `γ=${g.gamma} d_saddle`, data: xy(g.distanceToSaddle), showLine: false,
            pointRadius: 5, borderColor: color, backgroundColor: color });
          chart.data.datasets.push({ label: `γ=${g.gamma} d_minimum`, data: xy(g.distanceToMinimum), showLine: false,
            pointRadius: 5, pointStyle: 'rect', borderColor: color, backgroundColor: color });
          chart.data.datasets.push({ label: `γ=${g.gamma} theorem`, data: xy(g.theoremSaddle), borderDash: [6, 3],
            borderColor: color, backgroundColor: color });
          chart.data.datasets.push({ label: `γ=${g.gamma} theorem`, data: xy(g.theoremMinimum), borderDash: [2, 3],
            borderColor: color, backgroundColor: color });
        });
      }
      dirty = true;
    }

    return { create, addRun, append, clear, setXType, showGreedy, showRunExtras, showGreedyPaths, showGreedyLevels,
      showExperiment, showSummary, setBands, removeRuns, setPresentation, markDirty: () => { dirty = true; },
      markGrown: () => { grown = true; }, runs: () => runs };
  })();

  // ---- wiring -------------------------------------------------------------------------------
  function exportResults() {
    if (!batch || activeRuns().length > 0 || !batch.document || !batch.documentComplete) return;
    // The document Java wrote for these runs: the same text as `java -jar saddle-lab.jar run [--preset NAME --quick]`.
    lab.exported = batch.document;
    download('saddle-lab-results.json', 'application/json', batch.document + '\n');
  }

  function download(name, type, text) {
    lab.lastDownload = { name, text };
    const url = URL.createObjectURL(new Blob([text], { type }));
    const a = document.createElement('a');
    a.href = url;
    a.download = name;
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  }

  function exportCsv() {
    const runs = charts.runs().filter((r) => r.csv);
    if (!runs.length) return;
    // one table: runs with the same shape share the header of the first
    const text = runs[0].csvHeader + '\n' + runs.map((r) => r.csv).join('');
    lab.exportedCsv = text;
    download('saddle-lab-series.csv', 'text/csv', text);
  }

  let importCount = 0;

  /** Views a results document (a run's, or a preset's with configurations) written by the page or the CLI. */
  function importResults(text) {
    let doc;
    try {
      doc = JSON.parse(text);
    } catch (e) {
      showError('Not a results JSON: ' + e.message);
      return;
    }
    const groups = Array.isArray(doc.configurations) ? doc.configurations : [doc];
    importCount++;
    let count = 0;
    for (const g of groups) {
      if (!g || typeof g.spec !== 'object' || !Array.isArray(g.runs)) {
        showError('Not a results JSON: expected {"spec": …, "runs": […]}');
        return;
      }
      for (const r of g.runs) {
        const s = r && r.series;
        if (!s || !Array.isArray(s.step)) continue;
        const run = newRun(g.spec, 0, JSON.stringify(g.spec), COLORS[groups.indexOf(g) % COLORS.length],
          `import:${importCount}:${groups.indexOf(g)}`);
        run.seed = r.seed;
        run.status = 'imported';
        run.digest = r.digest || '';
        run.json = JSON.stringify(r);
        for (let i = 0; i < s.step.length; i++) {
          const num = (x) => (x === null || x === undefined ? NaN : x);
          const row = [s.step[i], s.time[i], s.trainLoss[i], num(s.testLoss[i]), s.rank[i], s.nuclearNorm[i],
            s.gradNorm[i], s.paramNorm[i], s.balancedness[i], num(s.escapedRank ? s.escapedRank[i] : NaN),
            num(s.escapedLoss ? s.escapedLoss[i] : NaN),
            num(s.adaptive ? s.adaptive[i] : 0), ...(s.singularValues[i] || []), ...(s.layerNorms ? s.layerNorms[i] : []),
            num(s.alignment ? s.alignment[i] : NaN), num(s.pathX ? s.pathX[i] : NaN), num(s.pathY ? s.pathY[i] : NaN)];
          pushRecord(run, row, 0, row.length);
        }
        run.step = r.steps || 0;
        count++;
      }
    }
    lab.imported = count;
    if (doc.summary) { // written by Java with the document: the summary plot refreshes with the file
      lab.summary = doc.summary;
      charts.showSummary(doc.summary);
    }
    showChecks(Array.isArray(doc.checks) ? doc.checks : []);
    charts.markDirty();
    renderRunList();
    statusEl.textContent = `Loaded ${count} run(s) from the results file.`;
  }

  // ---- sharing: the link in the fragment, short links on the server, spec files ----------------
  function showLink(url, note) {
    document.getElementById('share-link').value = url;
    document.getElementById('share-note').textContent = note;
  }

  /** POSTs the canonical spec (+ title, description) to /api/presets; shows /p/{id}. */
  async function createShortLink() {
    if (!validation.ok) return;
    const body = { spec: JSON.parse(validation.canonical) };
    const title = document.getElementById('share-title').value.trim();
    const description = document.getElementById('share-description').value.trim();
    if (title) body.title = title;
    if (description) body.description = description;
    let response;
    try {
      response = await fetch('/api/presets', { method: 'POST', headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(body) });
    } catch (e) {
      writeUrl();
      showLink(location.href, 'No server reachable (offline?): short links need the server. This link carries the '
        + 'whole spec instead and works anywhere.');
      return;
    }
    let answer = {};
    try { answer = await response.json(); } catch (e) { /* not JSON: reported below */ }
    if (!response.ok) {
      document.getElementById('share-note').textContent = `The server refused the preset (${response.status}): `
        + (answer.error || response.statusText);
      return;
    }
    lab.shortLink = answer.id;
    showLink(new URL(answer.url, location.href).href, 'Short link to this exact run (stored on the server, immutable).');
  }

  function loadSpecText(text, name) {
    let value;
    try {
      value = JSON.parse(text);
    } catch (e) {
      showError(`${name} is not JSON: ${e.message}`);
      return;
    }
    // a spec file, or a shared preset / results document that holds one
    const spec = value && typeof value === 'object' && value.spec && typeof value.spec === 'object' ? value.spec : value;
    formFromSpec(spec);
    fillFromCanonical = true;
    validateNow();
  }

  /** ?preset=ID (from /p/ID): the stored preset's spec, with its title and description shown as text. */
  async function openSharedPreset(id) {
    const box = document.getElementById('shared');
    box.hidden = false;
    document.getElementById('shared-title').textContent = 'Loading shared preset ' + id + '…';
    let doc;
    try {
      const r = await fetch('/api/presets/' + encodeURIComponent(id));
      doc = await r.json();
      if (!r.ok) throw new Error(doc.error || r.statusText);
    } catch (e) {
      document.getElementById('shared-title').textContent = `Shared preset ${id} could not be loaded: ${e.message}`;
      return;
    }
    // textContent, never innerHTML: titles are whatever someone typed
    document.getElementById('shared-title').textContent = doc.title || 'Shared preset ' + id;
    document.getElementById('shared-description').textContent = doc.description || '';
    lab.sharedPreset = doc;
    formFromSpec(doc.spec);
    fillFromCanonical = true;
    validateNow();
  }

  // ---- offline: a service worker keeps the whole lab in this browser after one visit ------------
  const staticCopy = (document.querySelector('meta[name="saddle-lab-mode"]') || {}).content === 'static';
  lab.staticCopy = staticCopy;

  function registerServiceWorker() {
    lab.serviceWorker = 'unsupported';
    // Service workers need a secure context (localhost or HTTPS): on a plain-HTTP LAN address the
    // lab simply runs without one. ?sw=0 opts out.
    if (!('serviceWorker' in navigator) || !window.isSecureContext || query.get('sw') === '0') return;
    const hadController = !!navigator.serviceWorker.controller;
    navigator.serviceWorker.register('sw.js', { updateViaCache: 'none' }).then(() => {
      lab.serviceWorker = 'registered';
      return navigator.serviceWorker.ready;
    }).then(() => { lab.serviceWorker = 'ready'; }).catch((e) => { lab.serviceWorker = 'failed: ' + e.message; });
    navigator.serviceWorker.addEventListener('controllerchange', () => {
      if (!hadController) return; // the first visit: the worker just took over this very page
      // a new build took over: reload onto it unless runs are going
      if (!activeRuns().length) location.reload();
      else setBanner('A new version of the lab is ready: reload the page when the runs are done.');
    });
  }

  function setBanner(text) {
    const el = document.getElementById('offline');
    el.textContent = text;
    el.hidden = !text;
    lab.banner = text;
  }

  async function checkServer() {
    if (staticCopy) {
      setBanner('Static copy: everything runs in this browser; short links are not available here.');
      return;
    }
    let ok = false;
    try {
      ok = (await fetch('api/health', { cache: 'no-store' })).ok;
    } catch (e) { /* unreachable */ }
    lab.online = ok && navigator.onLine;
    setBanner(lab.online ? '' : 'Offline: the lab runs from this browser’s copy; links that carry the spec work, '
      + 'short links seen before open, new short links need the server.');
    document.getElementById('create-link').disabled = !lab.online;
  }

  // ---- a guided tour through the three regimes, built from the presets ---------------------------
  let tourStep = -1;
  function tourSteps() {
    const fig2 = PRESETS.find((p) => p.name === 'fig2');
    const fig1 = PRESETS.find((p) => p.name === 'fig1');
    if (!fig2 || !fig1) return [];
    const at = (label) => fig2.quick.find((c) => c.label.startsWith(label) && c.label.endsWith('w = 100'));
    return [
      { title: '1 · NTK regime (γ = 1 − 1/L)', config: at('NTK'),
        text: 'A large initialization: the network starts next to a global minimum (Theorem 1). The loss falls at '
          + 'once, linearly, with no plateau, and the rank of A is full from the start: the NTK barely moves.' },
      { title: '2 · Mean-field regime (γ = 1)', config: at('mean-field'),
        text: 'At σ² = 1/w the saddle at the origin and the minima are equally far. The loss shows short plateaus '
          + 'whose length stays the same as the width grows.' },
      { title: '3 · Saddle-to-saddle regime (γ = 2)', config: at('saddle-to-saddle'),
        text: 'A small initialization starts next to the saddle at the origin. The loss sits on plateaus and the '
          + 'rank of A grows one at a time: each escape learns one more singular value of the teacher.' },
      { title: '4 · The greedy low-rank algorithm (Fig. 1)', config: fig1.quick[0],
        text: 'Matrix completion of a rank-3 matrix: three plateaus, ranks 1 → 2 → 3, and the saddles table sets '
          + 'each plateau beside the saddles of the paper’s greedy low-rank algorithm.' },
    ].filter((s) => s.config);
  }

  function showTour(step) {
    const steps = tourSteps();
    const panel = document.getElementById('tour');
    if (step < 0 || step >= steps.length) {
      panel.hidden = true;
      tourStep = -1;
      return;
    }
    tourStep = step;
    panel.hidden = false;
    document.getElementById('tour-title').textContent = steps[step].title;
    document.getElementById('tour-text').textContent = steps[step].text;
    document.getElementById('tour-prev').disabled = step === 0;
    document.getElementById('tour-next').textContent = step === steps.length - 1 ? 'Close' : 'Next ›';
    formFromSpec(steps[step].config.spec);
    lab.tourStep = step;
    scheduleValidation();
  }

  function init() {
    registerServiceWorker();
    checkServer();
    window.addEventListener('online', checkServer);
    window.addEventListener('offline', checkServer);
    if (staticCopy) document.getElementById('create-link').hidden = true;
    document.getElementById('present').addEventListener('click', () => {
      view.present = !view.present;
      applyView();
      writeUrl();
    });
    for (const box of document.querySelectorAll('#hide-flags input')) {
      box.addEventListener('change', () => {
        if (box.checked) view.hide.add(box.value); else view.hide.delete(box.value);
        applyView();
        writeUrl();
      });
    }
    document.getElementById('tour-start').addEventListener('click', () => showTour(0));
    document.getElementById('tour-prev').addEventListener('click', () => showTour(tourStep - 1));
    document.getElementById('tour-next').addEventListener('click', () => showTour(tourStep + 1));
    document.getElementById('tour-run').addEventListener('click', () => {
      if (validation.ok) startBatch();
      else scheduleValidation();
    });
    linkedSpec = readUrl();
    const sharedId = query.get('preset');
    if (sharedId && !linkedSpec) {
      linkedSpec = true;
      openSharedPreset(sharedId);
    }
    syncFormModes();
    // a PNG download for each chart
    for (const canvas of document.querySelectorAll('.plot canvas')) {
      const b = document.createElement('button');
      b.type = 'button';
      b.className = 'png';
      b.textContent = 'PNG';
      b.title = 'Download this chart as PNG';
      b.addEventListener('click', () => {
        const a = document.createElement('a');
        a.href = canvas.toDataURL('image/png');
        a.download = canvas.id.replace('chart-', 'saddle-lab-') + '.png';
        a.click();
      });
      canvas.parentElement.appendChild(b);
    }
    charts.create(() => { chartsAttached = true; markReady(); });
    // the sweep's own inputs are not spec fields: they do not revalidate the spec
    const isSpecEvent = (e) => !(e.target && e.target.closest && e.target.closest('#sweep'));
    form.addEventListener('input', (e) => { if (isSpecEvent(e)) { syncFormModes(); scheduleValidation(); } });
    form.addEventListener('change', (e) => { if (isSpecEvent(e)) { syncFormModes(); scheduleValidation(); } });
    document.getElementById('preset').addEventListener('change', (e) => choosePreset(e.target.value));
    buttons.run.addEventListener('click', () => {
      if (activeRuns().length && paused) {
        paused = false;
        for (const slot of workers) if (slot.busy) slot.worker.postMessage({ type: 'resume' });
        updateButtons();
        updateStatus();
        return;
      }
      specError.hidden = true;
      startBatch();
    });
    buttons.pause.addEventListener('click', () => {
      paused = true;
      for (const slot of workers) if (slot.busy) slot.worker.postMessage({ type: 'pause' });
      updateButtons();
      updateStatus();
    });
    buttons.step.addEventListener('click', () => {
      if (!activeRuns().length) { paused = true; startBatch(); }
      paused = true;
      for (const slot of workers) if (slot.busy) slot.worker.postMessage({ type: 'step', steps: 1 });
      updateButtons();
    });
    buttons.reset.addEventListener('click', () => {
      stopBatch();
      if (batch) charts.removeRuns(new Set(batch.runs.map((r) => r.id)));
      batch = null;
      paused = false;
      charts.markDirty();
      renderRunList();
      updateStatus();
      updateButtons();
    });
    buttons.clear.addEventListener('click', () => {
      if (activeRuns().length) return;
      charts.clear();
      batch = null;
      renderRunList();
      updateStatus();
      updateButtons();
    });
    window.addEventListener('hashchange', () => { if (readUrl()) validateNow(); });
    document.getElementById('xlog').addEventListener('change', () => { charts.setXType(); if (validation.ok) writeUrl(); });
    buttons.share.addEventListener('click', () => {
      const panel = document.getElementById('share-panel');
      panel.hidden = !panel.hidden;
      if (!panel.hidden && validation.ok) {
        writeUrl();
        showLink(location.href, 'This link carries the whole spec: it reproduces this exact run, with or without the server.');
      }
    });
    buttons['create-link'].addEventListener('click', createShortLink);
    buttons['copy-link'].addEventListener('click', async () => {
      const el = document.getElementById('share-link');
      try {
        await navigator.clipboard.writeText(el.value);
        document.getElementById('share-note').textContent = 'Copied.';
      } catch (e) {
        el.select(); // the clipboard needs a secure context: select it for Ctrl+C
        document.getElementById('share-note').textContent = 'Press Ctrl+C (or ⌘C) to copy the selected link.';
      }
    });
    buttons['download-spec'].addEventListener('click', () => {
      if (validation.ok) download('saddle-lab-spec.json', 'application/json', validation.canonical + '\n');
    });
    const specInput = document.getElementById('spec-file');
    buttons['load-spec'].addEventListener('click', () => specInput.click());
    specInput.addEventListener('change', async () => {
      const file = specInput.files && specInput.files[0];
      specInput.value = '';
      if (!file) return;
      loadSpecText(await file.text(), file.name);
    });
    buttons.cancel.addEventListener('click', () => {
      // unlike Reset, the finished runs stay: their curves, the summary of what finished, export
      stopBatch();
      paused = false;
      if (batch && batch.runs.some((r) => r.json)) requestDocument();
      renderRunList();
      updateStatus();
      updateButtons();
    });
    buttons['run-sweep'].addEventListener('click', startSweep);
    document.getElementById('bands').addEventListener('change', (e) => {
      charts.setBands(e.target.checked);
      if (validation.ok) writeUrl();
    });
    buttons.export.addEventListener('click', exportResults);
    buttons['export-csv'].addEventListener('click', exportCsv);
    document.getElementById('run-preset').addEventListener('click', () => {
      const p = PRESETS.find((x) => x.name === document.getElementById('preset').value);
      if (p) startPresetBatch(p);
    });
    const fileInput = document.getElementById('import-file');
    buttons.import.addEventListener('click', () => fileInput.click());
    fileInput.addEventListener('change', async () => {
      const file = fileInput.files && fileInput.files[0];
      if (file) importResults(await file.text());
      fileInput.value = '';
    });
    document.getElementById('run-escape').addEventListener('click', () => runExperiment('escape'));
    document.getElementById('run-geometry').addEventListener('click', () => runExperiment('geometry'));
    for (let i = 0; i < poolSize; i++) makeWorker(i);
    updateButtons();
    updateStatus();
  }

  init();
})();
