package saddlelab.experiment.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import saddlelab.experiment.Fig1;
import saddlelab.experiment.documents.Results;
import saddlelab.experiment.spec.ExperimentSpec;
import saddlelab.experiment.spec.Json;
import saddlelab.experiment.spec.NumberText;

class RunTest {
    /** A small spec whose digest is pinned: the browser build is held to the same value. */
    public static final String GOLDEN_SPEC = "{\"task\":{\"type\":\"completion\",\"rows\":6,\"cols\":5,\"rank\":2,"
            + "\"observed\":0.6},\"depth\":3,\"width\":12,\"init\":{\"gamma\":1.5},\"learningRate\":0.1,"
            + "\"steps\":400,\"seed\":7,\"records\":20}";
    public static final String GOLDEN_DIGEST = "37cf4174387ecad68bf986a1286423f7";

    /**
     * The flow's first step is η, which for these specs is far too long: its trials overflow. They used to
     * end the run as "blew up" at t = 0 (and, once rejected, the records' round-off read as an
     * oscillation). The flow descends L and cannot do either: both end DONE.
     */
    @Test
    void aFlowWhoseFirstStepsOverflowEndsDoneNotDivergedOrOscillating() {
        String[] specs = {
            "{\"task\":{\"type\":\"teacher\",\"inputs\":1,\"outputs\":6,\"teacherDiagonal\":[-3.90826],\"train\":38,"
                + "\"test\":1,\"noise\":0.491555},\"depth\":5,\"width\":17,\"init\":{\"scheme\":\"mean-field\"},"
                + "\"learningRate\":2.96344,\"optimizer\":{\"type\":\"flow\",\"tolerance\":0.00541699},\"steps\":35,"
                + "\"seed\":2569407299869658,\"seeds\":3,\"records\":34,\"recordSpacing\":\"linear\",\"rankTolerance\":0.000185201}",
            "{\"task\":{\"type\":\"teacher\",\"inputs\":4,\"outputs\":4,\"teacherDiagonal\":[7.77817,9.12471],\"train\":16,"
                + "\"test\":2,\"noise\":0.0584929},\"depth\":5,\"width\":5,\"init\":{\"alpha\":0.882481},"
                + "\"learningRate\":0.302392,\"optimizer\":{\"type\":\"flow\",\"tolerance\":0.000123618},\"steps\":25,"
                + "\"seed\":8485534523342141,\"seeds\":2,\"records\":32,\"recordSpacing\":\"linear\",\"rankTolerance\":0.000822516}",
        };
        for (String json : specs) {
            Run run = new Run(ExperimentSpec.parse(json), 1).complete();
            assertEquals(RunStatus.DONE, run.status(), run.message());
        }
    }

    @Test
    void twoRunsOfOneSpecAreBitIdentical() {
        ExperimentSpec spec = ExperimentSpec.parse(GOLDEN_SPEC);
        Run a = new Run(spec, 0).complete();
        Run b = new Run(spec, 0);
        while (!b.advance(37)) { // chunking must not change anything
        }
        assertEquals(a.digest(), b.digest());
        assertEquals(Results.runJson(a), Results.runJson(b));
        assertEquals(GOLDEN_DIGEST, a.digest());
    }

    @Test
    void differentSeedsDiffer() {
        ExperimentSpec spec = ExperimentSpec.parse(GOLDEN_SPEC.replace("\"seed\":7", "\"seed\":7,\"seeds\":2"));
        assertFalse(new Run(spec, 0).complete().digest().equals(new Run(spec, 1).complete().digest()));
    }

    @Test
    void divergenceStopsWithAMessageNamingStepAndLearningRate() {
        ExperimentSpec spec = ExperimentSpec.parse(GOLDEN_SPEC.replace("\"learningRate\":0.1", "\"learningRate\":50")
                .replace("{\"gamma\":1.5}", "{\"gamma\":0.5}"));
        Run run = new Run(spec, 0).complete();
        assertEquals(RunStatus.DIVERGED, run.status());
        String m = run.message();
        assertTrue(m.startsWith("diverged at step "), m);
        assertTrue(m.contains("learning rate 50"), m);
        assertTrue(m.contains("try a learning rate of at most "), m);
        double suggested = Double.parseDouble(m.substring(m.lastIndexOf(' ') + 1));
        assertTrue(suggested > 0 && suggested < 50, m);
        Trace t = run.trace();
        for (int i = 0; i < t.size(); i++) {
            for (int c = 0; c < t.stride(); c++) {
                // NaN: undefined, by the documented layout (the accuracies and the margin are classification's)
                if (c != Trace.TEST_LOSS && c != Trace.ESCAPED_LOSS && c != Trace.BATCH_LOSS && c != Trace.TRAIN_ACCURACY
                        && c != Trace.TEST_ACCURACY && c != Trace.MARGIN) {
                    assertTrue(Double.isFinite(t.get(i, c)), "no NaN or infinity in the recorded curves");
                }
            }
        }
        // the suggested rate actually trains
        String safer = GOLDEN_SPEC.replace("\"learningRate\":0.1", "\"learningRate\":" + suggested)
                .replace("{\"gamma\":1.5}", "{\"gamma\":0.5}");
        Run retried = new Run(ExperimentSpec.parse(safer), 0).complete();
        assertTrue(retried.finished() && !retried.failed(), retried.message());
    }

    /**
     * Past the stability limit gradient descent can settle into a 2-cycle instead of diverging: the run
     * stops with its own status (never "done"), names the step, the period, η and a safer η, which
     * then converges.
     */
    @Test
    void aTwoCycleStopsAsOscillatingWithASaferRate() {
        String spec = "{\"task\":{\"type\":\"teacher\",\"inputs\":2,\"outputs\":2,\"teacherDiagonal\":[3,1],"
                + "\"train\":20,\"seed\":1},\"depth\":2,\"width\":4,\"init\":{\"sigma\":0.5},\"learningRate\":%s,"
                + "\"steps\":3000,\"records\":50}";
        Run run = new Run(ExperimentSpec.parse(String.format(spec, "0.25")), 0).complete();
        assertEquals(RunStatus.OSCILLATING, run.status(), run.message());
        assertTrue(run.failed());
        String m = run.message();
        assertTrue(m.startsWith("stopped at step "), m);
        assertTrue(m.contains("period 2"), m);
        assertTrue(m.contains("learning rate 0.25"), m);
        assertTrue(run.step() < 3000, "stopped early");
        double suggested = Double.parseDouble(m.substring(m.lastIndexOf(' ') + 1));
        assertTrue(suggested > 0 && suggested < 0.25, m);
        Run safer = new Run(ExperimentSpec.parse(String.format(spec, NumberText.format(suggested))), 0).complete();
        assertEquals(RunStatus.DONE, safer.status(), safer.message());
    }

    /**
     * The held-out case that was stopped at step 961 as "oscillated without progress": its oscillation
     * was dying out, and the same descent reaches 2.3e-6 at step 2 000. It now converges, and its
     * message says where the transient was and how close to the limit η·λ = 2 it ran.
     */
    @Test
    void aDecayingOscillationNeverStopsAConvergingRun() {
        ExperimentSpec spec = ExperimentSpec.parse("{\"task\":{\"type\":\"teacher\",\"inputs\":5,\"outputs\":5,"
                + "\"teacherDiagonal\":[3,2,1],\"train\":20,\"test\":100,\"noise\":0.1,\"seed\":7},\"depth\":3,"
                + "\"width\":20,\"init\":{\"gamma\":2.0},\"learningRate\":0.09,\"steps\":4000,\"seed\":71,"
                + "\"seeds\":1,\"records\":100}");
        Run run = new Run(spec, 0).complete();
        assertEquals(RunStatus.DONE, run.status(), run.message());
        assertEquals(4000, run.step());
        assertTrue(run.message().startsWith("a transient oscillation at steps "), run.message());
        assertTrue(run.message().contains("died out (η·λ ≈ "), run.message());
    }

    /** The stability condition's words match its number: never "η·λ ≈ 1.89 > 2". */
    @Test
    void theStabilityMessageSaysWhatItsNumberSays() {
        assertEquals("η·λ ≈ 2.09 > 2", RunDiagnosis.stability(2.09));
        assertFalse(RunDiagnosis.stability(1.89).contains(">"), RunDiagnosis.stability(1.89));
        assertTrue(RunDiagnosis.stability(1.89).startsWith("η·λ ≈ 1.89, just under"), RunDiagnosis.stability(1.89));
    }

    /** All steps taken far from the minimum: not "done", and the message says where the run stands. */
    @Test
    void aRunThatEndsOnAPlateauIsNotDone() {
        ExperimentSpec spec = ExperimentSpec.parse(Fig1.SPEC.replace("\"steps\":20000", "\"steps\":3000"));
        Run run = new Run(spec, 0).complete();
        assertEquals(RunStatus.UNCONVERGED, run.status());
        String m = run.message();
        assertTrue(m.startsWith("not converged after 3000 steps: train loss "), m);
        assertTrue(m.contains("the run ended on a plateau"), m);
        assertTrue(m.contains("2 directions escaped"), m);
        assertFalse(run.failed());
        assertEquals(RunStatus.DONE, Fig1.run().status(), "the full run converges");
    }

    @Test
    void resultsDocumentHasTheDocumentedShape() {
        ExperimentSpec spec = ExperimentSpec.parse(GOLDEN_SPEC);
        Run run = new Run(spec, 0).complete();
        String doc = Results.document(spec, java.util.List.of(run));
        @SuppressWarnings("unchecked")
        java.util.Map<String, Object> m = (java.util.Map<String, Object>) Json.parse(doc);
        assertEquals(spec.toJson(), Json.write(m.get("spec")));
        @SuppressWarnings("unchecked")
        java.util.Map<String, Object> r = (java.util.Map<String, Object>) ((java.util.List<Object>) m.get("runs")).get(0);
        for (String key : new String[] {"seed", "status", "message", "digest", "series"}) {
            assertTrue(r.containsKey(key), key);
        }
        @SuppressWarnings("unchecked")
        java.util.Map<String, Object> series = (java.util.Map<String, Object>) r.get("series");
        for (String key : new String[] {"step", "time", "trainLoss", "testLoss", "rank", "singularValues", "nuclearNorm",
            "gradNorm", "paramNorm", "balancedness", "layerNorms"}) {
            assertEquals(run.trace().size(), ((java.util.List<?>) series.get(key)).size(), key);
        }
    }

    /**
     * A failed run is read only before its loss first rose: at η = 0.02 a run past its stability limit on
     * the rank-1 plateau went on climbing between plateaus and listed "0 → 1 (121.3) → 2 (52.56) → 2
     * (97.98) → 4 …", a saddle above the one before it. Its saddles must now form a staircase down, all
     * before the loss first rose by 1 % of its descent (found here from the series), and its NTK change
     * is withheld.
     */
    @Test
    @SuppressWarnings("unchecked")
    void aFailedRunIsReadOnlyBeforeItsLossFirstRose() {
        String spec = "{\"task\":{\"type\":\"teacher\",\"inputs\":5,\"outputs\":5,\"teacherDiagonal\":[10,8,6,4,2],"
                + "\"train\":100,\"seed\":1},\"depth\":%d,\"width\":30,\"init\":{\"gamma\":2},\"learningRate\":%s,"
                + "\"steps\":20000,\"seed\":1,\"records\":200}";
        Object[][] cases = {{3, "0.015", "the run was stopped at step "}, {3, "0.02", "the run diverged at step "},
            {3, "0.03", "the run diverged at step "}, {4, "0.02", "the run diverged at step "}};
        for (Object[] c : cases) {
            Run run = new Run(ExperimentSpec.parse(String.format(spec, c[0], c[1])), 0).complete();
            String where = "L = " + c[0] + ", η = " + c[1];
            assertTrue(run.failed(), where + ": " + run.message());
            java.util.Map<String, Object> doc = Results.runToMap(run);
            double[] time = run.trace().column(Trace.TIME);
            double[] loss = run.trace().column(Trace.TRAIN_LOSS);
            int rise = 0; // the first rise by 1 % of the descent so far
            for (double least = loss[0]; rise < loss.length && loss[rise] - least <= 0.01 * (loss[0] - least); rise++) {
                least = Math.min(least, loss[rise]);
            }
            assertTrue(rise < loss.length, where + ": a failed run's loss rose");
            double before = Double.POSITIVE_INFINITY;
            for (java.util.Map<String, Object> sd : (java.util.List<java.util.Map<String, Object>>) doc.get("saddles")) {
                double l = ((Number) sd.get("loss")).doubleValue();
                assertTrue(l < before, where + ": each saddle below the one before: " + doc.get("saddles"));
                before = l;
                assertTrue(((Number) sd.get("escape")).doubleValue() < time[rise], where + ": escaped before the rise");
            }
            java.util.Map<String, Object> ntk = (java.util.Map<String, Object>) doc.get("ntk");
            assertTrue(Double.isNaN((Double) ntk.get("relativeChange")), where);
            String reason = (String) ((java.util.Map<String, Object>) doc.get("escape")).get("reason");
            assertTrue(reason.isEmpty() || reason.startsWith((String) c[2]), where + ": " + reason);
        }
        Run done = new Run(ExperimentSpec.parse(String.format(spec, 3, "0.01")), 0).complete();
        assertEquals(RunStatus.DONE, done.status());
        assertTrue(done.stableTrace() == done.trace(), "a run that did not fail is read in full");
    }

    /**
     * The matrix view's column: every record holds A = W_L ⋯ W_1 as it was then (row-major), the first
     * the initial network's product and the last the final one's, bit for bit; large matrices and long
     * runs record none, and the cost model counts what is recorded.
     */
    @Test
    void eachRecordHoldsTheMatrixAOfItsStepWhereASmallEnough() {
        ExperimentSpec spec = ExperimentSpec.parse(GOLDEN_SPEC);
        Run run = new Run(spec, 0).complete();
        Trace t = run.trace();
        int n = run.cost().outputs() * run.cost().inputs();
        assertEquals(n, t.matrixCount());
        assertEquals(java.util.Map.of("from", t.matrixColumn(), "count", n), t.columns().get("matrix"));
        double[] first = t.row(0, t.matrixColumn(), n);
        double[] last = t.row(t.size() - 1, t.matrixColumn(), n);
        assertTrue(java.util.Arrays.equals(run.initialNetwork().product(), first), "record 0 is A(θ0)");
        assertTrue(java.util.Arrays.equals(run.network().product(), last), "the last record is the final A");
        assertEquals(0, Trace.matrixEntries(40, 40, 100), "1600 entries: too large to record");
        assertEquals(900, Trace.matrixEntries(30, 30, 200), "Fig. 3's 30×30 over 200 records");
        assertEquals(0, Trace.matrixEntries(30, 30, 300), "2·300·900 values: past the run's budget");
        // the cost model's memory grows by a whole record (its matrix included) per added record
        long twenty = Budget.estimate(spec).bytesPerRun;
        long forty = Budget.estimate(ExperimentSpec.parse(GOLDEN_SPEC.replace("\"records\":20", "\"records\":40")))
                .bytesPerRun;
        assertEquals(8L * 2 * 20 * t.stride(), forty - twenty, "2 × 20 more records of " + t.stride() + " values");
    }
}
