// Records, formats, texts and the PNG text chunk.
import { describeTimePlot, span } from '../js/charts/describe.js';
import { entriesOf } from '../js/documents.js';
import { csvOf } from '../js/results-io.js';
import { chunks, crc32, withText } from '../js/charts/png.js';
import { estimateText, parallelFor, presetEstimateText } from '../js/estimate.js';
import { count, fmt } from '../js/format.js';
import { legendEntries } from '../js/panels/legend.js';
import { gapText, saddleRows } from '../js/panels/saddles.js';
import { axisMap, decadeTicks, figureSvg, panelFigureSvg, toSvg } from '../js/charts/svg.js';
import { gridColumns } from '../js/charts/export.js';
import { dataRows } from '../js/charts/describe.js';
import { heatColor, recordAt, scaleOf } from '../js/panels/matrix.js';
import { appendRows, newSeries } from '../js/records.js';
import { COLORS, shade } from '../js/charts/defs.js';
import { progressOf, stageText, statusText, timeLeft } from '../js/status.js';
import { assert, equal, test } from './harness.js';

const COLUMNS = { step: 0, time: 1, trainLoss: 2, testLoss: 3, rank: 4, nuclearNorm: 5, gradNorm: 6, paramNorm: 7,
  balancedness: 8, escapedRank: 9, escapedLoss: 10, adaptive: 11, singularValues: { from: 12, count: 2 },
  layerNorms: { from: 14, count: 2 }, alignment: 16, pathX: 17, pathY: 18, stride: 19 };

test('records are read where Java\'s column map says', () => {
  const s = newSeries();
  const rows = new Float64Array(2 * 19).map((_, i) => i);
  equal(appendRows(s, rows, COLUMNS), 2);
  equal(s.step, [0, 19]);
  equal(s.trainLoss, [2, 21]);
  equal(s.adaptive, [11, 30]);
  const shifted = Object.assign({}, COLUMNS, { trainLoss: 3, testLoss: 2 });
  const t = newSeries();
  appendRows(t, rows, shifted);
  equal(t.trainLoss, [3, 22], 'another layout, read by the map, not by position');
});

test('numbers read as four significant digits', () => {
  equal([1, 0.1, 1234.5, 12345, 0.00012, 0, NaN].map(fmt), ['1', '0.1', '1235', '1.23e+4', '1.20e-4', '0', '—']);
});

const run = (over) => Object.assign({ id: 1, label: 'L = 4', seed: 1, status: 'running', step: 10, stepsPerSecond: 100,
  spec: { steps: 100 }, learningRate: 0.1, doc: null, busyMs: 0, time: 0,
  series: { step: [0, 10], trainLoss: [5, 1], testLoss: [6, 2], rank: [0, 1], escapedRank: [0, 1], gradNorm: [1, 1],
    paramNorm: [1, 1], nuclearNorm: [0, 1], balancedness: [0, 0] } }, over);

test('the status says what the batch does, then its average speed', () => {
  const b = { runs: [run(), run({ id: 2, status: 'queued', step: 0, stepsPerSecond: 0 })] };
  const text = statusText(b, false);
  assert(text.includes('runs 0/2 done') && text.includes('iteration 10 / 100') && text.includes('100 steps/s'), text);
  equal(progressOf(b), [10, 200]);
  const done = { runs: [run({ status: 'done', doc: new TextEncoder().encode('{}'), step: 100, busyMs: 2000 })] };
  assert(statusText(done, false).includes('50 steps/s per worker on average'), statusText(done, false));
});

test('the estimate turns multiply–adds into seconds on this machine', () => {
  const e = { work: 4e9, workPerRun: 1e9, bytesPerRun: 2e7 };
  equal(estimateText(e, 1e6, 2), 'about 2 s on this machine (4 runs of ~1 s on 2 workers), 20 MB per run');
  equal(estimateText({ work: 1e8, workPerRun: 1e8, bytesPerRun: 2e7 }, 1e6, 2),
    'under a second on this machine (1 run of under a second), 20 MB per run', 'never "about under a second"');
  equal(parallelFor(3e8, 1e9, 8), 3);
  equal(parallelFor(3e9, 1e9, 8), 1, 'always one');
});

test('the legend names each configuration with its runs and seeds', () => {
  const entries = legendEntries([{ id: 1, group: 'a', color: '#111', label: 'NTK', seed: 1 },
    { id: 2, group: 'a', color: '#111', label: 'NTK', seed: 2 }, { id: 3, group: 'b', color: '#222', label: 'γ = 2', seed: 1 }]);
  equal(entries.map((e) => e.text), ['NTK — runs #1–#2, seeds 1, 2', 'γ = 2 — run #3, seed 1']);
});

test('a preset\'s estimate spreads its work over the workers, never below its largest run', () => {
  const e = { runs: 18, configurations: 6, work: 36e6, workPerRun: 4e6, bytesPerRun: 1e6, browser: null };
  equal(presetEstimateText(e, null, 2), '18 runs in 6 configurations');
  // 36e6 / 2 workers / 1e3 per ms = 18 s
  equal(presetEstimateText(e, 1e3, 2), 'about 18 s on this machine (18 runs in 6 configurations on 2 workers)');
  // one run of 4e6 on 8 workers still takes 4 s
  const one = { runs: 1, configurations: 1, work: 4e6, workPerRun: 4e6, bytesPerRun: 1e6, browser: null };
  equal(presetEstimateText(one, 1e3, 8), 'about 4 s on this machine (1 run)');
});

test('saddle rows sit beside the greedy saddle of their rank and say when directions escape together', () => {
  const rows = saddleRows([{ rank: 0, loss: 10, escapedToRank: 2, directions: 2, clearGap: true, arrival: 0, escape: 5 },
    { rank: 2, loss: 1, escapedToRank: -1, directions: 0, clearGap: false, arrival: 6, escape: 9 }],
  { saddles: [{ rank: 0, loss: 10.1 }] });
  equal(rows[0].slice(0, 6), ['1', '0', '2 (2 directions at once)', '10', '10.1', '0.99 %']);
  equal(rows[1].slice(0, 5), ['2', '2 (no clear gap)', 'still escaping at the end', '1', '—']);
  // a greedy stage still moving after its steps is not a saddle to compare with; the next stationary one is
  const moving = saddleRows([{ rank: 1, loss: 2, escapedToRank: 2, directions: 1, clearGap: true, arrival: 0, escape: 5 }],
    { saddles: [{ rank: 1, loss: 5, stationary: false }, { rank: 1, loss: 2.02, stationary: true }] });
  equal(moving[0].slice(3, 6), ['2', '2.02', '0.99 %']);
  // without the greedy analysis, the document's best rank-k fit; the dwell against its passages
  const fit = saddleRows([{ rank: 1, loss: 2, escapedToRank: 2, directions: 1, clearGap: true, arrival: 1, escape: 9,
    dwell: 8, passage: 2, bestFit: 2.02 }], null);
  equal(fit[0].slice(3, 9), ['2', '2.02', '0.99 %', '1', '9', '8 (× 4)']);
});

test('a plot\'s description names its runs and their ranges', () => {
  const text = describeTimePlot('chart-loss', 'Loss', [run()]);
  assert(text.includes('train loss from 5 to 1') && text.includes('seed 1'), text);
});

test('a series\' span skips what is no value: NaN, ±∞, and negatives unless the series is signed', () => {
  equal(span([NaN, -1, 3, Infinity, 0.5, 2, NaN], false), { first: 3, last: 2, low: 0.5 });
  equal(span([NaN, -1, 3, -2, NaN], true), { first: -1, last: -2, low: -2 });
  equal(span([-1, NaN], false), null);
  equal(span([], true), null);
});

test('a batch\'s entries, joined by the control worker with the kept documents, are the JSON Documents.build reads', () => {
  const a = { key: 'a', label: 'L = "2"', spec: { depth: 2 } };
  const b = { key: 'b', label: 'L = 3', spec: { depth: 3 } };
  for (const c of [a, b]) c.canonical = JSON.stringify(c.spec);
  const bytes = (t) => new TextEncoder().encode(t);
  const runs = [{ id: 7, config: a, doc: bytes('{"seed":1}') }, { id: 8, config: a, doc: null },
    { id: 9, config: a, doc: bytes('{"seed":3}') }, { id: 10, config: b, doc: null }];
  // as engine-worker.js's keep and document calls do: each {run: key} is the document kept under that key
  const joined = (parts) => parts.map((p) => (typeof p === 'string' ? p
    : new TextDecoder().decode(runs.find((r) => r.id === p.run).doc))).join('');
  equal(JSON.parse(joined(entriesOf({ kind: 'preset', configs: [a, b], runs }))), [
    { key: 'a', label: 'L = "2"', runs: [{ seed: 1 }, { seed: 3 }], spec: { depth: 2 } },
    { key: 'b', label: 'L = 3', runs: [], spec: { depth: 3 } }]);
  equal(JSON.parse(joined(entriesOf({ kind: 'run', configs: [a], runs: runs.slice(0, 3) }))),
    { runs: [{ seed: 1 }, { seed: 3 }], spec: { depth: 2 } });
  assert(entriesOf({ kind: 'run', configs: [a], runs }).every((p) => typeof p === 'string' || Number.isInteger(p.run)),
    'no document text goes out again');
});

test('the runs\' CSV is the first run\'s header over every run\'s rows, decoded from the bytes the worker sent', () => {
  const bytes = (t) => new TextEncoder().encode(t);
  const runs = [{ csvHeader: 'seed,k,loss', csv: bytes('1,0,2.5\n1,1,σ\n') }, { csvHeader: 'x', csv: null },
    { csvHeader: 'x', csv: bytes('') }, { csvHeader: 'x', csv: bytes('2,0,3\n') }];
  equal(csvOf(runs), 'seed,k,loss\n1,0,2.5\n1,1,σ\n2,0,3\n');
  equal(csvOf([{ csv: null }]), '');
});

test('the PNG keeps its chunks valid with the description inside', () => {
  equal(crc32(new TextEncoder().encode('IEND')), 0xae426082);
  const canvas = document.createElement('canvas');
  canvas.width = 4;
  canvas.height = 3;
  const bin = atob(canvas.toDataURL('image/png').split(',')[1]);
  const png = Uint8Array.from(bin, (c) => c.charCodeAt(0));
  const out = withText(png, 'Description', 'Loss: run #1 — γ = 2');
  const cs = chunks(out);
  equal(cs.map((c) => c.type).slice(0, 2), ['IHDR', 'iTXt']);
  equal(cs[cs.length - 1].type, 'IEND');
  for (const c of cs) {
    const typed = new Uint8Array(4 + c.data.length);
    typed.set(new TextEncoder().encode(c.type));
    typed.set(c.data, 4);
    equal(crc32(typed), c.crc, c.type + ' CRC');
  }
  assert(new TextDecoder().decode(cs[1].data).endsWith('Loss: run #1 — γ = 2'));
});

// ---- the palette, as colour-blind viewers see it ----------------------------------------------------
// Machado, Oliveira & Fernandes (2009), severity 1.0, on linear RGB; distances in CIELAB (ΔE76).
const CVD = {
  protanopia: [[0.152286, 1.052583, -0.204868], [0.114503, 0.786281, 0.099216], [-0.003882, -0.048116, 1.051998]],
  deuteranopia: [[0.367322, 0.860646, -0.227968], [0.280085, 0.672501, 0.047413], [-0.011820, 0.042940, 0.968881]],
  tritanopia: [[1.255528, -0.076749, -0.178779], [-0.078411, 0.930809, 0.147602], [0.004733, 0.691367, 0.303900]],
};
const toLinear = (c) => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
function lab(rgb) {
  const [r, g, b] = rgb;
  const x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047;
  const y = 0.2126 * r + 0.7152 * g + 0.0722 * b;
  const z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883;
  const f = (t) => (t > 216 / 24389 ? Math.cbrt(t) : (24389 / 27 * t + 16) / 116);
  return [116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))];
}
function seen(hex, m) {
  const rgb = [1, 3, 5].map((i) => toLinear(parseInt(hex.slice(i, i + 2), 16) / 255));
  const out = m ? m.map((row) => Math.min(1, Math.max(0, row[0] * rgb[0] + row[1] * rgb[1] + row[2] * rgb[2]))) : rgb;
  return lab(out);
}

test('every pair of configuration colours stays apart for colour-blind viewers, and on white', () => {
  for (const [name, m] of [['normal vision', null], ...Object.entries(CVD)]) {
    let least = Infinity;
    let pair = '';
    for (let i = 0; i < COLORS.length; i++) {
      for (let j = i + 1; j < COLORS.length; j++) {
        const a = seen(COLORS[i], m);
        const b = seen(COLORS[j], m);
        const d = Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);
        if (d < least) { least = d; pair = `${COLORS[i]} ${COLORS[j]}`; }
      }
    }
    assert(least >= 10, `${name}: ${pair} only ΔE ${least.toFixed(1)} apart`);
  }
  for (const c of COLORS) assert(seen(c, null)[0] <= 75, `${c} is too pale for a line on white`);
});

test('the time left weighs each configuration\'s remaining steps by its own speed, measured or modelled', () => {
  const spec = { steps: 1000 };
  const a = { canonical: 'A', spec, status: 'running', step: 500, stepsPerSecond: 1000 }; // 1 ms a step
  const b = { canonical: 'B', spec, status: 'queued', step: 0, stepsPerSecond: 0 };
  const batch = { runs: [a, b], workPerStep: { A: 1e3, B: 1e4 } }; // B costs ten times A a step
  // A: 0.5 s left; B: 1000 steps × 10 ms = 10 s, the longest run left
  equal(timeLeft(batch, 2), 10);
  // on one worker the two add up
  equal(timeLeft(batch, 1), 10.5);
  // once B runs, its own speed counts, not the model's
  b.status = 'running';
  b.step = 100;
  b.stepsPerSecond = 200;
  equal(timeLeft(batch, 1), 0.5 + 900 / 200);
  // no speed at all yet: unknown, not zero
  assert(Number.isNaN(timeLeft({ runs: [{ canonical: 'C', spec, status: 'queued', step: 0 }], workPerStep: {} }, 2)));
});

test('a saddle more than 3 % from its best fit says why, in the words of its document', () => {
  equal(gapText(1.02, 1), '2.00 %');
  equal(gapText(1.12, 1, 'the reason'), '12.00 % above: the reason');
  equal(gapText(0.9, 1), '10.00 % below');
  equal(gapText(88.5, 1e-26, 'exact'), '× 8.85e+27 above: exact');
  const rows = saddleRows([{ rank: 1, loss: 2.5, escapedToRank: 2, directions: 1, clearGap: true, arrival: 1, escape: 9,
    bestFit: 2, bestFitNote: 'at another critical point of rank 1' }], { saddles: [{ rank: 1, loss: 2.4 }] });
  equal(rows[0][4], '2', 'the closed form before the greedy analysis');
  equal(rows[0][5], '25.00 % above: at another critical point of rank 1');
});

const MODEL = { width: 400, height: 200, title: 'Loss & <test>',
  x: { min: 1, max: 1000, log: true, label: 'iteration k', ticks: [{ value: 1, label: '1' }, { value: 10, label: '10' },
    { value: 100, label: '100' }, { value: 1000, label: '1000' }] },
  y: { min: 0, max: 2, log: false, label: 'loss', ticks: [{ value: 0, label: '0' }, { value: 1, label: '1' }] },
  series: [{ color: '#0072B2', width: 2, dash: [], points: [{ x: 1, y: 2 }, { x: 10, y: NaN }, { x: 100, y: 1 }, { x: 1000, y: 0 }] },
    { color: '#D55E00', width: 0, radius: 3, points: [{ x: 10, y: 1 }] }],
  legend: [{ color: '#0072B2', text: 'γ = 2 — run #1, seed 1' }] };

test('a plot as SVG: well formed, titled, its axes labelled, a gap breaks the line, the legend below', () => {
  const text = toSvg(MODEL);
  const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
  equal(doc.getElementsByTagName('parsererror').length, 0, 'well-formed XML');
  const texts = [...doc.getElementsByTagName('text')].map((t) => t.textContent);
  assert(texts.includes('Loss & <test>') && texts.includes('iteration k') && texts.includes('loss'), texts.join('|'));
  assert(texts.includes('γ = 2 — run #1, seed 1') && texts.includes('1000'), texts.join('|'));
  equal(doc.getElementsByTagName('polyline').length, 2, 'the NaN splits the series in two');
  equal(doc.getElementsByTagName('circle').length, 1);
  equal(doc.documentElement.getAttribute('height'), String(200 + 18 + 8), 'the legend adds a row');
  // a log axis places decades evenly
  const m = axisMap(MODEL.x, 0, 300);
  equal([1, 10, 100, 1000].map(m), [0, 100, 200, 300]);
  const fig = new DOMParser().parseFromString(figureSvg([MODEL, MODEL, MODEL], 2, 'Fig'), 'image/svg+xml');
  equal(fig.getElementsByTagName('parsererror').length, 0);
  equal(fig.getElementsByTagName('svg').length, 4, 'three plots inside the figure');
  equal(new Set([...fig.querySelectorAll('clipPath')].map((c) => c.id)).size, 3, 'each plot its own clip');
});

test('a plot\'s data table takes points spread over each series, its first and last included', () => {
  const data = Array.from({ length: 100 }, (_, i) => ({ x: i, y: 2 * i }));
  const rows = dataRows([{ label: 'a', data }, { label: 'hidden', hidden: true, data }, { label: '', data }], 12);
  equal(rows.length, 12);
  equal(rows[0], ['a', '0', '0']);
  equal(rows[11], ['a', '99', '198']);
});

test('the matrix view: a diverging scale around white, the record at an iteration, one scale for all', () => {
  equal(heatColor(0, 2), [255, 255, 255]);
  equal(heatColor(2, 2), [178, 24, 43]);
  equal(heatColor(-5, 2), [33, 102, 172], 'clipped at the scale');
  equal(heatColor(NaN, 2), [160, 160, 160]);
  equal([0, 5, 9, 10, 1e6].map((k) => recordAt([0, 5, 10, 20], k)), [0, 1, 1, 2, 3]);
  equal(recordAt([], 3), -1);
  equal(scaleOf([1, -3], null, [2, NaN]), 3);
  const cols = Object.assign({}, COLUMNS, { matrix: { from: 16, count: 3 }, stride: 19 });
  const s = newSeries();
  appendRows(s, new Float64Array(2 * 19).map((_, i) => i), cols);
  equal(s.matrix.map((m) => Array.from(m)), [[16, 17, 18], [35, 36, 37]], 'each record its own entries');
});

test('a configuration\'s seeds are shades of its colour: the first the colour itself, all distinct', () => {
  equal(shade('#0072B2', 0, 5), '#0072B2');
  equal(shade('#0072B2', 3, 1), '#0072B2');
  const shades = [0, 1, 2, 3, 4].map((i) => shade('#0072B2', i, 5));
  equal(new Set(shades).size, 5);
  // lighter, darker, lighter still, darker still: never white or black
  assert(shades.every((c) => c !== '#FFFFFF' && c !== '#000000'), shades.join(' '));
  const lum = (c) => [1, 3, 5].reduce((s, k) => s + parseInt(c.slice(k, k + 2), 16), 0);
  assert(lum(shades[1]) > lum(shades[0]) && lum(shades[2]) < lum(shades[0]), shades.join(' '));
  assert(lum(shades[3]) > lum(shades[1]) && lum(shades[4]) < lum(shades[2]), shades.join(' '));
});

test('the greedy algorithm\'s progress: stage k of at most K, the time left from the stages done', () => {
  equal(stageText({ done: 1, total: 10 }, 0.2), 'greedy algorithm: stage 1 of at most 10');
  // 3 stages done in 6 s: 2 s a stage, 7 more at most
  equal(stageText({ done: 4, total: 10 }, 6), 'greedy algorithm: stage 4 of at most 10, at most ~14 s left');
  equal(stageText({ done: 10, total: 10 }, 0.09), 'greedy algorithm: stage 10 of at most 10, at most ~a second left');
});

test('a preset\'s panels lie in the paper\'s grid: the fastest-changing field across, one range for all', () => {
  const spec = (regime, w) => ({ init: regime === 'ntk' ? { scheme: 'ntk' } : { gamma: regime }, width: w, depth: 4 });
  const fig2 = [];
  for (const r of ['ntk', 1, 2]) for (const w of [10, 100, 1000]) fig2.push(spec(r, w));
  equal(gridColumns(fig2), 3, 'Fig. 2: the widths across, the regimes down');
  const fig3 = [];
  for (const w of [10, 100]) for (const g of [0.75, 1, 2]) fig3.push(spec(g, w));
  equal(gridColumns(fig3), 3, 'Fig. 3: the γ across, the widths down');
  equal(gridColumns([spec(2, 10)]), 1);
  equal(decadeTicks(0.5, 2000).map((t) => t.label), ['0.1', '1', '10', '100', '1000', '1e4']);
  const panels = fig2.map((s, i) => ({ title: `panel ${i}`, series: [{ color: '#0072B2',
    points: [{ x: 1, y: 100 }, { x: 10, y: 1 + i }, { x: 0, y: 5 }] }] }));
  const doc = new DOMParser().parseFromString(panelFigureSvg(panels, 3, 'Fig. 2'), 'image/svg+xml');
  equal(doc.getElementsByTagName('parsererror').length, 0);
  equal(doc.querySelectorAll('svg > svg').length, 9);
  const xs = [...doc.querySelectorAll('svg > svg')].map((e) => Number(e.getAttribute('x')));
  equal(xs.slice(0, 4), [0, 360, 720, 0], 'three across, then the next row');
  const empty = new DOMParser().parseFromString(panelFigureSvg([], 3, 'nothing'), 'image/svg+xml');
  equal(empty.getElementsByTagName('parsererror').length, 0, 'an empty figure is still an SVG');
});

test('counts read with thousands separators, as toLocaleString wrote them', () => {
  equal(count(12345.6), '12,346');
  equal(count(-1e9), '-1,000,000,000');
  equal(count(0), '0');
  equal(count(NaN), '—');
  equal(count(Infinity), '—');
  for (let k = 0; k < 200; k++) {
    const n = Math.round(Math.sin(k * 12.9898) * 43758.5453 * 10 ** (k % 9));
    equal(count(n), n.toLocaleString('en-US'), `${n}`);
  }
});
