package saddlelab.experiment.readings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import saddlelab.engine.Rng;
import saddlelab.experiment.run.EscapedDirections;
import saddlelab.experiment.run.Run;
import saddlelab.experiment.run.RunStatus;
import saddlelab.experiment.run.Trace;
import saddlelab.experiment.spec.ExperimentSpec;

/**
 * The saddle detector on synthetic runs whose saddles are known: K directions escape one after the
 * other from the initialization's scale F to their learned sizes σ_k (a logistic in log scale, as in
 * Saxe et al.'s solution); the loss falls by one drop per escape and ‖∇θL‖ is the size of the loss's
 * time derivative plus a floor, so it dips on each plateau and peaks at each escape. The escaped rank of
 * each record comes from the spectrum, as in a run.
 */
class SaddlesTest {
    static final double F = 1e-6;

    /**
     * Escapes at times {@code centers} with sharpness {@code rates[k]} to sizes {@code sizes[k]} (one more
     * direction never escapes); the loss drops by {@code drops[k]} at each; records at n times up to tEnd.
     * {@code floors[k]} is the gradient norm's floor on the k-th plateau (null: 1e-6·initial).
     */
    static Trace run(double initial, double[] centers, double[] sizes, double[] drops, double[] rates, int n,
            double tEnd, double jitter, long seed, double[] floors) {
        int m = centers.length + 1;
        Trace t = new Trace(m, 1);
        Rng rng = new Rng(seed);
        double[] sv = new double[m];
        for (int i = 0; i < n; i++) {
            double time = tEnd * i / (n - 1);
            double loss = initial;
            double slope = 0;
            int plateau = 0;
            for (int k = 0; k < centers.length; k++) {
                double s = 1 / (1 + Math.exp(-rates[k] * (time - centers[k])));
                loss -= drops[k] * s;
                slope += drops[k] * rates[k] * s * (1 - s);
                sv[k] = Math.exp(Math.log(F) + (Math.log(sizes[k]) - Math.log(F)) * s);
                plateau += s > 0.5 ? 1 : 0;
            }
            sv[m - 1] = F * (1 + 0.1 * time / tEnd);
            double[] sorted = sv.clone();
            java.util.Arrays.sort(sorted);
            for (int a = 0, b = m - 1; a < b; a++, b--) {
                double x = sorted[a];
                sorted[a] = sorted[b];
                sorted[b] = x;
            }
            double floor = floors == null ? 1e-6 * initial : floors[plateau];
            double[] r = new double[t.stride()];
            r[Trace.STEP] = i;
            r[Trace.TIME] = time;
            r[Trace.TRAIN_LOSS] = loss;
            r[Trace.GRAD_NORM] = (slope + floor) * (1 + jitter * (rng.nextDouble() - 0.5));
            System.arraycopy(sorted, 0, r, Trace.SINGULAR_VALUES, m);
            r[Trace.ESCAPED_RANK] = EscapedDirections.count(sorted, sizes[0], F);
            r[Trace.ESCAPED_LOSS] = Double.NaN; // no cost to evaluate the escaped part on: the train loss stands in
            t.add(r);
        }
        return t;
    }

    static double[] same(int n, double x) {
        double[] a = new double[n];
        java.util.Arrays.fill(a, x);
        return a;
    }

    @Test
    void findsEverySaddleOfAStaircaseInOrderWithItsRanks() {
        double[] centers = {100, 200, 260};
        double[] drops = {5, 2, 0.999};
        for (long seed = 1; seed <= 20; seed++) {
            Trace t = run(8, centers, new double[] {10, 4, 1}, drops, same(3, 0.3), 400, 500, 0.3, seed, null);
            List<Saddles.Saddle> found = Saddles.find(t, 10);
            assertEquals(3, found.size(), "seed " + seed);
            double[] levels = {8, 3, 1};
            for (int k = 0; k < 3; k++) {
                Saddles.Saddle sd = found.get(k);
                assertEquals(k, sd.rank);
                assertEquals(k + 1, sd.escapedToRank);
                assertEquals(1, sd.directions());
                assertTrue(sd.clearGap);
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
     * timed against its own escape and report the rank of the very next plateau.
     */
    @Test
    void eachSaddleEscapesToTheNextPlateauWhenLaterPlateausSitHigher() {
        double[] centers = {100, 200, 260};
        double[] drops = {5, 2, 0.999};
        double[] floors = {1e-7, 1e-2, 3e-2, 1e-9};
        for (long seed = 1; seed <= 20; seed++) {
            Trace t = run(8, centers, new double[] {10, 4, 1}, drops, new double[] {0.1, 0.5, 2}, 600, 500, 0.2, seed,
                    floors);
            List<Saddles.Saddle> found = Saddles.find(t, 10);
            assertEquals(3, found.size(), "seed " + seed);
            for (int k = 0; k < 3; k++) {
                Saddles.Saddle sd = found.get(k);
                assertEquals(k, sd.rank, "seed " + seed);
                assertEquals(k + 1, sd.escapedToRank, "seed " + seed + ", saddle " + k);
                assertTrue(sd.escape <= centers[k] && sd.escape > centers[k] - 60, "seed " + seed + ", escape " + sd.escape);
            }
        }
    }

    /**
     * A bend the loss passes is not a saddle: on this completion task the rank-1 critical value (greedy,
     * and ALS's best rank-1 minimum) is 0.1505, which the same data plateau at for γ = 3 and 4; at γ = 2
     * the run bends near 0.45 without dwelling (it was listed as a rank-1 saddle at 0.353).
     */
    @Test
    void aBendTheLossPassesIsNotASaddle() {
        String spec = "{\"task\":{\"type\":\"completion\",\"rows\":12,\"cols\":7,\"rank\":2,\"observed\":0.7},\"depth\":3,"
                + "\"width\":50,\"init\":{\"gamma\":%s},\"learningRate\":0.1,\"steps\":20000,\"seed\":11,\"seeds\":3,\"records\":300}";
        saddlelab.engine.CompletionCost cost = null;
        for (String gamma : new String[] {"2.0", "3.0"}) {
            Run run = new Run(ExperimentSpec.parse(String.format(spec, gamma)), 0).complete();
            cost = (saddlelab.engine.CompletionCost) run.cost();
            double best = saddlelab.experiment.Als.minima(cost, 1, 40, 1).get(0);
            assertEquals(0.1505, best, 1e-3, "ALS's best rank-1 fit");
            for (Saddles.Saddle sd : Saddles.find(run.stableTrace(), run.referenceScale())) {
                assertTrue(sd.rank != 1 || Math.abs(sd.loss - best) <= 0.03 * best, "γ = " + gamma + ": rank 1 at " + sd.loss);
            }
            if (gamma.equals("3.0")) {
                assertTrue(Saddles.find(run.stableTrace(), run.referenceScale()).stream().anyMatch(sd -> sd.rank == 1),
                        "at γ = 3 the run dwells at the rank-1 saddle");
            }
        }
    }

    /** docs/spec.md states the rule's constants as the code has them. */
    @Test
    void theDocsStateTheRulesConstants() throws java.io.IOException {
        String doc = java.nio.file.Files.readString(java.nio.file.Path.of("docs", "spec.md"));
        StringBuilder bands = new StringBuilder();
        for (double b : Saddles.BANDS) {
            bands.append(bands.length() > 0 ? ", " : "").append(saddlelab.experiment.spec.NumberText.format(b));
        }
        assertTrue(doc.contains("`BANDS` = {" + bands + "}"), "BANDS = {" + bands + "}");
        assertTrue(doc.contains("`DWELL` = " + saddlelab.experiment.spec.NumberText.format(Saddles.DWELL) + " "), "DWELL");
        assertTrue(doc.contains("factor " + saddlelab.experiment.spec.NumberText.format(Saddles.BANDS[0]) + "³"), "the minimum's band");
    }

    /** Fig. 2's s₂ and s₃: two directions that escape in one event are one saddle that escapes by two. */
    @Test
    void twoDirectionsEscapingTogetherAreOneEventOfTwo() {
        double[] centers = {100, 200, 201};
        Trace t = run(8, centers, new double[] {10, 4, 3}, new double[] {5, 2, 0.999}, same(3, 0.3), 400, 500, 0.1, 3,
                null);
        List<Saddles.Saddle> found = Saddles.find(t, 10);
        assertEquals(2, found.size());
        assertEquals(1, found.get(1).rank);
        assertEquals(3, found.get(1).escapedToRank);
        assertEquals(2, found.get(1).directions());
    }

    @Test
    void aMonotoneDescentHasNoSaddle() {
        Trace t = new Trace(2, 1);
        for (int i = 0; i < 200; i++) {
            double[] r = new double[t.stride()];
            r[Trace.TIME] = i;
            r[Trace.TRAIN_LOSS] = 10 / (1 + i * i);
            r[Trace.GRAD_NORM] = 5 / (1 + i);
            r[Trace.SINGULAR_VALUES] = 3;
            r[Trace.SINGULAR_VALUES + 1] = 1;
            r[Trace.ESCAPED_RANK] = -1; // the NTK regime: no scales apart
            t.add(r);
        }
        assertEquals(List.of(), Saddles.find(t, 3));
    }

    @Test
    void aRunStoppedOnAPlateauDoesNotReportThatPlateau() {
        // stopped at t = 230: the third plateau (loss 1) never escapes before the end
        Trace t = run(8, new double[] {100, 200, 400}, new double[] {10, 4, 1}, new double[] {5, 2, 0.999},
                same(3, 0.3), 300, 230, 0, 1, null);
        List<Saddles.Saddle> found = Saddles.find(t, 10);
        assertEquals(2, found.size());
        assertEquals(1, found.get(1).rank);
    }

    /**
     * Runs that converge to round-off (final loss ~10⁻³²) wander there by factors of ten while ‖∇θL‖,
     * at round-off too, dips deeply at random: those dips were listed as saddles at rank 5 escaping to
     * rank 5 ("… 4 (3.046) → 5 (6.7e-31) → 5 (2.8e-32) …"). Three rates and two seeds of one teacher.
     */
    @Test
    void aRunConvergedToRoundOffListsNoSaddleAtItsMinimum() {
        String spec = "{\"task\":{\"type\":\"teacher\",\"inputs\":5,\"outputs\":5,\"teacherDiagonal\":[10,8,6,4,2],"
                + "\"train\":100,\"seed\":1},\"depth\":3,\"width\":30,\"init\":{\"gamma\":2},\"learningRate\":%s,"
                + "\"steps\":20000,\"seed\":%d,\"records\":300}";
        for (String eta : new String[] {"0.004", "0.008", "0.012"}) {
            for (int seed = 1; seed <= 2; seed++) {
                Run run = new Run(ExperimentSpec.parse(String.format(spec, eta, seed)), 0).complete();
                assertEquals(RunStatus.DONE, run.status(), run.message());
                Trace t = run.trace();
                assertTrue(t.get(t.size() - 1, Trace.TRAIN_LOSS) < 1e-25, "converged to round-off");
                List<Saddles.Saddle> found = Saddles.find(t, run.referenceScale());
                String where = "η = " + eta + ", seed " + seed;
                // the staircase's brief passages (s = 10, 8, 6, 4, 2 are close) may or may not dwell; whatever is
                // listed sits at its best fit, and nothing is listed at the minimum
                double[] fits = saddlelab.experiment.BestFits.of((saddlelab.engine.MseCost) run.cost());
                assertFalse(found.isEmpty(), where);
                for (int k = 0; k < found.size(); k++) {
                    Saddles.Saddle sd = found.get(k);
                    assertTrue(sd.rank <= 4 && Math.abs(sd.loss - fits[sd.rank]) <= 0.03 * fits[sd.rank], where + ": " + sd.rank
                            + " at " + sd.loss);
                    assertEquals(k + 1 < found.size() ? found.get(k + 1).rank : 5, sd.escapedToRank, where);
                }
            }
        }
    }

    /**
     * Held-out runs (seeded): teacher and completion tasks, depths 2–5, widths 10–40, γ 1.5–2.5, rates
     * up to past the stability limit. Whatever they do, their saddles form a staircase: each lower than
     * the one before, each at a higher rank, each escaping to a higher rank (or still escaping at the
     * end). Before, a run thrown back to the origin again and again by too large a step listed "0 → 0 →
     * 0 …", and a run whose spectrum never showed a clear gap listed its rank-2 plateau as "0 → 0".
     */
    @Test
    void onRandomRunsTheSaddlesFormAStaircase() {
        Rng rng = new Rng(20261201);
        for (int k = 0; k < 60; k++) {
            int depth = 2 + rng.nextInt(4);
            String task;
            if (rng.nextInt(2) == 0) {
                int n = 3 + rng.nextInt(4);
                double[] d = new double[1 + rng.nextInt(n)];
                for (int i = 0; i < d.length; i++) {
                    d[i] = -Math.round(100 * (1 + 9 * rng.nextDouble())) / 100.0; // sorted below, descending
                }
                java.util.Arrays.sort(d);
                StringBuilder diag = new StringBuilder();
                for (int i = 0; i < d.length; i++) {
                    diag.append(i > 0 ? "," : "").append(-d[i]);
                }
                task = "{\"type\":\"teacher\",\"inputs\":" + n + ",\"outputs\":" + n + ",\"teacherDiagonal\":[" + diag
                        + "],\"train\":" + new int[] {20, 50, 100}[rng.nextInt(3)] + ",\"seed\":" + (1 + rng.nextInt(99))
                        + (rng.nextInt(3) == 0 ? ",\"noise\":" + new double[] {0.1, 0.5}[rng.nextInt(2)] : "") + "}";
            } else {
                task = "{\"type\":\"completion\",\"rows\":" + (4 + rng.nextInt(7)) + ",\"cols\":" + (4 + rng.nextInt(7))
                        + ",\"rank\":" + (1 + rng.nextInt(3)) + ",\"observed\":" + new double[] {0.5, 0.7, 0.9}[rng.nextInt(3)]
                        + ",\"seed\":" + (1 + rng.nextInt(99)) + "}";
            }
            String spec = "{\"task\":" + task + ",\"depth\":" + depth + ",\"width\":" + (10 + 10 * rng.nextInt(4))
                    + ",\"init\":{\"gamma\":" + (1.5 + 0.5 * rng.nextInt(3)) + "},\"learningRate\":"
                    + new double[] {0.002, 0.005, 0.01, 0.02, 0.05}[rng.nextInt(5)] + ",\"steps\":" + (rng.nextInt(2) == 0 ? 5000 : 20000)
                    + ",\"seed\":"
                    + (1 + rng.nextInt(50)) + ",\"records\":200}";
            Run run = new Run(ExperimentSpec.parse(spec), 0).complete();
            List<Saddles.Saddle> found = Saddles.find(run.stableTrace(), run.referenceScale());
            for (int i = 0; i < found.size(); i++) {
                Saddles.Saddle sd = found.get(i);
                String where = spec + " (" + run.status() + "): saddle " + i + " of " + found.size();
                assertTrue(sd.escapedToRank < 0 || sd.escapedToRank > sd.rank, where + " escapes to a higher rank");
                if (i > 0) {
                    assertTrue(sd.loss < found.get(i - 1).loss, where + " lies below the one before");
                    assertTrue(sd.rank > found.get(i - 1).rank, where + " has a higher rank than the one before");
                }
            }
        }
    }

    /** Case by case: too large a step throws A back to the origin again and again (was "0 → 0 → 0 → …"). */
    @Test
    void aRunThrownBackToTheOriginIsReadUpToItsFirstReturn() {
        String spec = "{\"task\":{\"type\":\"teacher\",\"inputs\":4,\"outputs\":4,\"teacherDiagonal\":[4.26],\"train\":50,"
                + "\"seed\":43},\"depth\":4,\"width\":40,\"init\":{\"gamma\":2.5},\"learningRate\":0.05,\"steps\":5000,"
                + "\"seed\":38,\"records\":200}";
        Run run = new Run(ExperimentSpec.parse(spec), 0).complete();
        assertEquals(RunStatus.UNCONVERGED, run.status());
        assertTrue(run.message().contains("its loss rose at step") && run.message().contains("more steps would not settle it"),
                run.message());
        List<Saddles.Saddle> found = Saddles.find(run.stableTrace(), run.referenceScale());
        assertEquals(1, found.size(), "the origin, once");
        assertEquals(0, found.get(0).rank);
        assertEquals(1, found.get(0).escapedToRank);
    }

    /** An init that is not small never shows a clear gap: a plateau's rank is rank(A) there (was "0 → 0"). */
    @Test
    void withoutAClearGapASaddlesRankIsTheRankOfA() {
        String spec = "{\"task\":{\"type\":\"teacher\",\"inputs\":4,\"outputs\":4,\"teacherDiagonal\":[4.03,3.8,1.14],"
                + "\"train\":50,\"seed\":98},\"depth\":5,\"width\":10,\"init\":{\"gamma\":1.5},\"learningRate\":0.002,"
                + "\"steps\":5000,\"seed\":4,\"records\":200}";
        Run run = new Run(ExperimentSpec.parse(spec), 0).complete();
        assertEquals(RunStatus.DONE, run.status());
        List<Saddles.Saddle> found = Saddles.find(run.trace(), run.referenceScale());
        assertEquals(List.of(0, 2), found.stream().map(x -> x.rank).toList());
        assertEquals(List.of(2, 3), found.stream().map(x -> x.escapedToRank).toList());
        assertFalse(found.get(1).clearGap);
    }

    @Test
    void shallowWigglesOfTheGradientNormAreNotSaddles() {
        Trace t = new Trace(1, 1);
        for (int i = 0; i < 300; i++) {
            double[] r = new double[t.stride()];
            r[Trace.TIME] = i;
            r[Trace.TRAIN_LOSS] = 10 * Math.exp(-0.01 * i) + 1;
            r[Trace.GRAD_NORM] = 0.1 * Math.exp(-0.01 * i) * (2 + Math.sin(i / 5.0)); // dips by 3× at most
            r[Trace.SINGULAR_VALUES] = 1;
            r[Trace.ESCAPED_RANK] = -1;
            t.add(r);
        }
        assertEquals(List.of(), Saddles.find(t, 1));
    }

    @Test
    void escapedDirectionsCutTheSpectrumAtItsGapAboveTheMiddle() {
        double s = 44;
        double f = 4e-5; // middle √(S·F) = 0.042
        // Fig. 6, late: four learned, one half-escaped at 0.026 (below the middle), and a gap far below
        // between two directions still at the initialization's scale, which must not count
        assertEquals(4, EscapedDirections.count(new double[] {44, 8.6, 4.5, 1.18, 0.026, 1e-3, 2.4e-4, 9.5e-5, 6.7e-7},
                s, f));
        // the origin, and every direction escaped
        assertEquals(0, EscapedDirections.count(new double[] {5e-5, 3e-5, 1e-5}, s, f));
        assertEquals(3, EscapedDirections.count(new double[] {44, 8.6, 0.5}, s, f));
        // L = 2: the next direction grows on the plateau (0.074, past the middle 0.051) but the gap is after s₁
        assertEquals(1, EscapedDirections.count(new double[] {14.7, 0.074, 0.0189, 0.0078, 6e-4}, 15, 1.7e-4));
        // a spectrum that falls smoothly across the middle: no clear gap
        assertEquals(-1, EscapedDirections.count(new double[] {44, 5, 0.6, 0.07, 0.008, 0.001}, s, f));
        // an initialization that is not small: no scales apart
        assertEquals(-1, EscapedDirections.count(new double[] {4, 1e-6}, 5, 1));
        assertFalse(EscapedDirections.count(new double[] {44, 1e-3}, s, 0) >= 0);
    }

    /**
     * The note beside a saddle far from its best fit names the critical point it sits at, against the
     * independent oracle (closed-form critical values from EJML's SVD, {@code BestFits}) on seeded teacher
     * tasks with N above and below n₀; a loss that is no critical value is called above or below the fit.
     */
    @Test
    void aSaddleFarFromItsBestFitIsNamedByTheCriticalPointItSitsAt() {
        Rng rng = new Rng(2027);
        int named = 0;
        for (int c = 0; c < 12; c++) {
            int n0 = 3 + (int) (rng.nextDouble() * 4);
            int nL = 3 + (int) (rng.nextDouble() * 4);
            int train = c % 3 == 0 ? n0 - 1 : 4 * n0;
            StringBuilder diag = new StringBuilder();
            for (int i = 0; i < Math.min(n0, nL); i++) {
                diag.append(i > 0 ? "," : "").append(1 + Math.round(9 * rng.nextDouble()));
            }
            ExperimentSpec spec = ExperimentSpec.parse("{\"task\":{\"type\":\"teacher\",\"inputs\":" + n0
                    + ",\"outputs\":" + nL + ",\"teacherDiagonal\":[" + diag + "],\"train\":" + train
                    + ",\"noise\":0.3,\"seed\":" + c + "},\"depth\":3,\"width\":8,\"init\":{\"gamma\":2},"
                    + "\"learningRate\":0.01,\"steps\":10}");
            saddlelab.engine.MseCost mse = (saddlelab.engine.MseCost) saddlelab.experiment.spec.Tasks.build(spec, 1);
            double[] gains = saddlelab.experiment.spec.Tasks.fitGains(mse);
            double[] best = saddlelab.experiment.BestFits.of(mse);
            for (int k = 1; k < Math.min(n0, nL); k++) {
                double fit = saddlelab.experiment.spec.Tasks.lossFloor(mse, k);
                assertEquals(best[k], fit, 1e-9 * best[0], "the gains give the best fit of rank " + k);
                if (!(fit > 1e-9 * best[0])) {
                    assertEquals(null, Saddles.bestFitNote(1, k, fit, gains, train), "an exact fit: nothing to compare");
                    continue; // N < n₀ and k ≥ N: the data are fitted exactly
                }
                List<Double> critical = saddlelab.experiment.BestFits.critical(mse, k);
                for (double v : critical) {
                    String note = Saddles.bestFitNote(v, k, fit, gains, train);
                    if (Math.abs(v - fit) <= Saddles.BEST_FIT_MATCH * fit) {
                        assertEquals(null, note, "within 3 % of the best fit");
                    } else {
                        assertTrue(note.startsWith("at another critical point of rank " + k), v + ": " + note);
                        named++;
                    }
                }
                // a loss no critical value of rank k is near: above or below the fit
                double between = 1.5 * fit;
                boolean nearOne = critical.stream().anyMatch(v -> Math.abs(between - v) <= Saddles.BEST_FIT_MATCH * v);
                if (!nearOne) {
                    assertTrue(Saddles.bestFitNote(between, k, fit, gains, train).startsWith("above the best rank-" + k),
                            "above");
                }
                assertTrue(Saddles.bestFitNote(0.9 * fit, k, fit, gains, train).startsWith("below the best rank-" + k));
            }
        }
        assertTrue(named > 50, "other critical points were named: " + named);
    }
}
