package saddlelab.experiment.readings;

import java.util.ArrayList;
import java.util.List;
import saddlelab.experiment.run.EscapedDirections;
import saddlelab.experiment.run.RunStatus;
import saddlelab.experiment.run.Trace;

/**
 * The saddles a run visited, as the greedy low-rank algorithm sees them (paper §5.2–5.3, Conjecture 3):
 * near the k-th saddle ϑ^k, A has k singular values that have escaped from the origin and the others
 * are still at the scale of the initialization.
 *
 * <p><b>Escaped directions</b> ({@link EscapedDirections#count}): the spectrum of A cut at its largest gap
 * (at least {@link #GAP}) among the cuts above the geometric middle √(S·F) between the scale F = s₁(A₀)
 * of the initialization and the scale S of what is learned (s₁ of the cost's minimizer); without such
 * a gap the record has no rank of this kind (−1), as during some escapes, or throughout the NTK regime,
 * where the initialization is not near the saddle.
 *
 * <p><b>Plateaus</b> ({@link #find}): the records fall into segments of equal escaped rank (records
 * without one join the segment they are in). Every segment but the last is a saddle the run passed:
 * its record of least ‖∇θL‖ (Fig. 6: "a decrease down to 0 indicates approaching a saddle, and a
 * following increase indicates escaping it") must still show the gap and sit at least
 * {@link #PROMINENCE} below the peak of ‖∇θL‖ on each side (the escape into it and the escape out of
 * it; a run that starts on the origin's plateau needs no peak on the left). The last segment is where
 * the run ends (the minimum, or a plateau it never left) and is not listed. A saddle whose next plateau
 * has two or more directions more escaped two directions in one event, which the table says.
 */
public final class Saddles {
    private Saddles() {
    }

    /** The smallest gap s_k/s_{k+1} that separates escaped directions from the rest. */
    static final double GAP = EscapedDirections.GAP;
    /** How much larger ‖∇θL‖ must get on both sides of a saddle's closest approach. */
    static final double PROMINENCE = 2;
    /** ... and on both sides of a minimum of ‖∇θL‖ where the spectrum shows no clear gap. */
    static final double DEEP = 4;
    /** Minima with a loss this close (relatively) to the final loss are the minimum, not saddles. */
    static final double CONVERGED = 1e-2;
    /**
     * ... and so are minima less than this fraction of the loss's whole descent above the final loss: a
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

        Saddle(int rank, double loss, double trainLoss, double arrival, double escape, double gradNorm,
                int escapedToRank, double transitionDecades, double x, double y, int record, boolean clearGap) {
            this.clearGap = clearGap;
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

        /** How many directions escaped when the run left this saddle (0 when it ended during the escape). */
        public int directions() {
            return escapedToRank < 0 ? 0 : escapedToRank - rank;
        }
    }

    private static final class Segment {
        final int rank;
        final int first;
        int last;
        int closest;

        Segment(int rank, int first) {
            this.rank = rank;
            this.first = first;
            this.last = first;
        }
    }

    /** A closest approach to a saddle, before its times are read off. */
    private static final class Candidate {
        final int record;
        final double leftPeak;
        final int rightPeakAt;
        final int rank;
        final boolean clearGap;
        /** The saddle's loss (see {@link Saddle#loss}). */
        double loss;

        Candidate(int record, double leftPeak, int rightPeakAt, int rank, boolean clearGap) {
            this.record = record;
            this.leftPeak = leftPeak;
            this.rightPeakAt = rightPeakAt;
            this.rank = rank;
            this.clearGap = clearGap;
        }
    }

    /**
     * The saddles of a run's records.
     *
     * @param scale S, s₁ of the cost's minimizer (the scale of what is learned)
     */
    public static List<Saddle> find(Trace t, double scale) {
        int n = t.size();
        List<Saddle> out = new ArrayList<>();
        if (n < 3) {
            return out;
        }
        double[] g = t.column(Trace.GRAD_NORM);
        double[] time = t.column(Trace.TIME);
        // segments of equal escaped rank; records without a gap stay in the segment they are in
        List<Segment> segments = new ArrayList<>();
        int[] segmentOf = new int[n];
        Segment current = null;
        for (int i = 0; i < n; i++) {
            int e = (int) t.get(i, Trace.ESCAPED_RANK);
            if (current == null || e >= 0 && e != current.rank) {
                current = new Segment(e, i);
                segments.add(current);
            }
            current.last = i;
            segmentOf[i] = segments.size() - 1;
        }
        for (Segment s : segments) {
            int best = -1;
            for (int i = s.first; i <= s.last; i++) {
                if (g[i] > 0 && g[i] - g[i] == 0 && (best < 0 || g[i] < g[best])) {
                    best = i;
                }
            }
            s.closest = best;
        }
        List<Candidate> candidates = new ArrayList<>();
        boolean[] accepted = new boolean[segments.size()];
        // (1) each segment but the last whose closest approach shows the gap and a dip of ‖∇θL‖
        int previousClosest = 0;
        for (int k = 0; k + 1 < segments.size(); k++) {
            Segment s = segments.get(k);
            int c = s.closest;
            if (s.rank < 0 || c < 0 || (int) t.get(c, Trace.ESCAPED_RANK) != s.rank) {
                continue;
            }
            int nextClosest = segments.get(k + 1).closest >= 0 ? segments.get(k + 1).closest : n - 1;
            double right = 0;
            int rightAt = c;
            for (int i = c; i <= Math.max(c, nextClosest); i++) {
                if (g[i] > right) {
                    right = g[i];
                    rightAt = i;
                }
            }
            double left = 0;
            for (int i = previousClosest; i <= c; i++) {
                left = Math.max(left, g[i]);
            }
            boolean fromStart = k == 0 && s.first == 0 && s.rank == 0; // the origin's plateau, from t = 0
            if (right >= PROMINENCE * g[c] && (fromStart || left >= PROMINENCE * g[c])) {
                Candidate cand = new Candidate(c, fromStart ? Double.POSITIVE_INFINITY : left, rightAt, s.rank, true);
                cand.loss = Double.POSITIVE_INFINITY;
                for (int i = s.first; i <= s.last; i++) {
                    double e = t.get(i, Trace.ESCAPED_LOSS);
                    if ((int) t.get(i, Trace.ESCAPED_RANK) == s.rank && e < cand.loss) {
                        cand.loss = e;
                    }
                }
                if (!(cand.loss < Double.POSITIVE_INFINITY)) {
                    cand.loss = t.get(c, Trace.TRAIN_LOSS);
                }
                candidates.add(cand);
                accepted[k] = true;
                previousClosest = c;
            }
        }
        // (2) deep minima of ‖∇θL‖ where the spectrum shows no clear gap (an initialization that is only
        // moderately small: the next directions already grow on the plateau), outside the segments above
        double initialLoss = t.get(0, Trace.TRAIN_LOSS);
        double lastLoss = t.get(n - 1, Trace.TRAIN_LOSS);
        for (int i = 0; i < n - 1; i++) {
            if (accepted[segmentOf[i]] || !(g[i] > 0) || g[i] - g[i] != 0) {
                continue;
            }
            // right: the escape's peak, the highest norm before it falls below g[i] again or, once a
            // prominent peak is passed, falls from it by the prominence (the next plateau's basin)
            int right = i;
            for (int j = i + 1; j < n && g[j] >= g[i]; j++) {
                if (g[j] > g[right]) {
                    right = j;
                } else if (g[right] >= DEEP * g[i] && DEEP * g[j] <= g[right]) {
                    break;
                }
            }
            // left: the same backwards (ties go to the earlier record, so a flat bottom counts once)
            int left = i;
            int k = i - 1;
            for (; k >= 0 && g[k] > g[i]; k--) {
                if (g[k] > g[left]) {
                    left = k;
                } else if (g[left] >= DEEP * g[i] && DEEP * g[k] <= g[left]) {
                    break;
                }
            }
            double loss = t.get(i, Trace.TRAIN_LOSS);
            boolean fromStart = k < 0 && Math.abs(loss - initialLoss) <= CONVERGED * initialLoss;
            if (!fromStart && g[left] < DEEP * g[i] || g[right] < DEEP * g[i]) {
                continue;
            }
            if (Math.abs(loss - lastLoss) <= CONVERGED * Math.abs(lastLoss) || !(loss > lastLoss)
                    || loss - lastLoss <= AT_MINIMUM * (initialLoss - lastLoss)) {
                continue; // the loss level of the minimum: a dip of the norm on the way in, not a saddle
            }
            int e = (int) t.get(i, Trace.ESCAPED_RANK);
            int rank = e;
            for (int j = i; rank < 0 && j >= 0; j--) {
                rank = (int) t.get(j, Trace.ESCAPED_RANK); // the last rank the spectrum showed clearly
            }
            if (rank < 0) {
                rank = (int) t.get(i, Trace.RANK); // never a clear gap (an init that is not small): rank(A) itself
            }
            Candidate cand = new Candidate(i, fromStart ? Double.POSITIVE_INFINITY : g[left], right, Math.max(rank, 0),
                    e >= 0);
            cand.loss = e >= 0 && t.get(i, Trace.ESCAPED_LOSS) == t.get(i, Trace.ESCAPED_LOSS) ? t.get(i, Trace.ESCAPED_LOSS)
                    : loss;
            candidates.add(cand);
        }
        candidates.sort((a, b) -> Integer.compare(a.record, b.record));
        int endRank = (int) t.get(n - 1, Trace.ESCAPED_RANK);
        if (endRank < 0) {
            endRank = escapedAbove(t, n - 1, scale);
        }
        if (endRank < 0 && candidates.stream().noneMatch(c -> c.clearGap)) {
            endRank = (int) t.get(n - 1, Trace.RANK); // as for the saddles themselves, when no gap was ever clear
        }
        for (int p = 0; p < candidates.size(); p++) {
            Candidate cand = candidates.get(p);
            int c = cand.record;
            // the last saddle: where the run ends, unless it ended during this escape (no more directions yet)
            int nextRank = p + 1 < candidates.size() ? candidates.get(p + 1).rank : endRank > cand.rank ? endRank : -1;
            double arrivalLevel = Math.sqrt(g[c] * cand.leftPeak);
            int a = c;
            while (a > 0 && g[a - 1] < arrivalLevel) { // from the start: arrival at t = 0
                a--;
            }
            double escapeLevel = Math.sqrt(g[c] * g[cand.rightPeakAt]);
            int b = c;
            while (b + 1 < n && b < cand.rightPeakAt && g[b + 1] < escapeLevel) {
                b++;
            }
            // the escape ends where the norm falls back below the escape level past the peak
            int end = cand.rightPeakAt;
            while (end + 1 < n && g[end] >= escapeLevel) {
                end++;
            }
            double decades = time[b] > 0 && time[end] > time[b] ? saddlelab.engine.DetMath.log(time[end] / time[b])
                    / saddlelab.engine.DetMath.log(10) : Double.NaN;
            out.add(new Saddle(cand.rank, cand.loss, t.get(c, Trace.TRAIN_LOSS), time[a], time[b], g[c], nextRank, decades,
                    t.get(c, t.alignmentColumn() + 1), t.get(c, t.alignmentColumn() + 2), c, cand.clearGap));
        }
        return out;
    }

    /** The directions past the geometric middle at record i, gap or not (0 when the scales are not apart). */
    private static int escapedAbove(Trace t, int i, double scale) {
        double initial = t.get(0, Trace.SINGULAR_VALUES);
        if (!(initial > 0) || !(scale >= GAP * GAP * initial)) {
            return -1;
        }
        double middle = Math.sqrt(scale * initial);
        int k = 0;
        while (k < t.singularValueCount() && t.get(i, Trace.SINGULAR_VALUES + k) >= middle) {
            k++;
        }
        return k;
    }
}
