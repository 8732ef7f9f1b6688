package saddlelab.cli;

import java.io.PrintStream;
import java.util.Locale;
import java.util.function.DoubleUnaryOperator;
import saddlelab.engine.Cost;
import saddlelab.engine.DeepLinearNetwork;
import saddlelab.engine.GradientFlow;
import saddlelab.engine.LossGradient;
import saddlelab.experiment.ExperimentSpec;
import saddlelab.experiment.Run;
import saddlelab.experiment.Tasks;

/**
 * {@code bench}: gradient steps per second of the engine's step kernel on the JVM, one line per
 * case ({@code bench case=… engine=jvm steps_per_s=…}). Speed targets live here, never in tests.
 */
public final class Bench {
    private Bench() {
    }

    /** The cases, defined once for every engine ({@link saddlelab.experiment.BenchCases}). */
    public static final String[][] CASES = saddlelab.experiment.BenchCases.CASES;

    static String teacher(int width) {
        return saddlelab.experiment.BenchCases.teacher(width);
    }

    /** What each engine of the report is, printed before the numbers. */
    static final String[] ENGINES = {
        "# jvm           the engine's step kernel (LossGradient: thin prefix/suffix products, preallocated), one thread",
        "# jvm-plain     the same step as plain triple loops (PlainLoops): the yardstick the kernel must beat; at w = 10",
        "#               the plain loops can win, since at that size there is little to reuse and no setup to amortize",
        "# jvm-parallel  independent seeds on every core at once, aggregate steps/s (how a multi-seed run goes)",
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
            if (!spec.optimizer.equals("flow")) { // the plain-loop yardstick is a descent step
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
    static double stepsPerSecond(ExperimentSpec spec, double seconds) {
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
            DoubleUnaryOperator kernel = plain ? new PlainLoops(start, cost)::step
                    : spec.optimizer.equals("flow") ? flow(new GradientFlow(net, cost, spec.tolerance, eta))
                    : new LossGradient(net, cost)::step;
            double rate = timed(kernel, eta, seconds / 3);
            if (rep > 0) {
                best = Math.max(best, rate);
            }
        }
        return best;
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

    private static double timed(DoubleUnaryOperator kernel, double eta, double seconds) {
        long t0 = System.nanoTime();
        long deadline = t0 + (long) (seconds * 1e9);
        long steps = 0;
        long now;
        do {
            for (int i = 0; i < 10; i++) {
                kernel.applyAsDouble(eta);
            }
            steps += 10;
            now = System.nanoTime();
        } while (now < deadline);
        return steps / ((now - t0) / 1e9);
    }
}
