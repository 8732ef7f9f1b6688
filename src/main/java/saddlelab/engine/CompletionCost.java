package saddlelab.engine;

/**
 * Matrix completion, {@code C(A) = 1/N Σ_obs (A_km − A*_km)²} over the N observed entries
 * (paper §2.1); the test loss is the same mean over the unobserved entries.
 */
public final class CompletionCost implements Cost {
    private final int rows;
    private final int cols;
    private final double[] target;
    private final int[] observed;
    private final int[] hidden;

    /**
     * @param target   {@code A*}, row-major {@code rows × cols}
     * @param observed flat indices of the observed entries, ascending
     */
    public CompletionCost(int rows, int cols, double[] target, int[] observed) {
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

    public double[] target() {
        return target;
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
