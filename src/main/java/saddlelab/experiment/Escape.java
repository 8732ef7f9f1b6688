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
    /**
     * The predicted growth of ‖θ(t)‖ along an optimal escape path at speed s*, pinned to the run at
     * the middle of the fit window (for the overlay on the ‖θ‖ plot); empty without a window.
     */
    public final double[] overlayTime;
    public final double[] overlayNorm;

    private Escape(double s1, double predictedSpeed, double fittedSpeed, double time, double[] overlayTime,
            double[] overlayNorm) {
        this.s1 = s1;
        this.predictedSpeed = predictedSpeed;
        this.fittedSpeed = fittedSpeed;
        this.time = time;
        this.overlayTime = overlayTime;
        this.overlayNorm = overlayNorm;
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
            return new Escape(s1, predicted, Double.NaN, Double.NaN, new double[0], new double[0]);
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
        double[][] overlay = m >= 3 ? overlay(t, norm, xs[m / 2], norm(xs[m / 2], t, norm), predicted, depth)
                : new double[2][0];
        return new Escape(s1, predicted, fitted, escapeTime, overlay[0], overlay[1]);
    }

    private static double norm(double time, double[] t, double[] norm) {
        for (int i = 0; i < t.length; i++) {
            if (t[i] == time) {
                return norm[i];
            }
        }
        return Double.NaN;
    }

    /** ‖θ‖ = n·e^{s*(t−t_mid)} (L = 2) or (n^−(L−2) − (L−2)s*(t − t_mid))^(−1/(L−2)) (L > 2), on the record times. */
    private static double[][] overlay(double[] t, double[] norm, double tMid, double nMid, double speed, int depth) {
        double lo = norm[0] / 2;
        double hi = 2 * norm[norm.length - 1];
        java.util.List<double[]> points = new java.util.ArrayList<>();
        for (double time : t) {
            double predicted;
            if (depth == 2) {
                predicted = nMid * DetMath.exp(speed * (time - tMid));
            } else {
                double base = DetMath.pow(nMid, -(depth - 2)) - (depth - 2) * speed * (time - tMid);
                if (!(base > 0)) {
                    break; // the blow-up time T of the escape path
                }
                predicted = DetMath.pow(base, -1.0 / (depth - 2));
            }
            if (predicted > hi) {
                break;
            }
            if (predicted >= lo) {
                points.add(new double[] {time, predicted});
            }
        }
        double[][] out = new double[2][points.size()];
        for (int i = 0; i < points.size(); i++) {
            out[0][i] = points.get(i)[0];
            out[1][i] = points.get(i)[1];
        }
        return out;
    }

    public static Escape of(Run run) {
        Trace tr = run.trace();
        return analyze(tr.column(Trace.TIME), tr.column(Trace.PARAM_NORM), topSingularValueAtOrigin(run.cost()),
                run.spec().depth);
    }
}
