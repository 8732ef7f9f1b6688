// A batch's results document — the one `run` writes, with its summary and checks — built by Java
// (Documents.build) from the runs' own documents. The page only asks for it and shows what it says.
import { latest, STALE } from './protocol.js';

/**
 * The entries text Documents.build reads for a batch (runs that finished so far), in parts the control
 * worker joins: each run's document (about 1 MB at 2 000 records) as {run: key}, the text it was sent
 * as when the run finished (BatchDocuments.keep). Sent again at the batch's end, ten such documents made
 * a 150–200 ms task on the page's thread.
 */
export function entriesOf(batch) {
  const parts = [];
  const runs = (rs) => {
    parts.push('"runs":[');
    rs.filter((r) => r.doc).forEach((r, i) => parts.push(i ? ',' : '', { run: r.id }));
    parts.push(']');
  };
  if (batch.kind === 'run') {
    parts.push('{');
    runs(batch.runs);
    parts.push(',"spec":' + batch.configs[0].canonical + '}');
    return parts;
  }
  parts.push('[');
  batch.configs.forEach((c, k) => {
    parts.push((k ? ',' : '') + '{"key":' + JSON.stringify(c.key || '') + ',"label":' + JSON.stringify(c.label) + ',');
    runs(batch.runs.filter((r) => r.config === c));
    parts.push(',"spec":' + c.canonical + '}');
  });
  parts.push(']');
  return parts;
}

export class BatchDocuments {
  constructor({ pool, lab, onDocument, onError, onProgress }) {
    this.pool = pool;
    this.onProgress = onProgress || (() => {});
    this.lab = lab;
    this.onDocument = onDocument;
    this.onError = onError;
    this.asked = latest();
  }

  /** A run finished: its document goes to the control worker now, one run at a time (entriesOf). */
  keep(run) {
    if (run.doc) this.pool.call('keep', { key: run.id, doc: run.doc }).catch((e) => this.onError(e.message));
  }

  /** Runs left the page: the control worker lets their documents go. */
  forget(ids) {
    this.pool.call('forget', { keys: [...ids] }).catch((e) => this.onError(e.message));
  }

  /** Asks for the batch's document over the runs finished so far. */
  request(batch) {
    const runs = batch.runs.filter((r) => r.doc).length;
    const body = { kind: batch.kind, name: batch.name, quick: batch.quick !== false, entries: entriesOf(batch) };
    const started = performance.now();
    // a preset's checks may run the greedy algorithm (Fig. 6): its stages are reported as they start
    const progress = (msg) => this.onProgress(batch, msg, (performance.now() - started) / 1000);
    this.asked(this.pool.call('document', body, undefined, progress)).then((text) => {
      if (text === STALE) return;
      let doc;
      try {
        doc = JSON.parse(text);
      } catch (e) {
        this.onError('The engine could not build the results document: ' + e.message);
        return;
      }
      if (doc.error) { this.onError(doc.error); return; }
      batch.document = text;
      batch.documentComplete = runs === batch.runs.filter((r) => r.doc).length;
      if (doc.summary) this.lab.summary = doc.summary;
      this.onDocument(batch, doc);
    }, (e) => this.onError(e.message));
  }
}
