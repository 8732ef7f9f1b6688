package saddlelab.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Gradient flow conserves {@code W_{l+1}ᵀW_{l+1} − W_l W_lᵀ}; gradient descent changes it by
 * {@code O(η²)} per step, so halving η divides the per-step drift by four.
 */
class ConservationTest {
    static double[] gap(DeepLinearNetwork net, int l) {
        int n = net.width(l);
        double[] up = net.weight(l + 1);
        double[] down = net.weight(l);
        double[] upT = Nets.transpose(up, net.width(l + 1), n);
        double[] a = Nets.mul(upT, n, net.width(l + 1), up, n);
        double[] b = Nets.mul(down, n, net.width(l - 1), Nets.transpose(down, n, net.width(l - 1)), n);
        for (int k = 0; k < a.length; k++) {
            a[k] -= b[k];
        }
        return a;
    }

    static double drift(DeepLinearNetwork start, Cost cost, double eta) {
        DeepLinearNetwork net = start.copy();
        double[][] before = new double[net.depth()][];
        for (int l = 1; l < net.depth(); l++) {
            before[l] = gap(net, l);
        }
        new LossGradient(net, cost).step(eta);
        double d = 0;
        for (int l = 1; l < net.depth(); l++) {
            double[] after = gap(net, l);
            for (int k = 0; k < after.length; k++) {
                d += (after[k] - before[l][k]) * (after[k] - before[l][k]);
            }
        }
        return Math.sqrt(d);
    }

    @Test
    void driftShrinksLikeEtaSquared() {
        Random r = new Random(41);
        for (int depth = 2; depth <= 5; depth++) {
            int[] widths = GradientTest.randomWidths(depth, r, 4, 3);
            Cost cost = depth % 2 == 0 ? Nets.mse(4, 3, 15, 8) : Nets.completion(3, 4, 0.6, 9);
            DeepLinearNetwork net = Nets.random(widths, 0.7, r.nextLong());
            double eta = 1e-3;
            double d1 = drift(net, cost, eta);
            double d2 = drift(net, cost, eta / 2);
            assertEquals(4.0, d1 / d2, 0.05, "depth " + depth + ": drift ratio");
        }
    }

    @Test
    void balancednessMetricMatchesTheDirectComputation() {
        Random r = new Random(43);
        // hidden widths below, at and past the block of rows formed at once (Balancedness.BLOCK = 32), and
        // neighbours that are not multiples of the four terms added per pass
        int[][] shapes = {{3, 6, 5, 7, 2}, {4, 32, 33, 3}, {2, 70, 45, 90, 5}, {5, 100, 1}, {1, 9, 1}};
        Balancedness reused = new Balancedness(); // one workspace across shapes, as a run keeps it
        for (int[] widths : shapes) {
            DeepLinearNetwork net = Nets.random(widths, 0.9, r.nextLong());
            double expected = 0;
            for (int l = 1; l < net.depth(); l++) {
                double s = 0;
                for (double x : gap(net, l)) {
                    s += x * x;
                }
                expected = Math.max(expected, Math.sqrt(s));
            }
            String shape = java.util.Arrays.toString(widths);
            assertEquals(expected, new Balancedness().max(net), 1e-12 * expected, shape);
            assertEquals(Double.doubleToLongBits(new Balancedness().max(net)), Double.doubleToLongBits(reused.max(net)),
                    shape + ": a reused workspace gives the same bits");
        }
        assertEquals(0.0, new Balancedness().max(Nets.random(new int[] {3, 2}, 1, 1)));
    }
}
