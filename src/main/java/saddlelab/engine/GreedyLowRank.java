package saddlelab.engine;

import java.util.ArrayList;
import java.util.List;

/**
 * The greedy low-rank algorithm {@code A_{ε,T,η}} of paper §5.3: start from the width-1 network
 * {@code (−εvᵀ, ε, …, ε, εu)} with (u, v) the top singular pair of {@code ∇C(0)}; run T gradient
 * steps; take the top singular pair of {@code ∇C(A_θ)}; grow the width by one with new ε-sized
 * units; repeat until the loss is within the tolerance of its minimum or the width limit is reached.
 * As T → ∞, η → 0, ε → 0 its stages follow the saddle-to-saddle paths θ^k and end at the saddles ϑ^k
 * (Conjecture 3). Deterministic: the singular pairs come from {@link Svd}.
 *
 * <p>The paper's loop test {@code C(A_θ) < C_min + ε} ties the stop to the new units' scale ε; here
 * the two are separate ({@code epsilon} sizes the new units, {@code tolerance} is the relative gap
 * {@code (C − C_min)/(C(0) − C_min)} at which the algorithm stops), so a small rank-k saddle loss
 * does not pass for the minimum.
 */
public final class GreedyLowRank {
    private GreedyLowRank() {
    }

    /** One stage: a width-k network trained for T steps from the saddle before it. */
    public static final class Stage {
        public final int width;
        /** Steps (within the stage) and train losses of the recorded path θ^k. */
        public final int[] steps;
        public final double[] losses;
        public final double[] testLosses;
        /** A_θ (row-major n_L × n_0) at each recorded step, for the path view. */
        public final double[][] products;
        /** The end of the stage: the saddle (or minimum) ϑ^k. */
        public final double loss;
        public final double testLoss;
        public final int rank;
        public final double[] singularValues;
        public final DeepLinearNetwork end;
        /** ‖∇θL‖ at the end of the stage, and its largest value during the stage. */
        public final double gradNorm;
        public final double peakGradNorm;

        Stage(int width, int[] steps, double[] losses, double[] testLosses, double[][] products, double loss,
                double testLoss, int rank, double[] singularValues, DeepLinearNetwork end, double gradNorm,
                double peakGradNorm) {
            this.gradNorm = gradNorm;
            this.peakGradNorm = peakGradNorm;
            this.products = products;
            this.width = width;
            this.steps = steps;
            this.losses = losses;
            this.testLosses = testLosses;
            this.loss = loss;
            this.testLoss = testLoss;
            this.rank = rank;
            this.singularValues = singularValues;
            this.end = end;
        }

        /** The stage ended at a stationary point of its width: ‖∇θL‖ fell below 1e-4 of its peak. */
        public boolean stationary() {
            return gradNorm <= 1e-4 * peakGradNorm;
        }
    }

    /**
     * @param epsilon        the scale of each new unit
     * @param tolerance      stop once {@code (C − C_min) ≤ tolerance·(C(0) − C_min)}
     * @param lossFloor      {@code C_min}, the smallest value of the cost
     * @param maxWidth       width limit (e.g. min(n_0, n_L))
     * @param rankTolerance  a stage's rank counts the singular values of A above it: the run's own rule
     *                       (the spec's rankTolerance, the {@code rank} column's), the same at every depth
     * @param recordsPerStage points recorded along each path, log-spaced in steps
     */
    public static List<Stage> run(Cost cost, int depth, double epsilon, double tolerance, int stepsPerStage, double eta,
            int maxWidth, double lossFloor, double rankTolerance, int recordsPerStage) {
        return run(cost, depth, epsilon, tolerance, stepsPerStage, eta, maxWidth, lossFloor, rankTolerance,
                recordsPerStage, Stepper::of);
    }

    /**
     * As above, each stage's steps taken by {@code steppers}' engine (the browser's WebAssembly kernel: every
     * engine takes the same steps to the bit, so the stages are the same).
     */
    public static List<Stage> run(Cost cost, int depth, double epsilon, double tolerance, int stepsPerStage, double eta,
            int maxWidth, double lossFloor, double rankTolerance, int recordsPerStage, Stepper.Factory steppers) {
        return run(cost, depth, epsilon, tolerance, stepsPerStage, eta, maxWidth, lossFloor, rankTolerance,
                recordsPerStage, steppers, (width, max) -> { });
    }

    /** Hears of each stage as it starts: its width k and the width limit (the stages are at most that many). */
    public interface Progress {
        void stage(int width, int maxWidth);
    }

    /** As above, telling {@code progress} of each stage as it starts. */
    public static List<Stage> run(Cost cost, int depth, double epsilon, double tolerance, int stepsPerStage, double eta,
            int maxWidth, double lossFloor, double rankTolerance, int recordsPerStage, Stepper.Factory steppers,
            Progress progress) {
        if (depth < 2) {
            throw new IllegalArgumentException("the greedy algorithm grows hidden units: depth must be at least 2");
        }
        int n0 = cost.inputs();
        int nL = cost.outputs();
        double[] zero = new double[nL * n0];
        double[] g = new double[nL * n0];
        double initialLoss = cost.evaluate(zero, g);
        double[] u = new double[nL];
        double[] v = new double[n0];
        Svd.decompose(g, nL, n0, u, v);
        DeepLinearNetwork net = grow(null, depth, n0, nL, epsilon, u, v);
        int[] recordAt = RecordSchedule.steps(stepsPerStage, recordsPerStage, true);
        List<Stage> stages = new ArrayList<>();
        while (true) {
            progress.stage(net.width(1), maxWidth);
            LossGradient lossGradient = new LossGradient(net, cost);
            Stepper stepper = steppers.create(lossGradient);
            int[] steps = new int[recordAt.length];
            double[] losses = new double[recordAt.length];
            double[] tests = new double[recordAt.length];
            double[][] products = new double[recordAt.length][];
            int next = 0;
            double[][] gradient = net.newParameterVector();
            double peak = 0;
            for (int k = 0; k <= stepsPerStage; k++) {
                if (next < recordAt.length && recordAt[next] == k) {
                    stepper.sync(); // θ back in the network's arrays, where the measures read it
                    steps[next] = k;
                    losses[next] = lossGradient.gradient(gradient);
                    peak = Math.max(peak, Math.sqrt(DeepLinearNetwork.squaredNorm(gradient)));
                    tests[next] = cost.testLoss(lossGradient.endToEnd());
                    products[next] = lossGradient.endToEnd().clone();
                    next++;
                }
                if (k < stepsPerStage) {
                    stepper.step(eta);
                }
            }
            stepper.sync();
            double loss = lossGradient.gradient(gradient);
            double gradNorm = Math.sqrt(DeepLinearNetwork.squaredNorm(gradient));
            double[] a = lossGradient.endToEnd().clone();
            double[] sv = Svd.singularValues(a, nL, n0);
            // the run's rank rule (a cut-off √(s·ε^L) made the same data read rank 4 at L = 2 and 5 at L = 3)
            int rank = 0;
            for (double s : sv) {
                if (s > rankTolerance) {
                    rank++;
                }
            }
            int width = net.width(1);
            stages.add(new Stage(width, steps, losses, tests, products, loss, cost.testLoss(a), rank, sv, net.copy(),
                    gradNorm, Math.max(peak, gradNorm)));
            if (loss - lossFloor <= tolerance * (initialLoss - lossFloor) || width >= maxWidth || !(loss - loss == 0)) {
                return stages;
            }
            // the next escape direction: the top singular pair of ∇C(A_θ)
            System.arraycopy(lossGradient.costGradient(), 0, g, 0, g.length);
            Svd.decompose(g, nL, n0, u, v);
            net = grow(net, depth, n0, nL, epsilon, u, v);
        }
    }

    /**
     * Adds one unit to every hidden layer: a new row −εvᵀ in W_1, a new diagonal ε in the middle
     * layers, a new column εu in W_L (so the new part of A is −ε^L u vᵀ, along −∇C).
     */
    static DeepLinearNetwork grow(DeepLinearNetwork old, int depth, int n0, int nL, double epsilon, double[] u,
            double[] v) {
        int width = old == null ? 1 : old.width(1) + 1;
        int[] widths = new int[depth + 1];
        widths[0] = n0;
        for (int l = 1; l < depth; l++) {
            widths[l] = width;
        }
        widths[depth] = nL;
        DeepLinearNetwork net = new DeepLinearNetwork(widths);
        for (int l = 1; l <= depth; l++) {
            double[][] rows = net.rows(l);
            if (old != null) {
                double[][] prev = old.rows(l);
                for (int i = 0; i < prev.length; i++) {
                    System.arraycopy(prev[i], 0, rows[i], 0, prev[i].length);
                }
            }
            if (l == 1) {
                for (int k = 0; k < n0; k++) {
                    rows[width - 1][k] = -epsilon * v[k];
                }
            } else if (l == depth) {
                for (int i = 0; i < nL; i++) {
                    rows[i][width - 1] = epsilon * u[i];
                }
            } else {
                rows[width - 1][width - 1] = epsilon;
            }
        }
        return net;
    }
}
