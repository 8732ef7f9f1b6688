package saddlelab.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.Random;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.SingularOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.SingularValueDecomposition_F64;
import org.junit.jupiter.api.Test;

/** The engine's deterministic Jacobi SVD against EJML as an independent oracle. */
class SvdTest {
    @Test
    void singularValuesMatchEjml() {
        Random r = new Random(1);
        int[][] shapes = {{1, 1}, {5, 5}, {10, 10}, {3, 7}, {7, 3}, {30, 30}, {1, 9}, {12, 4}};
        for (int[] shape : shapes) {
            for (int rep = 0; rep < 5; rep++) {
                int rows = shape[0];
                int cols = shape[1];
                double[] m = new double[rows * cols];
                int rank = 1 + r.nextInt(Math.min(rows, cols));
                // low rank plus tiny noise: the case of the lab
                for (int k = 0; k < rank; k++) {
                    double[] u = new double[rows];
                    double[] v = new double[cols];
                    for (int i = 0; i < rows; i++) {
                        u[i] = r.nextGaussian();
                    }
                    for (int j = 0; j < cols; j++) {
                        v[j] = r.nextGaussian();
                    }
                    for (int i = 0; i < rows; i++) {
                        for (int j = 0; j < cols; j++) {
                            m[i * cols + j] += (k + 1) * u[i] * v[j];
                        }
                    }
                }
                for (int i = 0; i < m.length; i++) {
                    m[i] += 1e-6 * r.nextGaussian();
                }
                double[] ours = Svd.singularValues(m, rows, cols);
                SingularValueDecomposition_F64<DMatrixRMaj> svd =
                        DecompositionFactory_DDRM.svd(rows, cols, false, false, true);
                svd.decompose(new DMatrixRMaj(rows, cols, true, m));
                double[] theirs = Arrays.copyOf(svd.getSingularValues(), Math.min(rows, cols));
                Arrays.sort(theirs);
                for (int i = 0; i < theirs.length; i++) {
                    double expected = theirs[theirs.length - 1 - i];
                    assertEquals(expected, ours[i], 1e-12 * Math.max(1, theirs[theirs.length - 1]),
                            rows + "x" + cols + " value " + i);
                }
            }
        }
    }

    @Test
    void topSingularPairSatisfiesDefinition() {
        Random r = new Random(2);
        for (int[] shape : new int[][] {{6, 4}, {4, 6}, {5, 5}}) {
            int rows = shape[0];
            int cols = shape[1];
            double[] m = new double[rows * cols];
            for (int i = 0; i < m.length; i++) {
                m[i] = r.nextGaussian();
            }
            double[] u = new double[rows];
            double[] v = new double[cols];
            double s1 = Svd.decompose(m, rows, cols, u, v)[0];
            for (int i = 0; i < rows; i++) { // M v1 = s1 u1
                double mv = 0;
                for (int j = 0; j < cols; j++) {
                    mv += m[i * cols + j] * v[j];
                }
                assertEquals(s1 * u[i], mv, 1e-10);
            }
            DMatrixRMaj dm = new DMatrixRMaj(rows, cols, true, m);
            SingularValueDecomposition_F64<DMatrixRMaj> svd = DecompositionFactory_DDRM.svd(rows, cols, true, true, true);
            svd.decompose(dm);
            double[] sv = svd.getSingularValues();
            SingularOps_DDRM.descendingOrder(null, false, sv, svd.numberOfSingularValues(), null, false);
            assertEquals(sv[0], s1, 1e-10);
        }
    }

    /** The best rank-k approximation (Eckart–Young) against EJML's SVD, for both orientations. */
    @Test
    void truncationIsTheBestRankKApproximation() {
        Random r = new Random(3);
        for (int[] shape : new int[][] {{6, 4}, {4, 6}, {9, 9}, {1, 5}}) {
            int rows = shape[0];
            int cols = shape[1];
            double[] m = new double[rows * cols];
            for (int i = 0; i < m.length; i++) {
                m[i] = r.nextGaussian();
            }
            SingularValueDecomposition_F64<DMatrixRMaj> svd = DecompositionFactory_DDRM.svd(rows, cols, true, true, true);
            svd.decompose(new DMatrixRMaj(rows, cols, true, m.clone()));
            DMatrixRMaj u = svd.getU(null, false);
            DMatrixRMaj w = svd.getW(null);
            DMatrixRMaj v = svd.getV(null, false);
            SingularOps_DDRM.descendingOrder(u, false, w, v, false);
            for (int k = 0; k <= Math.min(rows, cols); k++) {
                double[] mine = new double[rows * cols];
                Svd.truncate(m, rows, cols, k, mine);
                for (int i = 0; i < rows; i++) {
                    for (int j = 0; j < cols; j++) {
                        double x = 0;
                        for (int q = 0; q < k; q++) {
                            x += u.get(i, q) * w.get(q, q) * v.get(j, q);
                        }
                        assertEquals(x, mine[i * cols + j], 1e-10, "shape " + rows + "×" + cols + ", k = " + k);
                    }
                }
            }
        }
    }

    /** The top pairs from one decomposition: M v_j = s_j u_j, unit vectors, for both orientations. */
    @Test
    void topPairsAreSingularPairs() {
        Random r = new Random(8);
        for (int[] shape : new int[][] {{7, 4}, {4, 7}, {6, 6}}) {
            int rows = shape[0];
            int cols = shape[1];
            double[] m = new double[rows * cols];
            for (int i = 0; i < m.length; i++) {
                m[i] = r.nextGaussian();
            }
            int k = Math.min(rows, cols);
            double[] u = new double[rows * k];
            double[] v = new double[cols * k];
            double[] s = Svd.topPairs(m, rows, cols, k, u, v);
            for (int j = 0; j < k; j++) {
                double nu = 0;
                double nv = 0;
                for (int i = 0; i < rows; i++) {
                    double mv = 0;
                    for (int c = 0; c < cols; c++) {
                        mv += m[i * cols + c] * v[c * k + j];
                    }
                    assertEquals(s[j] * u[i * k + j], mv, 1e-10, "M v = s u, pair " + j);
                    nu += u[i * k + j] * u[i * k + j];
                }
                for (int c = 0; c < cols; c++) {
                    nv += v[c * k + j] * v[c * k + j];
                }
                assertEquals(1, nu, 1e-10);
                assertEquals(1, nv, 1e-10);
            }
        }
    }
}
