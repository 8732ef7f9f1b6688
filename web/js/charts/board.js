// The plots as Chart.js instances and when they are redrawn. Views (run series, analyses) put datasets
// in and mark what changed; the board redraws without animation, at most once per animation frame,
// spread over frames and paced (see frame()). Chart.js is the page's global (vendor/chart.umd.min.js).
import { DEFS, TIME_PLOTS } from './defs.js';
import { NARROW_LOG, tickLabel } from './ticks.js';
import { applyFloor, floorFor, floorNote, maxY } from './log-floor.js';
import { fmt } from '../format.js';
import { crosshair } from './crosshair.js';
import { FrameBudget } from './frame-budget.js';

/** A plot with nothing to show says what fills it, instead of bare axes; a floored log axis says so. */
const notes = (board) => ({
  id: 'notes',
  afterDraw(chart, args, opts) {
    const { ctx, chartArea: a } = chart;
    const size = board.presenting ? 17 : 12;
    ctx.save();
    ctx.fillStyle = '#777';
    ctx.textBaseline = 'middle';
    if (opts.text && !chart.data.datasets.some((d) => d.data && d.data.length)) {
      ctx.font = `${size}px sans-serif`;
      ctx.textAlign = 'center';
      ctx.fillText(opts.text, (a.left + a.right) / 2, (a.top + a.bottom) / 2, a.right - a.left - 8);
    }
    if (chart.$floor) {
      ctx.font = `${size - 2}px sans-serif`;
      ctx.textAlign = 'right';
      ctx.fillText(floorNote(chart.$floor), a.right - 4, a.bottom - size, a.right - a.left - 8);
    }
    ctx.restore();
  },
});

/**
 * Present thickens every line, the datasets' own widths too (the singular values' 2 and 1.2 would stay
 * thin under the element default alone): each dataset's width is its base width times the mode's factor.
 */
const widths = (board) => ({
  id: 'widths',
  beforeUpdate(chart) {
    const factor = board.presenting ? 2 : 1;
    for (const d of chart.data.datasets) {
      if (d.$baseWidth === undefined) d.$baseWidth = d.borderWidth === undefined ? null : d.borderWidth;
      if (d.$baseWidth !== null) d.borderWidth = d.$baseWidth * factor;
    }
  },
});

export class Board {
  /** @param lab the diagnostics object (slowest chart, slow log) */
  constructor(lab) {
    this.lab = lab;
    this.byId = {};
    this.all = [];
    this.presenting = false;
    this.logX = true;
    this.dirty = false; // everything to redraw
    this.changed = new Set(); // ids of the charts whose data changed
    this.before = []; // (chartId, until) => done, before a chart is redrawn (decimation; see prepare)
    this.pending = new Set();
    this.outOfSight = new Set();
    this.passCost = 0;
    this.nextPassAt = 0;
    this.asked = false; // an animation frame is asked for (wake)
    this.timer = 0; // a wake waits for the pace, or for plots out of sight to be looked at again (later)
    this.budget = new FrameBudget(); // each frame's, shared with the panels (main.js)
  }

  chart(id) {
    return this.byId[id].chart;
  }

  /**
   * Runs fn(chartId, until) before each redraw of a chart: views decimate their stale series there, and
   * return false when they stopped at `until` (performance.now()) with some left, to go on in the next frame.
   */
  beforeUpdate(fn) {
    this.before.push(fn);
  }

  /** Every chart in sight shows what its datasets hold now (nothing marked, nothing pending). */
  drawn() {
    return !this.dirty && this.changed.size === 0 && this.pending.size === 0;
  }

  /**
   * Every chart to redraw, as when a setting changes (bands, log x, a run shown or hidden): a chart already
   * decimated for a draw the frame budget put off is decimated again, or it would be drawn as the setting
   * was (its seeds' lines hidden under bands another chart's decimation had just removed).
   */
  markDirty() {
    this.dirty = true;
    for (const c of this.all) c.$ready = false;
    this.wake();
  }

  /** Charts whose data changed: only they are redrawn (markDirty: every chart, as when the axes change). */
  markChanged(...ids) {
    for (const id of ids) this.changed.add(id);
    this.wake();
  }

  /**
   * Asks for an animation frame when there is something to draw. A frame asked for at every frame kept the
   * browser making 60 frames a second for nothing, the page's thread and the compositor's beside the engine
   * workers on the same cores; a plot out of sight is looked at again four times a second instead.
   */
  wake() {
    if (this.asked) return;
    const wait = this.pending.size ? 0 : this.nextPassAt - performance.now();
    if (wait > 0) {
      this.later(wait); // the pace below
      return;
    }
    this.asked = true;
    requestAnimationFrame((t) => { this.asked = false; this.frame(t); });
  }

  later(ms) {
    if (!this.timer) this.timer = setTimeout(() => { this.timer = 0; this.wake(); }, ms);
  }

  xScale() {
    const log = this.logX;
    return { type: log ? 'logarithmic' : 'linear', min: log ? 1 : undefined, // iteration 0 has no place on a log axis
      title: { display: true, text: 'iteration k' }, ...NARROW_LOG,
      ticks: { callback: (v, i, ticks) => tickLabel(v, log, ticks) } };
  }

  static customAxis(log, title) {
    // our labels, not Chart.js's numeric formatter, which on a log axis over tiny steps prints
    // "100.00000000000 … 0.00000000000"
    return Object.assign({ type: log ? 'logarithmic' : 'linear', title: { display: true, text: title },
      ticks: { callback: (v, i, ticks) => tickLabel(v, log, ticks) } }, log ? NARROW_LOG : {});
  }

  static greedyXScale() {
    return { type: 'linear', min: 0, title: { display: true, text: 'stage k (log steps within each; · · · = ∞ steps)' },
      ticks: { stepSize: 0.5, callback: (v) => (Number.isInteger(v) ? '· · ·' : 'θ' + Math.ceil(v)) } };
  }

  /**
   * Builds every chart. Eleven Chart.js instances drawn at once made one 200-600 ms task at page load:
   * each is built on its canvas taken out of the page (Chart.js draws nothing until the canvas is
   * attached), and the canvases go back one per animation frame. onAttached runs after the last.
   */
  create(onAttached, tooltipLabel) {
    const detached = [];
    const cross = crosshair(this);
    const note = notes(this);
    const width = widths(this);
    for (const def of DEFS) {
      const canvas = document.getElementById(def.id);
      detached.push({ canvas, parent: canvas.parentNode, next: canvas.nextSibling });
      canvas.remove();
      const time = TIME_PLOTS.includes(def.id);
      const chart = new Chart(canvas, {
        type: 'line',
        data: { datasets: [] },
        plugins: time ? [note, width, cross] : [note, width],
        options: {
          animation: false, responsive: true, maintainAspectRatio: false, parsing: false,
          normalized: !def.custom && !def.joined, spanGaps: true,
          interaction: { mode: 'nearest', intersect: false, axis: 'x' },
          elements: { point: { radius: 0 }, line: { borderWidth: 1.6 } },
          plugins: {
            title: { display: true, text: def.title },
            // the time plots share the page's legend (legend.js: configurations, not 60 series), so Chart.js's
            // is off there (it rebuilt its items for every series at each redraw, shown or not); the others
            // (summary, greedy, path, analyses) carry their own, without the unlabelled band edges
            legend: time ? false : { position: 'bottom',
              labels: { boxWidth: 18, filter: (item, data) => {
                const d = data.datasets[item.datasetIndex];
                return !!d.label && (d.borderWidth !== 0 || d.pointRadius > 0);
              } } },
            decimation: { enabled: false },
            tooltip: { callbacks: { label: (c) => `${tooltipLabel(c)}: ${fmt(c.parsed.y)}` } },
            notes: { text: def.empty || 'press ▶ Run' },
          },
          scales: {
            x: def.custom ? Board.customAxis(def.custom.xlog, def.custom.x) : def.greedy ? Board.greedyXScale() : this.xScale(),
            y: def.custom ? Board.customAxis(def.custom.ylog, def.custom.y) : {
              type: def.ylog ? 'logarithmic' : 'linear', beginAtZero: !def.ylog, ...NARROW_LOG,
              ticks: def.step ? { stepSize: 1, precision: 0 } : { callback: (v, i, ticks) => tickLabel(v, def.ylog, ticks) } },
          },
        },
      });
      this.byId[def.id] = { chart, def };
      this.style(chart);
      this.all.push(chart);
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
    this.wake();
  }

  /**
   * Runs Chart.js's line code once while the page is idle after loading, so that the first batch does not
   * run it cold. The plots are drawn empty at load: a batch's first redraw with data compiled Chart.js's
   * line code (on first call, on this thread) and ran it unoptimized while the engine workers and V8's
   * compilers held the cores, and the loss chart's first redraw took 35–63 ms. A solid, a dashed and a
   * stepped series are put on the loss chart and taken off in the same task, so no frame shows them.
   */
  warm() {
    const c = this.chart('chart-loss');
    if (c.data.datasets.length) return; // runs are drawing already
    const line = (f, extra) => Object.assign({ borderColor: '#999',
      data: Array.from({ length: 400 }, (_, i) => ({ x: i + 1, y: f(i) })) }, extra);
    c.data.datasets = [line((i) => Math.exp(-i / 50)), line((i) => 2 * Math.exp(-i / 60), { borderDash: [5, 4] }),
      line((i) => (i > 200 ? 2 : 1), { stepped: true })];
    c.update('none');
    c.data.datasets = [];
    c.update('none');
  }

  /** Presentation mode: large type and thick lines, readable from the back of a room. */
  setPresentation(on) {
    // a no-op when unchanged: the view applies itself at load and when panels are hidden, and a redraw of
    // every chart for nothing was paced into the first batch's training
    if (on === this.presenting) return;
    this.presenting = on;
    for (const chart of this.all) this.style(chart);
    this.markDirty();
  }

  style(chart) {
    const size = this.presenting ? 17 : 12;
    chart.options.elements.line.borderWidth = this.presenting ? 3.2 : 1.6;
    chart.options.plugins.title.font = { size: this.presenting ? 19 : 13, weight: 'bold' };
    for (const axis of Object.values(chart.options.scales)) {
      // property by property: axis.ticks is Chart.js's option resolver, never to be assigned to itself
      // sampleSize: measure a few labels, not all (a log axis over 30 decades has hundreds of ticks)
      axis.ticks.font = { size };
      axis.ticks.sampleSize = 12;
      if (axis.title) axis.title.font = { size };
    }
  }

  setLogX(on) {
    this.logX = on;
    for (const id of TIME_PLOTS) {
      this.chart(id).options.scales.x = this.xScale();
      this.style(this.chart(id));
    }
    this.markDirty();
  }

  /** Floors a log-y chart's drawn points (log-floor.js); remembers the floor for the note. */
  floor(chart) {
    const y = chart.options.scales.y;
    chart.$floor = null;
    if (!y || y.type !== 'logarithmic') return;
    const sets = chart.data.datasets.filter((d) => !d.hidden && d.data);
    const floor = floorFor(maxY(sets.map((d) => d.data)));
    let raised = 0;
    for (const d of sets) raised += applyFloor(d.data, floor);
    if (raised) chart.$floor = floor;
  }

  /**
   * A chart's data made ready to draw: its stale series decimated (the views' hooks) until `until`, then its
   * log floor. Returns whether it is ready; if not, the next frame goes on (twenty series new at once made
   * one decimation of 10–30 ms).
   */
  prepare(c, until) {
    const t0 = performance.now();
    let done = true;
    for (const fn of this.before) if (fn(c.canvas.id, until) === false) done = false;
    if (done) this.floor(c);
    c.$prepared = (c.$prepared || 0) + performance.now() - t0;
    return done;
  }

  redraw(c) {
    const id = c.canvas.id;
    const td = performance.now();
    c.update('none');
    const te = performance.now();
    const prepared = c.$prepared || 0;
    c.$prepared = undefined;
    c.$ready = false;
    c.$cost = te - td;
    const lab = this.lab;
    if (te - td > 20) lab.logSlow('slowLog', [Math.round(td), Math.round(te - td), id]);
    if (!(lab.slowestMs.chart >= te - td)) {
      lab.slowestMs.chart = te - td;
      lab.slowestChart = `${id}: decimation ${prepared.toFixed(1)} ms (over earlier frames when it used up one), `
        + `update ${(te - td).toFixed(1)} ms, ${c.data.datasets.length} series`;
    }
  }

  // At most once per animation frame, spread over frames (each frame redraws the charts whose last
  // cost fits in the frame's budget, frame-budget.js, so no main-thread task grows long; a chart whose
  // decimation used up the frame, as when twenty series are new, is drawn in the next), and paced so
  // drawing takes at most ~10 % of a core: after a pass that cost c ms the next waits 9·c ms (at least
  // 100 ms). The cores belong to the engine workers. Only the charts marked changed are redrawn; a chart
  // out of sight (a closed panel) is redrawn within a quarter of a second of being shown again.
  frame(now) {
    for (const c of this.outOfSight) {
      if (c.canvas.offsetParent !== null) { this.outOfSight.delete(c); this.pending.add(c); }
    }
    if ((this.dirty || this.changed.size) && this.pending.size === 0 && now >= this.nextPassAt) {
      if (this.dirty) for (const c of this.all) this.pending.add(c);
      else for (const id of this.changed) this.pending.add(this.chart(id));
      this.dirty = false;
      this.changed.clear();
      this.passCost = 0;
    }
    if (this.pending.size && this.budget.waiting) {
      this.wake(); // the panels were put off from a full frame: this one is theirs
      return;
    }
    if (this.pending.size) {
      const t0 = performance.now();
      for (const c of this.pending) {
        if (c.canvas.offsetParent === null) {
          this.pending.delete(c);
          this.outOfSight.add(c);
          c.$prepared = undefined;
          c.$ready = false; // decimated again when shown
          continue;
        }
        // a chart is decimated, then drawn, in what the frame's budget has left (frame-budget.js: the panels
        // draw in the same frames), a chart drawn only if what it cost last time fits; the first work of a
        // frame always goes, so every frame moves on
        if (!c.$ready) {
          if (!this.budget.fits(now, 1)) break;
          const t1 = performance.now();
          c.$ready = this.prepare(c, t1 + Math.max(1, this.budget.left(now)));
          this.budget.spend(now, performance.now() - t1);
          if (!c.$ready) break;
        }
        if (!this.budget.fits(now, c.$cost || 4)) break; // decimated now, drawn in the next frame
        const t2 = performance.now();
        this.pending.delete(c);
        this.redraw(c);
        this.budget.spend(now, performance.now() - t2);
      }
      const spent = performance.now() - t0;
      this.passCost += spent;
      if (!(this.lab.slowestMs.frame >= spent)) this.lab.slowestMs.frame = spent;
      if (!this.pending.size) this.nextPassAt = performance.now() + Math.max(100, 9 * this.passCost);
    }
    if (this.dirty || this.changed.size || this.pending.size) this.wake();
    else if (this.outOfSight.size) this.later(250);
  }
}
