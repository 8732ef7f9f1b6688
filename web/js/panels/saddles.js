// The saddles table and the escape text of the selected run: its plateaus (Java's Saddles, in the
// run's document) beside the greedy algorithm's saddles, and its escape from the origin (Escape).
import { fmt } from '../format.js';

function cell(text) {
  const td = document.createElement('td');
  td.textContent = text;
  return td;
}

/**
 * The relative difference from the saddle it is compared with, and past 3 % why: the document's reason
 * (Java's Saddles.bestFitNote, which knows the task's critical values) when the comparison is its closed-form
 * best fit, else only the side (the greedy analysis' saddle of a completion task has no closed form).
 */
export function gapText(loss, fit, note) {
  const d = (loss - fit) / fit;
  // past 1000 % (a fit that is exact, ≈ 0) the ratio says more than a percentage
  const text = Math.abs(d) > 10 ? `× ${fmt(loss / fit)}` : `${(100 * Math.abs(d)).toFixed(2)} %`;
  if (Math.abs(d) <= 0.03) return text;
  return `${text} ${d > 0 ? 'above' : 'below'}${note ? `: ${note}` : ''}`;
}

/**
 * Table rows for a run's saddles, each beside the saddle of its rank: the document's closed-form best rank-k
 * fit where the task has one, else the greedy analysis', with how long it dwelt against its passages
 * (docs/spec.md). A greedy stage still moving after its steps (stationary false) ended where it stood, not
 * at a saddle: no comparison.
 */
export function saddleRows(saddles, greedy) {
  const byRank = new Map();
  if (greedy && greedy.saddles) {
    for (const s of greedy.saddles) if (s.stationary !== false && !byRank.has(s.rank)) byRank.set(s.rank, s.loss);
  }
  return saddles.map((s, k) => {
    const closed = Number.isFinite(s.bestFit);
    const g = closed ? s.bestFit : byRank.get(s.rank);
    const to = s.escapedToRank < 0 ? 'still escaping at the end'
      : s.directions > 1 ? `${s.escapedToRank} (${s.directions} directions at once)` : String(s.escapedToRank);
    return [String(k + 1), s.clearGap ? String(s.rank) : `${s.rank} (no clear gap)`, to, fmt(s.loss),
      g === undefined ? '—' : fmt(g), g === undefined ? '—' : gapText(s.loss, g, closed ? s.bestFitNote : null),
      fmt(s.arrival), fmt(s.escape),
      Number.isFinite(s.dwell) ? `${fmt(s.dwell)} (× ${fmt(s.passage > 0 ? s.dwell / s.passage : Infinity)})` : '—'];
  });
}

/** The escape sentence of a run's document. */
export function escapeText(doc) {
  const e = doc.escape;
  if (!e) return '';
  const alignment = doc.series.alignment[doc.series.alignment.length - 1];
  return `Escape from the origin: s₁ = ‖∇C(0)‖ = ${fmt(e.s1)}, `
    + (e.predictionNote ? `${e.predictionNote}; ` : `optimal speed s* = L^−(L−2)/2·s₁ = ${fmt(e.predictedSpeed)}, `)
    + `fitted from the growth of u₁ᵀAv₁: ${e.fittedSpeed === null ? `n/a (${e.reason})` : fmt(e.fittedSpeed)}, `
    + `escape time t_α = ${e.time === null ? 'n/a' : fmt(e.time)}; `
    + `alignment of A's top singular pair with (u₁, v₁) at the end: ${fmt(alignment)}. `
    + `NTK: ${fmt(doc.ntk.initial)} at init (expected ${doc.ntk.expected === null ? 'n/a' : fmt(doc.ntk.expected)}), `
    + `relative change over the run ${doc.ntk.relativeChange === null ? `n/a (the run failed: ${doc.status})`
      : fmt(doc.ntk.relativeChange)}.`;
}

export class SaddlesPanel {
  /** The greedy algorithm's progress in the row that waits for it (status.js stageText). */
  greedyProgress(text) {
    const td = document.getElementById('greedy-progress');
    if (td) td.textContent = text;
  }

  constructor() {
    this.body = document.querySelector('#saddles tbody');
    this.caption = document.getElementById('saddles-run');
    this.escape = document.getElementById('escape');
  }

  /** The selected run (its label and document) and the greedy result of its task (or its error). */
  show(run, doc, greedy) {
    const rows = saddleRows(doc ? doc.saddles : [], greedy && !greedy.error ? greedy : null).map((cells) => {
      const tr = document.createElement('tr');
      tr.append(...cells.map(cell));
      return tr;
    });
    if (greedy && greedy.error) {
      const tr = document.createElement('tr');
      const td = cell('greedy algorithm: ' + greedy.error);
      td.colSpan = 8;
      tr.append(td);
      rows.push(tr);
    } else if (doc && !greedy) {
      const tr = document.createElement('tr');
      const td = cell('greedy algorithm: computing…');
      td.id = 'greedy-progress';
      td.setAttribute('aria-live', 'polite');
      td.colSpan = 8;
      tr.append(td);
      rows.push(tr);
    }
    this.body.replaceChildren(...rows);
    this.caption.textContent = run ? `run #${run.id}, ${run.label}, seed ${run.seed}` : 'no run selected';
    this.escape.textContent = doc ? escapeText(doc) : '';
  }

  clear() {
    this.show(null, null, null);
  }
}
