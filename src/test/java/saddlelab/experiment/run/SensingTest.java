package saddlelab.experiment.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.LinearSolverFactory_DDRM;
import org.ejml.interfaces.linsol.LinearSolverDense;
import org.junit.jupiter.api.Test;
import saddlelab.engine.Cost;
import saddlelab.engine.Minibatch;
import saddlelab.engine.Rng;
import saddlelab.engine.SensingCost;
import saddlelab.experiment.readings.Saddles;
import saddlelab.experiment.spec.ExperimentSpec;
import saddlelab.experiment.spec.SpecException;
import saddlelab.experiment.spec.Tasks;

/**
 * Matrix sensing (issue 31) against what it is: exact measurements ⟨Mᵢ, A*⟩ that A* fits, a noisy
 * overdetermined task whose floor is the least-squares residual EJML's QR solver finds, minibatches that are
 * the cost of their measurements, strict fields, and Gissin et al.'s diag(12, 6, 4, 3) learned one direction at
 * a time by a deep network from a small initialization and recovered.
 */
class SensingTest {
    static ExperimentSpec spec(String task, int depth, String extra) {
        return ExperimentSpec.parse("{\"task\":" + task + ",\"depth\":" + depth + ",\"width\":20,\"init\":{\"gamma\":2},"
                + "\"learningRate\":0.002,\"steps\":20000,\"seed\":1,\"records\":200" + extra + "}");
    }

    static final String GISSIN = "{\"type\":\"sensing\",\"rows\":4,\"cols\":4,\"teacherDiagonal\":[12,6,4,3],"
            + "\"measurements\":50,\"seed\":1}";

    @Test
    void exactMeasurementsAreFittedByTheirMatrixAndTheTestLossIsTheRecoveryError() {
        ExperimentSpec s = spec(GISSIN, 2, "");
        SensingCost c = (SensingCost) Tasks.build(s, 1);
        assertEquals(0.0, c.evaluate(c.target(), null));
        assertEquals(0.0, c.testLoss(c.target()));
        assertEquals((144 + 36 + 16 + 9) / 16.0, c.zeroTestLoss(), 1e-12);
        assertEquals(0.0, Tasks.lossFloor(c));
        assertEquals(12.0, Tasks.referenceScale(c), 1e-12);
        // the measurements are ⟨Mᵢ, A*⟩: the first by hand
        double m0 = 0;
        for (int e = 0; e < 16; e++) {
            m0 += c.sensors()[e] * c.target()[e];
        }
        assertEquals(m0, c.measurements()[0], 1e-12);
    }

    @Test
    void aNoisyOverdeterminedTasksFloorIsTheLeastSquaresResidual() {
        for (long seed = 1; seed <= 5; seed++) {
            ExperimentSpec s = spec("{\"type\":\"sensing\",\"rows\":3,\"cols\":4,\"rank\":2,\"measurements\":40,"
                    + "\"noise\":0.3,\"seed\":" + seed + "}", 2, "");
            SensingCost c = (SensingCost) Tasks.build(s, 1);
            DMatrixRMaj m = new DMatrixRMaj(40, 12, true, c.sensors());
            DMatrixRMaj y = new DMatrixRMaj(40, 1, true, c.measurements());
            DMatrixRMaj a = new DMatrixRMaj(12, 1);
            LinearSolverDense<DMatrixRMaj> qr = LinearSolverFactory_DDRM.leastSquares(40, 12);
            assertTrue(qr.setA(m));
            qr.solve(y, a);
            double oracle = c.evaluate(a.data, null);
            assertEquals(oracle, Tasks.lossFloor(c), 1e-9 * oracle, "seed " + seed);
            assertTrue(oracle > 0, "noise leaves a residual");
        }
    }

    @Test
    void aMinibatchIsTheCostOfItsMeasurements() {
        ExperimentSpec s = spec("{\"type\":\"sensing\",\"rows\":3,\"cols\":5,\"rank\":1,\"measurements\":23,\"seed\":2}", 2, "");
        SensingCost c = (SensingCost) Tasks.build(s, 1);
        Minibatch b = new Minibatch(c, 6, Rng.stream(1, 3));
        double[] a = new double[15];
        new Rng(4).fillGaussian(a, 1.0);
        for (int step = 0; step < 5; step++) {
            b.next();
            int[] chosen = b.chosen();
            double[] y = new double[chosen.length];
            double[] sensors = new double[chosen.length * 15];
            for (int i = 0; i < chosen.length; i++) {
                y[i] = c.measurements()[chosen[i]];
                System.arraycopy(c.sensors(), chosen[i] * 15, sensors, i * 15, 15);
            }
            Cost alone = new SensingCost(3, 5, c.target(), sensors, y);
            double[] g1 = new double[15];
            double[] g2 = new double[15];
            assertEquals(Double.doubleToRawLongBits(alone.evaluate(a, g1)), Double.doubleToRawLongBits(b.cost().evaluate(a, g2)));
            for (int e = 0; e < 15; e++) {
                assertEquals(Double.doubleToRawLongBits(g1[e]), Double.doubleToRawLongBits(g2[e]), "entry " + e);
            }
        }
    }

    @Test
    void theFieldsAreReadStrictlyAndNamed() {
        SpecException both = assertThrows(SpecException.class, () -> spec("{\"type\":\"sensing\",\"rows\":4,\"cols\":4,"
                + "\"rank\":2,\"teacherDiagonal\":[1],\"measurements\":5}", 2, ""));
        assertEquals("task.rank", both.field());
        SpecException many = assertThrows(SpecException.class, () -> spec("{\"type\":\"sensing\",\"rows\":100,\"cols\":100,"
                + "\"rank\":2,\"measurements\":1000}", 2, ""));
        assertEquals("task.measurements", many.field());
        SpecException batch = assertThrows(SpecException.class, () -> spec("{\"type\":\"sensing\",\"rows\":4,\"cols\":4,"
                + "\"rank\":2,\"measurements\":5}", 2, ",\"optimizer\":{\"type\":\"sgd\",\"batch\":6}"));
        assertEquals("optimizer.batch", batch.field());
        assertTrue(batch.getMessage().contains("5 measurements"), batch.getMessage());
        SpecException unknown = assertThrows(SpecException.class, () -> spec("{\"type\":\"sensing\",\"rows\":4,\"cols\":4,"
                + "\"rank\":2,\"measurements\":5,\"observed\":0.5}", 2, ""));
        assertEquals("task.observed", unknown.field());
    }

    /**
     * Gissin et al.'s sensing task: from σ = w^−1 the depth-4 network learns diag(12, 6, 4, 3) largest first,
     * one direction at a time through its first plateaus, and recovers A* to round-off.
     */
    @Test
    void gissinsDiagonalIsLearnedLargestFirstAndRecovered() {
        Run run = new Run(spec(GISSIN, 4, ""), 0).complete();
        assertEquals(RunStatus.DONE, run.status(), run.message());
        Trace t = run.trace();
        assertTrue(t.get(t.size() - 1, Trace.TEST_LOSS) <= 1e-12 * run.zeroTestLoss(), "recovered");
        List<Saddles.Saddle> saddles = Saddles.find(run.stableTrace(), run.referenceScale());
        assertTrue(saddles.size() >= 3, "plateaus: " + saddles.size());
        for (int k = 0; k < 3; k++) {
            assertEquals(k, saddles.get(k).rank, "saddle " + k);
        }
        assertEquals(1, saddles.get(0).escapedToRank, "one direction first");
        assertEquals(2, saddles.get(1).escapedToRank, "then the next");
    }
}
