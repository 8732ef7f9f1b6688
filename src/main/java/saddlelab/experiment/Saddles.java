package saddlelab.experiment;

import java.util.ArrayList;
import java.util.List;

/**
 * Finds the saddles a run visited (paper §5.2, Conjecture 3; Fig. 6: "a decrease [of the gradient
 * norm] down to 0 indicates approaching a saddle, and a following increase indicates escaping it").
 * A saddle is a record where {@code ‖∇θL‖} has a prominent local minimum: it is at least
 * {@link #PROMINENCE} times smaller than the peak on each side, the largest norm before the norm drops
 * below the minimum again or, past a prominent peak, falls from it by {@link #PROMINENCE} into the next
 * plateau's basin (on the left, the start of the run counts as a peak when the run starts at the
 * origin's plateau). The minimum the run converges to has no escape on its right and is not
 * reported. Each saddle carries the rank of A there, the loss, the rank A reached after the escape,
 * and the times of arrival and escape (where {@code ‖∇θL‖} crosses the geometric mean of the
 * minimum and the neighbouring peak). Gradient-norm minima, unlike flat stretches in log-time,
 * find the late saddles too: the k-th plateau is about as long as the first in absolute time,
 * so it shrinks in log-time as k grows.
 */
public final class Saddles {
    private Saddles() {
    }

    /** How much larger the gradient norm must get on both sides of a saddle's minimum. */
    static final double PROMINENCE = 4;
    /** Minima with a loss this close (relatively) to the final loss are the minimum, not saddles. */
    static final double CONVERGED = 1e-2;

    public static final class Saddle {
        public final int rank;
        public final double loss;
        public final double arrival;
        public final double escape;
        public final double gradNorm;
        /** rank(A) at the end of the escape: the rank of the next plateau (or of the minimum). */
        public final int escapedToRank;
        /** Position in the path view (pathX, pathY at the saddle's record). */
        public final double x;
        public final double y;

        Saddle(int rank, double loss, double arrival, double escape, double gradNorm, int escapedToRank, double x,
                double y) {
            this.rank = rank;
            this.loss = loss;
            this.arrival = arrival;
            this.escape = escape;
            this.gradNorm = gradNorm;
            this.escapedToRank = escapedToRank;
            this.x = x;
            this.y = y;
        }
    }

    public static List<Saddle> find(Trace t) {
        int n = t.size();
        List<Saddle> out = new ArrayList<>();
        if (n < 3) {
            return out;
        }
        double[] g = t.column(Trace.GRAD_NORM);
        double initial = t.get(0, Trace.TRAIN_LOSS);
        double last = t.get(n - 1, Trace.TRAIN_LOSS);
        for (int i = 0; i < n - 1; i++) {
            if (!(g[i] > 0) || !Double.isFinite(g[i])) {
                continue;
            }
            // right: the escape's peak, the highest norm before it falls below g[i] again or, once a
            // prominent peak is passed, falls from it by the prominence (the next plateau's basin: a
            // later plateau can sit far above the origin's tiny norm, and its peaks are not this escape's)
            int right = i;
            for (int j = i + 1; j < n && g[j] >= g[i]; j++) {
                if (g[j] > g[right]) {
                    right = j;
                } else if (g[right] >= PROMINENCE * g[i] && PROMINENCE * g[j] <= g[right]) {
                    break;
                }
            }
            // left: the same backwards (ties go to the earlier record, so a flat bottom counts once)
            int left = i;
            int k = i - 1;
            for (; k >= 0 && g[k] > g[i]; k--) {
                if (g[k] > g[left]) {
                    left = k;
                } else if (g[left] >= PROMINENCE * g[i] && PROMINENCE * g[k] <= g[left]) {
                    break;
                }
            }
            double loss = t.get(i, Trace.TRAIN_LOSS);
            // a run that starts on a plateau (the origin's) has no peak on the left to ask for
            boolean fromStart = k < 0 && Math.abs(loss - initial) <= CONVERGED * initial;
            if (!fromStart && g[left] < PROMINENCE * g[i] || g[right] < PROMINENCE * g[i]) {
                continue;
            }
            if (Math.abs(loss - last) <= CONVERGED * Math.abs(last) || !(loss > last)) {
                continue; // the loss level of the minimum: a dip of the norm on the way in, not a saddle
            }
            double arrivalLevel = fromStart ? Double.POSITIVE_INFINITY : Math.sqrt(g[i] * g[left]);
            int a = i;
            while (a > 0 && g[a - 1] < arrivalLevel) { // from the start: arrival at t = 0
                a--;
            }
            double escapeLevel = Math.sqrt(g[i] * g[right]);
            int b = i;
            while (b < right && g[b + 1] < escapeLevel) {
                b++;
            }
            int after = right;
            while (after < n - 1 && g[after] >= escapeLevel && PROMINENCE * g[after] > g[right]) {
                after++; // the escape settles where the norm falls back below the escape level (or into the next basin)
            }
            out.add(new Saddle((int) t.get(i, Trace.RANK), loss, t.get(a, Trace.TIME), t.get(b, Trace.TIME), g[i],
                    (int) t.get(after, Trace.RANK), t.get(i, t.alignmentColumn() + 1),
                    t.get(i, t.alignmentColumn() + 2)));
        }
        return out;
    }
}
