package saddlelab.experiment.readings;

import java.util.LinkedHashMap;
import java.util.Map;
import saddlelab.engine.Cost;
import saddlelab.engine.DetMath;
import saddlelab.engine.Svd;
import saddlelab.experiment.run.Run;
import saddlelab.experiment.run.Trace;
import saddlelab.experiment.spec.NumberText;

/**
 * Escape from the saddle at the origin (paper §5.1, §5.4, appendix C.5). With {@code s1} the top
 * singular value of {@code ∇C(0)}, the optimal escape speed is {@code s* = L^(−(L−2)/2)·s1}: along an
 * optimal escape path {@code d‖θ‖/dt = s*‖θ‖^(L−1)}, so {@code ‖θ(t)‖ ∝ e^{s* t}} for L = 2 and
 * {@code ‖θ(t)‖^−(L−2) = s*(L−2)(T − t)} for L > 2.
 *
 * <p>What is measured is the escape itself, not ‖θ‖: in a wide network ‖θ‖ is dominated by hidden
 * weights that barely move. The escaping part is the inclusion of a balanced width-1 network
 * (§5.5: {@code ρ = (v₁ᵀ, 1, …, 1, u₁)} scaled by d(t)) whose L factors have one size a, so
 * {@code A ≈ a^L u₁v₁ᵀ}: its size along the escape direction is {@code p = u₁ᵀAv₁ = a^L} (the path
 * view's x, blind to other directions that grow at the same time) and its norm {@code ρ = √L·p^(1/L)}.
 * The fitted speed is the slope of {@code log ρ} (L = 2) or of {@code −ρ^−(L−2)/(L−2)} (L > 2) against
 * t, by least squares over the records where p lies between the geometric middle √(F·P) of its start
 * F = s₁(A₀) and the point P = 0.03·S where A leaves the origin (S the minimizer's s₁,
 * {@code Tasks.referenceScale}): below, the random start is still settling on the optimal path (its local
 * speed is higher); above, the cost's curvature slows the escape. For gradient descent at L = 2 the linearized step multiplies the
 * escaping part by {@code 1 + η s*}, so the speed is read as {@code (e^{η·slope} − 1)/η}; at L > 2
 * through the discrete map of the escape ({@link #discreteSpeed}).
 *
 * <p>The escape time {@code t_α} is the first time ρ reaches a tenth of its scale at the minimizer,
 * {@code s₁(A) = 10^−L·S} (interpolated between records). When the speed cannot be measured,
 * {@link #reason} says why, for this run.
 */
public final class Escape {
    /** A has left the origin once u₁ᵀAv₁ passes this fraction of the minimizer's s₁. */
    static final double LEFT = 0.03;
    /**
     * The escape must grow A by at least this factor before it leaves the origin: its first half (in
     * log scale) is the transient of a random start, whose growth is faster than the optimal path's.
     */
    static final double SETTLE = 30;
    /** ... but for L = 2 the escape is linear and its decaying modes fade at once. */
    static final double SETTLE_SHALLOW = 5;
    /** A's top pair must be this aligned with (u₁, v₁) when A leaves the origin: else it escaped elsewhere. */
    static final double ALIGNED = 0.9;

    public final double s1;
    /** The second singular value of ∇C(0) (the escape direction is unique when s₂ &lt; s₁). */
    public final double s2;
    public final double predictedSpeed;
    public final double fittedSpeed;
    /** Records the fit used. */
    public final int fitRecords;
    /** "" when the speed was fitted, else why not. */
    public final String reason;
    public final double time;
    /**
     * The predicted growth of s₁(A) along an optimal escape path at speed s*, pinned to the run at
     * the middle of the fit window (for the overlay on the singular-value plot); empty without a fit.
     */
    public final double[] overlayTime;
    public final double[] overlaySingularValue;
    /** "" where §5.1's prediction s* applies, else why there is none (another optimizer than descent or flow). */
    public final String predictionNote;

    private Escape(double s1, double s2, double predictedSpeed, double fittedSpeed, int fitRecords, String reason,
            double time, double[] overlayTime, double[] overlaySingularValue, String predictionNote) {
        this.s1 = s1;
        this.s2 = s2;
        this.predictedSpeed = predictedSpeed;
        this.fittedSpeed = fittedSpeed;
        this.fitRecords = fitRecords;
        this.reason = reason;
        this.time = time;
        this.overlayTime = overlayTime;
        this.overlaySingularValue = overlaySingularValue;
        this.predictionNote = predictionNote;
    }

    /** s1 = ‖∇C(0)‖₂. */
    public static double topSingularValueAtOrigin(Cost cost) {
        return singularValuesAtOrigin(cost)[0];
    }

    static double[] singularValuesAtOrigin(Cost cost) {
        double[] zero = new double[cost.inputs() * cost.outputs()];
        double[] g = new double[zero.length];
        cost.evaluate(zero, g);
        return Svd.singularValues(g, cost.outputs(), cost.inputs());
    }

    public static double optimalSpeed(double s1, int depth) {
        return DetMath.pow(depth, -(depth - 2) / 2.0) * s1;
    }

    /** ρ = √L·s₁(A)^(1/L), the norm of the escaping balanced width-1 part. */
    static double escapeNorm(double topSingularValue, int depth) {
        return Math.sqrt(depth) * DetMath.pow(topSingularValue, 1.0 / depth);
    }

    private static Escape none(double s1, double s2, double predicted, String reason, double time) {
        return new Escape(s1, s2, predicted, Double.NaN, 0, reason, time, new double[0], new double[0], "");
    }

    /**
     * From a run's records.
     *
     * @param s      singular values of ∇C(0), descending
     * @param scale  S, s₁ of the cost's minimizer (for classification the scale at which A's scores reach order one)
     * @param eta    the learning rate of gradient descent, or NaN for the flow
     */
    public static Escape analyze(Trace t, double[] s, int depth, double scale, double eta) {
        double s1 = s.length > 0 ? s[0] : 0;
        double s2 = s.length > 1 ? s[1] : 0;
        double predicted = optimalSpeed(s1, depth);
        int n = t.size();
        if (depth < 2) {
            return none(s1, s2, predicted, "a one-layer network (L = 1) has no saddle at the origin to escape", Double.NaN);
        }
        if (n < 2 || !(scale > 0) || !(s1 > 0)) {
            return none(s1, s2, predicted, n < 2 ? "fewer than two records" : "∇C(0) = 0: the origin is a minimum", Double.NaN);
        }
        int top = Trace.SINGULAR_VALUES;
        int view = t.alignmentColumn() + 1; // pathX = u₁ᵀAv₁
        double start = t.get(0, top);
        double leave = LEFT * scale;
        double time = escapeTime(t, DetMath.pow(10, -depth) * scale);
        if (start * (depth == 2 ? SETTLE_SHALLOW : SETTLE) >= leave) {
            return none(s1, s2, predicted, "the initialization is not small: s₁(A) starts at " + NumberText.approx(start, 3)
                    + ", within a factor " + NumberText.approx(leave / start, 2) + " of where A leaves the origin ("
                    + NumberText.approx(leave, 3) + " = " + NumberText.approx(100 * LEFT, 2)
                    + " % of the scale S of what is learned), too close for an escape to settle on its optimal path", time);
        }
        int end = 0;
        while (end < n && Math.abs(t.get(end, view)) <= leave) {
            end++;
        }
        if (end == n) {
            return none(s1, s2, predicted, "the run ended before A left the origin (u₁ᵀAv₁ reached "
                    + NumberText.approx(t.get(n - 1, view), 3) + "; A leaves it at " + NumberText.approx(leave, 3) + ")", time);
        }
        double leftAlignment = t.get(end, t.alignmentColumn());
        if (depth > 2 && leftAlignment < ALIGNED) { // (for L = 2 the modes of ∇C(0) grow apart, u₁ᵀAv₁ is mode 1's)
            String why = "the run did not leave the origin along the optimal escape direction (u₁, v₁) of −∇C(0): as A left "
                    + "it, A's top singular pair was aligned with it only to " + NumberText.approx(leftAlignment, 2)
                    + " (Theorem 2 promises the optimal escape with probability 1 for L ≤ 3, at least 1/2 for L > 3)";
            if (s2 >= 0.9 * s1) {
                why += "; ∇C(0)'s top singular values are close (s₂/s₁ = " + NumberText.approx(s2 / s1, 3) + ")";
            }
            return none(s1, s2, predicted, why, time);
        }
        double from = depth == 2 ? 2 * start : Math.sqrt(start * leave);
        int m = 0;
        for (int i = 0; i < end; i++) {
            if (t.get(i, view) >= from) {
                m++;
            }
        }
        if (m < 3) {
            return none(s1, s2, predicted, "only " + m + " records fell in the escape window (u₁ᵀAv₁ from "
                    + NumberText.approx(from, 3) + " to " + NumberText.approx(leave, 3) + "): raise the spec's records", time);
        }
        double[] xs = new double[m];
        double[] ys = new double[m];
        double[] tops = new double[m];
        double[] steps = new double[m];
        m = 0;
        for (int i = 0; i < end; i++) {
            double p = t.get(i, view);
            if (p >= from) {
                double rho = escapeNorm(p, depth);
                xs[m] = t.get(i, Trace.TIME);
                ys[m] = depth == 2 ? DetMath.log(rho) : -DetMath.pow(rho, -(depth - 2)) / (depth - 2);
                tops[m] = p;
                steps[m] = t.get(i, Trace.STEP);
                m++;
            }
        }
        double slope = Fit.slope(xs, ys);
        double fitted = depth == 2 && eta == eta ? (DetMath.exp(eta * slope) - 1) / eta
                : eta == eta ? discreteSpeed(xs, steps, tops, slope, depth, eta) : slope;
        double[][] overlay = overlay(t, xs[m / 2], tops[m / 2], predicted, depth, start, scale);
        return new Escape(s1, s2, predicted, fitted, m, "", time, overlay[0], overlay[1], "");
    }

    /**
     * For gradient descent at L > 2: the speed whose discrete escape gives the measured slope. One
     * step multiplies each of the escaping part's L factors a by {@code 1 + η s a^(L−2)} (s = s₁, the
     * flow's {@code da/dt = s a^(L−1)}), which escapes slower than the flow once {@code η s a^(L−2)}
     * is not small (about (L−1)/2 · η s a^(L−2) lower, 10 % at Fig. 1-like shapes with η s* ≈ 0.1).
     * So the map is run from the window's first record, read at the records' steps and fitted as the
     * run is; bisection finds the s whose fit equals the run's. Returns the slope itself when the
     * correction is below 1e-4 or the window is longer than {@link #MAX_MAP_STEPS} steps.
     */
    static double discreteSpeed(double[] xs, double[] steps, double[] tops, double slope, int depth, double eta) {
        double factor = DetMath.pow(depth, (depth - 2) / 2.0); // s₁ = s*·L^((L−2)/2)
        int m = xs.length;
        double aEnd = DetMath.pow(tops[m - 1], 1.0 / depth);
        if (!(slope > 0) || eta * slope * factor * DetMath.pow(aEnd, depth - 2) < 1e-4
                || !(steps[m - 1] - steps[0] <= MAX_MAP_STEPS)) {
            return slope;
        }
        double lo = slope;
        double hi = 2 * slope;
        while (mapSlope(xs, steps, tops, hi * factor, depth, eta) < slope && hi < 64 * slope) {
            lo = hi;
            hi = 2 * hi;
        }
        for (int k = 0; k < 60; k++) {
            double mid = 0.5 * (lo + hi);
            if (mapSlope(xs, steps, tops, mid * factor, depth, eta) < slope) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return 0.5 * (lo + hi);
    }

    /**
     * The longest escape window the correction simulates, in steps (about 60 passes each): a window
     * this long means η s a^(L−2) is small enough for a correction under 0.1 %.
     */
    static final double MAX_MAP_STEPS = 2e5;

    /** The fitted slope of the discrete map a ← a + η s₁ a^(L−1) from the window's first record, read at its records' steps. */
    private static double mapSlope(double[] xs, double[] steps, double[] tops, double s1, int depth, double eta) {
        double a = DetMath.pow(tops[0], 1.0 / depth);
        double[] ys = new double[xs.length];
        double step = steps[0];
        for (int k = 0; k < xs.length; k++) {
            while (step < steps[k]) {
                a = a + eta * s1 * DetMath.pow(a, depth - 1);
                step = step + 1;
                if (!(a < 1e100)) {
                    return Double.POSITIVE_INFINITY; // escaped before the run did: s is too large
                }
            }
            ys[k] = -DetMath.pow(Math.sqrt(depth) * a, -(depth - 2)) / (depth - 2);
        }
        return Fit.slope(xs, ys);
    }

    /** The first time s₁(A) reaches {@code level}, interpolated in log between records; NaN if never. */
    static double escapeTime(Trace t, double level) {
        int top = Trace.SINGULAR_VALUES;
        for (int i = 1; i < t.size(); i++) {
            double a = t.get(i - 1, top);
            double b = t.get(i, top);
            if (b >= level && a < level && a > 0) {
                double f = (DetMath.log(level) - DetMath.log(a)) / (DetMath.log(b) - DetMath.log(a));
                double t0 = t.get(i - 1, Trace.TIME);
                return t0 + f * (t.get(i, Trace.TIME) - t0);
            }
        }
        return t.size() > 0 && t.get(0, top) >= level ? 0 : Double.NaN;
    }

    /**
     * s₁(A) = (ρ/√L)^L along the optimal path, ρ = ρ_m e^{s*(t−t_m)} (L = 2) or
     * (ρ_m^−(L−2) − (L−2)s*(t − t_m))^(−1/(L−2)) (L > 2), on the record times.
     */
    private static double[][] overlay(Trace t, double tMid, double sMid, double speed, int depth, double lo, double hi) {
        double rhoMid = escapeNorm(sMid, depth);
        java.util.List<double[]> points = new java.util.ArrayList<>();
        for (int i = 0; i < t.size(); i++) {
            double time = t.get(i, Trace.TIME);
            double rho;
            if (depth == 2) {
                rho = rhoMid * DetMath.exp(speed * (time - tMid));
            } else {
                double base = DetMath.pow(rhoMid, -(depth - 2)) - (depth - 2) * speed * (time - tMid);
                if (!(base > 0)) {
                    break; // the blow-up time T of the escape path
                }
                rho = DetMath.pow(base, -1.0 / (depth - 2));
            }
            double value = DetMath.pow(rho / Math.sqrt(depth), depth);
            if (value > 2 * hi) {
                break;
            }
            if (value >= lo / 2) {
                points.add(new double[] {time, value});
            }
        }
        double[][] out = new double[2][points.size()];
        for (int i = 0; i < points.size(); i++) {
            out[0][i] = points.get(i)[0];
            out[1][i] = points.get(i)[1];
        }
        return out;
    }

    /** The escape as a run's result document has it ({@code escape} in docs/spec.md). */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("s1", s1);
        m.put("s2", s2);
        m.put("predictedSpeed", predictedSpeed);
        m.put("fittedSpeed", fittedSpeed);
        m.put("fitRecords", fitRecords);
        m.put("reason", reason);
        m.put("time", time);
        m.put("overlayTime", overlayTime);
        m.put("overlaySingularValue", overlaySingularValue);
        m.put("predictionNote", predictionNote.isEmpty() ? null : predictionNote);
        return m;
    }

    /**
     * The run's escape, read off its stable records ({@link Run#stableTrace}); when no speed was fitted,
     * the reason says how the run failed or where its loss first rose, if it did.
     */
    public static Escape of(Run run) {
        boolean descent = !run.spec().optimizer.equals("flow");
        Trace t = run.stableTrace();
        Escape e = analyze(t, singularValuesAtOrigin(run.cost()), run.spec().depth, run.referenceScale(),
                descent ? run.learningRate() : Double.NaN);
        String other = run.spec().optimizerText();
        if (!other.isEmpty()) {
            // §5.1's optimal speed is gradient flow's (and small-step descent's) from a small initialization:
            // no prediction for another optimizer, only the speed measured
            e = new Escape(e.s1, e.s2, Double.NaN, e.fittedSpeed, e.fitRecords, e.reason, e.time, new double[0],
                    new double[0], "s* (§5.1) is the escape speed of gradient descent and flow from a small initialization; "
                    + "under " + other + " the theory makes no prediction, so only the measured speed is shown");
        }
        Trace all = run.trace();
        if (e.reason.isEmpty() || !run.failed() && t.size() == all.size()) {
            return e; // a fit stands even if the run failed later: it escaped the origin first
        }
        String why = (run.failed() ? "the run " + run.failure() + "; " : "")
                + (t.size() < all.size() ? "read before its loss first rose (at step "
                        + NumberText.format(all.get(t.size(), Trace.STEP)) + ", past the step size's stability limit): " : "")
                + e.reason;
        return new Escape(e.s1, e.s2, e.predictedSpeed, e.fittedSpeed, e.fitRecords, why, e.time, e.overlayTime,
                e.overlaySingularValue, e.predictionNote);
    }
}
