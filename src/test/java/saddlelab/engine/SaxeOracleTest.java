package saddlelab.engine;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Saxe et al. (2014): for L = 2, whitened inputs ({@code XXᵀ/N = I}) and a balanced initialization
 * aligned with the teacher's singular vectors, each mode {@code u = a·b} of A follows
 * {@code u̇ = 4u(s − u)} under this cost's normalization, i.e.
 * {@code u(t) = s·e^{4st}/(e^{4st} − 1 + s/u0)}, with t = η·k.
 */
class SaxeOracleTest {
    @Test
    void twoLayerModesFollowTheSigmoidalSolution() {
        int n0 = 3;
        int width = 5;
        double[] s = {1.0, 2.0, 3.0};
        int train = 2 * n0;
        // X = √n0·[I I] gives XXᵀ = 2n0·I = N·I (whitened)
        double[] x = new double[n0 * train];
        for (int i = 0; i < n0; i++) {
            x[i * train + i] = Math.sqrt(n0);
            x[i * train + n0 + i] = Math.sqrt(n0);
        }
        double[] teacher = new double[n0 * n0];
        for (int i = 0; i < n0; i++) {
            teacher[i * n0 + i] = s[i];
        }
        double[] y = Nets.mul(teacher, n0, n0, x, train);
        MseCost cost = new MseCost(n0, n0, x, y, train, new double[0], new double[0], 0);
        double u0 = 1e-3;
        DeepLinearNetwork net = new DeepLinearNetwork(new int[] {n0, width, n0});
        for (int i = 0; i < n0; i++) { // W1 = √u0·E, W2 = √u0·Eᵀ: balanced and aligned
            net.rows(1)[i][i] = Math.sqrt(u0);
            net.rows(2)[i][i] = Math.sqrt(u0);
        }
        LossGradient lossGradient = new LossGradient(net, cost);
        double eta = 1e-5;
        int steps = 400_000; // t = 4
        double worst = 0;
        for (int k = 1; k <= steps; k++) {
            lossGradient.step(eta);
            if (k % 20_000 == 0) {
                double t = eta * k;
                double[] a = net.product();
                for (int i = 0; i < n0; i++) {
                    double e = Math.exp(4 * s[i] * t);
                    double expected = s[i] * e / (e - 1 + s[i] / u0);
                    worst = Math.max(worst, Math.abs(a[i * n0 + i] - expected) / expected);
                }
            }
        }
        assertTrue(worst < 1e-3, "worst relative error " + worst);
    }
}
