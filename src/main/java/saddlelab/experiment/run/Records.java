package saddlelab.experiment.run;

import saddlelab.engine.Balancedness;
import saddlelab.engine.Cost;
import saddlelab.engine.DeepLinearNetwork;
import saddlelab.engine.LossGradient;
import saddlelab.engine.ParameterStore;
import saddlelab.engine.Svd;
import saddlelab.experiment.spec.ExperimentSpec;

/**
 * The measurement of a run's records, apart from its loop ({@link Run}): at a record, and only there,
 * the gradient, the singular values of A (its rank at the spec's tolerance, its nuclear norm), the
 * test loss, the norms, balancedness, the escaped directions and the loss of their part alone
 * (paper §5.2), the layer norms and the path view, laid out as {@link Trace} says.
 */
final class Records {
    private final ExperimentSpec spec;
    private final Cost cost;
    private final Trace trace;
    private final double[] record;
    private final double[][] gradient;
    private final Balancedness balancedness = new Balancedness();
    private final PathView view;
    private final double lossLimit;
    /** s₁ of the cost's minimizer: the scale of what is learned ({@link Tasks#referenceScale}). */
    private final double referenceScale;
    /** s₁(A) at the first record: the scale of what has not escaped yet. */
    private double initialTopSingularValue = Double.NaN;
    private double[] truncated;
    private double lastLoss = Double.NaN;

    Records(ExperimentSpec spec, Cost cost, DeepLinearNetwork net, Trace trace, double lossLimit, double referenceScale) {
        this.spec = spec;
        this.cost = cost;
        this.trace = trace;
        this.record = new double[trace.stride()];
        this.gradient = net.newParameterVector();
        this.view = new PathView(cost);
        this.lossLimit = lossLimit;
        this.referenceScale = referenceScale;
    }

    /**
     * Measures {@code state} (the run's own θ, whose balancedness {@code store} computes where θ lives;
     * or, with a null store, a point inside a flow step) and adds the record; false, adding nothing, when
     * the loss is past the run's limit or the gradient is not finite (the run has diverged: {@link #lastLoss}).
     */
    boolean take(DeepLinearNetwork state, LossGradient lossGradient, double at, double time, boolean adaptive,
            ParameterStore store) {
        double loss = lossGradient.gradient(gradient);
        lastLoss = loss;
        if (!(loss <= lossLimit) || !(DeepLinearNetwork.squaredNorm(gradient) < Double.POSITIVE_INFINITY)) {
            return false;
        }
        double[] a = lossGradient.endToEnd();
        double[] sv = Svd.singularValues(a, cost.outputs(), cost.inputs());
        int rank = 0;
        double nuclear = 0;
        for (double s : sv) {
            if (s > spec.rankTolerance) {
                rank++;
            }
            nuclear += s;
        }
        if (initialTopSingularValue != initialTopSingularValue) {
            initialTopSingularValue = sv.length > 0 ? sv[0] : 0;
        }
        record[Trace.STEP] = at;
        record[Trace.TIME] = time;
        record[Trace.TRAIN_LOSS] = loss;
        record[Trace.TEST_LOSS] = cost.testLoss(a);
        record[Trace.RANK] = rank;
        record[Trace.NUCLEAR_NORM] = nuclear;
        record[Trace.GRAD_NORM] = Math.sqrt(DeepLinearNetwork.squaredNorm(gradient));
        record[Trace.PARAM_NORM] = state.norm();
        // the run's own θ (synced) where it lives; a point inside a flow step in Java
        record[Trace.BALANCEDNESS] = store != null ? store.balancedness(state, balancedness) : balancedness.max(state);
        int escaped = EscapedDirections.count(sv, referenceScale, initialTopSingularValue);
        record[Trace.ESCAPED_RANK] = escaped;
        record[Trace.ESCAPED_LOSS] = escapedLoss(a, escaped, loss);
        record[Trace.ADAPTIVE] = adaptive ? 1 : 0;
        record[Trace.BATCH_LOSS] = store instanceof saddlelab.engine.Stepper stepper ? stepper.lastBatchLoss() : Double.NaN;
        record[Trace.SCHATTEN] = schatten(sv, state.depth());
        record[Trace.EFFECTIVE_RANK] = effectiveRank(sv);
        record[Trace.TRAIN_ACCURACY] = cost.accuracy(a, false);
        record[Trace.TEST_ACCURACY] = cost.accuracy(a, true);
        record[Trace.MARGIN] = cost.margin(a);
        System.arraycopy(sv, 0, record, Trace.SINGULAR_VALUES, sv.length);
        for (int l = 1; l <= state.depth(); l++) {
            record[trace.layerNormsColumn() + l - 1] = state.layerNorm(l);
        }
        record[trace.alignmentColumn()] = view.alignment(a);
        record[trace.alignmentColumn() + 1] = view.x(a);
        record[trace.alignmentColumn() + 2] = view.y(a);
        System.arraycopy(a, 0, record, trace.matrixColumn(), trace.matrixCount());
        trace.add(record);
        return true;
    }

    /** The loss the last {@link #take} measured. */
    double lastLoss() {
        return lastLoss;
    }

    /**
     * C(A_k), A_k the best rank-k approximation of A for k escaped directions: the loss of the escaped part
     * alone. On a plateau it falls to the saddle's loss while the next direction, still growing, is left out
     * (the train loss itself already dips below the saddle's by that direction's share).
     */
    private double escapedLoss(double[] a, int escaped, double loss) {
        int m = Math.min(cost.inputs(), cost.outputs());
        if (escaped < 0) {
            return Double.NaN;
        }
        if (escaped >= m) {
            return loss;
        }
        if (truncated == null) {
            truncated = new double[a.length];
        }
        if (escaped == 0) {
            java.util.Arrays.fill(truncated, 0.0);
        } else {
            Svd.truncate(a, cost.outputs(), cost.inputs(), escaped, truncated);
        }
        return cost.evaluate(truncated, null);
    }


    /** {@link Trace#SCHATTEN}: {@code (Σ σᵢ^{2/L})^{L/2}}, powers through {@code DetMath} (the same bits everywhere). */
    public static double schatten(double[] sv, int depth) {
        double p = 2.0 / depth;
        double sum = 0;
        for (double s : sv) {
            if (s > 0) {
                sum = sum + saddlelab.engine.DetMath.pow(s, p);
            }
        }
        return saddlelab.engine.DetMath.pow(sum, depth / 2.0);
    }

    /** {@link Trace#EFFECTIVE_RANK}: {@code exp(−Σ pᵢ log pᵢ)}, {@code pᵢ = σᵢ/Σσ}, logarithms through {@code DetMath}. */
    public static double effectiveRank(double[] sv) {
        double total = 0;
        for (double s : sv) {
            total = total + s;
        }
        if (!(total > 0)) {
            return 0;
        }
        double entropy = 0;
        for (double s : sv) {
            if (s > 0) {
                double p = s / total;
                entropy = entropy - p * saddlelab.engine.DetMath.log(p);
            }
        }
        return saddlelab.engine.DetMath.exp(entropy);
    }
}
