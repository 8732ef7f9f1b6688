package saddlelab.experiment;

import java.util.ArrayList;
import java.util.List;
import saddlelab.engine.DetMath;

/**
 * Finds the saddles a run visited (paper §5.2, Conjecture 3): plateaus of the train loss, where
 * the loss barely moves over a stretch of log-time while {@code ‖∇θL‖} passes a minimum. Each
 * plateau but the last one (the minimum the run converged to) is reported with the rank of A,
 * the loss at the record of smallest gradient norm, and the times of arrival and escape.
 */
public final class Saddles {
    private Saddles() {
    }

    /** Relative loss change per e-fold of time below which a record counts as flat. */
    static final double FLAT_SLOPE = 0.02;
    /** A plateau must last at least this many e-folds of time (a factor ~1.2). */
    static final double MIN_LOG_SPAN = 0.2;
    /** Plateaus this close (relatively) to the final loss, or below this fraction of L(θ0), are the minimum. */
    static final double CONVERGED = 1e-8;

    public static final class Saddle {
        public final int rank;
        public final double loss;
        public final double arrival;
        public final double escape;
        public final double gradNorm;
        /** Position in the path view (pathX, pathY at the saddle's record). */
        public final double x;
        public final double y;

        Saddle(int rank, double loss, double arrival, double escape, double gradNorm, double x, double y) {
            this.rank = rank;
            this.loss = loss;
            this.arrival = arrival;
            this.escape = escape;
            this.gradNorm = gradNorm;
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
        boolean[] flat = new boolean[n];
        for (int i = 0; i < n; i++) {
            int a = Math.max(0, i - 1);
            int b = Math.min(n - 1, i + 1);
            double ta = t.get(a, Trace.TIME);
            double tb = t.get(b, Trace.TIME);
            if (ta <= 0) { // the record at t = 0: judge it with the next interval
                a = i == 0 ? 1 : a + 1;
                ta = t.get(a, Trace.TIME);
                if (a >= b) {
                    b = Math.min(n - 1, a + 1);
                    tb = t.get(b, Trace.TIME);
                }
            }
            double la = t.get(a, Trace.TRAIN_LOSS);
            double lb = t.get(b, Trace.TRAIN_LOSS);
            double span = DetMath.log(tb / ta);
            flat[i] = span > 0 && la > 0 && lb > 0 && Math.abs(DetMath.log(lb / la)) / span < FLAT_SLOPE;
        }
        int i = 0;
        List<int[]> segments = new ArrayList<>();
        while (i < n) {
            if (!flat[i]) {
                i++;
                continue;
            }
            int start = i;
            while (i + 1 < n && flat[i + 1]) {
                i++;
            }
            segments.add(new int[] {start, i});
            i++;
        }
        double initial = t.get(0, Trace.TRAIN_LOSS);
        double last = t.get(n - 1, Trace.TRAIN_LOSS);
        for (int s = 0; s < segments.size(); s++) {
            int start = segments.get(s)[0];
            int end = segments.get(s)[1];
            if (end == n - 1) {
                break; // where the run ended: the minimum it converged to, not a saddle
            }
            double t0 = Math.max(t.get(start, Trace.TIME), t.get(Math.min(start + 1, n - 1), Trace.TIME) / 2);
            double t1 = t.get(end, Trace.TIME);
            if (DetMath.log(t1 / t0) < MIN_LOG_SPAN) {
                continue;
            }
            int best = start;
            for (int k = start; k <= end; k++) {
                if (t.get(k, Trace.GRAD_NORM) < t.get(best, Trace.GRAD_NORM)) {
                    best = k;
                }
            }
            double loss = t.get(best, Trace.TRAIN_LOSS);
            if (loss <= CONVERGED * initial || Math.abs(loss - last) <= 1e-2 * last) {
                continue; // the minimum the run converged to
            }
            out.add(new Saddle((int) t.get(best, Trace.RANK), t.get(best, Trace.TRAIN_LOSS), t.get(start, Trace.TIME),
                    t1, t.get(best, Trace.GRAD_NORM), t.get(best, t.alignmentColumn() + 1),
                    t.get(best, t.alignmentColumn() + 2)));
        }
        return out;
    }
}
