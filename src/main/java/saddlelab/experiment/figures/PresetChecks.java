package saddlelab.experiment.figures;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import saddlelab.engine.DetMath;
import saddlelab.engine.GreedyLowRank;
import saddlelab.experiment.readings.Greedy;
import saddlelab.experiment.run.RunView;
import saddlelab.experiment.spec.ExperimentSpec;
import saddlelab.experiment.spec.NumberText;

/**
 * What each preset claims, measured on its runs: every check is one claim of the paper's figure (or of
 * the preset's text), the number it reads off the runs, and whether the number bears the claim out.
 * Built from the runs' result documents, so the command line, merged shards and the page show the
 * same checks; the quick variant of every preset passes its checks (a test holds them to it).
 */
public final class PresetChecks {
    private PresetChecks() {
    }

    /** A plateau counts as the greedy algorithm's saddle when their losses agree this closely. */
    static final double SADDLE_MATCH = 0.02;

    private static final class Checks {
        final List<Object> list = new ArrayList<>();

        void add(String claim, String measured, boolean passed) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("claim", claim);
            m.put("measured", measured);
            m.put("passed", passed);
            list.add(m);
        }
    }

    /** The checks of a preset's runs: {@code [{"claim", "measured", "passed"}]} (empty for an unknown preset). */
    public static List<Object> evaluate(String preset, List<Summary.Entry> entries) {
        Checks c = new Checks();
        switch (preset) {
            case "fig1":
                fig1(c, entries);
                break;
            case "fig2":
                fig2(c, entries);
                break;
            case "fig3":
                fig3(c, entries);
                break;
            case "fig4":
                fig4(c, entries);
                break;
            case "fig5":
                fig5(c, entries);
                break;
            case "fig6":
                fig6(c, entries);
                break;
            case "spurious":
                spurious(c, entries);
                break;
            case "degenerate":
                degenerate(c, entries);
                break;
            case "recovery":
                recovery(c, entries);
                break;
            case "sgd-noise":
                sgdNoise(c, entries);
                break;
            case "adam":
                adam(c, entries);
                break;
            case "weight-decay":
                weightDecay(c, entries);
                break;
            case "sensing-depth":
                sensingDepth(c, entries);
                break;
            case "depth-vs-nuclear":
                depthVsNuclear(c, entries);
                break;
            case "classification":
                classification(c, entries);
                break;
            default:
                break;
        }
        return c.list;
    }

    // ---- reading the runs ------------------------------------------------------------------------

    private static Summary.Entry entry(List<Summary.Entry> entries, String key) {
        for (Summary.Entry e : entries) {
            if (e.key.equals(key)) {
                return e;
            }
        }
        return null;
    }

    private static List<RunView> runs(Summary.Entry e) {
        List<RunView> out = new ArrayList<>();
        if (e != null) {
            for (Map<String, Object> r : e.runs) {
                out.add(new RunView(r));
            }
        }
        return out;
    }

    private static double mean(List<Double> xs) {
        double s = 0;
        for (double x : xs) {
            s += x / xs.size();
        }
        return xs.isEmpty() ? Double.NaN : s;
    }

    /** The first time the train loss is at most half its initial value (the first plateau's length). */
    static double halfTime(RunView r) {
        double[] loss = r.series("trainLoss");
        double[] time = r.series("time");
        for (int i = 0; i < loss.length; i++) {
            if (loss[i] <= 0.5 * loss[0]) {
                return time[i];
            }
        }
        return Double.NaN;
    }

    /** The largest rise of ‖∇θL‖ over its running minimum, while the loss is above round-off. */
    static double largestRise(RunView r) {
        double[] g = r.series("gradNorm");
        double[] loss = r.series("trainLoss");
        double min = Double.POSITIVE_INFINITY;
        double rise = 1;
        for (int i = 0; i < g.length; i++) {
            if (!(loss[i] > 1e-20 * loss[0])) {
                break;
            }
            if (g[i] > 0) {
                rise = Math.max(rise, g[i] / min);
                min = Math.min(min, g[i]);
            }
        }
        return rise;
    }

    private static String ranks(RunView r, int count) {
        StringBuilder sb = new StringBuilder();
        List<Map<String, Object>> saddles = r.saddles();
        for (int i = 0; i < Math.min(count, saddles.size()); i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(number(saddles.get(i).get("rank"))).append(" → ").append(number(saddles.get(i).get("escapedToRank")));
        }
        return saddles.isEmpty() ? "no saddle" : sb.toString();
    }

    private static String number(Object o) {
        double v = RunView.number(o);
        return v == Math.rint(v) ? String.valueOf((long) v) : NumberText.approx(v, 3);
    }

    /** Saddles 0 → 1 → … → k, one direction each. */
    private static boolean oneAtATime(RunView r, int k) {
        List<Map<String, Object>> saddles = r.saddles();
        if (saddles.size() < k) {
            return false;
        }
        for (int i = 0; i < k; i++) {
            if (RunView.number(saddles.get(i).get("rank")) != i || RunView.number(saddles.get(i).get("escapedToRank")) != i + 1) {
                return false;
            }
        }
        return true;
    }

    /**
     * The plateaus of ranks 1 … k against the greedy algorithm's saddles ϑ¹ … ϑᵏ on the same task: the
     * largest relative difference of their losses (NaN when one is missing).
     */
    static double greedyMismatch(RunView r, ExperimentSpec spec, int k, StringBuilder measured) {
        double worst = 0;
        for (int rank = 1; rank <= k; rank++) {
            double greedy = greedyLoss(spec, rank);
            double plateau = Double.NaN;
            for (Map<String, Object> sd : r.saddles()) {
                if (RunView.number(sd.get("rank")) == rank && plateau != plateau) {
                    plateau = RunView.number(sd.get("loss"));
                }
            }
            if (measured.length() > 0) {
                measured.append("; ");
            }
            measured.append("rank ").append(rank).append(": ").append(NumberText.approx(plateau, 4)).append(" vs ϑ")
                    .append(rank).append(" ").append(NumberText.approx(greedy, 4));
            double d = Math.abs(plateau - greedy) / greedy;
            worst = d == d && worst == worst ? Math.max(worst, d) : Double.NaN;
        }
        return worst;
    }

    /** The greedy algorithm on a spec's task (T = the spec's steps), kept for the presets that share a spec. */
    private static final Map<String, List<GreedyLowRank.Stage>> GREEDY = new LinkedHashMap<>();

    static synchronized List<GreedyLowRank.Stage> greedy(ExperimentSpec spec) {
        String key = spec.toJson();
        List<GreedyLowRank.Stage> stages = GREEDY.get(key);
        if (stages == null) {
            stages = Greedy.run(spec, Greedy.DEFAULT_EPSILON, Greedy.DEFAULT_TOLERANCE, Math.max(1, spec.steps));
            if (GREEDY.size() >= 8) {
                GREEDY.remove(GREEDY.keySet().iterator().next());
            }
            GREEDY.put(key, stages);
        }
        return stages;
    }

    private static String ratio(double x) {
        return NumberText.approx(x, 2);
    }

    // ---- the presets -----------------------------------------------------------------------------

    private static void fig1(Checks c, List<Summary.Entry> entries) {
        Summary.Entry e = entries.get(0);
        for (RunView r : runs(e)) {
            c.add("rank(A) grows one direction at a time: plateaus 0 → 1 → 2 → 3", ranks(r, 3), oneAtATime(r, 3));
            StringBuilder m = new StringBuilder();
            double mismatch = greedyMismatch(r, e.spec, 2, m);
            c.add("each plateau sits at a saddle of the greedy low-rank algorithm (losses within 2 %)", m.toString(),
                    mismatch <= SADDLE_MATCH);
            double test = r.last("testLoss") / r.number("zeroTestLoss");
            c.add("the run recovers the rank-3 matrix: final test loss below 1e-3 of the zero predictor's",
                    "test/zero = " + NumberText.approx(test, 2), test <= Summary.RECOVERED);
            Map<String, Object> escape = r.object("escape");
            double speed = RunView.number(escape.get("fittedSpeed")) / RunView.number(escape.get("predictedSpeed"));
            c.add("the escape from the origin runs at the optimal speed s* = L^−(L−2)/2·s₁ (within 10 %)",
                    "fitted/s* = " + NumberText.approx(speed, 3), Math.abs(speed - 1) <= 0.1);
        }
    }

    /** The widths of a Fig. 2-style preset, ascending, from its keys (regime-width). */
    private static List<Integer> widths(List<Summary.Entry> entries, String regime) {
        List<Integer> out = new ArrayList<>();
        for (Summary.Entry e : entries) {
            if (e.key.startsWith(regime + "-")) {
                out.add(e.spec.width);
            }
        }
        out.sort(Integer::compare);
        return out;
    }

    private static double meanHalfTime(Summary.Entry e) {
        List<Double> ts = new ArrayList<>();
        for (RunView r : runs(e)) {
            ts.add(halfTime(r));
        }
        return mean(ts);
    }

    private static void fig2(Checks c, List<Summary.Entry> entries) {
        List<Integer> widths = widths(entries, "s2s");
        int lo = widths.get(0);
        int hi = widths.get(widths.size() - 1);
        int saddles = 0;
        boolean converged = true;
        for (int w : widths) {
            for (RunView r : runs(entry(entries, "ntk-" + w))) {
                saddles += r.saddles().size();
                converged &= r.text("status").equals("done");
            }
        }
        c.add("NTK: no plateau at any width — no saddle is visited and the loss converges",
                saddles + " saddles; " + (converged ? "all runs converged" : "not all runs converged"),
                saddles == 0 && converged);
        double s2sLo = meanHalfTime(entry(entries, "s2s-" + lo));
        double s2sHi = meanHalfTime(entry(entries, "s2s-" + hi));
        c.add("saddle-to-saddle: the plateaus lengthen as the width grows (first plateau ≥ 5× longer at w = " + hi
                + " than at w = " + lo + ")", "time to halve the loss: " + NumberText.approx(s2sLo, 3) + " → "
                + NumberText.approx(s2sHi, 3) + " (×" + ratio(s2sHi / s2sLo) + ")", s2sHi >= 5 * s2sLo);
        double mfLo = meanHalfTime(entry(entries, "mf-" + lo));
        double mfHi = meanHalfTime(entry(entries, "mf-" + hi));
        c.add("mean-field: the first plateau keeps its length as the width grows (within a factor 2)",
                "time to halve the loss: " + NumberText.approx(mfLo, 3) + " → " + NumberText.approx(mfHi, 3) + " (×"
                        + ratio(mfHi / mfLo) + ")", mfHi <= 2 * mfLo && mfLo <= 2 * mfHi);
        Summary.Entry wide = entry(entries, "s2s-" + hi);
        List<RunView> wideRuns = runs(wide);
        if (!wideRuns.isEmpty()) {
            StringBuilder m = new StringBuilder();
            double mismatch = greedyMismatch(wideRuns.get(0), wide.spec, 3, m);
            c.add("saddle-to-saddle at w = " + hi + ": the plateaus are the greedy algorithm's saddles (within 2 %)",
                    m.toString(), mismatch <= SADDLE_MATCH);
        }
    }

    private static void fig5(Checks c, List<Summary.Entry> entries) {
        List<Integer> widths = widths(entries, "s2s");
        Summary.Entry wide = entry(entries, "s2s-" + widths.get(widths.size() - 1));
        int fewest = Integer.MAX_VALUE;
        boolean monotone = true;
        boolean flat = true;
        boolean rises = true;
        StringBuilder m = new StringBuilder();
        List<RunView> wideRuns = runs(wide);
        for (RunView r : wideRuns) {
            fewest = Math.min(fewest, r.saddles().size());
            // "flat on each plateau and rises at each escape" needs plateaus to be read on
            flat &= r.saddles().size() >= 2;
            double[] rank = r.series("rank");
            for (int i = 1; i < rank.length; i++) {
                monotone &= rank[i] >= rank[i - 1];
            }
            double[] nuclear = r.series("nuclearNorm");
            double[] time = r.series("time");
            List<Map<String, Object>> saddles = r.saddles();
            for (int k = 1; k < saddles.size(); k++) {
                // from the closest approach to the escape: before it the last direction to escape is still
                // settling (the arrival is read off the loss, which is only quadratic in what is left)
                double arrive = at(nuclear, time, RunView.number(saddles.get(k).get("closest")));
                double leave = at(nuclear, time, RunView.number(saddles.get(k).get("escape")));
                double before = at(nuclear, time, RunView.number(saddles.get(k - 1).get("escape")));
                flat &= Math.abs(leave - arrive) <= 0.1 * arrive;
                rises &= arrive >= 1.1 * before;
                if (r == wideRuns.get(0)) {
                    m.append(k > 1 ? ", " : "").append(NumberText.approx(arrive, 3));
                }
            }
        }
        c.add("‖∇θL‖ dips at every saddle: each saddle-to-saddle run passes at least 4 plateaus", "fewest: " + fewest,
                fewest >= 4);
        c.add("rank(A) at tolerance 0.1 rises in steps and never falls", monotone ? "never falls" : "falls", monotone);
        c.add("the nuclear norm is flat on each plateau (within 10 % from its closest approach on) and rises at each escape (by ≥ 10 %)",
                "‖A‖* on the plateaus: " + m, flat && rises);
        // read from the series alone, not from the saddle table: one step, one jump, one peak
        boolean aligned = !wideRuns.isEmpty();
        String alignment = "";
        for (RunView r : wideRuns) {
            double[] time = r.series("time");
            List<Double> steps = rankSteps(r.series("rank"), time);
            List<Double> jumps = peaks(slopes(r.series("nuclearNorm"), time), midpoints(time));
            List<Double> gradPeaks = peaks(r.series("gradNorm"), time);
            boolean ok = steps.size() >= 2 && jumps.size() == steps.size() && gradPeaks.size() == steps.size();
            for (int k = 0; ok && k < steps.size(); k++) {
                ok = Math.abs(jumps.get(k) - steps.get(k)) <= ALIGNED * steps.get(k)
                        && Math.abs(gradPeaks.get(k) - steps.get(k)) <= ALIGNED * steps.get(k);
            }
            aligned &= ok;
            if (r == wideRuns.get(0) || !ok) {
                alignment += (alignment.isEmpty() ? "" : "; ") + "seed " + (long) r.number("seed") + ": rank steps at t = "
                        + times(steps) + ", ‖A‖* jumps at " + times(jumps) + ", ‖∇θL‖ peaks at " + times(gradPeaks);
            }
        }
        c.add("the nuclear norm's jumps and the gradient norm's peaks are aligned with the rank steps: one of each per "
                + "step, within " + Math.round(100 * ALIGNED) + " % of its time, at w = " + widths.get(widths.size() - 1),
                alignment, aligned);
        List<Integer> ntkWidths = widths(entries, "ntk");
        int ntkWidth = ntkWidths.get(ntkWidths.size() - 1);
        boolean lazy;
        int full = Math.min(wide.spec.task.inputs, wide.spec.task.outputs); // the teacher's A is n_L × n₀
        double minRank = Double.POSITIVE_INFINITY;
        double rise = 1;
        double fit = 0;
        for (RunView r : runs(entry(entries, "ntk-" + ntkWidth))) {
            double[] rank = r.series("rank");
            double[] loss = r.series("trainLoss");
            for (double x : rank) {
                minRank = Math.min(minRank, x);
            }
            rise = Math.max(rise, largestRise(r));
            fit = Math.max(fit, loss.length == 0 ? Double.NaN : loss[loss.length - 1] / loss[0]);
        }
        // within one of full: a singular value of the random A(0) may pass the tolerance on its way
        lazy = minRank >= full - 1 && rise <= 1.1 && fit <= 1e-2;
        c.add("NTK (w = " + ntkWidth + "): rank(A) is full or one short at every record (no steps up from 0), the gradient norm falls without "
                + "rising again (by ≤ 10 %), and the loss is fitted (below 1e-2 of its start)", "lowest rank "
                + NumberText.approx(minRank, 2) + " of " + full + ", largest rise ×" + NumberText.approx(rise, 3)
                + ", train/start " + NumberText.approx(fit, 2), lazy);
    }

    /** Fig. 5's alignment tolerance: the steps, jumps and peaks of one escape within this fraction of its time. */
    static final double ALIGNED = 0.05;

    /** The times (first record) at which the rank rises. */
    private static List<Double> rankSteps(double[] rank, double[] time) {
        List<Double> out = new ArrayList<>();
        for (int i = 1; i < rank.length; i++) {
            if (rank[i] > rank[i - 1]) {
                out.add(time[i]);
            }
        }
        return out;
    }

    /** The series' rate of change between records, one fewer than the records. */
    private static double[] slopes(double[] series, double[] time) {
        double[] out = new double[Math.max(0, series.length - 1)];
        for (int i = 0; i < out.length; i++) {
            out[i] = time[i + 1] > time[i] ? (series[i + 1] - series[i]) / (time[i + 1] - time[i]) : 0;
        }
        return out;
    }

    private static double[] midpoints(double[] time) {
        double[] out = new double[Math.max(0, time.length - 1)];
        for (int i = 0; i < out.length; i++) {
            out[i] = (time[i] + time[i + 1]) / 2;
        }
        return out;
    }

    /**
     * The times of the series' local maxima above 1 % of its largest value: the escapes' peaks, not the
     * round-off's wiggles once the run has converged.
     */
    private static List<Double> peaks(double[] series, double[] time) {
        double top = 0;
        for (double x : series) {
            top = Math.max(top, x);
        }
        List<Double> out = new ArrayList<>();
        for (int i = 1; i + 1 < series.length; i++) {
            if (series[i] > series[i - 1] && series[i] >= series[i + 1] && series[i] >= 0.01 * top) {
                out.add(time[i]);
            }
        }
        return out;
    }

    private static String times(List<Double> ts) {
        StringBuilder sb = new StringBuilder();
        for (double t : ts) {
            sb.append(sb.length() > 0 ? ", " : "").append(NumberText.approx(t, 3));
        }
        return sb.length() == 0 ? "none" : sb.toString();
    }

    /** The series' value at the record of time t (the first record at or after t). */
    private static double at(double[] series, double[] time, double t) {
        for (int i = 0; i < time.length; i++) {
            if (time[i] >= t) {
                return series[i];
            }
        }
        return series.length > 0 ? series[series.length - 1] : Double.NaN;
    }

    private static double median(List<Double> xs) {
        List<Double> sorted = new ArrayList<>(xs);
        sorted.sort(Double::compare);
        int n = sorted.size();
        return n == 0 ? Double.NaN : n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    /**
     * Fig. 3 draws the data per seed, so a configuration's seeds are draws of the task as well as of θ0: its
     * claims count the draws that recover (test error below {@link Summary#RECOVERED} of the zero
     * predictor's) rather than average a mean that one failed draw dominates.
     */
    private static void fig3(Checks c, List<Summary.Entry> entries) {
        double gMin = Double.POSITIVE_INFINITY;
        double gMax = Double.NEGATIVE_INFINITY;
        int wMin = Integer.MAX_VALUE;
        int wMax = 0;
        for (Summary.Entry e : entries) {
            gMin = Math.min(gMin, e.spec.gamma());
            gMax = Math.max(gMax, e.spec.gamma());
            wMin = Math.min(wMin, e.spec.width);
            wMax = Math.max(wMax, e.spec.width);
        }
        StringBuilder m = new StringBuilder();
        Map<Integer, int[]> recoveredAtSmall = new java.util.TreeMap<>(); // width → {recovered, draws}
        Map<Double, Double> testAtWide = new java.util.TreeMap<>();
        double ntkTest = Double.NaN;
        double ntkRank = Double.NaN;
        double ntkFit = Double.NaN;
        int ntkRecovered = 0;
        for (Summary.Entry e : entries) {
            List<Double> tests = new ArrayList<>();
            List<Double> rks = new ArrayList<>();
            List<Double> fits = new ArrayList<>();
            int recovered = 0;
            for (RunView r : runs(e)) {
                double test = r.last("testLoss") / r.number("zeroTestLoss");
                tests.add(test);
                rks.add(r.last("rank"));
                double[] train = r.series("trainLoss");
                fits.add(train.length == 0 ? Double.NaN : train[train.length - 1] / train[0]);
                recovered += test <= Summary.RECOVERED ? 1 : 0;
            }
            if (e.spec.gamma() == gMax) {
                recoveredAtSmall.put(e.spec.width, new int[] {recovered, tests.size()});
                m.append(m.length() > 0 ? "; " : "").append("w = ").append(e.spec.width).append(": ").append(recovered)
                        .append(" of ").append(tests.size()).append(" draws, median rank ").append(NumberText.approx(median(rks), 2));
            }
            if (e.spec.width == wMax) {
                testAtWide.put(e.spec.gamma(), median(tests));
                if (e.spec.gamma() == gMin) {
                    ntkTest = median(tests);
                    ntkRank = median(rks);
                    ntkFit = median(fits);
                    ntkRecovered = recovered;
                }
            }
        }
        int[] wide = recoveredAtSmall.getOrDefault(wMax, new int[2]);
        int[] narrow = recoveredAtSmall.getOrDefault(wMin, new int[2]);
        c.add("saddle-to-saddle (γ = " + NumberText.format(gMax) + "): at w = " + wMax + " most data draws are recovered "
                + "(rank 1, test error below 1e-3 of the zero predictor's)", m.toString(), 2 * wide[0] > wide[1]);
        c.add("the regime is more consistent as the width grows: at γ = " + NumberText.format(gMax) + " no fewer draws are "
                + "recovered at w = " + wMax + " than at w = " + wMin + ", and some are", wide[0] + " of " + wide[1] + " against " + narrow[0]
                + " of " + narrow[1], wMax > wMin && wide[0] > 0 && wide[0] * narrow[1] >= narrow[0] * wide[1]);
        int full = Math.min(entries.get(0).spec.task.rows, entries.get(0).spec.task.cols);
        // trained, not merely started: at step 0 the rank is already nearly full and the test error the zero
        // predictor's, so the claim also asks that the observed entries were fitted
        c.add("NTK regime (γ = " + NumberText.format(gMin) + ", w = " + wMax + "): the observed entries are fitted (train "
                + "loss below 1e-2 of its start) at nearly full rank, with no better test error than the zero predictor's "
                + "and no draw recovered", "median train/start " + NumberText.approx(ntkFit, 2) + ", test/zero "
                + NumberText.approx(ntkTest, 2) + ", rank " + NumberText.approx(ntkRank, 2) + " of " + full + ", "
                + ntkRecovered + " recovered", ntkFit <= 1e-2 && ntkTest >= 0.8 && ntkRank >= 0.8 * full && ntkRecovered == 0);
        boolean falling = true;
        double previous = Double.POSITIVE_INFINITY;
        StringBuilder byGamma = new StringBuilder();
        for (Map.Entry<Double, Double> g : testAtWide.entrySet()) {
            falling &= g.getValue() < previous;
            previous = g.getValue();
            byGamma.append(byGamma.length() > 0 ? ", " : "").append("γ = ").append(NumberText.format(g.getKey())).append(": ")
                    .append(NumberText.approx(g.getValue(), 2));
        }
        c.add("at w = " + wMax + " the test error (the draws' median) falls as γ grows", "test/zero " + byGamma, falling);
    }

    private static void fig4(Checks c, List<Summary.Entry> entries) {
        Summary.Entry lazy = entries.get(0);
        Summary.Entry middle = entries.get(1);
        Summary.Entry small = entries.get(2);
        RunView l = runs(lazy).get(0);
        RunView s = runs(middle).get(0);
        RunView t = runs(small).get(0);
        double lazyTest = l.last("testLoss") / l.number("zeroTestLoss");
        c.add("large α (" + lazy.label + ", lazy): no plateau and no low-rank structure — the test loss stays at the zero "
                + "predictor's level", l.saddles().size() + " saddles, test/zero " + NumberText.approx(lazyTest, 2),
                l.saddles().isEmpty() && lazyTest >= 0.5);
        double middleTest = s.last("testLoss") / s.number("zeroTestLoss");
        c.add("smaller α (" + middle.label + "): plateaus appear and the network generalizes (test below 1e-2 of the zero "
                + "predictor's)", s.saddles().size() + " saddles, test/zero " + NumberText.approx(middleTest, 2),
                s.saddles().size() >= 2 && middleTest <= 1e-2);
        double e1 = t.saddles().isEmpty() ? Double.NaN : RunView.number(t.saddles().get(0).get("escape"));
        double e0 = s.saddles().isEmpty() ? Double.NaN : RunView.number(s.saddles().get(0).get("escape"));
        c.add("the escape from the origin takes longer as α shrinks (" + small.label + " after " + middle.label + ")",
                "first escape at t = " + NumberText.approx(e0, 3) + " and " + NumberText.approx(e1, 3), e1 > e0);
    }

    private static void fig6(Checks c, List<Summary.Entry> entries) {
        Summary.Entry deep = entry(entries, "deep-small");
        Summary.Entry shallow = entry(entries, "shallow-small");
        RunView d = runs(deep).get(0);
        RunView s = runs(shallow).get(0);
        c.add("the rank rises step by step: the deep small-initialization run passes the saddles of ranks 0, 1, 2, 3 one "
                + "direction at a time", ranks(d, 4), oneAtATime(d, 4));
        StringBuilder m = new StringBuilder();
        double mismatch = greedyMismatch(d, deep.spec, 3, m);
        c.add("its plateaus are the greedy algorithm's saddles ϑ¹, ϑ², ϑ³ (losses within 2 %)", m.toString(),
                mismatch <= SADDLE_MATCH);
        double deepWidth = transitions(d, 3);
        double shallowWidth = transitions(s, 3);
        c.add("deep transitions are sharper: an escape spans under half the log-time of a shallow one",
                "mean width of the first three escapes: deep " + NumberText.approx(deepWidth, 2) + " decades, shallow "
                        + NumberText.approx(shallowWidth, 2), deepWidth <= 0.5 * shallowWidth);
        double ntkRise = Math.max(largestRise(runs(entry(entries, "shallow-ntk")).get(0)),
                largestRise(runs(entry(entries, "deep-ntk")).get(0)));
        double smallRise = Math.min(largestRise(d), largestRise(s));
        c.add("NTK: ‖∇θL‖ falls without the rises of the small initialization (never above 1.1× its lowest so far, while "
                + "the small-initialization runs rise by orders of magnitude at each escape)", "largest rise: NTK ×"
                + ratio(ntkRise) + ", small initialization ×" + NumberText.approx(smallRise, 2),
                ntkRise <= 1.1 && smallRise >= 100);
        double ntkFinal = Math.min(runs(entry(entries, "shallow-ntk")).get(0).last("testLoss"),
                runs(entry(entries, "deep-ntk")).get(0).last("testLoss"));
        boolean benefit = true;
        StringBuilder best = new StringBuilder();
        for (RunView r : new RunView[] {s, d}) {
            Map<String, Object> b = r.object("bestTest");
            double loss = RunView.number(b.get("loss"));
            benefit &= RunView.number(b.get("escapedRank")) == 3 && loss <= 0.6 * ntkFinal;
            best.append(best.length() > 0 ? "; " : "").append(NumberText.approx(loss, 3)).append(" at t = ")
                    .append(NumberText.approx(RunView.number(b.get("time")), 3)).append(" (")
                    .append(number(b.get("escapedRank"))).append(" directions escaped), final ")
                    .append(NumberText.approx(r.last("testLoss"), 3));
        }
        c.add("the low-rank benefit: small initialization passes a rank-3 plateau whose test loss is the best along the run "
                + "and well below the NTK runs' final " + NumberText.approx(ntkFinal, 3), "shallow, deep: " + best, benefit);
        boolean overfits = s.last("testLoss") > 1.5 * RunView.number(s.object("bestTest").get("loss"));
        c.add("with noise every regime eventually fits it: the shallow small-initialization run ends well above its best "
                + "test loss", "final " + NumberText.approx(s.last("testLoss"), 3), overfits);
    }

    private static void spurious(Checks c, List<Summary.Entry> entries) {
        Summary.Entry e = entries.get(0);
        RunView r = runs(e).get(0);
        double plateau = Double.NaN;
        for (Map<String, Object> sd : r.saddles()) {
            if (RunView.number(sd.get("rank")) == 3 && plateau != plateau) {
                plateau = RunView.number(sd.get("loss"));
            }
        }
        c.add("gradient descent passes a rank-3 plateau far above the loss 0 of the rank-3 matrix A* (loss ≥ 1e-3)",
                "rank-3 plateau at " + NumberText.approx(plateau, 3), plateau >= 1e-3);
        List<GreedyLowRank.Stage> stages = greedy(e.spec);
        double width3 = Double.NaN;
        int greedyRank = stages.get(stages.size() - 1).rank;
        for (GreedyLowRank.Stage s : stages) {
            if (s.width == 3) {
                width3 = s.loss;
            }
        }
        c.add("the greedy algorithm's width-3 stage stalls there too (loss ≥ 1e-3) and it ends above rank 3",
                "width-3 stage at " + NumberText.approx(width3, 3) + ", last stage rank " + greedyRank,
                width3 >= 1e-3 && greedyRank > 3);
        double test = r.last("testLoss") / r.number("zeroTestLoss");
        c.add("the run ends at a higher rank that fits the observed entries but not A* (test loss ≥ 0.1 × the zero "
                + "predictor's)", "escaped directions " + number(r.last("escapedRank")) + ", test/zero "
                + NumberText.approx(test, 2), r.last("escapedRank") >= 4 && test >= 0.1);
    }

    private static void degenerate(Checks c, List<Summary.Entry> entries) {
        RunView two = runs(entry(entries, "gamma-2")).get(0);
        RunView smaller = runs(entry(entries, "gamma-2.5")).get(0);
        Map<String, Object> escape = two.object("escape");
        double gap = RunView.number(escape.get("s2")) / RunView.number(escape.get("s1"));
        c.add("the top two singular values of ∇C(0) are close (s₂/s₁ ≥ 0.9)", "s₂/s₁ = " + NumberText.approx(gap, 3),
                gap >= 0.9);
        double t2 = two.last("testLoss") / two.number("zeroTestLoss");
        c.add("at γ = 2 the run misses the matrix (test loss ≥ 1e-2 of the zero predictor's)", "test/zero "
                + NumberText.approx(t2, 2), t2 >= 1e-2);
        double t25 = smaller.last("testLoss") / smaller.number("zeroTestLoss");
        c.add("at γ = 2.5 it recovers it (test loss below 1e-3 of the zero predictor's)", "test/zero "
                + NumberText.approx(t25, 2), t25 <= Summary.RECOVERED);
    }

    private static void recovery(Checks c, List<Summary.Entry> entries) {
        Map<String, Object> summary = Summary.of(entries, null);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> points = (List<Map<String, Object>>) ((List<Map<String, Object>>) summary.get("groups"))
                .get(0).get("points");
        double first = RunView.number(points.get(0).get("recovered"));
        double small = 0;
        double best = 0;
        double worst = 1;
        StringBuilder m = new StringBuilder();
        for (Map<String, Object> p : points) {
            double x = RunView.number(p.get("x"));
            double f = RunView.number(p.get("recovered"));
            if (x >= 2) {
                best = Math.max(best, f);
                worst = Math.min(worst, f);
            } else {
                small = Math.max(small, f);
            }
            m.append(m.length() > 0 ? ", " : "").append("γ = ").append(NumberText.format(x)).append(": ")
                    .append(NumberText.approx(f, 2));
        }
        c.add("small initialization recovers the matrix, large does not: at most a quarter of the draws at γ = 1, "
                + "more at every γ ≥ 2 than at any γ < 2, at least half at the best", m.toString(),
                first <= 0.25 && worst > small && best >= 0.5);
        // every miss has its cause, and every seed is counted: recovered or missed for one reason
        StringBuilder causes = new StringBuilder();
        boolean counted = true;
        for (Map<String, Object> p : points) {
            @SuppressWarnings("unchecked")
            Map<String, Object> misses = (Map<String, Object>) p.get("misses");
            int seeds = (int) RunView.number(p.get("seeds"));
            int missed = 0;
            StringBuilder why = new StringBuilder();
            for (String cause : Summary.MISSES) {
                int n = (int) RunView.number(misses.get(cause));
                missed += n;
                if (n > 0) {
                    why.append(why.length() > 0 ? ", " : "").append(n).append(' ').append(cause);
                }
            }
            counted &= missed + (int) Math.round(RunView.number(p.get("recovered")) * seeds) == seeds;
            causes.append(causes.length() > 0 ? "; " : "").append("γ = ").append(NumberText.format(RunView.number(p.get("x"))))
                    .append(": ").append(missed).append(" of ").append(seeds).append(" missed")
                    .append(why.length() > 0 ? " (" + why + ")" : "");
        }
        c.add("but not every draw: at every γ some draws miss the matrix (the fraction stays below 1), each miss "
                + "counted with its cause", causes.toString(), best < 1 && counted);
    }

    /** Mean width (decades of log-time) of the first k escapes. */
    private static double transitions(RunView r, int k) {
        List<Double> w = new ArrayList<>();
        List<Map<String, Object>> saddles = r.saddles();
        for (int i = 0; i < Math.min(k, saddles.size()); i++) {
            double x = RunView.number(saddles.get(i).get("transitionDecades"));
            if (x == x) {
                w.add(x);
            }
        }
        return mean(w);
    }

    // ---- beyond the paper: the optimizers (issue 30) ----------------------------------------------

    /** The saddle of {@code rank} a run lists (its loss), or NaN. */
    private static double saddleLoss(RunView r, int rank) {
        for (Map<String, Object> sd : r.saddles()) {
            if (RunView.number(sd.get("rank")) == rank) {
                return RunView.number(sd.get("loss"));
            }
        }
        return Double.NaN;
    }

    /** The largest relative gap between the saddles of ranks 1 … k of {@code a}'s runs and {@code b}'s, seed by seed. */
    private static double saddleGap(List<RunView> a, List<RunView> b, int k) {
        double worst = 0;
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            for (int rank = 1; rank <= k; rank++) {
                double x = saddleLoss(a.get(i), rank);
                double y = saddleLoss(b.get(i), rank);
                double d = Math.abs(x - y) / y;
                worst = d == d && worst == worst ? Math.max(worst, d) : Double.NaN;
            }
        }
        return a.isEmpty() || b.isEmpty() ? Double.NaN : worst;
    }

    private static boolean recovers(RunView r) {
        return !r.failed() && r.last("testLoss") <= Summary.RECOVERED * r.number("zeroTestLoss");
    }

    /** The median over records of |minibatch loss / full loss − 1| (the minibatch noise at records), averaged over runs. */
    private static double noise(List<RunView> runs) {
        double sum = 0;
        for (RunView r : runs) {
            double[] batch = r.series("batchLoss");
            double[] full = r.series("trainLoss");
            List<Double> d = new ArrayList<>();
            for (int i = 0; i < batch.length; i++) {
                if (batch[i] == batch[i] && full[i] > 0) {
                    d.add(Math.abs(batch[i] / full[i] - 1));
                }
            }
            d.sort(Double::compare);
            sum += d.isEmpty() ? Double.NaN : d.get(d.size() / 2) / runs.size();
        }
        return runs.isEmpty() ? Double.NaN : sum;
    }

    private static void sgdNoise(Checks c, List<Summary.Entry> entries) {
        String[] keys = {"batch-100", "batch-50", "batch-20", "batch-5"};
        List<RunView> full = runs(entry(entries, keys[0]));
        StringBuilder steps = new StringBuilder();
        StringBuilder lifts = new StringBuilder();
        StringBuilder recovered = new StringBuilder();
        boolean allSteps = true;
        boolean allClose = true;
        boolean allRecover = true;
        for (String key : keys) {
            Summary.Entry e = entry(entries, key);
            List<RunView> rs = runs(e);
            int one = 0;
            int rec = 0;
            for (RunView r : rs) {
                one += oneAtATime(r, 3) && r.saddles().size() == 3 ? 1 : 0;
                rec += recovers(r) ? 1 : 0;
            }
            String label = e == null ? key : e.label;
            steps.append(steps.length() > 0 ? "; " : "").append(label).append(": ").append(one).append(" of ").append(rs.size());
            recovered.append(recovered.length() > 0 ? "; " : "").append(label).append(": ").append(rec).append(" of ").append(rs.size());
            allSteps &= !rs.isEmpty() && one == rs.size();
            allRecover &= !rs.isEmpty() && rec == rs.size();
            if (!key.equals(keys[0])) {
                double gap = saddleGap(rs, full, 2);
                lifts.append(lifts.length() > 0 ? "; " : "").append(label).append(": ")
                        .append(NumberText.approx(100 * gap, 2)).append(" %");
                allClose &= gap <= 0.05;
            }
        }
        c.add("at every batch size the rank steps 0 → 1 → 2 → 3, one direction at a time, and no more plateaus are listed",
                "runs that do: " + steps, allSteps);
        c.add("each plateau sits within 5 % of full-batch descent's, seed by seed (the noise lifts its floor a little)",
                "largest gap: " + lifts, allClose);
        c.add("every run recovers the matrix (final test loss below 1e-3 of the zero predictor's)", "recovered: " + recovered,
                allRecover);
        double n50 = noise(runs(entry(entries, keys[1])));
        double n20 = noise(runs(entry(entries, keys[2])));
        double n5 = noise(runs(entry(entries, keys[3])));
        c.add("the minibatch noise grows as the batch shrinks (median |batch loss / full loss − 1| at records)",
                "50 %: " + NumberText.approx(n50, 2) + ", 20 %: " + NumberText.approx(n20, 2) + ", 5 %: " + NumberText.approx(n5, 2),
                n50 < n20 && n20 < n5);
    }

    /** The step at which a run's first saddle (the origin's) was left, and how many directions left it. */
    private static String firstEscape(RunView r, double eta) {
        List<Map<String, Object>> s = r.saddles();
        if (s.isEmpty()) {
            return "no saddle";
        }
        return "0 → " + number(s.get(0).get("escapedToRank")) + " at step " + NumberText.approx(RunView.number(s.get(0).get("escape")) / eta, 3);
    }

    /** The mean step at which runs left the origin's plateau (NaN when one lists no saddle). */
    private static double meanEscapeStep(List<RunView> runs, Summary.Entry e) {
        double sum = 0;
        for (RunView r : runs) {
            List<Map<String, Object>> s = r.saddles();
            sum += s.isEmpty() ? Double.NaN : RunView.number(s.get(0).get("escape")) / e.spec.learningRate / runs.size();
        }
        return runs.isEmpty() || e == null ? Double.NaN : sum;
    }

    private static void adam(Checks c, List<Summary.Entry> entries) {
        Summary.Entry fig1Gd = entry(entries, "fig1-gd");
        Summary.Entry fig1Adam = entry(entries, "fig1-adam");
        Summary.Entry fig2Gd = entry(entries, "fig2-gd");
        Summary.Entry fig2Adam = entry(entries, "fig2-adam");
        List<RunView> gd1 = runs(fig1Gd);
        List<RunView> adam1 = runs(fig1Adam);
        List<RunView> gd2 = runs(fig2Gd);
        List<RunView> adam2 = runs(fig2Adam);
        boolean order = !adam1.isEmpty() && !gd1.isEmpty();
        StringBuilder m = new StringBuilder();
        for (int i = 0; i < adam1.size(); i++) {
            order &= oneAtATime(adam1.get(i), 3) && i < gd1.size() && oneAtATime(gd1.get(i), 3);
            m.append(i > 0 ? "; " : "").append("seed ").append(i + 1).append(": Adam ").append(ranks(adam1.get(i), 4))
                    .append(", ").append(firstEscape(adam1.get(i), fig1Adam.spec.learningRate)).append("; descent ")
                    .append(ranks(i < gd1.size() ? gd1.get(i) : adam1.get(i), 4)).append(", ")
                    .append(firstEscape(i < gd1.size() ? gd1.get(i) : adam1.get(i), fig1Gd.spec.learningRate));
        }
        c.add("on Fig. 1's task Adam learns one direction at a time, in descent's order (0 → 1 → 2 → 3)", m.toString(), order);
        double gap = saddleGap(adam1, gd1, 2);
        c.add("… through descent's saddles: each plateau within 2 % of descent's, seed by seed",
                "largest gap " + NumberText.approx(100 * gap, 2) + " %", gap <= 0.02);
        int rec = 0;
        for (RunView r : adam1) {
            rec += recovers(r) ? 1 : 0;
        }
        int fit = 0;
        for (RunView r : adam2) {
            double[] loss = r.series("trainLoss");
            fit += !r.failed() && loss.length > 0 && loss[loss.length - 1] <= 1e-4 * loss[0] && r.last("rank") == 5 ? 1 : 0;
        }
        c.add("Adam recovers Fig. 1's matrix and fits Fig. 2's teacher at full rank (train loss below 1e-4 of its start)",
                "recovered " + rec + " of " + adam1.size() + ", fitted " + fit + " of " + adam2.size(),
                rec == adam1.size() && fit == adam2.size() && !adam1.isEmpty() && !adam2.isEmpty());
        boolean gdOne = !gd2.isEmpty();
        int together = 0;
        StringBuilder m2 = new StringBuilder();
        for (int i = 0; i < gd2.size(); i++) {
            gdOne &= oneAtATime(gd2.get(i), 4);
        }
        for (int i = 0; i < adam2.size(); i++) {
            List<Map<String, Object>> s = adam2.get(i).saddles();
            together += !s.isEmpty() && RunView.number(s.get(0).get("escapedToRank")) >= 2 ? 1 : 0;
            m2.append(i > 0 ? "; " : "").append("seed ").append(i + 1).append(": Adam ").append(ranks(adam2.get(i), 5));
        }
        // timing: in steps, Adam's normalized step does not wait for the small gradient at the origin to grow
        boolean sooner = true;
        StringBuilder m3 = new StringBuilder();
        for (Summary.Entry[] pair : new Summary.Entry[][] {{fig1Gd, fig1Adam}, {fig2Gd, fig2Adam}}) {
            List<RunView> g = runs(pair[0]);
            List<RunView> a = runs(pair[1]);
            double gs = meanEscapeStep(g, pair[0]);
            double as = meanEscapeStep(a, pair[1]);
            sooner &= as < gs;
            m3.append(m3.length() > 0 ? "; " : "").append(pair[0] == fig1Gd ? "Fig. 1: " : "Fig. 2: ")
                    .append("Adam ").append(NumberText.approx(as, 3)).append(", descent ").append(NumberText.approx(gs, 3));
        }
        c.add("Adam leaves the origin after fewer steps than descent on both tasks (mean step of the first escape)",
                m3.toString(), sooner);
        c.add("on Fig. 2's task descent learns the teacher's directions one at a time, while Adam's first escape takes "
                + "two or more at once in most seeds", m2 + (gdOne ? "; descent one at a time in every seed" : "; descent not"),
                gdOne && 2 * together > adam2.size());
    }

    private static void weightDecay(Checks c, List<Summary.Entry> entries) {
        // final rank per (depth, λ), mean over seeds
        Map<Integer, Map<Double, Double>> rank = new java.util.TreeMap<>();
        Map<Integer, Map<Double, Double>> train = new java.util.TreeMap<>();
        double worstBalance = 0;
        StringBuilder balance = new StringBuilder();
        for (Summary.Entry e : entries) {
            double lambda = e.spec.optimizerSettings.weightDecay;
            List<RunView> rs = runs(e);
            double rk = 0;
            double tr = 0;
            for (RunView r : rs) {
                rk += r.last("rank") / rs.size();
                double[] loss = r.series("trainLoss");
                tr += loss[loss.length - 1] / loss[0] / rs.size();
                if (lambda > 0) {
                    // decay balances the net: ‖θ‖² = Σ‖W_l‖² ends at L·‖A‖_{S_{2/L}}^{2/L}
                    double theta = r.last("paramNorm");
                    double q = r.last("schatten");
                    double balanced = e.spec.depth * DetMath.pow(q, 2.0 / e.spec.depth);
                    double d = Math.abs(theta * theta - balanced) / (theta * theta);
                    if (!(d <= worstBalance)) {
                        worstBalance = d;
                        balance.setLength(0);
                        balance.append(e.label).append(": ‖θ‖² = ").append(NumberText.approx(theta * theta, 4))
                                .append(", L·‖A‖^{2/L} = ").append(NumberText.approx(balanced, 4));
                    }
                }
            }
            if (!rs.isEmpty()) {
                rank.computeIfAbsent(e.spec.depth, k -> new java.util.TreeMap<>()).put(lambda, rk);
                train.computeIfAbsent(e.spec.depth, k -> new java.util.TreeMap<>()).put(lambda, tr);
            }
        }
        boolean falls = !rank.isEmpty();
        StringBuilder m = new StringBuilder();
        for (var d : rank.entrySet()) {
            double previous = Double.POSITIVE_INFINITY;
            m.append(m.length() > 0 ? "; " : "").append("L = ").append(d.getKey()).append(":");
            for (var x : d.getValue().entrySet()) {
                falls &= x.getValue() <= previous;
                previous = x.getValue();
                m.append(" ").append(NumberText.approx(x.getValue(), 2));
            }
        }
        c.add("at every depth the final rank does not rise with λ (ranks in order of λ)", m.toString(), falls);
        // deeper is pushed harder: at every λ > 0, L = 4's rank at most L = 2's, and below it at some λ
        Map<Double, Double> two = rank.getOrDefault(2, Map.of());
        Map<Double, Double> four = rank.getOrDefault(4, Map.of());
        boolean deeper = !two.isEmpty() && !four.isEmpty();
        boolean below = false;
        StringBuilder m2 = new StringBuilder();
        for (var x : two.entrySet()) {
            Double f = four.get(x.getKey());
            if (x.getKey() > 0 && f != null) {
                deeper &= f <= x.getValue();
                below |= f < x.getValue();
                m2.append(m2.length() > 0 ? "; " : "").append("λ = ").append(NumberText.format(x.getKey())).append(": L = 2 → ")
                        .append(NumberText.approx(x.getValue(), 2)).append(", L = 4 → ").append(NumberText.approx(f, 2));
            }
        }
        c.add("the deeper net is pushed harder towards low rank: at every λ > 0 its final rank is at most the shallow net's, "
                + "and below it at some λ", m2.toString(), deeper && below);
        boolean rises = !train.isEmpty();
        StringBuilder m3 = new StringBuilder();
        for (var d : train.entrySet()) {
            double previous = -1;
            for (var x : d.getValue().entrySet()) {
                rises &= x.getValue() >= previous;
                previous = x.getValue();
            }
            m3.append(m3.length() > 0 ? "; " : "").append("L = ").append(d.getKey()).append(": ")
                    .append(NumberText.approx(d.getValue().values().iterator().next(), 2)).append(" → ")
                    .append(NumberText.approx(previous, 2));
        }
        c.add("decay trades the fit for a smaller ‖θ‖: the final train loss (over its start) rises with λ at every depth",
                m3.toString(), rises);
        c.add("decay balances the network: its ‖θ‖² ends at L·‖A‖_{S_{2/L}}^{2/L}, the penalty on A (within 1 %)",
                balance.length() == 0 ? "no decayed run" : "worst: " + balance, balance.length() > 0 && worstBalance <= 0.01);
    }

    // ---- beyond the paper's costs (issue 31) ------------------------------------------------------

    private static void sensingDepth(Checks c, List<Summary.Entry> entries) {
        StringBuilder rec = new StringBuilder();
        boolean all = !entries.isEmpty();
        for (Summary.Entry e : entries) {
            List<RunView> rs = runs(e);
            int ok = 0;
            for (RunView r : rs) {
                ok += recovers(r) && r.last("testLoss") <= 1e-6 * r.number("zeroTestLoss") ? 1 : 0;
            }
            all &= !rs.isEmpty() && ok == rs.size();
            rec.append(rec.length() > 0 ? "; " : "").append(e.label).append(": ").append(ok).append(" of ").append(rs.size());
        }
        c.add("every depth recovers A* (recovery error below 1e-6 of the zero predictor's)", "recovered: " + rec, all);
        plateausGrowWithDepth(c, entries, 1);
        List<RunView> deep = runs(entry(entries, "L4"));
        boolean first = !deep.isEmpty();
        StringBuilder m = new StringBuilder();
        for (RunView r : deep) {
            first &= oneAtATime(r, 2);
            m.append(m.length() > 0 ? "; " : "").append(ranks(r, 4));
        }
        c.add("at L = 4 the two largest singular values are learned one at a time (0 → 1 → 2)", m.toString(), first);
        List<RunView> shallow = runs(entry(entries, "L1"));
        boolean none = !shallow.isEmpty();
        for (RunView r : shallow) {
            for (Map<String, Object> sd : r.saddles()) {
                none &= RunView.number(sd.get("rank")) == 0 && RunView.number(sd.get("escapedToRank")) >= 4;
            }
        }
        c.add("depth 1 learns every direction at once: no plateau, or only the start's left for rank 4", "L = 1: "
                + (shallow.isEmpty() ? "no run" : ranks(shallow.get(0), 4)), none);
    }

    /**
     * "The deeper the net, the more plateaus": the mean number of saddles listed per configuration (one per depth,
     * in order of depth) never falls, and depth 4 lists more than depth {@code shallowest}.
     */
    private static void plateausGrowWithDepth(Checks c, List<Summary.Entry> entries, int shallowest) {
        StringBuilder plateaus = new StringBuilder();
        boolean grows = true;
        double previous = -1;
        Map<Integer, Double> mean = new java.util.TreeMap<>();
        for (Summary.Entry e : entries) {
            List<RunView> rs = runs(e);
            double listed = 0;
            for (RunView r : rs) {
                listed += (double) r.saddles().size() / rs.size();
            }
            plateaus.append(plateaus.length() > 0 ? "; " : "").append(e.label).append(": ").append(NumberText.approx(listed, 2));
            grows &= listed >= previous;
            previous = listed;
            mean.put(e.spec.depth, listed);
        }
        c.add("the deeper the net, the more plateaus its loss steps through (mean saddles listed, by depth)",
                plateaus.toString(), grows && mean.getOrDefault(4, 0.0) > mean.getOrDefault(shallowest, 0.0));
    }

    private static void classification(Checks c, List<Summary.Entry> entries) {
        StringBuilder fit = new StringBuilder();
        StringBuilder margins = new StringBuilder();
        boolean all = !entries.isEmpty();
        boolean rises = !entries.isEmpty();
        for (Summary.Entry e : entries) {
            List<RunView> rs = runs(e);
            int ok = 0;
            for (RunView r : rs) {
                ok += r.last("trainAccuracy") == 1 && r.last("testLoss") <= 0.1 ? 1 : 0;
                double[] margin = r.series("margin");
                int first = 0;
                while (first < margin.length && !(margin[first] > 0)) {
                    first++;
                }
                double end = margin.length > 0 ? margin[margin.length - 1] : Double.NaN;
                boolean up = first < margin.length - 1 && end >= 1.5 * margin[first];
                rises &= up;
                margins.append(margins.length() > 0 ? "; " : "").append(e.label).append(": ")
                        .append(first < margin.length ? NumberText.approx(margin[first], 2) + " → " + NumberText.approx(end, 2)
                                : "never positive (end " + NumberText.approx(end, 2) + ")");
            }
            all &= !rs.isEmpty() && ok == rs.size();
            fit.append(fit.length() > 0 ? "; " : "").append(e.label).append(": ").append(ok).append(" of ").append(rs.size());
        }
        c.add("every run classifies its training set without error, with a test error of at most 10 %",
                "runs at 100 % train accuracy and ≤ 10 % test error: " + fit, all);
        plateausGrowWithDepth(c, entries, 2);
        Summary.Entry deepEntry = entry(entries, "L4");
        List<RunView> deep = runs(deepEntry);
        boolean between = !deep.isEmpty();
        double worst = deep.isEmpty() ? Double.NaN : 0;
        StringBuilder m = new StringBuilder();
        for (RunView r : deep) {
            boolean seen = false;
            for (Map<String, Object> sd : r.saddles()) {
                int rank = (int) RunView.number(sd.get("rank"));
                if (rank > 0 && rank < 3) {
                    seen = true;
                    double greedy = greedyLoss(deepEntry.spec, rank);
                    double d = Math.abs(RunView.number(sd.get("loss")) - greedy) / greedy;
                    worst = d == d && worst == worst ? Math.max(worst, d) : Double.NaN;
                    m.append(m.length() > 0 ? "; " : "").append("rank ").append(rank).append(": ")
                            .append(NumberText.approx(RunView.number(sd.get("loss")), 4)).append(" vs ϑ").append(rank)
                            .append(" ").append(NumberText.approx(greedy, 4));
                }
            }
            between &= seen;
        }
        c.add("at L = 4 the loss rests on plateaus of rank 1 or 2 before A reaches rank 3", deep.isEmpty() ? "no run"
                : ranks(deep.get(0), 4), between);
        c.add("those plateaus are the greedy low-rank algorithm's saddles (losses within 3 %)",
                m.length() == 0 ? "no plateau of rank 1 or 2" : m.toString(), between && worst <= 0.03);
        c.add("once the training set is separated the normalized margin grows (by half at least, first positive → end)",
                margins.toString(), rises);
    }

    /** The greedy algorithm's saddle loss of a rank on a spec's task (NaN if it has none). */
    private static double greedyLoss(ExperimentSpec spec, int rank) {
        for (GreedyLowRank.Stage s : greedy(spec)) {
            if (s.rank == rank) {
                return s.loss;
            }
        }
        return Double.NaN;
    }

    /** The median of the runs' final test losses, or of their nuclear-norm baselines' ({@code baseline}). */
    private static double medianTest(List<RunView> runs, boolean baseline) {
        List<Double> xs = new ArrayList<>();
        for (RunView r : runs) {
            Object nn = r.object("baselines").get("nuclearNorm");
            double v = baseline ? (nn instanceof Map ? RunView.number(((Map<?, ?>) nn).get("testLoss")) : Double.NaN)
                    : r.failed() ? Double.POSITIVE_INFINITY : r.last("testLoss");
            xs.add(v);
        }
        xs.sort(Double::compare);
        int n = xs.size();
        return n == 0 ? Double.NaN : n % 2 == 1 ? xs.get(n / 2) : (xs.get(n / 2 - 1) + xs.get(n / 2)) / 2;
    }

    private static void depthVsNuclear(Checks c, List<Summary.Entry> entries) {
        double most = -1;
        double fewest = 2;
        int deepest = 0;
        int shallowest = 100;
        for (Summary.Entry e : entries) {
            most = Math.max(most, e.spec.task.observed);
            fewest = Math.min(fewest, e.spec.task.observed);
            deepest = Math.max(deepest, e.spec.depth);
            shallowest = Math.min(shallowest, e.spec.depth);
        }
        Summary.Entry deepMost = null;
        Summary.Entry shallowMost = null;
        Summary.Entry deepFewest = null;
        for (Summary.Entry e : entries) {
            if (e.spec.task.observed == most && e.spec.depth == deepest) {
                deepMost = e;
            }
            if (e.spec.task.observed == most && e.spec.depth == shallowest) {
                shallowMost = e;
            }
            if (e.spec.task.observed == fewest && e.spec.depth == deepest) {
                deepFewest = e;
            }
        }
        List<RunView> dm = runs(deepMost);
        List<RunView> sm = runs(shallowMost);
        double deep = medianTest(dm, false);
        double baseline = medianTest(dm, true);
        double shallow = medianTest(sm, false);
        c.add("at the largest observed fraction the deepest net beats the nuclear norm: its median test error is below "
                + "a tenth of the baseline's", "L = " + deepest + ": " + NumberText.approx(deep, 2) + ", nuclear norm: "
                + NumberText.approx(baseline, 2), deep < 0.1 * baseline);
        c.add("… and below the shallowest net's (L = " + shallowest + ")", "L = " + shallowest + ": "
                + NumberText.approx(shallow, 2), deep < shallow);
        double base = medianTest(runs(deepFewest), true);
        c.add("with fewer observations the baseline's test error rises (median at the smallest fraction above the largest's)",
                NumberText.format(fewest) + ": " + NumberText.approx(base, 2) + ", " + NumberText.format(most) + ": "
                        + NumberText.approx(baseline, 2), base > baseline);
    }
}
