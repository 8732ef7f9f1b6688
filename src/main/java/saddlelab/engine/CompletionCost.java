package saddlelab.engine;

/**
 * Matrix completion, {@code C(A) = 1/N Σ_obs (A_km − A*_km)²} over the N observed entries
 * (paper §2.1); the test loss is the same mean over the unobserved entries, or, for data given by value (whose
 * A* is unknown where nothing was observed), over the observed entries held out of training.
 */
public final class CompletionCost implements Cost {
    private final int rows;
    private final int cols;
    private final double[] target;
    private final int[] observed;
    private final int[] hidden;
    /** Whether A* is known everywhere (a generated task), not only on the observed and held-out entries. */
    private final boolean known;

    /**
     * Data given by value: {@code values} row-major, read only on the training entries {@code observed} and the
     * held-out entries {@code heldOut} (both ascending, disjoint); NaN elsewhere.
     */
    public CompletionCost(int rows, int cols, double[] values, int[] observed, int[] heldOut) {
        this.rows = rows;
        this.cols = cols;
        this.target = values;
        this.observed = observed;
        this.hidden = heldOut;
        this.known = false;
    }

    /**
     * @param target   {@code A*}, row-major {@code rows × cols}
     * @param observed flat indices of the observed entries, ascending
     */
    public CompletionCost(int rows, int cols, double[] target, int[] observed) {
        this.known = true;
        this.rows = rows;
        this.cols = cols;
        this.target = target;
        this.observed = observed;
        boolean[] seen = new boolean[rows * cols];
        for (int k : observed) {
            seen[k] = true;
        }
        this.hidden = new int[rows * cols - observed.length];
        int h = 0;
        for (int k = 0; k < seen.length; k++) {
            if (!seen[k]) {
                hidden[h++] = k;
            }
        }
    }

    @Override
    public int outputs() {
        return rows;
    }

    @Override
    public int inputs() {
        return cols;
    }

    /** A*, row-major; for data given by value NaN where the entry is neither observed nor held out. */
    public double[] target() {
        return target;
    }

    /** Whether {@link #target} is A* everywhere (false for data given by value). */
    public boolean targetKnown() {
        return known;
    }

    /** The test set's entries: the unobserved ones, or the held-out ones of data given by value. */
    public int[] testEntries() {
        return hidden;
    }

    /** A global minimizer of C: A*, or for data given by value the training entries with 0 elsewhere. */
    public double[] interpolant() {
        if (known) {
            return target.clone();
        }
        double[] a = new double[target.length];
        for (int k : observed) {
            a[k] = target[k];
        }
        return a;
    }

    public int[] observed() {
        return observed;
    }

    @Override
    public double evaluate(double[] a, double[] gradient) {
        if (gradient != null) {
            java.util.Arrays.fill(gradient, 0.0);
        }
        double sum = 0;
        double scale = 2.0 / observed.length;
        for (int k : observed) {
            double r = a[k] - target[k];
            sum += r * r;
            if (gradient != null) {
                // G = ∂C/∂A = 2/N (A − A*) on the observed entries
                gradient[k] = scale * r;
            }
        }
        return sum / observed.length;
    }

    @Override
    public double testLoss(double[] a) {
        if (hidden.length == 0) {
            return Double.NaN;
        }
        double sum = 0;
        for (int k : hidden) {
            double r = a[k] - target[k];
            sum += r * r;
        }
        return sum / hidden.length;
    }

    @Override
    public double zeroTestLoss() {
        if (hidden.length == 0) {
            return Double.NaN;
        }
        double sum = 0;
        for (int k : hidden) {
            sum += target[k] * target[k];
        }
        return sum / hidden.length;
    }
}
