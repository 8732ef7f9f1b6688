package saddlelab.experiment;

import saddlelab.engine.CompletionCost;
import saddlelab.engine.Cost;
import saddlelab.engine.MseCost;
import saddlelab.engine.Rng;

/** Builds the cost of a spec's task for one seed (paper §2.1 and appendix A). */
public final class Tasks {
    private Tasks() {
    }

    static final long DATA_STREAM = 1;
    static final long INIT_STREAM = 2;

    /** The data seed: the task's own seed when given (fixed data across runs), else the run seed. */
    public static long dataSeed(ExperimentSpec spec, long runSeed) {
        return spec.task.seed >= 0 ? spec.task.seed : runSeed;
    }

    public static Cost build(ExperimentSpec spec, long runSeed) {
        Rng rng = Rng.stream(dataSeed(spec, runSeed), DATA_STREAM);
        ExperimentSpec.Task t = spec.task;
        return t.isCompletion() ? completion(t, rng) : teacher(t, rng);
    }

    /** A* = U Vᵀ with Gaussian factors of the given rank; observed entries drawn without replacement. */
    static CompletionCost completion(ExperimentSpec.Task t, Rng rng) {
        int rows = t.rows;
        int cols = t.cols;
        int r = t.rank;
        double[] u = new double[rows * r];
        double[] v = new double[cols * r];
        rng.fillGaussian(u, 1.0);
        rng.fillGaussian(v, 1.0);
        double[] target = new double[rows * cols];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                double s = 0;
                for (int k = 0; k < r; k++) {
                    s += u[i * r + k] * v[j * r + k];
                }
                target[i * cols + j] = s;
            }
        }
        int total = rows * cols;
        int count = ExperimentSpec.Task.observedCount(rows, cols, t.observed);
        int[] perm = new int[total];
        for (int i = 0; i < total; i++) {
            perm[i] = i;
        }
        for (int i = 0; i < count; i++) { // partial Fisher–Yates
            int j = i + rng.nextInt(total - i);
            int tmp = perm[i];
            perm[i] = perm[j];
            perm[j] = tmp;
        }
        int[] observed = java.util.Arrays.copyOf(perm, count);
        java.util.Arrays.sort(observed);
        return new CompletionCost(rows, cols, target, observed);
    }

    /** The teacher matrix (outputs × inputs) before noise. */
    static double[] teacherMatrix(ExperimentSpec.Task t, Rng rng) {
        int n0 = t.inputs;
        int nL = t.outputs;
        double[] teacher = new double[nL * n0];
        if (t.teacherDiagonal != null) {
            for (int i = 0; i < t.teacherDiagonal.length; i++) {
                teacher[i * n0 + i] = t.teacherDiagonal[i];
            }
        } else {
            // W_T = W0 W0ᵀ, column i (1-based) of W0 with variance i (appendix A, Fig. 6)
            int r = t.teacherRank;
            double[] w0 = new double[n0 * r];
            for (int i = 0; i < n0; i++) {
                for (int k = 0; k < r; k++) {
                    w0[i * r + k] = Math.sqrt(k + 1) * rng.nextGaussian();
                }
            }
            for (int i = 0; i < n0; i++) {
                for (int j = 0; j < n0; j++) {
                    double s = 0;
                    for (int k = 0; k < r; k++) {
                        s += w0[i * r + k] * w0[j * r + k];
                    }
                    teacher[i * n0 + j] = s;
                }
            }
        }
        return teacher;
    }

    /**
     * Teacher–student MSE: Gaussian inputs, training targets from the (optionally noise-corrupted)
     * teacher, test targets from the clean teacher (appendix A, Fig. 6).
     */
    static MseCost teacher(ExperimentSpec.Task t, Rng rng) {
        int n0 = t.inputs;
        int nL = t.outputs;
        double[] teacher = teacherMatrix(t, rng);
        double[] noisy = teacher.clone();
        if (t.noise > 0) {
            for (int k = 0; k < noisy.length; k++) {
                noisy[k] += t.noise * rng.nextGaussian();
            }
        }
        double[] x = new double[n0 * t.train];
        rng.fillGaussian(x, 1.0);
        double[] xTest = new double[n0 * t.test];
        rng.fillGaussian(xTest, 1.0);
        double[] y = multiply(noisy, x, nL, n0, t.train);
        double[] yTest = multiply(teacher, xTest, nL, n0, t.test);
        return new MseCost(n0, nL, x, y, t.train, xTest, yTest, t.test);
    }

    /**
     * {@code C_min}, the smallest value of the cost: 0 for matrix completion (A* itself has the
     * rank the task asks for); for regression the residual of the least-squares solution (0 when
     * X Xᵀ is singular: then some A interpolates).
     */
    public static double lossFloor(Cost cost) {
        if (!(cost instanceof MseCost)) {
            return 0;
        }
        double[] a = leastSquares((MseCost) cost);
        return a == null ? 0 : cost.evaluate(a, null);
    }

    /**
     * The smallest cost over matrices of rank at most {@code maxRank} (a network whose narrowest layer
     * has that width). Completion: 0 when maxRank reaches the task's rank, else unknown (NaN: low-rank
     * completion has no closed form). Regression (reduced-rank regression): with Â the least-squares
     * solution and {@code X Xᵀ = R Rᵀ}, the fitted values ÂX have the singular values of ÂR, and the best
     * rank-k fit keeps their top k: {@code C_min = C(Â) + Σ_{i>k} σ_i(ÂR)²/N}.
     */
    public static double lossFloor(Cost cost, int maxRank) {
        if (cost instanceof CompletionCost) {
            CompletionCost c = (CompletionCost) cost;
            return maxRank >= Math.min(c.outputs(), c.inputs()) || maxRank >= rankOf(c) ? 0 : Double.NaN;
        }
        if (!(cost instanceof MseCost)) {
            return Double.NaN;
        }
        MseCost mse = (MseCost) cost;
        int n0 = mse.inputs();
        int nL = mse.outputs();
        double[] a = leastSquares(mse);
        if (a == null) {
            return 0; // X Xᵀ singular: some A interpolates the training set
        }
        double floor = cost.evaluate(a, null);
        if (maxRank >= Math.min(n0, nL)) {
            return floor;
        }
        double[] r = cholesky(gram(mse), n0);
        double[] ar = new double[nL * n0];
        for (int i = 0; i < nL; i++) {
            for (int j = 0; j < n0; j++) {
                double s = 0;
                for (int k = j; k < n0; k++) { // R is lower triangular: R[k][j] = 0 for k < j
                    s += a[i * n0 + k] * r[k * n0 + j];
                }
                ar[i * n0 + j] = s;
            }
        }
        double[] sv = saddlelab.engine.Svd.singularValues(ar, nL, n0);
        double tail = 0;
        for (int i = maxRank; i < sv.length; i++) {
            tail += sv[i] * sv[i];
        }
        return floor + tail / mse.trainSize();
    }

    private static int rankOf(CompletionCost c) {
        double[] sv = saddlelab.engine.Svd.singularValues(c.target(), c.outputs(), c.inputs());
        int rank = 0;
        for (double s : sv) {
            if (s > 1e-9 * sv[0]) {
                rank++;
            }
        }
        return rank;
    }

    /**
     * The scale of what a run learns: s₁ of the cost's minimizer (A* for completion, the least-squares
     * solution for regression, or, when X Xᵀ is singular, s₁(∇C(0))/2, the least-squares solution's
     * scale for whitened inputs). The saddles' spectrum gap and the escape fit are measured against it.
     */
    public static double referenceScale(Cost cost) {
        double[] m = null;
        if (cost instanceof CompletionCost) {
            m = ((CompletionCost) cost).target();
        } else if (cost instanceof MseCost) {
            m = leastSquares((MseCost) cost);
        }
        if (m == null) {
            double[] zero = new double[cost.outputs() * cost.inputs()];
            double[] g = new double[zero.length];
            cost.evaluate(zero, g);
            return saddlelab.engine.Svd.topSingularValue(g, cost.outputs(), cost.inputs()) / 2;
        }
        return saddlelab.engine.Svd.topSingularValue(m, cost.outputs(), cost.inputs());
    }

    /** X Xᵀ (n_0 × n_0). */
    private static double[] gram(MseCost mse) {
        int n0 = mse.inputs();
        int n = mse.trainSize();
        double[] x = mse.inputsMatrix();
        double[] gram = new double[n0 * n0];
        for (int i = 0; i < n0; i++) {
            for (int j = 0; j <= i; j++) {
                double s = 0;
                for (int m = 0; m < n; m++) {
                    s += x[i * n + m] * x[j * n + m];
                }
                gram[i * n0 + j] = s;
                gram[j * n0 + i] = s;
            }
        }
        return gram;
    }

    /** {@code A = Y Xᵀ (X Xᵀ)⁻¹} (row-major n_L × n_0), or null when X Xᵀ is singular. */
    public static double[] leastSquares(MseCost mse) {
        int n0 = mse.inputs();
        int nL = mse.outputs();
        int n = mse.trainSize();
        double[] x = mse.inputsMatrix();
        double[] y = mse.targets();
        double[] gram = gram(mse); // X Xᵀ
        double[] a = new double[nL * n0];
        double[] b = new double[n0];
        for (int r = 0; r < nL; r++) {
            for (int i = 0; i < n0; i++) { // b = X yᵀ for output r
                double s = 0;
                for (int m = 0; m < n; m++) {
                    s += x[i * n + m] * y[r * n + m];
                }
                b[i] = s;
            }
            double[] solution = solveSpd(gram, n0, b);
            if (solution == null) {
                return null;
            }
            System.arraycopy(solution, 0, a, r * n0, n0);
        }
        return a;
    }

    /** The lower Cholesky factor R of a symmetric positive definite S = R Rᵀ; null when S is (nearly) singular. */
    static double[] cholesky(double[] s, int n) {
        double[] r = new double[n * n];
        for (int j = 0; j < n; j++) {
            double d = s[j * n + j];
            for (int k = 0; k < j; k++) {
                d -= r[j * n + k] * r[j * n + k];
            }
            if (!(d > 1e-12 * Math.max(1, s[j * n + j]))) {
                return null;
            }
            d = Math.sqrt(d);
            r[j * n + j] = d;
            for (int i = j + 1; i < n; i++) {
                double v = s[i * n + j];
                for (int k = 0; k < j; k++) {
                    v -= r[i * n + k] * r[j * n + k];
                }
                r[i * n + j] = v / d;
            }
        }
        return r;
    }

    /** Solves S x = b for a symmetric positive definite S (Cholesky); null when S is (nearly) singular. */
    public static double[] solveSpd(double[] s, int n, double[] b) {
        double[] r = cholesky(s, n);
        if (r == null) {
            return null;
        }
        double[] x = b.clone();
        for (int i = 0; i < n; i++) { // forward substitution
            double v = x[i];
            for (int k = 0; k < i; k++) {
                v -= r[i * n + k] * x[k];
            }
            x[i] = v / r[i * n + i];
        }
        for (int i = n - 1; i >= 0; i--) { // back substitution with Rᵀ
            double v = x[i];
            for (int k = i + 1; k < n; k++) {
                v -= r[k * n + i] * x[k];
            }
            x[i] = v / r[i * n + i];
        }
        return x;
    }

    private static double[] multiply(double[] a, double[] b, int rows, int inner, int cols) {
        double[] out = new double[rows * cols];
        for (int i = 0; i < rows; i++) {
            for (int k = 0; k < inner; k++) {
                double aik = a[i * inner + k];
                for (int j = 0; j < cols; j++) {
                    out[i * cols + j] += aik * b[k * cols + j];
                }
            }
        }
        return out;
    }
}
