package saddlelab.engine;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** Paper §2.2: rotations of hidden layers and inclusion into wider networks. */
class SymmetryTest {
    /** Rθ = (W_L O_{L−1}ᵀ, …, O_l W_l O_{l−1}ᵀ, …, O_1 W_1). */
    static DeepLinearNetwork rotate(DeepLinearNetwork net, double[][] rotations) {
        DeepLinearNetwork out = new DeepLinearNetwork(net.widths());
        int depth = net.depth();
        for (int l = 1; l <= depth; l++) {
            int rows = net.width(l);
            int cols = net.width(l - 1);
            double[] w = net.weight(l).clone();
            if (l < depth) { // left-multiply by O_l
                w = Nets.mul(rotations[l], rows, rows, w, cols);
            }
            if (l > 1) { // right-multiply by O_{l−1}ᵀ
                w = Nets.mul(w, rows, cols, Nets.transpose(rotations[l - 1], cols, cols), cols);
            }
            out.setWeight(l, w);
        }
        return out;
    }

    @Test
    void rotationLeavesAUnchangedAndRotatesTheGradient() {
        Random r = new Random(31);
        for (int depth = 2; depth <= 5; depth++) {
            for (int task = 0; task < 2; task++) {
                int[] widths = GradientTest.randomWidths(depth, r, 4, 3);
                Cost cost = task == 0 ? Nets.mse(4, 3, 10, r.nextLong()) : Nets.completion(3, 4, 0.5, r.nextLong());
                DeepLinearNetwork net = Nets.random(widths, 0.8, r.nextLong());
                double[][] rotations = new double[depth][];
                for (int l = 1; l < depth; l++) {
                    rotations[l] = Nets.orthogonal(widths[l], r);
                }
                DeepLinearNetwork rotated = rotate(net, rotations);
                double[] a = net.product();
                double[] ar = rotated.product();
                assertTrue(Nets.maxAbsDiff(a, ar) < 1e-12 * Math.max(1, Nets.maxAbs(a)), "A_Rθ = A_θ");

                // ∇L(Rθ) = R∇L(θ)
                double[][] g = net.newParameterVector();
                double[][] gr = rotated.newParameterVector();
                new LossGradient(net, cost).gradient(g);
                new LossGradient(rotated, cost).gradient(gr);
                DeepLinearNetwork gradAsNet = new DeepLinearNetwork(widths);
                for (int l = 1; l <= depth; l++) {
                    gradAsNet.setWeight(l, g[l - 1]);
                }
                DeepLinearNetwork rotatedGrad = rotate(gradAsNet, rotations);
                for (int l = 1; l <= depth; l++) {
                    double scale = Math.max(1, Nets.maxAbs(gr[l - 1]));
                    assertTrue(Nets.maxAbsDiff(rotatedGrad.weight(l), gr[l - 1]) < 1e-11 * scale,
                            "∇L(Rθ) = R∇L(θ) at layer " + l);
                }
            }
        }
    }

    /** I^(w→w'): pad hidden layers with zero units. */
    static DeepLinearNetwork include(DeepLinearNetwork net, int extra) {
        int[] widths = net.widths();
        int[] wider = widths.clone();
        for (int l = 1; l < wider.length - 1; l++) {
            wider[l] += extra;
        }
        DeepLinearNetwork out = new DeepLinearNetwork(wider);
        for (int l = 1; l <= net.depth(); l++) {
            int rows = widths[l];
            int cols = widths[l - 1];
            for (int i = 0; i < rows; i++) {
                System.arraycopy(net.rows(l)[i], 0, out.rows(l)[i], 0, cols);
            }
        }
        return out;
    }

    @Test
    void inclusionIntoAWiderNetLeavesTheTrajectoryOfAUnchanged() {
        Random r = new Random(37);
        for (int depth = 2; depth <= 4; depth++) {
            int[] widths = GradientTest.randomWidths(depth, r, 3, 3);
            Cost cost = depth % 2 == 0 ? Nets.mse(3, 3, 12, 3) : Nets.completion(3, 3, 0.7, 4);
            DeepLinearNetwork net = Nets.random(widths, 0.6, r.nextLong());
            DeepLinearNetwork wide = include(net, 5);
            LossGradient k1 = new LossGradient(net, cost);
            LossGradient k2 = new LossGradient(wide, cost);
            for (int step = 0; step < 300; step++) {
                k1.step(0.02);
                k2.step(0.02);
            }
            double[] a = net.product();
            double[] b = wide.product();
            assertTrue(Nets.maxAbsDiff(a, b) < 1e-12 * Math.max(1, Nets.maxAbs(a)), "A of the included net");
            // and the added units stay exactly zero (the image of the inclusion is invariant)
            for (int l = 1; l < depth; l++) {
                int cols = wide.width(l - 1);
                for (int i = widths[l]; i < wide.width(l); i++) {
                    for (int k = 0; k < cols; k++) {
                        assertTrue(wide.weight(l)[i * cols + k] == 0.0, "new unit stays zero");
                    }
                }
            }
        }
    }
}
