package saddlelab.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import saddlelab.engine.Rng;

/**
 * The saddle detector on synthetic traces whose saddles are known: a loss that falls in K sigmoidal
 * drops (one per rank, as in Saxe et al.'s solution), with ‖∇θL‖ the size of the loss's time derivative
 * plus a floor, so it dips between drops and peaks at each escape.
 */
class SaddlesTest {
    /** Drops at times {@code centers}, of sizes {@code drops}, with sharpness {@code rate}; records at n times. */
    static Trace staircase(double initial, double[] centers, double[] drops, double rate, int n, double tEnd,
            double jitter, long seed) {
        double[] rates = new double[centers.length];
        java.util.Arrays.fill(rates, rate);
        return staircase(initial, centers, drops, rates, n, tEnd, jitter, seed, null);
    }

    /**
     * With a sharpness per drop and {@code floors[k]}, the gradient norm's floor on the k-th plateau
     * (null: 1e-6·initial on all).
     */
    static Trace staircase(double initial, double[] centers, double[] drops, double[] rates, int n, double tEnd,
            double jitter, long seed, double[] floors) {
        Trace t = new Trace(1, 1);
        Rng rng = new Rng(seed);
        for (int i = 0; i < n; i++) {
            double time = tEnd * i / (n - 1);
            double loss = initial;
            double slope = 0;
            int rank = 0;
            for (int k = 0; k < centers.length; k++) {
                double s = 1 / (1 + Math.exp(-rates[k] * (time - centers[k])));
                loss -= drops[k] * s;
                slope += drops[k] * rates[k] * s * (1 - s);
                rank += s > 0.5 ? 1 : 0;
            }
            double floor = floors == null ? 1e-6 * initial : floors[rank];
            double grad = (slope + floor) * (1 + jitter * (rng.nextDouble() - 0.5));
            double[] r = new double[t.recordWidth()];
            r[Trace.STEP] = i;
            r[Trace.TIME] = time;
            r[Trace.TRAIN_LOSS] = loss;
            r[Trace.RANK] = rank;
            r[Trace.GRAD_NORM] = grad;
            t.add(r);
        }
        return t;
    }

    @Test
    void findsEverySaddleOfAStaircaseInOrderWithItsRanks() {
        double[] centers = {100, 200, 260};
        double[] drops = {5, 2, 0.999};
        for (long seed = 1; seed <= 20; seed++) {
            Trace t = staircase(8, centers, drops, 0.3, 400, 500, 0.3, seed);
            List<Saddles.Saddle> found = Saddles.find(t);
            assertEquals(3, found.size(), "seed " + seed);
            double[] levels = {8, 3, 1};
            for (int k = 0; k < 3; k++) {
                Saddles.Saddle sd = found.get(k);
                assertEquals(k, sd.rank);
                assertEquals(k + 1, sd.escapedToRank);
                assertEquals(levels[k], sd.loss, 1e-3 * levels[k]);
                assertTrue(sd.escape <= centers[k] && sd.escape > centers[k] - 40, "escape " + sd.escape);
                assertTrue(k == 0 ? sd.arrival == 0 : sd.arrival >= centers[k - 1] && sd.arrival < centers[k - 1] + 40,
                        "arrival " + sd.arrival);
            }
        }
    }

    /**
     * As in a real run from a small initialization (Fig. 2): the origin's plateau has a far smaller
     * gradient norm than the later ones, and later escapes are steeper. Each saddle must still be
     * timed against its own escape and report the rank of the very next plateau (the detector once
     * took the run's highest peak for the origin's escape and said the origin escaped to rank 3).
     */
    @Test
    void eachSaddleEscapesToTheNextPlateauWhenLaterPlateausSitHigher() {
        double[] centers = {100, 200, 260};
        double[] drops = {5, 2, 0.999};
        double[] floors = {1e-7, 1e-2, 3e-2, 1e-9};
        for (long seed = 1; seed <= 20; seed++) {
            Trace t = staircase(8, centers, drops, new double[] {0.1, 0.5, 2}, 600, 500, 0.2, seed, floors);
            List<Saddles.Saddle> found = Saddles.find(t);
            assertEquals(3, found.size(), "seed " + seed);
            for (int k = 0; k < 3; k++) {
                Saddles.Saddle sd = found.get(k);
                assertEquals(k, sd.rank, "seed " + seed);
                assertEquals(k + 1, sd.escapedToRank, "seed " + seed + ", saddle " + k);
                assertTrue(sd.escape <= centers[k] && sd.escape > centers[k] - 60, "seed " + seed + ", escape " + sd.escape);
            }
        }
    }

    @Test
    void aMonotoneDescentHasNoSaddle() {
        Trace t = new Trace(1, 1);
        for (int i = 0; i < 200; i++) {
            double[] r = new double[t.recordWidth()];
            r[Trace.TIME] = i;
            r[Trace.TRAIN_LOSS] = 10 / (1 + i * i);
            r[Trace.GRAD_NORM] = 5 / (1 + i);
            t.add(r);
        }
        assertEquals(List.of(), Saddles.find(t));
    }

    @Test
    void aRunStoppedOnAPlateauDoesNotReportThatPlateau() {
        // stopped at t = 230: the third plateau (loss 1) never escapes before the end
        Trace t = staircase(8, new double[] {100, 200, 400}, new double[] {5, 2, 0.999}, 0.3, 300, 230, 0, 1);
        List<Saddles.Saddle> found = Saddles.find(t);
        assertEquals(2, found.size());
        assertEquals(1, found.get(1).rank);
    }

    @Test
    void shallowWigglesOfTheGradientNormAreNotSaddles() {
        Trace t = new Trace(1, 1);
        for (int i = 0; i < 300; i++) {
            double[] r = new double[t.recordWidth()];
            r[Trace.TIME] = i;
            r[Trace.TRAIN_LOSS] = 10 * Math.exp(-0.01 * i) + 1;
            r[Trace.GRAD_NORM] = 0.1 * Math.exp(-0.01 * i) * (2 + Math.sin(i / 5.0)); // dips by 3× at most
            t.add(r);
        }
        assertEquals(List.of(), Saddles.find(t));
    }
}
