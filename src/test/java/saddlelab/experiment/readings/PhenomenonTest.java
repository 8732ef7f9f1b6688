package saddlelab.experiment.readings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import saddlelab.engine.GreedyLowRank;
import saddlelab.experiment.Fig1;
import saddlelab.experiment.run.Run;
import saddlelab.experiment.run.RunStatus;
import saddlelab.experiment.run.Trace;
import saddlelab.experiment.spec.ExperimentSpec;

/**
 * The lab's reason to exist (paper Fig. 1, §5–6): small initialization (γ = 2) learns the rank-3
 * matrix one rank at a time with a loss drop per rank and generalizes; the NTK regime (γ = 1 − 1/L
 * with the width-scaled rate) fits the observed entries at nearly full rank without beating the zero
 * predictor on the unobserved ones.
 */
class PhenomenonTest {
    @Test
    void greedyLowRankSaddlesAreThePlateausOfTheRun() {
        Run run = Fig1.run();
        List<GreedyLowRank.Stage> stages = Greedy.run(run.spec(), Greedy.DEFAULT_EPSILON, Greedy.DEFAULT_TOLERANCE, 20000);
        double[] greedyLoss = new double[4];
        greedyLoss[0] = run.cost().evaluate(new double[100], null);
        for (GreedyLowRank.Stage st : stages) {
            greedyLoss[st.rank] = st.loss;
        }
        assertEquals(3, stages.get(stages.size() - 1).rank, "the greedy algorithm ends at rank 3");
        assertTrue(stages.get(stages.size() - 1).loss < 1e-6);
        // the three plateaus of Fig. 1: the origin and the saddles of rank 1 and 2, each escaping to the next rank
        List<Saddles.Saddle> plateaus = Saddles.find(run.trace(), run.referenceScale());
        assertEquals(3, plateaus.size(), "plateaus found");
        for (int k = 0; k < 3; k++) {
            Saddles.Saddle sd = plateaus.get(k);
            assertEquals(k, sd.rank);
            assertEquals(k + 1, sd.escapedToRank);
            assertEquals(greedyLoss[sd.rank], sd.loss, 0.02 * greedyLoss[sd.rank], "plateau of rank " + sd.rank);
            assertTrue(sd.arrival < sd.escape, "arrival before escape");
            assertTrue(k == 0 || plateaus.get(k - 1).escape < sd.arrival, "plateaus in order");
        }
        // every saddle the run passes, plateau or not: the record of smallest ‖∇θL‖ at each rank
        Trace t = run.trace();
        for (int rank = 1; rank <= 2; rank++) {
            int best = -1;
            for (int i = 0; i < t.size(); i++) {
                if (t.get(i, Trace.RANK) == rank && (best < 0 || t.get(i, Trace.GRAD_NORM) < t.get(best, Trace.GRAD_NORM))) {
                    best = i;
                }
            }
            assertTrue(best >= 0, "the run passes rank " + rank);
            assertEquals(greedyLoss[rank], t.get(best, Trace.TRAIN_LOSS), 0.02 * greedyLoss[rank], "saddle of rank " + rank);
        }
    }

    @Test
    void saddleToSaddleLearnsRankOneTwoThreeInOrder() {
        Run run = Fig1.run();
        assertEquals(RunStatus.DONE, run.status());
        Trace t = run.trace();
        List<Integer> ranks = new ArrayList<>();
        List<Double> plateauLoss = new ArrayList<>(); // train loss at the last record of each rank
        for (int i = 0; i < t.size(); i++) {
            int rank = (int) t.get(i, Trace.RANK);
            if (ranks.isEmpty() || ranks.get(ranks.size() - 1) != rank) {
                ranks.add(rank);
                plateauLoss.add(0.0);
            }
            plateauLoss.set(plateauLoss.size() - 1, t.get(i, Trace.TRAIN_LOSS));
        }
        assertEquals(List.of(0, 1, 2, 3), ranks, "rank grows one at a time");
        // three drops: each rank ends well below the plateau of the rank before
        for (int k = 1; k < plateauLoss.size(); k++) {
            assertTrue(plateauLoss.get(k) < 0.8 * plateauLoss.get(k - 1), "drop " + k + ": " + plateauLoss);
        }
        double test = t.get(t.size() - 1, Trace.TEST_LOSS);
        assertTrue(test < 1e-3 * run.zeroTestLoss(), "test " + test + " vs zero predictor " + run.zeroTestLoss());
    }

    @Test
    void ntkRegimeHasNoLowRankBias() {
        double ratio = 0;
        int seeds = 3;
        String ntk = Fig1.SPEC.replace("{\"gamma\":2}", "{\"gamma\":0.75},\"widthScaledLearningRate\":true")
                .replace("\"steps\":20000", "\"steps\":5000").replace("\"seed\":1", "\"seed\":1,\"seeds\":" + seeds);
        ExperimentSpec spec = ExperimentSpec.parse(ntk);
        for (int s = 0; s < seeds; s++) {
            Run run = new Run(spec, s).complete();
            Trace t = run.trace();
            int last = t.size() - 1;
            assertTrue(t.get(last, Trace.TRAIN_LOSS) < 1e-6, "the observed entries are fitted");
            assertTrue(t.get(last, Trace.RANK) >= 9, "near full rank: " + t.get(last, Trace.RANK));
            assertEquals(List.of(), Saddles.find(t, run.referenceScale()), "the NTK regime visits no saddle");
            ratio += t.get(last, Trace.TEST_LOSS) / run.zeroTestLoss() / seeds;
        }
        assertTrue(ratio >= 1.0, "mean test loss / zero predictor's = " + ratio);
    }
}
