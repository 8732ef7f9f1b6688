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
 * <p>The descent step makes one sweep over {@code W_l}: per group of four rows, the back-propagation
 * into {@code D_{l−1}} (which needs the old rows), then each row's gradient and update while the rows
 * are in cache. {@link #gradient} runs the very same sweep with the update replaced by a store, so
 * {@code step(η)} equals {@code θ − η·gradient(θ)} to the bit.
 *
 * <p>Every sum runs in a fixed order (written out plainly in {@code SummationOrderTest}); the loops
 * are grouped for speed only in ways that keep that order, so the trajectory's bits do not depend on
 * the grouping, nor on the runtime (JVM, wasm-gc or JavaScript).
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
        // P_l = W_l P_{l−1}
        for (int l = 2; l <= depth; l++) {
            thinProduct(net.rows(l), pt[l - 1], pt[l], net.width(l - 1));
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
     * {@code outᵀ[j, i] = Σ_k W[i, k] prevᵀ[j, k]}, each sum a chain in order of k. The sums are
     * reductions, which the JVM cannot turn into SIMD without reordering them, so the speed comes from
     * running many independent chains at once: two rows × four j (8 chains sharing 6 loads per k), and
     * for the last {@code n_0 mod 4} values of j, eight rows × one j.
     *
     * <p>The chains are written {@code s = x·q + s}, not {@code s += x·q}: the same IEEE sum, but
     * JDK 17's C2 recognises the {@code +=} form as a reduction, packs the products into vectors and
     * then adds the lanes one by one, which measured about twice as slow as plain scalar chains.
     */
    private void thinProduct(double[][] w, double[][] prev, double[][] out, int inner) {
        int rows = w.length;
        int j4 = n0 - n0 % 4;
        int i = 0;
        for (; i + 1 < rows; i += 2) {
            double[] wa = w[i];
            double[] wb = w[i + 1];
            for (int j = 0; j < j4; j += 4) {
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
                    a0 = x * q0 + a0;
                    a1 = x * q1 + a1;
                    a2 = x * q2 + a2;
                    a3 = x * q3 + a3;
                    b0 = y * q0 + b0;
                    b1 = y * q1 + b1;
                    b2 = y * q2 + b2;
                    b3 = y * q3 + b3;
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
        }
        for (; i < rows; i++) {
            double[] wi = w[i];
            for (int j = 0; j < j4; j++) {
                out[j][i] = dot(wi, prev[j], inner);
            }
        }
        for (int j = j4; j < n0; j++) {
            double[] p = prev[j];
            double[] o = out[j];
            int r = 0;
            for (; r + 7 < rows; r += 8) {
                double[] w0 = w[r];
                double[] w1 = w[r + 1];
                double[] w2 = w[r + 2];
                double[] w3 = w[r + 3];
                double[] w4 = w[r + 4];
                double[] w5 = w[r + 5];
                double[] w6 = w[r + 6];
                double[] w7 = w[r + 7];
                double s0 = 0;
                double s1 = 0;
                double s2 = 0;
                double s3 = 0;
                double s4 = 0;
                double s5 = 0;
                double s6 = 0;
                double s7 = 0;
                for (int k = 0; k < inner; k++) {
                    double q = p[k];
                    s0 = w0[k] * q + s0;
                    s1 = w1[k] * q + s1;
                    s2 = w2[k] * q + s2;
                    s3 = w3[k] * q + s3;
                    s4 = w4[k] * q + s4;
                    s5 = w5[k] * q + s5;
                    s6 = w6[k] * q + s6;
                    s7 = w7[k] * q + s7;
                }
                o[r] = s0;
                o[r + 1] = s1;
                o[r + 2] = s2;
                o[r + 3] = s3;
                o[r + 4] = s4;
                o[r + 5] = s5;
                o[r + 6] = s6;
                o[r + 7] = s7;
            }
            for (; r < rows; r++) {
                o[r] = dot(w[r], p, inner);
            }
        }
    }

    private static double dot(double[] x, double[] y, int n) {
        double s = 0;
        for (int k = 0; k < n; k++) {
            s = x[k] * y[k] + s;
        }
        return s;
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
            double[] out = gradientOut == null ? null : gradientOut[l - 1];
            if (l == 1) {
                // ∇W_1[i, k] = D_1ᵀ[k, i]   (P_0 = I)
                for (int i = 0; i < w.length; i++) {
                    double[] wi = w[i];
                    for (int k = 0; k < cols; k++) {
                        double gk = dLayer[k][i];
                        if (out == null) {
                            wi[k] -= eta * gk;
                        } else {
                            out[i * cols + k] = gk;
                        }
                    }
                }
                continue;
            }
            double[][] prevP = pt[l - 1];
            double[][] prevD = dt[l - 1];
            for (double[] r : prevD) {
                java.util.Arrays.fill(r, 0.0);
            }
            // Per group of rows of W_l: first D_{l−1} (needs the old rows), then each row's gradient
            // and update, while the rows are in cache.
            int i = 0;
            for (; i + 3 < w.length; i += 4) {
                backPropagate4(w[i], w[i + 1], w[i + 2], w[i + 3], i, dLayer, prevD, cols);
                for (int r = i; r < i + 4; r++) {
                    descendRow(w[r], r, dLayer, prevP, cols, eta, out);
                }
            }
            for (; i < w.length; i++) {
                double[] wi = w[i];
                // D_{l−1}ᵀ[j, :] += D_lᵀ[j, i] W_l[i, :]
                for (int j = 0; j < n0; j++) {
                    double c = dLayer[j][i];
                    double[] q = prevD[j];
                    for (int k = 0; k < cols; k++) {
                        q[k] += c * wi[k];
                    }
                }
                descendRow(wi, i, dLayer, prevP, cols, eta, out);
            }
        }
    }

    /**
     * {@code D_{l−1}ᵀ[j, :] += Σ_{r<4} D_lᵀ[j, i+r] W_l[i+r, :]}, added left to right, which is the
     * order of the row-by-row sum: the same bits, with a quarter of the passes over D.
     */
    private void backPropagate4(double[] wa, double[] wb, double[] wc, double[] wd, int i, double[][] dLayer,
            double[][] prevD, int cols) {
        for (int j = 0; j < n0; j++) {
            double[] dj = dLayer[j];
            double ca = dj[i];
            double cb = dj[i + 1];
            double cc = dj[i + 2];
            double cd = dj[i + 3];
            double[] q = prevD[j];
            for (int k = 0; k < cols; k++) {
                q[k] = q[k] + ca * wa[k] + cb * wb[k] + cc * wc[k] + cd * wd[k];
            }
        }
    }

    /**
     * {@code ∇W_l[i, :] = Σ_j D_lᵀ[j, i] P_{l−1}ᵀ[j, :]} summed in order of j, four terms per pass
     * (left-nested, so the grouping never changes a bit); then {@code W_l[i, :] −= η·∇} or, with
     * {@code out}, the gradient row stored at {@code out[i·cols …]}. The last term is folded into the
     * update when it is alone.
     */
    private void descendRow(double[] wi, int i, double[][] dLayer, double[][] prevP, int cols, double eta,
            double[] out) {
        double[] r = row;
        int j;
        if (n0 >= 4) {
            double c0 = dLayer[0][i];
            double c1 = dLayer[1][i];
            double c2 = dLayer[2][i];
            double c3 = dLayer[3][i];
            double[] p0 = prevP[0];
            double[] p1 = prevP[1];
            double[] p2 = prevP[2];
            double[] p3 = prevP[3];
            for (int k = 0; k < cols; k++) {
                r[k] = c0 * p0[k] + c1 * p1[k] + c2 * p2[k] + c3 * p3[k];
            }
            j = 4;
        } else {
            double c0 = dLayer[0][i];
            double[] p0 = prevP[0];
            for (int k = 0; k < cols; k++) {
                r[k] = c0 * p0[k];
            }
            j = 1;
        }
        for (; j + 3 < n0; j += 4) {
            double c0 = dLayer[j][i];
            double c1 = dLayer[j + 1][i];
            double c2 = dLayer[j + 2][i];
            double c3 = dLayer[j + 3][i];
            double[] p0 = prevP[j];
            double[] p1 = prevP[j + 1];
            double[] p2 = prevP[j + 2];
            double[] p3 = prevP[j + 3];
            for (int k = 0; k < cols; k++) {
                r[k] = r[k] + c0 * p0[k] + c1 * p1[k] + c2 * p2[k] + c3 * p3[k];
            }
        }
        for (; j + 1 < n0; j++) {
            double c0 = dLayer[j][i];
            double[] p0 = prevP[j];
            for (int k = 0; k < cols; k++) {
                r[k] += c0 * p0[k];
            }
        }
        int o = i * cols;
        if (j < n0) { // one term left: fold it into the update
            double c0 = dLayer[j][i];
            double[] p0 = prevP[j];
            if (out == null) {
                for (int k = 0; k < cols; k++) {
                    wi[k] -= eta * (r[k] + c0 * p0[k]);
                }
            } else {
                for (int k = 0; k < cols; k++) {
                    out[o + k] = r[k] + c0 * p0[k];
                }
            }
        } else if (out == null) {
            for (int k = 0; k < cols; k++) {
                wi[k] -= eta * r[k];
            }
        } else {
            System.arraycopy(r, 0, out, o, cols);
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
