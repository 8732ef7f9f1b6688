package saddlelab.experiment.readings;

import saddlelab.engine.CompletionCost;
import saddlelab.engine.Cost;
import saddlelab.engine.DeepLinearNetwork;
import saddlelab.engine.Svd;
import saddlelab.experiment.spec.Tasks;

/**
 * The landscape around an initialization (paper §3, Theorem 1 and its proof in appendix B.2) and the
 * NTK at a point (§4). Distances are to the critical points the proof constructs:
 * <ul>
 * <li>saddle: θ with W_1 and W_L set to 0 ({@code d_s ≍ w^((1−γ)/2)});
 * <li>global minimum: the nearer of (i) changing W_L only, {@code dW_L = (A* − A_θ)(W_{L−1}⋯W_1)^+}
 * (the γ &lt; 1 construction, {@code ≍ w^(−(1−γ)(L−1)/2)}) and (ii) zeroing W_1, W_L and the first
 * m = min(n_0, n_L) hidden units, then embedding the balanced factorization
 * {@code (S^½Vᵀ, S^½, …, S^½, US^½)} of A* there (the γ &gt; 1 construction, {@code ≍ 1}).
 * </ul>
 * The NTK {@code Θ = Σ_θ ∂A ⊗ ∂A} of a DLN is {@code Σ_l K_l ⊗ Q_l} with
 * {@code K_l = B B ᵀ}, {@code B = W_L⋯W_{l+1}} and {@code Q_l = PᵀP}, {@code P = W_{l−1}⋯W_1}; its mean
 * diagonal entry has expectation {@code L·w^((1−γ)(L−1))} at initialization.
 */
public final class Geometry {
    private Geometry() {
    }

    /**
     * A global minimizer of the cost: A* for completion (an interpolant of the training entries for data given
     * by value), the least-squares solution for regression.
     */
    public static double[] minimizer(Cost cost) {
        if (cost instanceof CompletionCost) {
            return ((CompletionCost) cost).interpolant();
        }
        return Tasks.leastSquares((saddlelab.engine.MseCost) cost);
    }

    public static double distanceToSaddle(DeepLinearNetwork net) {
        double a = net.layerNorm(1);
        double b = net.layerNorm(net.depth());
        return Math.sqrt(a * a + b * b);
    }

    /** P = W_{l}⋯W_1 (row-major n_l × n_0), P_0 = I. */
    static double[] bottom(DeepLinearNetwork net, int l) {
        int n0 = net.width(0);
        double[] p = new double[n0 * n0];
        for (int i = 0; i < n0; i++) {
            p[i * n0 + i] = 1;
        }
        int rowsP = n0;
        for (int k = 1; k <= l; k++) {
            double[][] w = net.rows(k);
            double[] next = new double[w.length * n0];
            for (int i = 0; i < w.length; i++) {
                for (int m = 0; m < rowsP; m++) {
                    double x = w[i][m];
                    for (int j = 0; j < n0; j++) {
                        next[i * n0 + j] += x * p[m * n0 + j];
                    }
                }
            }
            p = next;
            rowsP = w.length;
        }
        return p;
    }

    /** B = W_L⋯W_{l+1} (row-major n_L × n_l), B = I for l = L. */
    static double[] top(DeepLinearNetwork net, int l) {
        int depth = net.depth();
        int nL = net.width(depth);
        double[] b = new double[nL * nL];
        for (int i = 0; i < nL; i++) {
            b[i * nL + i] = 1;
        }
        int colsB = nL;
        for (int k = depth; k > l; k--) {
            double[][] w = net.rows(k); // n_k × n_{k−1}
            int cols = net.width(k - 1);
            double[] next = new double[nL * cols];
            for (int r = 0; r < nL; r++) {
                for (int m = 0; m < colsB; m++) {
                    double x = b[r * colsB + m];
                    double[] wm = w[m];
                    for (int j = 0; j < cols; j++) {
                        next[r * cols + j] += x * wm[j];
                    }
                }
            }
            b = next;
            colsB = cols;
        }
        return b;
    }

    /** Gram matrix MᵀM (cols × cols) of a row-major rows × cols matrix. */
    static double[] gramOfColumns(double[] m, int rows, int cols) {
        double[] g = new double[cols * cols];
        for (int r = 0; r < rows; r++) {
            for (int i = 0; i < cols; i++) {
                double x = m[r * cols + i];
                for (int j = 0; j < cols; j++) {
                    g[i * cols + j] += x * m[r * cols + j];
                }
            }
        }
        return g;
    }

    /** Gram matrix MMᵀ (rows × rows). */
    static double[] gramOfRows(double[] m, int rows, int cols) {
        double[] g = new double[rows * rows];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < rows; j++) {
                double s = 0;
                for (int k = 0; k < cols; k++) {
                    s += m[i * cols + k] * m[j * cols + k];
                }
                g[i * rows + j] = s;
            }
        }
        return g;
    }

    /** Distance to the nearer constructed global minimum. */
    public static double distanceToMinimum(DeepLinearNetwork net, double[] target) {
        return Math.min(lastLayerFix(net, target), balancedEmbedding(net, target));
    }

    /** ‖(A* − A)(PᵀP)⁻¹Pᵀ‖_F = sqrt(tr(M (PᵀP)⁻¹ Mᵀ)) with M = A* − A, P = W_{L−1}⋯W_1. */
    static double lastLayerFix(DeepLinearNetwork net, double[] target) {
        int depth = net.depth();
        int n0 = net.width(0);
        int nL = net.width(depth);
        int w = net.width(depth - 1);
        if (w < n0) {
            return Double.POSITIVE_INFINITY; // P cannot have full column rank
        }
        double[] p = bottom(net, depth - 1);
        double[] gram = gramOfColumns(p, w, n0);
        double[] a = net.product();
        double total = 0;
        double[] x = new double[n0];
        for (int r = 0; r < nL; r++) {
            for (int j = 0; j < n0; j++) {
                x[j] = target[r * n0 + j] - a[r * n0 + j];
            }
            double[] y = Tasks.solveSpd(gram, n0, x);
            if (y == null) {
                return Double.POSITIVE_INFINITY;
            }
            for (int j = 0; j < n0; j++) {
                total += x[j] * y[j];
            }
        }
        return Math.sqrt(Math.max(0, total));
    }

    /** ‖θ* − θ‖ for the balanced embedding of A* into the zeroed first units (needs w ≥ min(n_0, n_L)). */
    static double balancedEmbedding(DeepLinearNetwork net, double[] target) {
        int depth = net.depth();
        int n0 = net.width(0);
        int nL = net.width(depth);
        int m = Math.min(n0, nL);
        for (int l = 1; l < depth; l++) {
            if (net.width(l) < m) {
                return Double.POSITIVE_INFINITY;
            }
        }
        double[] u = new double[nL * m];
        double[] v = new double[n0 * m];
        double[] s = thinSvd(target, nL, n0, u, v);
        double total = 0;
        for (int l = 1; l <= depth; l++) {
            double[][] w = net.rows(l);
            for (int i = 0; i < w.length; i++) {
                for (int k = 0; k < w[i].length; k++) {
                    double star;
                    if (l == 1) {
                        star = i < m ? Math.sqrt(s[i]) * v[k * m + i] : 0; // S^½Vᵀ
                    } else if (l == depth) {
                        star = k < m ? u[i * m + k] * Math.sqrt(s[k]) : 0; // US^½
                    } else if (i < m || k < m) {
                        star = i == k ? Math.sqrt(s[i]) : 0; // S^½ on the first m units, 0 elsewhere there
                    } else {
                        star = w[i][k]; // untouched
                    }
                    double d = star - w[i][k];
                    total += d * d;
                }
            }
        }
        return Math.sqrt(total);
    }

    /**
     * Thin SVD of a small matrix by peeling off top singular pairs (deflation with {@link Svd}):
     * returns the m = min(rows, cols) singular values and fills U (rows × m) and V (cols × m).
     */
    static double[] thinSvd(double[] a, int rows, int cols, double[] u, double[] v) {
        int m = Math.min(rows, cols);
        double[] rest = a.clone();
        double[] s = new double[m];
        double[] ui = new double[rows];
        double[] vi = new double[cols];
        for (int k = 0; k < m; k++) {
            s[k] = Svd.decompose(rest, rows, cols, ui, vi)[0];
            for (int i = 0; i < rows; i++) {
                u[i * m + k] = ui[i];
                for (int j = 0; j < cols; j++) {
                    rest[i * cols + j] -= s[k] * ui[i] * vi[j];
                }
            }
            for (int j = 0; j < cols; j++) {
                v[j * m + k] = vi[j];
            }
        }
        return s;
    }

    /** The NTK as its Kronecker factors: K_l (n_L × n_L) and Q_l (n_0 × n_0), l = 1 … L. */
    public static double[][][] ntkFactors(DeepLinearNetwork net) {
        int depth = net.depth();
        int n0 = net.width(0);
        int nL = net.width(depth);
        double[][][] f = new double[depth][2][];
        for (int l = 1; l <= depth; l++) {
            f[l - 1][0] = gramOfRows(top(net, l), nL, net.width(l));
            f[l - 1][1] = gramOfColumns(bottom(net, l - 1), net.width(l - 1), n0);
        }
        return f;
    }

    /** Mean diagonal entry of Θ: Σ_l tr(K_l) tr(Q_l) / (n_L n_0). */
    public static double ntkMeanDiagonal(DeepLinearNetwork net) {
        double[][][] f = ntkFactors(net);
        int n0 = net.width(0);
        int nL = net.width(net.depth());
        double s = 0;
        for (double[][] kq : f) {
            s += trace(kq[0], nL) * trace(kq[1], n0);
        }
        return s / (nL * n0);
    }

    /** ‖Θ(b) − Θ(a)‖_F / ‖Θ(a)‖_F, from the Kronecker factors (tr(XY) pairings). */
    public static double ntkRelativeChange(DeepLinearNetwork a, DeepLinearNetwork b) {
        double[][][] fa = ntkFactors(a);
        double[][][] fb = ntkFactors(b);
        int n0 = a.width(0);
        int nL = a.width(a.depth());
        double aa = pairing(fa, fa, nL, n0);
        double bb = pairing(fb, fb, nL, n0);
        double ab = pairing(fa, fb, nL, n0);
        return Math.sqrt(Math.max(0, aa - 2 * ab + bb)) / Math.sqrt(aa);
    }

    private static double pairing(double[][][] x, double[][][] y, int nL, int n0) {
        double s = 0;
        for (double[][] kx : x) {
            for (double[][] ky : y) {
                s += traceOfProduct(kx[0], ky[0], nL) * traceOfProduct(kx[1], ky[1], n0);
            }
        }
        return s;
    }

    private static double trace(double[] m, int n) {
        double s = 0;
        for (int i = 0; i < n; i++) {
            s += m[i * n + i];
        }
        return s;
    }

    /** tr(XY) for symmetric X, Y. */
    private static double traceOfProduct(double[] x, double[] y, int n) {
        double s = 0;
        for (int i = 0; i < n * n; i++) {
            s += x[i] * y[i];
        }
        return s;
    }

    /** E[mean diagonal of Θ] at initialization: L·w^((1−γ)(L−1)) (paper §4), for σ² = w^−γ. */
    public static double expectedNtk(int depth, int width, double gamma) {
        return depth * saddlelab.engine.DetMath.pow(width, (1 - gamma) * (depth - 1));
    }
}
