package saddlelab.experiment.readings;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import saddlelab.engine.Cost;
import saddlelab.engine.GreedyLowRank;
import saddlelab.engine.Stepper;
import saddlelab.experiment.run.PathView;
import saddlelab.experiment.spec.ExperimentSpec;
import saddlelab.experiment.spec.NumberText;
import saddlelab.experiment.spec.Tasks;

/**
 * The greedy low-rank algorithm (paper §5.3) for a spec's task and depth, with the spec's learning
 * rate; writes {@code {"saddles": [{"rank", "loss", "testLoss", "width", "stationary"}], "paths":
 * [{"width", "steps", "trainLoss", "testLoss"}], "minimum": {…}, "outcome": {"kind", "text"},
 * "epsilon", "tolerance", "stepsPerStage"}}. The saddles are the origin ϑ^0 and the end of every stage
 * but the last; "minimum" is the end of the last stage, and the outcome says whether it is the
 * minimum ({@code minimum}), a stationary point that is not one ({@code stationary}) or a stage that
 * did not settle in its steps ({@code unconverged}).
 */
public final class Greedy {
    private Greedy() {
    }

    /** The scale of each new unit. */
    public static final double DEFAULT_EPSILON = 0.1;
    /** Stop once the loss is this close to its minimum, relative to where it started. */
    public static final double DEFAULT_TOLERANCE = 1e-6;

    public static List<GreedyLowRank.Stage> run(ExperimentSpec spec, double epsilon, double tolerance,
            int stepsPerStage) {
        return run(Tasks.build(spec, spec.seed), spec, epsilon, tolerance, stepsPerStage);
    }

    static List<GreedyLowRank.Stage> run(Cost cost, ExperimentSpec spec, double epsilon, double tolerance,
            int stepsPerStage) {
        int maxWidth = Math.min(cost.inputs(), cost.outputs());
        return GreedyLowRank.run(cost, spec.depth, epsilon, tolerance, stepsPerStage, spec.effectiveLearningRate(),
                maxWidth, Tasks.lossFloor(cost), spec.rankTolerance, 60, engine, progress);
    }

    /** Whose steps the greedy stages take: the Java engine, or the worker's kernel ({@link #useEngine}). */
    private static Stepper.Factory engine = Stepper::of;
    /** Who hears of each stage (the worker, which tells the page). */
    private static GreedyLowRank.Progress progress = (width, max) -> { };

    /** Where the stages' progress goes, wherever the algorithm runs ({@link #useEngine}'s companion). */
    public static void useProgress(GreedyLowRank.Progress listener) {
        progress = listener;
    }

    /**
     * The engine the greedy algorithm's stages step on, wherever it runs (the preset checks' and the page's
     * greedy alike): the browser worker sets its WebAssembly kernel here, which takes the same steps to
     * the bit and is several times faster than TeaVM's build of the Java engine.
     */
    public static void useEngine(Stepper.Factory steppers) {
        engine = steppers;
    }

    /** What the last stage reached: {"kind": minimum | stationary | unconverged | diverged, "text"}. */
    static Map<String, Object> outcome(Cost cost, List<GreedyLowRank.Stage> stages, double tolerance,
            int stepsPerStage) {
        return outcome(cost, stages, tolerance, stepsPerStage, 0);
    }

    /** @param taskRank the rank of the task's matrix when known (completion), else 0 */
    static Map<String, Object> outcome(Cost cost, List<GreedyLowRank.Stage> stages, double tolerance,
            int stepsPerStage, int taskRank) {
        double floor = Tasks.lossFloor(cost);
        double start = cost.evaluate(new double[cost.inputs() * cost.outputs()], null);
        GreedyLowRank.Stage last = stages.get(stages.size() - 1);
        int limit = Math.min(cost.inputs(), cost.outputs());
        String kind;
        StringBuilder text = new StringBuilder();
        if (!(last.loss - last.loss == 0)) {
            kind = "diverged";
            text.append("the width-").append(last.width).append(" stage diverged: lower the spec's learning rate");
        } else if (last.loss - floor <= tolerance * (start - floor)) {
            kind = "minimum";
            text.append("reached the minimum at width ").append(last.width).append(" (rank ").append(last.rank)
                    .append(", loss ").append(NumberText.approx(last.loss, 3)).append(")");
        } else if (last.stationary()) {
            kind = "stationary";
            text.append("stalled at width ").append(last.width).append(" (rank ").append(last.rank)
                    .append("): a stationary point with loss ").append(NumberText.approx(last.loss, 4))
                    .append(", above the minimum ").append(NumberText.approx(floor, 4)).append(", so not a minimum");
        } else {
            kind = "unconverged";
            text.append("the last stage (width ").append(last.width).append(") did not settle in its ")
                    .append(stepsPerStage).append(" steps (loss ").append(NumberText.approx(last.loss, 4))
                    .append(", ‖∇θL‖ still ").append(NumberText.approx(last.gradNorm / last.peakGradNorm, 2))
                    .append(" of its peak): more steps per stage would take it further");
        }
        if (!kind.equals("minimum") && last.width >= limit) {
            text.append("; the width limit min(n₀, n_L) = ").append(limit).append(" was reached");
        }
        if (taskRank > 0 && last.rank > taskRank) {
            text.append("; the task's matrix has rank ").append(taskRank)
                    .append(", so this is not the lowest-rank completion");
            for (GreedyLowRank.Stage s : stages) {
                if (s.rank == taskRank && s.stationary() && s.loss - floor > tolerance * (start - floor)) {
                    text.append(" (the width-").append(s.width).append(" stage stalled at rank ").append(taskRank)
                            .append(" with loss ").append(NumberText.approx(s.loss, 3))
                            .append(": a stationary point that is not a minimum)");
                    break;
                }
            }
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", kind);
        m.put("text", text.toString());
        return m;
    }

    /** The greedy algorithm's document (stages, saddles, paths, outcome); the caller serializes it. */
    public static Map<String, Object> document(ExperimentSpec spec, double epsilon, double tolerance, int stepsPerStage) {
        Cost cost = Tasks.build(spec, spec.seed);
        List<GreedyLowRank.Stage> stages = run(cost, spec, epsilon, tolerance, stepsPerStage);
        List<Object> saddles = new ArrayList<>();
        Map<String, Object> origin = new LinkedHashMap<>();
        double[] zero = new double[cost.inputs() * cost.outputs()];
        origin.put("rank", 0);
        origin.put("loss", cost.evaluate(zero, null));
        origin.put("testLoss", cost.testLoss(zero));
        origin.put("width", 0);
        saddles.add(origin);
        List<Object> paths = new ArrayList<>();
        PathView view = new PathView(cost);
        Map<String, Object> minimum = null;
        for (int i = 0; i < stages.size(); i++) {
            GreedyLowRank.Stage s = stages.get(i);
            Map<String, Object> end = new LinkedHashMap<>();
            end.put("rank", s.rank);
            end.put("loss", s.loss);
            end.put("testLoss", s.testLoss);
            end.put("width", s.width);
            end.put("stationary", s.stationary());
            if (i < stages.size() - 1) {
                saddles.add(end);
            } else {
                minimum = end;
            }
            Map<String, Object> path = new LinkedHashMap<>();
            path.put("width", s.width);
            path.put("steps", s.steps);
            path.put("trainLoss", s.losses);
            path.put("testLoss", s.testLosses);
            double[] px = new double[s.products.length];
            double[] py = new double[s.products.length];
            for (int k = 0; k < px.length; k++) {
                px[k] = view.x(s.products[k]);
                py[k] = view.y(s.products[k]);
            }
            path.put("pathX", px);
            path.put("pathY", py);
            paths.add(path);
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("saddles", saddles);
        doc.put("paths", paths);
        doc.put("minimum", minimum);
        doc.put("outcome", outcome(cost, stages, tolerance, stepsPerStage,
                spec.task.isMatrix() && spec.task.teacherDiagonal == null ? spec.task.rank : 0));
        doc.put("epsilon", epsilon);
        doc.put("tolerance", tolerance);
        doc.put("stepsPerStage", stepsPerStage);
        return doc;
    }
}
