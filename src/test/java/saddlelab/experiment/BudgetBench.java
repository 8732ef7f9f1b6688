package saddlelab.experiment;

import java.util.Locale;
import saddlelab.engine.Rng;

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
        for (int k = 0; k < cases; k++) {
            ExperimentSpec spec = ExperimentSpec.parse(randomSpec(rng));
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
