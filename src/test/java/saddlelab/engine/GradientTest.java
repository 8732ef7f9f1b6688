package saddlelab.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** ∇L against central finite differences, and the fused step against θ − η∇L. */
class GradientTest {
    static int[] randomWidths(int depth, Random r, int inputs, int outputs) {
        int[] w = new int[depth + 1];
        w[0] = inputs;
        for (int l = 1; l < depth; l++) {
            w[l] = 1 + r.nextInt(7); // non-rectangular hidden widths
        }
        w[depth] = outputs;
        return w;
    }

    @Test
    void gradientMatchesCentralDifferences() {
        Random r = new Random(17);
        for (int depth = 1; depth <= 5; depth++) {
            for (int task = 0; task < 6; task++) {
                int n0 = 2 + r.nextInt(4);
                int nL = 2 + r.nextInt(4);
                if (task >= 3 && task <= 4) {
                    nL = 1; // the two-class losses have one output
                }
                Cost cost = task == 0 ? Nets.mse(n0, nL, 13, r.nextLong()) : task == 1 ? Nets.completion(nL, n0, 0.6, r.nextLong())
                        : task == 2 ? Nets.sensing(nL, n0, 1 + r.nextInt(30), r.nextLong())
                        : Nets.classification(n0, nL, task == 3 ? ClassificationCost.LOGISTIC
                                : task == 4 ? ClassificationCost.EXPONENTIAL : ClassificationCost.CROSS_ENTROPY, 17, r.nextLong());
                int[] widths = randomWidths(depth, r, n0, nL);
                DeepLinearNetwork net = Nets.random(widths, 0.7, r.nextLong());
                LossGradient lossGradient = new LossGradient(net, cost);
                double[][] grad = net.newParameterVector();
                lossGradient.gradient(grad);
                double num2 = 0;
                double err2 = 0;
                for (int l = 1; l <= depth; l++) {
                    double[][] w = net.rows(l);
                    int cols = net.width(l - 1);
                    for (int i = 0; i < w.length; i++) {
                        for (int k = 0; k < cols; k++) {
                            double keep = w[i][k];
                            double h = 1e-5;
                            w[i][k] = keep + h;
                            double plus = lossGradient.loss();
                            w[i][k] = keep - h;
                            double minus = lossGradient.loss();
                            w[i][k] = keep;
                            double fd = (plus - minus) / (2 * h);
                            double exact = grad[l - 1][i * cols + k];
                            err2 += (fd - exact) * (fd - exact);
                            num2 += exact * exact;
                        }
                    }
                }
                double rel = Math.sqrt(err2 / num2);
                assertTrue(rel < 1e-6, "depth " + depth + " task " + task + ": relative error " + rel);
            }
        }
    }

    @Test
    void fusedStepEqualsThetaMinusEtaGradientBitForBit() {
        Random r = new Random(23);
        for (int depth = 1; depth <= 4; depth++) {
            int[] widths = randomWidths(depth, r, 3, 4);
            Cost cost = Nets.mse(3, 4, 9, 5);
            DeepLinearNetwork a = Nets.random(widths, 0.5, 99);
            DeepLinearNetwork b = a.copy();
            double eta = 0.037;
            double[][] grad = b.newParameterVector();
            new LossGradient(b, cost).gradient(grad);
            b.addScaled(-eta, grad);
            new LossGradient(a, cost).step(eta);
            for (int l = 1; l <= depth; l++) {
                for (int k = 0; k < a.weight(l).length; k++) {
                    assertEquals(Double.doubleToRawLongBits(b.weight(l)[k]), Double.doubleToRawLongBits(a.weight(l)[k]));
                }
            }
        }
    }

    @Test
    void lossIsComputedFromTheResidualAndNeverNegative() {
        // A network that represents the teacher exactly must report 0, not a cancelled negative value.
        int n = 4;
        Random r = new Random(1);
        double[] x = new double[n * 20];
        for (int k = 0; k < x.length; k++) {
            x[k] = 1e3 * r.nextGaussian();
        }
        double[] t = new double[n * n];
        for (int k = 0; k < t.length; k++) {
            t[k] = r.nextGaussian();
        }
        double[] y = Nets.mul(t, n, n, x, 20);
        MseCost cost = new MseCost(n, n, x, y, 20, new double[0], new double[0], 0);
        double[] a = new double[n * n];
        for (int k = 0; k < a.length; k++) {
            a[k] = t[k] * (1 + 1e-16 * r.nextGaussian());
        }
        assertTrue(cost.evaluate(a, null) >= 0);
    }
}
