// The spec form, built from the field table (spec-fields.js): one control per field, named by its
// path, shown in its mode. Reads and fills go through the table; validation is Java's.
import { FIELDS, active, fieldFor, modesOf, specFromValues, valuesFromSpec } from './spec-fields.js';

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

  modes() {
    return { task: this.field('task.type').value, init: this.field('init').value,
      optimizer: this.field('optimizer.type').value };
  }

  /** Shows the fields of the current modes only. */
  syncModes() {
    const modes = this.modes();
    for (const label of this.form.querySelectorAll('label[data-when]')) {
      label.hidden = !active({ when: label.dataset.when }, modes);
    }
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

export { modesOf };
