// Saddle-to-Saddle Lab, the page's composition root: builds the modules and wires the controls to
// them. No numerics here or anywhere on the page: specs are validated, runs computed, documents and
// summaries written by the Java engine in Web Workers (pool.js).
import { AnalysisCharts } from './charts/analysis-charts.js';
import { AccessiblePlots } from './charts/accessible.js';
import { Board } from './charts/board.js';
import { RunSeries } from './charts/run-series.js';
import { BatchDocuments } from './documents.js';
import { keyboard } from './keyboard.js';
import { labHooks } from './lab-hooks.js';
import { LinkState } from './link-state.js';
import { Offline } from './offline.js';
import { Opening } from './opening.js';
import { ChecksPanel } from './panels/checks.js';
import { Legend } from './panels/legend.js';
import { MatrixPanel } from './panels/matrix.js';
import { RunTable } from './panels/run-table.js';
import { SaddlesPanel } from './panels/saddles.js';
import { Pool } from './pool.js';
import { PresetPicker } from './presets.js';
import { latest, STALE } from './protocol.js';
import { hasCsv, ResultsIo } from './results-io.js';
import { Runs, specLabel } from './runs.js';
import { Selection } from './selection.js';
import { Share, download } from './share.js';
import { DataImport } from './data-import.js';
import { SpecForm } from './spec-form.js';
import { listOf, sweepFields } from './spec-fields.js';
import { progressOf, stageText, statusText } from './status.js';
import { Tour } from './tour.js';
import { SpecValidation } from './validation.js';
import { View } from './view.js';

const $ = (id) => document.getElementById(id);
const lab = labHooks();
const query = new URLSearchParams(location.search);
const buttons = {};
for (const id of ['run', 'pause', 'step', 'reset', 'clear', 'share', 'export', 'export-csv', 'import', 'cancel',
  'run-sweep', 'download-spec', 'load-spec', 'run-escape', 'run-geometry', 'open-default']) {
  buttons[id] = $(id);
}

/** What the last analysis is doing or did, for the run bar while no runs train (cleared by a new batch). */
let analysisNote = null;
let documentNote = null; // the batch's document is being computed (the greedy stages of a preset's checks)

// ---- the parts ------------------------------------------------------------------------------------
const form = new SpecForm($('controls'));
const board = new Board(lab);
const series = new RunSeries(board);
const charts = new AnalysisCharts(board);
const view = new View(board, () => writeUrl());
const link = new LinkState({ view, xlog: $('xlog'), bands: $('bands') });
// One training worker per core (the page thread only draws); ?workers=N overrides (1–16).
const poolSize = Math.max(1, Math.min(16, Number(query.get('workers')) || Math.min(8, navigator.hardwareConcurrency || 2)));
lab.poolSize = poolSize;
// runs in flight together hold at most half of what the browser says the device has (4 GB if it does not say)
const memoryBudget = ((navigator.deviceMemory || 8) * 1e9) / 2;
const pool = new Pool({ size: poolSize, spawn: () => new Worker('engine-worker.js'), engine: query.get('engine') || 'auto',
  memoryBudget, onError: showError, onEngine: (name) => {
    lab.engine = name;
    lab.workersStarted = (lab.workersStarted || 0) + 1; // the control worker, the pool, and every replacement
    $('engine').textContent = 'engine: ' + name;
  } });
// for the tests: every reply is in; every chart in sight redrawn (Chart.js lets go of removed datasets then)
Object.defineProperty(lab, 'idle', { get: () => pool.idle() });
Object.defineProperty(lab, 'drawn', { get: () => board.drawn() });
lab.call = (type, body) => pool.call(type, body); // a worker call from the console or a benchmark
const panel = new SaddlesPanel();
const checks = new ChecksPanel(lab);
const legend = new Legend();
const matrix = new MatrixPanel({ pool });
board.onCrosshair = (k) => matrix.at(k);
const selection = new Selection({ pool, charts, panel, lab, onChange: () => render() });
const runs = new Runs({ pool, series, lab, events: {
  changed: () => render(),
  started: (batch) => batchStarted(batch),
  progressed: () => throttledStatus(),
  failed: (message) => showError(message),
  finished: (run) => {
    documents.keep(run);
    const b = runs.batch;
    if (b && b.kind === 'run') validation.runFinished(run.canonical, run.busyMs);
    selection.finished(run, runs.active().length === 0);
  },
  settled: (batch) => { documents.request(batch); selection.settled(); accessible.update(); },
  forgot: (ids) => {
    documents.forget(ids);
    if (selection.run && selection.run.removed) selection.clear();
  },
} });
const table = new RunTable({ onToggle: (run, hidden) => { series.setHidden(run, hidden); render(); },
  onSelect: (run) => selection.select(run, true, runs.active().length === 0) });
const accessible = new AccessiblePlots(board, () => runs.all);
const documents = new BatchDocuments({ pool, lab, onError: showError, onProgress: (batch, msg, seconds) => {
  if (batch !== runs.batch) return;
  documentNote = `Checking the preset's claims — ${stageText(msg, seconds)}`;
  lab.documentProgress = msg;
  render();
}, onDocument: (batch, doc) => {
  if (batch !== runs.batch) return; // an earlier batch's document: its panels are gone
  documentNote = null;
  if (doc.summary) charts.showSummary(doc.summary);
  checks.show(doc.checks || []);
  updateButtons();
} });
const results = new ResultsIo({ lab, pool, runs, onError: showError, onImported: (doc, count) => {
  lab.summary = doc.summary || null;
  charts.showSummary(doc.summary || null);
  checks.show(Array.isArray(doc.checks) ? doc.checks : []);
  $('status').textContent = `Loaded ${count} run(s) from the results file.`;
  render();
} });
const presets = new PresetPicker({
  fill: (spec) => { link.release(); form.fill(spec); validation.schedule(); },
  estimate: (name) => pool.call('estimatePreset', { name }),
  speed: () => validation.estimate.speed,
  workers: () => poolSize,
  onAnalysisLists: (e) => {
    if (e.alphas) $('alphas').value = e.alphas.join(', ');
    if (e.widths) $('widths').value = e.widths.join(', ');
    if (e.gammas) $('gammas').value = e.gammas.join(', ');
  },
  onChoose: () => {},
});
let caps = null;
/** Java's caps (WorkerEngine.limits): the link's length, the data's sizes; asked once for the page. */
const limits = () => caps || (caps = pool.call('limits', {}));
const share = new Share({ lab, canonical: () => (validation.ok ? validation.canonical : null),
  pageUrl: () => { writeUrl(); return location.href; }, limits });
const tour = new Tour({ lab, presets: () => presets.list, show: (spec) => { presets.detach(); presets.fill(spec); },
  run: (fresh) => { if (fresh && !runs.active().length) clearRuns(); runClicked(); } });
const offline = new Offline({ lab, busy: () => runs.active().length > 0, noServiceWorker: query.get('sw') === '0',
  staticCopy: (document.querySelector('meta[name="saddle-lab-mode"]') || {}).content === 'static' });

// ---- validation: Java's rules, on the control worker -----------------------------------------------
const validation = new SpecValidation({ pool, form, lab, workers: poolSize,
  elements: { error: $('spec-error'), estimate: $('estimate') }, onValid: () => writeUrl(), onChange: () => updateButtons() });
const opening = new Opening({ query, link, pool, form, validation, lab, presets, onError: showError });
// one's own matrix from a CSV file: the completion task's data (the form's change, as if typed)
new DataImport({ form, pool, lab, limits, onChange: () => {
  link.release();
  presets.detach();
  form.syncModes();
  validation.schedule();
} });

function showError(text) {
  lab.lastError = text;
  $('spec-error').hidden = false;
  $('spec-error').textContent = text;
}

function writeUrl() {
  if (validation.ok) link.write(validation.canonical);
}

// ---- running -------------------------------------------------------------------------------------
/** Run: the spec on screen now (validated again, so a pending edit is never skipped), or resume. */
async function runClicked() {
  if (runs.active().length && runs.paused) {
    runs.setPaused(false);
    updateButtons();
    if (document.activeElement === buttons.run) buttons.pause.focus(); // Resume ↔ Pause, as above
    render();
    return;
  }
  if (link.broken || !lab.ready) return;
  if (presets.current()) {
    runPreset();
    return;
  }
  const r = await validateNow();
  if (!r) return;
  $('spec-error').hidden = true;
  const spec = JSON.parse(r.canonical);
  runs.start([{ key: '', label: specLabel(spec), spec, canonical: r.canonical }],
    { kind: 'run', bytesPerRun: validation.bytesPerRun(r.canonical) });
}

/** Clear runs: every overlaid run and what the panels say about them (not while runs train). */
function clearRuns() {
  if (runs.active().length) return;
  runs.clear();
  clearPanels();
  render();
}

/** What the panels say about runs (the selected run's saddles, summary, claims) and the charts' descriptions. */
function clearPanels() {
  selection.clear();
  lab.summary = null;
  charts.showSummary(null);
  checks.show([]);
  accessible.update();
}

/**
 * A new batch owns the panels: what they said about the last one (claims, summary, the selected run's
 * saddles and greedy comparison, analyses, chart descriptions) goes. It asks the cost model what a step
 * of each of its configurations costs, for the time left.
 */
function batchStarted(batch) {
  // the cost model's multiply–adds per step of each configuration, for the time left (status.js)
  batch.workPerStep = {};
  for (const canonical of new Set(batch.runs.map((r) => r.canonical))) {
    pool.call('estimate', { spec: canonical }).then((e) => {
      if (e && e.workPerStep > 0) batch.workPerStep[canonical] = e.workPerStep;
    }, () => {});
  }
  analysisNote = null;
  documentNote = null;
  lab.analyses = {};
  $('toolkit-result').textContent = '';
  clearPanels();
}

/** The form's spec validated now (see SpecValidation.now). */
function validateNow() {
  return validation.now();
}

/** Run with a preset chosen: its configurations at the chosen size (or its analysis), as one batch. */
function runPreset() {
  const p = presets.current();
  const plan = presets.plan();
  if (!p || !plan) return;
  if (plan.analysis) {
    runAnalysis(plan.analysis.kind, plan.analysis.seeds);
    return;
  }
  if (plan.estimate && plan.estimate.browser) {
    showError(`${p.title}, ${presets.quick() ? 'quick' : 'published size'}: ${plan.estimate.browser}. Run it with `
      + `java -jar saddle-lab.jar run --preset ${p.name}${presets.quick() ? ' --quick' : ''}.`);
    return;
  }
  $('spec-error').hidden = true;
  runs.start(plan.configurations.map((c) => ({ key: c.key, label: c.label, spec: c.spec, canonical: JSON.stringify(c.spec) })),
    { kind: 'preset', name: p.name, quick: presets.quick() });
}

async function runSweep() {
  if (!(await validateNow())) return;
  const field = $('sweep-field').value;
  const values = listOf($('sweep-values').value) || [];
  const error = $('sweep-error');
  let result;
  try {
    result = await pool.call('sweep', { spec: validation.canonical, field, values: JSON.stringify(values) });
  } catch (e) {
    result = { error: e.message };
  }
  if (result.error) {
    // its own line: the spec's validation (which runs as the form changes) must not hide it
    error.textContent = 'Sweep: ' + result.error;
    error.hidden = false;
    lab.lastError = error.textContent;
    return;
  }
  error.hidden = true;
  runs.start(result.map((c) => ({ key: c.key || '', label: c.label, spec: c.spec, canonical: JSON.stringify(c.spec) })),
    { kind: 'sweep', name: field });
}

const analysisAsked = { escape: latest(), geometry: latest() };

const ANALYSIS_NAMES = { escape: 'the escape-time analysis (§5.1)', geometry: 'the initialization-geometry analysis (Theorem 1)' };

async function runAnalysis(kind, seeds) {
  if (!(await validateNow())) return;
  $('toolkit-result').textContent = 'computing…';
  // the run bar says what is computing (the result lands in the Analyses panel, often out of sight)
  analysisNote = `Computing ${ANALYSIS_NAMES[kind]}…`;
  updateStatus();
  const started = performance.now();
  const lists = (id) => JSON.stringify(listOf($(id).value) || []);
  const call = kind === 'escape'
    ? pool.job('escapeTimes', { spec: validation.canonical, alphas: lists('alphas'), r: 0 }, 'analysis')
    : pool.job('geometry', { spec: validation.canonical, widths: lists('widths'), gammas: lists('gammas'), seeds: seeds || 2 },
      'analysis');
  let result;
  try {
    result = await analysisAsked[kind](call);
  } catch (e) {
    result = { error: e.message };
  }
  if (result === STALE) return;
  lab.analyses[kind] = result;
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  if (result.error) {
    $('toolkit-result').textContent = result.error;
    analysisNote = `${ANALYSIS_NAMES[kind]}: ${result.error}`;
    updateStatus();
    return;
  }
  charts.showAnalysis(kind, result);
  $('toolkit-result').textContent = (result.text || []).join(' '); // the sentences Java wrote (AnalysisText)
  analysisNote = `Done: ${ANALYSIS_NAMES[kind]} in ${seconds} s — its plot and sentences are in the Analyses panel.`;
  updateStatus();
  $('toolkit').scrollIntoView({ block: 'nearest', behavior: 'smooth' });
  accessible.update();
}

// ---- what the page shows ----------------------------------------------------------------------------
function updateButtons() {
  const active = runs.active().length > 0;
  const b = runs.batch;
  buttons.run.disabled = !validation.ok || !lab.ready || link.broken;
  buttons.run.textContent = active && runs.paused ? '▶ Resume' : '▶ Run';
  buttons.pause.disabled = !active || runs.paused;
  buttons.export.disabled = !b || active || !b.document || !b.documentComplete;
  buttons['export-csv'].disabled = !runs.all.some(hasCsv);
  buttons.cancel.hidden = !active;
}

let renderQueued = false;
let panelsCost = 0; // the last render's (ms)
function render() {
  if (renderQueued) return;
  renderQueued = true;
  requestAnimationFrame(function panels(t) {
    // a frame in which the charts spent its budget draws the panels in the next one, which the charts
    // keep out of (frame-budget.js)
    if (!board.budget.waiting && !board.budget.fits(t, panelsCost)) {
      board.budget.waiting = true;
      requestAnimationFrame(panels);
      return;
    }
    board.budget.waiting = false;
    const t0 = performance.now();
    renderQueued = false;
    table.select(selection.run ? selection.run.id : null);
    table.render(runs.all);
    legend.render(runs.all);
    matrix.show(selection.run || runs.all[runs.all.length - 1] || null);
    updateStatus();
    updateButtons();
    panelsCost = performance.now() - t0;
    board.budget.spend(t, panelsCost);
  });
}

let describeTimer = 0;
let statusTimer = 0;
function throttledStatus() {
  if (!statusTimer) statusTimer = setTimeout(() => { statusTimer = 0; render(); }, 200);
  // the charts' text descriptions follow the records, not only the end of the batch
  if (!describeTimer) describeTimer = setTimeout(() => { describeTimer = 0; accessible.update(); }, 2000);
}

function updateStatus() {
  const b = runs.batch;
  const progress = $('progress');
  if ((analysisNote || documentNote) && runs.active().length === 0) {
    $('status').textContent = analysisNote || documentNote;
    progress.hidden = true;
    return;
  }
  if (!b || b.kind === 'import') {
    if (!b) $('status').textContent = lab.ready ? 'Ready: press Run.' : 'Loading the engine…';
    progress.hidden = true;
    return;
  }
  $('status').textContent = statusText(b, runs.paused, poolSize);
  const [value, max] = progressOf(b);
  progress.max = Math.max(1, max);
  progress.value = value;
  progress.hidden = false;
}

// ---- start ------------------------------------------------------------------------------------------
/** The sweep's field list: the fields the spec reads in the form's modes; the chosen one kept if still there. */
function sweepList(modes) {
  const select = $('sweep-field');
  const fields = sweepFields(modes);
  if (select.options.length === fields.length && fields.every(([value], i) => select.options[i].value === value)) return;
  const chosen = select.value;
  select.replaceChildren(...fields.map(([value, text]) => {
    const o = document.createElement('option');
    o.value = value;
    o.textContent = text;
    return o;
  }));
  if (fields.some(([value]) => value === chosen)) select.value = chosen;
}

async function start() {
  // on a phone the spec folds away: the run bar and the plots come first
  if (window.matchMedia('(max-width: 900px)').matches) $('spec-panel').open = false;
  offline.start();
  if (offline.staticCopy) $('create-link').hidden = true;
  form.onModes = sweepList;
  form.syncModes();
  board.create(() => {
    lab.chartsAttached = true;
    markReady();
    if ('requestIdleCallback' in window) requestIdleCallback(() => board.warm(), { timeout: 3000 });
  }, (c) => {
    const part = c.dataset.partOf ? c.dataset.partOf[c.dataIndex] : undefined;
    return part >= 0 ? `#${c.dataset.runId} s${c.dataset.firstPart + part + 1}` : c.dataset.label;
  });
  wire();
  const list = await pool.call('presets');
  presets.set(list);
  await opening.open(list);
  // the view the link holds (opening read it into the checkboxes) reaches the plots
  series.setBands($('bands').checked);
  if (board.logX !== $('xlog').checked) { board.setLogX($('xlog').checked); series.setLogX(); }
  lab.presetsLoaded = true;
  markReady();
  pool.call('calibrate').then((c) => {
    lab.speed = c.speed;
    validation.calibrated(c.speed);
  }, () => {});
}

/** Ready once the engine has listed its presets, the link is read and every chart is on the page. */
function markReady() {
  if (!lab.presetsLoaded || !lab.chartsAttached || lab.ready) return;
  lab.ready = true;
  render();
  offline.loaded();
}

function wire() {
  const edited = (e) => {
    if (!form.isSpecEvent(e)) return;
    link.release();
    presets.detach(); // the form is the user's spec now
    form.syncModes();
    validation.schedule();
  };
  $('controls').addEventListener('input', edited);
  $('controls').addEventListener('change', edited);
  buttons.run.addEventListener('click', runClicked);
  buttons.pause.addEventListener('click', () => {
    runs.setPaused(true);
    updateButtons();
    // Pause and Resume swap: focus moves to the button that undoes what was pressed, not to the page
    if (document.activeElement === buttons.pause || document.activeElement === document.body) buttons.run.focus();
    render();
  });
  buttons.step.addEventListener('click', async () => {
    if (!runs.active().length) { runs.paused = true; await runClicked(); }
    runs.step();
    render();
  });
  buttons.reset.addEventListener('click', () => {
    const selected = selection.run;
    runs.reset();
    if (selected && selected.removed) selection.clear();
    render();
  });
  buttons.clear.addEventListener('click', clearRuns);
  buttons.cancel.addEventListener('click', () => { runs.stop(); runs.paused = false; render(); });
  buttons['run-sweep'].addEventListener('click', runSweep);
  buttons['run-escape'].addEventListener('click', () => runAnalysis('escape'));
  buttons['run-geometry'].addEventListener('click', () => runAnalysis('geometry'));
  buttons['open-default'].addEventListener('click', () => opening.openDefault());
  buttons.export.addEventListener('click', () => { if (!buttons.export.disabled) results.exportJson(runs.batch); });
  buttons['export-csv'].addEventListener('click', () => results.exportCsv());
  $('xlog').addEventListener('change', () => { board.setLogX($('xlog').checked); series.setLogX(); writeUrl(); });
  $('bands').addEventListener('change', (e) => { series.setBands(e.target.checked); writeUrl(); });
  buttons.share.addEventListener('click', () => {
    const p = $('share-panel');
    p.hidden = !p.hidden;
    buttons.share.setAttribute('aria-expanded', String(!p.hidden));
    if (!p.hidden) share.showPageLink();
  });
  buttons['download-spec'].addEventListener('click', () => {
    if (validation.ok) download(lab, 'saddle-lab-spec.json', 'application/json', validation.canonical + '\n');
  });
  fileInput($('spec-file'), buttons['load-spec'], (text, name) => opening.loadSpecText(text, name));
  fileInput($('import-file'), buttons.import, (text, name) => results.importText(text, name));
  window.addEventListener('hashchange', async () => {
    link.release();
    presets.detach();
    await opening.open(presets.list);
  });
  keyboard({ form: $('controls'), run: runClicked, cancel: () => buttons.cancel.click(),
    togglePause: () => (runs.paused ? runClicked() : runs.active().length && buttons.pause.click()) });
}

function fileInput(input, button, onText) {
  button.addEventListener('click', () => input.click());
  input.addEventListener('change', async () => {
    const file = input.files && input.files[0];
    input.value = '';
    if (file) onText(await file.text(), file.name);
  });
}

start();
