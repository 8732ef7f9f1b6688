package saddlelab.experiment.run;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.SingularValueDecomposition_F64;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import saddlelab.engine.DeepLinearNetwork;
import saddlelab.engine.Rng;
import saddlelab.experiment.spec.ExperimentSpec;

/**
 * The Schatten-2/L quasi-norm of A ({@link Trace#SCHATTEN}) against what it is for: on a balanced network
 * (W_l = S^{1/L} between A's singular vectors, W_{l+1}ᵀW_{l+1} = W_l W_lᵀ) L2 decay's penalty Σ‖W_l‖²_F equals
 * L·‖A‖_{S_{2/L}}^{2/L}, for depths 1–5 on seeded random A; at L = 2 it is the nuclear norm, at L = 1 the
 * Frobenius norm; and every record of a run carries it for that record's A.
 */
class SchattenTest {
    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 5})
    void onABalancedNetworkTheWeightsSquaredNormIsLTimesTheQuasiNormToThe2OverL(int depth) {
        for (long seed = 1; seed <= 5; seed++) {
            Rng rng = new Rng(100 * depth + seed);
            int rows = 2 + rng.nextInt(5);
            int cols = 2 + rng.nextInt(5);
            int m = Math.min(rows, cols);
            double[] a = new double[rows * cols];
            for (int i = 0; i < a.length; i++) {
                a[i] = rng.nextGaussian();
            }
            SingularValueDecomposition_F64<DMatrixRMaj> svd = DecompositionFactory_DDRM.svd(rows, cols, true, true, true);
            svd.decompose(new DMatrixRMaj(rows, cols, true, a));
            double[] sv = java.util.Arrays.copyOf(svd.getSingularValues(), m);
            DMatrixRMaj u = svd.getU(null, false); // rows × m
            DMatrixRMaj right = svd.getV(null, false); // cols × m
            // the balanced factorization: W_1 = S^{1/L} Vᵀ (m × cols), W_l = S^{1/L} (m × m), W_L = U S^{1/L}
            int[] widths = new int[depth + 1];
            widths[0] = cols;
            widths[depth] = rows;
            for (int l = 1; l < depth; l++) {
                widths[l] = m;
            }
            DeepLinearNetwork net = new DeepLinearNetwork(widths);
            double[] root = new double[m];
            for (int k = 0; k < m; k++) {
                root[k] = Math.pow(sv[k], 1.0 / depth);
            }
            for (int l = 1; l <= depth; l++) {
                double[][] w = net.rows(l);
                for (int i = 0; i < w.length; i++) {
                    for (int j = 0; j < w[i].length; j++) {
                        double v;
                        if (depth == 1) {
                            v = a[i * cols + j];
                        } else if (l == 1) {
                            v = root[i] * right.get(j, i);
                        } else if (l == depth) {
                            v = u.get(i, j) * root[j];
                        } else {
                            v = i == j ? root[i] : 0;
                        }
                        w[i][j] = v;
                    }
                }
            }
            double penalty = 0;
            for (int l = 1; l <= depth; l++) {
                penalty += net.layerNorm(l) * net.layerNorm(l);
            }
            double q = Records.schatten(sv, depth);
            String where = "depth " + depth + ", seed " + seed + ", " + rows + "×" + cols;
            assertEquals(penalty, depth * Math.pow(q, 2.0 / depth), 1e-10 * penalty, where);
            double nuclear = 0;
            double frobenius = 0;
            for (double s : sv) {
                nuclear += s;
                frobenius += s * s;
            }
            if (depth == 2) {
                assertEquals(nuclear, q, 1e-12 * nuclear, where);
            }
            if (depth == 1) {
                assertEquals(Math.sqrt(frobenius), q, 1e-12 * q, where);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 3, 4})
    void everyRecordCarriesItsAsQuasiNorm(int depth) {
        ExperimentSpec spec = ExperimentSpec.parse("{\"task\":{\"type\":\"completion\",\"rows\":6,\"cols\":5,\"rank\":2,"
                + "\"observed\":0.7,\"seed\":2},\"depth\":" + depth + ",\"width\":8,\"init\":{\"gamma\":1.5},"
                + "\"learningRate\":0.05,\"steps\":300,\"seed\":3,\"records\":12}");
        Trace t = new Run(spec, 0).complete().trace();
        for (int i = 0; i < t.size(); i++) {
            double[] sv = t.row(i, Trace.SINGULAR_VALUES, t.singularValueCount());
            assertEquals(Double.doubleToRawLongBits(Records.schatten(sv, depth)), Double.doubleToRawLongBits(t.get(i, Trace.SCHATTEN)),
                    "record " + i);
        }
    }

    /** The effective rank: k for k equal singular values, 1 for one, between for unequal ones, and every record's. */
    @org.junit.jupiter.api.Test
    void theEffectiveRankCountsEqualDirectionsAndNeedsNoTolerance() {
        assertEquals(3.0, Records.effectiveRank(new double[] {2, 2, 2, 0}), 1e-12);
        assertEquals(1.0, Records.effectiveRank(new double[] {5, 0, 0}), 1e-12);
        assertEquals(0.0, Records.effectiveRank(new double[] {0, 0}));
        double between = Records.effectiveRank(new double[] {3, 1});
        double p = 0.75;
        assertEquals(Math.exp(-(p * Math.log(p) + (1 - p) * Math.log(1 - p))), between, 1e-12);
        ExperimentSpec spec = ExperimentSpec.parse("{\"task\":{\"type\":\"completion\",\"rows\":6,\"cols\":5,\"rank\":2,"
                + "\"observed\":0.7,\"seed\":2},\"depth\":3,\"width\":8,\"init\":{\"gamma\":1.5},"
                + "\"learningRate\":0.05,\"steps\":300,\"seed\":3,\"records\":12}");
        Trace t = new Run(spec, 0).complete().trace();
        for (int i = 0; i < t.size(); i++) {
            double[] sv = t.row(i, Trace.SINGULAR_VALUES, t.singularValueCount());
            assertEquals(Double.doubleToRawLongBits(Records.effectiveRank(sv)), Double.doubleToRawLongBits(t.get(i, Trace.EFFECTIVE_RANK)),
                    "record " + i);
        }
    }
}
