// The plots, one row each: canvas id, title, axes. Time plots (x = iteration) share the x axis
// settings, the crosshair and the run series; the others are drawn by their own views. Pure data.

export const TIME_PLOTS = ['chart-loss', 'chart-sv', 'chart-rank', 'chart-grad', 'chart-nuclear', 'chart-balance',
  'chart-accuracy', 'chart-margin'];

export const DEFS = [
  { id: 'chart-loss', title: 'Loss (train solid, test dashed)', ylog: true, y: 'loss' },
  { id: 'chart-sv', title: 'Singular values of A', ylog: true, joined: true, y: 'singular value' },
  { id: 'chart-rank', title: 'rank(A) at the tolerance (solid), escaped directions (dotted), effective rank (dashed)', ylog: false, step: true,
    y: 'rank' },
  { id: 'chart-grad', title: '‖∇θL‖ (solid) and ‖θ‖ (dotted)', ylog: true, y: 'norm' },
  { id: 'chart-nuclear', title: 'Nuclear norm ‖A‖* and Schatten-2/L quasi-norm (dashed)', ylog: false, y: 'norm of A' },
  { id: 'chart-balance', title: 'Balancedness max‖W_{l+1}ᵀW_{l+1} − W_lW_lᵀ‖', ylog: true, y: 'balancedness' },
  // classification's records (Trace.TRAIN_ACCURACY, TEST_ACCURACY, MARGIN): `optional` plots are shown only
  // while a run on the plots has data for them
  { id: 'chart-accuracy', title: 'Accuracy: train (solid), test (dashed)', ylog: false, y: 'fraction correct',
    optional: true },
  { id: 'chart-margin', title: 'Normalized margin min_i q_i(A) / ‖A‖_F on the training set', ylog: false,
    y: 'margin', optional: true },
  { id: 'chart-greedy', title: 'Greedy low-rank paths θ¹, θ², … one after the other (train solid, test dashed)',
    ylog: true, greedy: true, y: 'loss', empty: 'drawn when a run ends: the greedy algorithm on its task' },
  { id: 'chart-path', title: 'Path view: A on the top two escape directions (+ origin, ● saddles, greedy dashed)',
    custom: { x: 'u₁ᵀAv₁', y: 'u₂ᵀAv₂', xlog: false, ylog: false } },
  { id: 'chart-summary', title: 'Summary: final loss (test if any, else train) per configuration, mean ± std over seeds',
    custom: { x: 'configuration', y: 'final loss', xlog: false, ylog: true },
    empty: 'run a sweep, or a preset with several configurations (Fig. 2, Fig. 3 …)' },
  { id: 'chart-escape', title: 'Escape time t_α against α (measured ●; dashed: L = 2 prediction, L > 2 reference slope)',
    custom: { x: 'α', y: 't_α', xlog: true, ylog: true }, empty: 'press “Escape time vs α (§5.1)” in Analyses on this task' },
  { id: 'chart-geometry', title: 'Distance from the init to the saddle (●) and to the minimum (■) vs w; theorem dashed',
    custom: { x: 'width w', y: 'distance', xlog: true, ylog: true },
    empty: 'press “Initialization geometry vs w (Theorem 1)” in Analyses on this task' },
];

/**
 * One colour per configuration: Okabe and Ito's palette for colour-blind viewers (its yellow, too pale for
 * a line on white, left out), then two of Paul Tol's muted colours for a ninth configuration (Fig. 2's
 * published size). WebUnitTest checks that every pair stays apart under simulated protanopia,
 * deuteranopia and tritanopia.
 */
export const COLORS = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#000000', '#882255',
  '#999933'];

/**
 * Seed i of n of a configuration drawn in colour `hex`: seed 0 in the colour itself, the others in shades
 * of it, alternately lighter and darker, up to 45 % towards white or black, so seeds stay one colour's
 * family and the configurations apart. Pure.
 */
export function shade(hex, i, n) {
  if (i === 0 || n <= 1) return hex;
  const t = (0.45 * Math.ceil(i / 2)) / Math.ceil((n - 1) / 2);
  const rgb = [1, 3, 5].map((k) => parseInt(hex.slice(k, k + 2), 16));
  const mixed = rgb.map((c) => Math.round(i % 2 === 1 ? c + (255 - c) * t : c * (1 - t)));
  return '#' + mixed.map((c) => c.toString(16).padStart(2, '0')).join('').toUpperCase();
}
