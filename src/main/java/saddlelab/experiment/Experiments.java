package saddlelab.experiment;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import saddlelab.engine.Cost;
import saddlelab.engine.DeepLinearNetwork;
import saddlelab.engine.GradientFlow;

/**
 * The toolkit's experiments over a family of specs, shared by the command line and the browser:
 * escape time against the initialization scale (paper §5.1, appendix C.5) and the geometry of the
 * initialization against the width (Theorem 1, §4).
 */
public final class Experiments {
    private Experiments() {
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
     * escape time t_α. With r ≤ 0, r is three times the largest initial norm max_α ‖α·θ0‖ (one r for
     * the whole sweep, as the theory wants). Fits: for L = 2, t_α against −log α (slope 1/s*); for L > 2, log t_α against
     * log α (exponent −(L−2)).
     */
    public static String escapeTimes(ExperimentSpec spec, double[] alphas, double r) {
        Cost cost = Tasks.build(spec, spec.seed);
        double s1 = Escape.topSingularValueAtOrigin(cost);
        double speed = Escape.optimalSpeed(s1, spec.depth);
        double[] times = new double[alphas.length];
        if (!(r > 0)) {
            double largest = 0;
            for (double a : alphas) {
                largest = Math.max(largest, a);
            }
            Map<String, Object> unit = new LinkedHashMap<>();
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("alpha", 1.0);
            unit.put("init", one);
            unit.put("widthScaledLearningRate", false);
            ExperimentSpec s = variant(spec, unit);
            DeepLinearNetwork theta0 = new DeepLinearNetwork(s.layerWidths());
            Run.initialize(theta0, s, s.seed);
            r = 3 * largest * theta0.norm();
        }
        for (int i = 0; i < alphas.length; i++) {
            Map<String, Object> change = new LinkedHashMap<>();
            Map<String, Object> init = new LinkedHashMap<>();
            init.put("alpha", alphas[i]);
            change.put("init", init);
            change.put("widthScaledLearningRate", false);
            ExperimentSpec s = variant(spec, change);
            DeepLinearNetwork net = new DeepLinearNetwork(s.layerWidths());
            Run.initialize(net, s, s.seed);
            GradientFlow flow = new GradientFlow(net, cost, 1e-8, 1e-3 / Math.max(s1, 1e-12));
            saddlelab.engine.LossGradient kernel = new saddlelab.engine.LossGradient(net, cost);
            double start = kernel.loss();
            int steps = 0;
            // stop at r, or once the loss has left the origin's plateau without reaching r (r too large),
            // or after a bounded amount of work
            while (net.norm() < r && steps < MAX_FLOW_STEPS && kernel.loss() > 0.5 * start) {
                if (!flow.step(Double.MAX_VALUE)) {
                    break;
                }
                steps++;
            }
            times[i] = net.norm() >= r ? flow.time() : Double.NaN;
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("depth", spec.depth);
        doc.put("r", r);
        doc.put("alphas", alphas);
        doc.put("times", times);
        doc.put("s1", s1);
        doc.put("predictedSpeed", speed);
        // the prediction, pinned to the measurement at the middle α (a reference line for the plot)
        int mid = alphas.length / 2;
        double[] predictedTimes = new double[alphas.length];
        for (int i = 0; i < alphas.length; i++) {
            predictedTimes[i] = spec.depth == 2
                    ? times[mid] + (saddlelab.engine.DetMath.log(alphas[mid]) - saddlelab.engine.DetMath.log(alphas[i])) / speed
                    : times[mid] * saddlelab.engine.DetMath.pow(alphas[i] / alphas[mid], -(spec.depth - 2));
        }
        doc.put("predictedTimes", predictedTimes);
        if (spec.depth == 2) {
            double[] minusLog = new double[alphas.length];
            for (int i = 0; i < alphas.length; i++) {
                minusLog[i] = -saddlelab.engine.DetMath.log(alphas[i]);
            }
            doc.put("predictedSlope", 1 / speed); // t_α ≈ (−log α)/s* + const
            doc.put("fittedSlope", Fit.slope(minusLog, times));
        } else {
            doc.put("predictedExponent", -(spec.depth - 2.0)); // t_α ∝ α^−(L−2)
            doc.put("fittedExponent", Fit.logLogSlope(alphas, times));
        }
        return Json.write(doc);
    }

    /**
     * For each γ and width: distances from the initialization to the saddle and to the global
     * minimum that Theorem 1's proof constructs, and the NTK at initialization over its expectation,
     * averaged over seeds (logs averaged for the distances); then the fitted log–log slopes beside the
     * theorem's exponents.
     */
    public static String geometry(ExperimentSpec spec, int[] widths, double[] gammas, int seeds) {
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
        return Json.write(doc);
    }
}
