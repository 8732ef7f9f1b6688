// The /bench.html page: times the engine worker on each benchmark case (the same specs as the
// JVM's `bench`), reporting steps/s measured inside the worker while it trains. No numerics here.
'use strict';

(() => {
  const engine = new URLSearchParams(location.search).get('engine') || 'wasm-gc';
  const seconds = Number(new URLSearchParams(location.search).get('seconds')) || 2;
  const out = document.getElementById('out');
  const bench = window.__bench = { engine, results: [], done: false, error: null };
  const teacher = (w, steps) => ({ task: { type: 'teacher', inputs: 5, outputs: 5, teacherDiagonal: [10, 20, 30, 40, 50],
    train: 100 }, depth: 4, width: w, init: { gamma: 1 }, learningRate: 1e-4, steps, records: 2 });
  const completion = (n, rank, observed, steps) => ({ task: { type: 'completion', rows: n, cols: n, rank, observed },
    depth: 4, width: 100, init: { gamma: 1 }, learningRate: 0.05, steps, records: 2 });
  const CASES = [
    ['fig2-w10', teacher(10, 5000000)], ['fig2-w100', teacher(100, 1000000)], ['fig2-w1000', teacher(1000, 20000)],
    ['mc30-w100', completion(30, 1, 0.2, 1000000)], ['mc10-w100', completion(10, 3, 0.7, 1000000)],
  ];

  const worker = new Worker('engine-worker.js');
  let current = null;
  worker.onmessage = (e) => {
    const msg = e.data;
    if (msg.type === 'ready') {
      bench.actualEngine = msg.engine;
      next(0);
    } else if (msg.type === 'progress' && current && msg.id === current.id) {
      current.step = msg.step;
      current.at = performance.now();
      if (!current.timing) startTiming(current);
    } else if (msg.type === 'stopped' && current && msg.id === current.id) {
      const i = current.index;
      current = null;
      next(i + 1);
    } else if (msg.type === 'error') {
      bench.error = msg.message;
      out.textContent += 'error: ' + msg.message + '\n';
    }
  };
  worker.postMessage({ type: 'init', engine });

  function next(i) {
    if (i >= CASES.length) {
      bench.done = true;
      return;
    }
    const [name, spec] = CASES[i];
    current = { id: i + 1, index: i, name, step: 0, at: 0, timing: false };
    worker.postMessage({ type: 'run', id: i + 1, spec: JSON.stringify(spec), seedIndex: 0 });
  }

  // Timing starts at the first progress report (after the network is drawn and the first record is
  // measured); a first window warms the engine up (JIT tiers, wasm baseline → optimized), the second
  // is timed from the worker's own reports: steps done between two reports over their interval.
  function startTiming(run) {
    run.timing = true;
    let mark = null;
    setTimeout(() => { mark = { step: run.step, at: run.at }; }, 500 * seconds);
    setTimeout(() => {
      const rate = mark && run.at > mark.at ? 1000 * (run.step - mark.step) / (run.at - mark.at) : 0;
      const label = bench.actualEngine === 'wasm-gc' ? 'wasm-worker' : 'js-worker';
      bench.results.push({ name: run.name, engine: label, rate });
      out.textContent += `bench case=${run.name} engine=${label} steps_per_s=${rate.toFixed(1)}\n`;
      worker.postMessage({ type: 'stop' });
    }, 1500 * seconds);
  }
})();
