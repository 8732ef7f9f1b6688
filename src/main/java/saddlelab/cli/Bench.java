package saddlelab.cli;

import java.io.PrintStream;
import java.util.Locale;
import java.util.function.DoubleUnaryOperator;
import saddlelab.engine.Cost;
import saddlelab.engine.DeepLinearNetwork;
import saddlelab.engine.GradientFlow;
import saddlelab.engine.LossGradient;
import saddlelab.engine.OptimizerStepper;
import saddlelab.engine.Rng;
import saddlelab.experiment.run.Run;
import saddlelab.experiment.spec.ExperimentSpec;
import saddlelab.experiment.spec.Tasks;

/**
 * {@code bench}: gradient steps per second of the engine's step kernel on the JVM, one line per
 * case ({@code bench case=… engine=jvm steps_per_s=…}). Speed targets live here, never in tests.
 */
public final class Bench {
    private Bench() {
    }

    /** The cases, defined once for every engine ({@link saddlelab.experiment.figures.BenchCases}). */
    public static final String[][] CASES = saddlelab.experiment.figures.BenchCases.CASES;

    static String teacher(int width) {
        return saddlelab.experiment.figures.BenchCases.teacher(width);
    }

    /** What each engine of the report is, printed before the numbers. */
    static final String[] ENGINES = {
        "# jvm           the Java engine's step (LossGradient: thin prefix/suffix products, preallocated), one thread",
        "# jvm-plain     the same step as plain triple loops (PlainLoops): the yardstick the Java step must beat; at w = 10",
        "#               the plain loops can win, since at that size there is little to reuse and no setup to amortize",
        "# jvm-parallel  independent seeds on every core at once, aggregate steps/s (how a multi-seed run goes)",
        "# jvm-limit     the jvm's own limit: a step's 3 thin products per layer, all at the faster of its two forms",
        "#               (the forward's reductions, the backward's row updates; each timed with a cost that does",
        "#               nothing), plus the cost's own time; the flow: 7 such gradients",
        "# vs_jvm        steps/s over the jvm line of the same case, measured in this run",
    };

    static void run(PrintStream out) throws Exception {
        for (String line : ENGINES) {
            out.println(line);
        }
        jvm(out, 2.0);
    }

    /**
     * Every case on one JVM thread ({@code jvm}) and as independent seeds on every core at once
     * ({@code jvm-parallel}, aggregate steps/s: how a multi-seed run goes); prints one line each and
     * returns {@code "case engine" → steps/s}.
     */
    public static java.util.Map<String, Double> jvm(PrintStream out, double seconds) throws Exception {
        java.util.Map<String, Double> results = new java.util.LinkedHashMap<>();
        int cores = Runtime.getRuntime().availableProcessors();
        for (String[] c : CASES) {
            ExperimentSpec spec = ExperimentSpec.parse(c[1]);
            double rate = stepsPerSecond(spec, seconds);
            results.put(c[0] + " jvm", rate);
            out.println(String.format(Locale.ROOT, "bench case=%s engine=jvm steps_per_s=%.1f vs_jvm=1.00", c[0], rate));
            boolean descent = spec.optimizer.equals("flow") || spec.optimizerSettings.plainDescent();
            if (descent) { // the limit and the yardstick are of gradient descent and flow's steps
                double limit = limitStepsPerSecond(spec, seconds);
                results.put(c[0] + " jvm-limit", limit);
                out.println(String.format(Locale.ROOT, "bench case=%s engine=jvm-limit steps_per_s=%.1f vs_jvm=%.2f", c[0],
                        limit, limit / rate));
            }
            if (descent && !spec.optimizer.equals("flow")) { // the plain-loop yardstick is a descent step
                double plain = plainStepsPerSecond(spec, seconds);
                results.put(c[0] + " jvm-plain", plain);
                out.println(String.format(Locale.ROOT, "bench case=%s engine=jvm-plain steps_per_s=%.1f vs_jvm=%.2f", c[0],
                        plain, plain / rate));
            }
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(cores);
            try {
                java.util.List<java.util.concurrent.Future<Double>> parts = new java.util.ArrayList<>();
                for (int i = 0; i < cores; i++) {
                    parts.add(pool.submit(() -> stepsPerSecond(spec, seconds)));
                }
                double total = 0;
                for (java.util.concurrent.Future<Double> f : parts) {
                    total += f.get();
                }
                results.put(c[0] + " jvm-parallel", total);
                out.println(String.format(Locale.ROOT, "bench case=%s engine=jvm-parallel steps_per_s=%.1f vs_jvm=%.2f", c[0],
                        total, total / rate));
            } finally {
                pool.shutdown();
            }
        }
        return results;
    }

    /** Best of three timed windows after a warm-up, each about {@code seconds}/3 long. */
    public static double stepsPerSecond(ExperimentSpec spec, double seconds) {
        return measure(spec, seconds, false);
    }

    /** The same for the plain-loop yardstick ({@link PlainLoops}). */
    static double plainStepsPerSecond(ExperimentSpec spec, double seconds) {
        return measure(spec, seconds, true);
    }

    private static double measure(ExperimentSpec spec, double seconds, boolean plain) {
        Cost cost = Tasks.build(spec, spec.seed);
        DeepLinearNetwork net = new DeepLinearNetwork(spec.layerWidths());
        Run.initialize(net, spec, spec.seed);
        DeepLinearNetwork start = net.copy();
        double eta = spec.effectiveLearningRate();
        double best = 0;
        for (int rep = 0; rep <= 3; rep++) { // window 0 warms the JIT up
            net.copyFrom(start);
            DoubleUnaryOperator step = plain ? new PlainLoops(start, cost)::step
                    : spec.optimizer.equals("flow") ? flow(new GradientFlow(net, cost, spec.tolerance, eta))
                    : spec.optimizerSettings.plainDescent() ? new LossGradient(net, cost)::step
                    : new OptimizerStepper(new LossGradient(net, cost), spec.optimizerSettings,
                            Rng.stream(spec.seed, Tasks.BATCH_STREAM))::step;
            double rate = timed(step, eta, seconds / 3);
            if (rep > 0) {
                best = Math.max(best, rate);
            }
        }
        return best;
    }

    /**
     * The JVM against its own limit. A descent step does three thin products per layer (forward,
     * back-propagation, gradient rows) and one cost. The JVM has two forms of thin product: the forward's
     * reductions ({@code P_l = W_l P_{l−1}}, chains C2 keeps scalar) and the backward sweep's row updates
     * (elementwise, which C2 runs four doubles at a time). With a cost that does nothing, the forward alone
     * times one product of the first form, and a step at η = 0 minus the forward times two of the second
     * (θ stays as it is: W − 0·∇ is W). The limit is the three products all at the faster form's time, plus
     * the cost's own time: {@code 1 / (3·min(t_forward, t_backward / 2) + t_cost)}; a flow step's is a
     * seventh of that (seven gradients). Best of three windows each.
     */
    static double limitStepsPerSecond(ExperimentSpec spec, double seconds) {
        Cost cost = Tasks.build(spec, spec.seed);
        DeepLinearNetwork net = new DeepLinearNetwork(spec.layerWidths());
        Run.initialize(net, spec, spec.seed);
        Cost nothing = new Cost() {
            @Override
            public int outputs() {
                return cost.outputs();
            }

            @Override
            public int inputs() {
                return cost.inputs();
            }

            @Override
            public double evaluate(double[] a, double[] gradient) {
                return 0;
            }

            @Override
            public double testLoss(double[] a) {
                return 0;
            }

            @Override
            public double zeroTestLoss() {
                return 0;
            }
        };
        LossGradient thin = new LossGradient(net, nothing);
        double[] a = net.product();
        double[] g = new double[a.length];
        double forwardRate = 0;
        double stepRate = 0;
        double costRate = 0;
        for (int rep = 0; rep <= 3; rep++) { // window 0 warms the JIT up
            double f = timed(eta -> thin.forward(), 0, seconds / 9);
            double st = timed(thin::step, 0, seconds / 9);
            double c = timed(eta -> cost.evaluate(a, g), 0, seconds / 9);
            if (rep > 0) {
                forwardRate = Math.max(forwardRate, f);
                stepRate = Math.max(stepRate, st);
                costRate = Math.max(costRate, c);
            }
        }
        double forward = 1 / forwardRate;
        double backward = 1 / stepRate - forward; // two products; ≤ 0 only if the windows' noise swamps it
        double product = backward > 0 ? Math.min(forward, backward / 2) : forward;
        double step = 3 * product + 1 / costRate;
        return 1 / (spec.optimizer.equals("flow") ? 7 * step : step);
    }

    /** One accepted integrator step per call (its rejected tries included), as the worker counts them. */
    private static DoubleUnaryOperator flow(GradientFlow flow) {
        return eta -> {
            if (!flow.step(Double.POSITIVE_INFINITY)) {
                throw new IllegalStateException("the benchmark's flow blew up at t = " + flow.time());
            }
            return flow.loss();
        };
    }

    private static double timed(DoubleUnaryOperator step, double eta, double seconds) {
        long t0 = System.nanoTime();
        long deadline = t0 + (long) (seconds * 1e9);
        long steps = 0;
        long now;
        do {
            for (int i = 0; i < 10; i++) {
                step.applyAsDouble(eta);
            }
            steps += 10;
            now = System.nanoTime();
        } while (now < deadline);
        return steps / ((now - t0) / 1e9);
    }
}
