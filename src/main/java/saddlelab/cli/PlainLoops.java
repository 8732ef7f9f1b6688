package saddlelab.cli;

import saddlelab.engine.Cost;
import saddlelab.engine.DeepLinearNetwork;

/**
 * The yardstick of {@code bench} ({@code engine=jvm-plain}): the engine's algorithm (thin products
 * {@code P_l = W_l P_{l−1}}, {@code D_{l−1} = W_lᵀ D_l}, rank-n₀ updates {@code ∇W_l = D_l P_{l−1}ᵀ})
 * written the straightforward way: one loop nest per product, P and D stored transposed so every
 * inner loop runs along a row, workspace allocated once, no grouping of rows or terms. Measured beside
 * the engine on the same machine at the same time, it says what the engine's tuning buys, whatever
 * the machine's own speed. Not used for training.
 */
final class PlainLoops {
    private final Cost cost;
    private final int depth;
    private final int[] n;
    /** w[l][i]: row i of W_l (n_l × n_{l−1}), l = 1 … L. */
    private final double[][][] w;
    /** pt[l][j]: row j of P_lᵀ (n_0 rows of length n_l). */
    private final double[][][] pt;
    /** dt[l][j]: row j of D_lᵀ. */
    private final double[][][] dt;
    private final double[] a;
    private final double[] g;

    PlainLoops(DeepLinearNetwork net, Cost cost) {
        this.cost = cost;
        this.depth = net.depth();
        this.n = net.widths();
        this.w = new double[depth + 1][][];
        this.pt = new double[depth + 1][][];
        this.dt = new double[depth + 1][][];
        for (int l = 1; l <= depth; l++) {
            w[l] = new double[n[l]][];
            for (int i = 0; i < n[l]; i++) {
                w[l][i] = net.rows(l)[i].clone();
            }
            pt[l] = new double[n[0]][n[l]];
            dt[l] = new double[n[0]][n[l]];
        }
        this.a = new double[n[depth] * n[0]];
        this.g = new double[n[depth] * n[0]];
    }

    /** One gradient-descent step; returns the loss before it. */
    double step(double eta) {
        int n0 = n[0];
        // P_1ᵀ = W_1ᵀ;  P_lᵀ[j, i] = W_l[i, :] · P_{l−1}ᵀ[j, :]
        for (int i = 0; i < n[1]; i++) {
            for (int j = 0; j < n0; j++) {
                pt[1][j][i] = w[1][i][j];
            }
        }
        for (int l = 2; l <= depth; l++) {
            for (int i = 0; i < n[l]; i++) {
                double[] wi = w[l][i];
                for (int j = 0; j < n0; j++) {
                    double[] pj = pt[l - 1][j];
                    double s = 0;
                    for (int k = 0; k < wi.length; k++) {
                        s += wi[k] * pj[k];
                    }
                    pt[l][j][i] = s;
                }
            }
        }
        for (int r = 0; r < n[depth]; r++) {
            for (int c = 0; c < n0; c++) {
                a[r * n0 + c] = pt[depth][c][r];
            }
        }
        double loss = cost.evaluate(a, g);
        // D_Lᵀ = Gᵀ; per row i of W_l: D_{l−1}ᵀ[j, :] += D_lᵀ[j, i] W_l[i, :] (old row), then
        // W_l[i, :] −= η Σ_j D_lᵀ[j, i] P_{l−1}ᵀ[j, :]
        for (int r = 0; r < n[depth]; r++) {
            for (int c = 0; c < n0; c++) {
                dt[depth][c][r] = g[r * n0 + c];
            }
        }
        for (int l = depth; l >= 1; l--) {
            if (l >= 2) {
                for (double[] row : dt[l - 1]) {
                    java.util.Arrays.fill(row, 0.0);
                }
            }
            for (int i = 0; i < n[l]; i++) {
                double[] wi = w[l][i];
                for (int j = 0; j < n0; j++) {
                    double c = dt[l][j][i];
                    if (l == 1) {
                        wi[j] -= eta * c;
                        continue;
                    }
                    double[] q = dt[l - 1][j];
                    for (int k = 0; k < wi.length; k++) {
                        q[k] += c * wi[k];
                    }
                }
                if (l >= 2) {
                    for (int j = 0; j < n0; j++) {
                        double c = eta * dt[l][j][i];
                        double[] pj = pt[l - 1][j];
                        for (int k = 0; k < wi.length; k++) {
                            wi[k] -= c * pj[k];
                        }
                    }
                }
            }
        }
        return loss;
    }
}
