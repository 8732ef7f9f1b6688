package saddlelab.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import saddlelab.engine.Cost;
import saddlelab.engine.DeepLinearNetwork;
import saddlelab.engine.GradientFlow;

/** Paper §5.1 / appendix C.5: escape speed s* = L^−(L−2)/2·s1 and escape times −log α or α^−(L−2). */
class EscapeTest {
    /** A random regression task: teacher W0W0ᵀ (column i of W0 with variance i), Gaussian inputs. */
    static final String TASK = "{\"task\":{\"type\":\"teacher\",\"inputs\":5,\"outputs\":5,\"teacherRank\":5,"
            + "\"train\":100},\"depth\":%d,\"width\":10,\"init\":{\"alpha\":%s},\"learningRate\":1e-4,\"steps\":1}";

    /** Gradient flow from α·θ0 until ‖θ‖ reaches stopNorm; returns {times, norms} after every step. */
    static double[][] escapePath(int depth, double alpha, double stopNorm) {
        ExperimentSpec spec = ExperimentSpec.parse(String.format(TASK, depth, NumberText.format(alpha)));
        Cost cost = Tasks.build(spec, spec.seed);
        DeepLinearNetwork net = new DeepLinearNetwork(spec.layerWidths());
        Run.initialize(net, spec, spec.seed);
        GradientFlow flow = new GradientFlow(net, cost, 1e-9, 1e-4);
        List<double[]> samples = new ArrayList<>();
        samples.add(new double[] {0, net.norm()});
        while (net.norm() < stopNorm) {
            assertTrue(flow.step(1e12));
            samples.add(new double[] {flow.time(), net.norm()});
            assertTrue(samples.size() < 200_000, "the flow should escape in few steps");
        }
        double[][] out = new double[2][samples.size()];
        for (int i = 0; i < samples.size(); i++) {
            out[0][i] = samples.get(i)[0];
            out[1][i] = samples.get(i)[1];
        }
        return out;
    }

    static double s1(int depth) {
        ExperimentSpec spec = ExperimentSpec.parse(String.format(TASK, depth, "1"));
        return Escape.topSingularValueAtOrigin(Tasks.build(spec, spec.seed));
    }

    @Test
    void fittedEscapeSpeedIsTheOptimalSpeed() {
        double[] alphas = {0, 0, 1e-6, 1e-4, 1e-4};
        for (int depth = 2; depth <= 4; depth++) {
            double[][] path = escapePath(depth, alphas[depth], 3.0);
            Escape e = Escape.analyze(path[0], path[1], s1(depth), depth);
            assertEquals(Math.pow(depth, -(depth - 2) / 2.0) * e.s1, e.predictedSpeed, 1e-12 * e.predictedSpeed);
            assertTrue(Math.abs(e.fittedSpeed / e.predictedSpeed - 1) < 0.05,
                    "L = " + depth + ": fitted " + e.fittedSpeed + " vs s* " + e.predictedSpeed);
        }
    }

    /** First time ‖θ‖ reaches r. */
    static double escapeTime(int depth, double alpha, double r) {
        double[][] path = escapePath(depth, alpha, r);
        return path[0][path[0].length - 1];
    }

    @Test
    void escapeTimeScalesLikeAlphaToTheMinusLMinusTwo() {
        for (int depth = 3; depth <= 4; depth++) {
            double[] alphas = {4e-4, 2e-4, 1e-4, 5e-5};
            double[] times = new double[alphas.length];
            for (int i = 0; i < alphas.length; i++) {
                times[i] = escapeTime(depth, alphas[i], 1.0);
            }
            double slope = Fit.logLogSlope(alphas, times);
            assertTrue(Math.abs(-slope - (depth - 2)) < 0.1 * (depth - 2),
                    "L = " + depth + ": t_α ∝ α^" + slope + ", expected exponent " + -(depth - 2));
        }
    }

    @Test
    void shallowEscapeTimeGrowsLikeMinusLogAlpha() {
        double t1 = escapeTime(2, 1e-3, 1.0);
        double t2 = escapeTime(2, 1e-6, 1.0);
        double speed = Escape.optimalSpeed(s1(2), 2);
        // t_α ≈ (−log α)/s* + const: a thousandfold smaller α adds log(1000)/s*
        assertEquals(Math.log(1000) / speed, t2 - t1, 0.05 * Math.log(1000) / speed);
    }
}
