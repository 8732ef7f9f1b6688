// window.__lab: what the page is doing, for the end-to-end tests and for diagnostics in the console
// (runs, engine, readiness, the slowest handlers and chart redraws, long main-thread tasks).
export function labHooks() {
  const lab = window.__lab = { engine: null, runs: [], longestTaskMs: 0, ready: false, lastError: null,
    slowestMs: {}, analyses: {} };
  // uncaught errors with their stacks (the console shows only the message)
  lab.errors = [];
  window.addEventListener('error', (e) => lab.errors.push(String((e.error && e.error.stack) || e.message)));
  window.addEventListener('unhandledrejection', (e) => lab.errors.push('unhandled: ' + String((e.reason && e.reason.stack) || e.reason)));
  /** The last 200 entries of a diagnostics log ([start ms, duration ms, what]). */
  lab.logSlow = (key, entry) => {
    const log = lab[key] = lab[key] || [];
    log.push(entry);
    if (log.length > 200) log.shift();
  };
  if ('PerformanceObserver' in window) {
    try {
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) {
          lab.longestTaskMs = Math.max(lab.longestTaskMs, e.duration);
          lab.logSlow('longTasks', [Math.round(e.startTime), Math.round(e.duration)]);
        }
      }).observe({ type: 'longtask', buffered: true });
      // a long task's cause: the scripts of its animation frame (where the browser has the API)
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) {
          if (e.duration < 50) continue;
          lab.logSlow('longFrames', [Math.round(e.startTime), Math.round(e.duration), e.scripts.map((s) =>
            `${s.invoker} ${(s.sourceURL || '').split('/').pop()}:${s.sourceCharPosition} ${Math.round(s.duration)} ms`).join('; ')]);
        }
      }).observe({ type: 'long-animation-frame', buffered: true });
    } catch (e) { /* long tasks API not available */ }
  }
  return lab;
}
