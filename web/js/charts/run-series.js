// The runs on the time plots: per run its datasets, filled from its records (columns from Java), per
// configuration a mean line and a min–max band when it has several seeds. Every point is kept in
// columns (set.full, two plain number arrays: ten runs of 2 000 records leave no 300 000 small objects
// for the garbage collector); the charts get a decimated copy, refreshed just before a chart redraws.
import { alongPath } from './along-path.js';
import { bandData } from './bands.js';
import { columns, decimate } from './decimate.js';
import { DEFS } from './defs.js';

const BUCKETS = 220;
const POINTS_PER_CHART = 4000; // ~2 µs a point to draw: a chart stays near 10 ms

// [chart, series, dataset key, label, extra options]
const METRICS = [
  ['chart-loss', 'trainLoss', 'train', 'train loss', {}],
  ['chart-loss', 'testLoss', 'test', 'test loss', { borderDash: [5, 4] }],
  // SGD and Adam with minibatches: the loss of each record's last batch (NaN, so not drawn, otherwise);
  // no band of its own, and hidden with the seeds' lines when bands are shown
  ['chart-loss', 'batchLoss', 'batch', 'minibatch loss', { borderDash: [1, 3], borderWidth: 1 }, 'no band, hidden'],
  ['chart-rank', 'rank', 'rank', 'rank', { stepped: true }],
  // −1 where the spectrum has no clear gap (EscapedDirections.count): a gap in the line, and no band
  ['chart-rank', 'escapedRank', 'escaped', 'escaped directions', { stepped: true, borderDash: [2, 3] }, 'no band'],
  // Trace.EFFECTIVE_RANK: exp of the entropy of the normalized singular values, a rank without a tolerance
  ['chart-rank', 'effectiveRank', 'effective', 'effective rank', { borderDash: [6, 2], borderWidth: 1 }],
  ['chart-grad', 'gradNorm', 'grad', '‖∇θL‖', {}],
  ['chart-grad', 'paramNorm', 'param', '‖θ‖', { borderDash: [2, 3] }],
  ['chart-nuclear', 'nuclearNorm', 'nuclear', '‖A‖*', {}],
  // the Schatten-2/L quasi-norm (Trace.SCHATTEN): what L2 weight decay penalizes at a balanced point
  ['chart-nuclear', 'schatten', 'schatten', '‖A‖_S(2/L)', { borderDash: [5, 4] }],
  ['chart-balance', 'balancedness', 'balance', 'balancedness', {}],
  // classification only (NaN, so never put, for the other tasks)
  ['chart-accuracy', 'trainAccuracy', 'trainAccuracy', 'train accuracy', {}],
  ['chart-accuracy', 'testAccuracy', 'testAccuracy', 'test accuracy', { borderDash: [5, 4] }],
  ['chart-margin', 'margin', 'margin', 'normalized margin', {}],
];

const OPTIONAL = DEFS.filter((d) => d.optional).map((d) => d.id);

export class RunSeries {
  constructor(board) {
    this.board = board;
    this.runs = [];
    this.groups = new Map(); // group key → {key, runs, color, sets, dirty}
    this.stale = new Set();
    this.bands = true;
    board.beforeUpdate((id, until) => this.refresh(id, until));
  }

  /** Buckets per series on a chart of n series (the runs' series not yet on it counted: they will be). */
  bucketsFor(n) {
    return Math.max(20, Math.min(BUCKETS, Math.floor(POINTS_PER_CHART / (2 * n))));
  }

  /**
   * A run's series on one chart. It joins the chart with its first point (put): Chart.js builds and
   * updates every dataset it holds, and a batch's queued runs (or a series a task never records, the
   * minibatch loss of full-batch descent) gave the loss chart's first redraw thirty datasets, twenty of them
   * empty, in one long task.
   */
  dataset(run, label, chartId, extra) {
    return Object.assign({ label: `#${run.id} ${label}`, data: [], full: columns(), borderColor: run.color,
      backgroundColor: run.color, runId: run.id, chartId, hidden: !!run.hiddenOnPlots, attached: false }, extra || {});
  }

  add(run) {
    this.runs.push(run);
    if (!this.groups.has(run.group)) {
      this.groups.set(run.group, { key: run.group, label: run.label, runs: [], color: run.color, sets: null, dirty: true });
    }
    const g = this.groups.get(run.group);
    g.runs.push(run);
    g.dirty = true;
    const ds = run.datasets = {};
    for (const [chartId, , key, label, extra] of METRICS) ds[key] = this.dataset(run, label, chartId, extra);
    // Two series per run: s_1 (thicker), and s_2, s_3, … drawn one after the other with a gap between
    // them. Chart.js's cost is mostly per series: ten runs would otherwise draw 80.
    ds.sv = [this.dataset(run, 's1', 'chart-sv', { borderWidth: 2, parts: [], partOf: [], firstPart: 0 }),
      this.dataset(run, 's2…', 'chart-sv', { borderWidth: 1.2, spanGaps: false, parts: [], partOf: [], firstPart: 1 })];
    ds.path = this.dataset(run, 'path', 'chart-path', { showLine: true });
    // no chart changes yet: the run's series join their charts with their first points (append)
  }

  /** Sets the part count of the singular-value series once the run's columns are known. */
  shape(run) {
    const m = Math.min(run.columns.singularValues.count, 10);
    for (let i = run.datasets.sv[0].parts.length + run.datasets.sv[1].parts.length; i < m; i++) {
      run.datasets.sv[i === 0 ? 0 : 1].parts.push(columns());
    }
  }

  /** The rows of data (packed, run.columns) onto the run's series. */
  append(run, data) {
    // records still in flight for a run that Reset or Clear removed: its datasets are gone
    if (run.removed) return;
    const c = run.columns;
    const ds = run.datasets;
    const g = this.groups.get(run.group);
    if (g && g.runs.length >= 2) g.dirty = true;
    // pushes only; each set that took a point joins its chart and is marked stale once per message below,
    // not once per point (25 series × some 500 records a message)
    const touched = [];
    const put = (set, into, px, py) => {
      if (!Number.isFinite(px) || !Number.isFinite(py)) return;
      into.x.push(px);
      into.y.push(py);
      if (!set.grew) {
        set.grew = true;
        touched.push(set);
      }
    };
    // per series its set, columns and offset in a row, looked up once per message, not once per row
    const into = METRICS.map(([, metric, key, , , noBand]) => ({ set: ds[key], full: ds[key].full, at: c[metric], noBand }));
    for (const set of ds.sv) {
      set.parts.forEach((part, k) => into.push({ set, full: part, at: c.singularValues.from + set.firstPart + k }));
    }
    const n = into.length;
    for (let o = 0; o + c.stride <= data.length; o += c.stride) {
      const x = data[o + c.step];
      for (let j = 0; j < n; j++) {
        const s = into[j];
        const v = data[o + s.at];
        if (!(s.noBand && v < 0)) put(s.set, s.full, x, v);
      }
      put(ds.path, ds.path.full, data[o + c.pathX], data[o + c.pathY]);
    }
    let optional = false;
    for (const set of touched) {
      set.grew = false;
      if (!set.attached) {
        set.attached = true;
        this.board.chart(set.chartId).data.datasets.push(set);
        optional = optional || OPTIONAL.includes(set.chartId);
      }
      this.stale.add(set);
      this.board.markChanged(set.chartId);
    }
    // a plot appears with its first point (it goes with its runs, removeRuns)
    if (optional) this.showOptional();
  }

  /** An optional plot (defs.js) is in the page while some run on the plots has a point on it. */
  showOptional() {
    for (const id of OPTIONAL) {
      const has = this.runs.some((r) => Object.values(r.datasets).some((s) => s.chartId === id && s.full.x.length));
      const plot = this.board.chart(id).canvas.parentElement;
      if (plot.hidden === has) {
        plot.hidden = !has;
        this.board.markDirty();
      }
    }
  }

  /** The parts of a joined series (a run's s_2, s_3, …), each decimated, with a gap between. */
  joined(set, logX, buckets) {
    const each = Math.max(20, Math.floor(buckets / Math.max(1, set.parts.length)));
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

  /**
   * Decimates the stale series of one chart, just before it is redrawn, until `until` (performance.now();
   * at least one series a call): returns false when some are left for the next frame.
   * A hidden series (a seed under its band, a run toggled off) gives Chart.js no points: Chart.js
   * updates every dataset's elements, shown or not, at about a microsecond a point, so ten seeds
   * under bands cost more than the bands themselves. It is decimated again once shown.
   */
  refresh(chartId, until = Infinity) {
    const logX = this.board.logX;
    if (chartId !== 'chart-path' && chartId !== 'chart-sv') this.refreshBands(chartId);
    let coming = 0;
    for (const run of this.runs) {
      for (const set of Object.values(run.datasets).flat()) {
        if (set.chartId !== chartId) continue;
        if (!set.attached) coming++;
        if (set.hidden) {
          this.stale.delete(set);
          if (set.data.length) set.data = [];
          set.drawn = false;
        } else if (!set.drawn && set.attached) { // a queued run's series has nothing to decimate yet
          this.stale.add(set);
        }
      }
    }
    const buckets = this.bucketsFor(this.board.chart(chartId).data.datasets.length + coming);
    let decimated = 0;
    for (const set of this.stale) {
      if (set.chartId !== chartId) continue;
      if (decimated++ > 0 && performance.now() > until) return false;
      this.stale.delete(set);
      set.drawn = true;
      if (chartId === 'chart-path') {
        const r = alongPath(set.full, buckets);
        set.data = r.points;
        set.pathStep = r.step;
      } else {
        set.data = set.parts ? this.joined(set, logX, buckets) : decimate(set.full, logX, buckets, set.data);
      }
    }
    return true;
  }

  /** A configuration's band sets on one chart, built or removed as bands are wanted. */
  refreshBands(chartId) {
    const logX = this.board.logX;
    for (const g of this.groups.values()) {
      const show = this.bands && g.runs.length >= 2;
      for (const r of g.runs) {
        for (const [cid, , key, , , noBand] of METRICS) {
          if (cid === chartId) r.datasets[key].hidden = (show && noBand !== 'no band') || !!r.hiddenOnPlots;
        }
      }
      if (!show) {
        if (g.sets) {
          this.remove((d) => d.bandOf === g.key);
          g.sets = null;
        }
        continue;
      }
      if (!g.sets) {
        g.sets = {};
        for (const [cid, metric, , label, extra, noBand] of METRICS) {
          if (noBand) continue;
          const base = { bandOf: g.key, borderColor: g.color, backgroundColor: g.color, data: [], chartId: cid };
          const set = {
            lo: Object.assign({}, base, { label: `${label} min over seeds`, borderWidth: 0, backgroundColor: g.color + '26' }),
            hi: Object.assign({}, base, { label: `${label} max over seeds`, borderWidth: 0, backgroundColor: g.color + '26',
              fill: '-1' }),
            mean: Object.assign({}, base, extra, { label: `${label} mean of ${g.runs.length} seeds`, borderWidth: 2 }),
          };
          this.board.chart(cid).data.datasets.push(set.lo, set.hi, set.mean);
          g.sets[metric] = set;
        }
        g.fresh = new Set();
      }
      if (g.dirty) { g.fresh = new Set(); g.dirty = false; }
      if (g.fresh.has(chartId)) continue;
      g.fresh.add(chartId);
      for (const [cid, metric, , label, , noBand] of METRICS) {
        if (cid !== chartId || noBand) continue;
        const d = bandData(g.runs.map((r) => r.series), metric);
        const set = g.sets[metric];
        set.lo.data = decimate(d.lo, logX, BUCKETS, set.lo.data);
        set.hi.data = decimate(d.hi, logX, BUCKETS, set.hi.data);
        set.mean.data = decimate(d.mean, logX, BUCKETS, set.mean.data);
        set.mean.label = `${label} mean of ${g.runs.length} seeds`;
      }
    }
  }

  setBands(on) {
    if (on === this.bands) return; // the link's view is applied at load, usually the default
    this.bands = on;
    for (const g of this.groups.values()) g.dirty = true;
    this.board.markDirty();
  }

  /** Shows or hides a run on the plots (the run table's toggle). */
  setHidden(run, hidden) {
    run.hiddenOnPlots = hidden;
    for (const set of Object.values(run.datasets).flat()) set.hidden = hidden;
    this.board.markDirty();
  }

  remove(pred) {
    for (const c of this.board.all) c.data.datasets = c.data.datasets.filter((d) => !pred(d));
  }

  /** Forgets runs (Reset, Clear): their datasets, their configurations' bands. */
  removeRuns(ids) {
    const gone = new Set();
    for (const g of this.groups.values()) if (g.runs.some((r) => ids.has(r.id))) gone.add(g.key);
    this.remove((d) => ids.has(d.runId) || gone.has(d.bandOf) || ids.has(d.extraOf));
    for (const k of gone) this.groups.delete(k);
    for (const r of this.runs) if (ids.has(r.id)) r.removed = true;
    this.runs = this.runs.filter((r) => !ids.has(r.id));
    for (const s of [...this.stale]) if (ids.has(s.runId)) this.stale.delete(s);
    this.showOptional();
    this.board.markDirty();
  }

  /** x changed between log and linear: every series is decimated again. */
  setLogX() {
    for (const run of this.runs) {
      for (const set of Object.values(run.datasets).flat()) if (set.chartId !== 'chart-path') this.stale.add(set);
    }
    for (const g of this.groups.values()) g.dirty = true;
  }
}
