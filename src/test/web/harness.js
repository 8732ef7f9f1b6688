// A tiny test runner for the page's modules: test(name, fn) registers, run() runs them all and leaves
// {passed, failed: [{name, message}]} in window.__results for WebUnitTest to read.
const tests = [];

export function test(name, fn) {
  tests.push({ name, fn });
}

export class AssertionError extends Error {}

export function assert(condition, message) {
  if (!condition) throw new AssertionError(message || 'assertion failed');
}

export function equal(actual, expected, message) {
  const a = JSON.stringify(actual);
  const e = JSON.stringify(expected);
  if (a !== e) throw new AssertionError(`${message ? message + ': ' : ''}expected ${e}, got ${a}`);
}

export function near(actual, expected, tolerance, message) {
  if (!(Math.abs(actual - expected) <= tolerance)) {
    throw new AssertionError(`${message ? message + ': ' : ''}expected ${expected} ± ${tolerance}, got ${actual}`);
  }
}

/** A seeded generator (mulberry32) for the property tests: the same cases on every run. */
export function seeded(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export async function run() {
  const results = { passed: 0, failed: [], names: [], ms: 0 };
  const t0 = performance.now();
  for (const t of tests) {
    try {
      await t.fn();
      results.passed++;
      results.names.push(t.name);
    } catch (e) {
      results.failed.push({ name: t.name, message: String((e && e.stack) || e) });
    }
  }
  results.ms = performance.now() - t0;
  document.getElementById('out').textContent = JSON.stringify(results, null, 1);
  window.__results = results;
}
