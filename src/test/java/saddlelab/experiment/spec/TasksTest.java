package saddlelab.experiment.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.SingularValueDecomposition_F64;
import org.junit.jupiter.api.Test;
import saddlelab.engine.MseCost;
import saddlelab.experiment.Fig1;

/** The loss floors a run is judged against, checked with EJML as an independent oracle. */
class TasksTest {
    /**
     * Reduced-rank regression: the best rank-k fit of Y from X keeps the top k singular directions of the
     * least-squares fit's values ÂX (Eckart–Young on the fitted values, which lie in X's row space).
     */
    /** N below, at and above n₀, with and without noise: the rank-k floor is the independent best rank-k fit. */
    @Test
    void theRankKFloorIsTheBestRankKFitForEveryTrainingSize() {
        for (int train : new int[] {2, 4, 6, 7, 30}) {
            for (String noise : new String[] {"0", "0.3"}) {
                ExperimentSpec spec = ExperimentSpec.parse("{\"task\":{\"type\":\"teacher\",\"inputs\":6,\"outputs\":5,"
                        + "\"teacherDiagonal\":[3,2,1],\"train\":" + train + ",\"noise\":" + noise + ",\"seed\":4},\"depth\":2,"
                        + "\"width\":10,\"init\":{\"gamma\":2},\"learningRate\":0.01,\"steps\":10}");
                saddlelab.engine.MseCost mse = (saddlelab.engine.MseCost) Tasks.build(spec, spec.runSeed(0));
                double[] fits = saddlelab.experiment.BestFits.of(mse);
                for (int k = 0; k < fits.length; k++) {
                    assertEquals(fits[k], Tasks.lossFloor(mse, k), 1e-9 * Math.max(fits[0], 1e-300),
                            "N = " + train + ", noise " + noise + ", rank " + k);
                }
            }
        }
    }

    @Test
    void theRankKFloorIsTheTruncatedLeastSquaresFit() {
        ExperimentSpec spec = ExperimentSpec.parse("{\"task\":{\"type\":\"teacher\",\"inputs\":6,\"outputs\":5,"
                + "\"teacherDiagonal\":[5,4,3,2,1],\"train\":40,\"noise\":0.5,\"seed\":3},\"depth\":2,\"width\":3,"
                + "\"init\":{\"gamma\":2},\"learningRate\":0.01,\"steps\":1}");
        MseCost mse = (MseCost) Tasks.build(spec, spec.seed);
        int n0 = 6;
        int nL = 5;
        int n = 40;
        DMatrixRMaj x = new DMatrixRMaj(n0, n, true, mse.inputsMatrix());
        DMatrixRMaj y = new DMatrixRMaj(nL, n, true, mse.targets());
        DMatrixRMaj a = new DMatrixRMaj(nL, n0);
        DMatrixRMaj xt = CommonOps_DDRM.transpose(x, null);
        CommonOps_DDRM.solve(xt, CommonOps_DDRM.transpose(y, null), a); // least squares, Xᵀ Aᵀ ≈ Yᵀ
        DMatrixRMaj fitted = new DMatrixRMaj(nL, n);
        CommonOps_DDRM.multTransA(a, x, fitted); // (Aᵀ)ᵀ X = A X
        SingularValueDecomposition_F64<DMatrixRMaj> svd = DecompositionFactory_DDRM.svd(nL, n, false, false, true);
        svd.decompose(fitted.copy());
        double[] s = svd.getSingularValues();
        java.util.Arrays.sort(s);
        DMatrixRMaj residual = new DMatrixRMaj(nL, n);
        CommonOps_DDRM.subtract(fitted, y, residual);
        double ls = CommonOps_DDRM.elementSum(CommonOps_DDRM.elementPower(residual, 2, null)) / n;
        assertEquals(ls, Tasks.lossFloor(mse), 1e-9 * Math.max(1, ls));
        for (int k = 0; k <= 5; k++) {
            double tail = 0;
            for (int i = 0; i < 5 - k; i++) { // ascending: the 5 − k smallest
                tail += s[i] * s[i];
            }
            assertEquals(ls + tail / n, Tasks.lossFloor(mse, k), 1e-9 * Math.max(1, ls + tail / n), "rank " + k);
        }
        assertTrue(Double.isNaN(Tasks.lossFloor(Tasks.build(ExperimentSpec.parse(Fig1.SPEC), 1), 2)),
                "low-rank completion below the task's rank has no closed form");
        assertEquals(0, Tasks.lossFloor(Tasks.build(ExperimentSpec.parse(Fig1.SPEC), 1), 3));
        // s1 of the minimizer, by power iteration, against EJML
        SingularValueDecomposition_F64<DMatrixRMaj> top = DecompositionFactory_DDRM.svd(nL, n0, false, false, true);
        top.decompose(a.copy());
        double[] sa = top.getSingularValues();
        java.util.Arrays.sort(sa);
        assertEquals(sa[sa.length - 1], Tasks.referenceScale(mse), 1e-9 * sa[sa.length - 1]);
    }

    /**
     * The matrix view's target is the run's own: completion's A* and observed entries as its cost has them
     * (data drawn per run seed when the task has no seed), a teacher's clean diagonal although the training
     * targets carry noise.
     */
    @Test
    @SuppressWarnings("unchecked")
    void theTargetIsTheMatrixTheRunLearns() {
        ExperimentSpec completion = ExperimentSpec.parse("{\"task\":{\"type\":\"completion\",\"rows\":6,\"cols\":4,"
                + "\"rank\":2,\"observed\":0.5},\"depth\":3,\"width\":8,\"init\":{\"gamma\":2},\"learningRate\":0.1,"
                + "\"steps\":10,\"seed\":5,\"seeds\":2}");
        for (int i = 0; i < 2; i++) {
            long seed = completion.runSeed(i);
            saddlelab.engine.CompletionCost cost = (saddlelab.engine.CompletionCost) Tasks.build(completion, seed);
            java.util.Map<String, Object> t = Tasks.target(completion, seed);
            assertEquals(6, t.get("rows"));
            assertEquals(4, t.get("cols"));
            assertTrue(java.util.Arrays.equals(cost.target(), (double[]) t.get("target")), "seed index " + i);
            double[] observed = (double[]) t.get("observed");
            assertEquals(cost.observed().length, observed.length);
            for (int k = 0; k < observed.length; k++) {
                assertEquals(cost.observed()[k], (int) observed[k]);
            }
        }
        ExperimentSpec teacher = ExperimentSpec.parse("{\"task\":{\"type\":\"teacher\",\"inputs\":3,\"outputs\":2,"
                + "\"teacherDiagonal\":[4,2],\"train\":10,\"noise\":0.5},\"depth\":2,\"width\":4,\"init\":{\"gamma\":2},"
                + "\"learningRate\":0.01,\"steps\":10}");
        java.util.Map<String, Object> t = Tasks.target(teacher, teacher.runSeed(0));
        assertEquals(2, t.get("rows"));
        assertEquals(3, t.get("cols"));
        assertTrue(java.util.Arrays.equals(new double[] {4, 0, 0, 0, 2, 0}, (double[]) t.get("target")));
        assertEquals(null, t.get("observed"));
    }
}
