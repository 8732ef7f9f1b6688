// The plots' pure maths: decimation, the path view's decimation, ticks, bands, the log floor; the runs'
// series on a stand-in board.
import { alongPath } from '../js/charts/along-path.js';
import { bandData } from '../js/charts/bands.js';
import { columns, decimate } from '../js/charts/decimate.js';
import { applyFloor, floorFor, maxY } from '../js/charts/log-floor.js';
import { DECADES_ONLY, decadeTicks, narrowLogTicks, tickLabel } from '../js/charts/ticks.js';
import { FrameBudget } from '../js/charts/frame-budget.js';
import { RunSeries } from '../js/charts/run-series.js';
import { assert, equal, near, seeded, test } from './harness.js';

function randomSeries(rand, n, logX) {
  const s = columns();
  let y = rand() * 10;
  for (let i = 0; i < n; i++) {
    s.x.push(logX ? Math.exp(i / n * 12) : i);
    y = Math.max(1e-12, y * (0.9 + 0.2 * rand()) + (rand() < 0.01 ? 50 * rand() : 0)); // spikes now and then
    s.y.push(rand() < 0.005 ? NaN : y);
  }
  return s;
}

test('decimation into the previous drawing\'s array gives the same points and reuses its objects', () => {
  const rand = seeded(11);
  let into = [];
  for (let k = 0; k < 30; k++) {
    const n = 10 + Math.floor(rand() * 3000);
    const buckets = 20 + Math.floor(rand() * 200);
    const logX = rand() < 0.5;
    const s = randomSeries(rand, n, logX);
    const fresh = decimate(s, logX, buckets);
    const before = into.slice();
    const out = decimate(s, logX, buckets, into);
    equal(out, into, 'the same array');
    equal(out.length, fresh.length);
    for (let i = 0; i < out.length; i++) {
      assert(Object.is(out[i].x, fresh[i].x) && Object.is(out[i].y, fresh[i].y), `point ${i}`);
      if (i < before.length) equal(out[i], before[i], 'the same object');
    }
    into = out;
  }
});

test('decimation keeps at most two points per bucket, in order, with every minimum and maximum', () => {
  const rand = seeded(7);
  for (let k = 0; k < 40; k++) {
    const n = 10 + Math.floor(rand() * 5000);
    const buckets = 20 + Math.floor(rand() * 200);
    const logX = rand() < 0.5;
    const s = randomSeries(rand, n, logX);
    const out = decimate(s, logX, buckets);
    if (n <= 2 * buckets) {
      equal(out.length, n, 'short series stay whole');
      continue;
    }
    assert(out.length <= 2 * buckets + 3 * s.y.filter((v) => !Number.isFinite(v)).length, `at most 2 per bucket and gap: ${out.length}`);
    for (let i = 1; i < out.length; i++) assert(out[i].x >= out[i - 1].x, 'in x order');
    const finite = s.y.filter(Number.isFinite);
    const ys = out.map((p) => p.y).filter(Number.isFinite);
    equal(Math.min(...ys), Math.min(...finite), 'the minimum survives');
    equal(Math.max(...ys), Math.max(...finite), 'the maximum (a spike) survives');
    for (const p of out) {
      const i = s.x.indexOf(p.x);
      assert(i >= 0 && Object.is(s.y[i], p.y), 'every drawn point is a record');
    }
  }
});

test('the path view keeps every record within one step of a drawn point, ends included', () => {
  const rand = seeded(11);
  for (let k = 0; k < 25; k++) {
    const n = 50 + Math.floor(rand() * 3000);
    const most = 20 + Math.floor(rand() * 200);
    const s = columns();
    let x = 0;
    let y = 0;
    for (let i = 0; i < n; i++) {
      // plateaus (tiny moves) between escapes (big moves)
      const fast = Math.floor(i / 300) % 2 === 1;
      x += (rand() - 0.3) * (fast ? 1 : 1e-4);
      y += (rand() - 0.5) * (fast ? 1 : 1e-4);
      s.x.push(x);
      s.y.push(y);
    }
    const { points, step } = alongPath(s, most);
    if (n <= most) { equal(points.length, n); continue; }
    assert(points.length <= most + 2, `at most most + 2 points: ${points.length}`);
    equal([points[0].x, points[0].y], [s.x[0], s.y[0]], 'first record');
    equal([points[points.length - 1].x, points[points.length - 1].y], [s.x[n - 1], s.y[n - 1]], 'last record');
    const sx = Math.max(...s.x) - Math.min(...s.x) || 1;
    const sy = Math.max(...s.y) - Math.min(...s.y) || 1;
    for (let i = 0; i < n; i += 7) {
      let near = Infinity;
      for (const p of points) near = Math.min(near, Math.hypot((p.x - s.x[i]) / sx, (p.y - s.y[i]) / sy));
      assert(near <= step * (1 + 1e-9), `record ${i} is ${near} from the path, step ${step}`);
    }
  }
});

test('a narrow log axis gets 2–6 round ticks inside it, each label its own', () => {
  const rand = seeded(3);
  for (let k = 0; k < 200; k++) {
    const min = Math.pow(10, -8 + 16 * rand());
    const max = min * (1 + 9 * rand() * rand());
    const ticks = narrowLogTicks(min, max);
    if (!ticks) continue;
    assert(ticks.length >= 2 && ticks.length <= 12, `tick count ${ticks.length} on [${min}, ${max}]`);
    for (const t of ticks) assert(t.value >= min * (1 - 1e-12) && t.value <= max * (1 + 1e-12), 'inside the axis');
    const labels = ticks.map((t) => t.narrowLabel);
    equal(new Set(labels).size, labels.length, `labels tell the ticks apart on [${min}, ${max}]: ${labels}`);
  }
  equal(narrowLogTicks(1, 1000), null, 'a wide axis keeps Chart.js ticks');
});

test('a wide log axis keeps its decades, at least two, and a narrower one every tick', () => {
  const rand = seeded(5);
  for (let k = 0; k < 300; k++) {
    const min = Math.pow(10, -20 + 30 * rand());
    const max = min * Math.pow(10, 6 * rand());
    // Chart.js's log ticks: 1…9 × 10^e from min's decade to max's
    const ticks = [];
    for (let e = Math.floor(Math.log10(min)); e <= Math.ceil(Math.log10(max)); e++) {
      for (let m = 1; m <= 9; m++) {
        const v = Number((m + 'e' + e));
        if (v >= min && v <= max) ticks.push({ value: v });
      }
    }
    const kept = decadeTicks(ticks, min, max);
    if (max / min <= Math.pow(10, DECADES_ONLY)) {
      equal(kept, ticks, `[${min}, ${max}] keeps every tick`);
      continue;
    }
    assert(kept.length >= 2, `[${min}, ${max}]: ${kept.length} decades`);
    for (const t of kept) near(Math.log10(t.value), Math.round(Math.log10(t.value)), 1e-9);
    equal(kept.length, ticks.filter((t) => /^1e/.test(t.value.toExponential())).length, 'every decade kept');
  }
});

test('a frame\'s budget is shared by what draws in it, and the first work of a frame always fits', () => {
  const b = new FrameBudget(6);
  assert(b.fits(100, 50), 'nothing spent yet: even a long chart goes');
  b.spend(100, 4);
  equal(b.spent(100), 4);
  assert(b.fits(100, 2) && !b.fits(100, 2.5), 'what is left: 2 ms');
  equal(b.left(100), 2);
  b.spend(100, 5);
  equal(b.left(100), 0);
  equal(b.spent(116.7), 0, 'the next frame starts afresh');
  assert(b.fits(116.7, 9));
});

test('decades are labelled 0.001 … 1000 and 1e-4, 1e4 beyond', () => {
  equal([1e-4, 1e-3, 1, 1000, 1e4].map((v) => tickLabel(v, true, [])), ['1e-4', '0.001', '1', '1000', '1e4']);
  equal(tickLabel(3, true, new Array(20)), '', 'a long axis labels decades only');
});

test('bands are the mean, min and max over seeds at scheduled records only', () => {
  const a = { step: [0, 5, 10, 20], adaptive: [0, 1, 0, 0], trainLoss: [4, 99, 2, 1] };
  const b = { step: [0, 10, 20], adaptive: [0, 0, 0], trainLoss: [2, 4, 3] };
  const d = bandData([a, b], 'trainLoss');
  equal(d.mean.x, [0, 10, 20]);
  equal(d.mean.y, [3, 3, 2]);
  equal(d.lo.y, [2, 2, 1]);
  equal(d.hi.y, [4, 4, 3]);
});

test('a log axis floors zero and tiny values 16 decades under its top, and Chart.js then draws it', () => {
  const pts = [{ x: 1, y: 100 }, { x: 2, y: 1e-30 }, { x: 3, y: 0 }, { x: 4, y: NaN }, { x: 5, y: -1 }];
  const floor = floorFor(maxY([pts]));
  near(floor, 1e-14, 1e-28);
  equal(applyFloor(pts, floor), 3);
  assert(Number.isNaN(pts[3].y), 'a gap stays a gap');
  // the real Chart.js on the floored points: a log axis with a positive minimum and its ticks
  const chart = new Chart(document.getElementById('canvas'), { type: 'line', data: { datasets: [{ data: pts }] },
    options: { animation: false, parsing: false, scales: { x: { type: 'linear' }, y: { type: 'logarithmic' } } } });
  chart.update('none');
  assert(chart.scales.y.min > 0 && chart.scales.y.ticks.length > 2, `scale ${chart.scales.y.min}…${chart.scales.y.max}`);
  chart.destroy();
});

test('a run\'s series joins its chart with its first point, and the point budget counts the runs still to come', () => {
  const charts = {};
  const board = { logX: false, get all() { return Object.values(charts); }, markChanged() {}, markDirty() {}, beforeUpdate() {},
    chart: (id) => charts[id] || (charts[id] = { data: { datasets: [] }, canvas: { parentElement: { hidden: false } } }) };
  const names = ['step', 'trainLoss', 'testLoss', 'batchLoss', 'rank', 'escapedRank', 'effectiveRank', 'gradNorm',
    'paramNorm', 'nuclearNorm', 'schatten', 'balancedness', 'trainAccuracy', 'testAccuracy', 'margin', 'pathX', 'pathY'];
  const columns = { stride: names.length + 2, singularValues: { from: names.length, count: 2 } };
  names.forEach((n, i) => { columns[n] = i; });
  const series = new RunSeries(board);
  const runs = [];
  for (let id = 1; id <= 50; id++) {
    const run = { id, color: '#336699', group: `g${id}`, label: 'L = 3', hiddenOnPlots: false, columns };
    series.add(run);
    series.shape(run);
    runs.push(run);
  }
  equal(Object.values(charts).map((c) => c.data.datasets.length).reduce((a, b) => a + b, 0), 0, 'queued runs draw nothing');
  // run 1 records 1 000 rows of a full-batch regression: no minibatch loss, accuracy or margin (NaN)
  const data = new Float64Array(1000 * columns.stride).fill(NaN);
  for (let r = 0; r < 1000; r++) {
    const o = r * columns.stride;
    for (const n of ['trainLoss', 'testLoss', 'rank', 'gradNorm', 'paramNorm', 'nuclearNorm', 'schatten', 'balancedness',
      'effectiveRank', 'escapedRank', 'pathX', 'pathY']) data[o + columns[n]] = 1 + Math.sin(r * 0.37 + columns[n]);
    data[o + columns.step] = r + 1;
    data[o + columns.singularValues.from] = 2 + Math.cos(r);
    data[o + columns.singularValues.from + 1] = 1 + Math.cos(r);
  }
  series.append(runs[0], data);
  equal(charts['chart-loss'].data.datasets.map((d) => d.label), ['#1 train loss', '#1 test loss']);
  assert(!charts['chart-accuracy'] || charts['chart-accuracy'].data.datasets.length === 0, 'no accuracy series');
  // the loss chart will hold 3 series of each of 50 runs: at least 20 buckets a series, not the 220 of 2 series
  // decimation stops at its deadline, one series at least a call (the board goes on in the next frame)
  let calls = 1;
  while (!series.refresh('chart-loss', -Infinity)) calls++;
  equal(calls, 2, 'train and test loss, one a call');
  for (const d of charts['chart-loss'].data.datasets) assert(d.data.length <= 2 * 20, `${d.label}: ${d.data.length} points`);
  assert(series.refresh('chart-loss'), 'nothing stale: done');
  series.removeRuns(new Set([1]));
  equal(charts['chart-loss'].data.datasets.length, 0, 'a forgotten run leaves its charts');
});
