// The spec's fields, one row each: the form is built from this table, read and filled through it, and
// the sweep's field list is its `sweep` column. The spec itself is Java's (ExperimentSpec): a JUnit test
// (WebUnitTest) checks that this table names exactly the fields ExperimentSpec reads and that the
// sweepable ones are Sweep.FIELDS, so a field added on one side only fails the build. Pure: no DOM.

/**
 * path     the spec field (dots for nesting)
 * group    the fieldset it sits in
 * label    what the form calls it; sweep: the sweep list's name for it (sweepable fields only)
 * kind     integer | number | list (comma-separated numbers) | choice | check | data (a matrix given by
 *          value: its JSON, set by the CSV import, not typed)
 * when     shown (and read) only in this mode: 'task=teacher', 'init=gamma', 'optimizer=flow', or in
 *          any of several: 'optimizer=sgd|adam'; several conditions joined by '&' must all hold (the data
 *          mode is 'value' while a completion task holds its own matrix, else 'generated')
 * initially a check's value when the spec leaves it out (Java's default); unchecked then writes false
 * example  an example value, shown as the placeholder and in messages
 */
export const FIELDS = [
  { path: 'task.type', group: 'task', label: 'Type', kind: 'choice', mode: 'task',
    choices: [['completion', 'matrix completion'], ['teacher', 'teacher–student (MSE)'], ['sensing', 'matrix sensing'],
      ['classification', 'classification'], ['regression', 'regression on your samples (CSV)']] },
  // completion of one's own matrix (a CSV imported): the data replace the generated task's shape, rank and
  // observed fraction
  { path: 'task.entries', group: 'task', label: 'Data', kind: 'data', when: 'task=completion&data=value' },
  // regression and classification on one's own samples: each row a sample's inputs, then its outputs or label
  { path: 'task.samples', group: 'task', label: 'Samples', kind: 'data', when: 'task=regression|classification&data=value' },
  { path: 'task.holdout', group: 'task', label: 'Held-out fraction', kind: 'number',
    when: 'task=completion|regression|classification&data=value', example: '0', optional: true },
  { path: 'task.rows', group: 'task', label: 'Rows', kind: 'integer', when: 'task=completion|sensing&data=generated',
    example: '10' },
  { path: 'task.cols', group: 'task', label: 'Columns', kind: 'integer', when: 'task=completion|sensing&data=generated',
    example: '10' },
  // sensing takes a rank or a teacher diagonal (Gissin et al.'s diag(12, 6, 4, 3)); completion a rank
  { path: 'task.rank', group: 'task', label: 'Rank of A*', kind: 'integer', when: 'task=completion|sensing&data=generated',
    example: '3', optional: true, sweep: 'rank of A*' },
  { path: 'task.measurements', group: 'task', label: 'Measurements M', kind: 'integer', when: 'task=sensing',
    example: '100', sweep: 'measurements M' },
  { path: 'task.observed', group: 'task', label: 'Observed fraction', kind: 'number', when: 'task=completion&data=generated',
    example: '0.7', sweep: 'observed fraction' },
  { path: 'task.inputs', group: 'task', label: 'Inputs n₀', kind: 'integer', when: 'task=teacher|classification&data=generated',
    example: '5' },
  { path: 'task.loss', group: 'task', label: 'Loss', kind: 'choice', when: 'task=classification',
    choices: [['logistic', 'logistic (two classes)'], ['exponential', 'exponential (two classes)'],
      ['crossEntropy', 'cross-entropy (K classes)']] },
  { path: 'task.classes', group: 'task', label: 'Classes K', kind: 'integer', when: 'task=classification&data=generated',
    example: '2' },
  { path: 'task.outputs', group: 'task', label: 'Outputs n_L', kind: 'integer', when: 'task=teacher|regression', example: '5' },
  { path: 'task.teacherDiagonal', group: 'task', label: 'Teacher diagonal', kind: 'list', when: 'task=teacher|sensing',
    example: '10, 20, 30, 40, 50', optional: true },
  { path: 'task.teacherRank', group: 'task', label: 'or teacher rank', kind: 'integer',
    when: 'task=teacher|classification&data=generated', example: '5', optional: true, sweep: 'teacher rank' },
  { path: 'task.train', group: 'task', label: 'Train N', kind: 'integer', when: 'task=teacher|classification&data=generated',
    example: '100', sweep: 'train N' },
  { path: 'task.test', group: 'task', label: 'Test', kind: 'integer', when: 'task=teacher|classification&data=generated',
    example: '0' },
  { path: 'task.noise', group: 'task', label: 'Noise std', kind: 'number', when: 'task=teacher|sensing', example: '0',
    sweep: 'noise std' },
  { path: 'task.seed', group: 'task', label: 'Data seed', kind: 'integer', example: 'run seed', optional: true },
  { path: 'depth', group: 'network', label: 'Depth L', kind: 'integer', example: '4', sweep: 'depth L' },
  { path: 'width', group: 'network', label: 'Width w', kind: 'integer', example: '100', sweep: 'width w' },
  { path: 'hiddenWidths', group: 'network', label: 'Hidden widths', kind: 'list', example: '50, 80, 50',
    optional: true },
  { path: 'init', group: 'init', label: 'Kind', kind: 'choice', mode: 'init',
    choices: [['gamma', 'σ² = w^−γ'], ['sigma', 'σ given'], ['alpha', 'α·θ₀'], ['ntk', 'NTK (γ = 1 − 1/L)'],
      ['mean-field', 'mean-field (γ = 1)']] },
  { path: 'init.gamma', group: 'init', label: 'γ', kind: 'number', when: 'init=gamma', example: '2',
    sweep: 'γ (σ² = w^−γ)' },
  { path: 'init.sigma', group: 'init', label: 'σ', kind: 'number', when: 'init=sigma', example: '0.01', sweep: 'σ' },
  { path: 'init.alpha', group: 'init', label: 'α', kind: 'number', when: 'init=alpha', example: '0.001',
    sweep: 'α (α·θ₀)' },
  // init.scheme is the mode itself: {"scheme": "ntk"} or {"scheme": "mean-field"}
  { path: 'init.scheme', group: 'init', kind: 'implied', from: 'init', values: ['ntk', 'mean-field'] },
  { path: 'optimizer.type', group: 'training', label: 'Optimizer', kind: 'choice', mode: 'optimizer',
    choices: [['gd', 'gradient descent'], ['flow', 'gradient flow (adaptive)'], ['sgd', 'SGD (minibatch, momentum)'],
      ['adam', 'Adam / AdamW']] },
  { path: 'optimizer.tolerance', group: 'training', label: 'Flow tolerance', kind: 'number', when: 'optimizer=flow',
    example: '1e-6', optional: true,
    sweep: 'flow tolerance' },
  { path: 'optimizer.batch', group: 'training', label: 'Batch size', kind: 'integer', when: 'optimizer=sgd|adam',
    example: 'all', optional: true,
    sweep: 'batch size' },
  { path: 'optimizer.momentum', group: 'training', label: 'Momentum β', kind: 'number', when: 'optimizer=sgd',
    example: '0', optional: true,
    sweep: 'momentum β' },
  { path: 'optimizer.nesterov', group: 'training', label: 'Nesterov', kind: 'check', when: 'optimizer=sgd' },
  { path: 'optimizer.beta1', group: 'training', label: 'Adam β₁', kind: 'number', when: 'optimizer=adam',
    example: '0.9', optional: true,
    sweep: 'Adam β₁' },
  { path: 'optimizer.beta2', group: 'training', label: 'Adam β₂', kind: 'number', when: 'optimizer=adam',
    example: '0.999', optional: true,
    sweep: 'Adam β₂' },
  { path: 'optimizer.epsilon', group: 'training', label: 'Adam ε', kind: 'number', when: 'optimizer=adam',
    example: '1e-8', optional: true,
    sweep: 'Adam ε' },
  // checked by default (AdamW): unchecked writes false, checked leaves Java's default
  { path: 'optimizer.decoupled', group: 'training', label: 'decoupled decay (AdamW)', kind: 'check', when: 'optimizer=adam',
    initially: true },
  { path: 'optimizer.weightDecay', group: 'training', label: 'Weight decay λ', kind: 'number', when: 'optimizer=gd|sgd|adam',
    example: '0', optional: true,
    sweep: 'weight decay λ' },
  { path: 'learningRate', group: 'training', label: 'Learning rate η', kind: 'number', example: '0.05',
    sweep: 'learning rate η' },
  { path: 'widthScaledLearningRate', group: 'training', label: 'η·w^((L−1)(γ−1)) for γ ≤ 1', kind: 'check' },
  { path: 'steps', group: 'training', label: 'Steps', kind: 'integer', example: '20000', sweep: 'steps' },
  { path: 'seed', group: 'training', label: 'Seed', kind: 'integer', example: '1', sweep: 'seed' },
  { path: 'seeds', group: 'training', label: 'Seeds', kind: 'integer', example: '1' },
  { path: 'records', group: 'training', label: 'Records', kind: 'integer', example: '200' },
  { path: 'recordSpacing', group: 'training', label: 'Record spacing', kind: 'choice',
    choices: [['log', 'log'], ['linear', 'linear']] },
  { path: 'rankTolerance', group: 'training', label: 'Rank tolerance', kind: 'number', example: '0.1',
    sweep: 'rank tolerance' },
];

/** Every spec field the table covers (the implied init.scheme included). */
export function specPaths() {
  return FIELDS.filter((f) => f.path !== 'init').map((f) => f.path);
}

/** The sweepable fields, in the sweep list's order: [path, label]. */
export function sweepFields(modes) {
  // in the form's modes, only the fields the spec reads in them (no "rank of A*" for one's own matrix)
  return FIELDS.filter((f) => f.sweep && (!modes || active(f, modes))).map((f) => [f.path, f.sweep]);
}

/**
 * The data mode: 'value' while the task holds data of its kind (a completion its entries, a regression or a
 * classification its samples), else 'generated'. Pure.
 */
export function dataMode(type, hasEntries, hasSamples) {
  if (type === 'regression') return 'value'; // regression exists only on samples given by value
  return (type === 'completion' && hasEntries) || (type === 'classification' && hasSamples) ? 'value' : 'generated';
}

/** The form's modes for a spec: {task, data, init, optimizer}. */
export function modesOf(spec) {
  const init = (spec && spec.init) || {};
  return {
    task: (spec && spec.task && spec.task.type) || 'completion',
    data: dataMode((spec && spec.task && spec.task.type) || 'completion', spec && spec.task && Array.isArray(spec.task.entries),
      spec && spec.task && Array.isArray(spec.task.samples)),
    init: init.scheme || ['gamma', 'sigma', 'alpha'].find((k) => k in init) || 'gamma',
    optimizer: (spec && spec.optimizer && spec.optimizer.type) || 'gd',
  };
}

/** Whether a field is read in these modes (every '&'-joined condition of its `when`). */
export function active(field, modes) {
  if (!field.when) return true;
  return field.when.split('&').every((condition) => {
    const [mode, values] = condition.split('=');
    return values.split('|').includes(modes[mode]);
  });
}

function get(obj, path) {
  return path.split('.').reduce((o, k) => (o && typeof o === 'object' ? o[k] : undefined), obj);
}

function set(obj, path, value) {
  const keys = path.split('.');
  let o = obj;
  for (const k of keys.slice(0, -1)) o = o[k] = o[k] || {};
  o[keys[keys.length - 1]] = value;
}

/** A number when the text is one, else the text itself: Java's reader names the field and the type. */
export function numberOrText(text) {
  const t = String(text).trim();
  if (t === '') return undefined;
  const n = Number(t);
  return Number.isFinite(n) && /^[-+0-9.eE]+$/.test(t) ? n : t;
}

/** A comma- or space-separated list: each entry a number or its text. */
export function listOf(text) {
  const t = String(text).trim();
  if (t === '') return undefined;
  return t.split(/[\s,]+/).filter((x) => x !== '').map(numberOrText);
}

/**
 * The spec for the form's values ({path: text or boolean}): fields of other modes are left out, empty
 * optional fields too; an empty required field is left out as well, so the validator says "is required".
 */
export function specFromValues(values) {
  const modes = { task: values['task.type'], data: dataMode(values['task.type'], !!values['task.entries'],
    !!values['task.samples']), init: values.init, optimizer: values['optimizer.type'] };
  const spec = {};
  for (const f of FIELDS) {
    if (f.path === 'init' || !active(f, modes)) continue;
    let v;
    if (f.kind === 'implied') {
      if (f.values.includes(modes[f.from])) v = modes[f.from];
    } else if (f.kind === 'check') {
      v = f.initially ? (values[f.path] ? undefined : false) : (values[f.path] ? true : undefined);
    } else if (f.kind === 'choice') {
      v = values[f.path];
      if (f.path === 'optimizer.type' && v === 'gd') v = undefined; // gradient descent is the default
    } else if (f.kind === 'list') {
      v = listOf(values[f.path] || '');
    } else if (f.kind === 'data') {
      v = values[f.path] ? JSON.parse(values[f.path]) : undefined;
    } else {
      v = numberOrText(values[f.path] === undefined ? '' : values[f.path]);
    }
    if (v !== undefined) set(spec, f.path, v);
  }
  if (!spec.init) spec.init = {}; // an init of no kind: the validator names it
  return spec;
}

/** The form's values for a spec (the inverse of specFromValues on the fields it holds). */
export function valuesFromSpec(spec) {
  const modes = modesOf(spec);
  const values = { init: modes.init };
  for (const f of FIELDS) {
    if (f.path === 'init' || f.kind === 'implied') continue;
    const v = get(spec, f.path);
    if (f.kind === 'check') values[f.path] = f.initially ? v !== false : !!v;
    else if (f.kind === 'choice') values[f.path] = v === undefined ? f.choices[0][0] : String(v);
    else if (f.kind === 'list') values[f.path] = Array.isArray(v) ? v.join(', ') : '';
    else if (f.kind === 'data') values[f.path] = Array.isArray(v) ? JSON.stringify(v) : '';
    else values[f.path] = v === undefined || v === null ? '' : String(v);
  }
  values['task.type'] = modes.task;
  values['optimizer.type'] = modes.optimizer;
  return values;
}

/** The field a spec path belongs to (hiddenWidths[2] → hiddenWidths; init → the init kind). */
export function fieldFor(path) {
  if (!path) return null;
  const p = path.replace(/\[\d+\]$/, '').replace(/^spec\./, '');
  if (p === 'init.scheme' || p === 'init') return FIELDS.find((f) => f.path === 'init');
  if (p === 'optimizer') return FIELDS.find((f) => f.path === 'optimizer.type');
  if (p === 'task') return FIELDS.find((f) => f.path === 'task.type');
  const data = /^task\.(entries|samples)(\[\d+\])*$/.exec(path.replace(/^spec\./, ''));
  if (data) return FIELDS.find((f) => f.path === `task.${data[1]}`);
  return FIELDS.find((f) => f.path === p) || null;
}
