// Results files: the batch's document as JSON (the text `run` writes, built by Java), every series as
// CSV (Java's writer), and Load results…, read by Java's reader (Documents.read) with its records packed.
import { download } from './share.js';

/** Whether a run has its series as CSV (UTF-8 bytes, as the worker sent them). */
export const hasCsv = (r) => !!(r.csv && r.csv.length);

/** The CSV of runs (same header for runs of one shape: the first run's). */
export function csvOf(runs) {
  const withCsv = runs.filter(hasCsv);
  const text = new TextDecoder();
  return withCsv.length ? withCsv[0].csvHeader + '\n' + withCsv.map((r) => text.decode(r.csv)).join('') : '';
}

export class ResultsIo {
  constructor({ lab, pool, runs, onImported, onError }) {
    this.lab = lab;
    this.pool = pool;
    this.runs = runs;
    this.onImported = onImported;
    this.onError = onError;
    this.imports = 0;
  }

  exportJson(batch) {
    this.lab.exported = batch.document;
    download(this.lab, 'saddle-lab-results.json', 'application/json', batch.document + '\n');
  }

  exportCsv() {
    const text = csvOf(this.runs.all);
    if (!text) return;
    this.lab.exportedCsv = text;
    download(this.lab, 'saddle-lab-series.csv', 'text/csv', text);
  }

  async importText(text, name) {
    let doc;
    try {
      doc = await this.pool.call('readResults', { text });
    } catch (e) {
      this.onError(`${name}: ${e.message}`);
      return;
    }
    if (doc.error) {
      this.onError(`${name} is not a results file the lab can show: ${doc.error}`);
      return;
    }
    this.imports++;
    const count = this.runs.showImported(doc, this.imports);
    this.lab.imported = count;
    this.onImported(doc, count);
  }
}
