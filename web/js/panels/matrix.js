// The matrix view: heatmaps of the learned A at a chosen record, of the target A* and of A − A*, with
// completion's observed entries dotted and the values under the pointer read out. A's entries come with
// the records (Java's Trace.columns "matrix", where A is small enough), A* from the engine (Tasks.target).
import { fmt, count } from '../format.js';

/** Paul Tol's diverging BuRd ends around white: negative blue, zero white, positive red. */
const NEG = [33, 102, 172];
const POS = [178, 24, 43];

/** The colour of v on a symmetric scale ±scale (clipped), as [r, g, b]. Pure. */
export function heatColor(v, scale) {
  if (!Number.isFinite(v)) return [160, 160, 160];
  const t = Math.max(-1, Math.min(1, scale > 0 ? v / scale : 0));
  const end = t < 0 ? NEG : POS;
  const a = Math.abs(t);
  return end.map((c) => Math.round(255 + (c - 255) * a));
}

/** The index of the last record at or before iteration k (the first record if k is before it). Pure. */
export function recordAt(steps, k) {
  let lo = 0;
  let hi = steps.length - 1;
  if (hi < 0) return -1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (steps[mid] <= k) lo = mid; else hi = mid - 1;
  }
  return lo;
}

/** The largest |value| of the arrays (the shared colour scale). Pure. */
export function scaleOf(...arrays) {
  let s = 0;
  for (const a of arrays) for (const v of a || []) if (Number.isFinite(v)) s = Math.max(s, Math.abs(v));
  return s;
}

export class MatrixPanel {
  constructor({ pool }) {
    this.pool = pool;
    this.el = document.getElementById('matrix-panel');
    this.slider = document.getElementById('matrix-step');
    this.caption = document.getElementById('matrix-caption');
    this.readout = document.getElementById('matrix-readout');
    this.canvases = ['matrix-a', 'matrix-target', 'matrix-diff'].map((id) => document.getElementById(id));
    this.targets = new Map(); // canonical spec # seed index → target (or a promise)
    this.run = null;
    this.index = -1; // the record shown
    this.follow = true; // at the latest record while the run trains
    this.slider.addEventListener('input', () => {
      this.follow = Number(this.slider.value) === Number(this.slider.max);
      this.draw(Number(this.slider.value));
    });
    this.canvases.forEach((c, which) => {
      c.addEventListener('mousemove', (e) => this.hover(c, which, e));
      c.addEventListener('mouseleave', () => { this.readout.textContent = ''; });
    });
    window.__lab.matrix = null;
  }

  /** The run to show (the selected one, else the latest); cheap when nothing changed. */
  show(run) {
    if (run !== this.run) {
      this.run = run;
      this.follow = true;
      this.index = -1;
    }
    if (!run || !run.columns) {
      this.caption.textContent = 'no run yet: the matrix view shows the selected run';
      this.clear();
      return;
    }
    if (!run.columns.matrix || run.columns.matrix.count === 0) {
      const t = run.spec.task;
      const shape = t.type === 'completion' ? `${t.rows}×${t.cols}` : `${t.outputs}×${t.inputs}`;
      this.caption.textContent = `run #${run.id}: A is ${shape}; its entries are recorded up to 1024 entries `
        + '(and 400 000 values per run), so there is no matrix view for this run';
      this.clear();
      return;
    }
    const records = run.series.matrix.length;
    this.slider.max = String(Math.max(0, records - 1));
    this.slider.disabled = records === 0;
    const want = this.follow ? records - 1 : Math.min(this.index, records - 1);
    if (want !== this.index || !this.target(run)) this.draw(want);
  }

  /** The crosshair's iteration k: the record at or before it. */
  at(k) {
    const run = this.run;
    if (!run || k === null || !Number.isFinite(k) || !run.series.matrix.length) return;
    const i = Math.min(recordAt(run.series.step, k), run.series.matrix.length - 1);
    this.follow = false;
    this.slider.value = String(i);
    this.draw(i);
  }

  target(run) {
    const key = `${run.canonical}#${run.seedIndex}`;
    const t = this.targets.get(key);
    if (t === undefined) {
      this.targets.set(key, null);
      this.pool.call('target', { spec: run.canonical, seedIndex: run.seedIndex }).then((r) => {
        this.targets.set(key, r);
        if (this.run === run) this.draw(this.index);
      }, () => this.targets.delete(key));
      return null;
    }
    return t && !t.error ? t : null;
  }

  clear() {
    for (const c of this.canvases) c.getContext('2d').clearRect(0, 0, c.width, c.height);
    this.slider.disabled = true;
    window.__lab.matrix = null;
  }

  draw(i) {
    const run = this.run;
    if (!run || i < 0 || i >= run.series.matrix.length) return;
    this.index = i;
    this.slider.value = String(i);
    const a = run.series.matrix[i];
    const t = this.target(run);
    const rows = t ? t.rows : (run.spec.task.rows || run.spec.task.outputs);
    const cols = t ? t.cols : (run.spec.task.cols || run.spec.task.inputs);
    const diff = t ? a.map((v, k) => v - t.target[k]) : null;
    const observed = t && t.observed ? new Set(t.observed) : null;
    const scale = scaleOf(a, t && t.target);
    const cell = Math.max(3, Math.min(24, Math.floor(240 / Math.max(rows, cols))));
    this.shown = { a, target: t ? t.target : null, diff, rows, cols, cell, observed };
    [a, t ? t.target : null, diff].forEach((m, which) => this.paint(this.canvases[which], m, rows, cols, cell, scale, observed));
    this.caption.textContent = `run #${run.id} (${run.label}, seed ${run.seed}) at iteration ${count(run.series.step[i])}`
      + ` (record ${i + 1} of ${run.series.matrix.length}); colours ±${fmt(scale)}, blue negative, red positive`
      + (observed ? '; dots: observed entries' : '');
    this.slider.setAttribute('aria-valuetext', `iteration ${count(run.series.step[i])}`);
    window.__lab.matrix = { run: run.id, record: i, step: run.series.step[i], rows, cols, target: !!t, scale };
  }

  paint(canvas, m, rows, cols, cell, scale, observed) {
    // a canvas's size is set only when it changes: setting it, even to the same value, reallocates and
    // clears its bitmap, three times per record shown while runs train
    if (canvas.width !== cols * cell) canvas.width = cols * cell;
    if (canvas.height !== rows * cell) canvas.height = rows * cell;
    const ctx = canvas.getContext('2d');
    ctx.clearRect(0, 0, canvas.width, canvas.height);
    if (!m) return;
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < cols; c++) {
        const [R, G, B] = heatColor(m[r * cols + c], scale);
        ctx.fillStyle = `rgb(${R},${G},${B})`;
        ctx.fillRect(c * cell, r * cell, cell, cell);
        if (observed && observed.has(r * cols + c) && cell >= 5) {
          ctx.fillStyle = '#222';
          ctx.fillRect(c * cell + cell / 2 - 1, r * cell + cell / 2 - 1, 2, 2);
        }
      }
    }
  }

  hover(canvas, which, e) {
    const s = this.shown;
    if (!s) return;
    const box = canvas.getBoundingClientRect();
    const c = Math.floor(((e.clientX - box.left) / box.width) * s.cols);
    const r = Math.floor(((e.clientY - box.top) / box.height) * s.rows);
    if (r < 0 || c < 0 || r >= s.rows || c >= s.cols) return;
    const k = r * s.cols + c;
    const part = (name, m) => (m ? `${name} = ${fmt(m[k])}` : `${name} loading`);
    this.readout.textContent = `row ${r + 1}, column ${c + 1}: ${part('A', s.a)}, ${part('A*', s.target)}, `
      + `${part('A − A*', s.diff)}${s.observed ? (s.observed.has(k) ? ' (observed)' : ' (held out)') : ''}`;
  }
}
