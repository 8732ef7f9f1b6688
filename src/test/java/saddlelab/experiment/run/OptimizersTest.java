package saddlelab.experiment.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.api.Test;
import saddlelab.engine.ClassificationCost;
import saddlelab.engine.CompletionCost;
import saddlelab.engine.Cost;
import saddlelab.engine.DeepLinearNetwork;
import saddlelab.engine.LossGradient;
import saddlelab.engine.Minibatch;
import saddlelab.engine.MseCost;
import saddlelab.engine.OptimizerStepper;
import saddlelab.engine.Rng;
import saddlelab.engine.Stepper;
import saddlelab.experiment.spec.ExperimentSpec;
import saddlelab.experiment.spec.SpecException;
import saddlelab.experiment.spec.Tasks;

/**
 * The optimizers beyond descent (issue 30), against oracles: SGD without momentum is gradient descent to
 * the bit; momentum, Nesterov, Adam and AdamW follow their recurrences written out independently here;
 * a minibatch's gradient is the gradient of the cost built from its samples alone, and an epoch draws
 * every sample once; gradient descent with weight decay converges to ridge regression's closed form.
 */
class OptimizersTest {
    static final String TEACHER = "{\"task\":{\"type\":\"teacher\",\"inputs\":5,\"outputs\":4,\"teacherDiagonal\":[3,2,1],"
            + "\"train\":23,\"noise\":0.1,\"seed\":3},\"depth\":3,\"width\":7,\"init\":{\"gamma\":1.2},\"learningRate\":0.02,"
            + "\"steps\":300,\"seed\":5,\"records\":20";
    static final String COMPLETION = "{\"task\":{\"type\":\"completion\",\"rows\":6,\"cols\":5,\"rank\":2,\"observed\":0.7},"
            + "\"depth\":3,\"width\":8,\"init\":{\"gamma\":1.5},\"learningRate\":0.05,\"steps\":300,\"seed\":2,\"records\":20";
    static final String CLASSIFICATION = "{\"task\":{\"type\":\"classification\",\"inputs\":6,\"classes\":3,"
            + "\"loss\":\"crossEntropy\",\"teacherRank\":2,\"train\":21,\"seed\":4},\"depth\":3,\"width\":8,"
            + "\"init\":{\"gamma\":1.5},\"learningRate\":0.1,\"steps\":300,\"seed\":2,\"records\":20";

    static ExperimentSpec spec(String base, String optimizer) {
        return ExperimentSpec.parse(base + (optimizer == null ? "" : ",\"optimizer\":" + optimizer) + "}");
    }

    static long[] bits(DeepLinearNetwork net) {
        int n = 0;
        for (int l = 1; l <= net.depth(); l++) {
            n += net.weight(l).length;
        }
        long[] out = new long[n];
        int o = 0;
        for (int l = 1; l <= net.depth(); l++) {
            for (double v : net.weight(l)) {
                out[o++] = Double.doubleToLongBits(v);
            }
        }
        return out;
    }

    @Test
    void sgdWithoutMomentumIsGradientDescentToTheBit() {
        for (String base : new String[] {TEACHER, COMPLETION}) {
            Run gd = new Run(spec(base, null), 0).complete();
            Run sgd = new Run(spec(base, "{\"type\":\"sgd\"}"), 0).complete();
            assertEquals(gd.digest(), sgd.digest());
            // and the optimizer's own loop, forced, takes the very same steps as the engine's fused one
            ExperimentSpec s = spec(base, null);
            Run a = new Run(s, 0);
            Run b = new Run(s, 0);
            LossGradient la = new LossGradient(a.network(), a.cost());
            LossGradient lb = new LossGradient(b.network(), b.cost());
            Stepper plain = Stepper.of(la);
            OptimizerStepper forced = new OptimizerStepper(lb, new OptimizerStepper.Settings("sgd", 0, 0, false, 0, 0.9,
                    0.999, 1e-8, true), new Rng(1));
            for (int k = 0; k < 50; k++) {
                assertEquals(Double.doubleToLongBits(plain.step(0.05)), Double.doubleToLongBits(forced.step(0.05)));
            }
            assertArrayEquals(bits(a.network()), bits(b.network()));
        }
    }

    /** The oracle: θ as one flat vector, the gradient from a fresh LossGradient, each recurrence written out. */
    static final class Oracle {
        final DeepLinearNetwork net;
        final LossGradient lg;
        final double[] m;
        final double[] v;
        int t;

        Oracle(DeepLinearNetwork net, Cost cost) {
            this.net = net;
            this.lg = new LossGradient(net, cost);
            int n = 0;
            for (int l = 1; l <= net.depth(); l++) {
                n += net.weight(l).length;
            }
            m = new double[n];
            v = new double[n];
        }

        void step(OptimizerStepper.Settings s, double eta) {
            double[][] g = net.newParameterVector();
            lg.gradient(g);
            t++;
            int o = 0;
            for (int l = 1; l <= net.depth(); l++) {
                double[] w = net.weight(l);
                for (int k = 0; k < w.length; k++, o++) {
                    double gk = g[l - 1][k];
                    boolean adam = s.type.equals("adam");
                    if (!(adam && s.decoupled)) {
                        gk += s.weightDecay * w[k];
                    }
                    if (adam) {
                        m[o] = s.beta1 * m[o] + (1 - s.beta1) * gk;
                        v[o] = s.beta2 * v[o] + (1 - s.beta2) * gk * gk;
                        double mh = m[o] / (1 - Math.pow(s.beta1, t));
                        double vh = v[o] / (1 - Math.pow(s.beta2, t));
                        if (s.decoupled) {
                            w[k] -= eta * s.weightDecay * w[k];
                        }
                        w[k] -= eta * mh / (Math.sqrt(vh) + s.epsilon);
                    } else {
                        m[o] = s.momentum * m[o] + gk;
                        w[k] -= eta * (s.nesterov ? gk + s.momentum * m[o] : m[o]);
                    }
                }
                net.setWeight(l, w);
            }
        }
    }

    @Test
    void momentumNesterovAdamAndAdamWFollowTheirRecurrences() {
        String[] optimizers = {
            "{\"type\":\"sgd\",\"momentum\":0.9}", "{\"type\":\"sgd\",\"momentum\":0.5,\"nesterov\":true,\"weightDecay\":0.01}",
            "{\"type\":\"adam\"}", "{\"type\":\"adam\",\"weightDecay\":0.1}",
            "{\"type\":\"adam\",\"weightDecay\":0.1,\"decoupled\":false,\"beta1\":0.8,\"beta2\":0.99,\"epsilon\":1e-6}",
            "{\"type\":\"gd\",\"weightDecay\":0.05}"};
        for (String base : new String[] {TEACHER, COMPLETION}) {
            for (String opt : optimizers) {
                ExperimentSpec s = spec(base, opt);
                Run run = new Run(s, 0);
                DeepLinearNetwork twin = run.network().copy();
                Oracle oracle = new Oracle(twin, run.cost());
                LossGradient lg = new LossGradient(run.network(), run.cost());
                OptimizerStepper stepper = new OptimizerStepper(lg, s.optimizerSettings, new Rng(1));
                double eta = s.optimizer.equals("adam") ? 0.01 : s.learningRate;
                for (int k = 0; k < 60; k++) {
                    stepper.step(eta);
                    oracle.step(s.optimizerSettings, eta);
                }
                for (int l = 1; l <= twin.depth(); l++) {
                    double[] a = run.network().weight(l);
                    double[] b = twin.weight(l);
                    for (int i = 0; i < a.length; i++) {
                        assertEquals(b[i], a[i], 1e-10 * (1 + Math.abs(b[i])), opt + " layer " + l + " entry " + i);
                    }
                }
            }
        }
    }

    @Test
    void aMinibatchIsTheCostOfItsSamplesAndAnEpochDrawsEverySampleOnce() {
        for (String base : new String[] {TEACHER, COMPLETION, CLASSIFICATION}) {
            ExperimentSpec s = spec(base, null);
            Cost full = Tasks.build(s, s.runSeed(0));
            int n = full instanceof MseCost ? ((MseCost) full).trainSize() : full instanceof ClassificationCost
                    ? ((ClassificationCost) full).labels().length : ((CompletionCost) full).observed().length;
            int b = 4;
            Minibatch mb = new Minibatch(full, b, new Rng(9));
            java.util.Set<Integer> epoch = new java.util.HashSet<>();
            double[] a = new double[full.outputs() * full.inputs()];
            new Rng(4).fillGaussian(a, 1.0);
            for (int k = 0; k < n / b; k++) {
                mb.next();
                for (int i : mb.chosen()) {
                    assertTrue(epoch.add(i), "sample " + i + " twice in an epoch");
                }
                // the oracle: the same cost built from the batch's samples alone
                Cost alone = alone(full, mb.chosen());
                double[] g1 = new double[a.length];
                double[] g2 = new double[a.length];
                assertEquals(alone.evaluate(a, g1), mb.cost().evaluate(a, g2), 1e-12);
                assertArrayEquals(g1, g2, 1e-12);
            }
            assertEquals(n - n % b, epoch.size(), "an epoch draws every sample once, its remainder dropped");
        }
        // a run with minibatches is fixed by its spec and seed, and the seed changes it
        ExperimentSpec s = spec(TEACHER, "{\"type\":\"sgd\",\"batch\":5,\"momentum\":0.9}");
        assertEquals(new Run(s, 0).complete().digest(), new Run(s, 0).complete().digest());
        ExperimentSpec other = spec(TEACHER.replace("\"seed\":5", "\"seed\":6"), "{\"type\":\"sgd\",\"batch\":5,\"momentum\":0.9}");
        assertNotEquals(new Run(s, 0).complete().digest(), new Run(other, 0).complete().digest());
    }

    static Cost alone(Cost full, int[] chosen) {
        if (full instanceof ClassificationCost c) {
            int n = c.labels().length;
            double[] x = new double[c.inputs() * chosen.length];
            int[] labels = new int[chosen.length];
            for (int i = 0; i < chosen.length; i++) {
                for (int r = 0; r < c.inputs(); r++) {
                    x[r * chosen.length + i] = c.samples()[r * n + chosen[i]];
                }
                labels[i] = c.labels()[chosen[i]];
            }
            return new ClassificationCost(c.inputs(), c.outputs(), c.loss(), x, labels, new double[0], new int[0]);
        }
        if (full instanceof CompletionCost) {
            CompletionCost c = (CompletionCost) full;
            int[] obs = new int[chosen.length];
            for (int i = 0; i < obs.length; i++) {
                obs[i] = c.observed()[chosen[i]];
            }
            return new CompletionCost(c.outputs(), c.inputs(), c.target(), obs);
        }
        MseCost m = (MseCost) full;
        int n = m.trainSize();
        double[] x = new double[m.inputs() * chosen.length];
        double[] y = new double[m.outputs() * chosen.length];
        for (int i = 0; i < chosen.length; i++) {
            for (int r = 0; r < m.inputs(); r++) {
                x[r * chosen.length + i] = m.inputsMatrix()[r * n + chosen[i]];
            }
            for (int r = 0; r < m.outputs(); r++) {
                y[r * chosen.length + i] = m.targets()[r * n + chosen[i]];
            }
        }
        return new MseCost(m.inputs(), m.outputs(), x, y, chosen.length, null, null, 0);
    }

    /**
     * Depth 1 with weight decay λ is ridge regression: the minimum of 1/N‖AX − Y‖² + λ/2‖A‖² (the decay
     * adds λθ to the gradient) is A = Y Xᵀ (X Xᵀ + Nλ/2 I)⁻¹, which gradient descent reaches.
     */
    @Test
    void descentWithWeightDecayConvergesToRidgeRegression() {
        double lambda = 0.5;
        ExperimentSpec s = ExperimentSpec.parse("{\"task\":{\"type\":\"teacher\",\"inputs\":4,\"outputs\":3,"
                + "\"teacherDiagonal\":[3,2,1],\"train\":9,\"noise\":0.3,\"seed\":1},\"depth\":1,\"width\":1,"
                + "\"init\":{\"gamma\":1},\"learningRate\":0.05,\"steps\":6000,\"records\":10,"
                + "\"optimizer\":{\"type\":\"gd\",\"weightDecay\":" + lambda + "}}");
        Run run = new Run(s, 0).complete();
        MseCost mse = (MseCost) run.cost();
        int n = mse.trainSize();
        DMatrixRMaj x = DMatrixRMaj.wrap(4, n, mse.inputsMatrix());
        DMatrixRMaj y = DMatrixRMaj.wrap(3, n, mse.targets());
        DMatrixRMaj xxt = new DMatrixRMaj(4, 4);
        CommonOps_DDRM.multTransB(x, x, xxt);
        for (int i = 0; i < 4; i++) {
            xxt.add(i, i, n * lambda / 2);
        }
        DMatrixRMaj yxt = new DMatrixRMaj(3, 4);
        CommonOps_DDRM.multTransB(y, x, yxt);
        DMatrixRMaj inv = new DMatrixRMaj(4, 4);
        CommonOps_DDRM.invert(xxt, inv);
        DMatrixRMaj ridge = new DMatrixRMaj(3, 4);
        CommonOps_DDRM.mult(yxt, inv, ridge);
        double[] a = run.network().product();
        for (int k = 0; k < a.length; k++) {
            assertEquals(ridge.data[k], a[k], 1e-9, "entry " + k);
        }
        // at the ridge solution the run is done, though its train loss is above the task's minimum by design
        assertEquals(RunStatus.DONE, run.status(), run.message());
        assertTrue(run.message().startsWith("converged under weight decay λ = 0.5"), run.message());
        // and stopped far from it, it is not
        Run early = new Run(ExperimentSpec.parse(s.toJson().replace("\"steps\":6000", "\"steps\":20")), 0).complete();
        assertEquals(RunStatus.UNCONVERGED, early.status(), early.message());
        assertTrue(early.message().startsWith("not converged under weight decay"), early.message());
    }

    @Test
    void theOptimizersFieldsAreReadStrictlyAndNamed() {
        String[][] bad = {
            {"{\"type\":\"sgd\",\"batch\":24}", "optimizer.batch"}, // 23 training points
            {"{\"type\":\"sgd\",\"batch\":0}", "optimizer.batch"},
            {"{\"type\":\"sgd\",\"momentum\":1}", "optimizer.momentum"},
            {"{\"type\":\"sgd\",\"nesterov\":true}", "optimizer.nesterov"},
            {"{\"type\":\"adam\",\"beta1\":1}", "optimizer.beta1"},
            {"{\"type\":\"adam\",\"epsilon\":0}", "optimizer.epsilon"},
            {"{\"type\":\"adam\",\"momentum\":0.9}", "optimizer.momentum"},
            {"{\"type\":\"gd\",\"batch\":4}", "optimizer.batch"},
            {"{\"type\":\"gd\",\"weightDecay\":-1}", "optimizer.weightDecay"},
            {"{\"type\":\"rmsprop\"}", "optimizer.type"},
        };
        for (String[] c : bad) {
            SpecException e = assertThrows(SpecException.class, () -> spec(TEACHER, c[0]), c[0]);
            assertEquals(c[1], e.field(), c[0] + ": " + e.getMessage());
        }
        // the canonical text: plain descent keeps its old text, the others state every setting
        assertTrue(spec(TEACHER, "{\"type\":\"gd\"}").toJson().contains("\"optimizer\":{\"type\":\"gd\"}"));
        String adam = spec(TEACHER, "{\"type\":\"adam\",\"batch\":5}").toJson();
        assertTrue(adam.contains("\"optimizer\":{\"batch\":5,\"beta1\":0.9,\"beta2\":0.999,\"decoupled\":true,\"epsilon\":1e-8,"
                + "\"type\":\"adam\",\"weightDecay\":0}"), adam);
        assertEquals(adam, ExperimentSpec.parse(adam).toJson(), "the canonical text reads back to itself");
        // completion draws from its observed entries: 21 of 30
        assertEquals("optimizer.batch", assertThrows(SpecException.class,
                () -> spec(COMPLETION, "{\"type\":\"sgd\",\"batch\":22}")).field());
        spec(COMPLETION, "{\"type\":\"sgd\",\"batch\":21}");
    }

    /**
     * What the readings say under another optimizer: no s* (its theory is descent's and flow's) but the
     * measured speed, and a divergence message that names the optimizer with its parameters.
     */
    @Test
    void readingsSayWhatTheirTheoryCoversAndMessagesNameTheOptimizer() {
        ExperimentSpec adam = spec(COMPLETION.replace("\"gamma\":1.5", "\"gamma\":2.5"), "{\"type\":\"adam\",\"batch\":7}");
        Run run = new Run(adam, 0).complete();
        java.util.Map<String, Object> escape = saddlelab.experiment.readings.Escape.of(run).toMap();
        assertTrue(Double.isNaN((Double) escape.get("predictedSpeed")), "no s* under Adam");
        assertTrue(((String) escape.get("predictionNote")).contains("under Adam (β₁ = 0.9, β₂ = 0.999, ε = 1e-8, batch 7)"),
                (String) escape.get("predictionNote"));
        Run gd = new Run(spec(COMPLETION, null), 0).complete();
        assertEquals(null, saddlelab.experiment.readings.Escape.of(gd).toMap().get("predictionNote"));
        // a learning rate far past stability: the message names step, rate and the optimizer
        Run blown = new Run(spec(TEACHER.replace("\"learningRate\":0.02", "\"learningRate\":5"),
                "{\"type\":\"sgd\",\"momentum\":0.9,\"weightDecay\":0.01}"), 0).complete();
        assertEquals(RunStatus.DIVERGED, blown.status(), blown.message());
        assertTrue(blown.message().matches("diverged at step \\d+ with learning rate 5 under SGD \\(momentum 0\\.9, "
                + "weight decay λ = 0\\.01\\): .*"), blown.message());
    }

    /**
     * Minibatch noise is not descent's 2-cycle: the Fig. 1 task at a fifth of its entries per batch
     * fluctuates enough for the oscillation watch, and was stopped; the run now goes on and recovers.
     */
    @Test
    void minibatchNoiseNeverStopsARunAsOscillating() {
        ExperimentSpec s = ExperimentSpec.parse("{\"task\":{\"type\":\"completion\",\"rows\":10,\"cols\":10,\"rank\":3,"
                + "\"observed\":0.7,\"seed\":1},\"depth\":4,\"width\":100,\"init\":{\"gamma\":2},\"learningRate\":0.2,"
                + "\"steps\":6000,\"seed\":1,\"records\":200,\"optimizer\":{\"type\":\"sgd\",\"batch\":14}}");
        Run run = new Run(s, 0).complete();
        assertEquals(RunStatus.DONE, run.status(), run.message());
        // and its fluctuations are no oscillation of descent's: the message does not call them one
        assertFalse(run.message().contains("oscillation"), run.message());
        // the records carry the minibatch loss beside the full one: noisy around it, NaN before the first step
        Trace t = run.trace();
        assertTrue(Double.isNaN(t.get(0, Trace.BATCH_LOSS)), "no batch before the first step");
        int differ = 0;
        for (int i = 1; i < t.size(); i++) {
            assertTrue(t.get(i, Trace.BATCH_LOSS) >= 0, "record " + i);
            differ += t.get(i, Trace.BATCH_LOSS) != t.get(i, Trace.TRAIN_LOSS) ? 1 : 0;
        }
        assertTrue(differ > t.size() / 2, "a batch's loss is not the full loss: " + differ);
        Trace full = new Run(spec(TEACHER, null), 0).complete().trace();
        assertTrue(Double.isNaN(full.get(full.size() - 1, Trace.BATCH_LOSS)), "no minibatch, no batch loss");
        assertTrue(run.trace().get(run.trace().size() - 1, Trace.TEST_LOSS) < 1e-3 * run.zeroTestLoss(), "and it recovers A*");
    }
}
