// The runs, one row each: configuration, seed, status, final losses, rank, digest; a toggle shows or
// hides a run on the plots, a click selects the run the panels describe. Doubles as the legend of the
// seeds (each row has its run's colour). Rows update in place as runs progress.
import { fmt } from '../format.js';

const FAILED = new Set(['oscillating', 'diverged', 'error']);

const set = (el, key, value) => {
  if (el[key] !== value) el[key] = value;
};

/** The cells of a run's row (pure): [configuration, seed, status, train, test, rank, digest]. */
export function rowCells(run) {
  const s = run.series;
  const last = (a) => (a.length ? a[a.length - 1] : NaN);
  return [run.label, String(run.seed), run.status, fmt(last(s.trainLoss)), fmt(last(s.testLoss)),
    s.rank.length ? String(last(s.rank)) : '—', run.digest || ''];
}

export class RunTable {
  /** @param onToggle (run, hidden) => void; onSelect (run) => void */
  constructor({ onToggle, onSelect }) {
    this.table = document.getElementById('runs');
    this.body = this.table.querySelector('tbody');
    this.rows = new Map(); // run id → {tr, cells, box}
    this.onToggle = onToggle;
    this.onSelect = onSelect;
    this.selected = null;
  }

  row(run) {
    let r = this.rows.get(run.id);
    if (r) return r;
    const tr = document.createElement('tr');
    tr.dataset.runId = String(run.id);
    const show = document.createElement('td');
    const box = document.createElement('input');
    box.type = 'checkbox';
    box.checked = !run.hiddenOnPlots;
    box.setAttribute('aria-label', `show run #${run.id} on the plots`);
    box.addEventListener('change', () => this.onToggle(run, !box.checked));
    show.append(box);
    const id = document.createElement('td');
    const sw = document.createElement('span');
    sw.className = 'swatch';
    sw.style.background = run.color;
    const pick = document.createElement('button');
    pick.type = 'button';
    pick.className = 'link';
    pick.textContent = `#${run.id}`;
    pick.title = 'describe this run in the saddles, escape and greedy panels';
    pick.setAttribute('aria-label', `select run #${run.id} (${run.label}, seed ${run.seed}) for the panels below`);
    pick.addEventListener('click', () => this.onSelect(run));
    id.append(sw, pick);
    const cells = [];
    for (let i = 0; i < 7; i++) cells.push(document.createElement('td'));
    cells[6].className = 'digest';
    cells[6].title = 'digest of the final parameters: the same spec gives the same digest everywhere';
    tr.append(show, id, ...cells);
    this.body.append(tr);
    r = { tr, cells, box, selected: null };
    this.rows.set(run.id, r);
    return r;
  }

  /** Brings every row up to date (runs in their order; rows of runs no longer listed go). */
  render(runs) {
    const ids = new Set(runs.map((r) => r.id));
    for (const [id, r] of this.rows) if (!ids.has(id)) { r.tr.remove(); this.rows.delete(id); }
    for (const run of runs) {
      const r = this.row(run);
      // each property written only when it changes: ten rows rewritten five times a second while runs
      // train invalidated their style each time (docs/performance.md)
      rowCells(run).forEach((text, i) => set(r.cells[i], 'textContent', text));
      set(r.cells[2], 'className', FAILED.has(run.status) ? 'diverged' : '');
      set(r.cells[2], 'title', run.message || '');
      const selected = this.selected === run.id;
      if (r.selected !== selected) {
        r.selected = selected;
        r.tr.classList.toggle('selected', selected);
        r.tr.setAttribute('aria-selected', String(selected));
      }
      set(r.box, 'checked', !run.hiddenOnPlots);
    }
    this.table.hidden = runs.length === 0;
  }

  select(id) {
    this.selected = id;
  }
}
