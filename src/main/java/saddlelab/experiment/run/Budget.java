package saddlelab.experiment.run;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import saddlelab.experiment.spec.ExperimentSpec;
import saddlelab.experiment.spec.NumberText;
import saddlelab.experiment.spec.SpecException;

/**
 * What a spec costs, from the spec alone: the multiply–adds of every term that grows with it and the
 * peak memory of one run, and the budgets that bound them. One model for the page (the estimate shown
 * before Run, the pool's size), the server (a link over the browser budget is refused) and the command
 * line (a larger budget, or none with {@code --large}).
 *
 * <p>Terms, per run (P = Σ n_{l−1}n_l parameters, m = min(n₀, n_L), M = max(n₀, n_L), N training and
 * N' test points, R ≤ 2·records records with the ones added where the loss moves):
 * <ul>
 * <li>descent: {@code steps × (3n₀P + c)}, c the cost's own work per evaluation ({@code 2n_Ln₀N} for
 * regression, {@code 2|Ω|} for completion); the flow: its integrator's step cap × 7 evaluations;
 * <li>records: R × (a gradient, three Jacobi SVDs of A at {@code 12m²M} each — spectrum, escaped part,
 * path view's alignment —, balancedness {@code Σ n_l²(n_{l−1}+n_{l+1})}, the test loss {@code n_Ln₀N'});
 * <li>set-up and end: the data ({@code n₀(n_L+1)(N+N')}), least squares ({@code n₀²N + n₀³}), two SVDs of
 * ∇C(0) and the minimizer, the sharpness estimate (80 gradients), the NTK at both ends;
 * </ul>
 * The page's greedy comparison after a run (m stages of {@code steps} descent steps on networks of width
 * ≤ m) is bounded apart ({@link #checkGreedy}): a spec too large for it still runs, without it.
 * Memory: the parameters held ~5 times (~15 for the flow's stages), the thin workspaces, balancedness's
 * workspace (twice: the step kernel's and Java's), the data and its residuals, and the records.
 */
public final class Budget {
    /** The flow's integrator takes at most this many steps per run (a floor on its tolerance bounds each). */
    public static final int FLOW_STEPS = 100_000;
    /*
     * Weights: each product's multiply–adds counted at the thin product's speed (measured on the JVM, one core,
     * in docs/performance.md: the thin products run 1.3–6 multiply–adds/ns, the cost's sums ~2, a Jacobi SVD
     * of an m × M matrix ~20 ns per m²M, balancedness ~2.7 updates/ns); rounded up, so that the estimate
     * bounds a run's time rather than guesses it.
     */
    /** A step's thin products (slowest when n₀ is not a multiple of 4). */
    static final double STEP = 2;
    /** The cost's own sums (residual, gradient, test loss). */
    static final double COST = 4;
    /** A Jacobi SVD of an m × M matrix, per m²M. */
    static final double SVD = 80;
    /** Balancedness, per update. */
    static final double BALANCE = 4;

    /** What the page may run: a few minutes to an hour of one browser core, memory one tab can hold. */
    public static final Budget BROWSER = new Budget("browser", 3e12, 1L << 30);
    /** The command line's default: a night on a workstation. */
    public static final Budget COMMAND_LINE = new Budget("command line", 1e15, 32L << 30);

    public final String name;
    /** Multiply–adds of a whole spec (every seed, the page's greedy comparison included). */
    public final double work;
    /** Bytes of one run. */
    public final long bytes;

    private Budget(String name, double work, long bytes) {
        this.name = name;
        this.work = work;
        this.bytes = bytes;
    }

    /** One term of the estimate: what it counts, the spec field that drives it, its multiply–adds. */
    public static final class Term {
        public final String what;
        public final String field;
        public final double work;

        Term(String what, String field, double work) {
            this.what = what;
            this.field = field;
            this.work = work;
        }
    }

    /** A spec's estimate: the terms of one run, the whole spec's work, one run's peak bytes. */
    public static final class Estimate {
        public final List<Term> terms;
        public final double workPerRun;
        public final double work;
        public final long bytesPerRun;
        /** Multiply–adds of one descent step (for a rate measured in steps/s). */
        public final double workPerStep;
        /** The greedy comparison the page runs after the runs (bounded apart: see {@link #checkGreedy}). */
        public final double greedyWork;

        Estimate(List<Term> terms, double workPerRun, double work, long bytesPerRun, double workPerStep,
                double greedyWork) {
            this.terms = terms;
            this.workPerRun = workPerRun;
            this.work = work;
            this.bytesPerRun = bytesPerRun;
            this.workPerStep = workPerStep;
            this.greedyWork = greedyWork;
        }

        /** The term that costs the most. */
        public Term dominant() {
            Term best = terms.get(0);
            for (Term t : terms) {
                if (t.work > best.work) {
                    best = t;
                }
            }
            return best;
        }

        public Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("work", work);
            m.put("workPerRun", workPerRun);
            m.put("workPerStep", workPerStep);
            m.put("bytesPerRun", (double) bytesPerRun);
            m.put("greedyWork", greedyWork);
            List<Object> ts = new ArrayList<>();
            for (Term t : terms) {
                Map<String, Object> x = new LinkedHashMap<>();
                x.put("what", t.what);
                x.put("field", t.field);
                x.put("work", t.work);
                ts.add(x);
            }
            m.put("terms", ts);
            m.put("browserWork", BROWSER.work);
            m.put("browserBytes", (double) BROWSER.bytes);
            return m;
        }
    }

    /** The cost's own work per evaluation of C and ∂C/∂A (weighted). */
    static double costWork(ExperimentSpec.Task t) {
        if (t.isCompletion()) {
            return COST * (2.0 * ExperimentSpec.Task.observedCount(t.rows, t.cols, t.observed) + (double) t.rows * t.cols);
        }
        if (t.isSensing()) { // ⟨Mᵢ, A⟩ and G's Σ rᵢMᵢ: two passes over the measurement matrices
            return COST * (2.0 * t.measurements * t.rows * t.cols + (double) t.rows * t.cols);
        }
        return COST * (2.0 * t.outputs * t.inputs * (double) t.train + (double) t.outputs * t.train);
    }

    public static Estimate estimate(ExperimentSpec spec) {
        int[] w = spec.layerWidths();
        ExperimentSpec.Task t = spec.task;
        int n0 = w[0];
        int nL = w[w.length - 1];
        double m = Math.min(n0, nL);
        double big = Math.max(n0, nL);
        double p = spec.parameterCount();
        double cost = costWork(t);
        double step = STEP * 3.0 * n0 * p + cost;
        // which of the two grows a step: the network, or the training set the cost sums over
        String dataField = t.isCompletion() ? "task.rows" : t.isSensing() ? "task.measurements" : "task.train";
        String stepField = cost > STEP * 3.0 * n0 * p && !t.isCompletion() ? dataField : "steps";
        List<Term> terms = new ArrayList<>();
        boolean flow = spec.optimizer.equals("flow");
        if (flow) {
            // 6 new stages per attempt (FSAL), a rejection now and then, and the stage sums (~30P)
            terms.add(new Term("integrator steps (at most " + FLOW_STEPS + ", 7 gradients each)",
                    stepField.equals("steps") ? "optimizer.tolerance" : stepField,
                    Math.min(FLOW_STEPS, Math.max(1000.0, spec.steps)) * (7 * step + STEP * 30 * p)));
        } else {
            // another optimizer: its update (≈ 4 operations an entry for Adam), and with a minibatch a full
            // forward pass for the loss the run watches beside the batch's gradient
            saddlelab.engine.OptimizerStepper.Settings o = spec.optimizerSettings;
            double update = o.plainDescent() ? 0 : STEP * (o.type.equals("adam") ? 4 : 1) * p;
            double forward = o.batch > 0 ? STEP * n0 * p + cost : 0;
            terms.add(new Term("gradient steps", stepField, spec.steps * (step + update + forward)));
        }
        double records = 2.0 * spec.records;
        double balance = 0;
        for (int l = 1; l < w.length - 1; l++) {
            balance += (double) w[l] * w[l] * (w[l - 1] + w[l + 1]);
        }
        double test = t.isMatrix() ? (double) t.rows * t.cols : (double) t.outputs * t.inputs * t.test;
        double svd = SVD * m * m * big;
        terms.add(new Term("records (gradient, 3 SVDs, balancedness, test loss each)", "records",
                records * (step + 3 * svd + BALANCE * balance + COST * test + p)));
        double size = (double) t.rows * t.cols;
        double data = COST * (t.isCompletion() ? size * (t.rank + 1) : t.isSensing() ? size * (2.0 * t.measurements + t.rank + 1)
                : (double) n0 * (nL + 1) * (t.train + t.test));
        // sensing's floor: the normal equations of its M × nm system, when it solves them
        double leastSquares = t.isCompletion() ? 0 : t.isSensing()
                ? (t.measurements > size && size <= 400 ? COST * (size * size * t.measurements + size * size * size) : 0)
                : COST * ((double) n0 * n0 * t.train + (double) n0 * n0 * n0 + (double) nL * n0 * t.train);
        double ntk = 4.0 * spec.depth * p * (n0 + nL);
        terms.add(new Term("data, least squares, SVDs of ∇C(0) and the minimizer, sharpness, NTK", dataField,
                data + leastSquares + 3 * svd + 80 * step + ntk));
        double work = 0;
        for (Term term : terms) {
            work += term.work;
        }
        double greedy = 0;
        if (spec.depth >= 2) {
            for (int k = 1; k <= m; k++) {
                double pk = (double) k * (n0 + nL) + (spec.depth - 2.0) * k * k;
                greedy += spec.steps * (STEP * 3.0 * n0 * pk + cost) + 60 * (svd + 2 * n0 * nL);
            }
            greedy += m * svd;
        }
        double total = work * spec.seeds;
        double thin = 2.0 * n0 * sum(w);
        // descent: θ, θ0 and ∇θ in Java, and θ with its snapshot in the browser's step kernel (KernelStepper)
        // beside its P, Pᵀ and Dᵀ; the flow: θ, θ0, ∇θ and a state inside a step in Java, and in the kernel
        // (KernelFlow) the probe, the snapshot, θ, the previous θ and the seven stages
        // balancedness's workspace (W_l's columns and 32 rows of the difference), in the kernel and in Java
        double gap = 0;
        for (int l = 1; l + 1 < w.length; l++) {
            gap = Math.max(gap, (w[l - 1] + 32.0) * (w[l] + 1));
        }
        // an optimizer's state: the gradient, a velocity (momentum) or Adam's two moments, a second workspace
        saddlelab.engine.OptimizerStepper.Settings o = spec.optimizerSettings;
        double state = flow || o.plainDescent() ? 0 : (1 + (o.type.equals("adam") ? 2 : o.momentum > 0 ? 1 : 0)) * p
                + (o.batch > 0 ? thin + (double) (n0 + nL) * o.batch : 0);
        double doubles = state + (flow ? 15 : 5) * p + 2 * thin + 2 * gap
                + (t.isCompletion() ? 3.0 * t.rows * t.cols
                        : t.isSensing() ? (double) t.measurements * (t.rows * t.cols + 1) + 3.0 * t.rows * t.cols
                                + (t.measurements > t.rows * t.cols && t.rows * t.cols <= 400 ? (double) t.rows * t.cols * t.rows * t.cols : 0)
                        : (double) (n0 + 2 * nL) * (t.train + t.test))
                + records * (Trace.SINGULAR_VALUES + m + spec.depth + 3
                        + Trace.matrixEntries(nL, n0, spec.records));
        long bytes = (long) (8 * doubles) + (8L << 20); // and a few MB of engine
        return new Estimate(terms, work, total, bytes, step, greedy);
    }

    private static double sum(int[] w) {
        double s = 0;
        for (int x : w) {
            s += x;
        }
        return s;
    }

    /** Parses, validates and checks a spec against this budget (the browser's, the command line's). */
    public ExperimentSpec parse(String json) {
        ExperimentSpec spec = ExperimentSpec.parse(json);
        check(spec);
        return spec;
    }

    /**
     * Refuses a spec over this budget with a message that names the field that dominates; returns its
     * estimate otherwise.
     */
    public Estimate check(ExperimentSpec spec) {
        Estimate e = estimate(spec);
        if (e.bytesPerRun > bytes) {
            String field = spec.task.isCompletion() ? (spec.hiddenWidths != null ? "hiddenWidths" : "width")
                    : largestData(spec) ? (spec.task.isSensing() ? "task.measurements" : "task.train")
                    : spec.hiddenWidths != null ? "hiddenWidths" : "width";
            throw new SpecException(field, "a run would hold about " + megabytes(e.bytesPerRun) + " of memory, more than the "
                    + name + " budget of " + megabytes(bytes) + "; reduce " + field);
        }
        if (e.work > work) {
            Term d = e.dominant();
            String field = d.work * spec.seeds >= 0.5 * e.work || spec.seeds == 1 ? d.field : "seeds";
            throw new SpecException(field, "about " + NumberText.approx(e.work, 2) + " multiply–adds, more than the " + name
                    + " budget of " + NumberText.approx(work, 2) + " (" + d.what + " dominate"
                    + (spec.seeds > 1 ? ", × " + spec.seeds + " seeds" : "") + "); reduce " + field
                    + (this == BROWSER ? ", or run it with the command line" : ""));
        }
        return e;
    }

    /** Refuses the greedy comparison of a spec when it would cost more than this budget. */
    public Estimate checkGreedy(ExperimentSpec spec) {
        Estimate e = estimate(spec);
        if (e.greedyWork > work) {
            throw new SpecException("steps", "the greedy comparison would take about " + NumberText.approx(e.greedyWork, 2)
                    + " multiply–adds (up to min(n₀, n_L) stages of " + spec.steps + " steps), more than the " + name
                    + " budget of " + NumberText.approx(work, 2) + "; run `greedy SPEC.json --steps-per-stage N` on the "
                    + "command line");
        }
        return e;
    }

    private static boolean largestData(ExperimentSpec spec) {
        ExperimentSpec.Task t = spec.task;
        double data = t.isSensing() ? (double) t.measurements * t.rows * t.cols : (double) (t.inputs + 2 * t.outputs) * (t.train + t.test);
        return data > 4 * spec.parameterCount();
    }

    static String megabytes(long b) {
        return b >= 1L << 30 ? NumberText.approx(b / (double) (1L << 30), 2) + " GB"
                : NumberText.approx(b / (double) (1L << 20), 2) + " MB";
    }
}
