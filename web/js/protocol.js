// The page's side of the worker protocol (see engine-worker.js): one token counter for every request,
// each reply matched to its request. Pure: the worker is anything with postMessage/onmessage, so the
// unit tests drive it with a fake.

let lastToken = 0;

/** The next request token: one counter for calls and runs on every worker. */
export function nextToken() {
  lastToken += 1;
  return lastToken;
}

/** What a superseded request resolves to (see latest). */
export const STALE = Symbol('stale');

/** A request that ended because its worker was terminated (Reset, Cancel). */
export class Terminated extends Error {
  constructor() {
    super('the worker was stopped');
    this.name = 'Terminated';
  }
}

/**
 * One worker: calls resolve with their reply's result; a run's messages go to its handler until it is
 * done, stopped or failed.
 */
export class Channel {
  constructor(worker) {
    this.worker = worker;
    this.calls = new Map(); // token → {resolve, reject}
    this.streams = new Map(); // token → handler
    this.onUnmatched = null; // a message no request asked for (a bug: reported, never dropped silently)
    worker.onmessage = (e) => this.receive(e.data);
  }

  /** A call: resolves with the worker's result, rejects with its message; its progress messages go to onProgress. */
  call(type, body, transfer, onProgress) {
    const token = nextToken();
    return new Promise((resolve, reject) => {
      this.calls.set(token, { resolve, reject, onProgress });
      this.worker.postMessage(Object.assign({ type, token }, body), transfer || []);
    });
  }

  /** A run: every message of it goes to onMessage (started, records, progress, done, stopped, failed). */
  stream(type, body, onMessage) {
    const token = nextToken();
    this.streams.set(token, onMessage);
    this.worker.postMessage(Object.assign({ type, token }, body));
    return token;
  }

  /** A message that steers the current run (pause, resume, step, stop): no reply. */
  send(type, body) {
    this.worker.postMessage(Object.assign({ type }, body));
  }

  receive(msg) {
    const call = this.calls.get(msg.token);
    if (call && msg.type === 'progress') {
      if (call.onProgress) call.onProgress(msg);
      return;
    }
    if (call && (msg.type === 'reply' || msg.type === 'failed')) {
      this.calls.delete(msg.token);
      if (msg.type === 'reply') call.resolve(msg.result);
      else call.reject(new Error(msg.message));
      return;
    }
    const stream = this.streams.get(msg.token);
    if (stream) {
      if (msg.type === 'done' || msg.type === 'stopped' || msg.type === 'failed') this.streams.delete(msg.token);
      stream(msg);
      return;
    }
    if (this.onUnmatched) this.onUnmatched(msg);
  }

  /** Ends every request in flight (the worker is being terminated). */
  close() {
    for (const { reject } of this.calls.values()) reject(new Terminated());
    this.calls.clear();
    for (const [token, stream] of this.streams) stream({ type: 'stopped', token, terminated: true });
    this.streams.clear();
  }

  busy() {
    return this.calls.size + this.streams.size > 0;
  }
}

/**
 * Only the newest of a kind of request counts: `const validated = latest(); validated(promise)` resolves
 * to STALE when a newer request went out before this one's answer came back (a slow validation, an old
 * analysis), so an old answer never overwrites a newer one.
 */
export function latest() {
  let newest = 0;
  return (promise) => {
    newest += 1;
    const mine = newest;
    return promise.then((v) => (mine === newest ? v : STALE), (e) => {
      if (mine !== newest) return STALE;
      throw e;
    });
  };
}
