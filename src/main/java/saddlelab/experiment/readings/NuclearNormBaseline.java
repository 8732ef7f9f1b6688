package saddlelab.experiment.readings;

import java.util.LinkedHashMap;
import java.util.Map;
import saddlelab.engine.CompletionCost;
import saddlelab.engine.Cost;
import saddlelab.engine.SensingCost;
import saddlelab.engine.Svd;

/**
 * The convex baseline of completion and sensing (Arora et al. 2019 compare every deep run with it): the
 * minimum-nuclear-norm fit of the observations, reached as the end of the regularized path
 * {@code min C(A) + λ‖A‖*} as λ falls from s₁(∇C(0)) (where A = 0 is optimal) by a factor {@link #SHRINK} a
 * stage to {@link #LAMBDA_END} of it. Each stage is accelerated proximal gradient (FISTA, Beck and Teboulle
 * 2009, with O'Donoghue and Candès' adaptive restart) warm-started from the last: {@code A ← SVT_{tλ}(Y − t∇C(Y))}, singular value thresholding (Cai, Candès
 * and Shen 2010; soft-impute, Mazumder et al. 2010, is its completion case) with step t = 1/Lip(∇C). With noise
 * the path's best point by test loss is reported beside its end (an oracle choice of λ, as in the literature).
 * Only {@code + − × ÷ sqrt} and the lab's Jacobi SVD: the same bits on every runtime.
 */
public final class NuclearNormBaseline {
    private NuclearNormBaseline() {
    }

    /** λ falls by this factor a stage. */
    static final double SHRINK = 0.5;
    /** The path ends at this fraction of s₁(∇C(0)). */
    static final double LAMBDA_END = 1e-7;
    /** Proximal steps at most per stage, and in all. */
    static final int STAGE_STEPS = 2000;
    static final int TOTAL_STEPS = 20000;
    /** A stage ends when a step moves A by less than this, relative to ‖A‖_F. */
    static final double STAGE_TOLERANCE = 1e-10;
    /** The largest matrix (rows·cols) the baseline is computed for: an SVD a step. */
    public static final int MAX_ENTRIES = 1600;

    /** The baseline's end point and the path's best point. */
    public static final class Result {
        public final double[] a;
        /**
         * The dual certificate of the end point: a matrix in the range of the observations' adjoint whose part on
         * A's tangent space is UVᵀ and whose rest has operator norm at most 1: −∇C(A)/λ at the path's end.
         */
        public double[] certificate;
        public final double lambda;
        public final int rank;
        public final double nuclearNorm;
        public final double trainLoss;
        public final double testLoss;
        public final double bestLambda;
        public final int bestRank;
        public final double bestTestLoss;
        public final double bestTrainLoss;
        public final int steps;

        Result(double[] a, double lambda, int rank, double nuclearNorm, double trainLoss, double testLoss, double bestLambda,
                int bestRank, double bestTestLoss, double bestTrainLoss, int steps) {
            this.a = a;
            this.lambda = lambda;
            this.rank = rank;
            this.nuclearNorm = nuclearNorm;
            this.trainLoss = trainLoss;
            this.testLoss = testLoss;
            this.bestLambda = bestLambda;
            this.bestRank = bestRank;
            this.bestTestLoss = bestTestLoss;
            this.bestTrainLoss = bestTrainLoss;
            this.steps = steps;
        }

        /** {@code {"rank", "nuclearNorm", "trainLoss", "testLoss", "lambda", "steps", "best": {…}}}. */
        public Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("rank", rank);
            m.put("nuclearNorm", nuclearNorm);
            m.put("trainLoss", trainLoss);
            m.put("testLoss", testLoss);
            m.put("lambda", lambda);
            m.put("steps", steps);
            Map<String, Object> b = new LinkedHashMap<>();
            b.put("lambda", bestLambda);
            b.put("rank", bestRank);
            b.put("trainLoss", bestTrainLoss);
            b.put("testLoss", bestTestLoss);
            m.put("best", b);
            return m;
        }
    }

    /** The last few baselines, by the data they were computed from (a preset's seeds often share their task). */
    private static final Map<String, Result> CACHE = new java.util.LinkedHashMap<String, Result>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Result> eldest) {
            return size() > 16;
        }
    };

    /** {@link #of}, kept for {@code key} ({@code Tasks.dataKey}: the task and its data seed). */
    public static Result cached(String key, Cost cost) {
        synchronized (CACHE) {
            Result r = CACHE.get(key);
            if (r != null) {
                return r;
            }
        }
        Result r = of(cost);
        synchronized (CACHE) {
            CACHE.put(key, r);
        }
        return r;
    }

    /** Whether the baseline applies to a cost: completion and sensing, up to {@link #MAX_ENTRIES} entries. */
    public static boolean appliesTo(Cost cost) {
        return (cost instanceof CompletionCost || cost instanceof SensingCost)
                && (long) cost.outputs() * cost.inputs() <= MAX_ENTRIES;
    }

    public static Result of(Cost cost) {
        return path(cost);
    }

    /** The regularized path, as the class says. */
    static Result path(Cost cost) {
        int rows = cost.outputs();
        int cols = cost.inputs();
        int size = rows * cols;
        double[] zero = new double[size];
        double[] g0 = new double[size];
        cost.evaluate(zero, g0);
        double lambda0 = Svd.singularValues(g0, rows, cols)[0];
        double step = 1 / lipschitz(cost, g0);
        double[] a = new double[size];
        double[] previous = new double[size];
        double[] y = new double[size];
        double[] g = new double[size];
        double[] z = new double[size];
        int k = Math.min(rows, cols);
        double[] left = new double[rows * k];
        double[] right = new double[cols * k];
        int steps = 0;
        // an SVD a step: at most about 4·10⁸ of its multiply–adds in all (20 000 steps at 10×10, ~1 500 at 30×30)
        int budget = (int) Math.min(TOTAL_STEPS, Math.max(500, 4e8 / (10.0 * size * k)));
        double lambda = lambda0;
        double bestTest = Double.POSITIVE_INFINITY;
        double bestLambda = lambda0;
        int bestRank = 0;
        double bestTrain = cost.evaluate(zero, null);
        double[] s = new double[k];
        while (lambda > LAMBDA_END * lambda0 && steps < budget) {
            lambda = lambda * SHRINK;
            double momentum = 1;
            System.arraycopy(a, 0, y, 0, size);
            System.arraycopy(a, 0, previous, 0, size);
            for (int i = 0; i < STAGE_STEPS && steps < budget; i++) {
                steps++;
                cost.evaluate(y, g);
                for (int e = 0; e < size; e++) {
                    z[e] = y[e] - step * g[e];
                }
                s = Svd.topPairs(z, rows, cols, k, left, right);
                threshold(s, step * lambda, left, right, rows, cols, k, a);
                double moved = 0;
                double norm = 0;
                double against = 0;
                for (int e = 0; e < size; e++) {
                    double d = a[e] - previous[e];
                    moved = moved + d * d;
                    norm = norm + a[e] * a[e];
                    against = against + (y[e] - a[e]) * d;
                }
                if (against > 0) {
                    momentum = 1; // the gradient scheme's adaptive restart (O'Donoghue and Candès 2015)
                }
                double next = (1 + Math.sqrt(1 + 4 * momentum * momentum)) / 2;
                double beta = (momentum - 1) / next;
                for (int e = 0; e < size; e++) {
                    y[e] = a[e] + beta * (a[e] - previous[e]);
                }
                momentum = next;
                System.arraycopy(a, 0, previous, 0, size);
                if (moved <= STAGE_TOLERANCE * STAGE_TOLERANCE * norm) {
                    break;
                }
            }
            double test = cost.testLoss(a);
            if (test < bestTest) {
                bestTest = test;
                bestLambda = lambda;
                bestRank = rankOf(s, step * lambda);
                bestTrain = cost.evaluate(a, null);
            }
        }
        double[] sv = Svd.singularValues(a, rows, cols);
        double nuclear = 0;
        int rank = 0;
        for (double v : sv) {
            nuclear = nuclear + v;
            rank += v > 0 ? 1 : 0;
        }
        Result result = new Result(a, lambda, rankOf(s, step * lambda), nuclear, cost.evaluate(a, null), cost.testLoss(a),
                bestLambda, bestRank, bestTest == Double.POSITIVE_INFINITY ? Double.NaN : bestTest, bestTrain, steps);
        double[] dual = new double[size];
        cost.evaluate(a, dual);
        for (int e = 0; e < size; e++) {
            dual[e] = -dual[e] / lambda;
        }
        result.certificate = dual;
        return result;
    }

    /** The singular values a threshold τ keeps: the rank of SVT_τ's result. */
    private static int rankOf(double[] s, double tau) {
        int r = 0;
        for (double v : s) {
            r += v > tau ? 1 : 0;
        }
        return r;
    }

    /** {@code out = Σ_j max(s_j − τ, 0) u_j v_jᵀ}. */
    static void threshold(double[] s, double tau, double[] left, double[] right, int rows, int cols, int k, double[] out) {
        java.util.Arrays.fill(out, 0.0);
        for (int j = 0; j < k; j++) {
            double v = s[j] - tau;
            if (!(v > 0)) {
                continue;
            }
            for (int r = 0; r < rows; r++) {
                double ur = v * left[r * k + j];
                for (int c = 0; c < cols; c++) {
                    out[r * cols + c] = out[r * cols + c] + ur * right[c * k + j];
                }
            }
        }
    }

    /**
     * The Lipschitz constant of ∇C for a quadratic cost: ∇C(A) − ∇C(0) is linear in A, its largest eigenvalue
     * found by 60 power iterations, with a 5 % margin (a step a little short of 1/Lip is still a descent step).
     */
    static double lipschitz(Cost cost, double[] g0) {
        int size = g0.length;
        double[] v = new double[size];
        for (int e = 0; e < size; e++) {
            v[e] = 1 + (e % 7) * 0.1; // a fixed start with a part along every direction
        }
        double[] w = new double[size];
        double estimate = 0;
        for (int it = 0; it < 60; it++) {
            double norm = 0;
            for (double x : v) {
                norm = norm + x * x;
            }
            norm = Math.sqrt(norm);
            for (int e = 0; e < size; e++) {
                v[e] = v[e] / norm;
            }
            cost.evaluate(v, w);
            double dot = 0;
            for (int e = 0; e < size; e++) {
                w[e] = w[e] - g0[e];
                dot = dot + v[e] * w[e];
            }
            estimate = dot;
            System.arraycopy(w, 0, v, 0, size);
        }
        return 1.05 * estimate;
    }
}
