package saddlelab.experiment.readings;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import saddlelab.engine.MseCost;
import saddlelab.engine.Rng;
import saddlelab.experiment.BestFits;
import saddlelab.experiment.run.Run;
import saddlelab.experiment.run.Trace;
import saddlelab.experiment.spec.ExperimentSpec;
import saddlelab.experiment.spec.Tasks;

/**
 * The saddle table against oracles on generated cases (paper §5.2–5.3). Teacher tasks: the critical
 * values of the rank-k problem are computed in closed form, independently of the lab ({@link BestFits}:
 * EJML's SVD of X, then the singular triplets of YV, for N below and above n₀ alike); the best one is the
 * greedy algorithm's saddle. On each seeded case (shapes 3–7, N from half of n₀ to 12 n₀, noise 0–0.5,
 * depths 2–6, widths 8–24, γ 1.3–2.4, a stable rate) every listed saddle must sit within 3 % of a critical
 * value of its rank, and wherever the loss dwells within 3 % of a best rank-k fit (by the oracle's own
 * reading, for as long against its passages as the rule asks) a saddle of rank k must be listed.
 * Completion tasks: every listed saddle within 3 % of a rank-k local minimum that alternating least squares
 * finds from 40 starts ({@link saddlelab.experiment.Als}). The pass rates are in docs/spec.md; the
 * cases that fail are printed with their specs.
 */
class SaddleOracleTest {
    static final int CASES = 120;
    /** A dwell the oracle reads at a critical value must be listed once it is this long for its passages. */
    static final double MARGIN = 1;

    /** A seeded teacher case whose run can be read in a test's time. */
    static String generate(long seed) {
        Rng rng = new Rng(seed);
        int n0 = 3 + rng.nextInt(5);
        int nL = 3 + rng.nextInt(5);
        int m = Math.min(n0, nL);
        int r = 1 + rng.nextInt(m);
        StringBuilder diag = new StringBuilder();
        double s = 1 + 2 * rng.nextDouble();
        for (int i = 0; i < r; i++) {
            diag.append(i > 0 ? "," : "").append(String.format(Locale.ROOT, "%.3f", s));
            s *= 0.35 + 0.5 * rng.nextDouble();
        }
        int[] trains = {Math.max(2, n0 / 2), n0 + 1, 3 * n0, 12 * n0};
        int train = trains[rng.nextInt(trains.length)];
        double[] noises = {0, 0, 0.1, 0.5};
        double noise = noises[rng.nextInt(noises.length)];
        int depth = 2 + rng.nextInt(5);
        int width = 8 + rng.nextInt(17);
        double gamma = 1.3 + 1.1 * rng.nextDouble();
        String task = String.format(Locale.ROOT, "{\"type\":\"teacher\",\"inputs\":%d,\"outputs\":%d,\"teacherDiagonal\":[%s],"
                + "\"train\":%d,\"test\":10,\"noise\":%s,\"seed\":%d}", n0, nL, diag, train, noise, seed);
        String base = String.format(Locale.ROOT, "{\"task\":%s,\"depth\":%d,\"width\":%d,\"init\":{\"gamma\":%.3f},"
                + "\"learningRate\":0.01,\"steps\":8000,\"seed\":%d,\"records\":240}", task, depth, width, gamma, seed);
        ExperimentSpec spec = ExperimentSpec.parse(base);
        MseCost mse = (MseCost) Tasks.build(spec, spec.runSeed(0));
        double scale = Tasks.referenceScale(mse);
        double sx = saddlelab.engine.Svd.topSingularValue(mse.inputsMatrix(), n0, mse.trainSize());
        double lambda = depth * Math.pow(scale, 2 - 2.0 / depth) * 2 * sx * sx / mse.trainSize();
        double eta = 0.6 / lambda;
        return base.replace("\"learningRate\":0.01", String.format(Locale.ROOT, "\"learningRate\":%.4g", eta));
    }

    /** The last time before record {@code to} the loss was at or above {@code level} (interpolated; 0 if never). */
    static double lastAbove(Trace t, int to, double level) {
        for (int j = to; j >= 0; j--) {
            double l = t.get(j, Trace.TRAIN_LOSS);
            if (l >= level) {
                if (j == to) {
                    return t.get(j, Trace.TIME);
                }
                double l2 = t.get(j + 1, Trace.TRAIN_LOSS);
                return t.get(j, Trace.TIME) + (t.get(j + 1, Trace.TIME) - t.get(j, Trace.TIME)) * (l - level) / (l - l2);
            }
        }
        return 0;
    }

    /** The first time after record {@code from} the loss was at or below {@code level} (interpolated; the end if never). */
    static double firstBelow(Trace t, int from, double level) {
        for (int j = from; j < t.size(); j++) {
            double l = t.get(j, Trace.TRAIN_LOSS);
            if (l <= level) {
                if (j == from) {
                    return t.get(j, Trace.TIME);
                }
                double l0 = t.get(j - 1, Trace.TRAIN_LOSS);
                return t.get(j - 1, Trace.TIME) + (t.get(j, Trace.TIME) - t.get(j - 1, Trace.TIME)) * (l0 - level) / (l0 - l);
            }
        }
        return t.get(t.size() - 1, Trace.TIME);
    }

    /**
     * The oracle's own reading of a dwell at a critical value c: the longest stay of the loss within 3 %
     * of c, and the times it took to cross the bands of the same width just above and just below it.
     * Returns {stay, longer crossing, start}; the stay is 0 where the loss never comes within 3 %.
     */
    static double[] dwellAt(Trace t, double c) {
        double best = 0;
        double[] out = {0, 0, Double.NaN};
        double f = 1.03;
        for (int i = 0; i < t.size(); i++) {
            if (Math.abs(t.get(i, Trace.TRAIN_LOSS) - c) > 0.03 * c) {
                continue;
            }
            double a = lastAbove(t, i, c * f);
            double b = firstBelow(t, i, c / f);
            if (b - a > best) {
                best = b - a;
                double in = a - lastAbove(t, i, c * f * f * f);
                double outside = firstBelow(t, i, c / (f * f * f)) - b;
                out = new double[] {b - a, Math.max(in, outside), a};
            }
        }
        return out;
    }

    @Test
    void everyListedSaddleSitsAtItsCriticalValueAndNoDwellIsMissed() {
        int pass = 0;
        int listed = 0;
        int atGreedy = 0;
        int atOther = 0;
        int cases = 0;
        List<String> failures = new ArrayList<>();
        for (long seed = 1; seed <= CASES; seed++) {
            String json = generate(seed);
            ExperimentSpec spec = ExperimentSpec.parse(json);
            Run run = new Run(spec, 0).complete();
            MseCost mse = (MseCost) run.cost();
            double[] c = BestFits.of(mse);
            Trace t = run.stableTrace();
            List<Saddles.Saddle> found = Saddles.find(t, run.referenceScale());
            cases++;
            StringBuilder why = new StringBuilder();
            for (Saddles.Saddle sd : found) {
                listed++;
                double crit = sd.rank < c.length ? c[sd.rank] : Double.NaN;
                double rel = Math.abs(sd.loss - crit) / crit;
                if (rel <= 0.03) {
                    atGreedy++;
                    continue;
                }
                boolean other = sd.rank < c.length && BestFits.critical(mse, sd.rank).stream()
                        .anyMatch(v -> Math.abs(sd.loss - v) <= 0.03 * v);
                if (other) {
                    atOther++;
                } else {
                    why.append(String.format(Locale.ROOT, " listed rank %d at %.4g, no critical value of rank %d within 3 %% (C_%d = %.4g);",
                            sd.rank, sd.loss, sd.rank, sd.rank, crit));
                }
            }
            double end = t.get(t.size() - 1, Trace.TRAIN_LOSS);
            for (int k = 0; k < c.length; k++) {
                int rank = k;
                if (!(c[k] > end * 1.05) || c[k] <= 1e-12 * c[0] || found.stream().anyMatch(x -> x.rank == rank)) {
                    continue; // the run's end, or listed
                }
                double[] st = dwellAt(t, c[k]);
                if (st[0] > 0 && st[0] >= MARGIN * Saddles.DWELL * st[1]) {
                    why.append(String.format(Locale.ROOT, " dwelt %.3g (passages %.3g) at C_%d = %.4g from t = %.3g, not listed;",
                            st[0], st[1], k, c[k], st[2]));
                }
            }
            if (why.length() == 0) {
                pass++;
            } else {
                StringBuilder tab = new StringBuilder();
                for (Saddles.Saddle sd : found) {
                    tab.append(String.format(Locale.ROOT, " %d→%d@%.4g[%.3g..%.3g]", sd.rank, sd.escapedToRank, sd.loss, sd.arrival, sd.escape));
                }
                failures.add("seed " + seed + ":" + why + " table" + tab + " crit " + java.util.Arrays.toString(c) + " " + json);
            }
        }
        System.out.printf(Locale.ROOT, "saddle oracle: %d of %d generated cases pass; %d saddles listed, %d within 3 %% of the best "
                + "fit of their rank, %d within 3 %% of another critical value of their rank%n", pass, cases, listed, atGreedy, atOther);
        failures.forEach(System.out::println);
        assertTrue(pass >= 0.95 * cases, pass + " of " + cases + "\n" + String.join("\n", failures));
    }

    static final int COMPLETION_CASES = 30;

    /** A seeded completion case: shapes 5–10, rank 1–3, 50–90 % observed, depths 2–5, γ 1.5–3. */
    static String completion(long seed) {
        Rng rng = new Rng(seed * 7919 + 3);
        int rows = 5 + rng.nextInt(6);
        int cols = 5 + rng.nextInt(6);
        int rank = 1 + rng.nextInt(3);
        double observed = 0.5 + 0.4 * rng.nextDouble();
        int depth = 2 + rng.nextInt(4);
        int width = 10 + rng.nextInt(21);
        double gamma = 1.5 + 1.5 * rng.nextDouble();
        return String.format(Locale.ROOT, "{\"task\":{\"type\":\"completion\",\"rows\":%d,\"cols\":%d,\"rank\":%d,"
                + "\"observed\":%.3f,\"seed\":%d},\"depth\":%d,\"width\":%d,\"init\":{\"gamma\":%.3f},"
                + "\"learningRate\":%.3f,\"steps\":8000,\"seed\":%d,\"records\":240}", rows, cols, rank, observed, seed, depth,
                width, gamma, 0.6 / depth, seed);
    }

    /**
     * Completion has no closed form: every listed saddle of rank k ≥ 1 must sit within 3 % of a local
     * minimum of the rank-k problem that alternating least squares reaches from one of 40 seeded starts
     * (the greedy algorithm's saddle is one of them), and the origin's within 3 % of C(0).
     */
    @Test
    void onCompletionEveryListedSaddleSitsAtARankKMinimumFoundByAls() {
        int pass = 0;
        int listed = 0;
        List<String> failures = new ArrayList<>();
        for (long seed = 1; seed <= COMPLETION_CASES; seed++) {
            String json = completion(seed);
            Run run = new Run(ExperimentSpec.parse(json), 0).complete();
            saddlelab.engine.CompletionCost cost = (saddlelab.engine.CompletionCost) run.cost();
            List<Saddles.Saddle> found = Saddles.find(run.stableTrace(), run.referenceScale());
            StringBuilder why = new StringBuilder();
            for (Saddles.Saddle sd : found) {
                listed++;
                List<Double> values = sd.rank == 0 ? List.of(cost.evaluate(new double[cost.outputs() * cost.inputs()], null))
                        : saddlelab.experiment.Als.minima(cost, sd.rank, 40, seed);
                if (values.stream().noneMatch(v -> Math.abs(sd.loss - v) <= 0.03 * v)) {
                    why.append(String.format(Locale.ROOT, " listed rank %d at %.4g, ALS's rank-%d minima %s;", sd.rank, sd.loss,
                            sd.rank, values));
                }
            }
            if (why.length() == 0) {
                pass++;
            } else {
                failures.add("seed " + seed + ":" + why + " " + json);
            }
        }
        System.out.printf(Locale.ROOT, "saddle oracle (completion): %d of %d generated cases pass; %d saddles listed%n", pass,
                COMPLETION_CASES, listed);
        failures.forEach(System.out::println);
        assertTrue(pass >= 0.9 * COMPLETION_CASES, pass + " of " + COMPLETION_CASES + "\n" + String.join("\n", failures));
    }
}
