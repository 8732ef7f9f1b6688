package saddlelab.engine;

/**
 * Loss {@code L(θ) = C(A_θ)}, its gradient and the gradient-descent step for one network and one
 * cost, with all workspace allocated once.
 *
 * <p>Ordering (why it is cheap): with {@code P_l = W_l ⋯ W_1} ({@code n_l × n_0}) and
 * {@code D_l = W_{l+1}ᵀ ⋯ W_Lᵀ G} ({@code n_l × n_0}), the gradient is
 * {@code ∇_{W_l} L = D_l P_{l−1}ᵀ}. Both P and D are thin (n_0 columns), so a step costs about
 * {@code 3 n_0 Σ n_l n_{l−1}} multiply–adds and never forms a {@code w×w×w} product. Both are
 * stored transposed ({@code n_0 × n_l}) so that every inner loop runs along a contiguous row.
 *
 * <p>The descent step fuses, per row of {@code W_l}, the gradient row, the back-propagation into
 * {@code D_{l−1}} (which needs the old row) and the update. {@link #gradient} runs the very same
 * sweep with the update replaced by a store, so {@code step(η)} equals {@code θ − η·gradient(θ)}
 * to the bit.
 */
public final class LossGradient {
    private final DeepLinearNetwork net;
    private final Cost cost;
    private final int depth;
    private final int n0;
    private final int nL;
    /** pt[l] = P_lᵀ, n_0 × n_l (l ≥ 1). */
    private final double[][] pt;
    /** dt[l] = D_lᵀ, n_0 × n_l (l ≥ 1). */
    private final double[][] dt;
    private final double[] a;
    private final double[] g;
    private final double[] row;

    public LossGradient(DeepLinearNetwork net, Cost cost) {
        if (net.width(0) != cost.inputs() || net.width(net.depth()) != cost.outputs()) {
            throw new IllegalArgumentException("network shape does not match the cost");
        }
        this.net = net;
        this.cost = cost;
        this.depth = net.depth();
        this.n0 = net.width(0);
        this.nL = net.width(depth);
        this.pt = new double[depth + 1][];
        this.dt = new double[depth + 1][];
        int maxWidth = 0;
        for (int l = 1; l <= depth; l++) {
            pt[l] = new double[n0 * net.width(l)];
            dt[l] = new double[n0 * net.width(l)];
        }
        for (int l = 0; l <= depth; l++) {
            maxWidth = Math.max(maxWidth, net.width(l));
        }
        this.a = new double[nL * n0];
        this.g = new double[nL * n0];
        this.row = new double[maxWidth];
    }

    public DeepLinearNetwork network() {
        return net;
    }

    public Cost cost() {
        return cost;
    }

    /** A_θ of the last forward pass (live array, row-major n_L × n_0). */
    public double[] endToEnd() {
        return a;
    }

    /** G = ∂C/∂A of the last forward pass (live array). */
    public double[] costGradient() {
        return g;
    }

    /** Forward pass: fills A_θ and G, returns {@code L(θ)}. */
    public double forward() {
        // P_1ᵀ = W_1ᵀ  (P_0 = I)
        int n1 = net.width(1);
        double[] w1 = net.weight(1);
        double[] p1 = pt[1];
        for (int i = 0; i < n1; i++) {
            for (int j = 0; j < n0; j++) {
                p1[j * n1 + i] = w1[i * n0 + j];
            }
        }
        // P_lᵀ[j, i] = Σ_k W_l[i, k] P_{l−1}ᵀ[j, k]
        for (int l = 2; l <= depth; l++) {
            double[] w = net.weight(l);
            double[] prev = pt[l - 1];
            double[] out = pt[l];
            int rows = net.width(l);
            int inner = net.width(l - 1);
            for (int j = 0; j < n0; j++) {
                int po = j * inner;
                int oo = j * rows;
                for (int i = 0; i < rows; i++) {
                    out[oo + i] = dot(w, i * inner, prev, po, inner);
                }
            }
        }
        // A = P_L
        double[] pl = pt[depth];
        for (int r = 0; r < nL; r++) {
            for (int c = 0; c < n0; c++) {
                a[r * n0 + c] = pl[c * nL + r];
            }
        }
        return cost.evaluate(a, g);
    }

    /** Σ_k x[xo+k]·y[yo+k] with four partial sums combined in a fixed order (deterministic, and fast). */
    private static double dot(double[] x, int xo, double[] y, int yo, int n) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int k = 0;
        for (; k + 3 < n; k += 4) {
            s0 += x[xo + k] * y[yo + k];
            s1 += x[xo + k + 1] * y[yo + k + 1];
            s2 += x[xo + k + 2] * y[yo + k + 2];
            s3 += x[xo + k + 3] * y[yo + k + 3];
        }
        for (; k < n; k++) {
            s0 += x[xo + k] * y[yo + k];
        }
        // Left-nested on purpose: TeaVM's JavaScript output prints (s0 + s1) + (s2 + s3) without the
        // parentheses, which reorders the floating-point sum and breaks bit-reproducibility.
        return ((s0 + s1) + s2) + s3;
    }

    /**
     * Backward sweep after {@link #forward}: with {@code gradientOut} null, applies
     * {@code W_l ← W_l − η ∇_{W_l} L}; otherwise stores {@code ∇_{W_l} L} into
     * {@code gradientOut[l−1]} and leaves θ unchanged.
     */
    private void backward(double eta, double[][] gradientOut) {
        // D_Lᵀ = Gᵀ
        double[] dl = dt[depth];
        for (int r = 0; r < nL; r++) {
            for (int c = 0; c < n0; c++) {
                dl[c * nL + r] = g[r * n0 + c];
            }
        }
        for (int l = depth; l >= 1; l--) {
            double[] w = net.weight(l);
            double[] d = dt[l];
            int rows = net.width(l);
            int cols = net.width(l - 1);
            double[] prevP = l >= 2 ? pt[l - 1] : null;
            double[] prevD = l >= 2 ? dt[l - 1] : null;
            if (prevD != null) {
                java.util.Arrays.fill(prevD, 0.0);
            }
            double[] out = gradientOut == null ? null : gradientOut[l - 1];
            for (int i = 0; i < rows; i++) {
                int wo = i * cols;
                // ∇W_l[i, :] = Σ_j D_lᵀ[j, i] P_{l−1}ᵀ[j, :]
                if (prevP == null) {
                    for (int k = 0; k < cols; k++) {
                        row[k] = d[k * rows + i];
                    }
                } else {
                    double d0 = d[i];
                    for (int k = 0; k < cols; k++) {
                        row[k] = d0 * prevP[k];
                    }
                    for (int j = 1; j < n0; j++) {
                        double dj = d[j * rows + i];
                        int po = j * cols;
                        for (int k = 0; k < cols; k++) {
                            row[k] += dj * prevP[po + k];
                        }
                    }
                    // D_{l−1}ᵀ[j, :] += D_lᵀ[j, i] W_l[i, :]   (old row of W_l)
                    for (int j = 0; j < n0; j++) {
                        double dj = d[j * rows + i];
                        int qo = j * cols;
                        for (int k = 0; k < cols; k++) {
                            prevD[qo + k] += dj * w[wo + k];
                        }
                    }
                }
                if (out == null) {
                    for (int k = 0; k < cols; k++) {
                        w[wo + k] -= eta * row[k];
                    }
                } else {
                    System.arraycopy(row, 0, out, wo, cols);
                }
            }
        }
    }

    /** One gradient-descent step {@code θ ← θ − η ∇L(θ)}; returns {@code L(θ)} before the step. */
    public double step(double eta) {
        double loss = forward();
        backward(eta, null);
        return loss;
    }

    /** {@code ∇L(θ)} into {@code out} (shape of {@link DeepLinearNetwork#newParameterVector}); returns L(θ). */
    public double gradient(double[][] out) {
        double loss = forward();
        backward(0.0, out);
        return loss;
    }

    /** {@code L(θ)} only. */
    public double loss() {
        return forward();
    }
}
