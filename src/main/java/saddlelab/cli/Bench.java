package saddlelab.cli;

import java.io.PrintStream;
import java.util.Locale;
import saddlelab.engine.Cost;
import saddlelab.engine.DeepLinearNetwork;
import saddlelab.engine.LossGradient;
import saddlelab.experiment.ExperimentSpec;
import saddlelab.experiment.Run;
import saddlelab.experiment.Tasks;

/**
 * {@code bench}: gradient steps per second of the engine's step kernel on the JVM, one line per
 * case ({@code bench case=… engine=jvm steps_per_s=…}). Speed targets live here, never in tests.
 */
final class Bench {
    private Bench() {
    }

    static final String[][] CASES = {
        {"fig2-w100", teacher(100)},
        {"fig2-w1000", teacher(1000)},
        {"mc30-w100", "{\"task\":{\"type\":\"completion\",\"rows\":30,\"cols\":30,\"rank\":1,\"observed\":0.2},"
            + "\"depth\":4,\"width\":100,\"init\":{\"gamma\":1},\"learningRate\":0.05,\"steps\":1}"},
        {"mc10-w100", "{\"task\":{\"type\":\"completion\",\"rows\":10,\"cols\":10,\"rank\":3,\"observed\":0.7},"
            + "\"depth\":4,\"width\":100,\"init\":{\"gamma\":1},\"learningRate\":0.05,\"steps\":1}"},
    };

    /** The Fig. 2 kernel: teacher 10·diag(1..5), N = 100 Gaussian inputs, L = 4. */
    static String teacher(int width) {
        return "{\"task\":{\"type\":\"teacher\",\"inputs\":5,\"outputs\":5,\"teacherDiagonal\":[10,20,30,40,50],"
                + "\"train\":100},\"depth\":4,\"width\":" + width
                + ",\"init\":{\"gamma\":1},\"learningRate\":1e-4,\"steps\":1}";
    }

    static void run(PrintStream out) {
        for (String[] c : CASES) {
            double rate = stepsPerSecond(ExperimentSpec.parse(c[1]), 2.0);
            out.println(String.format(Locale.ROOT, "bench case=%s engine=jvm steps_per_s=%.1f", c[0], rate));
        }
    }

    /** Best of three timed windows after a warm-up, each about {@code seconds}/3 long. */
    static double stepsPerSecond(ExperimentSpec spec, double seconds) {
        Cost cost = Tasks.build(spec, spec.seed);
        DeepLinearNetwork net = new DeepLinearNetwork(spec.layerWidths());
        Run.initialize(net, spec, spec.seed);
        DeepLinearNetwork start = net.copy();
        LossGradient kernel = new LossGradient(net, cost);
        double eta = spec.effectiveLearningRate();
        timed(kernel, eta, seconds / 3); // warm-up (JIT)
        double best = 0;
        for (int rep = 0; rep < 3; rep++) {
            net.copyFrom(start);
            best = Math.max(best, timed(kernel, eta, seconds / 3));
        }
        return best;
    }

    private static double timed(LossGradient kernel, double eta, double seconds) {
        long t0 = System.nanoTime();
        long deadline = t0 + (long) (seconds * 1e9);
        long steps = 0;
        long now;
        do {
            for (int i = 0; i < 10; i++) {
                kernel.step(eta);
            }
            steps += 10;
            now = System.nanoTime();
        } while (now < deadline);
        return steps / ((now - t0) / 1e9);
    }
}
