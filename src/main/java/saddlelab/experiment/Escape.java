package saddlelab.experiment;

import saddlelab.engine.Cost;
import saddlelab.engine.DetMath;
import saddlelab.engine.Svd;

/**
 * Escape from the saddle at the origin (paper §5.1, §5.4, appendix C.5). With {@code s1} the top
 * singular value of {@code ∇C(0)}, the optimal escape speed is {@code s* = L^(−(L−2)/2)·s1}: along an
 * optimal escape path {@code d‖θ‖/dt = s*‖θ‖^(L−1)}, so {@code ‖θ(t)‖ ∝ e^{s* t}} for L = 2 and
 * {@code ‖θ(t)‖^−(L−2) = s*(L−2)(T − t)} for L > 2. The fitted speed is the slope of
 * {@code log‖θ‖} (L = 2) or of {@code −‖θ‖^−(L−2)/(L−2)} (L > 2) against t, by least squares over the
 * records with {@code 10‖θ0‖ ≤ ‖θ‖ ≤ 0.03‖θ_end‖}, where the growth is dominated by the escape
 * direction but A is still small. The escape time {@code t_α} is the first time {@code ‖θ‖} reaches
 * {@code r = 0.1‖θ_end‖} (interpolated between records).
 */
public final class Escape {
    public final double s1;
    public final double predictedSpeed;
    public final double fittedSpeed;
    public final double time;

    private Escape(double s1, double predictedSpeed, double fittedSpeed, double time) {
        this.s1 = s1;
        this.predictedSpeed = predictedSpeed;
        this.fittedSpeed = fittedSpeed;
        this.time = time;
    }

    /** s1 = ‖∇C(0)‖₂. */
    public static double topSingularValueAtOrigin(Cost cost) {
        double[] zero = new double[cost.inputs() * cost.outputs()];
        double[] g = new double[zero.length];
        cost.evaluate(zero, g);
        return Svd.singularValues(g, cost.outputs(), cost.inputs())[0];
    }

    public static double optimalSpeed(double s1, int depth) {
        return DetMath.pow(depth, -(depth - 2) / 2.0) * s1;
    }

    /** From times t and parameter norms ‖θ(t)‖ (ascending t). */
    public static Escape analyze(double[] t, double[] norm, double s1, int depth) {
        double predicted = optimalSpeed(s1, depth);
        int n = t.length;
        if (n < 2) {
            return new Escape(s1, predicted, Double.NaN, Double.NaN);
        }
        double start = norm[0];
        double end = norm[n - 1];
        double lo = 10 * start;
        double hi = 0.03 * end;
        int m = 0;
        for (int i = 0; i < n; i++) {
            if (norm[i] >= lo && norm[i] <= hi) {
                m++;
            }
        }
        double[] xs = new double[m];
        double[] ys = new double[m];
        m = 0;
        for (int i = 0; i < n; i++) {
            if (norm[i] >= lo && norm[i] <= hi) {
                xs[m] = t[i];
                ys[m] = depth == 2 ? DetMath.log(norm[i]) : -DetMath.pow(norm[i], -(depth - 2)) / (depth - 2);
                m++;
            }
        }
        double fitted = m >= 3 ? Fit.slope(xs, ys) : Double.NaN;
        double r = 0.1 * end;
        double escapeTime = Double.NaN;
        for (int i = 1; i < n; i++) {
            if (norm[i] >= r && norm[i - 1] < r) {
                double f = (DetMath.log(r) - DetMath.log(norm[i - 1])) / (DetMath.log(norm[i]) - DetMath.log(norm[i - 1]));
                escapeTime = t[i - 1] + f * (t[i] - t[i - 1]);
                break;
            }
        }
        return new Escape(s1, predicted, fitted, escapeTime);
    }

    public static Escape of(Run run) {
        Trace tr = run.trace();
        return analyze(tr.column(Trace.TIME), tr.column(Trace.PARAM_NORM), topSingularValueAtOrigin(run.cost()),
                run.spec().depth);
    }
}
