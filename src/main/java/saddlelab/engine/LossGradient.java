package saddlelab.engine;

/**
 * Loss {@code L(θ) = C(A_θ)}, its gradient and the gradient-descent step for one network and one
 * cost, with all workspace allocated once.
 *
 * <p>Ordering (why it is cheap): with {@code P_l = W_l ⋯ W_1} ({@code n_l × n_0}) and
 * {@code D_l = W_{l+1}ᵀ ⋯ W_Lᵀ G} ({@code n_l × n_0}), the gradient is
 * {@code ∇_{W_l} L = D_l P_{l−1}ᵀ}. Both P and D are thin (n_0 columns), so a step costs about
 * {@code 3 n_0 Σ n_l n_{l−1}} multiply–adds and never forms a {@code w×w×w} product. Both are
 * stored transposed ({@code n_0} rows of length {@code n_l}) so that every inner loop runs along
 * rows indexed from 0, which the JVM vectorizes.
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
    /** pt[l][j] = row j of P_lᵀ (length n_l), l ≥ 1. */
    private final double[][][] pt;
    /** dt[l][j] = row j of D_lᵀ (length n_l), l ≥ 1. */
    private final double[][][] dt;
    private final double[] a;
    private final double[] g;
    private final double[] row;
    private final double[] row2;
    private final double[] d;
    private final double[] d2;

    public LossGradient(DeepLinearNetwork net, Cost cost) {
        if (net.width(0) != cost.inputs() || net.width(net.depth()) != cost.outputs()) {
            throw new IllegalArgumentException("network shape does not match the cost");
        }
        this.net = net;
        this.cost = cost;
        this.depth = net.depth();
        this.n0 = net.width(0);
        this.nL = net.width(depth);
        this.pt = new double[depth + 1][][];
        this.dt = new double[depth + 1][][];
        int maxWidth = 0;
        for (int l = 1; l <= depth; l++) {
            pt[l] = new double[n0][net.width(l)];
            dt[l] = new double[n0][net.width(l)];
        }
        for (int l = 0; l <= depth; l++) {
            maxWidth = Math.max(maxWidth, net.width(l));
        }
        this.a = new double[nL * n0];
        this.g = new double[nL * n0];
        this.row = new double[maxWidth];
        this.row2 = new double[maxWidth];
        this.d = new double[n0];
        this.d2 = new double[n0];
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
        double[][] w1 = net.rows(1);
        double[][] first = pt[1];
        for (int i = 0; i < w1.length; i++) {
            double[] wi = w1[i];
            for (int j = 0; j < n0; j++) {
                first[j][i] = wi[j];
            }
        }
        // P_lᵀ[j, i] = Σ_k W_l[i, k] P_{l−1}ᵀ[j, k], summed in order of k. Four j at a time share
        // each load of W_l[i, k] and give four independent chains (the sum itself is a reduction,
        // which the JVM does not vectorize).
        for (int l = 2; l <= depth; l++) {
            double[][] w = net.rows(l);
            double[][] prev = pt[l - 1];
            double[][] out = pt[l];
            int inner = net.width(l - 1);
            int i = 0;
            for (; i + 1 < w.length; i += 2) { // two rows × four j: eight independent chains
                double[] wa = w[i];
                double[] wb = w[i + 1];
                int j = 0;
                for (; j + 3 < n0; j += 4) {
                    double[] p0 = prev[j];
                    double[] p1 = prev[j + 1];
                    double[] p2 = prev[j + 2];
                    double[] p3 = prev[j + 3];
                    double a0 = 0;
                    double a1 = 0;
                    double a2 = 0;
                    double a3 = 0;
                    double b0 = 0;
                    double b1 = 0;
                    double b2 = 0;
                    double b3 = 0;
                    for (int k = 0; k < inner; k++) {
                        double x = wa[k];
                        double y = wb[k];
                        double q0 = p0[k];
                        double q1 = p1[k];
                        double q2 = p2[k];
                        double q3 = p3[k];
                        a0 += x * q0;
                        a1 += x * q1;
                        a2 += x * q2;
                        a3 += x * q3;
                        b0 += y * q0;
                        b1 += y * q1;
                        b2 += y * q2;
                        b3 += y * q3;
                    }
                    out[j][i] = a0;
                    out[j + 1][i] = a1;
                    out[j + 2][i] = a2;
                    out[j + 3][i] = a3;
                    out[j][i + 1] = b0;
                    out[j + 1][i + 1] = b1;
                    out[j + 2][i + 1] = b2;
                    out[j + 3][i + 1] = b3;
                }
                for (; j < n0; j++) {
                    double[] p0 = prev[j];
                    double a0 = 0;
                    double b0 = 0;
                    for (int k = 0; k < inner; k++) {
                        double q = p0[k];
                        a0 += wa[k] * q;
                        b0 += wb[k] * q;
                    }
                    out[j][i] = a0;
                    out[j][i + 1] = b0;
                }
            }
            for (; i < w.length; i++) {
                double[] wi = w[i];
                int j = 0;
                for (; j + 3 < n0; j += 4) {
                    double[] p0 = prev[j];
                    double[] p1 = prev[j + 1];
                    double[] p2 = prev[j + 2];
                    double[] p3 = prev[j + 3];
                    double s0 = 0;
                    double s1 = 0;
                    double s2 = 0;
                    double s3 = 0;
                    for (int k = 0; k < inner; k++) {
                        double x = wi[k];
                        s0 += x * p0[k];
                        s1 += x * p1[k];
                        s2 += x * p2[k];
                        s3 += x * p3[k];
                    }
                    out[j][i] = s0;
                    out[j + 1][i] = s1;
                    out[j + 2][i] = s2;
                    out[j + 3][i] = s3;
                }
                for (; j + 1 < n0; j += 2) {
                    double[] p0 = prev[j];
                    double[] p1 = prev[j + 1];
                    double s0 = 0;
                    double s1 = 0;
                    for (int k = 0; k < inner; k++) {
                        double x = wi[k];
                        s0 += x * p0[k];
                        s1 += x * p1[k];
                    }
                    out[j][i] = s0;
                    out[j + 1][i] = s1;
                }
                for (; j < n0; j++) {
                    double[] p0 = prev[j];
                    double s0 = 0;
                    for (int k = 0; k < inner; k++) {
                        s0 += wi[k] * p0[k];
                    }
                    out[j][i] = s0;
                }
            }
        }
        // A = P_L
        double[][] pl = pt[depth];
        for (int r = 0; r < nL; r++) {
            for (int c = 0; c < n0; c++) {
                a[r * n0 + c] = pl[c][r];
            }
        }
        return cost.evaluate(a, g);
    }

    /**
     * Backward sweep after {@link #forward}: with {@code gradientOut} null, applies
     * {@code W_l ← W_l − η ∇_{W_l} L}; otherwise stores {@code ∇_{W_l} L} into
     * {@code gradientOut[l−1]} (row-major) and leaves θ unchanged.
     */
    private void backward(double eta, double[][] gradientOut) {
        // D_Lᵀ = Gᵀ
        double[][] dl = dt[depth];
        for (int r = 0; r < nL; r++) {
            for (int c = 0; c < n0; c++) {
                dl[c][r] = g[r * n0 + c];
            }
        }
        for (int l = depth; l >= 1; l--) {
            double[][] w = net.rows(l);
            double[][] dLayer = dt[l];
            int cols = net.width(l - 1);
            double[][] prevP = l >= 2 ? pt[l - 1] : null;
            double[][] prevD = l >= 2 ? dt[l - 1] : null;
            if (prevD != null) {
                for (double[] r : prevD) {
                    java.util.Arrays.fill(r, 0.0);
                }
            }
            double[] out = gradientOut == null ? null : gradientOut[l - 1];
            int i = 0;
            if (prevP != null) {
                for (; i + 1 < w.length; i += 2) {
                    backwardRowPair(w[i], w[i + 1], i, dLayer, prevP, prevD, cols, eta, out);
                }
            }
            for (; i < w.length; i++) {
                double[] wi = w[i];
                for (int j = 0; j < n0; j++) {
                    d[j] = dLayer[j][i];
                }
                // ∇W_l[i, :] = Σ_j D_lᵀ[j, i] P_{l−1}ᵀ[j, :]
                if (prevP == null) {
                    for (int k = 0; k < cols; k++) {
                        row[k] = d[k];
                    }
                } else {
                    // row = Σ_j d_j P_{l−1}ᵀ[j, :], summed in order of j (one pass per j: these
                    // single-output loops are the ones the JVM vectorizes best)
                    double d0 = d[0];
                    double[] p0 = prevP[0];
                    for (int k = 0; k < cols; k++) {
                        row[k] = d0 * p0[k];
                    }
                    for (int j = 1; j < n0; j++) {
                        double dj = d[j];
                        double[] pj = prevP[j];
                        for (int k = 0; k < cols; k++) {
                            row[k] += dj * pj[k];
                        }
                    }
                    // D_{l−1}ᵀ[j, :] += D_lᵀ[j, i] W_l[i, :]   (old row of W_l)
                    for (int j = 0; j < n0; j++) {
                        double dj = d[j];
                        double[] qj = prevD[j];
                        for (int k = 0; k < cols; k++) {
                            qj[k] += dj * wi[k];
                        }
                    }
                }
                if (out == null) {
                    for (int k = 0; k < cols; k++) {
                        wi[k] -= eta * row[k];
                    }
                } else {
                    System.arraycopy(row, 0, out, i * cols, cols);
                }
            }
        }
    }

    /**
     * The backward sweep for rows i and i+1 of W_l together: each row of P_{l−1}ᵀ and of D_{l−1}ᵀ is
     * then read once for two rows of W_l. Every sum is formed in the same order as the single-row
     * sweep ((q + a) + b is q += a, then q += b), so the result is the same to the bit.
     */
    private void backwardRowPair(double[] wa, double[] wb, int i, double[][] dLayer, double[][] prevP,
            double[][] prevD, int cols, double eta, double[] out) {
        for (int j = 0; j < n0; j++) {
            d[j] = dLayer[j][i];
            d2[j] = dLayer[j][i + 1];
        }
        double a0 = d[0];
        double b0 = d2[0];
        double[] p0 = prevP[0];
        for (int k = 0; k < cols; k++) {
            double x = p0[k];
            row[k] = a0 * x;
            row2[k] = b0 * x;
        }
        for (int j = 1; j < n0; j++) {
            double aj = d[j];
            double bj = d2[j];
            double[] pj = prevP[j];
            for (int k = 0; k < cols; k++) {
                double x = pj[k];
                row[k] += aj * x;
                row2[k] += bj * x;
            }
        }
        for (int j = 0; j < n0; j++) {
            double aj = d[j];
            double bj = d2[j];
            double[] qj = prevD[j];
            for (int k = 0; k < cols; k++) {
                qj[k] = qj[k] + aj * wa[k] + bj * wb[k];
            }
        }
        if (out == null) {
            for (int k = 0; k < cols; k++) {
                wa[k] -= eta * row[k];
            }
            for (int k = 0; k < cols; k++) {
                wb[k] -= eta * row2[k];
            }
        } else {
            System.arraycopy(row, 0, out, i * cols, cols);
            System.arraycopy(row2, 0, out, (i + 1) * cols, cols);
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
