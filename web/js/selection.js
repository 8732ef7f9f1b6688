// The run the panels describe: the saddles table, the escape text, the greedy plot and the path
// view's marks all follow the selected run (by default the latest that finished; a click in the run
// table pins another), and update when it changes. The greedy algorithm runs once per configuration.
import { latest, STALE } from './protocol.js';
import { stageText } from './status.js';

const GREEDY = { epsilon: 0.1, tolerance: 1e-6 }; // Greedy.DEFAULT_EPSILON / DEFAULT_TOLERANCE

export class Selection {
  constructor({ pool, charts, panel, lab, onChange }) {
    this.pool = pool;
    this.charts = charts;
    this.panel = panel;
    this.lab = lab;
    this.onChange = onChange;
    this.run = null;
    this.pinned = false;
    this.greedy = new Map(); // canonical spec → result
    this.asked = latest();
    this.pending = null; // the canonical spec whose greedy is being computed
  }

  /** A run finished: it becomes the selection unless the user pinned one. */
  finished(run, settled) {
    if (!this.pinned) this.select(run, false, settled);
  }

  /** Selects a run; `pinned` when the user chose it. The greedy runs when asked for or when the batch settled. */
  select(run, pinned, settled) {
    this.pinned = pinned;
    this.run = run;
    this.charts.clearSelection();
    const doc = run && run.doc ? run.reading : null; // what the panels read, parsed by the worker
    this.lab.saddles = doc ? doc.saddles : [];
    if (doc) this.charts.showRunMarks(run, doc);
    const greedy = run ? this.greedy.get(run.canonical) : null;
    this.lab.greedy = greedy || null;
    if (greedy && !greedy.error) this.charts.showGreedy(greedy, run.spec.steps);
    this.panel.show(run, doc, greedy || (doc && !(pinned || settled) ? { error: 'computed when the runs are done' } : null));
    if (doc && !greedy && (pinned || settled) && this.pending !== run.canonical) this.requestGreedy(run);
    this.onChange(run);
  }

  requestGreedy(run) {
    const body = { spec: run.canonical, epsilon: GREEDY.epsilon, tolerance: GREEDY.tolerance,
      stepsPerStage: Math.max(1, run.spec.steps) };
    this.pool.cancel((tag) => tag === 'greedy'); // an older selection's greedy is not wanted any more
    this.pending = run.canonical;
    const started = performance.now();
    const progress = (msg) => {
      this.lab.greedyProgress = msg;
      if (this.run === run) this.panel.greedyProgress(stageText(msg, (performance.now() - started) / 1000));
    };
    this.asked(this.pool.job('greedy', body, 'greedy', progress)).then((result) => {
      if (this.pending === run.canonical) this.pending = null;
      if (result === STALE) return;
      this.greedy.set(run.canonical, result);
      if (this.run === run) this.select(run, this.pinned, true);
    }, (e) => {
      if (this.pending === run.canonical) this.pending = null;
      if (e.name !== 'Terminated' && e.message !== 'cancelled' && this.run === run) {
        this.panel.show(run, run.reading, { error: e.message });
      }
    });
  }

  /** The batch settled: the selected run gets its greedy now. */
  settled() {
    if (this.run && this.run.doc && !this.greedy.has(this.run.canonical) && this.pending !== this.run.canonical) {
      this.select(this.run, this.pinned, true);
    }
  }

  /** The selected run left the plots (Reset, Clear): the panels go blank. */
  clear() {
    this.run = null;
    this.pinned = false;
    this.charts.clearSelection();
    this.panel.clear();
    this.lab.saddles = null;
    this.lab.greedy = null;
    this.onChange(null);
  }
}
