// One's own data from a CSV file (a class's ratings, a spreadsheet's export, a table of samples): the file is
// read by Java's DataCsv on the control worker (the command line's reader), previewed here with its size and any
// error by line and column, and on "Use these data" put into the task: a matrix to complete (task.entries), or
// samples for a regression (the last columns the outputs) or a classification (the last column the label).
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
   * @param pool      the worker pool (readCsv)
   * @param limits    () => a promise of Java's caps (WorkerEngine.limits), asked once for the page
   * @param lab       diagnostics: lab.dataPreview holds the last preview for the tests
   * @param onChange  the form's spec changed (validate, write the link)
   */
  constructor({ form, pool, limits, lab, onChange }) {
    this.form = form;
    this.pool = pool;
    this.caps = limits;
    this.lab = lab;
    this.onChange = onChange;
    this.pending = null;
    const group = form.form.querySelector('[data-group="task"]');
    const tools = document.createElement('p');
    tools.className = 'data-tools';
    tools.dataset.when = 'task=completion|teacher|regression|classification';
    this.importButton = button('Import a CSV…', 'Complete your own matrix: a CSV file, one row per line, blank or NA where '
      + 'an entry is missing');
    this.generatedButton = button('Use generated data', 'Back to a random low-rank matrix of the rows, columns and rank given');
    this.generatedButton.dataset.when = 'task=completion|regression|classification&data=value';
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
    // what the table is: a matrix with blanks, or one sample per row
    const as = document.createElement('p');
    const kindLabel = document.createElement('label');
    this.kind = document.createElement('select');
    this.kind.id = 'data-kind';
    // short names (the form is narrow); the title says what each means
    this.kind.title = 'a matrix to complete (blank where missing); regression samples (one per row: the inputs, then '
      + 'the outputs); labelled samples (one per row: the inputs, then the label)';
    for (const [value, text] of [['completion', 'matrix to complete'], ['regression', 'regression samples'],
      ['classification', 'labelled samples']]) {
      const o = document.createElement('option');
      o.value = value;
      o.textContent = text;
      this.kind.append(o);
    }
    kindLabel.append('Use as ', this.kind);
    this.outputsLabel = document.createElement('label');
    this.outputs = document.createElement('input');
    this.outputs.id = 'data-outputs';
    this.outputs.type = 'text';
    this.outputs.inputMode = 'numeric';
    this.outputs.value = '1';
    this.outputs.size = 3;
    this.outputsLabel.append(' outputs: the last ', this.outputs, ' column(s)');
    as.append(kindLabel, this.outputsLabel);
    this.kind.addEventListener('change', () => { this.outputsLabel.hidden = this.kind.value !== 'regression'; });
    const buttons = document.createElement('div');
    buttons.className = 'buttons';
    this.useButton = button('Use these data', 'The task takes them (a tenth held out to test, unless a holdout is set)');
    this.useButton.classList.add('primary');
    this.cancelButton = button('Cancel');
    buttons.append(this.useButton, this.cancelButton);
    this.panel.append(this.summary, this.error, as, this.scroll, buttons);
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
    // the caps, stated before a file is chosen (Java's: WorkerEngine.limits)
    this.caps().then((caps) => {
      this.importButton.title += ` (a matrix of at most ${caps.dataCells.toLocaleString('en')} cells, samples of at most `
        + `${caps.sampleValues.toLocaleString('en')} values; a file of at most ${caps.csvChars.toLocaleString('en')} characters)`;
    }, () => {});
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
    // as the task on the form: a teacher or a regression regresses, a classification classifies
    const type = this.form.field('task.type').value;
    this.kind.value = type === 'teacher' || type === 'regression' ? 'regression' : type === 'classification' ? 'classification'
      : 'completion';
    this.outputsLabel.hidden = this.kind.value !== 'regression';
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

  /**
   * The previewed table becomes the task's data, as chosen: a matrix to complete, or samples (a tenth held out,
   * Java's default, unless a holdout is set). A classification's loss follows its labels: ±1 the form's
   * two-class loss (logistic unless exponential is chosen), else cross-entropy over 0 … K−1.
   */
  async use() {
    if (!this.pending) return;
    const caps = await this.caps();
    const holdout = this.form.field('task.holdout');
    if (holdout && holdout.value === '') holdout.value = String(caps.holdout);
    const kind = this.kind.value;
    if (kind === 'classification') {
      const loss = this.form.field('task.loss');
      const signs = this.pending.entries.every((row) => row[row.length - 1] === 1 || row[row.length - 1] === -1);
      if (!signs) loss.value = 'crossEntropy';
      else if (loss.value === 'crossEntropy') loss.value = 'logistic';
    }
    this.form.setData(kind, this.pending.entries, Math.max(1, Math.round(Number(this.outputs.value)) || 1));
    this.close();
    this.onChange();
  }

  close() {
    this.panel.hidden = true;
    this.pending = null;
    this.importButton.focus();
  }
}
