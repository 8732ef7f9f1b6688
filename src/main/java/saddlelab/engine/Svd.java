package saddlelab.engine;

/**
 * Singular values (and optionally the top singular pair) of a small dense matrix by one-sided
 * Jacobi rotations (Hestenes). Only {@code + − × ÷ sqrt}, so the result is the same bits on every
 * runtime; the tests check it against EJML's SVD.
 */
public final class Svd {
    private Svd() {
    }

    private static final double EPS = 0x1.0p-52;
    private static final int MAX_SWEEPS = 80;

    /** Singular values of the row-major {@code rows × cols} matrix, in descending order. */
    public static double[] singularValues(double[] m, int rows, int cols) {
        return decompose(m, rows, cols, null, null);
    }

    /**
     * Singular values in descending order; when {@code leftTop}/{@code rightTop} are given they
     * receive the unit singular vectors {@code u1} ({@code rows}) and {@code v1} ({@code cols}) of the
     * largest singular value, so that {@code M v1 = s1 u1}.
     */
    public static double[] decompose(double[] m, int rows, int cols, double[] leftTop, double[] rightTop) {
        return decompose(m, rows, cols, leftTop, rightTop, 0, null);
    }

    /**
     * Singular values in descending order, and {@code M_k} (the best rank-k approximation, row-major
     * {@code rows × cols}) into {@code truncated}: the sum of the k largest terms {@code s_j u_j v_jᵀ}.
     */
    public static double[] truncate(double[] m, int rows, int cols, int k, double[] truncated) {
        return decompose(m, rows, cols, null, null, k, truncated, 0, null, null);
    }

    /**
     * Singular values in descending order, and the top k singular pairs from the same sweeps: unit
     * vectors {@code left[i·k + j]} (rows × k) and {@code right[c·k + j]} (cols × k), {@code M v_j = s_j u_j};
     * a pair beyond the rank gets zero vectors.
     */
    public static double[] topPairs(double[] m, int rows, int cols, int k, double[] left, double[] right) {
        return decompose(m, rows, cols, null, null, 0, null, k, left, right);
    }

    private static double[] decompose(double[] m, int rows, int cols, double[] leftTop, double[] rightTop, int keep,
            double[] truncated) {
        return decompose(m, rows, cols, leftTop, rightTop, keep, truncated, 0, null, null);
    }

    private static double[] decompose(double[] m, int rows, int cols, double[] leftTop, double[] rightTop, int keep,
            double[] truncated, int pairs, double[] leftPairs, double[] rightPairs) {
        boolean transpose = cols > rows;
        int mm = transpose ? cols : rows; // length of the columns being orthogonalized
        int n = transpose ? rows : cols; // number of columns
        // u: column-major mm × n holding M (or Mᵀ); v: n × n accumulated rotations, column-major.
        double[] u = new double[mm * n];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                double x = m[r * cols + c];
                if (transpose) {
                    u[r * mm + c] = x; // column r of Mᵀ
                } else {
                    u[c * mm + r] = x;
                }
            }
        }
        double[] v = new double[n * n];
        for (int i = 0; i < n; i++) {
            v[i * n + i] = 1.0;
        }
        for (int sweep = 0; sweep < MAX_SWEEPS; sweep++) {
            boolean rotated = false;
            for (int p = 0; p < n - 1; p++) {
                for (int q = p + 1; q < n; q++) {
                    double alpha = 0;
                    double beta = 0;
                    double gamma = 0;
                    int po = p * mm;
                    int qo = q * mm;
                    for (int k = 0; k < mm; k++) {
                        double x = u[po + k];
                        double y = u[qo + k];
                        alpha += x * x;
                        beta += y * y;
                        gamma += x * y;
                    }
                    if (gamma == 0 || Math.abs(gamma) <= EPS * Math.sqrt(alpha * beta)) {
                        continue;
                    }
                    rotated = true;
                    double zeta = (beta - alpha) / (2 * gamma);
                    double t = (zeta >= 0 ? 1.0 : -1.0) / (Math.abs(zeta) + Math.sqrt(1 + zeta * zeta));
                    double c = 1 / Math.sqrt(1 + t * t);
                    double s = c * t;
                    for (int k = 0; k < mm; k++) {
                        double x = u[po + k];
                        double y = u[qo + k];
                        u[po + k] = c * x - s * y;
                        u[qo + k] = s * x + c * y;
                    }
                    int vp = p * n;
                    int vq = q * n;
                    for (int k = 0; k < n; k++) {
                        double x = v[vp + k];
                        double y = v[vq + k];
                        v[vp + k] = c * x - s * y;
                        v[vq + k] = s * x + c * y;
                    }
                }
            }
            if (!rotated) {
                break;
            }
        }
        double[] sv = new double[n];
        for (int j = 0; j < n; j++) {
            double s = 0;
            for (int k = 0; k < mm; k++) {
                double x = u[j * mm + k];
                s += x * x;
            }
            sv[j] = Math.sqrt(s);
        }
        int top = 0;
        for (int j = 1; j < n; j++) {
            if (sv[j] > sv[top]) {
                top = j;
            }
        }
        if (leftTop != null || rightTop != null) {
            // Column `top` of U·Σ is s1 times the singular vector on the long side; V's column on the short side.
            double s1 = sv[top];
            double[] longSide = new double[mm];
            double[] shortSide = new double[n];
            for (int k = 0; k < mm; k++) {
                longSide[k] = s1 > 0 ? u[top * mm + k] / s1 : (k == 0 ? 1.0 : 0.0);
            }
            for (int k = 0; k < n; k++) {
                shortSide[k] = v[top * n + k];
            }
            double[] left = transpose ? shortSide : longSide;
            double[] right = transpose ? longSide : shortSide;
            if (leftTop != null) {
                System.arraycopy(left, 0, leftTop, 0, rows);
            }
            if (rightTop != null) {
                System.arraycopy(right, 0, rightTop, 0, cols);
            }
        }
        if (pairs > 0) {
            boolean[] taken = new boolean[n];
            for (int t = 0; t < pairs; t++) {
                int j = -1;
                for (int c = 0; c < n; c++) {
                    if (!taken[c] && (j < 0 || sv[c] > sv[j])) {
                        j = c;
                    }
                }
                double sj = t < n ? sv[j] : 0;
                if (t < n) {
                    taken[j] = true;
                }
                for (int r = 0; r < rows; r++) {
                    leftPairs[r * pairs + t] = t >= n || !(sj > 0) ? 0 : transpose ? v[j * n + r] : u[j * mm + r] / sj;
                }
                for (int c = 0; c < cols; c++) {
                    rightPairs[c * pairs + t] = t >= n || !(sj > 0) ? 0 : transpose ? u[j * mm + c] / sj : v[j * n + c];
                }
            }
        }
        if (truncated != null) {
            // M = (UΣ) Vᵀ column by column: keep the k columns of largest norm, largest first
            java.util.Arrays.fill(truncated, 0.0);
            boolean[] used = new boolean[n];
            for (int t = 0; t < Math.min(keep, n); t++) {
                int j = -1;
                for (int c = 0; c < n; c++) {
                    if (!used[c] && (j < 0 || sv[c] > sv[j])) {
                        j = c;
                    }
                }
                used[j] = true;
                for (int r = 0; r < rows; r++) {
                    for (int c = 0; c < cols; c++) {
                        // (UΣ)[long index] · V[short index]; the long side is the rows unless transposed
                        double x = transpose ? u[j * mm + c] * v[j * n + r] : u[j * mm + r] * v[j * n + c];
                        truncated[r * cols + c] += x;
                    }
                }
            }
        }
        sortDescending(sv);
        return sv;
    }

    /**
     * The largest singular value by power iteration on MᵀM (at most 300 iterations, stopping once it
     * changes by less than 1e-12 relatively): O(rows·cols) per iteration, for matrices too large for
     * the Jacobi sweeps of {@link #decompose}. A deterministic start vector, so the same bits everywhere.
     */
    public static double topSingularValue(double[] m, int rows, int cols) {
        double[] v = new double[cols];
        double[] mv = new double[rows];
        for (int j = 0; j < cols; j++) {
            v[j] = 1.0 + (double) j / cols; // not orthogonal to a generic top vector
        }
        double sigma = 0;
        for (int it = 0; it < 300; it++) {
            double n = 0;
            for (int j = 0; j < cols; j++) {
                n += v[j] * v[j];
            }
            n = Math.sqrt(n);
            if (!(n > 0)) {
                return 0;
            }
            for (int r = 0; r < rows; r++) { // mv = M v / ‖v‖
                double s = 0;
                for (int j = 0; j < cols; j++) {
                    s += m[r * cols + j] * v[j];
                }
                mv[r] = s / n;
            }
            double next = 0;
            for (int r = 0; r < rows; r++) {
                next += mv[r] * mv[r];
            }
            next = Math.sqrt(next); // ‖M v̂‖ → s₁ from below
            for (int j = 0; j < cols; j++) { // v = Mᵀ mv
                double s = 0;
                for (int r = 0; r < rows; r++) {
                    s += m[r * cols + j] * mv[r];
                }
                v[j] = s;
            }
            boolean settled = Math.abs(next - sigma) <= 1e-12 * next;
            sigma = next;
            if (settled) {
                break;
            }
        }
        return sigma;
    }

    private static void sortDescending(double[] x) {
        for (int i = 1; i < x.length; i++) {
            double key = x[i];
            int j = i - 1;
            while (j >= 0 && x[j] < key) {
                x[j + 1] = x[j];
                j--;
            }
            x[j + 1] = key;
        }
    }
}
