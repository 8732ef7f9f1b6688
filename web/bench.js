// The /bench.html page: times the engine worker on each benchmark case (Java's BenchCases, the same
// specs as the JVM's `bench`), reporting steps/s measured inside the worker while it trains.
import { Channel } from './js/protocol.js';

const params = new URLSearchParams(location.search);
const engine = params.get('engine') || 'wasm-gc';
const seconds = Number(params.get('seconds')) || 2;
const out = document.getElementById('out');
const bench = window.__bench = { engine, results: [], done: false, error: null };

const channel = new Channel(new Worker('engine-worker.js'));

// Timing starts at the first progress report (after the network is drawn and the first record is
// measured); a first window warms the engine up (JIT tiers, wasm baseline → optimized), the second is
// timed from the worker's own reports: steps done between two reports over their interval.
function time(name, spec) {
  return new Promise((resolve) => {
    let last = null;
    let mark = null;
    let timing = false;
    channel.stream('run', { spec: JSON.stringify(spec), seedIndex: 0 }, (msg) => {
      if (msg.type === 'failed') {
        bench.error = msg.message;
        out.textContent += 'error: ' + msg.message + '\n';
        resolve(0);
      } else if (msg.type === 'progress') {
        last = { step: msg.step, at: performance.now() };
        if (timing) return;
        timing = true;
        setTimeout(() => { mark = last; }, 500 * seconds);
        setTimeout(() => {
          channel.send('stop');
          resolve(mark && last.at > mark.at ? 1000 * (last.step - mark.step) / (last.at - mark.at) : 0);
        }, 1500 * seconds);
      }
    });
  });
}

async function main() {
  const ready = await channel.call('init', { engine });
  bench.actualEngine = ready.engine;
  const label = ready.engine === 'wasm-gc' ? 'wasm-worker' : 'js-worker';
  for (const c of await channel.call('benchCases')) {
    // as many steps as the browser's budget allows: more than the timing windows need
    const probe = JSON.stringify(Object.assign({}, c.spec, { steps: 1, records: 2 }));
    const perStep = (await channel.call('estimate', { spec: probe })).workPerStep;
    const spec = Object.assign({}, c.spec, { steps: Math.min(1e8, Math.floor(1e12 / perStep)), records: 2 });
    const rate = await time(c.name, spec);
    bench.results.push({ name: c.name, engine: label, rate });
    out.textContent += `bench case=${c.name} engine=${label} steps_per_s=${rate.toFixed(1)}\n`;
  }
  bench.done = true;
}

main().catch((e) => { bench.error = e.message; out.textContent += 'error: ' + e.message + '\n'; });
