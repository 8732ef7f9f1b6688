package saddlelab.engine;

/**
 * Parameters {@code θ = (W_L, …, W_1)} of a deep linear network {@code A_θ = W_L ⋯ W_1} with
 * widths {@code n_0 … n_L} (paper §2.1). {@code W_l} is {@code n_l × n_{l−1}}, stored as one array
 * per row: every inner loop of the kernels then indexes its arrays from 0, which is what lets the
 * JVM's auto-vectorizer (JDK 17 C2) turn them into SIMD code.
 */
public final class DeepLinearNetwork {
    private final int[] widths;
    private final double[][][] weights;

    public DeepLinearNetwork(int[] widths) {
        if (widths.length < 2) {
            throw new IllegalArgumentException("a network needs at least one layer");
        }
        this.widths = widths.clone();
        this.weights = new double[widths.length - 1][][];
        for (int l = 1; l < widths.length; l++) {
            if (widths[l] <= 0 || widths[l - 1] <= 0) {
                throw new IllegalArgumentException("widths must be positive");
            }
            weights[l - 1] = new double[widths[l]][widths[l - 1]];
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

    /** The live rows of {@code W_l} for {@code l = 1 … L}: {@code rows(l)[i][k] = (W_l)_{ik}}. */
    public double[][] rows(int l) {
        return weights[l - 1];
    }

    /** A row-major copy of {@code W_l}. */
    public double[] weight(int l) {
        int cols = widths[l - 1];
        double[] flat = new double[widths[l] * cols];
        double[][] w = weights[l - 1];
        for (int i = 0; i < w.length; i++) {
            System.arraycopy(w[i], 0, flat, i * cols, cols);
        }
        return flat;
    }

    /** Sets {@code W_l} from a row-major array. */
    public void setWeight(int l, double[] flat) {
        int cols = widths[l - 1];
        double[][] w = weights[l - 1];
        for (int i = 0; i < w.length; i++) {
            System.arraycopy(flat, i * cols, w[i], 0, cols);
        }
    }

    /** {@code P = Σ_l n_{l−1} n_l}. */
    public int parameterCount() {
        int p = 0;
        for (int l = 1; l < widths.length; l++) {
            p += widths[l] * widths[l - 1];
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
            for (int i = 0; i < weights[l].length; i++) {
                System.arraycopy(other.weights[l][i], 0, weights[l][i], 0, weights[l][i].length);
            }
        }
    }

    /**
     * θ ← θ + s·v for a parameter vector v: {@code v[l−1]} holds {@code W_l}'s entries, row-major
     * (the shape of {@link #newParameterVector}).
     */
    public void addScaled(double s, double[][] v) {
        for (int l = 0; l < weights.length; l++) {
            double[] d = v[l];
            int cols = widths[l];
            for (int i = 0; i < weights[l].length; i++) {
                double[] w = weights[l][i];
                int o = i * cols;
                for (int k = 0; k < cols; k++) {
                    w[k] += s * d[o + k];
                }
            }
        }
    }

    /** A zero-filled parameter-shaped vector (a gradient, a direction): one row-major array per layer. */
    public double[][] newParameterVector() {
        double[][] v = new double[weights.length][];
        for (int l = 1; l < widths.length; l++) {
            v[l - 1] = new double[widths[l] * widths[l - 1]];
        }
        return v;
    }

    /** {@code ‖θ‖}, the Euclidean norm of all parameters. */
    public double norm() {
        double s = 0;
        for (int l = 1; l < widths.length; l++) {
            double n = layerNorm(l);
            s += n * n;
        }
        return Math.sqrt(s);
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
        for (double[] row : weights[l - 1]) {
            for (double x : row) {
                s += x * x;
            }
        }
        return Math.sqrt(s);
    }

    /** True when every parameter is finite. */
    public boolean isFinite() {
        for (double[][] w : weights) {
            for (double[] row : w) {
                for (double x : row) {
                    if (x - x != 0) {
                        return false;
                    }
                }
            }
        }
        return true;
    }

    /** {@code A_θ = W_L ⋯ W_1} (row-major {@code n_L × n_0}), by the thin ordering of {@link LossGradient}. */
    public double[] product() {
        int n0 = widths[0];
        // Start from W_1 (n_1 × n_0) and multiply on the left: cost Σ n_l n_{l-1} n_0.
        double[] p = weight(1);
        for (int l = 2; l <= depth(); l++) {
            double[][] w = weights[l - 1];
            int rows = widths[l];
            int inner = widths[l - 1];
            double[] next = new double[rows * n0];
            for (int i = 0; i < rows; i++) {
                for (int k = 0; k < inner; k++) {
                    double wik = w[i][k];
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
