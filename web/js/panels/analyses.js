// The analyses' sentences (escape time against α, Theorem 1 against w), from Java's results.
import { fmt } from '../format.js';

/** The reasons the escape analysis gives for the times it could not measure. */
function unmeasured(r) {
  const out = r.alphas.map((a, i) => (r.reasons[i] ? ` α = ${a}: ${r.reasons[i]}.` : '')).join('');
  return out ? ' Not measured:' + out : '';
}

export function describeAnalysis(kind, r) {
  if (kind === 'escape') {
    return r.depth === 2
      ? `L = 2: t_α against −log α has slope ${fmt(r.fittedSlope)}; the theory predicts 1/s* = ${fmt(r.predictedSlope)}. `
        + `Dashed: ${r.prediction.text}.${unmeasured(r)}`
      : `L = ${r.depth}: t_α ∝ α^${fmt(r.fittedExponent)}; the theory predicts α^${fmt(r.predictedExponent)}. `
        + `Dashed: ${r.prediction.text}.${unmeasured(r)}`;
  }
  return r.series.map((g) => `γ = ${g.gamma}: d_saddle ∝ w^${fmt(g.fittedSaddleExponent)} (theorem ${fmt(g.theoremSaddleExponent)}),`
    + ` d_minimum ∝ w^${fmt(g.fittedMinimumExponent)} (theorem ${fmt(g.theoremMinimumExponent)});`
    + ` NTK at init / L·w^((1−γ)(L−1)): ${g.ntkOverExpected.map(fmt).join(', ')}`).join('. ');
}
