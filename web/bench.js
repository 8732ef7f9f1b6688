// The /bench.html page: times the engine worker on each benchmark case (Java's BenchCases, the same
// specs as the JVM's `bench`), reporting steps/s measured inside the worker while it trains.
import { Channel } from './js/protocol.js';

const params = new URLSearchParams(location.search);
const engine = params.get('engine') || 'auto';
const seconds = Number(params.get('seconds')) || 2;
const only = params.get('case'); // one case (BenchAll interleaves it with the JVM's windows), or all
const out = document.getElementById('out');
const bench = window.__bench = { engine, results: [], done: false, error: null };

const channel = new Channel(new Worker('engine-worker.js'));

// Timing starts at the first progress report (after the network is drawn and the first record is
// measured). A warm-up of at least half the window and 30 steps lets the engine reach its steady speed
// (JIT tiers, wasm baseline → optimized code, which takes dozens of steps at w = 1000). Then three
// windows of a third of `seconds` each are timed from the worker's own reports, steps over time between
// two reports, leaving out the slices that took a record (a record at w = 1000 costs most of a second,
// hundreds of steps' time), and the best window is the result: the statistic of the JVM's bench
// (`Bench.stepsPerSecond`, best of three windows of steps alone), so the two are read alike.
function time(name, spec) {
  return new Promise((resolve) => {
    let first = null;
    let previous = null;
    let recorded = false;
    let steps = 0;
    let ms = 0;
    let best = 0;
    let windows = 0;
    let finished = false;
    channel.stream('run', { spec: JSON.stringify(spec), seedIndex: 0 }, (msg) => {
      if (finished) return;
      if (msg.type === 'failed') {
        finished = true;
        bench.error = msg.message;
        out.textContent += 'error: ' + msg.message + '\n';
        resolve(0);
      } else if (msg.type === 'records') {
        recorded = true;
      } else if (msg.type === 'progress') {
        const now = { step: msg.step, at: performance.now() };
        if (!first) first = now;
        const warm = now.at - first.at >= 500 * seconds && now.step - first.step >= 30;
        if (warm && previous && !recorded) {
          steps += now.step - previous.step;
          ms += now.at - previous.at;
        }
        previous = now;
        recorded = false;
        if (ms >= 1000 * seconds / 3) {
          best = Math.max(best, 1000 * steps / ms);
          steps = 0;
          ms = 0;
          if (++windows === 3) {
            finished = true;
            channel.send('stop');
            resolve(best);
          }
        }
      }
    });
  });
}

async function main() {
  const ready = await channel.call('init', { engine });
  bench.actualEngine = ready.engine;
  const label = ready.engine; // what takes the steps: wasm-simd, wasm, wasm-gc or js
  for (const c of await channel.call('benchCases')) {
    if (only && c.name !== only) continue;
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
