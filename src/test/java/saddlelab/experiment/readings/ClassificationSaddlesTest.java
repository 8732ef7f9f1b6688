package saddlelab.experiment.readings;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import saddlelab.engine.GreedyLowRank;
import saddlelab.engine.Rng;
import saddlelab.experiment.documents.Results;
import saddlelab.experiment.run.Run;
import saddlelab.experiment.spec.ExperimentSpec;

/**
 * The saddle reading on a loss with no minimizer (issue 31), on seeded random cross-entropy tasks at depth 4 from a
 * small initialization and 400 samples: every plateau the run lists at a rank where the greedy low-rank algorithm
 * stops at a stationary point (its stages minimize the loss over rank-k matrices, which has a minimum while rank-k
 * scores cannot separate the classes) sits within 2 % of that saddle's loss. (With 150 samples the rank-k minima
 * lie far out, near separable, and both the run and a greedy stage of finite length stop short of them: 1–16 %.)
 */
class ClassificationSaddlesTest {
    @Test
    @SuppressWarnings("unchecked")
    void plateausOfCrossEntropySitAtTheGreedySaddlesOfTheirRank() {
        Rng rng = new Rng(20261206);
        int compared = 0;
        StringBuilder report = new StringBuilder();
        for (int k = 0; k < 4; k++) {
            int inputs = 6 + rng.nextInt(6);
            int classes = 3 + rng.nextInt(2);
            int rank = 2 + rng.nextInt(classes - 2);
            String json = "{\"task\":{\"type\":\"classification\",\"inputs\":" + inputs + ",\"classes\":" + classes
                    + ",\"loss\":\"crossEntropy\",\"teacherRank\":" + rank + ",\"train\":400,\"seed\":" + (k + 1) + "},"
                    + "\"depth\":4,\"width\":20,\"init\":{\"gamma\":2},\"learningRate\":0.1,\"steps\":30000,\"records\":150,"
                    + "\"seed\":" + (k + 3) + "}";
            ExperimentSpec spec = ExperimentSpec.parse(json);
            Run run = new Run(spec, 0).complete();
            List<Object> saddles = (List<Object>) Results.runToMap(run).get("saddles");
            List<GreedyLowRank.Stage> stages = Greedy.run(spec, Greedy.DEFAULT_EPSILON, Greedy.DEFAULT_TOLERANCE, spec.steps);
            for (Object o : saddles) {
                Map<String, Object> sd = (Map<String, Object>) o;
                int r = ((Number) sd.get("rank")).intValue();
                if (r == 0) {
                    continue; // the origin: C(0) = log K, exactly
                }
                double loss = ((Number) sd.get("loss")).doubleValue();
                double greedy = Double.NaN;
                boolean saddle = false;
                for (GreedyLowRank.Stage s : stages) {
                    if (s.rank == r && greedy != greedy) {
                        greedy = s.loss;
                        saddle = s.stationary();
                    }
                }
                report.append(String.format("%ncase %d (n0 %d, K %d, r %d): plateau at rank %d, loss %.4g, greedy %.4g", k,
                        inputs, classes, rank, r, loss, greedy));
                if (!saddle) {
                    continue; // the rank at which the classes separate: no minimum there, the loss falls as 1/t
                }
                assertTrue(Math.abs(loss - greedy) <= 0.02 * greedy, "case " + k + ": plateau " + loss + " vs greedy "
                        + greedy + report);
                compared++;
            }
        }
        assertTrue(compared >= 4, "plateaus compared: " + compared + report);
    }
}
