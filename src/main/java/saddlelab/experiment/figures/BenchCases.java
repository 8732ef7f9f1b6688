package saddlelab.experiment.figures;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import saddlelab.experiment.spec.ExperimentSpec;
import saddlelab.experiment.spec.Json;

/**
 * The benchmark cases, defined once: the JVM's {@code bench}, the browser's {@code bench.html} (through
 * the worker) and the NumPy/PyTorch reference ({@code bench/reference.py}, given {@link #referenceJson})
 * all time these specs. The Fig. 2 task (teacher 10·diag(1..5), N = 100, L = 4) at three widths, two
 * completion tasks, the Fig. 2 task under gradient flow (its steps/s are accepted integrator steps,
 * seven gradients each and the same ones on every engine; the NumPy and PyTorch references are descent only),
 * and under the other optimizers at w = 100 (issue 30): minibatch SGD (20 of the 100 samples), heavy-ball
 * momentum and Adam, whose cost per step over {@code fig2-w100}'s is the optimizer's own; and matrix sensing
 * and logistic classification (issue 31), whose costs the kernel leaves to the host.
 */
public final class BenchCases {
    private BenchCases() {
    }

    /** {name, spec JSON}. */
    public static final String[][] CASES = {
        {"fig2-w10", teacher(10)},
        {"fig2-w100", teacher(100)},
        {"fig2-w1000", teacher(1000)},
        {"mc30-w100", completion(30, 1, 0.2)},
        {"mc10-w100", completion(10, 3, 0.7)},
        {"flow-w100", flow(teacher(100))},
        {"sgd-w100", optimizer(teacher(100), "{\"type\":\"sgd\",\"batch\":20}")},
        {"momentum-w100", optimizer(teacher(100), "{\"type\":\"sgd\",\"momentum\":0.9}")},
        {"adam-w100", optimizer(teacher(100), "{\"type\":\"adam\"}")},
        {"sensing-w100", sensing(100)},
        {"logistic-w100", logistic(100)},
    };

    /** Two-class logistic regression (issue 31): 300 Gaussian inputs in ℝ²⁰ labelled by a rank-1 teacher, L = 4. */
    static String logistic(int width) {
        return "{\"task\":{\"type\":\"classification\",\"inputs\":20,\"classes\":2,\"loss\":\"logistic\","
                + "\"teacherRank\":1,\"train\":300,\"seed\":1},\"depth\":4,\"width\":" + width
                + ",\"init\":{\"gamma\":1},\"learningRate\":0.05,\"steps\":1}";
    }

    /** Matrix sensing (issue 31): a 10×10 rank-2 matrix from 300 Gaussian measurements, L = 4. */
    static String sensing(int width) {
        return "{\"task\":{\"type\":\"sensing\",\"rows\":10,\"cols\":10,\"rank\":2,\"measurements\":300,\"seed\":1},"
                + "\"depth\":4,\"width\":" + width + ",\"init\":{\"gamma\":1},\"learningRate\":1e-3,\"steps\":1}";
    }

    /** The optimizer cases beside the plain-descent case they are read against. */
    public static final String PLAIN_DESCENT_CASE = "fig2-w100";

    /**
     * The θ-sized blocks an optimizer's step reads and writes beyond plain descent's (whose update is fused
     * into the backward sweep): −g written and read again, θ read and written again, and each block of the
     * optimizer's state read and written (momentum's velocity; Adam's two moments).
     */
    public static int extraBlocks(ExperimentSpec spec) {
        saddlelab.engine.OptimizerStepper.Settings o = spec.optimizerSettings;
        if (spec.optimizer.equals("flow") || o.plainDescent()) {
            return 0;
        }
        return 4 + 2 * (o.adam() ? 2 : o.momentum > 0 ? 1 : 0);
    }

    /** The Fig. 2 task: teacher 10·diag(1..5), N = 100 Gaussian inputs, L = 4. */
    public static String teacher(int width) {
        return "{\"task\":{\"type\":\"teacher\",\"inputs\":5,\"outputs\":5,\"teacherDiagonal\":[10,20,30,40,50],"
                + "\"train\":100},\"depth\":4,\"width\":" + width
                + ",\"init\":{\"gamma\":1},\"learningRate\":1e-4,\"steps\":1}";
    }

    /** {@code spec} trained by {@code optimizer} (a spec's optimizer object). */
    static String optimizer(String spec, String optimizer) {
        return spec.substring(0, spec.length() - 1) + ",\"optimizer\":" + optimizer + "}";
    }

    /** {@code spec} integrated by gradient flow (Dormand–Prince with error control, tolerance 1e-9). */
    static String flow(String spec) {
        return spec.substring(0, spec.length() - 1) + ",\"optimizer\":{\"type\":\"flow\",\"tolerance\":1e-9}}";
    }

    static String completion(int n, int rank, double observed) {
        return "{\"task\":{\"type\":\"completion\",\"rows\":" + n + ",\"cols\":" + n + ",\"rank\":" + rank
                + ",\"observed\":" + observed + "},\"depth\":4,\"width\":100,\"init\":{\"gamma\":1},\"learningRate\":0.05,"
                + "\"steps\":1}";
    }

    /** The cases as {@code [{"name", "spec"}]} (canonical specs), for the page's benchmark. */
    public static String json() {
        List<Object> out = new ArrayList<>();
        for (String[] c : CASES) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", c[0]);
            m.put("spec", ExperimentSpec.parse(c[1]).toMap());
            out.add(m);
        }
        return Json.write(out);
    }

    /**
     * The shapes the NumPy and PyTorch references need, {@code [{"name", "task", "inputs", "outputs", "width", "depth",
     * "samples"}]} (inputs/outputs: n₀ and n_L, the columns and rows of a completion or sensing task; samples: the
     * measurements of a sensing task, the training inputs of a classification task, else 0).
     */
    public static String referenceJson() {
        List<Object> out = new ArrayList<>();
        for (String[] c : CASES) {
            ExperimentSpec spec = ExperimentSpec.parse(c[1]);
            if (spec.optimizer.equals("flow") || !spec.optimizerSettings.plainDescent()) {
                continue; // the references time plain descent only
            }
            int[] w = spec.layerWidths();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", c[0]);
            m.put("task", spec.task.type);
            m.put("inputs", w[0]);
            m.put("outputs", w[w.length - 1]);
            m.put("width", spec.width);
            m.put("depth", spec.depth);
            m.put("samples", spec.task.isSensing() ? spec.task.measurements : spec.task.isClassification() ? spec.task.train : 0);
            out.add(m);
        }
        return Json.write(out);
    }
}
