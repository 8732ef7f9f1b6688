package saddlelab.engine;

/**
 * Classification by a linear map A (the implicit-bias literature's other canonical setting): inputs xᵢ (columns
 * of X, n₀ × N) with labels yᵢ, and one of three convex losses of the scores {@code A xᵢ}:
 * <ul>
 * <li>{@code logistic} (two classes, one output, yᵢ = ±1): {@code C(A) = 1/N Σ log(1 + exp(−yᵢ a·xᵢ))};
 * <li>{@code exponential} (the same): {@code C(A) = 1/N Σ exp(−yᵢ a·xᵢ)};
 * <li>{@code crossEntropy} (K outputs, yᵢ ∈ {0 … K−1}): {@code C(A) = 1/N Σ (log Σ_k exp(s_k) − s_{yᵢ})}.
 * </ul>
 * None has a minimizer on separable data: the loss falls towards 0 as ‖A‖ grows, and A's direction is what
 * converges (max-margin, the results the paper's introduction cites). The test loss is the test set's error
 * rate (the fraction misclassified). Logarithms and exponentials go through {@link DetMath} and every sum is
 * one chain in order, so the bits are the same on every runtime.
 */
public final class ClassificationCost implements Cost {
    public static final String LOGISTIC = "logistic";
    public static final String EXPONENTIAL = "exponential";
    public static final String CROSS_ENTROPY = "crossEntropy";

    private final int n0;
    private final int outputs;
    private final String loss;
    private final double[] x;
    private final int[] labels;
    private final int n;
    private final double[] xTest;
    private final int[] testLabels;
    private final int nTest;
    private final double[] scores;
    /** Cross-entropy's exp(s_k − max s), kept from the normalizer for the gradient. */
    private final double[] exps;

    /**
     * @param x      inputs, row-major n₀ × N
     * @param labels N labels: ±1 for the two-class losses (one output), 0 … K−1 for cross-entropy (K outputs)
     */
    public ClassificationCost(int inputs, int outputs, String loss, double[] x, int[] labels, double[] xTest,
            int[] testLabels) {
        this.n0 = inputs;
        this.outputs = outputs;
        this.loss = loss;
        this.x = x;
        this.labels = labels;
        this.n = labels.length;
        this.xTest = xTest;
        this.testLabels = testLabels;
        this.nTest = testLabels.length;
        this.scores = new double[outputs];
        this.exps = new double[outputs];
    }

    @Override
    public int outputs() {
        return outputs;
    }

    @Override
    public int inputs() {
        return n0;
    }

    public String loss() {
        return loss;
    }

    /**
     * The scale of A at which its scores become of order one along a typical input direction, 1/RMS of the
     * training inputs' entries (1 for the generated N(0, I) inputs): where the loss leaves its value at the
     * origin. A classification loss has no minimizer whose scale a run would reach, so this is the scale its
     * escaped directions are measured against ({@code Tasks.referenceScale}).
     */
    public double scoreScale() {
        double sum = 0;
        for (double v : x) {
            sum = sum + v * v;
        }
        return sum > 0 ? Math.sqrt(x.length / sum) : 1;
    }

    /** The training inputs, row-major n₀ × N (the cost's own array: read, never write). */
    public double[] samples() {
        return x;
    }

    /** The N training labels (the cost's own array: read, never write). */
    public int[] labels() {
        return labels;
    }

    /** The scores A x of sample m of {@code data} (n₀ × count) into {@link #scores}. */
    private void score(double[] a, double[] data, int count, int m) {
        for (int k = 0; k < outputs; k++) {
            double s = 0;
            for (int j = 0; j < n0; j++) {
                s = s + a[k * n0 + j] * data[j * count + m];
            }
            scores[k] = s;
        }
    }

    @Override
    public double evaluate(double[] a, double[] gradient) {
        if (gradient != null) {
            java.util.Arrays.fill(gradient, 0.0);
        }
        double sum = 0;
        for (int m = 0; m < n; m++) {
            score(a, x, n, m);
            double value;
            if (loss.equals(CROSS_ENTROPY)) {
                double top = scores[0];
                for (int k = 1; k < outputs; k++) {
                    top = Math.max(top, scores[k]);
                }
                double z = 0;
                for (int k = 0; k < outputs; k++) {
                    exps[k] = DetMath.exp(scores[k] - top);
                    z = z + exps[k];
                }
                value = top + DetMath.log(z) - scores[labels[m]];
                if (gradient != null) {
                    for (int k = 0; k < outputs; k++) {
                        double p = exps[k] / z - (k == labels[m] ? 1 : 0);
                        addColumn(gradient, k, p / n, m);
                    }
                }
            } else {
                double margin = labels[m] * scores[0];
                double slope; // d loss / d margin
                if (loss.equals(EXPONENTIAL)) {
                    value = DetMath.exp(-margin);
                    slope = -value;
                } else if (margin >= 0) { // log(1 + e^−m), its exponential never overflowing
                    double e = DetMath.exp(-margin);
                    value = DetMath.log(1 + e);
                    slope = -e / (1 + e);
                } else {
                    double e = DetMath.exp(margin);
                    value = -margin + DetMath.log(1 + e);
                    slope = -1 / (1 + e);
                }
                if (gradient != null) {
                    addColumn(gradient, 0, slope * labels[m] / n, m);
                }
            }
            sum = sum + value;
        }
        return sum / n;
    }

    /** Row k of the gradient += c·xₘᵀ. */
    private void addColumn(double[] gradient, int k, double c, int m) {
        for (int j = 0; j < n0; j++) {
            gradient[k * n0 + j] = gradient[k * n0 + j] + c * x[j * n + m];
        }
    }

    /** The fraction of {@code data}'s samples A misclassifies (a tie counts as an error). */
    private double errorRate(double[] a, double[] data, int[] truth, int count) {
        int wrong = 0;
        for (int m = 0; m < count; m++) {
            score(a, data, count, m);
            if (outputs == 1) {
                wrong += truth[m] * scores[0] > 0 ? 0 : 1;
            } else {
                int best = 0;
                boolean tie = false;
                for (int k = 1; k < outputs; k++) {
                    if (scores[k] > scores[best]) {
                        best = k;
                        tie = false;
                    } else if (scores[k] == scores[best]) {
                        tie = true;
                    }
                }
                wrong += best == truth[m] && !tie ? 0 : 1;
            }
        }
        return (double) wrong / count;
    }

    /** The training set's error rate. */
    public double trainError(double[] a) {
        return errorRate(a, x, labels, n);
    }

    @Override
    public double accuracy(double[] a, boolean test) {
        if (test) {
            return nTest == 0 ? Double.NaN : 1 - errorRate(a, xTest, testLabels, nTest);
        }
        return 1 - errorRate(a, x, labels, n);
    }

    /**
     * {@code min_i q_i(A) / ‖A‖_F}, the margin of sample i being {@code yᵢ a·xᵢ} with one output and
     * {@code s_{yᵢ} − max_{k≠yᵢ} s_k} with K: positive exactly when A classifies every training sample
     * correctly, invariant under A's scale, and at most the ℓ₂ max-margin (the hard-margin SVM's), towards
     * which gradient descent on a deep linear network turns A's direction under the logistic and exponential
     * losses (Ji and Telgarsky 2019). 0 for A = 0.
     */
    @Override
    public double margin(double[] a) {
        double norm = 0;
        for (double v : a) {
            norm = norm + v * v;
        }
        if (!(norm > 0)) {
            return 0;
        }
        double least = Double.POSITIVE_INFINITY;
        for (int m = 0; m < n; m++) {
            score(a, x, n, m);
            double q;
            if (outputs == 1) {
                q = labels[m] * scores[0];
            } else {
                double other = Double.NEGATIVE_INFINITY;
                for (int k = 0; k < outputs; k++) {
                    if (k != labels[m]) {
                        other = Math.max(other, scores[k]);
                    }
                }
                q = scores[labels[m]] - other;
            }
            least = Math.min(least, q);
        }
        return least / Math.sqrt(norm);
    }

    @Override
    public double testLoss(double[] a) {
        return nTest == 0 ? Double.NaN : errorRate(a, xTest, testLabels, nTest);
    }

    /** A = 0 scores every class alike: every test sample is a tie, an error. */
    @Override
    public double zeroTestLoss() {
        return nTest == 0 ? Double.NaN : 1;
    }
}
