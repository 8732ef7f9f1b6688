package saddlelab.experiment;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.SingularOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.SingularValueDecomposition_F64;
import saddlelab.engine.MseCost;

/**
 * The critical values of a teacher task's rank-k problem, min over rank(A) ≤ k of ‖AX − Y‖²/N, computed
 * independently of the lab (EJML's SVD): with X = UΣVᵀ (thin, rank r) the problem is that of the best
 * rank-k approximation of YV, whose critical points are the sums of k of its singular triplets
 * p_i s_i q_iᵀ; each maps back to A_S = [Σ_{i∈S} p_i s_i q_iᵀ] Σ⁻¹Uᵀ. The best (the top k) is the
 * greedy low-rank algorithm's saddle (paper §5.2); the others are saddles of higher index. Holds for N
 * below n₀ (X of rank N) as above it.
 */
public final class BestFits {
    private final MseCost mse;
    private final DMatrixRMaj uk;
    private final DMatrixRMaj sInv;
    private final DMatrixRMaj p;
    private final DMatrixRMaj q;
    private final DMatrixRMaj sw;
    private final int rank;
    private final int triplets;

    private BestFits(MseCost mse) {
        this.mse = mse;
        int n0 = mse.inputs();
        int nL = mse.outputs();
        int n = mse.trainSize();
        DMatrixRMaj x = DMatrixRMaj.wrap(n0, n, mse.inputsMatrix().clone());
        DMatrixRMaj y = DMatrixRMaj.wrap(nL, n, mse.targets().clone());
        SingularValueDecomposition_F64<DMatrixRMaj> svd = DecompositionFactory_DDRM.svd(n0, n, true, true, true);
        assertTrue(svd.decompose(x.copy()));
        DMatrixRMaj u = svd.getU(null, false);
        DMatrixRMaj w = svd.getW(null);
        DMatrixRMaj v = svd.getV(null, false);
        SingularOps_DDRM.descendingOrder(u, false, w, v, false);
        int r = Math.min(n0, n);
        double top = 0;
        for (int i = 0; i < r; i++) {
            top = Math.max(top, w.get(i, i));
        }
        List<Integer> kept = new ArrayList<>();
        for (int i = 0; i < r; i++) {
            if (w.get(i, i) > 1e-10 * top) {
                kept.add(i);
            }
        }
        rank = kept.size();
        uk = new DMatrixRMaj(n0, rank);
        DMatrixRMaj vk = new DMatrixRMaj(n, rank);
        sInv = new DMatrixRMaj(rank, rank);
        for (int j = 0; j < rank; j++) {
            int i = kept.get(j);
            for (int a = 0; a < n0; a++) {
                uk.set(a, j, u.get(a, i));
            }
            for (int a = 0; a < n; a++) {
                vk.set(a, j, v.get(a, i));
            }
            sInv.set(j, j, 1 / w.get(i, i));
        }
        DMatrixRMaj yv = new DMatrixRMaj(nL, rank);
        CommonOps_DDRM.mult(y, vk, yv);
        SingularValueDecomposition_F64<DMatrixRMaj> s2 = DecompositionFactory_DDRM.svd(nL, rank, true, true, false);
        assertTrue(s2.decompose(yv.copy()));
        p = s2.getU(null, false);
        q = s2.getV(null, false);
        sw = s2.getW(null);
        SingularOps_DDRM.descendingOrder(p, false, sw, q, false);
        triplets = Math.min(nL, rank);
        for (int i = 1; i < triplets; i++) {
            assertTrue(sw.get(i - 1, i - 1) >= sw.get(i, i), "EJML orders the singular values");
        }
    }

    /** C_0 … C_m: the best rank-k fits' losses, m = min(n₀, n_L). */
    public static double[] of(MseCost mse) {
        BestFits b = new BestFits(mse);
        int m = Math.min(mse.inputs(), mse.outputs());
        double[] out = new double[m + 1];
        for (int k = 0; k <= m; k++) {
            List<Integer> top = new ArrayList<>();
            for (int i = 0; i < Math.min(k, b.triplets); i++) {
                top.add(i);
            }
            out[k] = b.value(top);
        }
        return out;
    }

    /** Every critical value of the rank-k problem (each set of k singular triplets of YV). */
    public static List<Double> critical(MseCost mse, int k) {
        BestFits b = new BestFits(mse);
        List<Double> out = new ArrayList<>();
        b.subsets(0, Math.min(k, b.triplets), new ArrayList<>(), out);
        return out;
    }

    private void subsets(int from, int left, List<Integer> chosen, List<Double> out) {
        if (left == 0) {
            out.add(value(chosen));
            return;
        }
        for (int i = from; i <= triplets - left; i++) {
            chosen.add(i);
            subsets(i + 1, left - 1, chosen, out);
            chosen.remove(chosen.size() - 1);
        }
    }

    private double value(List<Integer> set) {
        int nL = mse.outputs();
        DMatrixRMaj part = new DMatrixRMaj(nL, rank);
        for (int i : set) {
            for (int a = 0; a < nL; a++) {
                for (int c = 0; c < rank; c++) {
                    part.add(a, c, p.get(a, i) * sw.get(i, i) * q.get(c, i));
                }
            }
        }
        DMatrixRMaj t1 = new DMatrixRMaj(nL, rank);
        CommonOps_DDRM.mult(part, sInv, t1);
        DMatrixRMaj a = new DMatrixRMaj(nL, mse.inputs());
        CommonOps_DDRM.multTransB(t1, uk, a);
        return mse.evaluate(a.data, null);
    }
}
