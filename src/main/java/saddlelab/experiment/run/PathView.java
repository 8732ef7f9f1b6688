package saddlelab.experiment.run;

import saddlelab.engine.Cost;
import saddlelab.engine.Svd;

/**
 * Two fixed directions to watch a trajectory in (paper Fig. 1 left, Fig. 4 middle): the top two
 * singular pairs (u_i, v_i) of −∇C(0), the optimal escape directions from the origin. The view
 * {@code (u_1ᵀ A v_1, u_2ᵀ A v_2)} depends on θ only through A, so it does not see the hidden-layer
 * rotations (§2.2). Also the alignment |u_1·a_1|·|v_1·b_1| of A's top singular pair with (u_1, v_1).
 */
public final class PathView {
    private final int rows;
    private final int cols;
    private final int m;
    private final double[] u; // rows × m
    private final double[] v; // cols × m
    private final double[] a1;
    private final double[] b1;

    public PathView(Cost cost) {
        rows = cost.outputs();
        cols = cost.inputs();
        m = Math.min(rows, cols);
        double[] zero = new double[rows * cols];
        double[] g = new double[rows * cols];
        cost.evaluate(zero, g);
        for (int k = 0; k < g.length; k++) {
            g[k] = -g[k]; // the descent direction −∇C(0)
        }
        // the top two pairs are all the view needs: one decomposition, not m deflations (O(n³), not O(n⁴))
        u = new double[rows * m];
        v = new double[cols * m];
        Svd.topPairs(g, rows, cols, m, u, v);
        a1 = new double[rows];
        b1 = new double[cols];
    }

    /** u_iᵀ A v_i for direction i (0-based); 0 when the matrix has fewer pairs. */
    public double project(double[] a, int i) {
        if (i >= m) {
            return 0;
        }
        double s = 0;
        for (int r = 0; r < rows; r++) {
            double t = 0;
            for (int c = 0; c < cols; c++) {
                t += a[r * cols + c] * v[c * m + i];
            }
            s += u[r * m + i] * t;
        }
        return s;
    }

    public double x(double[] a) {
        return project(a, 0);
    }

    public double y(double[] a) {
        return project(a, 1);
    }

    /** |u_1·a_1|·|v_1·b_1|, 1 when A's top singular pair is the optimal escape direction. */
    public double alignment(double[] a) {
        Svd.decompose(a, rows, cols, a1, b1);
        double p = 0;
        for (int r = 0; r < rows; r++) {
            p += u[r * m] * a1[r];
        }
        double q = 0;
        for (int c = 0; c < cols; c++) {
            q += v[c * m] * b1[c];
        }
        return Math.abs(p) * Math.abs(q);
    }
}
