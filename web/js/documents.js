// A batch's results document — the one `run` writes, with its summary and checks — built by Java
// (Documents.build) from the runs' own documents. The page only asks for it and shows what it says.
import { latest, STALE } from './protocol.js';

/** The entries text Documents.build reads for a batch (runs that finished so far). */
export function entriesOf(batch) {
  const done = (rs) => rs.filter((r) => r.json).map((r) => r.json).join(',');
  if (batch.kind === 'run') {
    return '{"runs":[' + done(batch.runs) + '],"spec":' + batch.configs[0].canonical + '}';
  }
  return '[' + batch.configs.map((c) => '{"key":' + JSON.stringify(c.key || '') + ',"label":' + JSON.stringify(c.label)
    + ',"runs":[' + done(batch.runs.filter((r) => r.config === c)) + '],"spec":' + c.canonical + '}').join(',') + ']';
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

  /** Asks for the batch's document over the runs finished so far. */
  request(batch) {
    const runs = batch.runs.filter((r) => r.json).length;
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
      batch.documentComplete = runs === batch.runs.filter((r) => r.json).length;
      if (doc.summary) this.lab.summary = doc.summary;
      this.onDocument(batch, doc);
    }, (e) => this.onError(e.message));
  }
}
