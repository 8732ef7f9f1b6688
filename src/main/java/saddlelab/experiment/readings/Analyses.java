package saddlelab.experiment.readings;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import saddlelab.engine.Cost;
import saddlelab.engine.DeepLinearNetwork;
import saddlelab.engine.GradientFlow;
import saddlelab.experiment.run.Run;
import saddlelab.experiment.spec.ExperimentSpec;
import saddlelab.experiment.spec.Json;
import saddlelab.experiment.spec.NumberText;
import saddlelab.experiment.spec.Tasks;

/**
 * The toolkit's experiments over a family of specs, shared by the command line and the browser:
 * escape time against the initialization scale (paper §5.1, appendix C.5) and the geometry of the
 * initialization against the width (Theorem 1, §4).
 */
public final class Analyses {
    private Analyses() {
    }

    /** Work bound per α of the escape-time experiment. */
    static final int MAX_FLOW_STEPS = 20_000;

    /** The base spec with some top-level fields replaced; a null value removes the field. */
    static ExperimentSpec variant(ExperimentSpec base, Map<String, Object> changes) {
        Map<String, Object> m = base.toMap();
        m.putAll(changes);
        m.values().removeIf(v -> v == null);
        return ExperimentSpec.fromValue(Json.parse(Json.write(m)));
    }

    /**
     * For each α: gradient flow from α·θ0 (θ0 of the spec's seed) until ‖θ‖ first reaches r; the
     * escape time t_α, the crossing read off the integrator's dense output inside the step that
     * crosses r. With r ≤ 0, r is three times the largest initial norm max_α ‖α·θ0‖ (one r for the whole
     * sweep, as the theory wants). Fits: for L = 2, t_α against −log α (slope 1/s*); for L > 2,
     * log t_α against log α (exponent −(L−2)). A time that cannot be measured is null with its reason.
     *
     * <p>The prediction: for L = 2 the flow near the origin is linear, {@code W₁' = W₂ᵀD, W₂' = DW₁ᵀ}
     * with D = −∇C(0) = Σ s_i a_i b_iᵀ, so with {@code x_i = W₁b_i, y_i = W₂ᵀa_i} each pair
     * {@code x_i ± y_i} grows or decays as {@code e^{±s_i t}} and
     * {@code ‖θ(t)‖² = Σ_i (‖x_i+y_i‖²e^{2s_i t} + ‖x_i−y_i‖²e^{−2s_i t})/2 + (the rest, constant)}: the
     * time it reaches r is predicted from θ0 alone, independently of the measured flow. For L > 2 the
     * flow near the origin is not linear and the theory gives only the exponent: the reference line has
     * slope −(L−2) through the measurements' geometric mean, and is labelled so.
     */
    public static Map<String, Object> escapeTimes(ExperimentSpec spec, double[] alphas, double r) {
        Cost cost = Tasks.build(spec, spec.seed);
        double s1 = Escape.topSingularValueAtOrigin(cost);
        double speed = Escape.optimalSpeed(s1, spec.depth);
        double[] times = new double[alphas.length];
        String[] reasons = new String[alphas.length];
        if (!(r > 0)) {
            double largest = 0;
            for (double a : alphas) {
                largest = Math.max(largest, a);
            }
            DeepLinearNetwork theta0 = initial(spec, 1.0);
            r = 3 * largest * theta0.norm();
        }
        double[] linear = new double[alphas.length];
        for (int i = 0; i < alphas.length; i++) {
            DeepLinearNetwork net = initial(spec, alphas[i]);
            linear[i] = spec.depth == 2 ? linearizedTime(cost, net, r) : Double.NaN;
            double start = net.norm();
            GradientFlow flow = new GradientFlow(net, cost, 1e-8, 1e-3 / Math.max(s1, 1e-12));
            saddlelab.engine.LossGradient lossGradient = new saddlelab.engine.LossGradient(net, cost);
            double initialLoss = lossGradient.loss();
            int steps = 0;
            times[i] = Double.NaN;
            reasons[i] = "";
            if (start >= r) {
                reasons[i] = "‖αθ₀‖ = " + NumberText.approx(start, 3) + " is already at least r = " + NumberText.approx(r, 3);
                continue;
            }
            // stop at r, or once the loss has left the origin's plateau without reaching r (r too large),
            // or after a bounded amount of work
            while (true) {
                if (steps >= MAX_FLOW_STEPS) {
                    reasons[i] = "‖θ‖ had not reached r = " + NumberText.approx(r, 3) + " after " + MAX_FLOW_STEPS
                            + " integrator steps (‖θ‖ = " + NumberText.approx(net.norm(), 3) + " at t = "
                            + NumberText.format(flow.time()) + ")";
                    break;
                }
                if (!flow.step(Double.MAX_VALUE)) {
                    reasons[i] = "the flow blew up near t = " + NumberText.format(flow.time());
                    break;
                }
                steps++;
                if (net.norm() >= r) {
                    times[i] = crossing(flow, net, r);
                    break;
                }
                if (flow.loss() <= 0.5 * initialLoss) {
                    reasons[i] = "the loss halved before ‖θ‖ reached r = " + NumberText.approx(r, 3) + " (it got to "
                            + NumberText.approx(net.norm(), 3) + " from ‖αθ₀‖ = " + NumberText.approx(start, 3)
                            + "): r, three times the largest ‖αθ₀‖ unless given, lies beyond where the escape takes ‖θ‖;"
                            + " in a wide network ‖αθ₀‖ is mostly hidden weights that barely move. Pass a smaller r,"
                            + " or use smaller α values or a smaller width";
                    break;
                }
            }
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("depth", spec.depth);
        doc.put("r", r);
        doc.put("alphas", alphas);
        doc.put("times", times);
        doc.put("reasons", java.util.Arrays.asList(reasons));
        doc.put("s1", s1);
        doc.put("predictedSpeed", speed);
        Map<String, Object> prediction = new LinkedHashMap<>();
        if (spec.depth == 2) {
            prediction.put("kind", "linearized");
            prediction.put("times", linear);
            prediction.put("text", "predicted from θ₀ by the linearized flow at the origin (exact for small r)");
        } else {
            // the theory's exponent through the measurements' geometric mean: a reference slope, not a prediction
            double sum = 0;
            int count = 0;
            for (int i = 0; i < alphas.length; i++) {
                if (times[i] > 0) {
                    sum += saddlelab.engine.DetMath.log(times[i]) + (spec.depth - 2) * saddlelab.engine.DetMath.log(alphas[i]);
                    count++;
                }
            }
            double[] reference = new double[alphas.length];
            for (int i = 0; i < alphas.length; i++) {
                reference[i] = count > 0 ? saddlelab.engine.DetMath.exp(sum / count)
                        * saddlelab.engine.DetMath.pow(alphas[i], -(spec.depth - 2)) : Double.NaN;
            }
            prediction.put("kind", "reference");
            prediction.put("times", reference);
            prediction.put("text", "reference slope: the theory's exponent −(L−2) = " + -(spec.depth - 2)
                    + " drawn through the measured times' geometric mean (the theory does not give the constant)");
        }
        doc.put("prediction", prediction);
        if (spec.depth == 2) {
            double[] minusLog = new double[alphas.length];
            for (int i = 0; i < alphas.length; i++) {
                minusLog[i] = -saddlelab.engine.DetMath.log(alphas[i]);
            }
            doc.put("predictedSlope", 1 / speed); // t_α ≈ (−log α)/s* + const
            doc.put("fittedSlope", Fit.slope(measured(minusLog, times), measured(times, times)));
        } else {
            doc.put("predictedExponent", -(spec.depth - 2.0)); // t_α ∝ α^−(L−2)
            doc.put("fittedExponent", Fit.logLogSlope(measured(alphas, times), measured(times, times)));
        }
        return doc;
    }

    /** The entries of x where the time was measured. */
    private static double[] measured(double[] x, double[] times) {
        int n = 0;
        for (double t : times) {
            if (t > 0) {
                n++;
            }
        }
        double[] out = new double[n];
        n = 0;
        for (int i = 0; i < times.length; i++) {
            if (times[i] > 0) {
                out[n++] = x[i];
            }
        }
        return out;
    }

    /** α·θ0, θ0 ~ N(0, 1) of the spec's seed. */
    private static DeepLinearNetwork initial(ExperimentSpec spec, double alpha) {
        Map<String, Object> change = new LinkedHashMap<>();
        Map<String, Object> init = new LinkedHashMap<>();
        init.put("alpha", alpha);
        change.put("init", init);
        change.put("widthScaledLearningRate", false);
        ExperimentSpec s = variant(spec, change);
        DeepLinearNetwork net = new DeepLinearNetwork(s.layerWidths());
        Run.initialize(net, s, s.seed);
        return net;
    }

    /** The time ‖θ‖ crosses r inside the last accepted step, by bisection on the dense output. */
    private static double crossing(GradientFlow flow, DeepLinearNetwork net, double r) {
        DeepLinearNetwork probe = net.copy();
        double lo = flow.previousTime();
        double hi = flow.time();
        for (int k = 0; k < 60 && hi - lo > 1e-15 * hi; k++) {
            double mid = 0.5 * (lo + hi);
            flow.interpolate(mid, probe);
            if (probe.norm() >= r) {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        return 0.5 * (lo + hi);
    }

    /**
     * L = 2: the first time the linearized flow from θ₀ reaches ‖θ‖ = r (see {@link #escapeTimes});
     * NaN when it never does.
     */
    static double linearizedTime(Cost cost, DeepLinearNetwork net, double r) {
        int n0 = cost.inputs();
        int nL = cost.outputs();
        int m = Math.min(n0, nL);
        double[] zero = new double[n0 * nL];
        double[] d = new double[n0 * nL];
        cost.evaluate(zero, d);
        for (int k = 0; k < d.length; k++) {
            d[k] = -d[k];
        }
        double[] a = new double[nL * m];
        double[] b = new double[n0 * m];
        double[] s = Geometry.thinSvd(d, nL, n0, a, b);
        double[][] w1 = net.rows(1); // w × n0
        double[][] w2 = net.rows(2); // nL × w
        int w = w1.length;
        double[] grow = new double[m];
        double[] decay = new double[m];
        double rest = net.layerNorm(1) * net.layerNorm(1) + net.layerNorm(2) * net.layerNorm(2);
        for (int i = 0; i < m; i++) {
            double sx = 0;
            double sy = 0;
            double p = 0;
            double q = 0;
            for (int j = 0; j < w; j++) {
                double x = 0; // (W₁ b_i)_j
                for (int c = 0; c < n0; c++) {
                    x += w1[j][c] * b[c * m + i];
                }
                double y = 0; // (W₂ᵀ a_i)_j
                for (int c = 0; c < nL; c++) {
                    y += w2[c][j] * a[c * m + i];
                }
                sx += x * x;
                sy += y * y;
                p += (x + y) * (x + y);
                q += (x - y) * (x - y);
            }
            rest -= sx + sy; // what the pair does not hold stays constant
            grow[i] = p;
            decay[i] = q;
        }
        double base = Math.max(0, rest);
        double hi = 1;
        for (int k = 0; k < 200 && linearizedNorm(grow, decay, s, base, hi) < r; k++) {
            hi *= 2;
        }
        if (!(linearizedNorm(grow, decay, s, base, hi) >= r)) {
            return Double.NaN;
        }
        double lo = 0;
        for (int k = 0; k < 200 && hi - lo > 1e-15 * hi; k++) {
            double mid = 0.5 * (lo + hi);
            if (linearizedNorm(grow, decay, s, base, mid) >= r) {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        return 0.5 * (lo + hi);
    }

    private static double linearizedNorm(double[] grow, double[] decay, double[] s, double rest, double t) {
        double n2 = rest;
        for (int i = 0; i < s.length; i++) {
            double e = saddlelab.engine.DetMath.exp(2 * s[i] * t);
            n2 += (grow[i] * e + decay[i] / e) / 2;
        }
        return Math.sqrt(n2);
    }

    /**
     * For each γ and width: distances from the initialization to the saddle and to the global
     * minimum that Theorem 1's proof constructs, and the NTK at initialization over its expectation,
     * averaged over seeds (logs averaged for the distances); then the fitted log–log slopes beside the
     * theorem's exponents.
     */
    public static Map<String, Object> geometry(ExperimentSpec spec, int[] widths, double[] gammas, int seeds) {
        List<Object> series = new ArrayList<>();
        double[] logWidths = new double[widths.length];
        for (int i = 0; i < widths.length; i++) {
            logWidths[i] = saddlelab.engine.DetMath.log(widths[i]);
        }
        for (double gamma : gammas) {
            double[] ds = new double[widths.length];
            double[] dm = new double[widths.length];
            double[] ntk = new double[widths.length];
            for (int i = 0; i < widths.length; i++) {
                for (int s = 0; s < seeds; s++) {
                    Map<String, Object> change = new LinkedHashMap<>();
                    Map<String, Object> init = new LinkedHashMap<>();
                    init.put("gamma", gamma);
                    change.put("init", init);
                    change.put("width", widths[i]);
                    change.put("widthScaledLearningRate", false);
                    change.put("steps", 1);
                    change.put("seeds", 1);
                    change.put("seed", spec.seed + s);
                    change.put("hiddenWidths", null); // rectangular at each width
                    ExperimentSpec v = variant(spec, change);
                    Cost cost = Tasks.build(v, v.seed);
                    DeepLinearNetwork net = new DeepLinearNetwork(v.layerWidths());
                    Run.initialize(net, v, v.seed);
                    ds[i] += saddlelab.engine.DetMath.log(Geometry.distanceToSaddle(net)) / seeds;
                    dm[i] += saddlelab.engine.DetMath.log(Geometry.distanceToMinimum(net, Geometry.minimizer(cost)))
                            / seeds;
                    ntk[i] += Geometry.ntkMeanDiagonal(net) / Geometry.expectedNtk(v.depth, widths[i], gamma) / seeds;
                }
            }
            double[] dsOut = new double[widths.length];
            double[] dmOut = new double[widths.length];
            for (int i = 0; i < widths.length; i++) {
                dsOut[i] = saddlelab.engine.DetMath.exp(ds[i]);
                dmOut[i] = saddlelab.engine.DetMath.exp(dm[i]);
            }
            Map<String, Object> g = new LinkedHashMap<>();
            g.put("gamma", gamma);
            g.put("widths", widths);
            g.put("distanceToSaddle", dsOut);
            g.put("distanceToMinimum", dmOut);
            g.put("ntkOverExpected", ntk);
            int mid = widths.length / 2;
            double saddleExponent = (1 - gamma) / 2;
            double minimumExponent = gamma < 1 ? -(1 - gamma) * (spec.depth - 1) / 2 : 0.0;
            double[] theoremSaddle = new double[widths.length];
            double[] theoremMinimum = new double[widths.length];
            for (int i = 0; i < widths.length; i++) { // the theorem's rates, pinned at the middle width
                double ratio = (double) widths[i] / widths[mid];
                theoremSaddle[i] = dsOut[mid] * saddlelab.engine.DetMath.pow(ratio, saddleExponent);
                theoremMinimum[i] = dmOut[mid] * saddlelab.engine.DetMath.pow(ratio, minimumExponent);
            }
            g.put("theoremSaddle", theoremSaddle);
            g.put("theoremMinimum", theoremMinimum);
            g.put("fittedSaddleExponent", Fit.slope(logWidths, ds));
            g.put("theoremSaddleExponent", saddleExponent);
            g.put("fittedMinimumExponent", Fit.slope(logWidths, dm));
            g.put("theoremMinimumExponent", minimumExponent);
            series.add(g);
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("depth", spec.depth);
        doc.put("seeds", seeds);
        doc.put("series", series);
        return doc;
    }
}
