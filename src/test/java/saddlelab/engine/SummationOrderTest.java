package saddlelab.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The order of every sum on the training path is part of the trajectory's bits, so it is fixed here
 * by a reference written as plainly as possible. {@link LossGradient} groups its loops for speed
 * (several rows, several terms per pass); whatever grouping it uses must give these bits exactly, for
 * every shape, including the leftover rows and columns of each grouping.
 */
class SummationOrderTest {
    /** One gradient-descent step, each sum a left-to-right chain in the documented order. */
    static void referenceStep(DeepLinearNetwork net, Cost cost, double eta) {
        int depth = net.depth();
        int n0 = net.width(0);
        double[][][] p = new double[depth + 1][][];
        // P_1 = W_1;  P_l[i][j] = Σ_k W_l[i][k] P_{l−1}[k][j], k ascending, from 0
        p[1] = new double[net.width(1)][n0];
        for (int i = 0; i < net.width(1); i++) {
            p[1][i] = net.rows(1)[i].clone();
        }
        for (int l = 2; l <= depth; l++) {
            double[][] w = net.rows(l);
            p[l] = new double[net.width(l)][n0];
            for (int i = 0; i < w.length; i++) {
                for (int j = 0; j < n0; j++) {
                    double s = 0;
                    for (int k = 0; k < net.width(l - 1); k++) {
                        s = s + w[i][k] * p[l - 1][k][j];
                    }
                    p[l][i][j] = s;
                }
            }
        }
        int nL = net.width(depth);
        double[] a = new double[nL * n0];
        for (int i = 0; i < nL; i++) {
            for (int j = 0; j < n0; j++) {
                a[i * n0 + j] = p[depth][i][j];
            }
        }
        double[] g = new double[nL * n0];
        cost.evaluate(a, g);
        double[][] d = new double[nL][n0];
        for (int i = 0; i < nL; i++) {
            for (int j = 0; j < n0; j++) {
                d[i][j] = g[i * n0 + j];
            }
        }
        for (int l = depth; l >= 1; l--) {
            double[][] w = net.rows(l);
            int cols = net.width(l - 1);
            // D_{l−1}[k][j] = Σ_i D_l[i][j] W_l[i][k], i ascending, from 0, with the old W_l
            double[][] next = new double[cols][n0];
            for (int k = 0; k < cols; k++) {
                for (int j = 0; j < n0; j++) {
                    double s = 0;
                    for (int i = 0; i < w.length; i++) {
                        s = s + d[i][j] * w[i][k];
                    }
                    next[k][j] = s;
                }
            }
            // ∇W_l[i][k] = Σ_j D_l[i][j] P_{l−1}[k][j], j ascending, from the first term (P_0 = I)
            for (int i = 0; i < w.length; i++) {
                for (int k = 0; k < cols; k++) {
                    double grad;
                    if (l == 1) {
                        grad = d[i][k];
                    } else {
                        grad = d[i][0] * p[l - 1][k][0];
                        for (int j = 1; j < n0; j++) {
                            grad = grad + d[i][j] * p[l - 1][k][j];
                        }
                    }
                    w[i][k] = w[i][k] - eta * grad;
                }
            }
            d = next;
        }
    }

    @Test
    void groupedKernelGivesTheReferenceBitsForEveryShape() {
        Random r = new Random(2024);
        for (int trial = 0; trial < 120; trial++) {
            int depth = 1 + r.nextInt(5);
            int n0 = 1 + r.nextInt(10);
            int nL = 1 + r.nextInt(10);
            int[] widths = new int[depth + 1];
            widths[0] = n0;
            widths[depth] = nL;
            for (int l = 1; l < depth; l++) {
                widths[l] = 1 + r.nextInt(23); // covers every remainder of 2-, 4- and 8-row groups
            }
            Cost cost = r.nextBoolean() ? Nets.mse(n0, nL, 1 + r.nextInt(30), r.nextLong())
                    : Nets.completion(nL, n0, 0.5, r.nextLong());
            DeepLinearNetwork fast = Nets.random(widths, 0.8, r.nextLong());
            DeepLinearNetwork reference = fast.copy();
            LossGradient lossGradient = new LossGradient(fast, cost);
            double eta = 0.01 + 0.05 * r.nextDouble();
            for (int s = 0; s < 3; s++) {
                lossGradient.step(eta);
                referenceStep(reference, cost, eta);
            }
            for (int l = 1; l <= depth; l++) {
                double[] x = fast.weight(l);
                double[] y = reference.weight(l);
                for (int k = 0; k < x.length; k++) {
                    assertEquals(Double.doubleToRawLongBits(y[k]), Double.doubleToRawLongBits(x[k]),
                            "trial " + trial + " widths " + java.util.Arrays.toString(widths) + " layer " + l);
                }
            }
        }
    }

    @Test
    void mseGradientSumsInOrderOfSamples() {
        Random r = new Random(7);
        for (int trial = 0; trial < 40; trial++) {
            int n0 = 1 + r.nextInt(10);
            int nL = 1 + r.nextInt(6);
            int n = 1 + r.nextInt(40);
            MseCost cost = Nets.mse(n0, nL, n, r.nextLong());
            double[] a = new double[nL * n0];
            for (int k = 0; k < a.length; k++) {
                a[k] = r.nextGaussian();
            }
            double[] g = new double[nL * n0];
            cost.evaluate(a, g);
            double[] x = cost.inputsMatrix();
            double[] y = cost.targets();
            for (int i = 0; i < nL; i++) {
                // R[i][m] = −Y[i][m] + Σ_j A[i][j] X[j][m], j ascending
                double[] res = new double[n];
                for (int m = 0; m < n; m++) {
                    double v = -y[i * n + m];
                    for (int j = 0; j < n0; j++) {
                        v = v + a[i * n0 + j] * x[j * n + m];
                    }
                    res[m] = v;
                }
                // G[i][j] = 2/N · Σ_m R[i][m] X[j][m], m ascending, from 0
                for (int j = 0; j < n0; j++) {
                    double s = 0;
                    for (int m = 0; m < n; m++) {
                        s = s + res[m] * x[j * n + m];
                    }
                    assertEquals(Double.doubleToRawLongBits(2.0 / n * s), Double.doubleToRawLongBits(g[i * n0 + j]),
                            "trial " + trial + " G[" + i + "][" + j + "]");
                }
            }
        }
    }
}
