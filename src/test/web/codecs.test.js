// The link codec and the spec ↔ form table.
import { specFromValues, valuesFromSpec, numberOrText, listOf, specPaths, sweepFields, fieldFor } from '../js/spec-fields.js';
import { decode, encode, HIDEABLE } from '../js/url-state.js';
import { assert, equal, seeded, test } from './harness.js';

test('the fragment codec reads back what it writes', () => {
  const rand = seeded(5);
  for (let k = 0; k < 100; k++) {
    const state = { spec: rand() < 0.8 ? JSON.stringify({ depth: Math.floor(rand() * 9), t: 'a&b=c #' }) : null,
      xlog: rand() < 0.5, bands: rand() < 0.5, present: rand() < 0.5,
      hide: HIDEABLE.filter(() => rand() < 0.3).sort() };
    const { state: back, errors } = decode('#' + encode(state));
    equal(errors, []);
    equal(back, state);
  }
});

test('the fragment codec names what it cannot read', () => {
  assert(decode('#spce=%7B%7D').errors[0].includes('unknown part “spce”'));
  assert(decode('#xlog=maybe').errors[0].includes('xlog must be 0 or 1'));
  assert(decode('#hide=task,bogus').errors[0].includes('bogus'));
  equal(decode('').errors, []);
});

const SPECS = [
  { task: { type: 'completion', rows: 10, cols: 10, rank: 3, observed: 0.7, seed: 4 }, depth: 4, width: 100,
    init: { gamma: 2 }, learningRate: 0.2, widthScaledLearningRate: false, optimizer: { type: 'gd' }, steps: 20000,
    seed: 1, seeds: 1, records: 200, recordSpacing: 'log', rankTolerance: 0.1 },
  { task: { type: 'teacher', inputs: 5, outputs: 5, teacherDiagonal: [10, 20, 30, 40, 50], train: 100, test: 0, noise: 0 },
    depth: 3, width: 20, hiddenWidths: [20, 30], init: { scheme: 'ntk' }, learningRate: 1e-4,
    widthScaledLearningRate: true, optimizer: { type: 'flow', tolerance: 1e-7 }, steps: 100, seed: 2, seeds: 3,
    records: 40, recordSpacing: 'linear', rankTolerance: 0.5 },
  { task: { type: 'teacher', inputs: 8, outputs: 8, teacherRank: 8, train: 300, test: 100, noise: 0.2 }, depth: 2,
    width: 50, init: { alpha: 0.001 }, learningRate: 0.01, widthScaledLearningRate: false, optimizer: { type: 'gd' },
    steps: 10, seed: 1, seeds: 1, records: 2, recordSpacing: 'log', rankTolerance: 0.1 },
  // one's own samples: a regression's (inputs, then outputs) and a classification's (the label last)
  { task: { type: 'regression', outputs: 2, samples: [[1, 2, 3, 4], [5, 6, 7, 8]], holdout: 0 }, depth: 2, width: 10,
    init: { gamma: 2 }, learningRate: 0.1, widthScaledLearningRate: false, optimizer: { type: 'gd' }, steps: 10, seed: 1,
    seeds: 1, records: 2, recordSpacing: 'log', rankTolerance: 0.1 },
  { task: { type: 'classification', loss: 'crossEntropy', samples: [[1, 2, 0], [3, 4, 2]], holdout: 0.5 }, depth: 2,
    width: 10, init: { gamma: 2 }, learningRate: 0.1, widthScaledLearningRate: false, optimizer: { type: 'gd' }, steps: 10,
    seed: 1, seeds: 1, records: 2, recordSpacing: 'log', rankTolerance: 0.1 },
  // one's own matrix: entries given by value in place of the generated shape, rank and observed fraction
  { task: { type: 'completion', entries: [[1.5, null, 3], [null, -2, 0]], holdout: 0.25, seed: 2 }, depth: 3, width: 10,
    init: { gamma: 2 }, learningRate: 0.1, widthScaledLearningRate: false, optimizer: { type: 'gd' }, steps: 10, seed: 1,
    seeds: 1, records: 2, recordSpacing: 'log', rankTolerance: 0.1 },
];

/** JSON with sorted keys: the spec's meaning, not its key order. */
function canonical(v) {
  if (Array.isArray(v)) return v.map(canonical);
  if (v && typeof v === 'object') return Object.fromEntries(Object.keys(v).sort().map((k) => [k, canonical(v[k])]));
  return v;
}

test('a spec shown in the form reads back as the same spec', () => {
  for (const spec of SPECS) {
    const back = specFromValues(valuesFromSpec(spec));
    const expected = JSON.parse(JSON.stringify(spec));
    if (expected.optimizer.type === 'gd') delete expected.optimizer; // the default, left to Java
    if (!expected.widthScaledLearningRate) delete expected.widthScaledLearningRate;
    equal(canonical(back), canonical(expected), spec.task.type);
  }
});

test('typed text reaches the validator as typed: numbers as numbers, the rest as text', () => {
  equal([numberOrText('1e-3'), numberOrText(' 20 '), numberOrText('fast'), numberOrText('0x10'), numberOrText('')],
    [0.001, 20, 'fast', '0x10', undefined]);
  equal(listOf('ten, 20 30'), ['ten', 20, 30]);
});

test('an error names a field the form has', () => {
  for (const p of ['width', 'hiddenWidths[1]', 'init.gamma', 'init.scheme', 'init', 'optimizer', 'task.rows', 'spec.depth',
    'task.entries[3]', 'task.entries[3][4]', 'task.holdout', 'task.samples[2][1]']) {
    assert(fieldFor(p), p);
  }
});

// read by WebUnitTest, which checks them against ExperimentSpec and Sweep.FIELDS
window.__specPaths = specPaths();
window.__sweepPaths = sweepFields().map(([p]) => p);

test('the sweep list offers the fields the spec reads in the form\'s modes', () => {
  const modes = { task: 'completion', data: 'generated', init: 'gamma', optimizer: 'gd' };
  const paths = (m) => sweepFields(m).map(([p]) => p);
  for (const p of ['task.rank', 'task.observed', 'depth', 'init.gamma']) assert(paths(modes).includes(p), p);
  const own = paths({ ...modes, data: 'value' });
  assert(!own.includes('task.rank') && !own.includes('task.observed'), `one's own matrix has no rank or fraction to sweep: ${own}`);
  assert(own.includes('depth') && !own.includes('init.sigma') && !own.includes('optimizer.batch'), own.join());
  assert(paths({ ...modes, optimizer: 'sgd' }).includes('optimizer.batch'), 'SGD sweeps its batch size');
});
