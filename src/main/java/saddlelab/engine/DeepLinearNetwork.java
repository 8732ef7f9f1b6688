package saddlelab.engine;

/**
 * Parameters {@code θ = (W_L, …, W_1)} of a deep linear network {@code A_θ = W_L ⋯ W_1} with
 * widths {@code n_0 … n_L} (paper §2.1). {@code W_l} is {@code n_l × n_{l−1}}, row-major.
 */
public final class DeepLinearNetwork {
    private final int[] widths;
    private final double[][] weights;

    public DeepLinearNetwork(int[] widths) {
        if (widths.length < 2) {
            throw new IllegalArgumentException("a network needs at least one layer");
        }
        this.widths = widths.clone();
        this.weights = new double[widths.length - 1][];
        for (int l = 1; l < widths.length; l++) {
            if (widths[l] <= 0 || widths[l - 1] <= 0) {
                throw new IllegalArgumentException("widths must be positive");
            }
            weights[l - 1] = new double[widths[l] * widths[l - 1]];
        }
    }

    /** Rectangular (L, w)-DLN: {@code n_0 = inputs}, hidden widths w, {@code n_L = outputs}. */
    public static DeepLinearNetwork rectangular(int inputs, int width, int outputs, int depth) {
        int[] widths = new int[depth + 1];
        widths[0] = inputs;
        for (int l = 1; l < depth; l++) {
            widths[l] = width;
        }
        widths[depth] = outputs;
        return new DeepLinearNetwork(widths);
    }

    public int depth() {
        return widths.length - 1;
    }

    /** {@code n_l} for {@code l = 0 … L}. */
    public int width(int l) {
        return widths[l];
    }

    public int[] widths() {
        return widths.clone();
    }

    /** {@code W_l} for {@code l = 1 … L}; the live array, row-major {@code n_l × n_{l−1}}. */
    public double[] weight(int l) {
        return weights[l - 1];
    }

    /** {@code P = Σ_l n_{l−1} n_l}. */
    public int parameterCount() {
        int p = 0;
        for (double[] w : weights) {
            p += w.length;
        }
        return p;
    }

    public DeepLinearNetwork copy() {
        DeepLinearNetwork c = new DeepLinearNetwork(widths);
        c.copyFrom(this);
        return c;
    }

    public void copyFrom(DeepLinearNetwork other) {
        for (int l = 0; l < weights.length; l++) {
            System.arraycopy(other.weights[l], 0, weights[l], 0, weights[l].length);
        }
    }

    /** θ ← θ + s·v for a parameter vector v of the same shape. */
    public void addScaled(double s, double[][] v) {
        for (int l = 0; l < weights.length; l++) {
            double[] w = weights[l];
            double[] d = v[l];
            for (int k = 0; k < w.length; k++) {
                w[k] += s * d[k];
            }
        }
    }

    /** A zero-filled parameter-shaped vector (a gradient, a direction). */
    public double[][] newParameterVector() {
        double[][] v = new double[weights.length][];
        for (int l = 0; l < weights.length; l++) {
            v[l] = new double[weights[l].length];
        }
        return v;
    }

    /** {@code ‖θ‖}, the Euclidean norm of all parameters. */
    public double norm() {
        return Math.sqrt(squaredNorm(weights));
    }

    public static double squaredNorm(double[][] v) {
        double s = 0;
        for (double[] w : v) {
            for (double x : w) {
                s += x * x;
            }
        }
        return s;
    }

    /** Frobenius norm of {@code W_l}. */
    public double layerNorm(int l) {
        double s = 0;
        for (double x : weights[l - 1]) {
            s += x * x;
        }
        return Math.sqrt(s);
    }

    /** True when every parameter is finite. */
    public boolean isFinite() {
        for (double[] w : weights) {
            for (double x : w) {
                if (x - x != 0) {
                    return false;
                }
            }
        }
        return true;
    }

    /** {@code A_θ = W_L ⋯ W_1} (row-major {@code n_L × n_0}), by the thin ordering of {@link LossGradient}. */
    public double[] product() {
        int n0 = widths[0];
        // Start from W_1 (n_1 × n_0) and multiply on the left: cost Σ n_l n_{l-1} n_0.
        double[] p = weights[0].clone();
        for (int l = 2; l <= depth(); l++) {
            double[] w = weights[l - 1];
            int rows = widths[l];
            int inner = widths[l - 1];
            double[] next = new double[rows * n0];
            for (int i = 0; i < rows; i++) {
                for (int k = 0; k < inner; k++) {
                    double wik = w[i * inner + k];
                    for (int j = 0; j < n0; j++) {
                        next[i * n0 + j] += wik * p[k * n0 + j];
                    }
                }
            }
            p = next;
        }
        return p;
    }
}
