package saddlelab.engine;

/**
 * Balancedness {@code max_l ‖W_{l+1}ᵀW_{l+1} − W_l W_lᵀ‖_F} (paper Remark 4): each difference is
 * conserved by gradient flow, so its drift under descent measures the discretization, and the
 * saddle-to-saddle limit paths are balanced.
 *
 * <p>A hidden layer of width w has no thin side here, so the exact value costs about
 * {@code w²(n_{l−1} + n_{l+1})} per pair; it is a record-time metric, never on the step path.
 * Only the upper triangle of the symmetric difference is formed, a block of rows at a time.
 */
public final class Balancedness {
    private double[] work = new double[0];
    private double[] columns = new double[0];

    /** The maximum over {@code l = 1 … L−1}; 0 for a one-layer network. */
    public double max(DeepLinearNetwork net) {
        double best = 0;
        for (int l = 1; l < net.depth(); l++) {
            best = Math.max(best, layerGap(net, l));
        }
        return best;
    }

    /** Rows of the difference formed at once: 32 × w doubles stay in cache while the factors stream past. */
    static final int BLOCK = 32;

    /**
     * {@code ‖W_{l+1}ᵀW_{l+1} − W_l W_lᵀ‖_F} for one hidden layer l (1 ≤ l < L). Both Gram matrices are
     * sums of rank-one terms, one per row of W_{l+1} and one per column of W_l, added (then subtracted)
     * in that order into a block of rows of the upper triangle. Four terms go into an entry per pass,
     * left-nested ({@code ((m + p₀) + p₁) + …}: the same sums as one term per pass), so the block is
     * read and written a quarter as often; at w = 1000 the entry updates, not the arithmetic, set the pace.
     */
    public double layerGap(DeepLinearNetwork net, int l) {
        int n = net.width(l);
        int below = net.width(l - 1);
        int above = net.width(l + 1);
        int rows = Math.min(BLOCK, n);
        if (work.length < rows * n) {
            work = new double[rows * n];
        }
        if (columns.length < below * n) {
            columns = new double[below * n];
        }
        double[][] up = net.rows(l + 1); // above × n
        double[][] down = net.rows(l); // n × below
        double[] c = columns; // W_l's columns, each contiguous
        for (int a = 0; a < n; a++) {
            double[] ra = down[a];
            for (int k = 0; k < below; k++) {
                c[k * n + a] = ra[k];
            }
        }
        double[] m = work;
        double sum = 0;
        for (int a0 = 0; a0 < n; a0 += rows) {
            int a1 = Math.min(n, a0 + rows);
            java.util.Arrays.fill(m, 0, (a1 - a0) * n, 0.0);
            // M += W_{l+1}ᵀ W_{l+1}, rows r of W_{l+1} in order
            int r = 0;
            for (; r + 4 <= above; r += 4) {
                double[] u0 = up[r];
                double[] u1 = up[r + 1];
                double[] u2 = up[r + 2];
                double[] u3 = up[r + 3];
                for (int a = a0; a < a1; a++) {
                    double x0 = u0[a];
                    double x1 = u1[a];
                    double x2 = u2[a];
                    double x3 = u3[a];
                    int mo = (a - a0) * n;
                    for (int b = a; b < n; b++) {
                        m[mo + b] = m[mo + b] + x0 * u0[b] + x1 * u1[b] + x2 * u2[b] + x3 * u3[b];
                    }
                }
            }
            for (; r < above; r++) {
                double[] u0 = up[r];
                for (int a = a0; a < a1; a++) {
                    double x0 = u0[a];
                    int mo = (a - a0) * n;
                    for (int b = a; b < n; b++) {
                        m[mo + b] = m[mo + b] + x0 * u0[b];
                    }
                }
            }
            // M −= W_l W_lᵀ, columns k of W_l in order
            int k = 0;
            for (; k + 4 <= below; k += 4) {
                int o0 = k * n;
                int o1 = o0 + n;
                int o2 = o1 + n;
                int o3 = o2 + n;
                for (int a = a0; a < a1; a++) {
                    double y0 = c[o0 + a];
                    double y1 = c[o1 + a];
                    double y2 = c[o2 + a];
                    double y3 = c[o3 + a];
                    int mo = (a - a0) * n;
                    for (int b = a; b < n; b++) {
                        m[mo + b] = m[mo + b] - y0 * c[o0 + b] - y1 * c[o1 + b] - y2 * c[o2 + b] - y3 * c[o3 + b];
                    }
                }
            }
            for (; k < below; k++) {
                int o0 = k * n;
                for (int a = a0; a < a1; a++) {
                    double y0 = c[o0 + a];
                    int mo = (a - a0) * n;
                    for (int b = a; b < n; b++) {
                        m[mo + b] = m[mo + b] - y0 * c[o0 + b];
                    }
                }
            }
            // ‖M‖²_F over the block's rows, off-diagonal entries twice
            for (int a = a0; a < a1; a++) {
                int mo = (a - a0) * n;
                sum = sum + m[mo + a] * m[mo + a];
                for (int b = a + 1; b < n; b++) {
                    double d = m[mo + b];
                    sum = sum + 2 * d * d;
                }
            }
        }
        return Math.sqrt(sum);
    }
}
