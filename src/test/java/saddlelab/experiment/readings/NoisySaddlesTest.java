package saddlelab.experiment.readings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import saddlelab.engine.MseCost;
import saddlelab.engine.Rng;
import saddlelab.experiment.BestFits;
import saddlelab.experiment.run.Run;
import saddlelab.experiment.run.Trace;
import saddlelab.experiment.spec.ExperimentSpec;

/**
 * The saddle table of runs whose loss does not fall monotonically (issue 30: minibatch SGD, with and without
 * momentum), read from the loss's lower envelope ({@link Saddles#find(Trace, double, boolean)}), against the
 * oracles of {@link SaddleOracleTest} on its generated teacher cases: every listed saddle sits within 3 % of
 * a critical value of its rank ({@link BestFits}, EJML's closed form), and where the loss itself stays within
 * 3 % of a best rank-k fit for as long against its passages as the rule asks, a saddle of rank k is listed.
 * Beside them, the same case under full-batch gradient descent: how often the noisy table lists the ranks the
 * noiseless one does (noise may shorten a plateau below the rule, so this one is counted and printed, and
 * held to a floor). The batch is half the samples or a quarter, at half the generator's rate.
 */
class NoisySaddlesTest {
    static final int CASES = 60;

    static String noisy(long seed) {
        String gd = SaddleOracleTest.generate(seed);
        ExperimentSpec spec = ExperimentSpec.parse(gd);
        Rng rng = new Rng(seed * 7919);
        int n = spec.task.train;
        int batch = Math.max(1, rng.nextDouble() < 0.5 ? n / 2 : n / 4);
        String momentum = rng.nextDouble() < 0.4 ? ",\"momentum\":0.5" : "";
        double eta = spec.learningRate / 2;
        return gd.replaceFirst("\"learningRate\":[^,]*", String.format(Locale.ROOT, "\"learningRate\":%.4g", eta))
                .replace("\"records\":240", "\"records\":240,\"optimizer\":{\"type\":\"sgd\",\"batch\":" + batch + momentum + "}");
    }

    @Test
    void onNoisyLossesEveryListedSaddleSitsAtACriticalValueAndNoDwellIsMissed() {
        int pass = 0;
        int cases = 0;
        int sameRanks = 0;
        int listed = 0;
        List<String> failures = new ArrayList<>();
        List<String> differ = new ArrayList<>();
        for (long seed = 1; seed <= CASES; seed++) {
            String json = noisy(seed);
            ExperimentSpec spec = ExperimentSpec.parse(json);
            Run run = new Run(spec, 0).complete();
            if (!run.status().name().equals("DONE") && !run.status().name().equals("UNCONVERGED")) {
                failures.add("seed " + seed + ": " + run.status() + " " + run.message() + " " + json);
                cases++;
                continue;
            }
            MseCost mse = (MseCost) run.cost();
            double[] c = BestFits.of(mse);
            Trace t = run.stableTrace();
            List<Saddles.Saddle> found = Saddles.find(t, run.referenceScale(), !spec.monotoneLoss());
            cases++;
            StringBuilder why = new StringBuilder();
            for (Saddles.Saddle sd : found) {
                listed++;
                boolean at = sd.rank < c.length && (Math.abs(sd.loss - c[sd.rank]) <= 0.03 * c[sd.rank]
                        || BestFits.critical(mse, sd.rank).stream().anyMatch(v -> Math.abs(sd.loss - v) <= 0.03 * v));
                if (!at) {
                    why.append(String.format(Locale.ROOT, " listed rank %d at %.4g, no critical value of rank %d within 3 %%;",
                            sd.rank, sd.loss, sd.rank));
                }
            }
            double end = t.get(t.size() - 1, Trace.TRAIN_LOSS);
            for (int k = 0; k < c.length; k++) {
                int rank = k;
                if (!(c[k] > end * 1.05) || c[k] <= 1e-12 * c[0] || found.stream().anyMatch(x -> x.rank == rank)) {
                    continue;
                }
                double[] st = SaddleOracleTest.dwellAt(t, c[k]);
                if (st[0] > 0 && st[0] >= SaddleOracleTest.MARGIN * Saddles.DWELL * st[1]) {
                    why.append(String.format(Locale.ROOT, " dwelt %.3g (passages %.3g) at C_%d = %.4g, not listed;",
                            st[0], st[1], k, c[k]));
                }
            }
            Run plain = new Run(ExperimentSpec.parse(SaddleOracleTest.generate(seed)), 0).complete();
            TreeSet<Integer> noiseless = new TreeSet<>();
            Saddles.find(plain.stableTrace(), plain.referenceScale()).forEach(sd -> noiseless.add(sd.rank));
            TreeSet<Integer> noisyRanks = new TreeSet<>();
            found.forEach(sd -> noisyRanks.add(sd.rank));
            if (noisyRanks.equals(noiseless)) {
                sameRanks++;
            } else {
                differ.add("seed " + seed + ": ranks " + noisyRanks + ", descent's " + noiseless);
            }
            if (why.length() == 0) {
                pass++;
            } else {
                failures.add("seed " + seed + ":" + why + " ranks " + noisyRanks + " (descent: " + noiseless + ") " + json);
            }
        }
        System.out.printf(Locale.ROOT, "noisy saddles: %d of %d generated cases pass; %d saddles listed; the ranks of "
                + "full-batch descent's table in %d%n", pass, cases, listed, sameRanks);
        failures.forEach(System.out::println);
        differ.forEach(System.out::println);
        assertTrue(pass >= 0.9 * cases, pass + " of " + cases + "\n" + String.join("\n", failures));
        assertTrue(sameRanks >= 0.75 * cases, sameRanks + " of " + cases + " list descent's ranks");
    }

    /**
     * Fig. 1's task at a fifth of its entries a batch: the loss jumps from its rank-1 plateau (0.50) up to 1.7
     * and back, and its first rise once cut every reading short (only the origin was listed). Read from the
     * envelope, the table lists descent's saddles, 0 → 1 → 2 → 3, each within 5 % of descent's level (the noise
     * keeps the path off a saddle: here the rank-2 floor sits 4.8 % above descent's).
     */
    @Test
    void fig1sTaskAtBatch14ListsDescentsSaddles() {
        String gd = "{\"task\":{\"type\":\"completion\",\"rows\":10,\"cols\":10,\"rank\":3,\"observed\":0.7,\"seed\":1},"
                + "\"depth\":4,\"width\":100,\"init\":{\"gamma\":2},\"learningRate\":0.2,\"steps\":8000,\"seed\":1,"
                + "\"records\":400}";
        Run plain = new Run(ExperimentSpec.parse(gd), 0).complete();
        ExperimentSpec noisy = ExperimentSpec.parse(gd.replace("\"records\":400",
                "\"records\":400,\"optimizer\":{\"type\":\"sgd\",\"batch\":14}"));
        Run run = new Run(noisy, 0).complete();
        List<Saddles.Saddle> expected = Saddles.find(plain.stableTrace(), plain.referenceScale());
        List<Saddles.Saddle> found = Saddles.find(run.stableTrace(), run.referenceScale(), !noisy.monotoneLoss());
        assertEquals(List.of(0, 1, 2), expected.stream().map(sd -> sd.rank).toList(), "descent's table");
        assertEquals(List.of(0, 1, 2), found.stream().map(sd -> sd.rank).toList(), "the noisy run's table");
        for (int k = 0; k < 3; k++) {
            double e = expected.get(k).loss;
            assertTrue(Math.abs(found.get(k).loss - e) <= 0.05 * e, "rank " + k + ": " + found.get(k).loss + " vs " + e);
            assertEquals(k + 1, found.get(k).escapedToRank);
        }
        // the raw loss did rise far above the plateau: without the envelope the reading would stop at its first rise
        int rise = run.trace().firstRise();
        assertTrue(rise < run.trace().size() && run.trace().get(rise, Trace.TIME) < found.get(1).escape,
                "the loss rose on the rank-1 plateau");
    }
}
