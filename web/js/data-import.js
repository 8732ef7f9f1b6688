// One's own matrix from a CSV file (a class's ratings, a spreadsheet's export): the file is read by Java's
// DataCsv on the control worker (the command line's reader), previewed here with its size and any error by
// line and column, and on "Use these data" put into the completion task as task.entries.
import { describeData } from './spec-form.js';

const PREVIEW_ROWS = 8;
const PREVIEW_COLS = 10;

function button(text, title) {
  const b = document.createElement('button');
  b.type = 'button';
  b.textContent = text;
  if (title) b.title = title;
  return b;
}

/** The preview's cells: up to PREVIEW_ROWS × PREVIEW_COLS of the entries, '·' where missing. Pure. */
export function previewCells(entries) {
  return entries.slice(0, PREVIEW_ROWS).map((row) => row.slice(0, PREVIEW_COLS).map((v) => (v === null ? '·' : String(v))));
}

export class DataImport {
  /**
   * @param form      the SpecForm (setData, spec)
   * @param pool      the worker pool (readCsv, limits)
   * @param lab       diagnostics: lab.dataPreview holds the last preview for the tests
   * @param onChange  the form's spec changed (validate, write the link)
   */
  constructor({ form, pool, lab, onChange }) {
    this.form = form;
    this.pool = pool;
    this.lab = lab;
    this.onChange = onChange;
    this.pending = null;
    this.limits = null;
    const group = form.form.querySelector('[data-group="task"]');
    const tools = document.createElement('p');
    tools.className = 'data-tools';
    tools.dataset.when = 'task=completion';
    this.importButton = button('Import a CSV…', 'Complete your own matrix: a CSV file, one row per line, blank or NA where '
      + 'an entry is missing');
    this.generatedButton = button('Use generated data', 'Back to a random low-rank matrix of the rows, columns and rank given');
    this.generatedButton.dataset.when = 'task=completion&data=value';
    this.file = document.createElement('input');
    this.file.type = 'file';
    this.file.accept = '.csv,.tsv,.txt,text/csv,text/plain';
    this.file.hidden = true;
    this.file.id = 'data-file';
    tools.append(this.importButton, ' ', this.generatedButton, this.file);
    group.append(tools);
    // the preview: what the file holds, before it replaces anything
    this.panel = document.createElement('div');
    this.panel.id = 'data-preview';
    this.panel.className = 'data-preview';
    this.panel.hidden = true;
    this.panel.setAttribute('role', 'region');
    this.panel.setAttribute('aria-label', 'Preview of the CSV file');
    this.summary = document.createElement('p');
    this.summary.setAttribute('aria-live', 'polite');
    this.error = document.createElement('p');
    this.error.className = 'error';
    this.error.setAttribute('role', 'alert');
    this.error.hidden = true;
    this.scroll = document.createElement('div');
    this.scroll.className = 'scroll';
    this.scroll.tabIndex = 0;
    this.scroll.setAttribute('role', 'region');
    this.scroll.setAttribute('aria-label', 'The first rows and columns of the file');
    this.table = document.createElement('table');
    this.scroll.append(this.table);
    const buttons = document.createElement('div');
    buttons.className = 'buttons';
    this.useButton = button('Use these data', 'Complete this matrix: the task takes its entries (a tenth held out to test)');
    this.useButton.classList.add('primary');
    this.cancelButton = button('Cancel');
    buttons.append(this.useButton, this.cancelButton);
    this.panel.append(this.summary, this.error, this.scroll, buttons);
    group.after(this.panel);
    this.importButton.addEventListener('click', () => this.file.click());
    this.file.addEventListener('change', async () => {
      const f = this.file.files && this.file.files[0];
      this.file.value = '';
      if (f) await this.readFile(f);
    });
    this.useButton.addEventListener('click', () => this.use());
    this.cancelButton.addEventListener('click', () => this.close());
    this.generatedButton.addEventListener('click', () => {
      this.form.setData(null);
      this.onChange();
    });
    lab.importCsv = (text, name) => this.readText(text, name || 'data.csv');
  }

  async caps() {
    if (!this.limits) this.limits = await this.pool.call('limits', {});
    return this.limits;
  }

  async readFile(file) {
    const caps = await this.caps();
    // a file far over the cap is refused before it is read into the page (characters ≤ bytes for UTF-8)
    if (file.size > 4 * caps.csvChars) {
      this.show(file.name, { error: `the file is ${Math.round(file.size / 1e6)} MB; at most ${caps.csvChars} characters `
        + `(about ${Math.round(caps.csvChars / 1e6)} MB) are read`, line: 0, column: 0 });
      return;
    }
    await this.readText(await file.text(), file.name);
  }

  /** Reads CSV text on the worker and previews it. */
  async readText(text, name) {
    const caps = await this.caps();
    if (text.length > caps.csvChars) {
      this.show(name, { error: `the file has ${text.length} characters; at most ${caps.csvChars} are read`, line: 0, column: 0 });
      return;
    }
    this.show(name, await this.pool.call('readCsv', { text }));
  }

  show(name, result) {
    this.pending = result.error ? null : result;
    this.lab.dataPreview = Object.assign({ name }, result, { entries: undefined });
    this.panel.hidden = false;
    this.error.hidden = !result.error;
    this.error.textContent = result.error ? `${name}: ${result.error}` : '';
    this.useButton.disabled = !!result.error;
    this.table.textContent = '';
    if (result.error) {
      this.summary.textContent = `${name} cannot be used as it is. Fix the file and import it again.`;
      this.error.focus();
      return;
    }
    this.summary.textContent = `${name}: ${describeData(result.entries)}${result.header ? ' (its first line, a header, '
      + 'is skipped)' : ''}; SHA-256 ${result.sha256.slice(0, 12)}…`;
    const head = this.table.createTHead().insertRow();
    head.append(document.createElement('th'));
    const cols = Math.min(result.cols, PREVIEW_COLS);
    for (let j = 0; j < cols; j++) {
      const th = document.createElement('th');
      th.textContent = String(j + 1);
      head.append(th);
    }
    const body = this.table.createTBody();
    previewCells(result.entries).forEach((row, i) => {
      const tr = body.insertRow();
      const th = document.createElement('th');
      th.textContent = String(i + 1);
      tr.append(th);
      for (const v of row) tr.insertCell().textContent = v;
    });
    if (result.rows > PREVIEW_ROWS || result.cols > PREVIEW_COLS) {
      const caption = this.table.createCaption();
      caption.textContent = `the first ${Math.min(result.rows, PREVIEW_ROWS)} rows and ${cols} columns; · missing`;
    }
    this.useButton.focus();
  }

  /** The previewed matrix becomes the completion task's data (a tenth of its entries held out, Java's default). */
  async use() {
    if (!this.pending) return;
    const caps = await this.caps();
    const holdout = this.form.field('task.holdout');
    if (holdout && holdout.value === '') holdout.value = String(caps.holdout);
    this.form.setData(this.pending.entries);
    this.close();
    this.onChange();
  }

  close() {
    this.panel.hidden = true;
    this.pending = null;
    this.importButton.focus();
  }
}
