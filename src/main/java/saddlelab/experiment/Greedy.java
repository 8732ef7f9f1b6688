package saddlelab.experiment;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import saddlelab.engine.Cost;
import saddlelab.engine.GreedyLowRank;

/**
 * The greedy low-rank algorithm (paper §5.3) for a spec's task and depth, with the spec's learning
 * rate; writes {@code {"saddles": [{"rank", "loss", "testLoss", "width"}], "paths": [{"width",
 * "steps", "trainLoss", "testLoss"}], "minimum": {…}, "epsilon", "stepsPerStage"}}. The saddles are the
 * origin ϑ^0 and the end of every stage but the last; the last stage ends at the minimum.
 */
public final class Greedy {
    private Greedy() {
    }

    public static final double DEFAULT_EPSILON = 0.1;

    public static List<GreedyLowRank.Stage> run(ExperimentSpec spec, double epsilon, int stepsPerStage) {
        Cost cost = Tasks.build(spec, spec.seed);
        int maxWidth = Math.min(cost.inputs(), cost.outputs());
        return GreedyLowRank.run(cost, spec.depth, epsilon, stepsPerStage, spec.effectiveLearningRate(), maxWidth,
                Tasks.lossFloor(cost), spec.rankTolerance, 60);
    }

    public static String json(ExperimentSpec spec, double epsilon, int stepsPerStage) {
        Cost cost = Tasks.build(spec, spec.seed);
        List<GreedyLowRank.Stage> stages = run(spec, epsilon, stepsPerStage);
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
        doc.put("epsilon", epsilon);
        doc.put("stepsPerStage", stepsPerStage);
        return Json.write(doc);
    }
}
