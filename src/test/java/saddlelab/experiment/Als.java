package saddlelab.experiment;

import java.util.ArrayList;
import java.util.List;
import saddlelab.engine.CompletionCost;
import saddlelab.engine.Rng;

/**
 * Alternating least squares for rank-k matrix completion, the oracle for completion tasks' critical
 * values (no closed form): A = U Vᵀ with U rows × k, V cols × k; each row of U is the least-squares fit
 * of its observed entries given V, then each row of V given U, until the loss stops moving. Its fixed
 * points are the rank-k problem's local minima; many seeded restarts find the distinct ones.
 */
public final class Als {
    private Als() {
    }

    /** The distinct losses (within 0.1 %) ALS converges to from {@code restarts} seeded starts, lowest first. */
    public static List<Double> minima(CompletionCost cost, int k, int restarts, long seed) {
        List<Double> out = new ArrayList<>();
        Rng rng = new Rng(seed);
        for (int r = 0; r < restarts; r++) {
            double l = run(cost, k, rng);
            if (out.stream().noneMatch(v -> Math.abs(v - l) <= 1e-3 * Math.max(v, 1e-300))) {
                out.add(l);
            }
        }
        out.sort(Double::compare);
        return out;
    }

    static double run(CompletionCost cost, int k, Rng rng) {
        int rows = cost.outputs();
        int cols = cost.inputs();
        double[] target = cost.target();
        boolean[] seen = new boolean[rows * cols];
        for (int o : cost.observed()) {
            seen[o] = true;
        }
        double[][] u = new double[rows][k];
        double[][] v = new double[cols][k];
        for (double[] row : v) {
            for (int j = 0; j < k; j++) {
                row[j] = rng.nextGaussian();
            }
        }
        double previous = Double.POSITIVE_INFINITY;
        double[] a = new double[rows * cols];
        for (int it = 0; it < 20000; it++) {
            for (int i = 0; i < rows; i++) {
                u[i] = fit(v, i, cols, true, seen, target, cols, k);
            }
            for (int j = 0; j < cols; j++) {
                v[j] = fit(u, j, rows, false, seen, target, cols, k);
            }
            for (int i = 0; i < rows; i++) {
                for (int j = 0; j < cols; j++) {
                    double s = 0;
                    for (int c = 0; c < k; c++) {
                        s += u[i][c] * v[j][c];
                    }
                    a[i * cols + j] = s;
                }
            }
            double l = cost.evaluate(a, null);
            if (it > 50 && previous - l <= 1e-15 * Math.max(previous, 1e-300)) {
                return l;
            }
            previous = l;
        }
        return previous;
    }

    /** The least-squares row (for row {@code index} of U if {@code byRow}, else of V) over its observed entries. */
    private static double[] fit(double[][] other, int index, int count, boolean byRow, boolean[] seen, double[] target,
            int cols, int k) {
        double[][] g = new double[k][k];
        double[] b = new double[k];
        for (int m = 0; m < count; m++) {
            int flat = byRow ? index * cols + m : m * cols + index;
            if (!seen[flat]) {
                continue;
            }
            double[] o = other[m];
            for (int p = 0; p < k; p++) {
                b[p] += o[p] * target[flat];
                for (int q = 0; q < k; q++) {
                    g[p][q] += o[p] * o[q];
                }
            }
        }
        for (int p = 0; p < k; p++) {
            g[p][p] += 1e-12; // a row with fewer observed entries than k: the least-norm fit
        }
        return solve(g, b);
    }

    /** Gaussian elimination with partial pivoting (k is small). */
    private static double[] solve(double[][] a, double[] b) {
        int n = b.length;
        for (int c = 0; c < n; c++) {
            int piv = c;
            for (int r = c + 1; r < n; r++) {
                if (Math.abs(a[r][c]) > Math.abs(a[piv][c])) {
                    piv = r;
                }
            }
            double[] t = a[c];
            a[c] = a[piv];
            a[piv] = t;
            double tb = b[c];
            b[c] = b[piv];
            b[piv] = tb;
            for (int r = c + 1; r < n; r++) {
                double f = a[r][c] / a[c][c];
                for (int q = c; q < n; q++) {
                    a[r][q] -= f * a[c][q];
                }
                b[r] -= f * b[c];
            }
        }
        double[] x = new double[n];
        for (int r = n - 1; r >= 0; r--) {
            double s = b[r];
            for (int q = r + 1; q < n; q++) {
                s -= a[r][q] * x[q];
            }
            x[r] = s / a[r][r];
        }
        return x;
    }
}
