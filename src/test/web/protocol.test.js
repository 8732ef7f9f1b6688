// The worker protocol and the pool, over fake workers.
import { Pool } from '../js/pool.js';
import { Channel, latest, STALE } from '../js/protocol.js';
import { assert, equal, test } from './harness.js';

/** A worker that answers calls by a table, later and in any order; runs stream until stopped. */
class FakeWorker {
  constructor(log) {
    this.log = log || [];
    this.held = [];
    this.terminated = false;
    FakeWorker.all.push(this);
  }

  postMessage(m) {
    this.log.push(m.type);
    if (m.type === 'init') this.reply(m, { engine: 'fake' });
    else if (m.type === 'run') this.current = m.token;
    else if (m.type === 'echo') this.held.push(() => this.reply(m, m.value));
    else if (m.type === 'boom') this.deliver({ type: 'failed', token: m.token, message: 'boom' });
    else if (m.type === 'stages') {
      for (let k = 1; k <= 3; k++) this.deliver({ type: 'progress', token: m.token, what: 'greedy', done: k, total: 5 });
      this.held.push(() => this.reply(m, 'done'));
    }
  }

  reply(m, result) {
    this.deliver({ type: 'reply', token: m.token, result });
  }

  deliver(msg) {
    Promise.resolve().then(() => { if (!this.terminated) this.onmessage({ data: msg }); });
  }

  release(reverse) {
    const h = reverse ? this.held.reverse() : this.held;
    this.held = [];
    h.forEach((f) => f());
  }

  finish(status) {
    this.deliver({ type: 'done', token: this.current, status });
  }

  terminate() {
    this.terminated = true;
  }
}
FakeWorker.all = [];

const tick = () => new Promise((r) => setTimeout(r, 0));

test('replies are matched to their requests by token, whatever their order', async () => {
  const w = new FakeWorker();
  const c = new Channel(w);
  const a = c.call('echo', { value: 'a' });
  const b = c.call('echo', { value: 'b' });
  w.release(true); // b answers first
  equal(await Promise.all([a, b]), ['a', 'b']);
  let failed = null;
  await c.call('boom').catch((e) => { failed = e.message; });
  equal(failed, 'boom');
});

test('only the newest request of a kind counts', async () => {
  const w = new FakeWorker();
  const c = new Channel(w);
  const newest = latest();
  const old = newest(c.call('echo', { value: 1 }));
  const recent = newest(c.call('echo', { value: 2 }));
  w.release(true);
  equal(await recent, 2);
  assert((await old) === STALE, 'the older answer is stale');
});

test('one token counter for every worker: no two requests share a token', () => {
  const seen = new Set();
  const channels = [new Channel(new FakeWorker()), new Channel(new FakeWorker())];
  for (let i = 0; i < 50; i++) {
    for (const c of channels) {
      const token = c.stream('run', {}, () => {});
      assert(!seen.has(token), 'token ' + token);
      seen.add(token);
    }
  }
});

test('cancel terminates a busy worker and starts a fresh one; calls never wait behind a run', async () => {
  FakeWorker.all = [];
  const events = [];
  const pool = new Pool({ size: 1, spawn: () => new FakeWorker(), engine: 'auto' });
  await tick();
  const job = pool.run({ spec: '{}' }, (m) => events.push(m.type), { batch: 1 });
  await tick();
  const training = FakeWorker.all.find((w) => w.log.includes('run'));
  assert(training, 'the run went to a training worker');
  const control = FakeWorker.all.find((w) => w.log.includes('init') && w !== training && !w.log.includes('run'));
  const echo = pool.call('echo', { value: 'fast' });
  await tick();
  control.release();
  equal(await echo, 'fast', 'answered by the control worker while the run trains');
  assert(!training.log.includes('echo'), 'no control call reached the training worker');
  pool.cancel((tag) => tag && tag.batch === 1);
  assert(training.terminated, 'the busy worker is terminated at once');
  equal(events, ['stopped']);
  await tick();
  assert(pool.slots[0].channel && pool.slots[0].channel.worker !== training, 'a fresh worker took its place');
  assert(job.token > 0);
});

test('runs that hold memory wait while the busy ones leave no room', async () => {
  FakeWorker.all = [];
  const pool = new Pool({ size: 3, spawn: () => new FakeWorker(), engine: 'auto', memoryBudget: 250 });
  await tick();
  for (let i = 0; i < 3; i++) pool.run({}, () => {}, { bytes: 100 });
  await tick();
  equal(pool.busy(), 2, 'two of 100 bytes fit in 250');
  FakeWorker.all.find((w) => w.current).finish('done');
  await tick();
  await tick();
  equal(pool.busy(), 2, 'the third starts when one ends');
});

test('a long call reports its stages to its own listener before its reply', async () => {
  const w = new FakeWorker();
  const ch = new Channel(w);
  const seen = [];
  const p = ch.call('stages', {}, undefined, (msg) => seen.push(msg.done));
  const other = ch.call('stages', {}); // no listener: its progress is dropped, not unmatched
  let unmatched = 0;
  ch.onUnmatched = () => { unmatched++; };
  await new Promise((r) => setTimeout(r, 0));
  equal(seen, [1, 2, 3]);
  w.release();
  equal(await p, 'done');
  equal(await other, 'done');
  equal(unmatched, 0);
});
