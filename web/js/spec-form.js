// The spec form, built from the field table (spec-fields.js): one control per field, named by its
// path, shown in its mode. Reads and fills go through the table; validation is Java's.
import { FIELDS, active, dataMode, fieldFor, modesOf, specFromValues, valuesFromSpec } from './spec-fields.js';

function control(f) {
  if (f.kind === 'choice') {
    const select = document.createElement('select');
    for (const [value, text] of f.choices) {
      const o = document.createElement('option');
      o.value = value;
      o.textContent = text;
      select.append(o);
    }
    return select;
  }
  const input = document.createElement('input');
  if (f.kind === 'check') {
    input.type = 'checkbox';
    return input;
  }
  // text, not number: what was typed reaches the validator, which names the field and the expected form
  input.type = 'text';
  input.inputMode = f.kind === 'integer' ? 'numeric' : 'decimal';
  input.spellcheck = false;
  if (f.example) input.placeholder = f.optional ? f.example : `e.g. ${f.example}`;
  return input;
}

export class SpecForm {
  constructor(form) {
    this.form = form;
    for (const f of FIELDS) {
      if (f.kind === 'implied') continue;
      const group = form.querySelector(`[data-group="${f.group}"]`);
      if (f.kind === 'data') {
        // not typed: the CSV import sets it (data-import.js); a summary stands for the matrix
        const box = document.createElement('p');
        box.className = 'data-field';
        box.dataset.when = f.when;
        const input = document.createElement('input');
        input.type = 'hidden';
        input.name = f.path;
        const summary = document.createElement('span');
        summary.id = f.path === 'task.entries' ? 'data-summary' : 'samples-summary';
        box.append(document.createTextNode(f.label + ': '), summary, input);
        group.append(box);
        continue;
      }
      const label = document.createElement('label');
      if (f.kind === 'check') label.className = 'check';
      if (f.when) label.dataset.when = f.when;
      const c = control(f);
      c.name = f.path;
      if (f.kind === 'check') label.append(c, document.createTextNode(' ' + f.label));
      else label.append(document.createTextNode(f.label + ' '), c);
      group.append(label);
    }
  }

  field(path) {
    return this.form.elements.namedItem(path);
  }

  values() {
    const v = {};
    for (const f of FIELDS) {
      if (f.kind === 'implied') continue;
      const el = this.field(f.path);
      v[f.path] = f.kind === 'check' ? el.checked : el.value;
    }
    return v;
  }

  /** The spec the form shows (fields of other modes left out; Java fills defaults and checks). */
  spec() {
    return specFromValues(this.values());
  }

  /** Shows a spec (a link's, a preset's, the canonical one with every default). */
  fill(spec) {
    const values = valuesFromSpec(spec);
    for (const [path, value] of Object.entries(values)) {
      const el = this.field(path);
      if (!el) continue;
      if (el.type === 'checkbox') el.checked = !!value;
      else el.value = value;
    }
    this.syncModes();
  }

  /**
   * Gives the task data by value: a matrix to complete (kind 'completion': rows of numbers and nulls), or samples
   * for a 'regression' (with its number of outputs) or a 'classification' (the label last); null takes them away,
   * back to generated data of the same shape where the form has none yet.
   */
  setData(kind, rows, outputs) {
    const path = kind === 'completion' ? 'task.entries' : 'task.samples';
    const blank = (p, value) => { if (this.field(p).value === '') this.field(p).value = value; };
    if (!rows) {
      const type = this.field('task.type').value;
      const before = this.field(type === 'completion' ? 'task.entries' : 'task.samples').value;
      if (before) {
        const data = JSON.parse(before);
        const width = data[0].length;
        if (type === 'completion') {
          const observed = data.reduce((n, row) => n + row.filter((v) => v !== null).length, 0) / (data.length * width);
          blank('task.rows', String(data.length));
          blank('task.cols', String(width));
          blank('task.rank', '2');
          blank('task.observed', String(Math.round(100 * observed) / 100));
        } else {
          const outs = type === 'regression' ? Number(this.field('task.outputs').value) || 1 : 1;
          if (type === 'regression') this.field('task.type').value = 'teacher';
          blank('task.inputs', String(width - outs));
          blank('task.outputs', String(outs));
          blank('task.train', String(data.length));
          blank('task.classes', '2');
          // a teacher W0·W0ᵀ is square; otherwise a diagonal teacher
          if (type === 'classification' || width - outs === outs) blank('task.teacherRank', '1');
          else blank('task.teacherDiagonal', '1');
        }
      }
      this.field('task.entries').value = '';
      this.field('task.samples').value = '';
      this.syncModes();
      return;
    }
    this.field(path).value = JSON.stringify(rows);
    this.field('task.type').value = kind;
    if (kind === 'regression') this.field('task.outputs').value = String(outputs);
    this.syncModes();
  }

  modes() {
    const type = this.field('task.type').value;
    return { task: type, data: dataMode(type, !!this.field('task.entries').value, !!this.field('task.samples').value),
      init: this.field('init').value, optimizer: this.field('optimizer.type').value };
  }

  /** Shows the fields of the current modes only, and what the data given by value are. */
  syncModes() {
    const modes = this.modes();
    for (const el of this.form.querySelectorAll('[data-when]')) {
      el.hidden = !active({ when: el.dataset.when }, modes);
    }
    for (const [path, id, describe] of [['task.entries', 'data-summary', describeData],
      ['task.samples', 'samples-summary', describeSamples]]) {
      const text = this.field(path).value;
      const summary = this.form.querySelector('#' + id);
      if (summary) summary.textContent = text ? describe(JSON.parse(text)) : '';
    }
    if (this.onModes) this.onModes(modes);
  }

  /** Marks the control of a spec path (as Java's error names it); null clears every mark. */
  mark(path) {
    for (const el of this.form.querySelectorAll('.invalid')) {
      el.classList.remove('invalid');
      el.removeAttribute('aria-invalid');
    }
    const f = fieldFor(path);
    const el = f ? this.field(f.path) : null;
    if (!el) return;
    el.classList.add('invalid');
    el.setAttribute('aria-invalid', 'true');
  }

  /** Whether an event comes from a spec field (the sweep's and the analyses' inputs are not). */
  isSpecEvent(e) {
    return !!(e.target && e.target.name && FIELDS.some((f) => f.path === e.target.name));
  }
}

/** "12 × 9 matrix, 70 of 108 entries observed" for rows of numbers and nulls. Pure. */
export function describeData(entries) {
  const rows = entries.length;
  const cols = rows ? entries[0].length : 0;
  const observed = entries.reduce((n, row) => n + row.filter((v) => v !== null).length, 0);
  return `${rows} × ${cols} matrix, ${observed} of ${rows * cols} entries observed`;
}

/** "200 samples of 6 values each" for rows of numbers. Pure. */
export function describeSamples(samples) {
  return `${samples.length} samples of ${samples.length ? samples[0].length : 0} values each`;
}

export { modesOf };
