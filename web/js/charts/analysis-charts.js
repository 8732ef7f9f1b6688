// What the plots show besides the runs' series: the selected run's marks (origin and saddles on the
// path view, its escape overlay), the greedy algorithm of its task, the batch's summary and the
// analyses (escape time against α, Theorem 1 against w). Every number here comes from Java's documents.
import { COLORS } from './defs.js';
import { fmt } from '../format.js';

export class AnalysisCharts {
  constructor(board) {
    this.board = board;
  }

  /** Drops what was drawn for the selected run (marks, greedy), e.g. on Clear or a new selection. */
  clearSelection() {
    // only the charts that held something are redrawn: every batch starts with this
    for (const id of ['chart-path', 'chart-sv', 'chart-loss']) {
      const c = this.board.chart(id);
      const kept = c.data.datasets.filter((d) => !d.selectionMark);
      if (kept.length === c.data.datasets.length) continue;
      c.data.datasets = kept;
      this.board.markChanged(id);
    }
    this.empty(this.board.chart('chart-greedy'));
  }

  /** Empties a chart drawn by this view; redrawn only if it held something. */
  empty(chart) {
    if (!chart.data.datasets.length) return;
    chart.data.datasets = [];
    this.board.markChanged(chart.canvas.id);
  }

  /** The selected run's marks: the origin and its saddles on the path view, the predicted s₁(A) of its escape. */
  showRunMarks(run, doc) {
    const path = this.board.chart('chart-path');
    path.data.datasets.push({ label: 'origin', data: [{ x: 0, y: 0 }], pointStyle: 'cross', pointRadius: 9,
      borderColor: '#000', backgroundColor: '#000', showLine: false, selectionMark: true, extraOf: run.id });
    path.data.datasets.push({ label: `#${run.id} saddles`, data: doc.saddles.map((s) => ({ x: s.x, y: s.y })),
      pointRadius: 5, borderColor: run.color, backgroundColor: run.color, showLine: false, selectionMark: true,
      extraOf: run.id });
    // completion and sensing: the minimum-nuclear-norm fit's test loss (Java's baselines.nuclearNorm), a
    // reference line across the run's steps with its rank in the legend
    const nn = doc.baselines && doc.baselines.nuclearNorm;
    const steps = doc.series && doc.series.step;
    if (nn && Number.isFinite(nn.testLoss) && nn.testLoss > 0 && steps && steps.length > 1) {
      this.board.chart('chart-loss').data.datasets.push({
        // a mark of the selection, not one of the run's series (those carry runId: hiding the run hides them)
        label: `#${run.id} nuclear-norm baseline: rank ${nn.rank}, test ${fmt(nn.testLoss)}`, extraOf: run.id,
        selectionMark: true, borderWidth: 1.5, borderColor: '#666', backgroundColor: '#666', borderDash: [2, 2],
        pointRadius: 0, data: [{ x: Math.max(steps[0], 1), y: nn.testLoss }, { x: steps[steps.length - 1], y: nn.testLoss }] });
    }
    const e = doc.escape;
    if (e && e.overlayTime && e.overlayTime.length) {
      const eta = doc.learningRate;
      this.board.chart('chart-sv').data.datasets.push({
        label: `#${run.id} predicted s₁(A) on the optimal escape path (speed s*)`, runId: run.id, selectionMark: true,
        borderWidth: 2.5, borderColor: '#999', backgroundColor: '#999', borderDash: [6, 3],
        data: e.overlayTime.map((t, i) => ({ x: t / eta, y: e.overlaySingularValue[i] })) });
    }
    this.board.markChanged('chart-path', 'chart-loss', 'chart-sv');
  }

  /** The greedy algorithm's paths (stage k over [k−1, k), log-spaced steps inside), its saddles' levels
   * over the loss curves (Conjecture 3) and its paths on the path view. */
  showGreedy(result, steps) {
    const chart = this.board.chart('chart-greedy');
    this.empty(chart);
    if (!result || !result.paths) return;
    result.paths.forEach((p, k) => {
      const last = p.steps[p.steps.length - 1] || 1;
      const x = (s) => k + Math.log1p(s) / Math.log1p(last) * 0.98;
      const color = COLORS[(k + 3) % COLORS.length];
      const train = p.steps.map((s, i) => ({ x: x(s), y: p.trainLoss[i] }));
      const test = p.steps.map((s, i) => ({ x: x(s), y: p.testLoss[i] })).filter((q) => q.y !== null);
      chart.data.datasets.push({ label: `θ${k + 1} train`, data: train, borderColor: color, backgroundColor: color });
      if (test.length) {
        chart.data.datasets.push({ label: `θ${k + 1} test`, data: test, borderColor: color, backgroundColor: color,
          borderDash: [5, 4] });
      }
    });
    const loss = this.board.chart('chart-loss');
    for (const s of result.saddles || []) {
      if (!(s.loss > 0)) continue; // the minimum (often ~1e-30) would only squash the axis
      loss.data.datasets.push({ label: `greedy ϑ (rank ${s.rank})`, greedyLevel: true, selectionMark: true,
        borderColor: '#aaa', backgroundColor: '#aaa', borderWidth: 1, borderDash: [2, 4],
        data: [{ x: 1, y: s.loss }, { x: Math.max(steps, 2), y: s.loss }] });
    }
    const path = this.board.chart('chart-path');
    result.paths.forEach((p, k) => {
      const color = COLORS[(k + 3) % COLORS.length];
      path.data.datasets.push({ label: `greedy θ${k + 1}`, greedyPath: true, selectionMark: true, showLine: true,
        borderDash: [4, 3], borderColor: color, backgroundColor: color, data: p.pathX.map((x, i) => ({ x, y: p.pathY[i] })) });
    });
    this.board.markChanged('chart-greedy', 'chart-loss', 'chart-path');
  }

  /** The summary Java wrote (Summary): one series per group, mean ± std band over seeds, the final rank. */
  showSummary(summary) {
    const chart = this.board.chart('chart-summary');
    this.empty(chart);
    if (!summary) return;
    chart.options.scales.x.type = summary.xlog ? 'logarithmic' : 'linear';
    chart.options.scales.x.title.text = summary.x;
    chart.options.scales.rank = { type: 'linear', position: 'right', beginAtZero: true, ticks: { precision: 0 },
      title: { display: true, text: 'final rank (dashed ■)' }, grid: { drawOnChartArea: false } };
    summary.groups.forEach((g, k) => {
      const color = COLORS[k % COLORS.length];
      const pts = (f) => g.points.map((p) => ({ x: p.x, y: f(p) })).filter((p) => Number.isFinite(p.y));
      chart.data.datasets.push({ label: `${g.label} mean + std`, data: pts((p) => p.mean + p.std), borderWidth: 0,
        pointRadius: 0, borderColor: color, backgroundColor: color + '22' });
      // a lower band edge at or below zero has no place on the log axis: the band is open below
      chart.data.datasets.push({ label: `${g.label} mean − std`, data: pts((p) => p.mean - p.std).filter((p) => p.y > 0), borderWidth: 0,
        pointRadius: 0, borderColor: color, backgroundColor: color + '33', fill: '-1' });
      // seeds that diverged or oscillated are left out of the mean (Summary): the tooltip says how many
      const failed = g.points.reduce((a, p) => a + (p.failed || 0), 0);
      const seeds = g.points.reduce((a, p) => a + p.seeds, 0);
      chart.data.datasets.push({ label: failed ? `${g.label} (${failed} of ${seeds} seeds failed, left out)` : `${g.label}`,
        data: pts((p) => p.mean), pointRadius: 4,
        borderColor: color, backgroundColor: color });
      // completion and sensing: the minimum-nuclear-norm fit's test loss on the same data (Summary's nuclearNorm)
      const nn = g.points.filter((p) => Number.isFinite(p.nuclearNorm) && p.nuclearNorm > 0);
      if (nn.length) {
        chart.data.datasets.push({ label: `${g.label} nuclear-norm baseline`, borderDash: [2, 2], pointStyle: 'triangle',
          pointRadius: 4, borderColor: color, backgroundColor: color, data: nn.map((p) => ({ x: p.x, y: p.nuclearNorm })) });
      }
      chart.data.datasets.push({ label: `${g.label} final rank`, yAxisID: 'rank', borderDash: [3, 3],
        pointStyle: 'rect', pointRadius: 4, borderColor: color, backgroundColor: color,
        data: g.points.map((p) => ({ x: p.x, y: p.rank })) });
    });
    if (summary.zero > 0) {
      const xs = summary.groups.flatMap((g) => g.points.map((p) => p.x));
      chart.data.datasets.push({ label: 'zero predictor', borderDash: [6, 3], borderColor: '#999', backgroundColor: '#999',
        pointRadius: 0, data: [{ x: Math.min(...xs), y: summary.zero }, { x: Math.max(...xs), y: summary.zero }] });
    }
    this.board.markChanged('chart-summary');
  }

  /** An analysis result (Analyses.escapeTimes or .geometry). */
  showAnalysis(kind, result) {
    const chart = this.board.chart(kind === 'escape' ? 'chart-escape' : 'chart-geometry');
    this.empty(chart);
    if (!result) return;
    if (kind === 'escape') {
      const pts = result.alphas.map((a, i) => ({ x: a, y: result.times[i] })).filter((p) => p.y > 0);
      chart.data.datasets.push({ label: 'measured t_α', data: pts, showLine: false, pointRadius: 5,
        borderColor: COLORS[0], backgroundColor: COLORS[0] });
      const p = result.prediction;
      chart.data.datasets.push({ label: p.kind === 'linearized' ? 'prediction (linearized flow from θ₀)'
        : 'reference slope −(L−2) (not a prediction of the times)',
        data: result.alphas.map((a, i) => ({ x: a, y: p.times[i] })).filter((q) => q.y > 0),
        borderDash: [6, 3], borderColor: '#999', backgroundColor: '#999' });
    } else {
      result.series.forEach((g, k) => {
        const color = COLORS[k % COLORS.length];
        const xy = (ys) => g.widths.map((w, i) => ({ x: w, y: ys[i] }));
        chart.data.datasets.push({ label: `γ=${g.gamma} d_saddle`, data: xy(g.distanceToSaddle), showLine: false,
          pointRadius: 5, borderColor: color, backgroundColor: color });
        chart.data.datasets.push({ label: `γ=${g.gamma} d_minimum`, data: xy(g.distanceToMinimum), showLine: false,
          pointRadius: 5, pointStyle: 'rect', borderColor: color, backgroundColor: color });
        chart.data.datasets.push({ label: `γ=${g.gamma} theorem`, data: xy(g.theoremSaddle), borderDash: [6, 3],
          borderColor: color, backgroundColor: color });
        chart.data.datasets.push({ label: `γ=${g.gamma} theorem`, data: xy(g.theoremMinimum), borderDash: [2, 3],
          borderColor: color, backgroundColor: color });
      });
    }
    this.board.markChanged(chart.canvas.id);
  }
}
