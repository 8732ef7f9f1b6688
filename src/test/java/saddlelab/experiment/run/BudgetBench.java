package saddlelab.experiment.run;

import java.util.Locale;
import saddlelab.engine.Rng;
import saddlelab.experiment.spec.ExperimentSpec;

/**
 * {@code ./mvnw -q test-compile exec:java@budget-bench}: does the cost model bound what runs cost? Seeded
 * random specs (both tasks, depths 1–5, widths to 300, records, test sets, the flow) run on one JVM core;
 * each one's time is set beside its estimate, turned into milliseconds by this machine's speed measured
 * in the same run on the page's calibration spec. Prints the ratio per case and the worst; the target is
 * measured ≤ 2 × estimated for every case (the estimate may be high: its weights round up). A benchmark,
 * not a test: times vary with the machine's load.
 */
public final class BudgetBench {
    private BudgetBench() {
    }

    static final String CALIBRATION = "{\"task\":{\"type\":\"completion\",\"rows\":10,\"cols\":10,\"rank\":3,"
            + "\"observed\":0.7},\"depth\":4,\"width\":100,\"init\":{\"gamma\":2},\"learningRate\":0.1,\"steps\":3000,"
            + "\"records\":2}";

    /** Shapes at the edges the random cases rarely reach: wide nets (memory-bound), n₀ = 3, big matrices, deep nets. */
    static final String[] EXTREMES = {
        "{\"task\":{\"type\":\"teacher\",\"inputs\":3,\"outputs\":3,\"teacherRank\":3,\"train\":50},\"depth\":4,"
            + "\"width\":700,\"init\":{\"gamma\":2},\"learningRate\":1e-6,\"steps\":60,\"records\":4}",
        "{\"task\":{\"type\":\"teacher\",\"inputs\":5,\"outputs\":5,\"teacherRank\":5,\"train\":100},\"depth\":4,"
            + "\"width\":1000,\"init\":{\"gamma\":2},\"learningRate\":1e-6,\"steps\":30,\"records\":4}",
        "{\"task\":{\"type\":\"completion\",\"rows\":200,\"cols\":150,\"rank\":5,\"observed\":0.3},\"depth\":2,"
            + "\"width\":64,\"init\":{\"gamma\":2},\"learningRate\":1e-6,\"steps\":100,\"records\":20}",
        "{\"task\":{\"type\":\"teacher\",\"inputs\":4,\"outputs\":4,\"teacherRank\":4,\"train\":40},\"depth\":10,"
            + "\"width\":50,\"init\":{\"gamma\":2},\"learningRate\":1e-6,\"steps\":2000,\"records\":50}",
        "{\"task\":{\"type\":\"teacher\",\"inputs\":64,\"outputs\":64,\"teacherRank\":64,\"train\":5000,\"test\":5000},"
            + "\"depth\":1,\"width\":10,\"init\":{\"gamma\":2},\"learningRate\":1e-6,\"steps\":20,\"records\":20}",
    };

    static double millis(ExperimentSpec spec) {
        double best = Double.POSITIVE_INFINITY;
        for (int rep = 0; rep < 2; rep++) { // the first warms the JIT up
            long t0 = System.nanoTime();
            new Run(spec, 0).complete();
            best = Math.min(best, (System.nanoTime() - t0) / 1e6);
        }
        return best;
    }

    static String randomSpec(Rng rng) {
        int depth = 1 + (int) (rng.nextDouble() * 5);
        int width = 5 + (int) (rng.nextDouble() * 295);
        boolean completion = rng.nextDouble() < 0.5;
        String task;
        if (completion) {
            int n = 3 + (int) (rng.nextDouble() * 60);
            task = String.format(Locale.ROOT, "{\"type\":\"completion\",\"rows\":%d,\"cols\":%d,\"rank\":%d,\"observed\":0.5}",
                    n, n, 1 + (int) (rng.nextDouble() * 3));
        } else {
            int n = 2 + (int) (rng.nextDouble() * 30);
            task = String.format(Locale.ROOT, "{\"type\":\"teacher\",\"inputs\":%d,\"outputs\":%d,\"teacherRank\":%d,"
                    + "\"train\":%d,\"test\":%d}", n, n, n, 10 + (int) (rng.nextDouble() * 2000), (int) (rng.nextDouble() * 1000));
        }
        boolean flow = rng.nextDouble() < 0.2;
        int records = 2 + (int) (rng.nextDouble() * 400);
        int steps = flow ? 200 : 200 + (int) (rng.nextDouble() * 3000);
        return "{\"task\":" + task + ",\"depth\":" + depth + ",\"width\":" + width + ",\"init\":{\"gamma\":2},"
                + "\"learningRate\":1e-6,\"steps\":" + steps + ",\"records\":" + records
                + (flow ? ",\"optimizer\":{\"type\":\"flow\",\"tolerance\":1e-6}" : "") + "}";
    }

    public static void main(String[] args) {
        int cases = args.length > 0 ? Integer.parseInt(args[0]) : 24;
        ExperimentSpec cal = ExperimentSpec.parse(CALIBRATION);
        double speed = Budget.estimate(cal).workPerRun / millis(cal); // weighted multiply–adds per ms
        System.out.printf(Locale.ROOT, "# this machine: %.3g weighted multiply–adds per ms on the calibration spec%n", speed);
        Rng rng = new Rng(20261201L);
        double worst = 0;
        for (int k = 0; k < cases + EXTREMES.length; k++) {
            ExperimentSpec spec = ExperimentSpec.parse(k < EXTREMES.length ? EXTREMES[k] : randomSpec(rng));
            Budget.Estimate e = Budget.estimate(spec);
            double estimated = e.workPerRun / speed;
            double measured = millis(spec);
            double ratio = measured / estimated;
            worst = Math.max(worst, ratio);
            int[] w = spec.layerWidths();
            System.out.printf(Locale.ROOT, "budget case=%d L=%d w=%d n0=%d nL=%d %s%s steps=%d records=%d dominant=\"%s\""
                    + " estimated_ms=%.1f measured_ms=%.1f measured/estimated=%.2f%n", k, spec.depth, spec.width, w[0],
                    w[w.length - 1], spec.task.type, spec.task.isCompletion() ? "" : " train=" + spec.task.train
                    + " test=" + spec.task.test, spec.steps, spec.records, e.dominant().what, estimated, measured, ratio);
        }
        System.out.printf(Locale.ROOT, "# worst measured/estimated = %.2f (target ≤ 2)%n", worst);
    }
}
