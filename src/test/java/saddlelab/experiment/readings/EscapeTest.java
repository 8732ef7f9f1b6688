package saddlelab.experiment.readings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import saddlelab.engine.Cost;
import saddlelab.engine.DeepLinearNetwork;
import saddlelab.engine.GradientFlow;
import saddlelab.experiment.run.Run;
import saddlelab.experiment.run.RunStatus;
import saddlelab.experiment.spec.ExperimentSpec;
import saddlelab.experiment.spec.Json;
import saddlelab.experiment.spec.NumberText;
import saddlelab.experiment.spec.Tasks;

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

    /**
     * Ordinary runs from a small initialization, both tasks, depths 2–5, descent and flow, log and linear
     * records: the speed fitted from the records is the optimal speed s* = L^−(L−2)/2·s1 within 10 %.
     */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {
        // the Fig. 1 task at L = 4 (the preset), L = 3 and 5, and L = 2 at γ = 3
        "{\"task\":{\"type\":\"completion\",\"rows\":10,\"cols\":10,\"rank\":3,\"observed\":0.7,\"seed\":1},\"depth\":4,"
            + "\"width\":100,\"init\":{\"gamma\":2},\"learningRate\":0.2,\"steps\":1200,\"records\":400}",
        "{\"task\":{\"type\":\"completion\",\"rows\":10,\"cols\":10,\"rank\":3,\"observed\":0.7,\"seed\":1},\"depth\":3,"
            + "\"width\":40,\"init\":{\"gamma\":2},\"learningRate\":0.2,\"steps\":600,\"records\":100}",
        "{\"task\":{\"type\":\"completion\",\"rows\":9,\"cols\":7,\"rank\":2,\"observed\":0.8,\"seed\":4},\"depth\":5,"
            + "\"width\":30,\"init\":{\"gamma\":2},\"learningRate\":0.1,\"steps\":20000,\"records\":150}",
        "{\"task\":{\"type\":\"completion\",\"rows\":10,\"cols\":10,\"rank\":3,\"observed\":0.7,\"seed\":1},\"depth\":2,"
            + "\"width\":100,\"init\":{\"gamma\":3},\"learningRate\":0.2,\"steps\":300,\"records\":200}",
        // a rectangular teacher (Fig. 2's kind), descent at L = 2, 3, 4 and the flow at L = 4 and 5
        "{\"task\":{\"type\":\"teacher\",\"inputs\":5,\"outputs\":4,\"teacherDiagonal\":[3,1.5,1,0.5],\"train\":60,\"seed\":2},"
            + "\"depth\":2,\"width\":40,\"init\":{\"gamma\":3},\"learningRate\":0.01,\"steps\":1500,\"records\":200}",
        "{\"task\":{\"type\":\"teacher\",\"inputs\":5,\"outputs\":4,\"teacherDiagonal\":[3,1.5,1,0.5],\"train\":60,\"seed\":2},"
            + "\"depth\":3,\"width\":40,\"init\":{\"gamma\":2},\"learningRate\":0.01,\"steps\":6000,\"records\":200}",
        "{\"task\":{\"type\":\"teacher\",\"inputs\":5,\"outputs\":5,\"teacherDiagonal\":[10,20,30,40,50],\"train\":100,"
            + "\"seed\":1},\"depth\":4,\"width\":100,\"init\":{\"gamma\":2},\"learningRate\":1e-4,\"steps\":8000,\"records\":200}",
        "{\"task\":{\"type\":\"teacher\",\"inputs\":5,\"outputs\":4,\"teacherDiagonal\":[3,1.5,1,0.5],\"train\":60,\"seed\":2},"
            + "\"depth\":4,\"width\":40,\"init\":{\"gamma\":2},\"learningRate\":0.1,\"steps\":1000,\"records\":150,"
            + "\"optimizer\":{\"type\":\"flow\"}}",
        "{\"task\":{\"type\":\"completion\",\"rows\":8,\"cols\":8,\"rank\":2,\"observed\":0.8,\"seed\":3},\"depth\":5,"
            + "\"width\":40,\"init\":{\"gamma\":2},\"learningRate\":1,\"steps\":3000,\"records\":200,"
            + "\"recordSpacing\":\"linear\",\"optimizer\":{\"type\":\"flow\"}}"})
    void fittedEscapeSpeedIsTheOptimalSpeed(String json) {
        Run run = new Run(ExperimentSpec.parse(json), 0).complete();
        Escape e = Escape.of(run);
        assertEquals("", e.reason, json);
        assertEquals(Math.pow(run.spec().depth, -(run.spec().depth - 2) / 2.0) * e.s1, e.predictedSpeed, 1e-12 * e.predictedSpeed);
        assertTrue(Math.abs(e.fittedSpeed / e.predictedSpeed - 1) < 0.1,
                "L = " + run.spec().depth + ": fitted " + e.fittedSpeed + " vs s* " + e.predictedSpeed + " for " + json);
        assertTrue(e.overlayTime.length > 0, "the predicted growth is drawn");
    }

    /**
     * Gradient descent with steps that are not small against the escape (η·s* up to 0.1 at L = 3, a
     * converging run): one step multiplies the escaping factors by 1 + η s₁ a^(L−2), slower than the
     * flow, so the plain fit read 6–10 % low; the speed whose discrete map gives the run's fit is s*.
     */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(doubles = {0.001, 0.002})
    void descentWithLargerStepsIsReadThroughItsDiscreteMap(double eta) {
        String json = "{\"task\":{\"type\":\"teacher\",\"inputs\":8,\"outputs\":8,\"teacherRank\":3,\"train\":60,"
                + "\"test\":40,\"noise\":0.1},\"depth\":3,\"width\":40,\"init\":{\"gamma\":2},\"learningRate\":" + eta
                + ",\"steps\":20000,\"seed\":3,\"records\":200}";
        Run run = new Run(ExperimentSpec.parse(json), 0).complete();
        assertEquals(RunStatus.DONE, run.status(), run.message());
        Escape e = Escape.of(run);
        assertTrue(eta * e.predictedSpeed > 0.04, "η·s* = " + eta * e.predictedSpeed);
        assertTrue(Math.abs(e.fittedSpeed / e.predictedSpeed - 1) < 0.03,
                "η = " + eta + ": fitted " + e.fittedSpeed + " vs s* " + e.predictedSpeed);
    }

    /** Where the speed cannot be measured, the reason is the run's own. */
    @Test
    void aSpeedThatCannotBeMeasuredSaysWhy() {
        String base = "{\"task\":{\"type\":\"completion\",\"rows\":8,\"cols\":8,\"rank\":2,\"observed\":0.8,\"seed\":3},"
                + "\"depth\":4,\"width\":40,\"init\":{\"gamma\":2},\"learningRate\":0.2,\"steps\":3000,\"records\":100}";
        Escape ntk = Escape.of(new Run(ExperimentSpec.parse(base.replace("{\"gamma\":2}", "{\"scheme\":\"ntk\"}")
                .replace("0.2", "0.02")), 0).complete());
        assertTrue(ntk.reason.startsWith("the initialization is not small"), ntk.reason);
        assertTrue(Double.isNaN(ntk.fittedSpeed));
        Escape shallow = Escape.of(new Run(ExperimentSpec.parse(base.replace("\"depth\":4", "\"depth\":1")), 0).complete());
        assertTrue(shallow.reason.contains("one-layer network"), shallow.reason);
        Escape early = Escape.of(new Run(ExperimentSpec.parse(base.replace("\"steps\":3000", "\"steps\":20")), 0).complete());
        assertTrue(early.reason.startsWith("the run ended before A left the origin"), early.reason);
    }

    /**
     * The escape-time experiment at L = 2: the times measured on the flow (crossings read off its dense
     * output) equal the linearized flow's prediction from θ0 alone, within 1 %, and the slope against
     * −log α is 1/s*; at L = 4 the exponent is −(L−2) and the line beside it is labelled a reference.
     */
    @Test
    void escapeTimesMatchTheLinearizedFlowAtLTwoAndScaleAsAlphaToTheMinusLMinusTwo() {
        String spec = "{\"task\":{\"type\":\"completion\",\"rows\":10,\"cols\":10,\"rank\":3,\"observed\":0.7,"
                + "\"seed\":1},\"depth\":%d,\"width\":10,\"init\":{\"alpha\":0.01},\"learningRate\":0.01,\"steps\":1000,"
                + "\"optimizer\":{\"type\":\"flow\"}}";
        double[] alphas = {1e-2, 3e-3, 1e-3, 3e-4, 1e-4};
        @SuppressWarnings("unchecked")
        java.util.Map<String, Object> two = (java.util.Map<String, Object>) Json.parse(Json.write(
                Analyses.escapeTimes(ExperimentSpec.parse(String.format(spec, 2)), alphas, 0)));
        java.util.List<?> times = (java.util.List<?>) two.get("times");
        @SuppressWarnings("unchecked")
        java.util.Map<String, Object> prediction = (java.util.Map<String, Object>) two.get("prediction");
        assertEquals("linearized", prediction.get("kind"));
        java.util.List<?> predicted = (java.util.List<?>) prediction.get("times");
        for (int i = 0; i < alphas.length; i++) {
            double t = (Double) times.get(i);
            assertEquals(t, (Double) predicted.get(i), 0.01 * t, "α = " + alphas[i]);
        }
        assertEquals((Double) two.get("predictedSlope"), (Double) two.get("fittedSlope"), 0.03 * (Double) two.get("predictedSlope"));
        @SuppressWarnings("unchecked")
        java.util.Map<String, Object> four = (java.util.Map<String, Object>) Json.parse(Json.write(
                Analyses.escapeTimes(ExperimentSpec.parse(String.format(spec, 4)), alphas, 0)));
        assertEquals(-2.0, (Double) four.get("fittedExponent"), 0.1);
        @SuppressWarnings("unchecked")
        java.util.Map<String, Object> reference = (java.util.Map<String, Object>) four.get("prediction");
        assertEquals("reference", reference.get("kind"));
        assertTrue(((String) reference.get("text")).startsWith("reference slope"));
    }

    /** A wide network: r (from the largest ‖αθ₀‖) lies beyond the escape; each time says so. */
    @Test
    void anEscapeTimeThatCannotBeMeasuredSaysWhy() {
        String spec = "{\"task\":{\"type\":\"completion\",\"rows\":10,\"cols\":10,\"rank\":3,\"observed\":0.7,"
                + "\"seed\":1},\"depth\":4,\"width\":100,\"init\":{\"alpha\":0.01},\"learningRate\":0.01,\"steps\":1000,"
                + "\"optimizer\":{\"type\":\"flow\"}}";
        @SuppressWarnings("unchecked")
        java.util.Map<String, Object> doc = (java.util.Map<String, Object>) Json.parse(Json.write(
                Analyses.escapeTimes(ExperimentSpec.parse(spec), new double[] {1e-2, 1e-3}, 0)));
        for (Object reason : (java.util.List<?>) doc.get("reasons")) {
            assertTrue(((String) reason).startsWith("the loss halved before ‖θ‖ reached r"), (String) reason);
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
