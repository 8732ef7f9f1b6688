package saddlelab.experiment.readings;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import saddlelab.experiment.run.EscapedDirections;
import saddlelab.experiment.run.RunStatus;
import saddlelab.experiment.run.Trace;

/**
 * The saddles a run visited, as the greedy low-rank algorithm sees them (paper §5.2–5.3, Conjecture 3):
 * near the k-th saddle ϑ^k, A has k singular values that have escaped from the origin and the others
 * are still at the scale of the initialization, and the loss dwells at ϑ^k's critical value.
 *
 * <p><b>A saddle is a dwell</b> ({@link #find}; docs/spec.md states the rule with its constants). The
 * candidates are the records where ‖∇θL‖ has a local minimum (Fig. 6: "a decrease down to 0 indicates
 * approaching a saddle"), away from the loss the run ends at. Around a candidate's loss L, in a band
 * [L/b, L·b] for each b of {@link #BANDS}, the dwell is how long the loss stays in the band, and the
 * passages how long it takes to cross the bands of the same width just above and just below it (on a
 * loss that falls at one relative speed, the three are equal). A candidate is a saddle when in some band
 * it dwells at least {@link #DWELL} times its longer passage: a bend the loss passes is not, however the
 * norm wiggles there. Candidates whose dwells overlap are one saddle, read at its closest approach (the
 * least ‖∇θL‖ in the dwell).
 *
 * <p>The rank of a saddle is the escaped rank ({@link EscapedDirections#count}) most records of its dwell
 * hold, so that a blip of a record or two does not change it; where no record of the dwell shows a clear
 * gap, the last rank shown before it, else rank(A) (the plateau a run starts on is the origin's). Ranks
 * only rise from one dwell to the next. Directions that escape between two dwells escape in one event as
 * far as the records can tell, and the table says so; where a dwell separates them, each is its own saddle.
 */
public final class Saddles {
    private Saddles() {
    }

    /**
     * The bands a dwell may stay in: within one of these factors of its level, either way. A plateau
     * the loss creeps along (a slow approach, as to a degenerate saddle) dwells in a wide band; a brief
     * passage by a saddle in a narrow one.
     */
    static final double[] BANDS = {1.03, 1.1, 1.3};
    /**
     * A dwell lasts at least this many times as long as the loss takes to cross the bands of the same
     * width just above and just below it (on a loss that falls at one relative speed, the ratio is 1).
     */
    public static final double DWELL = 2.5;
    /** On the loss's lower envelope, a dwell holds at least this many records of the loss in its band. */
    public static final int ENVELOPE_RECORDS = 3;
    /**
     * ... and lasts at least this fraction of the time it began at: a plateau of small-initialization
     * dynamics lasts a time of the order of its arrival (§5.1: the escape time grows with it), a bump of
     * minibatch noise the few steps the batches take to average out, which the envelope holds flat too.
     */
    public static final double ENVELOPE_LENGTH = 0.05;
    /**
     * Minima of the norm within a factor {@code BANDS[0]}³ of the final loss are the minimum, not saddles,
     * and so are minima less than this fraction of the loss's whole descent above the final loss: a
     * run that converges to round-off (a final loss of 10⁻³², say) wanders there by factors of ten, and
     * its ‖∇θL‖, at round-off too, dips deeply at random. The fraction is a done run's tolerance: a
     * plateau closer than that to the minimum is one the lab itself cannot tell from it.
     */
    static final double AT_MINIMUM = RunStatus.CONVERGED;

    public static final class Saddle {
        /** Directions escaped at the saddle (the k of ϑ^k). */
        public final int rank;
        /**
         * The saddle's loss: the lowest loss of A's escaped part on the plateau (its best rank-k
         * approximation, {@link Trace#ESCAPED_LOSS}), or the train loss at the closest approach where the
         * spectrum shows no clear gap.
         */
        public final double loss;
        /** The train loss at the closest approach. */
        public final double trainLoss;
        public final double arrival;
        /** The time of the closest approach (the least ‖∇θL‖ while it dwelt). */
        public final double closest;
        public final double escape;
        public final double gradNorm;
        /** Directions escaped on the next plateau (or at the minimum); −1 when the run ended during the escape. */
        public final int escapedToRank;
        /** log₁₀ of (end of the escape / its start): the width of the transition on a log-time axis. */
        public final double transitionDecades;
        /** Position in the path view (pathX, pathY at the saddle's record). */
        public final double x;
        public final double y;
        /** The record of the closest approach. */
        public final int record;
        /** Whether the spectrum showed a clear gap there (else the rank is the last one it showed). */
        public final boolean clearGap;
        /**
         * How long the loss dwelt in the band that qualified it (of {@link #BANDS}, the one it dwells in
         * longest for its passages), and that band; {@link #arrival} and {@link #escape} are when it came
         * within the narrowest band of its level and left it.
         */
        public final double dwell;
        public final double bandLow;
        public final double bandHigh;
        /** The longer of its two passages: the times to cross the bands of the same width beside its band. */
        public final double passage;

        Saddle(int rank, double loss, double trainLoss, double arrival, double escape, double gradNorm,
                int escapedToRank, double transitionDecades, double x, double y, int record, boolean clearGap,
                double bandLow, double bandHigh, double passage, double dwell, double closest) {
            this.closest = closest;
            this.clearGap = clearGap;
            this.dwell = dwell;
            this.bandLow = bandLow;
            this.bandHigh = bandHigh;
            this.passage = passage;
            this.trainLoss = trainLoss;
            this.rank = rank;
            this.loss = loss;
            this.arrival = arrival;
            this.escape = escape;
            this.gradNorm = gradNorm;
            this.escapedToRank = escapedToRank;
            this.transitionDecades = transitionDecades;
            this.x = x;
            this.y = y;
            this.record = record;
        }

        /**
         * The saddle as its result document has it ({@code saddles[]} in docs/spec.md), with the best rank-k
         * fit {@code bestFit} it is compared with (the greedy algorithm's saddle of this rank, in closed form
         * for teacher tasks; NaN where there is none) and the relative difference {@code bestFitGap}.
         */
        public Map<String, Object> toMap(double bestFit) {
            return toMap(bestFit, null);
        }

        /** As {@link #toMap(double)}, with {@code bestFitNote}: why the loss is not within 3 % of the best fit. */
        public Map<String, Object> toMap(double bestFit, String bestFitNote) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("rank", rank);
            doc.put("loss", loss);
            doc.put("trainLoss", trainLoss);
            doc.put("gradNorm", gradNorm);
            doc.put("arrival", arrival);
            doc.put("closest", closest);
            doc.put("escape", escape);
            doc.put("dwell", dwell);
            doc.put("passage", passage);
            doc.put("bandLow", bandLow);
            doc.put("bandHigh", bandHigh);
            doc.put("escapedToRank", escapedToRank);
            doc.put("directions", directions());
            doc.put("clearGap", clearGap);
            doc.put("transitionDecades", transitionDecades);
            doc.put("bestFit", bestFit > 0 ? bestFit : Double.NaN);
            doc.put("bestFitGap", bestFit > 0 ? (loss - bestFit) / bestFit : Double.NaN);
            doc.put("bestFitNote", bestFitNote);
            doc.put("x", x);
            doc.put("y", y);
            return doc;
        }

        /** How many directions escaped when the run left this saddle (0 when it ended during the escape). */
        public int directions() {
            return escapedToRank < 0 ? 0 : escapedToRank - rank;
        }
    }

    /** A run's losses and times, and the crossings of a level between two records. */
    private static final class Curve {
        final double[] loss;
        final double[] time;

        Curve(double[] loss, double[] time) {
            this.loss = loss;
            this.time = time;
        }

        /** The first time after record {@code from} (up to {@code to}) that the loss is at or below {@code level}. */
        double firstBelow(int from, int to, double level) {
            if (loss[from] <= level) {
                return time[from];
            }
            for (int j = from + 1; j <= to; j++) {
                if (loss[j] <= level) {
                    return between(j - 1, j, level);
                }
            }
            return time[to];
        }

        /** The last time before record {@code to} (from {@code from} on) that the loss is at or above {@code level}. */
        double lastAbove(int from, int to, double level) {
            if (loss[to] >= level) {
                return time[to];
            }
            for (int j = to - 1; j >= from; j--) {
                if (loss[j] >= level) {
                    return between(j, j + 1, level);
                }
            }
            return time[from];
        }

        /** Where the loss crosses {@code level} between records j and k = j + 1 (linear in time). */
        private double between(int j, int k, double level) {
            double d = loss[j] - loss[k];
            double f = d != 0 ? (loss[j] - level) / d : 0;
            return time[j] + (time[k] - time[j]) * Math.min(1, Math.max(0, f));
        }
    }

    /** A candidate's dwell: the band around its loss, how long the loss stayed in it, and the passages beside. */
    private static final class Dwell {
        final int record;
        final double arrival;
        final double escape;
        final double passageIn;
        final double passageOut;
        final double band;
        /** The record of the closest approach: the least ‖∇θL‖ while it dwells (set once dwells are merged). */
        int closest;

        Dwell(Curve c, int record, double band) {
            this.record = record;
            this.band = band;
            int last = c.loss.length - 1;
            double l = c.loss[record];
            arrival = c.lastAbove(0, record, l * band);
            escape = c.firstBelow(record, last, l / band);
            passageIn = arrival - c.lastAbove(0, record, l * band * band * band);
            passageOut = c.firstBelow(record, last, l / (band * band * band)) - escape;
        }

        /** The dwell against the longer of its neighbouring passages (infinite when neither takes time). */
        double ratio() {
            double passage = Math.max(passageIn, passageOut);
            double d = escape - arrival;
            return passage > 0 ? d / passage : d > 0 ? Double.POSITIVE_INFINITY : 0;
        }
    }

    /** A saddle's loss agrees with the best fit of its rank when within this fraction of it (docs/spec.md). */
    public static final double BEST_FIT_MATCH = 0.03;

    /** How many k-subsets of the fit's directions {@link #bestFitNote} tries before it stops looking. */
    static final int SUBSETS = 20000;

    /**
     * Why a saddle of rank k at {@code loss} is not within {@link #BEST_FIT_MATCH} of the best rank-k fit, or
     * null when it is (or no fit is known). For regression, {@code gains} are {@code Tasks.fitGains}: the
     * critical values of rank k keep any k of the fit's directions (§5.3), so a plateau at one that does not
     * keep the top k is named as that critical point; otherwise above the fit is the finite σ (the path
     * passes the saddle at a distance that closes as σ → 0, Conjecture 3) and below it are directions the
     * rank does not count yet.
     */
    public static String bestFitNote(double loss, int rank, double bestFit, double[] gains, int samples) {
        if (!(bestFit > 0) || Math.abs(loss - bestFit) <= BEST_FIT_MATCH * bestFit) {
            return null;
        }
        if (bestFit <= 1e-9 * loss) {
            return "the best rank-" + rank + " fit is exact (≈ 0): a dwell above it at this rank is an earlier stage, "
                    + "with a direction still growing counted in the rank";
        }
        if (loss < bestFit) {
            return "below the best rank-" + rank + " fit: more directions have grown than the rank counts (one still "
                    + "under the rank tolerance)";
        }
        if (gains != null && rank > 0 && rank < gains.length - 1) {
            int[] kept = otherCritical(loss, rank, gains, samples);
            if (kept != null) {
                StringBuilder dirs = new StringBuilder();
                for (int i : kept) {
                    dirs.append(dirs.length() > 0 ? ", " : "").append(i);
                }
                return "at another critical point of rank " + rank + " (the fit's directions " + dirs + " kept, not the "
                        + "top " + rank + "): a saddle the greedy algorithm does not visit";
            }
        }
        return "above the best rank-" + rank + " fit: at this width and scale the path passes the saddle at a distance "
                + "(it closes as σ → 0, Conjecture 3), or leaves before it arrives";
    }

    /** The k directions (1-based) whose critical value is within the match of loss, other than the top k. */
    private static int[] otherCritical(double loss, int k, double[] gains, int samples) {
        int m = gains.length - 1;
        double total = 0;
        for (int i = 1; i <= m; i++) {
            total += gains[i];
        }
        int[] idx = new int[k];
        for (int i = 0; i < k; i++) {
            idx[i] = i;
        }
        for (int tried = 0; tried < SUBSETS; tried++) {
            // the next k-subset in lexicographic order (the first, the top k, is the best fit itself)
            int j = k - 1;
            while (j >= 0 && idx[j] == m - k + j) {
                j--;
            }
            if (j < 0) {
                return null;
            }
            idx[j]++;
            for (int i = j + 1; i < k; i++) {
                idx[i] = idx[i - 1] + 1;
            }
            double kept = 0;
            for (int i : idx) {
                kept += gains[i + 1];
            }
            double value = gains[0] + (total - kept) / samples;
            if (Math.abs(loss - value) <= BEST_FIT_MATCH * value) {
                int[] out = new int[k];
                for (int i = 0; i < k; i++) {
                    out[i] = idx[i] + 1;
                }
                return out;
            }
        }
        return null;
    }

    /**
     * The saddles of a run's records (a run's stable trace, {@link Trace#stable}): its dwells, in order; for a
     * run trained by plain gradient descent or flow, read from the loss itself.
     *
     * @param scale S, s₁ of the cost's minimizer (the scale of what is learned)
     */
    public static List<Saddle> find(Trace t, double scale) {
        return find(t, scale, false);
    }

    /**
     * The saddles of a run. With {@code envelope} (a run whose loss need not fall monotonically,
     * {@code ExperimentSpec.monotoneLoss} false), the dwell rule reads the lower envelope of the train loss
     * at records (its running minimum, the least loss so far) instead of the loss itself: minibatch noise
     * and momentum make the full-batch loss on a plateau jump above it and fall back (Fig. 1's task at
     * batch 14 of 70: from 0.50 to 1.7 and back while rank 1 holds), which breaks every band around the
     * plateau, but the least loss so far stays on its floor, the saddle's value, until the escape takes it
     * lower. On a loss that never rises the envelope is the loss, so gradient descent reads the same.
     * One record's rise flattens the envelope between two records, which is no plateau: on the envelope a
     * dwell must also hold at least {@link #ENVELOPE_RECORDS} records whose own loss is in its band, and last
     * at least {@link #ENVELOPE_LENGTH} of the time it began at.
     */
    public static List<Saddle> find(Trace t, double scale, boolean envelope) {
        int n = t.size();
        List<Saddle> out = new ArrayList<>();
        if (n < 3) {
            return out;
        }
        double[] g = t.column(Trace.GRAD_NORM);
        double[] time = t.column(Trace.TIME);
        double[] raw = t.column(Trace.TRAIN_LOSS);
        for (double v : raw) {
            if (!(v - v == 0)) {
                return out; // the stable trace ends before a loss that is not finite; this is no run's trace
            }
        }
        double[] loss = raw;
        if (envelope) {
            loss = raw.clone();
            for (int i = 1; i < n; i++) {
                loss[i] = Math.min(loss[i - 1], raw[i]);
            }
        }
        Curve curve = new Curve(loss, time);
        double initialLoss = loss[0];
        double lastLoss = loss[n - 1];
        // the candidates: local minima of ‖∇θL‖ above the loss the run ends at, each with its dwell
        List<Dwell> dwells = new ArrayList<>();
        double near = BANDS[0] * BANDS[0] * BANDS[0];
        for (int i = 0; i < n - 1; i++) {
            boolean minimum = g[i] > 0 && g[i] - g[i] == 0 && (i == 0 || g[i] < g[i - 1]) && g[i] <= g[i + 1];
            double l = loss[i];
            if (!minimum || !(l > lastLoss * near) || l - lastLoss <= AT_MINIMUM * (initialLoss - lastLoss)) {
                continue; // within reach of the loss the run ends at: the minimum's, not a saddle's
            }
            Dwell d = null;
            for (double band : BANDS) {
                Dwell b = new Dwell(curve, i, band);
                if (envelope && (recordsIn(t, raw, time, b, l) < ENVELOPE_RECORDS
                        || b.escape - b.arrival < ENVELOPE_LENGTH * b.arrival)) {
                    continue; // the envelope flat between a few records, or over a bump of the noise: no plateau
                }
                // a band reaching down to the final loss would read the end of the run as the passage out
                if (d == null || b.ratio() > d.ratio() && l / (band * band * band) > lastLoss) {
                    d = b;
                }
            }
            if (d == null || d.ratio() < DWELL) {
                continue; // a bend the loss passes
            }
            Dwell previous = dwells.isEmpty() ? null : dwells.get(dwells.size() - 1);
            if (previous != null && d.arrival < previous.escape) {
                // the same dwell seen from two minima of the norm: its stretch is the one it reads clearer from
                if (d.ratio() > previous.ratio()) {
                    dwells.set(dwells.size() - 1, d);
                }
                continue;
            }
            dwells.add(d);
        }
        for (Dwell d : dwells) {
            d.closest = d.record;
            for (int i = 0; i < n; i++) {
                if (time[i] >= d.arrival && time[i] <= d.escape && g[i] > 0 && g[i] < g[d.closest]) {
                    d.closest = i;
                }
            }
        }
        // the ranks: the escaped rank most records of a dwell hold
        int[] ranks = new int[dwells.size()];
        boolean[] clear = new boolean[dwells.size()];
        for (int k = 0; k < dwells.size(); k++) {
            Dwell d = dwells.get(k);
            int r = heldRank(t, d.arrival, d.escape, d.closest);
            clear[k] = r >= 0;
            if (r < 0) {
                for (int j = d.closest; r < 0 && j >= 0; j--) {
                    r = (int) t.get(j, Trace.ESCAPED_RANK); // the last rank the spectrum showed clearly
                }
            }
            boolean origin = k == 0 && d.arrival <= time[0];
            // never a clear gap: rank(A) itself, but the plateau a run starts on is the origin's (ϑ⁰)
            ranks[k] = r >= 0 ? r : origin ? 0 : (int) t.get(d.closest, Trace.RANK);
        }
        // directions escape, they do not return: a dwell that holds as many as the next one had not all of
        // them yet (the last was still growing through it), so it holds one fewer
        for (int k = dwells.size() - 2; k >= 0; k--) {
            if (ranks[k] >= ranks[k + 1] && ranks[k + 1] > 0) {
                ranks[k] = ranks[k + 1] - 1;
            }
        }
        int endRank = heldRank(t, curve.lastAbove(0, n - 1, lastLoss * BANDS[0]), time[n - 1], n - 1);
        if (endRank < 0) {
            endRank = EscapedDirections.pastMiddle(t.row(n - 1, Trace.SINGULAR_VALUES, t.singularValueCount()), scale,
                    t.get(0, Trace.SINGULAR_VALUES));
        }
        boolean anyClear = false;
        for (boolean b : clear) {
            anyClear |= b;
        }
        if (endRank < 0 && !anyClear) {
            endRank = (int) t.get(n - 1, Trace.RANK); // as for the saddles themselves, when no gap was ever clear
        }
        for (int k = 0; k < dwells.size(); k++) {
            Dwell d = dwells.get(k);
            int c = d.closest;
            int rank = ranks[k];
            // the last saddle: where the run ends, unless it ended during this escape (no more directions yet)
            int nextRank = k + 1 < dwells.size() ? ranks[k + 1] : endRank > rank ? endRank : -1;
            // the level: the lowest loss of A's escaped part while it dwelt (its closest approach to the saddle)
            double level = Double.POSITIVE_INFINITY;
            for (int i = 0; i < n; i++) {
                double e = t.get(i, Trace.ESCAPED_LOSS);
                if (time[i] >= d.arrival && time[i] <= d.escape && (int) t.get(i, Trace.ESCAPED_RANK) == rank && e < level) {
                    level = e;
                }
            }
            if (!(level < Double.POSITIVE_INFINITY)) {
                level = loss[c];
            }
            double fallEnd = d.escape + d.passageOut;
            double decades = d.escape > 0 && fallEnd > d.escape
                    ? saddlelab.engine.DetMath.log(fallEnd / d.escape) / saddlelab.engine.DetMath.log(10) : Double.NaN;
            Dwell core = new Dwell(curve, c, BANDS[0]); // on the plateau: within the narrowest band of its level
            out.add(new Saddle(rank, level, raw[c], core.arrival, core.escape, g[c], nextRank, decades,
                    t.get(c, t.alignmentColumn() + 1), t.get(c, t.alignmentColumn() + 2), c, clear[k], loss[c] / d.band,
                    loss[c] * d.band, Math.max(d.passageIn, d.passageOut), d.escape - d.arrival, time[c]));
        }
        return out;
    }

    /**
     * The records in a dwell's time whose own loss lies in its band around {@code level} and is, within the
     * band, the loss of A's escaped part (A at a saddle is its escaped directions and what is still at the
     * initialization's scale, §5.2; noise that fills the other directions is no saddle).
     */
    private static int recordsIn(Trace t, double[] loss, double[] time, Dwell d, double level) {
        int count = 0;
        for (int i = 0; i < loss.length; i++) {
            double e = t.get(i, Trace.ESCAPED_LOSS);
            if (time[i] >= d.arrival && time[i] <= d.escape && loss[i] <= level * d.band && loss[i] >= level / d.band
                    && e <= loss[i] * d.band && e >= loss[i] / d.band) {
                count++;
            }
        }
        return count;
    }

    /**
     * The escaped rank most records between times {@code from} and {@code to} hold (ties: the one seen
     * first), so that a blip of a record or two does not decide it; the record {@code at}'s own when none
     * lies there; −1 when none shows a clear gap.
     */
    private static int heldRank(Trace t, double from, double to, int at) {
        Map<Integer, Integer> counts = new LinkedHashMap<>();
        for (int i = 0; i < t.size(); i++) {
            double ti = t.get(i, Trace.TIME);
            int r = (int) t.get(i, Trace.ESCAPED_RANK);
            if (ti >= from && ti <= to && r >= 0) {
                counts.merge(r, 1, Integer::sum);
            }
        }
        int best = -1;
        int bestCount = 0;
        for (var e : counts.entrySet()) {
            if (e.getValue() > bestCount) {
                best = e.getKey();
                bestCount = e.getValue();
            }
        }
        return counts.isEmpty() ? (int) t.get(at, Trace.ESCAPED_RANK) : best;
    }
}
