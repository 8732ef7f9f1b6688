package saddlelab.experiment.run;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import saddlelab.engine.Cost;
import saddlelab.engine.DeepLinearNetwork;
import saddlelab.engine.LossGradient;
import saddlelab.experiment.spec.ExperimentSpec;
import saddlelab.experiment.spec.Tasks;

/**
 * A run is stopped as oscillating only when it would not have converged: on seeded random teacher
 * tasks (N below and above n₀, with and without noise, depths 2–4) trained with a learning rate drawn
 * around the stability limit at the minimum, the oracle is the same descent continued for every step
 * of the spec with no watch at all. Whenever the oracle converges, the run must end DONE; whenever the
 * run stops as oscillating, the oracle must not have converged.
 */
class OscillationOracleTest {
    record Oracle(boolean converged, boolean diverged) {
    }

    static Oracle plainDescent(ExperimentSpec spec) {
        long seed = spec.runSeed(0);
        Cost cost = Tasks.build(spec, seed);
        DeepLinearNetwork net = new DeepLinearNetwork(spec.layerWidths());
        Run.initialize(net, spec, seed);
        LossGradient g = new LossGradient(net, cost);
        double initial = g.loss();
        double limit = Run.EXPLOSION_FACTOR * Math.max(initial, cost.evaluate(new double[cost.inputs() * cost.outputs()], null));
        double eta = spec.effectiveLearningRate();
        double loss = initial;
        for (int k = 0; k < spec.steps; k++) {
            loss = g.step(eta);
            if (!(loss <= limit)) {
                return new Oracle(false, true);
            }
        }
        loss = g.loss();
        double floor = Tasks.lossFloor(cost);
        return new Oracle(loss - floor <= RunStatus.CONVERGED * (initial - floor) || loss <= 1e-12 * initial, false);
    }

    @Test
    void noRunThatWouldConvergeIsStoppedAsOscillating() {
        java.util.Random r = new java.util.Random(20261205);
        int oscillating = 0;
        int transients = 0;
        int converged = 0;
        List<String> wrong = new ArrayList<>();
        for (int c = 0; c < 60; c++) {
            int n0 = 3 + r.nextInt(4);
            int out = 3 + r.nextInt(4);
            int rank = 1 + r.nextInt(Math.min(n0, out));
            StringBuilder diag = new StringBuilder();
            for (int i = 0; i < rank; i++) {
                diag.append(i == 0 ? "" : ",").append(String.format(Locale.ROOT, "%.2f", 0.5 + 2.5 * r.nextDouble()));
            }
            int train = Math.max(2, n0 - 1 + r.nextInt(3 * n0));
            String task = String.format(Locale.ROOT, "{\"type\":\"teacher\",\"inputs\":%d,\"outputs\":%d,\"teacherDiagonal\":[%s],"
                    + "\"train\":%d,\"test\":50,\"noise\":%s,\"seed\":%d}", n0, out, diag, train, r.nextBoolean() ? "0.1" : "0",
                    1 + r.nextInt(1000));
            int depth = 2 + r.nextInt(3);
            int width = 8 + r.nextInt(17);
            String base = String.format(Locale.ROOT, "{\"task\":%s,\"depth\":%d,\"width\":%d,\"init\":{\"gamma\":%s},"
                    + "\"learningRate\":%%s,\"steps\":3000,\"seed\":%d,\"records\":60}", task, depth, width,
                    r.nextBoolean() ? "1.5" : "2", 1 + r.nextInt(1000));
            ExperimentSpec probe = ExperimentSpec.parse(String.format(Locale.ROOT, base, "0.01"));
            Cost cost = Tasks.build(probe, probe.runSeed(0));
            double edge = 2 / SafeLearningRate.minimumSharpness(cost, depth, Tasks.referenceScale(cost));
            double eta = edge * (0.9 + 0.8 * r.nextDouble());
            ExperimentSpec spec = ExperimentSpec.parse(String.format(Locale.ROOT, base, String.format(Locale.ROOT, "%.6g", eta)));
            Run run = new Run(spec, 0).complete();
            Oracle oracle = plainDescent(spec);
            if (run.status() == RunStatus.OSCILLATING) {
                oscillating++;
            }
            if (run.message().contains("transient oscillation")) {
                transients++;
            }
            if (oracle.converged()) {
                converged++;
            }
            if (oracle.converged() && run.status() != RunStatus.DONE
                    || run.status() == RunStatus.OSCILLATING && oracle.converged()) {
                wrong.add(spec.toJson() + " → " + run.status() + ": " + run.message());
            }
        }
        System.out.printf("oscillation oracle: 60 cases, %d converge when continued, %d stopped as oscillating, "
                + "%d with a transient that died out%n", converged, oscillating, transients);
        assertTrue(wrong.isEmpty(), wrong.size() + " runs that would converge did not end DONE:\n" + String.join("\n", wrong));
        assertTrue(oscillating > 0 && converged > 0, "the generator reaches both sides of the limit");
    }
}
