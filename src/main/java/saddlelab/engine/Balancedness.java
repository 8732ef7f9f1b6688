package saddlelab.engine;

/**
 * Balancedness {@code max_l ‖W_{l+1}ᵀW_{l+1} − W_l W_lᵀ‖_F} (paper Remark 4): each difference is
 * conserved by gradient flow, so its drift under descent measures the discretization, and the
 * saddle-to-saddle limit paths are balanced.
 *
 * <p>A hidden layer of width w has no thin side here, so the exact value costs about
 * {@code w²(n_{l−1} + n_{l+1})} per pair; it is a record-time metric, never on the step path.
 * Only the upper triangle of the symmetric difference is formed.
 */
public final class Balancedness {
    private double[] work = new double[0];

    /** The maximum over {@code l = 1 … L−1}; 0 for a one-layer network. */
    public double max(DeepLinearNetwork net) {
        double best = 0;
        for (int l = 1; l < net.depth(); l++) {
            best = Math.max(best, layerGap(net, l));
        }
        return best;
    }

    /** {@code ‖W_{l+1}ᵀW_{l+1} − W_l W_lᵀ‖_F} for one hidden layer l (1 ≤ l < L). */
    public double layerGap(DeepLinearNetwork net, int l) {
        int n = net.width(l);
        int below = net.width(l - 1);
        int above = net.width(l + 1);
        if (work.length < n * n) {
            work = new double[n * n];
        }
        double[] m = work;
        java.util.Arrays.fill(m, 0, n * n, 0.0);
        double[][] up = net.rows(l + 1); // above × n
        double[][] down = net.rows(l); // n × below
        // M = W_{l+1}ᵀ W_{l+1}: a sum of rank-one terms, one per row of W_{l+1}
        for (int r = 0; r < above; r++) {
            double[] row = up[r];
            for (int a = 0; a < n; a++) {
                double x = row[a];
                int mo = a * n;
                for (int b = a; b < n; b++) {
                    m[mo + b] += x * row[b];
                }
            }
        }
        // M −= W_l W_lᵀ, then ‖M‖²_F counting off-diagonal entries twice
        double sum = 0;
        for (int a = 0; a < n; a++) {
            double[] ra = down[a];
            for (int b = a; b < n; b++) {
                double[] rb = down[b];
                double s = 0;
                for (int k = 0; k < below; k++) {
                    s += ra[k] * rb[k];
                }
                double diff = m[a * n + b] - s;
                sum += (a == b ? 1 : 2) * diff * diff;
            }
        }
        return Math.sqrt(sum);
    }
}
