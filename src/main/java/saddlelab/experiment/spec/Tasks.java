package saddlelab.experiment.spec;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.decomposition.TriangularSolver_DDRM;
import org.ejml.dense.row.decomposition.chol.CholeskyDecompositionInner_DDRM;

import saddlelab.engine.ClassificationCost;
import saddlelab.engine.CompletionCost;
import saddlelab.engine.Cost;
import saddlelab.engine.MseCost;
import saddlelab.engine.Rng;
import saddlelab.engine.SensingCost;

/** Builds the cost of a spec's task for one seed (paper §2.1 and appendix A). */
public final class Tasks {
    private Tasks() {
    }

    static final long DATA_STREAM = 1;
    public static final long INIT_STREAM = 2;
    /** The stream minibatches are drawn from (engine.Minibatch: a reshuffle per epoch). */
    public static final long BATCH_STREAM = 3;

    /** The data seed: the task's own seed when given (fixed data across runs), else the run seed. */
    public static long dataSeed(ExperimentSpec spec, long runSeed) {
        return spec.task.seed >= 0 ? spec.task.seed : runSeed;
    }

    /** What fixes a run's data: the task (canonical) and its data seed; runs with equal keys have equal costs. */
    public static String dataKey(ExperimentSpec spec, long runSeed) {
        return Json.write(spec.task.toMap()) + "#" + dataSeed(spec, runSeed);
    }

    public static Cost build(ExperimentSpec spec, long runSeed) {
        Rng rng = Rng.stream(dataSeed(spec, runSeed), DATA_STREAM);
        ExperimentSpec.Task t = spec.task;
        if (t.samples != null) {
            return samplesByValue(t, rng);
        }
        return t.isCompletion() ? completion(t, rng) : t.isSensing() ? sensing(t, rng)
                : t.isClassification() ? classification(t, rng) : teacher(t, rng);
    }

    /**
     * Classification: the teacher W* (outputs × inputs, Gaussian factors of rank teacherRank), then the training
     * inputs and the test inputs, i.i.d. N(0, 1); labels the sign of W*x (0 counts as +1) for one output, the
     * first largest of its scores for K.
     */
    static ClassificationCost classification(ExperimentSpec.Task t, Rng rng) {
        double[] teacher = lowRank(t.outputs, t.inputs, t.teacherRank, rng);
        double[] x = new double[t.inputs * t.train];
        rng.fillGaussian(x, 1.0);
        double[] xTest = new double[t.inputs * t.test];
        rng.fillGaussian(xTest, 1.0);
        return new ClassificationCost(t.inputs, t.outputs, t.loss, x, labels(teacher, x, t.outputs, t.inputs, t.train),
                xTest, labels(teacher, xTest, t.outputs, t.inputs, t.test));
    }

    private static int[] labels(double[] teacher, double[] x, int outputs, int inputs, int count) {
        double[] s = product(teacher, x, outputs, inputs, count);
        int[] out = new int[count];
        for (int m = 0; m < count; m++) {
            if (outputs == 1) {
                out[m] = s[m] >= 0 ? 1 : -1;
            } else {
                int best = 0;
                for (int k = 1; k < outputs; k++) {
                    if (s[k * count + m] > s[best * count + m]) {
                        best = k;
                    }
                }
                out[m] = best;
            }
        }
        return out;
    }

    /**
     * Matrix sensing: A* (rows × cols) with Gaussian factors of the task's rank, as completion's, or the
     * given diagonal; then M measurement matrices with i.i.d. N(0, 1) entries, and yᵢ = ⟨Mᵢ, A*⟩ plus
     * N(0, noise²) noise.
     */
    static SensingCost sensing(ExperimentSpec.Task t, Rng rng) {
        double[] target = sensingTarget(t, rng);
        int size = t.rows * t.cols;
        double[] sensors = new double[t.measurements * size];
        rng.fillGaussian(sensors, 1.0);
        double[] y = new double[t.measurements];
        for (int i = 0; i < y.length; i++) {
            double s = 0;
            for (int e = 0; e < size; e++) {
                s = s + sensors[i * size + e] * target[e];
            }
            y[i] = t.noise > 0 ? s + t.noise * rng.nextGaussian() : s;
        }
        return new SensingCost(t.rows, t.cols, target, sensors, y);
    }

    /** A sensing task's A*: the diagonal given, else U Vᵀ with Gaussian factors of its rank. */
    static double[] sensingTarget(ExperimentSpec.Task t, Rng rng) {
        double[] target = new double[t.rows * t.cols];
        if (t.teacherDiagonal != null) {
            for (int i = 0; i < t.teacherDiagonal.length; i++) {
                target[i * t.cols + i] = t.teacherDiagonal[i];
            }
            return target;
        }
        return lowRank(t.rows, t.cols, t.rank, rng);
    }

    /** U Vᵀ with i.i.d. N(0, 1) factors of rank r, U drawn first (completion's A*, and sensing's). */
    static double[] lowRank(int rows, int cols, int r, Rng rng) {
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
        return target;
    }

    /**
     * The matrix the run learns, for the matrix view: {@code {"rows", "cols", "target": A* row-major, "observed":
     * the observed entries' indices (completion) or null, "name"}}. A* is completion's matrix, or the clean
     * teacher (outputs × inputs; the training targets carry the noise).
     */
    public static java.util.Map<String, Object> target(ExperimentSpec spec, long runSeed) {
        Rng rng = Rng.stream(dataSeed(spec, runSeed), DATA_STREAM);
        ExperimentSpec.Task t = spec.task;
        java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
        if (t.samples != null) {
            // no teacher: the least-squares fit of a regression's training samples, if unique; nothing to show else
            Cost c = samplesByValue(t, rng);
            double[] fit = c instanceof MseCost mse ? leastSquares(mse) : null;
            double[] blank = new double[t.outputs * t.inputs];
            java.util.Arrays.fill(blank, Double.NaN);
            m.put("rows", t.outputs);
            m.put("cols", t.inputs);
            m.put("target", fit != null ? fit : blank);
            m.put("observed", null);
            m.put("name", fit != null ? "the least-squares fit of the training samples (no teacher: data given by value)"
                    : "no target (data given by value)");
            return m;
        }
        if (t.isCompletion()) {
            CompletionCost c = completion(t, rng);
            m.put("rows", t.rows);
            m.put("cols", t.cols);
            m.put("target", c.target());
            double[] observed = new double[c.observed().length];
            for (int i = 0; i < observed.length; i++) {
                observed[i] = c.observed()[i];
            }
            m.put("observed", observed);
            m.put("name", t.entries != null ? "the data (blank where missing; held-out entries unmarked)"
                    : "A* (the matrix to complete)");
        } else if (t.isClassification()) {
            m.put("rows", t.outputs);
            m.put("cols", t.inputs);
            m.put("target", lowRank(t.outputs, t.inputs, t.teacherRank, rng));
            m.put("observed", null);
            m.put("name", "W* (the teacher whose scores label the data)");
        } else if (t.isSensing()) {
            m.put("rows", t.rows);
            m.put("cols", t.cols);
            m.put("target", sensingTarget(t, rng));
            m.put("observed", null);
            m.put("name", "A* (the matrix the measurements sense)");
        } else {
            m.put("rows", t.outputs);
            m.put("cols", t.inputs);
            m.put("target", teacherMatrix(t, rng));
            m.put("observed", null);
            m.put("name", "A* (the teacher, before noise)");
        }
        return m;
    }

    /** A* = U Vᵀ with Gaussian factors of the given rank; observed entries drawn without replacement. */
    static CompletionCost completion(ExperimentSpec.Task t, Rng rng) {
        if (t.entries != null) {
            return completionByValue(t, rng);
        }
        int rows = t.rows;
        int cols = t.cols;
        double[] target = lowRank(rows, cols, t.rank, rng);
        int total = rows * cols;
        int count = ExperimentSpec.Task.observedCount(rows, cols, t.observed);
        int[] perm = new int[total];
        for (int i = 0; i < total; i++) {
            perm[i] = i;
        }
        return new CompletionCost(rows, cols, target, draw(perm, count, rng));
    }

    /**
     * Completion of data given by value: the observed (non-NaN) entries in row-major order, of which
     * {@link ExperimentSpec.Task#heldOutCount} drawn without replacement (a partial Fisher–Yates shuffle of
     * their list, from the data stream) are held out as the test set; the rest are trained on.
     */
    static CompletionCost completionByValue(ExperimentSpec.Task t, Rng rng) {
        double[] values = t.entries;
        int count = ExperimentSpec.Task.observedIn(values);
        int[] seen = new int[count];
        int n = 0;
        for (int k = 0; k < values.length; k++) {
            if (values[k] == values[k]) {
                seen[n++] = k;
            }
        }
        int held = t.heldOutCount();
        int[] heldOut = draw(seen, held, rng);
        return new CompletionCost(t.rows, t.cols, values, rest(seen, held), heldOut);
    }

    /**
     * {@code k} of the items drawn without replacement, ascending: a partial Fisher–Yates shuffle in place, after
     * which {@code items[0, k)} are the draw and {@code items[k, n)} what is left ({@link #rest}). The generated
     * completion's observed entries, and the test set of data given by value.
     */
    private static int[] draw(int[] items, int k, Rng rng) {
        int n = items.length;
        for (int i = 0; i < k; i++) {
            int j = i + rng.nextInt(n - i);
            int tmp = items[i];
            items[i] = items[j];
            items[j] = tmp;
        }
        int[] out = java.util.Arrays.copyOf(items, k);
        java.util.Arrays.sort(out);
        return out;
    }

    /** The items {@link #draw} left ({@code items[k, n)} after it), ascending: what is trained on. */
    private static int[] rest(int[] items, int k) {
        int[] out = java.util.Arrays.copyOfRange(items, k, items.length);
        java.util.Arrays.sort(out);
        return out;
    }

    /**
     * Regression or classification on samples given by value: {@code test} of the N samples drawn without
     * replacement (a partial Fisher–Yates shuffle of 0 … N−1, from the data stream) are held out, both sets kept
     * in the samples' order; inputs column-major per sample, as the generated tasks'.
     */
    static Cost samplesByValue(ExperimentSpec.Task t, Rng rng) {
        int n = t.train + t.test;
        int width = t.samples.length / n;
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        int[] test = draw(order, t.test, rng);
        int[] train = rest(order, t.test);
        double[] x = columns(t.samples, width, train, 0, t.inputs);
        double[] xTest = columns(t.samples, width, test, 0, t.inputs);
        if (t.isClassification()) {
            return new ClassificationCost(t.inputs, t.outputs, t.loss, x, labelsOf(t.samples, width, train),
                    xTest, labelsOf(t.samples, width, test));
        }
        return new MseCost(t.inputs, t.outputs, x, columns(t.samples, width, train, t.inputs, t.outputs), train.length,
                xTest, columns(t.samples, width, test, t.inputs, t.outputs), test.length);
    }

    /** Values {@code from … from+count−1} of the chosen samples, as a count × chosen matrix (row-major). */
    private static double[] columns(double[] samples, int width, int[] chosen, int from, int count) {
        double[] out = new double[count * chosen.length];
        for (int i = 0; i < chosen.length; i++) {
            for (int r = 0; r < count; r++) {
                out[r * chosen.length + i] = samples[chosen[i] * width + from + r];
            }
        }
        return out;
    }

    /** The chosen samples' labels (their last value). */
    private static int[] labelsOf(double[] samples, int width, int[] chosen) {
        int[] out = new int[chosen.length];
        for (int i = 0; i < chosen.length; i++) {
            out[i] = (int) samples[chosen[i] * width + width - 1];
        }
        return out;
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
        double[] y = product(noisy, x, nL, n0, t.train);
        double[] yTest = product(teacher, xTest, nL, n0, t.test);
        return new MseCost(n0, nL, x, y, t.train, xTest, yTest, t.test);
    }

    /**
     * {@code C_min}, the smallest value of the cost: 0 for matrix completion (A* itself has the
     * rank the task asks for); for regression the residual of the least-squares solution (0 when
     * X Xᵀ is singular: then some A interpolates).
     */
    public static double lossFloor(Cost cost) {
        if (cost instanceof ClassificationCost) {
            return 0; // an infimum, not reached: on separable data the loss falls towards 0 as ‖A‖ grows
        }
        if (cost instanceof SensingCost) {
            return sensingFloor((SensingCost) cost);
        }
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
        if (cost instanceof ClassificationCost) {
            return 0;
        }
        if (cost instanceof CompletionCost) {
            CompletionCost c = (CompletionCost) cost;
            // data given by value: some matrix of any rank interpolates the training entries; of lower rank, unknown
            return maxRank >= Math.min(c.outputs(), c.inputs()) || c.targetKnown() && maxRank >= rankOf(c) ? 0
                    : Double.NaN;
        }
        if (cost instanceof SensingCost) {
            SensingCost s = (SensingCost) cost;
            // A* itself when the network can reach its rank and the measurements are exact; below full rank
            // with noise, low-rank sensing has no closed form
            boolean full = maxRank >= Math.min(s.outputs(), s.inputs());
            return full ? sensingFloor(s) : isExact(s) && maxRank >= rankOf(s.target(), s.outputs(), s.inputs()) ? 0
                    : Double.NaN;
        }
        if (!(cost instanceof MseCost)) {
            return Double.NaN;
        }
        double[] gains = fitGains((MseCost) cost);
        double tail = 0;
        for (int i = maxRank + 1; i < gains.length; i++) {
            tail += gains[i];
        }
        return gains[0] + tail / ((MseCost) cost).trainSize();
    }

    /**
     * The critical values of a regression task's cost among matrices of rank k (paper §5.3, the saddles
     * the greedy algorithm can meet): with the notation of {@link #lossFloor(Cost, int)}, the critical points
     * keep any k of the directions of ÂR, at {@code C(Â) + Σ_{i∉S} σ_i(ÂR)²/N}. Returns {@code [C(Â),
     * σ₁², σ₂², …]} (decreasing; N < n₀: C(Â) = 0 and the σ_i of Y), or null for a task without a closed form.
     */
    public static double[] fitGains(Cost cost) {
        return cost instanceof MseCost ? fitGains((MseCost) cost) : null;
    }

    private static double[] fitGains(MseCost mse) {
        int n0 = mse.inputs();
        int nL = mse.outputs();
        double[] a = leastSquares(mse);
        double[] sv;
        double floor;
        if (a == null) {
            // X Xᵀ singular (N < n₀, X of rank N): every AX is reachable, so the best rank-k fit of the
            // training set is Y's own best rank-k approximation (the floor is 0)
            sv = saddlelab.engine.Svd.singularValues(mse.targets(), nL, mse.trainSize());
            floor = 0;
        } else {
            floor = mse.evaluate(a, null);
            DMatrixRMaj r = cholesky(gram(mse));
            DMatrixRMaj ar = new DMatrixRMaj(nL, n0);
            CommonOps_DDRM.mult(DMatrixRMaj.wrap(nL, n0, a), r, ar);
            sv = saddlelab.engine.Svd.singularValues(ar.data, nL, n0);
        }
        double[] out = new double[sv.length + 1];
        out[0] = floor;
        for (int i = 0; i < sv.length; i++) {
            out[i + 1] = sv[i] * sv[i];
        }
        return out;
    }

    /**
     * Sensing's smallest cost over all matrices: 0 when the measurements are exact (A*) or no more than the
     * n·m unknowns (Gaussian measurement matrices are independent, so some A interpolates); else the
     * least-squares residual of the M × nm system, by its normal equations.
     */
    private static double sensingFloor(SensingCost s) {
        int size = s.outputs() * s.inputs();
        if (isExact(s) || s.count() <= size) {
            return 0;
        }
        if (size > MAX_NORMAL_EQUATIONS) {
            return Double.NaN; // an (nm)² system: unknown beyond this, and the run counts as done when it ends
        }
        double[] m = s.sensors();
        double[] y = s.measurements();
        double[] gram = new double[size * size];
        double[] rhs = new double[size];
        for (int i = 0; i < s.count(); i++) {
            for (int e = 0; e < size; e++) {
                double me = m[i * size + e];
                rhs[e] += me * y[i];
                for (int f = 0; f < size; f++) {
                    gram[e * size + f] += me * m[i * size + f];
                }
            }
        }
        double[] a = solveSpd(gram, size, rhs);
        return a == null ? 0 : s.evaluate(a, null);
    }

    /** The largest n·m whose normal equations sensing's floor solves (a 400 × 400 system). */
    static final int MAX_NORMAL_EQUATIONS = 400;

    /** The measurements are ⟨Mᵢ, A*⟩ exactly (no noise): A* fits them all. */
    private static boolean isExact(SensingCost s) {
        return s.evaluate(s.target(), null) == 0;
    }

    private static int rankOf(double[] m, int rows, int cols) {
        double[] sv = saddlelab.engine.Svd.singularValues(m, rows, cols);
        int rank = 0;
        for (double v : sv) {
            if (v > 1e-9 * sv[0]) {
                rank++;
            }
        }
        return rank;
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
     * solution for regression, the training entries over the observed fraction for completion data given by
     * value, or, when X Xᵀ is singular, s₁(∇C(0))/2, the least-squares solution's
     * scale for whitened inputs); for classification, which has no minimizer, the scale at which A's scores
     * become of order one ({@link saddlelab.engine.ClassificationCost#scoreScale}: s₁(∇C(0))/2 would sit within a
     * factor 10 of a depth-3 initialization's scale and hide every escape). The saddles' spectrum gap and the
     * escape fit are measured against it.
     */
    public static double referenceScale(Cost cost) {
        if (cost instanceof saddlelab.engine.ClassificationCost c) {
            return c.scoreScale();
        }
        double[] m = null;
        if (cost instanceof CompletionCost c && !c.targetKnown()) {
            // data given by value: the training entries (0 elsewhere) are about the observed fraction p of A*,
            // so s₁ of them over p estimates A*'s
            double p = (double) c.observed().length / (c.outputs() * c.inputs());
            return saddlelab.engine.Svd.topSingularValue(c.interpolant(), c.outputs(), c.inputs()) / p;
        }
        if (cost instanceof CompletionCost) {
            m = ((CompletionCost) cost).target();
        } else if (cost instanceof SensingCost) {
            m = ((SensingCost) cost).target();
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

    /**
     * {@code a b} (row-major, rows × inner times inner × cols) by EJML: each entry the sum over k of
     * a_ik b_kj from k = 0 up, left-nested, whichever of its loop orders the sizes select.
     */
    static double[] product(double[] a, double[] b, int rows, int inner, int cols) {
        DMatrixRMaj out = new DMatrixRMaj(rows, cols);
        if (inner > 0) {
            CommonOps_DDRM.mult(DMatrixRMaj.wrap(rows, inner, a), DMatrixRMaj.wrap(inner, cols, b), out);
        }
        return out.data;
    }

    /** X Xᵀ (n_0 × n_0). */
    private static DMatrixRMaj gram(MseCost mse) {
        DMatrixRMaj x = DMatrixRMaj.wrap(mse.inputs(), mse.trainSize(), mse.inputsMatrix());
        DMatrixRMaj gram = new DMatrixRMaj(mse.inputs(), mse.inputs());
        CommonOps_DDRM.multTransB(x, x, gram);
        return gram;
    }

    /** {@code A = Y Xᵀ (X Xᵀ)⁻¹} (row-major n_L × n_0), or null when X Xᵀ is singular. */
    public static double[] leastSquares(MseCost mse) {
        int n0 = mse.inputs();
        int nL = mse.outputs();
        DMatrixRMaj r = cholesky(gram(mse));
        if (r == null) {
            return null;
        }
        DMatrixRMaj x = DMatrixRMaj.wrap(n0, mse.trainSize(), mse.inputsMatrix());
        DMatrixRMaj y = DMatrixRMaj.wrap(nL, mse.trainSize(), mse.targets());
        DMatrixRMaj xy = new DMatrixRMaj(n0, nL);
        CommonOps_DDRM.multTransB(x, y, xy); // X Yᵀ: column r is the right-hand side of output r
        // (R Rᵀ) Aᵀ = X Yᵀ, one column of Aᵀ at a time: R z = b, then Rᵀ a = z
        double[] a = new double[nL * n0];
        double[] b = new double[n0];
        for (int out = 0; out < nL; out++) {
            for (int i = 0; i < n0; i++) {
                b[i] = xy.data[i * nL + out];
            }
            TriangularSolver_DDRM.solveL(r.data, b, n0);
            TriangularSolver_DDRM.solveTranL(r.data, b, n0);
            System.arraycopy(b, 0, a, out * n0, n0);
        }
        return a;
    }

    /**
     * The lower Cholesky factor R of a symmetric positive definite S = R Rᵀ (EJML's inner-product
     * Cholesky: only + − × ÷ sqrt, in a fixed order, so every runtime gets the same bits); null when S is
     * singular or nearly so (a pivot below 1e-12 of its diagonal entry), where the least-squares
     * solution is not determined.
     */
    static DMatrixRMaj cholesky(DMatrixRMaj s) {
        CholeskyDecompositionInner_DDRM chol = new CholeskyDecompositionInner_DDRM(true);
        DMatrixRMaj copy = s.copy();
        if (!chol.decompose(copy)) {
            return null;
        }
        DMatrixRMaj r = chol.getT(null);
        for (int j = 0; j < s.numRows; j++) {
            double d = r.get(j, j);
            if (!(d * d > 1e-12 * Math.max(1, s.get(j, j)))) {
                return null;
            }
        }
        return r;
    }

    /** Solves S x = b for a symmetric positive definite S (row-major n × n); null when S is (nearly) singular. */
    public static double[] solveSpd(double[] s, int n, double[] b) {
        DMatrixRMaj r = cholesky(DMatrixRMaj.wrap(n, n, s));
        if (r == null) {
            return null;
        }
        double[] x = b.clone();
        TriangularSolver_DDRM.solveL(r.data, x, n); // R z = b
        TriangularSolver_DDRM.solveTranL(r.data, x, n); // Rᵀ x = z
        return x;
    }
}
